import CostCore
import CostIO
import Foundation
import Testing

@testable import Replay

/// The parallel replay must give exactly the report of the sequential reader feeding the aggregator
/// record by record, whatever the block size and worker count.
@Suite struct ParallelReplayTests {
  /// A log mixing every path: usage with and without details, estimates, unbilled errors, an unknown model,
  /// per-image models, tags, lines the scanner declines (escapes), unknown fields, blank lines, CRLF and
  /// duplicate ids far apart (so they fall in different blocks).
  static func mixedLog(lines count: Int, seed: UInt64) -> [String] {
    var rng = SplitMix64(seed: seed)
    let models = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3", "gpt-image-7"]
    let sizes = ["1024x1024", "1024x1536", "1536x1024", "auto"]
    let qualities = ["low", "medium", "high", "auto"]
    var lines: [String] = []
    for i in 0..<count {
      let pick = { (n: Int) in Int(rng.next() % UInt64(n)) }
      let model = models[pick(models.count)]
      let duplicate = i > 50 && pick(10) == 0
      let id = duplicate ? "req_\(pick(i))" : "req_\(i)"
      var line = #"{"id":"\#(id)","time":"2026-10-\#(String(format: "%02d", 1 + pick(28)))T09:30:00Z","model":"\#(model)""#
      if model == "dall-e-3" {
        line += #","size":"1024x1024","quality":"\#(pick(2) == 0 ? "standard" : "hd")""#
      } else {
        line += #","size":"\#(sizes[pick(sizes.count)])","quality":"\#(qualities[pick(qualities.count)])","n":\#(1 + pick(3))"#
      }
      if pick(3) == 0 { line += #","provider":"azure","deployment_type":"global""# }
      if pick(4) == 0 { line += #","tags":{"team":"t\#(pick(3))"}"# }
      if pick(25) == 0 { line += #","tags":{"team":"a\"b"}"# }  // an escape: the general parser's path
      if pick(20) == 0 { line += #","trace_id":"x\#(i)""# }
      switch pick(6) {
      case 0: line += #","status":500"#
      case 1: break  // no usage: estimated
      case 2: line += #","usage":{"input_tokens":\#(20 + pick(50)),"output_tokens":\#(272 + pick(5000))}"#
      default:
        let text = 10 + pick(80)
        let image = pick(2) * 400
        let out = 272 + pick(6000)
        let outText = pick(300)
        line +=
          #","status":200,"usage":{"input_tokens":\#(text + image),"input_tokens_details":{"text_tokens":\#(text),"image_tokens":\#(image)},"output_tokens":\#(out + outText),"output_tokens_details":{"image_tokens":\#(out),"text_tokens":\#(outText)}}"#
      }
      lines.append(line + "}")
      if pick(30) == 0 { lines.append("") }
    }
    return lines
  }

  /// ``mixedLog(lines:seed:)`` spread over `days` days from 2025-01-01, across the book's rate changes
  /// (some records fall before their model's rates exist).
  static func datedLog(lines count: Int, seed: UInt64, days: UInt64) -> [String] {
    var rng = SplitMix64(seed: seed &+ 6)
    let first = CivilDate("2025-01-01")!.daysSinceEpoch
    return mixedLog(lines: count, seed: seed).map { line -> String in
      let day = CivilDate(daysSinceEpoch: first + Int(rng.next() % days))
      return line.replacing(#/"time":"2026-10-\d\d/#, with: "\"time\":\"\(day)")
    }
  }

  static func sequential(_ path: String, dimensions: [ReplayDimension], whatIfs: [WhatIf], skipBad: Bool = false) throws -> (
    ReplayReport, RequestLogReader.Summary
  ) {
    var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: dimensions, priceDate: nil, whatIfs: whatIfs)
    let summary = try RequestLogReader(skipBad: skipBad).read(path: path) { aggregator.add($0) }
    return (aggregator.report(), summary)
  }

  static func parallel(
    _ path: String, dimensions: [ReplayDimension], whatIfs: [WhatIf], workers: Int, blockSize: Int, skipBad: Bool = false
  ) throws -> (ReplayReport, RequestLogReader.Summary) {
    var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: dimensions, priceDate: nil, whatIfs: whatIfs)
    let summary = try RequestLogReader(skipBad: skipBad).replay(path: path, into: &aggregator, workers: workers, blockSize: blockSize)
    return (aggregator.report(), summary)
  }

  @Test(arguments: [(1, 1 << 20), (2, 4_096), (3, 1_000), (2, 50)])
  func parallelEqualsSequential(workers: Int, blockSize: Int) throws {
    let path = try ReplayFixtures.write(ParallelReplayTests.mixedLog(lines: 3_000, seed: 42).joined(separator: "\r\n") + "\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let dimensions: [ReplayDimension] = [.day, .model, .tag("team")]
    let whatIfs = [WhatIf("model=gpt-image-1-mini,quality=medium")!, WhatIf("model=gpt-image-2")!]
    let (expected, expectedSummary) = try ParallelReplayTests.sequential(path, dimensions: dimensions, whatIfs: whatIfs)
    let (report, summary) = try ParallelReplayTests.parallel(path, dimensions: dimensions, whatIfs: whatIfs, workers: workers, blockSize: blockSize)
    #expect(expected.duplicates > 100 && (expected.totals.byBasis[.unpriced] ?? 0) > 0 && (expected.totals.byBasis[.unbilled] ?? 0) > 0)
    #expect(report == expected)
    #expect(summary.lines == expectedSummary.lines && summary.records == expectedSummary.records)
    #expect(summary.unknownFields == expectedSummary.unknownFields)
  }

  @Test func firstBadLineInFileOrderIsReported() throws {
    var lines = ParallelReplayTests.mixedLog(lines: 2_000, seed: 7)
    lines[1_500] = "{\"id\":\"x\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-image-1\",\"n\":1.5}"
    lines[1_700] = "not json"
    let path = try ReplayFixtures.write(lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try ParallelReplayTests.parallel(path, dimensions: [.model], whatIfs: [], workers: 2, blockSize: 2_000)
    } throws: { error in
      "\(error)" == "\(path):1501: 'n' must be a non-negative whole number"
    }
    let (expected, expectedSummary) = try ParallelReplayTests.sequential(path, dimensions: [.model], whatIfs: [], skipBad: true)
    let (report, summary) = try ParallelReplayTests.parallel(path, dimensions: [.model], whatIfs: [], workers: 2, blockSize: 2_000, skipBad: true)
    #expect(report == expected)
    #expect(summary.skipped == 2 && summary.firstSkipped.map(\.line) == [1_501, 1_701])
    #expect(summary.firstSkipped.map(\.description) == expectedSummary.firstSkipped.map(\.description))
  }

  /// The scanner reads each record straight from the block and stops at its line feed: a record broken
  /// over two lines is two malformed lines, never one record; spaces, tabs and a carriage return after a
  /// record, and blank lines between records, are accepted exactly as by the line-by-line reader.
  @Test func recordsEndAtTheirLineFeed() throws {
    let good =
      #"{"id":"ID","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","quality":"low","size":"1024x1024","usage":{"input_tokens":5,"output_tokens":272}}"#
    let lines = [
      good.replacingOccurrences(of: "ID", with: "a") + " \t\r",
      "   ",
      #"{"id":"b","time":"2026-10-01T00:00:00Z","#,
      #""model":"gpt-image-1","quality":"low","size":"1024x1024"}"#,
      "\r",
      "  " + good.replacingOccurrences(of: "ID", with: "c"),
    ]
    let path = try ReplayFixtures.write(lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    for (workers, blockSize) in [(1, 1 << 20), (2, 64)] {
      #expect(throws: RequestLogError.self) {
        try ParallelReplayTests.parallel(path, dimensions: [.model], whatIfs: [], workers: workers, blockSize: blockSize)
      }
      do {
        _ = try ParallelReplayTests.parallel(path, dimensions: [.model], whatIfs: [], workers: workers, blockSize: blockSize)
      } catch let error as RequestLogError {
        #expect(error.line == 3)
      }
      let (expected, expectedSummary) = try ParallelReplayTests.sequential(path, dimensions: [.model], whatIfs: [], skipBad: true)
      let (report, summary) = try ParallelReplayTests.parallel(
        path, dimensions: [.model], whatIfs: [], workers: workers, blockSize: blockSize, skipBad: true)
      #expect(report == expected)
      #expect(summary.records == 2 && summary.skipped == 2 && summary.lines == expectedSummary.lines)
      #expect(summary.firstSkipped.map(\.line) == [3, 4])
    }
  }

  @Test func bomAndLastLineWithoutBreakAndLongLines() throws {
    var lines = ParallelReplayTests.mixedLog(lines: 200, seed: 3)
    lines[100] = String(lines[100].dropLast()) + #","note":"\#(String(repeating: "z", count: 5_000))"}"#  // longer than a block
    let path = try ReplayFixtures.write("\u{FEFF}" + lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (expected, _) = try ParallelReplayTests.sequential(path, dimensions: [.model, .quality], whatIfs: [])
    let (report, summary) = try ParallelReplayTests.parallel(path, dimensions: [.model, .quality], whatIfs: [], workers: 2, blockSize: 1_024)
    #expect(report == expected)
    #expect(summary.records == 200 && summary.unknownFields["note"] == 1)
  }

  /// Plans are shared across the days between two rate changes; records priced one by one at their own
  /// day (a fresh table each) must add up to the same totals across every change in the book.
  @Test func sharedPlansAcrossDaysMatchRecordByRecordPricing() throws {
    let lines = ParallelReplayTests.datedLog(lines: 1_500, seed: 5, days: 730)
    let path = try ReplayFixtures.write(lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: [.month, .model], priceDate: nil)
    var seen = Set<String>()
    var total = USD.zero
    var bases: [ReplayBasis: Int64] = [:]
    var components: [ComponentKind: USD] = [:]
    var tokens: [ComponentKind: Int64] = [:]
    var assumptions = Set<String>()
    var unpriced: [String: Int64] = [:]
    let pricer = ReplayPricer(book: ReplayFixtures.book)
    _ = try RequestLogReader(skipBad: false).read(path: path) { record in
      aggregator.add(record)
      guard seen.insert(record.id).inserted else { return }
      let priced = pricer.price(record)
      total += priced.cost
      bases[priced.basis, default: 0] += 1
      for (kind, cost) in priced.components { components[kind, default: .zero] += cost }
      for (kind, count) in priced.tokens { tokens[kind, default: 0] += count }
      assumptions.formUnion(priced.assumptions)
      if let reason = priced.reason, priced.basis == .unpriced { unpriced[reason, default: 0] += 1 }
    }
    let report = aggregator.report()
    #expect(Set(lines.map { $0.prefix(60) }).count > 1_000)
    // The aggregator's compiled plans and memoised estimates against a fresh general pricing per record.
    #expect(report.totals.cost == total)
    #expect(report.totals.byBasis == bases)
    #expect(report.totals.components == components)
    #expect(report.totals.tokens == tokens)
    #expect(Set(report.assumptions.map(\.id)) == assumptions.filter { ReplayFixtures.book.assumptions[$0] != nil })
    #expect(Dictionary(uniqueKeysWithValues: report.unpriced.map { ($0.reason, $0.requests) }) == unpriced)
    #expect(unpriced.count >= 2)  // an unknown model and rates not yet in effect
    #expect((bases[.unpriced] ?? 0) > (bases[.unbilled] ?? 0) / 10)  // dates before some models existed are unpriced
  }

  /// Records before their model's rates exist are unpriced with a reason that does not depend on which
  /// day's record reached a plan first, so parallel replays (blocks go to whichever worker is free) give
  /// the same report every time, equal to the sequential one.
  @Test func unpricedReasonsDoNotDependOnScheduling() throws {
    let lines = ParallelReplayTests.datedLog(lines: 2_000, seed: 8, days: 500)
    let path = try ReplayFixtures.write(lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (expected, _) = try ParallelReplayTests.sequential(path, dimensions: [.model], whatIfs: [WhatIf("model=gpt-image-2")!])
    #expect(expected.unpriced.count > 3)
    #expect(expected.unpriced.allSatisfy { !$0.reason.contains("effective on 20") })
    for _ in 0..<3 {
      let (report, _) = try ParallelReplayTests.parallel(
        path, dimensions: [.model], whatIfs: [WhatIf("model=gpt-image-2")!], workers: 3, blockSize: 700)
      #expect(report == expected)
    }
  }

  @Test func gzipLogsGiveTheSameReport() throws {
    let path = try ReplayFixtures.write(ParallelReplayTests.mixedLog(lines: 2_000, seed: 9).joined(separator: "\n"))
    let gz = path + ".gz"
    defer { for p in [path, gz] { try? FileManager.default.removeItem(atPath: p) } }
    try GzipLogTests.gzip(path, to: gz)
    let (expected, _) = try ParallelReplayTests.sequential(path, dimensions: [.model, .day], whatIfs: [])
    let (report, summary) = try ParallelReplayTests.parallel(gz, dimensions: [.model, .day], whatIfs: [], workers: 2, blockSize: 3_000)
    #expect(report == expected)
    #expect(summary.records == 2_000)
  }

  /// Without a tag dimension the tags are left out of the scanner's shape keys; lines whose tags the
  /// general parser would judge differently (not UTF-8, a repeated key) must still come out the same.
  @Test func tagsOutsideTheShapeKeyStillChecked() throws {
    let line =
      #"{"id":"ID","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","quality":"low","size":"1024x1024","tags":TAGS,"usage":{"input_tokens":5,"output_tokens":272}}"#
    func make(_ id: String, _ tags: String) -> String { line.replacingOccurrences(of: "ID", with: id).replacingOccurrences(of: "TAGS", with: tags) }
    let good = [make("a", #"{"team":"x"}"#), make("b", #"{"team":"y"}"#), make("c", #"{"team":"x","team":"z"}"#)].joined(separator: "\n")
    let path = try ReplayFixtures.write(good)
    defer { try? FileManager.default.removeItem(atPath: path) }
    for dimensions in [[ReplayDimension.model], [.tag("team")]] {
      let (expected, _) = try ParallelReplayTests.sequential(path, dimensions: dimensions, whatIfs: [])
      let (report, _) = try ParallelReplayTests.parallel(path, dimensions: dimensions, whatIfs: [], workers: 2, blockSize: 1 << 16)
      #expect(report == expected)
      #expect(report.totals.requests == 3)
    }
    // Bytes that are not UTF-8 inside a tag: the line is rejected either way.
    var bytes = Array((make("a", #"{"team":"x"}"#) + "\n" + make("b", #"{"team":"yy"}"#)).utf8)
    bytes[bytes.lastIndex(of: UInt8(ascii: "y"))!] = 0xFF
    let bad = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).jsonl")
    try Data(bytes).write(to: bad)
    defer { try? FileManager.default.removeItem(at: bad) }
    #expect(throws: RequestLogError.self) { _ = try ParallelReplayTests.sequential(bad.path, dimensions: [.model], whatIfs: []) }
    #expect(throws: RequestLogError.self) {
      _ = try ParallelReplayTests.parallel(bad.path, dimensions: [.model], whatIfs: [], workers: 2, blockSize: 1 << 16)
    }
  }

  @Test func blocksEndAfterALineBreak() {
    let text = Array("aaaa\nbbbbbbbbbbbb\ncc\nd".utf8)
    text.withUnsafeBufferPointer { bytes in
      #expect(RequestLogReader.cut(bytes, atEnd: false, blockSize: 6) == [0..<5, 5..<18, 18..<21])
      #expect(RequestLogReader.cut(bytes, atEnd: true, blockSize: 6) == [0..<5, 5..<18, 18..<22])
      #expect(RequestLogReader.cut(bytes, atEnd: true, blockSize: 3) == [0..<5, 5..<18, 18..<21, 21..<22])
    }
  }
}
