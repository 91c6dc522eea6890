import CostCore
import Foundation
import Testing

@testable import Replay

/// The reader's progress reports (what the progress line draws).
@Suite struct ReadProgressTests {
  /// Reports rise batch by batch to the whole file (records and bytes), and carry no size for gzip.
  @Test func readerReportsRecordsAndBytes() throws {
    let lines = ParallelReplayTests.mixedLog(lines: 3_000, seed: 3)
    let path = try ReplayFixtures.write(lines.joined(separator: "\n") + "\n")
    let gz = path + ".gz"
    defer { for p in [path, gz] { try? FileManager.default.removeItem(atPath: p) } }
    try GzipLogTests.gzip(path, to: gz)
    let size = Int64(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
    for (file, total) in [(path, Optional(size)), (gz, nil)] {
      var reports: [ReadProgress] = []
      var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: [.model], priceDate: nil)
      let summary = try RequestLogReader(skipBad: false).replay(path: file, into: &aggregator, workers: 2, blockSize: 4_096) { reports.append($0) }
      #expect(reports.count > (total == nil ? 0 : 3), "\(file): \(reports)")  // gzip: decompressed in larger pieces
      #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.records <= $1.records && $0.bytes <= $1.bytes })
      #expect(reports.last?.records == summary.records)
      #expect(reports.allSatisfy { $0.totalBytes == total })
      if let total { #expect(reports.last?.bytes == total && reports.last?.fraction == 1) }
    }
  }
}
