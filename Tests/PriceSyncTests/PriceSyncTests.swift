import CostCore
import CostIO
import Foundation
import Testing

/// Fixtures: a small price book of this test folder's own (not the live pricing/), two saved Azure Retail
/// Prices pages and a LiteLLM price map, written from the documented shapes.
enum SyncFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  static let bookDirectory = directory.appendingPathComponent("book").path
  static let runDate = CivilDate("2026-12-02")!
  static let book: PriceBook = try! PriceBookLoader.load(directory: bookDirectory)

  static func bytes(_ name: String) -> [UInt8] { Array(try! Data(contentsOf: directory.appendingPathComponent(name))) }

  static func azureInput() throws -> PriceSyncInput {
    var input = PriceSyncInput()
    for name in ["azure-page1.json", "azure-page2.json"] {
      let page = try AzureRetailReader.page(bytes(name), file: name)
      input.merge(try AzureRetailReader.read(page, file: name, book: book))
    }
    return input
  }

  static func litellmInput() throws -> PriceSyncInput { try LiteLLMReader.read(bytes("litellm.json"), file: "litellm.json", book: book) }

  static func report(azure: Bool = true, litellm: Bool = true) throws -> PriceSyncReport {
    var input = PriceSyncInput()
    if azure { input.merge(try azureInput()) }
    if litellm { input.merge(try litellmInput()) }
    return PriceSync.compare(book: book, input: input, date: runDate)
  }
}

extension PriceSyncReport {
  func findings(_ kind: PriceSyncFinding.Kind, model: String? = nil, provider: String? = nil) -> [PriceSyncFinding] {
    findings.filter { $0.kind == kind && (model == nil || $0.model == model) && (provider == nil || $0.provider == provider) }
  }
}

@Suite struct MeterPatternTests {
  static let perImage: Set<String> = ["dall-e-3", "dall-e-2"]

  /// Every naming convention of pricing-and-api.md §9b, plus text-model names written from them.
  static let cases: [(String, String, String, ComponentKind, String?)] = [
    ("gpt-image-1-inp-cached-txt-glbl Tokens", "gpt-image-1", "global", .cachedTextInput, nil),
    ("gpt-image-1-output-img-dzone Tokens", "gpt-image-1", "datazone", .imageOutput, nil),
    ("gpt img 1 mini inp cchd img glbl Tokens", "gpt-image-1-mini", "global", .cachedImageInput, nil),
    ("gpt img 1 mini out img rgnl Tokens", "gpt-image-1-mini", "regional", .imageOutput, nil),
    ("gpt img 1.5 in cd txt gl 1M Tokens", "gpt-image-1.5", "global", .cachedTextInput, nil),
    ("gpt img 1.5 out txt DZ 1M Tokens", "gpt-image-1.5", "datazone", .textOutput, nil),
    ("Image 2 img opt Gl 1M Tokens", "gpt-image-2", "global", .imageOutput, nil),
    ("Image 2 img cd inp DZ 1M Tokens", "gpt-image-2", "datazone", .cachedImageInput, nil),
    ("Image 2 txt inp Batch Gl 1M Tokens", "gpt-image-2", "batch", .textInput, nil),
    ("Image 2 txt inp Batch DZ 1M Tokens", "gpt-image-2", "datazone-batch", .textInput, nil),
    ("Image-Dall-E-3 HD HighRes-regnl EP Images", "dall-e-3", "regional", .image, "hd"),
    ("Image-DALL-E-2-glbl Images", "dall-e-2", "global", .image, "standard"),
    ("gpt-4o-mini-0718-Inp-glbl Tokens", "gpt-4o-mini", "global", .textInput, nil),
    ("gpt 4o mini 0718 cached Inp Data Zone Tokens", "gpt-4o-mini", "datazone", .cachedTextInput, nil),
    ("gpt-4o-mini-0718-Batch-Outp-glbl Tokens", "gpt-4o-mini", "batch", .textOutput, nil),
    ("gpt 4.1 nano Outp glbl Tokens", "gpt-4.1-nano", "global", .textOutput, nil),
    ("GPT 5 mini outpt DZone 1M Tokens", "gpt-5-mini", "datazone", .textOutput, nil),
    ("5.4 mini Inp Gl", "gpt-5.4-mini", "global", .textInput, nil),
    ("5.4 nano cd Inp Gl", "gpt-5.4-nano", "global", .cachedTextInput, nil),
    ("5.6 luna ShortCo Inp Std DZ", "gpt-5.6-luna", "datazone", .textInput, nil),
    ("Image 2.6 sunburst img opt Gl 1M Tokens", "gpt-image-2.6-sunburst", "global", .imageOutput, nil),
  ]

  @Test(arguments: cases.indices)
  func realBookPatternsReadEachConvention(index: Int) throws {
    let (meter, model, deployment, component, quality) = MeterPatternTests.cases[index]
    let book = try PriceBookLoader.load(
      directory: SyncFixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "pricing"
      ).path)
    let match = try #require(book.meterPatterns.match(meterName: meter, perImageModels: MeterPatternTests.perImage), "\(meter)")
    #expect(match.model == model, "\(meter)")
    #expect(match.deploymentType == deployment, "\(meter)")
    #expect(match.component == component, "\(meter)")
    #expect(match.quality == quality, "\(meter)")
  }

  @Test func theLongestModelWinsAndOtherMetersAreNotOurs() {
    let patterns = SyncFixtures.book.meterPatterns
    #expect(patterns.match(meterName: "gpt img 1 mini inp txt glbl Tokens", perImageModels: [])?.model == "gpt-image-1-mini")
    #expect(patterns.match(meterName: "gpt-image-1-inp-txt-glbl Tokens", perImageModels: [])?.model == "gpt-image-1")
    #expect(patterns.match(meterName: "Standard D2 v3", perImageModels: []) == nil)
    #expect(patterns.match(meterName: "gpt 4o 1120 Inp glbl Tokens", perImageModels: []) == nil)  // gpt-4o is not a pattern
    // Fine-tuning, realtime and provisioned meters of a known model are not prices the book holds.
    #expect(patterns.match(meterName: "gpt 4o mini 0718 Inp glbl Tokens", perImageModels: [])?.model == "gpt-4o-mini")
    #expect(patterns.match(meterName: "gpt-4o-mini-0718-Ft-Inp-glbl Tokens", perImageModels: []) == nil)
    #expect(patterns.match(meterName: "gpt 4o mini rt aud Inp glbl Tokens", perImageModels: []) == nil)
    #expect(patterns.match(meterName: "gpt-4.1-mini Provisioned Managed", perImageModels: []) == nil)
    let highRes = patterns.match(meterName: "Image-Dall-E-3 Std HighRes-glbl Images", perImageModels: MeterPatternTests.perImage)
    #expect(highRes?.sizes == [ImageSize("1024x1792")!, ImageSize("1792x1024")!])
    #expect(highRes?.perRegion == false)
    #expect(patterns.match(meterName: "Image-Dall-E-3 Std LowRes-regnl EP Images", perImageModels: MeterPatternTests.perImage)?.perRegion == true)
  }

  @Test func badPatternsAreReportedWithFileAndKey() {
    let text = """
      schema_version: 1
      meter_patterns:
        provider: azure
        synonyms: {global: [glbl], other: [glbl]}
        models: [{model: x, words: []}]
        deployment_types: [{deployment_type: global, all: [global], per_region: maybe}]
        components: [{component: image, all: [input]}]
        images: [{model: dall-e-3, all: [], quality: hd, sizes: [big]}]
        colour: blue
      """
    let (_, problems) = PriceBookLoader.parse(files: [("meters.yaml", text)])
    let messages = problems.map(\.description).joined(separator: "\n")
    #expect(messages.contains("meters.yaml:4:"), "\(messages)")
    #expect(messages.contains("'glbl' is already a spelling of 'global'"), "\(messages)")
    #expect(messages.contains("give at least one word"), "\(messages)")
    #expect(messages.contains("meter_patterns.deployment_types[0].per_region"), "\(messages)")
    #expect(messages.contains("unknown component 'image'"), "\(messages)")
    #expect(messages.contains("meter_patterns.images[0].sizes[0]"), "\(messages)")
    #expect(messages.contains("colour"), "\(messages)")
  }
}

@Suite struct ExactDecimalTests {
  @Test func perTokenCostsBecomeExactPerMillionPrices() {
    #expect(ExactDecimal("2.75e-06")?.nanos(shift: 6) == 2_750_000_000)
    #expect(ExactDecimal("1.25E-6")?.nanos(shift: 6) == 1_250_000_000)
    #expect(ExactDecimal("3.2e-05")?.nanos(shift: 6) == 32_000_000_000)
    #expect(ExactDecimal("0.0000000275")?.nanos(shift: 6) == 27_500_000)
    // 1.3e-16 per token is $0.00000000013 per 1M: below a nano-dollar, rounds half-even to 0.
    #expect(ExactDecimal("1.3e-16")?.nanos(shift: 6) == 0)
    #expect(ExactDecimal("0.012")?.nanos() == 12_000_000)
    #expect(ExactDecimal("1.2E-2")?.nanos() == 12_000_000)
  }

  @Test func hostileNumbersAreRefusedNotTrapped() {
    for text in ["", "-", "1.", ".5", "1e", "1e+", "0x10", "1,5", "NaN", "Infinity", "1e99999", String(repeating: "9", count: 40)] {
      #expect(ExactDecimal(text) == nil, "\(text)")
    }
    #expect(ExactDecimal("1e400")?.nanos() == nil)  // too large for Int64 nanos
    #expect(ExactDecimal("-0.5")?.nanos() == nil)  // negative
    #expect(ExactDecimal("9223372036.854775808")?.nanos() == nil)
    #expect(ExactDecimal("1e-9000")?.nanos() == 0)
  }

  @Test func rawJSONKeepsNumberTextAndRejectsBadInput() throws {
    let value = try RawJSONParser.parse(#"{"a": 2.75e-06, "b": [1, "x\u00e9\ud83d\ude00"], "c": null}"#)
    #expect(value["a"] == .number("2.75e-06"))
    #expect(value["b"]?.array?.last == .string("xé😀"))
    for bad in ["{", "[1,]", "{\"a\" 1}", "01x", "\"\\ud800\"", String(repeating: "[", count: 300) + String(repeating: "]", count: 300)] {
      #expect(throws: RawJSONError.self, "\(bad)") { try RawJSONParser.parse(bad) }
    }
  }
}

@Suite struct PriceSyncComparisonTests {
  @Test func azurePagesFindTheUnchangedTheChangedTheNewAndTheMissing() throws {
    let report = try SyncFixtures.report(litellm: false)
    #expect(report.differs)
    #expect(report.skipped == 2)  // a VM meter and a reservation price

    let changed = report.findings(.changed)
    #expect(changed.count == 1)
    let change = try #require(changed.first)
    #expect(change.model == "gpt-image-1" && change.deploymentType == "global" && change.component == .imageInput)
    #expect(change.old?.publishedText == "0.01 per 1K tokens")
    #expect(change.new?.publishedText == "0.012 per 1K tokens")
    #expect(change.effective == CivilDate("2026-11-01"))
    #expect(change.regions == ["eastus", "swedencentral"])
    #expect(change.applicable)

    let new = report.findings(.newMeter)
    #expect(new.map(\.model) == ["gpt-image-1.5", "gpt-image-1.5", "gpt-image-1.5"])
    #expect(Set(new.compactMap(\.component)) == [.textInput, .imageOutput, .textOutput])
    #expect(new.allSatisfy { $0.applicable && $0.new?.unit == .perMillionTokens })

    let missing = report.findings(.missing)
    #expect(missing.count == 1)
    #expect(missing.first?.deploymentType == "datazone" && missing.first?.component == .imageInput)
    #expect(missing.first?.old?.publishedText == "0.011 per 1K tokens")

    let unchanged = report.findings(.unchanged)
    // gpt-image-1 global: text in, image out, two cached; datazone: text in, image out; DALL·E 3: 6 sizes.
    #expect(unchanged.count == 12)
    #expect(unchanged.filter { $0.model == "dall-e-3" }.count == 6)
  }

  @Test func liteLLMIsSecondaryItsKnownErrorsAreIgnoredAndNeverOverwriteOfficialValues() throws {
    let report = try SyncFixtures.report()
    let ignored = report.findings(.ignored)
    // Azure DALL·E 3 (known error), Azure DALL·E 2 ($0), azure/gpt-image-1 image input (disagrees with the official page).
    #expect(ignored.contains { $0.model == "dall-e-3" && $0.provider == "azure" && $0.note.contains("known error") })
    #expect(ignored.contains { $0.model == "dall-e-2" && $0.note.contains("$0") })
    let disagreement = try #require(ignored.first { $0.model == "gpt-image-1" && $0.component == .imageInput })
    #expect(disagreement.source == .litellm)
    #expect(disagreement.old?.publishedText == "0.012 per 1K tokens")  // the official value, which is used
    #expect(disagreement.new?.publishedText == "10.00 per 1M tokens")
    // The official change still stands.
    #expect(report.findings(.changed, model: "gpt-image-1", provider: "azure").first?.new?.publishedText == "0.012 per 1K tokens")

    // OpenAI: a changed price on an official row is reported, not applicable; on a secondary row, applicable.
    let official = try #require(report.findings(.changed, model: "gpt-image-1", provider: "openai").first)
    #expect(official.source == .litellm && !official.applicable)
    #expect(official.old?.publishedText == "40.00 per 1M tokens" && official.new?.publishedText == "45.00 per 1M tokens")
    #expect(official.note.contains("official source (S12)"))
    let secondary = try #require(report.findings(.changed, model: "gpt-image-1.5", provider: "openai").first)
    #expect(secondary.component == .textOutput && secondary.applicable)
    #expect(secondary.new?.publishedText == "12.00 per 1M tokens")
    // A per-pixel approximation within 0.1 % is the same price.
    #expect(report.findings(.unchanged, model: "dall-e-3", provider: "openai").count == 1)
    // New meters from a secondary source are reported, never applied.
    #expect(report.findings(.newMeter, model: "gpt-image-1-mini", provider: "openai").allSatisfy { !$0.applicable })
  }

  @Test func aMeterPricedDifferentlyByRegionIsComparedRegionByRegion() throws {
    // Data Zone text meters cost more in APAC than in the US/EU: one meter name, two prices.
    func item(_ region: String, _ price: String) -> String {
      #"{"meterName": "gpt-image-1-inp-txt-dzone Tokens", "retailPrice": \#(price), "unitOfMeasure": "1K", "armRegionName": "\#(region)", "effectiveStartDate": "2025-04-01T00:00:00Z"}"#
    }
    let page = #"{"Items": [\#(item("westeurope", "0.0055")), \#(item("eastus2", "0.0055")), \#(item("japaneast", "0.006"))]}"#
    let input = try AzureRetailReader.read(try AzureRetailReader.page(Array(page.utf8), file: "p.json"), file: "p.json", book: SyncFixtures.book)
    let report = PriceSync.compare(book: SyncFixtures.book, input: input, date: SyncFixtures.runDate)
    let unchanged = try #require(report.findings(.unchanged, model: "gpt-image-1").first { $0.deploymentType == "datazone" })
    #expect(unchanged.regions == ["eastus2", "westeurope"])
    let changed = try #require(report.findings(.changed).first)
    #expect(changed.regions == ["japaneast"] && changed.new?.publishedText == "0.006 per 1K tokens")
    #expect(!changed.applicable && changed.note.contains("eastus2, westeurope keep(s) another price"))
  }

  @Test func deprecationDatesThatDifferAreReported() throws {
    let report = try SyncFixtures.report()
    let lifecycle = report.findings(.retirementDiffers)
    #expect(lifecycle.map(\.model) == ["gpt-image-1-mini"])
    #expect(lifecycle.first?.bookRetirement == CivilDate("2026-12-01"))
    #expect(lifecycle.first?.sourceRetirement == CivilDate("2027-01-15"))
  }

  @Test func nothingDiffersWhenTheSourceAgrees() throws {
    // Only the unchanged items of the fixture pages, at a date where nothing is missing.
    let input = try SyncFixtures.azureInput()
    var agreeing = input
    agreeing.observations = input.observations.filter { !$0.meter.contains("inp-img-glbl") && !$0.meter.contains("1.5") }
    var book = SyncFixtures.book
    book.rates.removeAll { $0.provider == "azure" && $0.model == "gpt-image-1" && $0.component == .imageInput }
    let report = PriceSync.compare(book: book, input: agreeing, date: SyncFixtures.runDate)
    #expect(!report.differs, "\(report.findings.filter { $0.kind.isDifference })")
    #expect(report.count(.unchanged) == 12)
  }

  @Test func badPagesAreErrorsNamingFileAndKey() {
    let book = SyncFixtures.book
    func error(_ json: String) -> String {
      do {
        let page = try AzureRetailReader.page(Array(json.utf8), file: "p.json")
        _ = try AzureRetailReader.read(page, file: "p.json", book: book)
        return "no error"
      } catch { return error.description }
    }
    let item = #""meterName": "gpt-image-1-inp-txt-glbl Tokens", "unitOfMeasure": "1K", "effectiveStartDate": "2025-04-01T00:00:00Z""#
    #expect(error("[]") == "p.json: expected an Azure Retail Prices page (a JSON object), found a list")
    #expect(error(#"{"Count": 0}"#) == "p.json: Items: the page has no Items list")
    #expect(error(#"{"Items": [{\#(item), "retailPrice": "0.005"}]}"#) == "p.json: Items[0].retailPrice: expected a number, found a string")
    #expect(error(#"{"Items": [{\#(item), "retailPrice": -1}]}"#).hasPrefix("p.json: Items[0].retailPrice: '-1' is not a price"))
    #expect(error(#"{"Items": [{\#(item), "retailPrice": 1e400}]}"#).hasPrefix("p.json: Items[0].retailPrice: '1e400'"))
    #expect(error(#"{"Items": [{\#(item), "retailPrice": 0.005, "currencyCode": "EUR"}]}"#).contains("Items[0].currencyCode: prices are in EUR"))
    #expect(error(#"{"Items": [{"meterName": 5}]}"#) == "p.json: Items[0].meterName: expected a string, found a number")
    #expect(error(#"{"Items": [], "NextPageLink": 3}"#) == "p.json: NextPageLink: expected a URL string or null, found a number")
    #expect(error("{\"Items\": [").hasPrefix("p.json: invalid JSON at byte"))
  }

  @Test func badLiteLLMValuesAreErrorsNamingFileAndKey() {
    func error(_ json: String) -> String {
      do {
        _ = try LiteLLMReader.read(Array(json.utf8), file: "l.json", book: SyncFixtures.book)
        return "no error"
      } catch { return error.description }
    }
    #expect(
      error(#"{"gpt-image-1": {"litellm_provider": "openai", "input_cost_per_token": "cheap"}}"#)
        == "l.json: gpt-image-1.input_cost_per_token: expected a non-negative number, found 'cheap'")
    #expect(
      error(#"{"gpt-image-1": {"litellm_provider": "openai", "input_cost_per_token": 1e30}}"#)
        == "l.json: gpt-image-1.input_cost_per_token: the price is too large to hold")
    #expect(
      error(#"{"gpt-image-1": {"litellm_provider": "openai", "deprecation_date": "soon"}}"#)
        == "l.json: gpt-image-1.deprecation_date: expected a date written YYYY-MM-DD")
    #expect(error("[1]") == "l.json: expected LiteLLM's model price map (a JSON object), found a list")
  }
}
