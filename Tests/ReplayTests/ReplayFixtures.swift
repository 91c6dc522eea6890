import CostCore
import CostIO
import Foundation
import Replay

/// What the replay tests read: the repository's price book and example log, and temporary log files.
enum ReplayFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let example = root.appendingPathComponent("examples/logs/2026-10.jsonl").path

  /// The real price book with the goldens' fixed fingerprint.
  static let book: PriceBook = {
    var book = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
    book.fingerprint = "0000golden0000fingerprint"
    return book
  }()

  /// Replays `paths` record by record (the sequential reader) with the default grouping.
  static func replay(_ paths: [String], skipBad: Bool = false) throws -> (ReplayReport, RequestLogReader.Summary) {
    var aggregator = ReplayAggregator(book: book, dimensions: [.model, .quality, .size], priceDate: nil)
    var last = RequestLogReader.Summary()
    for path in paths { last = try RequestLogReader(skipBad: skipBad).read(path: path) { aggregator.add($0) } }
    return (aggregator.report(), last)
  }

  /// Writes `text` to a new temporary log file; returns its path.
  static func write(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).jsonl")
    try Data(text.utf8).write(to: url)
    return url.path
  }
}
