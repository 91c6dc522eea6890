/// How far above the token model a call's worst case reaches: data, from the price book's token rules
/// (`token_rules.worst_case_margins`, a named assumption). Every factor is in percent of the bound it scales.
public struct WorstCaseMargins: Hashable, Sendable {
  /// Scales the text-input bound (prompt bytes + ``textFixedTokens``): 200 = doubled.
  public var textInputPercent: Int
  /// Fixed text tokens added to the prompt's UTF-8 byte count (request overhead, hidden instructions).
  public var textFixedTokens: Int
  /// Extra text tokens per input image and for the mask (the edit overhead is unknown).
  public var textTokensPerInputImage: Int
  /// Scales image input and image output tokens: 150 = half above the token rules.
  public var imageTokensPercent: Int
  /// Scales the highest observed text-output tokens per image (gpt-image-1.5, gpt-image-2).
  public var textOutputPercent: Int

  public init(textInputPercent: Int, textFixedTokens: Int, textTokensPerInputImage: Int, imageTokensPercent: Int, textOutputPercent: Int) {
    self.textInputPercent = textInputPercent
    self.textFixedTokens = textFixedTokens
    self.textTokensPerInputImage = textTokensPerInputImage
    self.imageTokensPercent = imageTokensPercent
    self.textOutputPercent = textOutputPercent
  }

  /// No margin at all: what an empty price book holds until its token rules set the margins.
  public static let none = WorstCaseMargins(
    textInputPercent: 100, textFixedTokens: 0, textTokensPerInputImage: 0, imageTokensPercent: 100, textOutputPercent: 100)
}

/// What one call is expected to cost and the most it can plausibly cost.
public struct CallPrediction: Hashable, Sendable {
  /// The point prediction (the same figure `imagecost quote` gives for the request).
  public let predicted: USD
  /// Predicted quantities by component (tokens, or images for per-image models).
  public let tokens: [ComponentKind: Int64]
  /// The prediction with the uncertain inputs at their low and high ends (text output per image).
  public let low: USD
  public let high: USD
  /// The most the call can plausibly cost: what the spend cap reserves while it is in flight.
  public let worstCase: USD
  public let worstCaseTokens: [ComponentKind: Int64]
  /// Assumption ids the prediction relies on.
  public let assumptions: [String]

  public init(
    predicted: USD, tokens: [ComponentKind: Int64], low: USD, high: USD, worstCase: USD, worstCaseTokens: [ComponentKind: Int64],
    assumptions: [String]
  ) {
    self.predicted = predicted
    self.tokens = tokens
    self.low = low
    self.high = high
    self.worstCase = worstCase
    self.worstCaseTokens = worstCaseTokens
    self.assumptions = assumptions
  }
}

/// Prices live calls before they are sent: prediction, range and worst case.
///
/// **Worst case** (token models), per request, each component rounded up to whole tokens:
/// - text input: `(UTF-8 bytes of the prompt + textFixedTokens) × textInputPercent` plus
///   `textTokensPerInputImage` per input image and for the mask — an o200k token is at least one byte,
///   so the prompt can never bill more tokens than it has bytes;
/// - image input: for each input image (and the mask, taken as an image of the first input's size), the
///   tile rule at high fidelity with the larger of the published high-fidelity addends, with or without
///   upscaling small images, whichever is more, × `imageTokensPercent`;
/// - image output: the largest output of the quality (every quality when it is `auto` or unset) and the
///   size (every listed size when unset) plus the partial images, × n, × `imageTokensPercent`;
/// - text output (models that emit it): the highest observed count per image × `textOutputPercent` × n;
/// - every component priced at the uncached rate in force on the day; unmetered components cost nothing
///   by their named assumption. Per-image models: the dearest quality and size that the request leaves
///   open, × n (exact).
public struct LiveCallPricer: Sendable {
  public let book: PriceBook
  public let margins: WorstCaseMargins
  let pricer: Pricer

  /// - Parameter margins: the worst case's margins; the price book's by default.
  public init(book: PriceBook, margins: WorstCaseMargins? = nil) {
    self.book = book
    self.margins = margins ?? book.tokenRules.worstCaseMargins
    pricer = Pricer(book: book)
  }

  /// Predicts `call` at the rates effective on `date`.
  /// - Throws: ``QuoteError`` when the call cannot be priced (a live call is never sent unpriced).
  public func predict(_ call: LiveCall, date: CivilDate) throws -> CallPrediction {
    let quote = try pricer.quote(call.request, requests: 1, date: date)
    var tokens: [ComponentKind: Int64] = [:]
    for line in quote.lines { tokens[line.component, default: 0] += line.quantityPerRequest }
    var low = quote.total
    var high = quote.total
    let (resolved, model, _) = try pricer.resolve(call.request)
    if let estimateID = model.tokenRules?.textOutput, let estimate = book.tokenRules.textOutputEstimates[estimateID],
      call.request.textOutputTokens == nil
    {
      var lowRequest = call.request
      lowRequest.textOutputTokens = estimate.low
      var highRequest = call.request
      highRequest.textOutputTokens = estimate.high
      low = try pricer.quote(lowRequest, requests: 1, date: date).total
      high = try pricer.quote(highRequest, requests: 1, date: date).total
    }
    if call.request.quality == "auto" || call.request.quality == nil, model.pricing == .tokens, let lowest = model.capabilities.qualities.first {
      var cheapest = call.request
      cheapest.quality = lowest
      if let estimateID = model.tokenRules?.textOutput, let estimate = book.tokenRules.textOutputEstimates[estimateID],
        call.request.textOutputTokens == nil
      {
        cheapest.textOutputTokens = estimate.low
      }
      low = min(low, (try? pricer.quote(cheapest, requests: 1, date: date).total) ?? low)
    }
    let (worst, worstTokens) = try worstCase(call, resolved: resolved, model: model, date: date)
    return CallPrediction(
      predicted: quote.total, tokens: tokens, low: low, high: max(high, quote.total), worstCase: max(worst, high, quote.total),
      worstCaseTokens: worstTokens,
      assumptions: quote.assumptions.map(\.id))
  }

  /// `value × percent / 100`, rounded up; checked (an overflow is an ``ArithmeticOverflow``, never a trap).
  private func scaled(_ value: Int64, _ percent: Int) throws -> Int64 {
    try value.multiplied(by: Int64(percent), "a worst-case token count").adding(99, "a worst-case token count") / 100
  }

  func worstCase(_ call: LiveCall, resolved: ResolvedRequest, model: ModelSpec, date: CivilDate) throws -> (USD, [ComponentKind: Int64]) {
    let r = resolved
    if model.pricing == .perImage {
      let qualities = call.request.quality == nil ? model.capabilities.qualities : [r.pricedQuality]
      let sizes = call.request.size == nil ? model.capabilities.sizes : [r.size]
      var most = USD.zero
      for quality in qualities {
        for size in sizes {
          guard
            case .rate(let row)? = try? book.rate(
              provider: r.provider, deploymentType: r.deploymentType, region: r.region, model: model.id, component: .image, quality: quality,
              size: size, date: date)
          else { continue }
          most = max(most, try row.price.checkedCost(of: Int64(r.n)))
        }
      }
      return (most, [.image: Int64(r.n)])
    }
    guard let rules = model.tokenRules else { throw QuoteError.missingTokenRule(model: model.id, rule: "tokens") }
    let tokenModel = TokenModel(rules: book.tokenRules)
    var quantities: [ComponentKind: Int64] = [:]
    let images = r.inputImages.count + (call.maskFile != nil ? 1 : 0)
    let promptBytes = Int64(call.prompt.utf8.count)
    let promptBound: Int64
    switch call.request.prompt {
    case .billed(let tokens): promptBound = max(Int64(tokens), promptBytes)
    default: promptBound = promptBytes
    }
    quantities[.textInput] = try scaled(try promptBound.adding(Int64(margins.textFixedTokens)), margins.textInputPercent)
      .adding(try Int64(images).multiplied(by: Int64(margins.textTokensPerInputImage)))

    if r.operation == .edit, let ruleID = rules.inputImage, let rule = book.tokenRules.inputImageRules[ruleID] {
      let addends = [(rule.highFidelitySquare, rule.highFidelityNonSquare)] + rule.alternativeAddends.map { ($0.square, $0.nonSquare) }
      let square = addends.map(\.0).max() ?? 0
      let nonSquare = addends.map(\.1).max() ?? 0
      let upscaling = TileRule(
        id: rule.id, fitWithin: rule.fitWithin, shortestSide: rule.shortestSide, tileSize: rule.tileSize, baseTokens: rule.baseTokens,
        tokensPerTile: rule.tokensPerTile, upscaleSmallImages: !rule.upscaleSmallImages, highFidelitySquare: square,
        highFidelityNonSquare: nonSquare, alternativeAddends: [], source: rule.source, assumptions: [], location: rule.location)
      var total: Int64 = 0
      let sizes = r.inputImages + (call.maskFile != nil ? [r.inputImages.first].compactMap { $0 } : [])
      for size in sizes {
        let base = max(
          rule.baseTokens + rule.tokensPerTile * rule.tiles(for: size).tiles,
          upscaling.baseTokens + upscaling.tokensPerTile * upscaling.tiles(for: size).tiles)
        total = try total.adding(Int64(base)).adding(Int64(size.isSquare ? square : nonSquare))
      }
      quantities[.imageInput] = try scaled(total, margins.imageTokensPercent)
    }
    // With n > 1 the prompt and input images may be billed once per image (the book's n_billing): the worst case
    // assumes so whatever the request chose.
    for component in [ComponentKind.textInput, .imageInput] {
      if let quantity = quantities[component] { quantities[component] = try quantity.multiplied(by: Int64(r.n)) }
    }

    let qualities = (call.request.quality == nil || call.request.quality == "auto") ? model.capabilities.qualities : [r.pricedQuality]
    var sizes = call.request.size == nil ? model.capabilities.sizes : [r.size]
    if sizes.isEmpty {
      sizes = [r.size, ImageSize(width: 1024, height: 1024), ImageSize(width: 1536, height: 1024), ImageSize(width: 1024, height: 1536)]
    }
    var perImage = 0
    for quality in qualities {
      for size in sizes {
        // An estimated rule (gpt-image-2.5/2.6) reaches the top of its range.
        if let output = try? tokenModel.outputTokens(model: model, quality: quality, size: size) {
          perImage = max(perImage, output.range?.upperBound ?? output.tokens)
        }
      }
    }
    let partialTokens = try tokenModel.partialImageTokens(r.partialImages)
    quantities[.imageOutput] = try scaled(try Int64(perImage).adding(partialTokens).multiplied(by: Int64(r.n)), margins.imageTokensPercent)

    if let estimateID = rules.textOutput, let estimate = book.tokenRules.textOutputEstimates[estimateID] {
      let observedHigh = max(estimate.high, call.request.textOutputTokens ?? 0)
      quantities[.textOutput] = try scaled(Int64(observedHigh), margins.textOutputPercent).multiplied(by: Int64(r.n))
    }

    var cost = USD.zero
    for (component, quantity) in quantities where quantity > 0 {
      switch try book.rate(
        provider: r.provider, deploymentType: r.deploymentType, region: r.region, model: model.id, component: component, date: date)
      {
      case .rate(let row): cost = try cost.adding(try row.price.checkedCost(of: quantity), "a worst case")
      case .unmetered: break
      }
    }
    return (cost, quantities)
  }
}
