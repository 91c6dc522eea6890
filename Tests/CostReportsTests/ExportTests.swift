import CostCore
import CostIO
import CostReports
import Foundation
import Testing

@testable import Replay

@Suite struct ExportTests {
  static func text(_ name: String) throws -> String {
    try String(contentsOf: Golden.root.appendingPathComponent("examples/exports/\(name)"), encoding: .utf8)
  }

  @Test(arguments: [
    ("gpt-image-1-inp-txt-glbl Tokens", "gpt-image-1"), ("gpt-image-1-output-img-dzone Tokens", "gpt-image-1"),
    ("gpt img 1 mini inp cchd txt glbl Tokens", "gpt-image-1-mini"), ("gpt img 1.5 out txt gl 1M Tokens", "gpt-image-1.5"),
    ("Image 2 img opt Gl 1M Tokens", "gpt-image-2"), ("Image-Dall-E-3 HD HighRes-regnl EP Images", "dall-e-3"),
    ("Image-DALL-E-2-glbl Images", "dall-e-2"), ("gpt-image-1, output", "gpt-image-1"), ("gpt-image-1-mini, input", "gpt-image-1-mini"),
  ])
  func meterNamesTellTheModel(name: String, model: String) {
    #expect(Golden.book.exportPatterns.exportModel(of: name) == model)
  }

  @Test func nonImageMetersAreNotGuessed() {
    #expect(Golden.book.exportPatterns.exportModel(of: "LRS Data Stored") == nil)
    #expect(Golden.book.exportPatterns.exportModel(of: "gpt-4o-2024-08-06, input") == nil)
  }

  @Test func openAICostsStayActual() throws {
    let lines = try ExportReaders.openAICosts(try ExportTests.text("openai-costs.json"), file: "openai-costs.json", book: Golden.book)
    #expect(lines.count == 4)
    #expect(lines[0].date.description == "2026-10-01")  // start_time 1790812800 is 2026-10-01T00:00:00Z
    let report = ActualCostReport.aggregate(lines, source: "openai-costs", dimensions: ["model"])
    #expect(report.totals["USD"] == 16_753_600_000)  // 12.4721 + 0.0315 + 3.2 + 1.05, exact
    #expect(report.unmatchedItems["gpt-4o-2024-08-06, input"] == 1)
    try Golden.check(ActualCostRenderer.render(report, as: .json), "actual-openai-costs.json")
  }

  @Test func azureExportKeepsTheBillingCurrency() throws {
    let lines = try ExportReaders.azureExport(try ExportTests.text("azure-costs.csv"), file: "azure-costs.csv", book: Golden.book)
    let report = ActualCostReport.aggregate(lines, source: "azure-export", dimensions: ["day", "model"])
    #expect(report.totals == ["EUR": 12_699_000_000])
    for format in OutputFormat.allCases {
      try Golden.check(ActualCostRenderer.render(report, as: format), "actual-azure-costs.\(format.rawValue)")
    }
  }

  @Test(arguments: [
    ("Date,MeterName,Cost\n2026-10-01,\"open,1\n", "azure.csv:2: a quoted field is not closed"),
    ("Date,MeterName,Cost\n2026-10-01,x\n", "azure.csv:2: expected 3 fields, found 2"),
    ("Date,MeterName,Cost\n2026-13-45,x,1\n", "azure.csv:2: '2026-13-45' is not a date"),
    ("Date,MeterName,Cost\n2026-10-01,x,one\n", "azure.csv:2: cost 'one' is not a decimal amount"),
    ("When,MeterName,Cost\n", "azure.csv:1: no date column"),
  ])
  func badExportsNameTheLine(text: String, message: String) {
    #expect {
      _ = try ExportReaders.azureExport(text, file: "azure.csv", book: Golden.book)
    } throws: { "\($0)".hasPrefix(message) }
  }

  @Test func detection() throws {
    #expect(InputSource.detect(try ExportTests.text("openai-costs.json")) == .openAICosts)
    #expect(InputSource.detect(try ExportTests.text("azure-costs.csv")) == .azureExport)
    #expect(InputSource.detect("BilledCost,BillingCurrency,ChargePeriodStart\n") == .azureExport)
    #expect(InputSource.detect("{\"id\":\"a\"}\n") == .requestLog)
  }

  @Test func csvReaderHandlesQuotesAndLineBreaks() throws {
    let records = try CSVReader.records("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n,\n")
    #expect(records.map(\.fields) == [["a", "b"], ["x, \"y\"", "two\nlines"], ["", ""]])
    #expect(records.map(\.line) == [1, 2, 4])
  }

  @Test func exactAmountsFromJSONNumbers() {
    #expect(ExportReaders.nanos("0.06") == 60_000_000)
    #expect(ExportReaders.nanos("1e-05") == 10_000)
    #expect(ExportReaders.nanos("-2.5") == -2_500_000_000)
    #expect(ExportReaders.nanos("0.0000000005") == 0)  // half-even to the nano
    #expect(ExportReaders.nanos("1,5") == nil)
  }
}

@Suite struct UsageImagesTests {
  @Test func countsArePricedAsALowHighRange() throws {
    let text = try ExportTests.text("openai-usage-images.json")
    #expect(InputSource.detect(text) == .openAIUsageImages)
    let counts = try ExportReaders.openAIUsageImages(text, file: "u.json")
    #expect(counts.map(\.images) == [120, 30, 5])
    let report = UsageRangeReport.price(counts, book: Golden.book, by: ["model"])
    let image1 = try #require(report.rows.first { $0.key == ["gpt-image-1"] })
    // 120 images at 1024x1024 with the assumed 50-token prompt: low 272 tokens, high 4,160 tokens at $40/M.
    #expect(image1.low == USD(nanos: 120 * (50 * 5_000 + 272 * 40_000)))
    #expect(image1.high == USD(nanos: 120 * (50 * 5_000 + 4_160 * 40_000)))
    let mini = try #require(report.rows.first { $0.key == ["gpt-image-1-mini"] })
    // No size: every size and quality; the dearest is high 1024x1536 (6,240 tokens at $8/M).
    #expect(mini.high == USD(nanos: 30 * (50 * 2_000 + 6_240 * 8_000)))
    #expect(mini.low == USD(nanos: 30 * (50 * 2_000 + 272 * 8_000)))
    let unknown = try #require(report.rows.first { $0.key == ["some-new-model"] })
    #expect(unknown.unpriced == 5 && unknown.reasons == ["unknown model 'some-new-model'"])
    #expect(report.assumptions.first?.id == "usage-export-quality-range")
    for format in OutputFormat.allCases {
      try Golden.check(UsageRangeRenderer.render(report, dimensions: ["model"], as: format), "usage-range.\(format.rawValue)")
    }
  }
}

@Suite struct GenericCSVTests {
  static let map = "time=created_at,model=model_name,quality=q,size=size,n=images,input_tokens=in_tokens,output_tokens=out_tokens,tag:team=team"

  @Test func mappedColumnsBecomeRecords() throws {
    guard case .success(let columns) = GenericCSVReader.parseMap(GenericCSVTests.map) else {
      Issue.record("map rejected")
      return
    }
    var aggregator = ReplayAggregator(book: Golden.book, dimensions: [.tag("team")], priceDate: nil)
    let text = try String(contentsOf: Golden.root.appendingPathComponent("examples/logs/usage.csv"), encoding: .utf8)
    let count = try GenericCSVReader(map: columns).read(text, file: "usage.csv") { aggregator.add($0) }
    #expect(count == 3)
    let report = aggregator.report()
    let brand = try #require(report.groups.first { $0.key == ["brand"] })
    // gpt-image-1 high with usage 50/4,160; gpt-image-2 medium with usage 20/1,756 (all image tokens by the formula).
    #expect(brand.totals.cost == USD(nanos: (50 * 5_000 + 4_160 * 40_000) + (20 * 5_000 + 1_756 * 30_000)))
    #expect(report.totals.byBasis[.estimated] == 1)
  }

  @Test func badMapsAndRows() throws {
    if case .success = GenericCSVReader.parseMap("time=t") { Issue.record("model is required") }
    if case .success = GenericCSVReader.parseMap("time=t,model=m,colour=c") { Issue.record("unknown field accepted") }
    guard case .success(let columns) = GenericCSVReader.parseMap("time=t,model=m,n=n") else {
      Issue.record("map rejected")
      return
    }
    #expect {
      _ = try GenericCSVReader(map: columns).read("t,m\n2026-10-01,gpt-image-1\n", file: "u.csv") { _ in }
    } throws: { "\($0)".contains("u.csv:1: no column 'n'") }
    #expect {
      _ = try GenericCSVReader(map: ["time": "t", "model": "m"]).read("t,m\nsoon,gpt-image-1\n", file: "u.csv") { _ in }
    } throws: { "\($0)".hasPrefix("u.csv:2: column 't' (time)") }
  }
}
