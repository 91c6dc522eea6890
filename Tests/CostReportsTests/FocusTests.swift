import CostCore
import CostIO
import Foundation
import Testing

@testable import CostReports
@testable import Replay

/// FOCUS cost CSV (issue 17 §3): the columns FOCUS 1.2 makes mandatory, its formats, and money that adds up.
@Suite struct FocusTests {
  /// FOCUS 1.2's mandatory Cost-and-Usage columns (the spec's "MUST be present"), typed from the spec, plus the
  /// 1.3 provider columns.
  static let mandatory = [
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
    "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName",
    "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    "ServiceProviderName", "HostProviderName",
  ]

  /// The rows of a CSV as dictionaries by header (no quoted newlines in FOCUS output).
  static func rows(_ csv: String) -> [[String: String]] {
    let records = CSVWriterRecords.parse(csv)
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  /// An exact decimal as nano-units × 10^-scale, for arithmetic independent of the renderer.
  static func exact(_ text: String) throws -> (Int128, Int) {
    let parts = text.split(separator: ".")
    let scale = parts.count == 2 ? parts[1].count : 0
    return (try #require(Int128(parts.joined())), scale)
  }

  /// ListUnitPrice × PricingQuantity, rounded half-even to 9 decimals (FOCUS: the product MUST match ListCost).
  static func product(_ price: String, _ quantity: String) throws -> String {
    let (p, ps) = try exact(price)
    let (q, qs) = try exact(quantity)
    let nanos = ps + qs >= 9 ? FixedPoint.divide(p * q, by: pow10(ps + qs - 9), rounding: .halfEven) : p * q * pow10(9 - ps - qs)
    return FixedPoint.format(nanos, scale: 9, minimumFractionDigits: 2)
  }

  static func pow10(_ n: Int) -> Int128 { n <= 0 ? 1 : (0..<n).reduce(Int128(1)) { r, _ in r * 10 } }

  /// `YYYY-MM-DDT00:00:00Z`.
  static func isDateTime(_ text: String) -> Bool { text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T00:00:00Z/#) != nil }
  static let units: Set<String> = ["1000000 Tokens", "1000 Tokens", "Images", "100 Images", "Tokens"]

  static func planReport() throws -> PlanReport {
    try PlanSimulator(book: Golden.book).simulate(try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))
  }

  @Test func planRowsAreFOCUSAndAddUpToThePlan() throws {
    let report = try FocusTests.planReport()
    let csv = FocusRenderer.render(report)
    try Golden.check(csv, "plan-spring-campaign.focus.csv")
    let rows = FocusTests.rows(csv)
    #expect(!rows.isEmpty)
    for column in FocusTests.mandatory { #expect(rows[0][column] != nil, "missing \(column)") }
    var total = USD.zero
    for row in rows {
      total += try #require(USD(decimal: row["BilledCost"]!))
      #expect(row["BilledCost"] == row["ListCost"] && row["ListCost"] == row["ContractedCost"] && row["EffectiveCost"] == row["BilledCost"])
      #expect(try FocusTests.product(row["ListUnitPrice"]!, row["PricingQuantity"]!) == USD(decimal: row["ListCost"]!)!.decimalString)
      for column in ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"] {
        #expect(FocusTests.isDateTime(row[column]!), "\(column) \(row[column]!)")
      }
      #expect(FocusTests.units.contains(row["PricingUnit"]!), "\(row["PricingUnit"]!)")
      #expect(row["ChargeCategory"] == "Usage" && row["ChargeClass"] == "" && row["InvoiceId"] == "" && row["x_Forecast"] == "true")
      #expect(row["BillingAccountId"] == "unassigned" && row["ProviderName"] == row["InvoiceIssuerName"])
    }
    #expect(total == report.asPlanned.total)
    // The Azure meter name from pricing/azure.yaml, in SkuMeter; a month is the charge period.
    let hero = try #require(rows.first { $0["x_Workload"] == "hero-banners" && $0["SkuId"] == "azure/global/gpt-image-2/text_input" })
    #expect(hero["SkuMeter"] == "Image 2 txt inp Gl 1M Tokens")
    #expect(hero["ChargePeriodStart"] == "2026-12-01T00:00:00Z" && hero["ChargePeriodEnd"] == "2027-01-01T00:00:00Z")
    #expect(hero["ServiceProviderName"] == "Microsoft" && hero["HostProviderName"] == "Microsoft" && hero["ServiceName"] == "Azure OpenAI")
    #expect(hero["Tags"] == #"{"team": "brand"}"#)
  }

  @Test func aNamedBillingAccountIsWritten() throws {
    let csv = FocusRenderer.render(try FocusTests.planReport(), account: FocusAccount(id: "acct-42", name: "Brand team"))
    let rows = FocusTests.rows(csv)
    #expect(rows.allSatisfy { $0["BillingAccountId"] == "acct-42" && $0["BillingAccountName"] == "Brand team" })
  }

  /// Azure gpt-image-2 (with a text output no meter bills), DALL·E 3 on an Azure regional deployment and on
  /// OpenAI, and a model no book knows.
  static let log =
    [
      #"{"id":"a1","time":"2026-11-20T10:00:00Z","provider":"azure","deployment_type":"global","model":"gpt-image-2","operation":"generate","quality":"low","size":"1024x1024","n":1,"status":200,"tags":{"project":"=HYPERLINK(\"x\")"},"usage":{"input_tokens":20,"input_tokens_details":{"text_tokens":20,"image_tokens":0},"output_tokens":201,"output_tokens_details":{"image_tokens":196,"text_tokens":5}}}"#,
      #"{"id":"d1","time":"2026-11-20T11:00:00Z","provider":"azure","deployment_type":"regional","region":"eastus","model":"dall-e-3","quality":"hd","size":"1792x1024","n":1,"status":200,"tags":{"project":"ads"}}"#,
      #"{"id":"d2","time":"2026-11-20T12:00:00Z","provider":"azure","deployment_type":"regional","region":"eastus","model":"dall-e-3","quality":"hd","size":"1792x1024","n":1,"status":200,"tags":{"project":"ads"}}"#,
      #"{"id":"o1","time":"2026-11-21T09:00:00Z","provider":"openai","deployment_type":"standard","model":"dall-e-3","quality":"standard","size":"1024x1024","n":1,"status":200}"#,
      #"{"id":"x1","time":"2026-11-21T09:30:00Z","provider":"openai","model":"gpt-image-9","quality":"low","size":"1024x1024","n":1,"status":200}"#,
    ].joined(separator: "\n") + "\n"

  @Test func replayRowsAddUpToTheReplay() throws {
    let path = try ReplayReportTests.write(FocusTests.log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let dimensions: [ReplayDimension] = [.day, .provider, .deployment, .region, .model, .quality, .size, .operation, .tag("project")]
    var aggregator = ReplayAggregator(book: Golden.book, dimensions: dimensions, priceDate: nil)
    _ = try RequestLogReader(skipBad: false).read(path: path) { aggregator.add($0) }
    let report = aggregator.report()
    let (csv, problems) = FocusRenderer.render(report, book: Golden.book)
    try Golden.check(csv, "replay-focus.csv")
    #expect(problems.isEmpty, "\(problems)")
    let rows = FocusTests.rows(csv)
    var total = USD.zero
    for row in rows {
      total += try #require(USD(decimal: row["BilledCost"]!))
      #expect(FocusTests.isDateTime(row["ChargePeriodStart"]!) && row["x_Forecast"] == "false")
      #expect(FocusTests.units.contains(row["PricingUnit"]!))
    }
    #expect(total == report.totals.cost)
    #expect(report.totals.unpricedRequests == 1 && !rows.contains { $0["x_Model"] == "gpt-image-9" })
    // Two regional HD 1792x1024 images at $13.20 per 100 images (pricing/azure.yaml, eastus).
    let regional = try #require(rows.first { $0["RegionId"] == "eastus" })
    #expect(regional["BilledCost"] == "0.264" && regional["ListUnitPrice"] == "13.20" && regional["PricingUnit"] == "100 Images")
    #expect(regional["PricingQuantity"] == "0.02" && regional["ConsumedQuantity"] == "2" && regional["ConsumedUnit"] == "Images")
    #expect(regional["Tags"] == #"{"project": "ads"}"# && regional["x_Requests"] == "2")
    // The text output Azure does not meter: a zero-priced row naming the assumption, not a missing one.
    let text = try #require(rows.first { $0["SkuId"] == "azure/global/gpt-image-2/text_output" })
    #expect(text["BilledCost"] == "0.00" && text["ListUnitPrice"] == "0" && text["x_PriceSource"] == "azure-gpt-image-2-text-output-unmetered")
    let openai = try #require(rows.first { $0["ProviderName"] == "OpenAI" })
    #expect(openai["HostProviderName"] == "OpenAI" && openai["ServiceName"] == "OpenAI API" && openai["ChargePeriodStart"] == "2026-11-21T00:00:00Z")
    // A formula from the log stays text in the Tags cell (it begins with `{`).
    #expect(csv.contains(#""{""project"": ""=HYPERLINK(\""x\"")""}""#))
  }
}

extension FocusTests {
  /// The ledger's report keys keep no region: a regional unit price is then the one whose cost the group shows
  /// ($13.20 per 100 in eastus and three other regions, $14.52 in swedencentral: 2 images cost $0.264).
  @Test func aRegionalRateIsFoundAgainWithoutTheRegion() throws {
    let path = try ReplayReportTests.write(FocusTests.log)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var aggregator = ReplayAggregator(
      book: Golden.book, dimensions: [.day, .provider, .deployment, .model, .quality, .size, .operation], priceDate: nil)
    _ = try RequestLogReader(skipBad: false).read(path: path) { aggregator.add($0) }
    let (csv, problems) = FocusRenderer.render(aggregator.report(), book: Golden.book)
    #expect(problems.isEmpty, "\(problems)")
    let regional = try #require(FocusTests.rows(csv).first { $0["x_DeploymentType"] == "regional" })
    #expect(regional["ListUnitPrice"] == "13.20" && regional["RegionId"] == "")
    #expect(regional["SkuPriceId"] == "azure/regional/dall-e-3/image/hd/1792x1024@2025-09-01")
  }
}

/// Reads back what ``CSVWriter`` wrote (the Excel adapter's parser).
enum CSVWriterRecords {
  static func parse(_ csv: String) -> [[String]] { CSVWriter.records(csv) }
}
