import CostCore
import CostIO
import Testing

/// Every price row of the reference (§1a, §1b, §2a, §2b) against the real price book.
@Suite struct TokenPriceTableTests {
  struct Rate: Sendable, CustomTestStringConvertible {
    let provider, deployment: String
    let region: String?
    let model: String
    let component: ComponentKind
    /// USD per 1M tokens, as the reference writes it.
    let perMillion: String
    var testDescription: String { "\(provider) \(deployment)\(region.map { " \($0)" } ?? "") \(model) \(component.rawValue) = \(perMillion)" }
  }

  static let columns: [ComponentKind] = [.textInput, .cachedTextInput, .imageInput, .cachedImageInput, .imageOutput, .textOutput]

  /// One reference table row: text in, cached text, image in, cached image, image out, text out (nil = none).
  static func row(_ provider: String, _ deployment: String, _ model: String, _ prices: [String?], region: String? = nil) -> [Rate] {
    zip(columns, prices).compactMap { component, price in
      price.map { Rate(provider: provider, deployment: deployment, region: region, model: model, component: component, perMillion: $0) }
    }
  }

  // §1a OpenAI API (standard tier).
  static let openAI: [Rate] =
    row("openai", "standard", "gpt-image-1", ["5.00", "1.25", "10.00", "2.50", "40.00", nil])
    + row("openai", "standard", "gpt-image-1-mini", ["2.00", "0.20", "2.50", "0.25", "8.00", nil])
    + row("openai", "standard", "gpt-image-1.5", ["5.00", "1.25", "8.00", "2.00", "32.00", "10.00"])
    + row("openai", "standard", "gpt-image-2", ["5.00", "1.25", "8.00", "2.00", "30.00", "10.00"])

  // §1b Azure (Retail Prices API snapshot 2026-07-31), converted to per 1M.
  static let azure: [Rate] =
    row("azure", "global", "gpt-image-1", ["5.00", "1.25", "10.00", "2.50", "40.00", nil])
    + row("azure", "datazone", "gpt-image-1", ["5.50", "1.375", "11.00", "2.75", "44.00", nil])
    + row("azure", "global", "gpt-image-1-mini", ["2.00", "0.20", "2.50", "0.25", "8.00", nil])
    + row("azure", "datazone", "gpt-image-1-mini", ["2.20", "0.22", "2.75", "0.275", "8.80", nil])
    + row("azure", "regional", "gpt-image-1-mini", ["2.64", "0.264", "3.30", "0.33", "10.56", nil], region: "northeurope")
    + row("azure", "global", "gpt-image-1.5", ["5.00", "1.25", "8.00", "2.00", "32.00", "10.00"])
    + row("azure", "datazone", "gpt-image-1.5", ["5.50", "1.375", "8.80", "2.20", "35.20", "11.00"])
    + row("azure", "global", "gpt-image-2", ["5.00", "1.25", "8.00", "2.00", "30.00", nil])
    + row("azure", "datazone", "gpt-image-2", ["5.50", "1.375", "8.80", "2.20", "33.00", nil])
    + row("azure", "batch", "gpt-image-2", ["2.50", "0.625", "4.00", "1.00", "15.00", nil])
    + row("azure", "datazone-batch", "gpt-image-2", ["2.75", "0.6875", "4.40", "1.10", "16.50", nil])

  static func lookUp(_ r: Rate, date: CivilDate = RealBook.snapshot) throws -> RateRow {
    let match = try RealBook.book.rate(
      provider: r.provider, deploymentType: r.deployment, region: r.region, model: r.model, component: r.component, date: date)
    guard case .rate(let row) = match else {
      Issue.record("\(r.testDescription): unmetered")
      throw QuoteError.missingTokenRule(model: r.model, rule: "test")
    }
    return row
  }

  @Test(arguments: openAI + azure)
  func perMillionRate(rate: Rate) throws {
    let row = try Self.lookUp(rate)
    #expect(row.price.normalizedText == rate.perMillion)
    #expect(row.price.normalizedUnit == "per 1M tokens")
    #expect(row.price.cost(of: 1_000_000) == usd(rate.perMillion), "exact value per 1M tokens")
    #expect(RealBook.book.sources[row.source] != nil, "cites a defined source")
  }

  @Test(arguments: azure)
  func azureMeterUnits(rate: Rate) throws {
    // Azure publishes gpt-image-1 and -1-mini per 1K tokens, 1.5 and 2 per 1M (§1b); the book keeps the meter's unit.
    let row = try Self.lookUp(rate)
    let perThousand = rate.model == "gpt-image-1" || rate.model == "gpt-image-1-mini"
    #expect(row.price.unit == (perThousand ? .perThousandTokens : .perMillionTokens))
    #expect(row.source == "S10")
  }

  @Test func effectiveFromDates() throws {
    // §1b "Effective from" column.
    let expected: [(Rate, String)] = [
      (Rate(provider: "azure", deployment: "global", region: nil, model: "gpt-image-1", component: .textInput, perMillion: ""), "2025-04-01"),
      (Rate(provider: "azure", deployment: "global", region: nil, model: "gpt-image-1", component: .cachedTextInput, perMillion: ""), "2025-06-01"),
      (
        Rate(provider: "azure", deployment: "datazone", region: nil, model: "gpt-image-1", component: .cachedImageInput, perMillion: ""), "2025-06-01"
      ),
      (Rate(provider: "azure", deployment: "global", region: nil, model: "gpt-image-1-mini", component: .imageOutput, perMillion: ""), "2025-10-01"),
      (
        Rate(provider: "azure", deployment: "regional", region: "northeurope", model: "gpt-image-1-mini", component: .imageOutput, perMillion: ""),
        "2026-06-01"
      ),
      (Rate(provider: "azure", deployment: "global", region: nil, model: "gpt-image-1.5", component: .textOutput, perMillion: ""), "2025-12-01"),
      (Rate(provider: "azure", deployment: "batch", region: nil, model: "gpt-image-2", component: .imageOutput, perMillion: ""), "2026-05-01"),
    ]
    for (rate, from) in expected {
      #expect(try Self.lookUp(rate).effective.from == date(from), "\(rate.testDescription)")
    }
  }

  @Test(arguments: ["gpt-image-1", "gpt-image-1-mini"])
  func noTextOutputRateWhereNoneIsListed(model: String) {
    for (provider, deployment) in [("openai", "standard"), ("azure", "global"), ("azure", "datazone")] {
      #expect(throws: QuoteError.self, "\(provider) \(deployment)") {
        try RealBook.book.rate(
          provider: provider, deploymentType: deployment, region: nil, model: model, component: .textOutput, date: RealBook.snapshot)
      }
    }
  }

  @Test(arguments: ["global", "datazone", "batch", "datazone-batch"])
  func azureGptImage2TextOutputHasNoMeter(deployment: String) throws {
    let match = try RealBook.book.rate(
      provider: "azure", deploymentType: deployment, region: nil, model: "gpt-image-2", component: .textOutput, date: RealBook.snapshot)
    guard case .unmetered(let entry) = match else {
      Issue.record("expected an explicit unmetered entry, got \(match)")
      return
    }
    #expect(entry.assumption == "azure-gpt-image-2-text-output-unmetered")
  }

  // §1b: "Regional: no meter found" for gpt-image-1 (and 1.5); no Batch meters for gpt-image-1, -1-mini, -1.5.
  @Test(arguments: [
    ("gpt-image-1", "regional"), ("gpt-image-1.5", "regional"), ("gpt-image-1", "batch"), ("gpt-image-1-mini", "batch"),
    ("gpt-image-1.5", "batch"), ("gpt-image-1", "datazone-batch"), ("gpt-image-2", "regional"),
  ])
  func azureDeploymentsWithoutMeters(model: String, deployment: String) {
    let error = #expect(throws: QuoteError.self) {
      try RealBook.book.rate(
        provider: "azure", deploymentType: deployment, region: nil, model: model, component: .imageOutput, date: RealBook.snapshot)
    }
    guard case .noMeter = error else {
      Issue.record("expected noMeter, got \(String(describing: error))")
      return
    }
  }
}

/// Ratios between deployment types, computed exactly in nano-dollars from the book's own rates.
@Suite struct DeploymentRatioTests {
  static let tokenModels = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"]

  static func rate(_ provider: String, _ deployment: String, _ model: String, _ component: ComponentKind, region: String? = nil) -> Price? {
    guard
      case .rate(let row)? = try? RealBook.book.rate(
        provider: provider, deploymentType: deployment, region: region, model: model, component: component, date: RealBook.snapshot)
    else { return nil }
    return row.price
  }

  /// Nano-dollars per 1M tokens, exactly.
  static func perMillion(_ price: Price) -> Int64 { price.cost(of: 1_000_000).nanos }

  @Test(arguments: tokenModels)
  func dataZoneIs110PercentOfGlobalForEveryImageMeter(model: String) throws {
    var compared = 0
    for component in ComponentKind.allCases where component != .image {
      let global = Self.rate("azure", "global", model, component)
      let dataZone = Self.rate("azure", "datazone", model, component)
      #expect((global == nil) == (dataZone == nil), "\(model) \(component.rawValue): both or neither")
      guard let global, let dataZone else { continue }
      #expect(Self.perMillion(dataZone) * 100 == Self.perMillion(global) * 110, "\(model) \(component.rawValue)")
      #expect(dataZone.unit == global.unit)
      compared += 1
    }
    #expect(compared >= 5, "text, cached text, image, cached image and image output at least")
  }

  @Test func dataZoneBatchIs110PercentOfGlobalBatch() {
    for component in ComponentKind.allCases where component != .image {
      guard let batch = Self.rate("azure", "batch", "gpt-image-2", component) else { continue }
      let dz = Self.rate("azure", "datazone-batch", "gpt-image-2", component)
      #expect(dz.map(Self.perMillion).map { $0 * 100 } == Self.perMillion(batch) * 110, "\(component.rawValue)")
    }
  }

  @Test func regionalMiniIs132PercentOfGlobal() throws {
    for component in [ComponentKind.textInput, .cachedTextInput, .imageInput, .cachedImageInput, .imageOutput] {
      let global = try #require(Self.rate("azure", "global", "gpt-image-1-mini", component))
      let regional = try #require(Self.rate("azure", "regional", "gpt-image-1-mini", component, region: "northeurope"))
      #expect(Self.perMillion(regional) * 100 == Self.perMillion(global) * 132, "\(component.rawValue)")
    }
  }

  @Test func azureGptImage2BatchIsHalfOfGlobal() throws {
    for component in [ComponentKind.textInput, .cachedTextInput, .imageInput, .cachedImageInput, .imageOutput] {
      let global = try #require(Self.rate("azure", "global", "gpt-image-2", component))
      let batch = try #require(Self.rate("azure", "batch", "gpt-image-2", component))
      #expect(Self.perMillion(batch) * 2 == Self.perMillion(global), "\(component.rawValue)")
      let dzGlobal = try #require(Self.rate("azure", "datazone", "gpt-image-2", component))
      let dzBatch = try #require(Self.rate("azure", "datazone-batch", "gpt-image-2", component))
      #expect(Self.perMillion(dzBatch) * 2 == Self.perMillion(dzGlobal), "datazone \(component.rawValue)")
    }
  }

  @Test(arguments: tokenModels)
  func azureGlobalEqualsOpenAIListPrice(model: String) {
    // §1b: "Global gpt-image-1 and 1.5 rates equal OpenAI list prices" (and 2 and mini per §1a/§1b).
    for component in [ComponentKind.textInput, .cachedTextInput, .imageInput, .cachedImageInput, .imageOutput] {
      let openai = Self.rate("openai", "standard", model, component)
      let azure = Self.rate("azure", "global", model, component)
      #expect(openai.map(Self.perMillion) == azure.map(Self.perMillion), "\(model) \(component.rawValue)")
      #expect(openai != nil)
    }
  }

  @Test(arguments: tokenModels)
  func openAIBatchIsHalfOfStandardByNamedAssumption(model: String) throws {
    // §1a: OpenAI batch at 50% is UNCONFIRMED, so each such rate must carry the named assumption.
    for component in ComponentKind.allCases where component != .image {
      guard let standard = Self.rate("openai", "standard", model, component) else { continue }
      let match = try RealBook.book.rate(
        provider: "openai", deploymentType: "batch", region: nil, model: model, component: component, date: RealBook.snapshot)
      guard case .rate(let row) = match else {
        Issue.record("no batch rate for \(model) \(component.rawValue)")
        continue
      }
      #expect(Self.perMillion(row.price) * 2 == Self.perMillion(standard), "\(model) \(component.rawValue)")
      #expect(row.assumption == "openai-batch-half-price")
    }
  }

  @Test func openAIBatchQuoteListsTheAssumption() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(
        model: "gpt-image-2", provider: "openai", deploymentType: "batch", quality: "high", size: size("1024x1024"),
        prompt: .billed(0), textOutputTokens: 0),
      date: RealBook.snapshot)
    #expect(quote.perRequest == usd("0.10536"), "7024 × $15/M")
    #expect(quote.assumptions.contains { $0.id == "openai-batch-half-price" })
  }
}

/// §2: DALL·E per-image prices on both providers.
@Suite struct DallePriceTests {
  struct ImagePrice: Sendable, CustomTestStringConvertible {
    let provider, deployment: String
    let region: String?
    let model, quality, size: String
    /// USD per image as the reference writes it (§2a), or per 100 images (§2b).
    let price: String
    let perHundred: Bool
    var testDescription: String {
      "\(provider) \(deployment)\(region.map { " \($0)" } ?? "") \(model) \(quality) \(size) = \(price)\(perHundred ? "/100" : "")"
    }
  }

  static func openAI(_ model: String, _ quality: String, _ cells: [(String, String)]) -> [ImagePrice] {
    cells.map {
      ImagePrice(provider: "openai", deployment: "standard", region: nil, model: model, quality: quality, size: $0.0, price: $0.1, perHundred: false)
    }
  }
  static func azure(_ deployment: String, _ region: String?, _ model: String, _ quality: String, _ cells: [(String, String)]) -> [ImagePrice] {
    cells.map {
      ImagePrice(provider: "azure", deployment: deployment, region: region, model: model, quality: quality, size: $0.0, price: $0.1, perHundred: true)
    }
  }

  // §2a
  static let openAIPrices: [ImagePrice] =
    openAI("dall-e-3", "standard", [("1024x1024", "0.040"), ("1024x1792", "0.080"), ("1792x1024", "0.080")])
    + openAI("dall-e-3", "hd", [("1024x1024", "0.080"), ("1024x1792", "0.120"), ("1792x1024", "0.120")])
    + openAI("dall-e-2", "standard", [("1024x1024", "0.020"), ("512x512", "0.018"), ("256x256", "0.016")])

  // §2b (per 100 images). LowRes = 1024x1024, HighRes = 1024x1792 / 1792x1024 (derived mapping).
  static func dalle3(_ deployment: String, _ region: String?, stdLow: String, stdHigh: String, hdLow: String, hdHigh: String) -> [ImagePrice] {
    azure(deployment, region, "dall-e-3", "standard", [("1024x1024", stdLow), ("1024x1792", stdHigh), ("1792x1024", stdHigh)])
      + azure(deployment, region, "dall-e-3", "hd", [("1024x1024", hdLow), ("1024x1792", hdHigh), ("1792x1024", hdHigh)])
  }
  static let plus10Regions = ["australiaeast", "eastus", "eastus2", "northcentralus", "westus2"]
  /// The regional HD HighRes meter exists in these +10 % regions only (update of 2026-12-02).
  static let hdHighResRegions: Set = ["australiaeast", "eastus", "eastus2", "westus2"]
  static let plus21Regions = ["swedencentral", "polandcentral", "switzerlandnorth"]
  static let azurePrices: [ImagePrice] =
    dalle3("global", nil, stdLow: "4.00", stdHigh: "8.00", hdLow: "8.00", hdHigh: "12.00")
    + plus10Regions.flatMap { region in
      dalle3("regional", region, stdLow: "4.40", stdHigh: "8.80", hdLow: "8.80", hdHigh: "13.20")
        .filter { hdHighResRegions.contains(region) || !($0.quality == "hd" && $0.size != "1024x1024") }
    }
    + plus21Regions.flatMap { dalle3("regional", $0, stdLow: "4.84", stdHigh: "9.68", hdLow: "9.68", hdHigh: "14.52") }
    + azure("global", nil, "dall-e-2", "standard", [("1024x1024", "2.00"), ("512x512", "2.00"), ("256x256", "2.00")])
    + ["westus2", "eastus"].flatMap {
      azure("regional", $0, "dall-e-2", "standard", [("1024x1024", "2.00"), ("512x512", "2.00"), ("256x256", "2.00")])
    }

  /// A date on which every DALL·E price of the reference is effective and DALL·E still serves on OpenAI.
  static func priceDate(_ p: ImagePrice) -> CivilDate { p.provider == "openai" ? date("2026-01-15") : RealBook.snapshot }

  @Test(arguments: openAIPrices + azurePrices)
  func perImagePriceThroughThePricer(price p: ImagePrice) throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: p.model, provider: p.provider, deploymentType: p.deployment, region: p.region, quality: p.quality, size: size(p.size)),
      requests: 100, date: Self.priceDate(p))
    let line = try #require(quote.line(.image))
    #expect(quote.lines.count == 1, "DALL·E is priced per image only")
    #expect(line.quantityPerRequest == 1)
    let perImage = p.perHundred ? Price(amount: usd(p.price), unit: .perHundredImages).cost(of: 1) : usd(p.price)
    #expect(quote.perRequest == perImage, "\(quote.perRequest.decimalString)")
    #expect(quote.total == (p.perHundred ? usd(p.price) : Price(amount: usd(p.price), unit: .perImage).cost(of: 100)))
    let rate = try #require(line.rate)
    #expect(rate.price.unit == (p.perHundred ? .perHundredImages : .perImage))
    #expect(rate.price.normalizedText == perImage.decimalString)
    #expect(quote.allWarnings.allSatisfy { $0.contains(" was retired on ") }, "only lifecycle warnings: \(quote.allWarnings)")
  }

  @Test(arguments: plus10Regions + plus21Regions)
  func regionalTiersAre110And121PercentOfGlobal(region: String) throws {
    let factor: Int64 = Self.plus10Regions.contains(region) ? 110 : 121
    for quality in ["standard", "hd"] {
      for s in ["1024x1024", "1024x1792", "1792x1024"]
      where quality == "standard" || s == "1024x1024" || !Self.plus10Regions.contains(region)
        || Self.hdHighResRegions.contains(region)
      {
        func price(_ deployment: String, _ region: String?) throws -> Int64 {
          let match = try RealBook.book.rate(
            provider: "azure", deploymentType: deployment, region: region, model: "dall-e-3", component: .image, quality: quality,
            size: size(s), date: RealBook.snapshot)
          guard case .rate(let row) = match else { throw QuoteError.missingTokenRule(model: "dall-e-3", rule: "test") }
          return row.price.amount.nanos
        }
        #expect(try price("regional", region) * 100 == price("global", nil) * factor, "\(quality) \(s)")
      }
    }
  }

  @Test func issueRegionalExample() throws {
    // imagecost quote --model dall-e-3 --quality hd --size 1792x1024 --provider azure --deployment-type regional --region swedencentral
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "dall-e-3", provider: "azure", deploymentType: "regional", region: "swedencentral", quality: "hd", size: size("1792x1024")),
      date: RealBook.snapshot)
    #expect(quote.perRequest.decimalString == "0.1452")
    #expect(quote.line(.image)?.rate?.effective.from == date("2025-09-01"))
    #expect(quote.assumptions.contains { $0.id == "azure-dalle3-resolution-meters" })
  }

  @Test func azureDalle3DefaultsToGlobalStandard1024() throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: "dall-e-3"), date: RealBook.snapshot)
    #expect(quote.request.provider == "azure" && quote.request.deploymentType == "global")
    #expect(quote.request.quality == "standard" && quote.request.size == size("1024x1024"))
    #expect(quote.perRequest.decimalString == "0.04")
  }

  @Test func regionalEPPricesStartOn20250901() {
    #expect(throws: QuoteError.self) {
      try RealBook.pricer.quote(
        ImageRequest(model: "dall-e-3", provider: "azure", deploymentType: "regional", region: "eastus"), date: date("2025-08-31"))
    }
  }
}
