import CostCore
import Foundation
import Testing

@testable import CostIO
@testable import CostReports
@testable import Replay

@Suite struct ReplayReportTests {
  static let example = Golden.root.appendingPathComponent("examples/logs/2026-10.jsonl").path

  static func replay(
    _ paths: [String], by: [String] = ["model", "quality", "size"], priceDate: CivilDate? = nil, skipBad: Bool = false, whatIfs: [WhatIf] = []
  ) throws -> (ReplayReport, RequestLogReader.Summary) {
    var aggregator = ReplayAggregator(book: Golden.book, dimensions: by.compactMap(ReplayDimension.init), priceDate: priceDate, whatIfs: whatIfs)
    var last = RequestLogReader.Summary()
    for path in paths { last = try RequestLogReader(skipBad: skipBad).read(path: path) { aggregator.add($0) } }
    return (aggregator.report(), last)
  }

  static func write(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).jsonl")
    try Data(text.utf8).write(to: url)
    return url.path
  }

  /// Independent arithmetic for each example line (USD per 1M tokens → nanos per token).
  @Test func exampleTotalsToTheNanoDollar() throws {
    let (report, summary) = try ReplayReportTests.replay([ReplayReportTests.example])
    let r1 = 47 * 5_000 + 4_354 * 10_000 + 3_168 * 40_000  // edit with usage
    let r2 = 50 * 5_000 + 4_160 * 40_000  // generate with usage (its duplicate is counted once)
    let r3 = 23 * 5_000 + 4_160 * 32_000 + 439 * 10_000  // 1.5 with output details
    let r4 = 23 * 5_000 + 1_056 * 32_000 + 265 * 10_000  // 1.5 without details: split by the token table
    let r5 = 50 * 4 * 2_000 + 272 * 4 * 8_000  // mini n=4, no usage: estimated (default prompt, billed once per image)
    let r8 = 145_200_000  // dall-e-3 hd 1792x1024 in swedencentral: $14.52 per 100 images
    #expect(report.totals.cost == USD(nanos: Int64(r1 + r2 + r3 + r4 + r5 + r8)))
    #expect(report.totals.requests == 8)
    #expect(report.duplicates == 1)
    #expect(report.totals.byBasis[.priced] == 5 && report.totals.byBasis[.estimated] == 1)
    #expect(report.totals.byBasis[.unbilled] == 1 && report.totals.byBasis[.unpriced] == 1)
    #expect(report.unpriced.first?.reason.contains("Unknown model 'gpt-image-7'") == true)
    #expect(summary.unknownFields["trace_id"] == 1)
    #expect(report.assumptions.contains { $0.id == "output-split-by-token-table" })
    #expect(report.assumptions.contains { $0.id == "failed-responses-not-billed" })
  }

  @Test func repricingAtAnotherDate() throws {
    // Before gpt-image-1.5 existed on OpenAI its records cannot be priced: they move to UNPRICED, never $0.
    let (report, _) = try ReplayReportTests.replay([ReplayReportTests.example], priceDate: CivilDate("2025-07-01"))
    let reasons = report.unpriced.map(\.reason).joined(separator: " | ")
    #expect(reasons.contains("gpt-image-1.5"))
    #expect((report.totals.byBasis[.unpriced] ?? 0) > 1)
  }

  @Test func groupingByWeekAndTag() throws {
    let (report, _) = try ReplayReportTests.replay([ReplayReportTests.example], by: ["week", "tag:project"])
    #expect(report.dimensions == ["week", "tag:project"])
    // 2026-10-01 is a Thursday: its week starts on Monday 2026-09-28; 2026-10-05 starts the next week.
    #expect(Set(report.groups.map { $0.key[0] }) == ["week of 2026-09-28", "week of 2026-10-05"])
    #expect(report.groups.reduce(USD.zero) { $0 + $1.totals.cost } == report.totals.cost)
  }

  @Test(arguments: [
    (
      "{\"id\":\"a\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-image-1\"}\n{\"id\":\"b\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":",
      ":2: not valid JSON"
    ),
    ("{\"id\":\"a\",\"model\":\"gpt-image-1\"}\n", ":1: missing 'time'"),
    ("{\"id\":\"a\",\"time\":\"yesterday\",\"model\":\"gpt-image-1\"}\n", ":1: 'time' yesterday is not an ISO 8601 timestamp"),
    ("{\"id\":\"a\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-image-1\",\"n\":1.5}\n", ":1: 'n' must be a non-negative whole number"),
    ("[1,2]\n", ":1: expected a JSON object per line"),
    (
      "{\"id\":\"a\",\"time\":\"2026-10-01T00:00:00Z\",\"deployment\":\"img1\"}\n",
      ":1: 'deployment' img1 has no model: map it with --deployment img1=MODEL"
    ),
  ])
  func malformedLinesStopWithFileAndLine(text: String, message: String) throws {
    let path = try ReplayReportTests.write(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try ReplayReportTests.replay([path])
    } throws: { error in
      "\(error)".hasPrefix(path + message)
    }
  }

  @Test func skipBadCountsAndLists() throws {
    let good =
      "{\"id\":\"a\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-image-1\",\"quality\":\"low\",\"size\":\"1024x1024\",\"usage\":{\"input_tokens\":5,\"output_tokens\":272}}"
    let path = try ReplayReportTests.write("\u{FEFF}" + good + "\r\n\r\nnot json\r\n" + good.replacingOccurrences(of: "\"a\"", with: "\"b\""))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (report, summary) = try ReplayReportTests.replay([path], skipBad: true)
    #expect(summary.skipped == 1)
    #expect(summary.firstSkipped.first?.line == 3)
    #expect(report.totals.requests == 2)  // BOM, CRLF, blank line and a last line without newline all accepted
    #expect(report.totals.cost == USD(nanos: 2 * (5 * 5_000 + 272 * 40_000)))
  }

  @Test func emptyFileGivesAnEmptyReport() throws {
    let path = try ReplayReportTests.write("")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (report, summary) = try ReplayReportTests.replay([path])
    #expect(summary.lines == 0 && report.totals.requests == 0 && report.groups.isEmpty)
  }

  @Test func replayFormatsMatchGoldenFiles() throws {
    var (report, _) = try ReplayReportTests.replay(
      [ReplayReportTests.example], by: ["month", "model"], whatIfs: [WhatIf("model=gpt-image-2,quality=medium")!])
    report.warnings = ["unknown field 'trace_id' ignored on 1 line(s)"]
    for format in OutputFormat.allCases {
      try Golden.check(ReplayRenderer.render(report, as: format), "replay-2026-10.\(format.rawValue)")
    }
    #expect(ReplayRenderer.render(report, as: .table).contains("$0.15 + UNPRICED") || ReplayRenderer.render(report, as: .table).contains("UNPRICED"))
  }

  /// The HTML page: breakdowns by model and tag add up to the total, UNPRICED is never a figure, the burn-down
  /// is drawn against the budget, and every logged text is escaped.
  @Test func replayHTMLMatchesGoldenFile() throws {
    var (report, _) = try ReplayReportTests.replay(
      [ReplayReportTests.example], by: ["model", "tag:project"], whatIfs: [WhatIf("model=gpt-image-2,quality=medium")!])
    report.burnDown = BurnDown.compute(daily: report.daily, budget: USD(decimal: "0.50")!)
    report.warnings = ["unknown field '<trace_id>' ignored on 1 line(s)"]
    let html = ReplayRenderer.html(report)
    try Golden.check(html, "replay-2026-10.html")
    #expect(html.contains("&lt;trace_id&gt;") && !html.contains("<trace_id>"))
    #expect(!html.contains("<script"))
    let byModel = ReplayRenderer.rollUp(report, by: "model")
    let byProject = ReplayRenderer.rollUp(report, by: "tag:project")
    #expect(byModel.reduce(USD.zero) { $0 + $1.1.cost } == report.totals.cost)
    #expect(byProject.reduce(USD.zero) { $0 + $1.1.cost } == report.totals.cost)
    #expect(byModel.reduce(Int64(0)) { $0 + $1.1.requests } == report.totals.requests)
    // The unknown model's group is UNPRICED in the page, never $0.00.
    let unknown = try #require(byModel.first { $0.0 == "gpt-image-7" })
    #expect(unknown.1.allUnpriced)
    #expect(html.contains("<td><span class=\"over\">UNPRICED</span></td>"))
    #expect(html.contains("id=\"chart-burn-down\"") && html.contains("Budget $0.50"))
  }
}

@Suite struct WhatIfTests {
  @Test func sameRequestsRepricedWithCapabilityChecks() throws {
    var aggregator = ReplayAggregator(
      book: Golden.book, dimensions: [.model], priceDate: nil, whatIfs: [WhatIf("model=gpt-image-1-mini,quality=medium")!])
    _ = try RequestLogReader(skipBad: false).read(path: ReplayReportTests.example) { aggregator.add($0) }
    let w = try #require(aggregator.report().whatIfs.first)
    // req_0001 (edit, high fidelity) and req_0008 (dall-e-3 1792x1024) cannot move to mini: reported, not priced.
    #expect(w.infeasible.values.reduce(0, +) == 2)
    // Said of the repriced request, never of a command-line flag.
    #expect(w.infeasible.keys.contains { $0.contains("The repriced input_fidelity=high is not supported by gpt-image-1-mini") })
    #expect(!w.infeasible.keys.contains { $0.contains("--") })
    // The 4 others at mini medium 1024x1024 with their logged prompt tokens (50, 23, 23; req_0005 had no usage: 50 assumed).
    let mini = (50 * 2_000 + 1_056 * 8_000) + 2 * (23 * 2_000 + 1_056 * 8_000) + (50 * 4 * 2_000 + 1_056 * 4 * 8_000)
    #expect(w.repriced == 4)
    #expect(w.cost == USD(nanos: Int64(mini)))
    #expect(w.savings == w.asLogged - w.cost)
  }

  @Test func parsing() {
    #expect(WhatIf("model=gpt-image-2")?.description == "model=gpt-image-2")
    #expect(WhatIf("colour=red") == nil)
    #expect(WhatIf("size=big") == nil)
    #expect(WhatIf("") == nil)
  }
}

@Suite struct BurnDownTests {
  static func day(_ d: Int) -> CivilDate { CivilDate(year: 2026, month: 10, day: d)! }
  static func usd(_ dollars: Int64) -> USD { USD(nanos: dollars * 1_000_000_000) }

  @Test func projectedCrossing() throws {
    // $100 a day for 10 days of a 31-day month against $1,500: run rate $100, projected $3,100, crossing on day 16.
    let daily = Dictionary(uniqueKeysWithValues: (1...10).map { (BurnDownTests.day($0), BurnDownTests.usd(100)) })
    let b = try #require(BurnDown.compute(daily: daily, budget: BurnDownTests.usd(1_500)))
    #expect(b.spent == BurnDownTests.usd(1_000) && b.runRatePerDay == BurnDownTests.usd(100))
    #expect(b.projected == BurnDownTests.usd(3_100))
    #expect(b.crossing == BurnDownTests.day(16) && !b.crossed)
  }

  @Test func alreadyCrossedAndNotCrossing() throws {
    let crossed = try #require(
      BurnDown.compute(
        daily: [BurnDownTests.day(1): BurnDownTests.usd(10), BurnDownTests.day(3): BurnDownTests.usd(50)], budget: BurnDownTests.usd(40)))
    #expect(crossed.crossed && crossed.crossing == BurnDownTests.day(3))
    let calm = try #require(BurnDown.compute(daily: [BurnDownTests.day(30): BurnDownTests.usd(30)], budget: BurnDownTests.usd(40)))
    #expect(calm.crossing == nil && calm.projected == BurnDownTests.usd(31))
    // Only the latest month counts.
    let twoMonths = try #require(
      BurnDown.compute(
        daily: [CivilDate("2026-09-30")!: BurnDownTests.usd(999), BurnDownTests.day(1): BurnDownTests.usd(1)], budget: BurnDownTests.usd(40)))
    #expect(twoMonths.month.description == "2026-10" && twoMonths.spent == BurnDownTests.usd(1))
  }
}

@Suite struct RawResponseTests {
  @Test func rawResponsesWithDeploymentMap() throws {
    let path = Golden.root.appendingPathComponent("examples/logs/raw-responses.jsonl").path
    var aggregator = ReplayAggregator(book: Golden.book, dimensions: [.day, .model], priceDate: nil)
    let reader = RequestLogReader(skipBad: false, deployments: ["img-prod": "gpt-image-1", "img-mini": "gpt-image-1-mini"])
    let summary = try reader.read(path: path) { aggregator.add($0) }
    #expect(summary.records == 2)
    #expect(summary.unknownFields.isEmpty)  // created, data, background, output_format are known response fields
    let report = aggregator.report()
    #expect(report.groups.map(\.key) == [["2026-10-01", "gpt-image-1"], ["2026-10-01", "gpt-image-1-mini"]])
    // 50 × $5 + 4,160 × $40 (gpt-image-1); 31 × $2 + 3,168 × $8 (mini), per 1M tokens.
    #expect(report.totals.cost == USD(nanos: (50 * 5_000 + 4_160 * 40_000) + (31 * 2_000 + 3_168 * 8_000)))
  }

  @Test func unmappedDeploymentIsAClearError() throws {
    let path = Golden.root.appendingPathComponent("examples/logs/raw-responses.jsonl").path
    #expect {
      _ = try RequestLogReader(skipBad: false).read(path: path) { _ in }
    } throws: { "\($0)".hasSuffix(":1: 'deployment' img-prod has no model: map it with --deployment img-prod=MODEL") }
  }
}

/// A what-if reprices a logged request with its logged text input as the whole request's: with n > 1 it is not
/// multiplied again (the log already holds what was billed).
@Suite struct WhatIfLoggedInputTests {
  @Test(arguments: [1, 2, 4])
  func loggedTextInputIsNotMultipliedByN(n: Int) throws {
    let request = ImageRequest(model: "gpt-image-1", provider: "openai", quality: "low", size: ImageSize(width: 1024, height: 1024), n: n)
    let usage = ImageUsage(
      inputTokens: 120, inputTextTokens: 120, inputImageTokens: 0, outputTokens: 272, outputImageTokens: 272, outputTextTokens: 0)
    let moved = try #require(WhatIf("model=gpt-image-2")).apply(to: request, usage: usage)
    let quote = try Pricer(book: Golden.book).quote(moved, date: CivilDate("2026-11-24")!)
    #expect(quote.tokens(.textInput) == 120)
  }
}
