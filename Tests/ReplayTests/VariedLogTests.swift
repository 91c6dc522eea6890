import CostCore
import CostIO
import Foundation
import Testing

@testable import Replay

/// A log written the way other applications write them (`scripts/generate-request-log.py --variety`):
/// the fast path and the general parser must give the same report, and its totals must equal an
/// independent calculation from usage × rates (`scripts/replay-calculator.py`, Python and the YAML book).
@Suite struct VariedLogTests {
  static let records = 20_000

  /// The varied log, generated once per test run.
  static let log: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-varied-\(UUID().uuidString).jsonl").path
    let output = python(["scripts/generate-request-log.py", "--variety", "--records", "\(records)", "--seed", "14", "--output", path])
    precondition(output.status == 0, "generate-request-log.py --variety failed: \(output.text)")
    return path
  }()

  static func python(_ arguments: [String]) -> (status: Int32, text: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    process.currentDirectoryURL = ReplayFixtures.root
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static let dimensions: [ReplayDimension] = [.month, .model, .quality, .size]

  /// `imagecost replay`'s path: parallel blocks (small ones, so records cross many boundaries), the scanner first.
  static func fastReport() throws -> (ReplayReport, RequestLogReader.Summary) {
    var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: dimensions, priceDate: nil)
    let summary = try RequestLogReader(skipBad: false).replay(path: log, into: &aggregator, workers: 2, blockSize: 1 << 14)
    return (aggregator.report(), summary)
  }

  @Test func fastPathAndGeneralParserGiveTheSameReport() throws {
    let (fast, summary) = try VariedLogTests.fastReport()
    var general = ReplayAggregator(book: ReplayFixtures.book, dimensions: VariedLogTests.dimensions, priceDate: nil)
    var unknown: [String: Int64] = [:]
    var declined = 0
    var scanner = RequestLogScanner()
    let reader = RequestLogReader(skipBad: false)
    let text = try Data(contentsOf: URL(fileURLWithPath: VariedLogTests.log))
    for (index, raw) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !raw.isEmpty {
      let line = Array(raw.last == 0x0D ? raw.dropLast() : raw)
      let (record, fields) = try reader.parseWithoutScanner(line, line: index + 1)
      general.add(record)
      for (key, count) in fields { unknown[key, default: 0] += count }
      var ignored: [String: Int64] = [:]
      if line.withUnsafeBufferPointer({ scanner.scan($0, unknown: &ignored) }) == nil { declined += 1 }
    }
    let slow = general.report()
    #expect(summary.records == Int64(VariedLogTests.records))
    #expect(fast.totals == slow.totals)
    #expect(fast.groups == slow.groups)
    #expect(fast.unpriced == slow.unpriced)
    #expect(fast.assumptions == slow.assumptions)
    #expect(summary.unknownFields == unknown)
    #expect(!unknown.isEmpty)
    // The varied shapes are the scanner's own: the general parser reads almost none of them.
    #expect(declined * 1_000 < VariedLogTests.records, "the scanner declined \(declined) of \(VariedLogTests.records) lines")
  }

  /// What `scripts/replay-calculator.py` prints.
  struct Calculation: Decodable {
    struct Group: Decodable {
      let requests: Int64
      let images: Int64
      let costNanos: Int64
      let unpricedRequests: Int64
      enum CodingKeys: String, CodingKey {
        case requests, images
        case costNanos = "cost_nanos"
        case unpricedRequests = "unpriced_requests"
      }
    }
    let records: Int64
    let duplicates: Int64
    let unpricedRequests: Int64
    let unbilledRequests: Int64
    let notComputed: Int64
    let totalNanos: Int64
    let groups: [String: Group]
    enum CodingKeys: String, CodingKey {
      case records, duplicates, groups
      case unpricedRequests = "unpriced_requests"
      case unbilledRequests = "unbilled_requests"
      case notComputed = "not_computed"
      case totalNanos = "total_nanos"
    }
  }

  @Test func totalsEqualAnIndependentCalculation() throws {
    let output = VariedLogTests.python(["scripts/replay-calculator.py", VariedLogTests.log])
    try #require(output.status == 0, "replay-calculator.py failed (it needs PyYAML: apt-get install python3-yaml)")
    let expected = try JSONDecoder().decode(Calculation.self, from: Data(output.text.utf8))
    let (report, summary) = try VariedLogTests.fastReport()
    #expect(expected.notComputed == 0)
    #expect(summary.records == expected.records)
    #expect(report.totals.requests == expected.records - expected.duplicates)
    #expect(report.totals.cost.nanos == expected.totalNanos)
    #expect(expected.totalNanos > 1_000_000_000)
    // Only the unknown models are unpriced: everything billed is priced, failed calls are unbilled.
    #expect(report.totals.unpricedRequests == expected.unpricedRequests)
    #expect(expected.unpricedRequests > 0 && expected.unpricedRequests * 100 < expected.records)
    #expect(report.unpriced.allSatisfy { $0.reason.contains("gpt-image-3-preview") || $0.reason.contains("flux-1.1-pro") }, "\(report.unpriced)")
    #expect((report.totals.byBasis[.unbilled] ?? 0) == expected.unbilledRequests)
    #expect(report.groups.count == expected.groups.count)
    for group in report.groups {
      let key = group.key.joined(separator: "|")
      guard let want = expected.groups[key] else {
        Issue.record("group \(key) is not in the calculation")
        continue
      }
      #expect(group.totals.requests == want.requests, "\(key)")
      #expect(group.totals.images == want.images, "\(key)")
      #expect(group.totals.cost.nanos == want.costNanos, "\(key)")
      #expect(group.totals.unpricedRequests == want.unpricedRequests, "\(key)")
    }
  }
}
