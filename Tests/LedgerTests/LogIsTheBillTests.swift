import CostCore
import Foundation
import Ledger
import Testing

@testable import CostIO
@testable import Replay

/// A record with logged usage is priced from its usage whatever the capability table says; only records
/// without usage can be infeasible, and their reasons speak of the log. Replay's general path, its fast
/// parallel path and the ledger agree.
@Suite struct LogIsTheBillTests {
  static let usage = #""usage":{"input_tokens":300,"input_tokens_details":{"text_tokens":40,"image_tokens":260},"output_tokens":272}"#

  /// (request fields, with usage?, expected basis, text the disagreement or the reason must contain)
  static let cases: [(fields: String, usage: Bool, basis: ReplayBasis, text: String)] = [
    (
      #""model":"gpt-image-1-mini","operation":"edit","quality":"low","size":"1024x1024","input_images":[{"width":1024,"height":1024}],"input_fidelity":"low""#,
      true, .priced, "used input_fidelity on gpt-image-1-mini, which the price book says lacks it"
    ),
    (
      #""model":"gpt-image-1-mini","operation":"edit","quality":"low","size":"1024x1024","input_images":[{"width":1024,"height":1024}],"input_fidelity":"high""#,
      false, .unpriced, "The logged input_fidelity=high is not supported by gpt-image-1-mini"
    ),
    (
      #""model":"gpt-image-1","quality":"ultra","size":"1024x1024""#, true, .priced,
      "used quality ultra on gpt-image-1, which the price book does not list for it"
    ),
    (#""model":"gpt-image-1","quality":"ultra","size":"1024x1024""#, false, .unpriced, "The logged quality=ultra"),
    (
      #""model":"gpt-image-1","quality":"low","size":"1024x1024","n":12"#, true, .priced,
      "logged an n outside gpt-image-1's range of 1–10 in the price book"
    ),
    (
      #""model":"gpt-image-1","quality":"low","size":"1024x1024","input_fidelity":"low""#, true, .priced,
      "logged input_fidelity on a generate request"
    ),
    (#""model":"gpt-image-1","operation":"edit","quality":"low","size":"1024x1024""#, true, .priced, ""),
  ]

  static func line(_ index: Int, _ c: (fields: String, usage: Bool, basis: ReplayBasis, text: String)) -> String {
    #"{"id":"r\#(index)","time":"2026-10-0\#(index % 9 + 1)T10:00:00Z","status":200,\#(c.fields)\#(c.usage ? "," + usage : "")}"#
  }

  @Test(arguments: cases.indices)
  func eachCaseIsPricedOrExplained(index: Int) throws {
    let c = LogIsTheBillTests.cases[index]
    var aggregator = ReplayAggregator(book: Fixture.book, dimensions: [], priceDate: nil)
    let (record, _) = try RequestLogReader(skipBad: false).parseWithoutScanner(Array(LogIsTheBillTests.line(index, c).utf8))
    aggregator.add(record)
    let report = aggregator.report()
    #expect(report.totals.byBasis[c.basis] == 1)
    if c.basis == .priced {
      #expect(report.totals.cost > .zero)
      #expect(report.unpriced.isEmpty)
      if c.text.isEmpty {
        #expect(report.totals.disagreements.isEmpty)
      } else {
        #expect(report.totals.disagreementList.map(\.sentence) == ["1 record \(c.text); priced from its usage."])
      }
    } else {
      #expect(report.unpriced.count == 1)
      #expect(report.unpriced.first?.reason.contains(c.text) == true, "\(report.unpriced)")
      #expect(report.unpriced.first?.reason.contains("--") == false)
      #expect(report.totals.allUnpriced)
    }
  }

  @Test func replayFastPathGeneralPathAndLedgerAgree() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("bill.jsonl").path
    // Each case many times, so the fast path's compiled plans serve most of them.
    var lines: [String] = []
    for round in 0..<50 {
      for (i, c) in LogIsTheBillTests.cases.enumerated() { lines.append(LogIsTheBillTests.line(round * 100 + i, c)) }
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    for dims in [["model", "quality"], ["day"]] {
      let general = try Fixture.replay([path], dimensions: dims)
      var fast = ReplayAggregator(book: Fixture.book, dimensions: dims.compactMap(ReplayDimension.init), priceDate: nil)
      _ = try RequestLogReader(skipBad: false).replay(path: path, into: &fast, workers: 2)
      let fastReport = fast.report()
      #expect(fastReport.groups == general.groups)
      #expect(fastReport.totals == general.totals)
      #expect(fastReport.unpriced == general.unpriced)
      let ledger = try Ledger(inMemory: Fixture.clock)
      try Fixture.importLog(path, into: ledger)
      let ledgerReport = try ledger.report(LedgerQuery(dimensions: dims.compactMap(ReplayDimension.init)), book: Fixture.book)
      expectSameTotals(ledgerReport, general)
      // Each day's UNPRICED requests are counted apart from its priced cost, by every path.
      #expect(general.dailyUnpriced.values.reduce(0, +) == 2 * 50)
      #expect(fastReport.dailyUnpriced == general.dailyUnpriced)
      #expect(fastReport.daily == general.daily)
      if dims == ["day"] { #expect(ledgerReport.dailyUnpriced == general.dailyUnpriced) }
      // 4 of the 7 cases disagree with the capability table (50 records each); the 2 without usage are unpriced.
      #expect(general.totals.disagreements.values.reduce(0, +) == 4 * 50)
      #expect(general.totals.unpricedRequests == 2 * 50)
      #expect(general.totals.unpricedImages == 2 * 50)
    }
  }
}
