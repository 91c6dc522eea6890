/// Prices image requests against a ``PriceBook``: declare quantities, look up dated rates, add up.
///
/// Pure: no I/O, no clock. The date to price at is a parameter.
public struct Pricer: Sendable {
  public let book: PriceBook
  /// The book's image models by every name ``PriceBook/canonicalModelID(_:)`` accepts (ids and aliases in
  /// lower case), so that resolving a logged name costs one look-up, not a scan of the models.
  private let modelIDs: [String: String]

  public init(book: PriceBook) {
    self.book = book
    modelIDs = book.imageModelIndex
  }

  /// ``PriceBook/model(named:)`` through the index.
  func model(named name: String) -> ModelSpec? {
    if let exact = book.models[name] { return exact }
    if book.textModels[name] != nil { return nil }
    return modelIDs[name.lowercased()].flatMap { book.models[$0] }
  }

  /// Assumption ids that the pricing code relies on; the price book must define each of them.
  public static let requiredAssumptions = [
    AssumptionID.promptOncePerRequest, AssumptionID.inputImagesOncePerRequest, AssumptionID.cachedShareZero,
    AssumptionID.qualityAutoAsHigh, AssumptionID.defaultSize, AssumptionID.partialImagesPerImage,
    AssumptionID.editPromptOverheadUnknown, AssumptionID.promptCharacterEstimate, PlanSimulator.failedRequestsBilled, ReplayPricer.failedNotBilled,
    ReplayPricer.outputSplit,
  ]

  /// Ids of the assumptions the pricing code itself applies.
  public enum AssumptionID {
    public static let promptOncePerRequest = "prompt-billed-once-per-request"
    public static let inputImagesOncePerRequest = "input-images-billed-once-per-request"
    public static let cachedShareZero = "cached-share-zero"
    public static let qualityAutoAsHigh = "quality-auto-priced-as-high"
    public static let defaultSize = "default-size"
    public static let partialImagesPerImage = "partial-images-per-image"
    public static let editPromptOverheadUnknown = "edit-prompt-overhead-unknown"
    public static let promptCharacterEstimate = "prompt-tokens-from-characters"
  }

  /// Checks `request` against the model's capabilities and applies the book's defaults.
  public func resolve(_ request: ImageRequest) throws -> (ResolvedRequest, ModelSpec, [String]) {
    try resolve(request) { throw $0 }
  }

  /// Resolves a logged request that carries its billed usage. The usage is the bill: the capability table
  /// is for checking a request before it is sent, so a logged request it would refuse (input_fidelity on a
  /// model said to lack it, a size or quality it does not list…) still resolves, with the request's own
  /// values, and each disagreement is returned instead of thrown. What pricing cannot do without (an
  /// unknown model, provider or deployment type, a missing token rule) still throws.
  public func resolveLogged(_ request: ImageRequest) throws -> (ResolvedRequest, ModelSpec, disagreements: [QuoteError]) {
    var found: [QuoteError] = []
    let (resolved, model, _) = try resolve(request) { error in
      if case .missingInputImage = error { return }  // a log may omit the input images' sizes: they are in the usage
      if !found.contains(error) { found.append(error) }
    }
    return (resolved, model, found)
  }

  /// ``resolve(_:)`` with each capability check's failure passed to `capability`, which throws it (a
  /// request to be sent) or notes it and lets resolution go on with the request's own values (a logged one).
  private func resolve(_ request: ImageRequest, capability: (QuoteError) throws -> Void) throws -> (ResolvedRequest, ModelSpec, [String]) {
    guard let model = model(named: request.model) else {
      throw QuoteError.unknownModel(request.model, known: book.modelIDs)
    }
    let caps = model.capabilities
    var assumptionIDs: [String] = []
    let providerID = request.provider ?? book.defaultProvider
    guard let provider = book.providers[providerID] else {
      throw QuoteError.unknownProvider(providerID, known: book.providers.keys.sorted())
    }
    let deploymentType = request.deploymentType ?? provider.defaultDeploymentType
    guard provider.deploymentTypes.contains(deploymentType) else {
      throw QuoteError.unknownDeploymentType(deploymentType, provider: provider.id, known: provider.deploymentTypes)
    }
    if !caps.operations.contains(request.operation) {
      try capability(QuoteError.unsupportedOperation(model: model.id, operation: request.operation, supported: caps.operations))
    }
    // Quality: given, or the provider's default for the model; `auto` is priced as high.
    let quality = request.quality ?? caps.defaultQuality[provider.id] ?? caps.qualities.last ?? ""
    var pricedQuality = quality
    if quality == "auto", model.pricing == .tokens, caps.qualities.contains("high") {
      pricedQuality = "high"
      assumptionIDs.append(AssumptionID.qualityAutoAsHigh)
    } else if !caps.qualities.contains(quality) {
      let accepted = caps.qualities + (model.pricing == .tokens ? ["auto"] : [])
      try capability(QuoteError.unsupportedQuality(model: model.id, quality: quality, supported: accepted))
    }
    // Size: listed sizes, or the formula's constraints.
    let size = request.size ?? caps.defaultSize
    if request.size == nil { assumptionIDs.append(AssumptionID.defaultSize) }
    if let formulaID = caps.sizeFormula {
      guard let formula = book.tokenRules.outputFormulas[formulaID] else {
        throw QuoteError.missingTokenRule(model: model.id, rule: formulaID)
      }
      if let violation = formula.constraints.violation(size) {
        try capability(QuoteError.unsupportedSize(model: model.id, size: size, rule: "\(violation) (\(formula.constraints.ruleText))"))
      }
    } else if !caps.sizes.contains(size) {
      try capability(
        QuoteError.unsupportedSize(
          model: model.id, size: size, rule: "it accepts \(caps.sizes.map(\.description).joined(separator: ", "))"))
    }
    if !caps.n.contains(request.n) { try capability(QuoteError.invalidN(model: model.id, n: request.n, range: caps.n)) }
    // Input images and fidelity.
    switch request.operation {
    case .generate:
      if !request.inputImages.isEmpty { try capability(QuoteError.inputImagesOnGenerate) }
      if request.inputFidelity != nil { try capability(QuoteError.fidelityOnGenerate) }
    case .edit:
      if request.inputImages.isEmpty { try capability(QuoteError.missingInputImage(model: model.id)) }
      if request.inputImages.count > caps.maxInputImages {
        try capability(QuoteError.tooManyInputImages(model: model.id, count: request.inputImages.count, max: caps.maxInputImages))
      }
    }
    var fidelity = request.inputFidelity
    if let given = request.inputFidelity {
      if given != "low" && given != "high" { try capability(QuoteError.invalidFidelity(given)) }
      switch caps.inputFidelity {
      case .unsupported: try capability(QuoteError.fidelityUnsupported(model: model.id))
      case .alwaysHigh: try capability(QuoteError.fidelityMustBeOmitted(model: model.id))
      case .optional: break
      }
    } else if request.operation == .edit, model.pricing == .tokens {
      fidelity = caps.inputFidelity == .alwaysHigh ? "high" : (caps.inputFidelity == .optional ? "low" : nil)
    }
    if request.partialImages != 0 {
      if !caps.streaming || caps.partialImages.upperBound <= 0 {
        try capability(QuoteError.partialImagesUnsupported(model: model.id))
      } else if !caps.partialImages.contains(request.partialImages) {
        try capability(QuoteError.invalidPartialImages(model: model.id, count: request.partialImages, range: caps.partialImages))
      }
    }
    if let characters = request.promptCharacters, characters > caps.promptMaxChars {
      try capability(QuoteError.promptTooLong(model: model.id, characters: characters, limit: caps.promptMaxChars))
    }
    let resolved = ResolvedRequest(
      model: model.id, provider: provider.id, deploymentType: deploymentType, region: request.region,
      operation: request.operation, quality: quality, pricedQuality: pricedQuality, size: size, n: request.n,
      inputImages: request.inputImages, inputFidelity: fidelity, partialImages: request.partialImages,
      cachedShare: request.cachedShare, nBilling: request.nBilling ?? book.tokenRules.nBilling.defaultMode)
    return (resolved, model, assumptionIDs)
  }

  /// Prices `request` × `requests` at the rates effective on `date`.
  /// - Throws: ``QuoteError`` for anything invalid or unpriceable; never returns a silent $0.
  public func quote(_ request: ImageRequest, requests: Int64 = 1, date: CivilDate) throws -> Quote {
    guard requests >= 1 else { throw QuoteError.invalidCount(name: "--requests", value: Int(clamping: requests)) }
    if let text = PlausibilityBounds.excess("requests", requests, max: PlausibilityBounds.requestsPerQuote, unit: "per quote") {
      throw QuoteError.tooLarge(text + ".")
    }
    if let text = PlausibilityBounds.violation(of: request) { throw QuoteError.tooLarge(text + ".") }
    let (resolved, model, initialAssumptions) = try resolve(request)
    let sheet = QuoteSheet(book: book, request: resolved, model: model, date: date, requests: requests)
    sheet.assumptionIDs = initialAssumptions + model.assumptions

    let lifecycle = book.lifecycle(of: model.id, provider: resolved.provider, at: date)
    sheet.lifecycle = lifecycle

    switch model.pricing {
    case .perImage:
      let n = resolved.n
      try sheet.price(
        .image, Int64(n), unit: "images", detail: "\(n) image\(n == 1 ? "" : "s") \(resolved.pricedQuality) \(resolved.size)",
        basis: .exact, quality: resolved.pricedQuality, size: resolved.size)
    case .tokens:
      try priceTokens(resolved, model: model, request: request, sheet: sheet)
    }
    return try sheet.quote()
  }

  /// Prices the token quantities of the request (``TokenModel/quantities(for:of:model:)``), line by line.
  private func priceTokens(_ r: ResolvedRequest, model: ModelSpec, request: ImageRequest, sheet: QuoteSheet) throws {
    let quantities = try TokenModel(rules: book.tokenRules).quantities(for: r, of: request, model: model)
    for line in quantities.lines {
      sheet.assumptionIDs.append(contentsOf: line.assumptionIDs)
      sheet.warnings.append(contentsOf: line.warnings)
      try sheet.price(line.component, line.tokens, unit: "tokens", detail: line.detail, basis: line.basis)
    }
  }
}

/// The lines, assumptions and warnings of one quote while it is being priced.
final class QuoteSheet {
  let book: PriceBook
  let request: ResolvedRequest
  let model: ModelSpec
  let date: CivilDate
  let requests: Int64
  var lines: [QuoteLine] = []
  var assumptionIDs: [String] = []
  var warnings: [String] = []
  var lifecycle: ModelLifecycle?

  init(book: PriceBook, request: ResolvedRequest, model: ModelSpec, date: CivilDate, requests: Int64) {
    self.book = book
    self.request = request
    self.model = model
    self.date = date
    self.requests = requests
  }

  /// Looks up the rate for `quantity` of `component` and adds the priced line (zero quantities add nothing).
  func price(
    _ component: ComponentKind, _ quantity: Int64, unit: String, detail: String, basis: Basis, quality: String? = nil,
    size: ImageSize? = nil
  ) throws {
    guard quantity > 0 else { return }
    let match = try book.rate(
      provider: request.provider, deploymentType: request.deploymentType, region: request.region, model: model.id,
      component: component, quality: quality, size: size, date: date)
    let (total, overflow) = quantity.multipliedReportingOverflow(by: requests)
    guard !overflow else { throw QuoteError.tooLarge("\(component.label): \(quantity) × \(requests) requests is more than imagecost can count.") }
    switch match {
    case .rate(let row):
      if let assumption = row.assumption { assumptionIDs.append(assumption) }
      lines.append(
        QuoteLine(
          component: component, quantityPerRequest: quantity, quantityTotal: total, unit: unit, detail: detail, basis: basis,
          rate: row, unmetered: nil, costPerRequest: try Self.cost(row, quantity), costTotal: try Self.cost(row, total)))
    case .unmetered(let row):
      assumptionIDs.append(row.assumption)
      warnings.append(
        "\(component.label) (\(FixedPoint.grouped(quantity)) \(unit) per request) has no meter on \(request.provider) \(request.deploymentType); not billed, by assumption \(row.assumption)."
      )
      lines.append(
        QuoteLine(
          component: component, quantityPerRequest: quantity, quantityTotal: total, unit: unit, detail: detail, basis: basis,
          rate: nil, unmetered: row, costPerRequest: .zero, costTotal: .zero))
    }
  }

  func quote() throws -> Quote {
    func sum(_ amounts: [USD]) throws -> USD {
      var total: Int64 = 0
      for amount in amounts {
        let (next, overflow) = total.addingReportingOverflow(amount.nanos)
        guard !overflow else { throw QuoteError.tooLarge(USD.overflowSentence) }
        total = next
      }
      return USD(nanos: total)
    }
    var seen = Set<String>()
    let assumptions = assumptionIDs.filter { seen.insert($0).inserted }.compactMap { book.assumptions[$0] }
    var seenSources = Set<String>()
    let sources = lines.compactMap(\.rate?.source).filter { seenSources.insert($0).inserted }.compactMap { book.sources[$0] }
    return Quote(
      request: request, date: date, requests: requests, lines: lines,
      perRequest: try sum(lines.map(\.costPerRequest)), total: try sum(lines.map(\.costTotal)),
      assumptions: assumptions, warnings: warnings, retirement: lifecycle?.status == .retired ? lifecycle?.retirement : nil, sources: sources,
      priceBookFingerprint: book.fingerprint,
      priceBookAsOf: book.asOf, priceBookAge: book.age(at: date), lifecycle: lifecycle)
  }
}

extension QuoteSheet {
  /// A line's cost, or one sentence (``QuoteError/tooLarge(_:)``) when it does not fit 64-bit nano-dollars.
  static func cost(_ row: RateRow, _ quantity: Int64) throws -> USD {
    do { return try row.price.checkedCost(of: quantity) } catch { throw QuoteError.tooLarge(USD.overflowSentence) }
  }
}
