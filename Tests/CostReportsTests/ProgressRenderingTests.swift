import CostCore
@testable import CostIO
import CostReports
import Foundation
@testable import Replay
import Testing

/// The progress line: a bar when the size is known, a count otherwise; and the reader's reports behind it.
@Suite struct ProgressRenderingTests {
  @Test(arguments: [
    (0.0, "log [░░░░░░░░]   0%  0 records"),
    (0.5, "log [████░░░░]  50%  0 records"),
    (0.999, "log [███████░]  99%  0 records"),
    (1.0, "log [████████] 100%  0 records"),
    (1.7, "log [████████] 100%  0 records"),
    (-1.0, "log [░░░░░░░░]   0%  0 records"),
  ])
  func bar(fraction: Double, expected: String) {
    #expect(ProgressRendering.line(label: "log", records: 0, fraction: fraction, width: 8) == expected)
  }

  @Test func countWithoutASize() {
    #expect(ProgressRendering.line(label: "log.gz", records: 1_234_567, fraction: nil) == "log.gz: 1,234,567 records…")
    #expect(ProgressRendering.line(label: "x", records: 5, fraction: .nan) == "x: 5 records…")
  }

  /// Reports rise batch by batch to the whole file (records and bytes), and carry no size for gzip.
  @Test func readerReportsRecordsAndBytes() throws {
    let lines = ParallelReplayTests.mixedLog(lines: 3_000, seed: 3)
    let path = try ReplayTests.write(lines.joined(separator: "\n") + "\n")
    let gz = path + ".gz"
    defer { for p in [path, gz] { try? FileManager.default.removeItem(atPath: p) } }
    try GzipLogTests.gzip(path, to: gz)
    let size = Int64(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
    for (file, total) in [(path, Optional(size)), (gz, nil)] {
      var reports: [ReadProgress] = []
      var aggregator = ReplayAggregator(book: Golden.book, dimensions: [.model], priceDate: nil)
      let summary = try RequestLogReader(skipBad: false).replay(path: file, into: &aggregator, workers: 2, blockSize: 4_096) { reports.append($0) }
      #expect(reports.count > (total == nil ? 0 : 3), "\(file): \(reports)")  // gzip: decompressed in larger pieces
      #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.records <= $1.records && $0.bytes <= $1.bytes })
      #expect(reports.last?.records == summary.records)
      #expect(reports.allSatisfy { $0.totalBytes == total })
      if let total { #expect(reports.last?.bytes == total && reports.last?.fraction == 1) }
    }
  }
}
