/// The token quantities one request consumes, per component, each with how it was worked out.
///
/// The one place that turns a resolved request into token counts: the quote prices these lines, and Monte
/// Carlo, the live worst case, replay estimates and reconcile take their parts from the same functions
/// (``TokenModel/inputImageTokens(model:request:rule:)``, ``TokenModel/imageOutputTokens(model:quality:size:partialImages:n:)``).
public struct RequestTokenQuantities: Hashable, Sendable {
  /// One component's tokens per request.
  public struct Line: Hashable, Sendable {
    public let component: ComponentKind
    public let tokens: Int64
    /// How the figure was worked out, for a quote's detail column.
    public let detail: String
    public let basis: Basis
    /// The assumptions and warnings the figure rests on, in the order they were met (kept with the line so a
    /// report lists them in the order the lines are priced).
    public let assumptionIDs: [String]
    public let warnings: [String]
  }

  /// In pricing order: text input, cached text input, image input, cached image input, image output, text output.
  public let lines: [Line]
}

/// Input-image tokens of an edit: the rule used and the tokens of all input images, once.
public struct InputImageTokens: Hashable, Sendable {
  public let rule: String
  public let tokens: Int64
  /// Each image's tokens, `1024x1024 → 1,105`, and the fidelity.
  public let detail: String
}

extension TokenModel {
  /// Every token quantity of one request of `model`, as resolved (`resolved`) from `request`.
  /// - Throws: ``QuoteError`` when a rule is missing or a count goes beyond 64 bits.
  public func quantities(for resolved: ResolvedRequest, of request: ImageRequest, model: ModelSpec) throws -> RequestTokenQuantities {
    guard model.tokenRules != nil else { throw QuoteError.missingTokenRule(model: model.id, rule: "tokens") }
    let r = resolved
    // With n > 1, the prompt and input images are billed once per image or once per request (book default or --n-billing).
    var inputAssumptions = r.n > 1 ? rules.nBilling.assumptions(for: r.nBilling) : []
    let inputCopies = Int64(r.inputCopies)

    // Text input.
    var promptTokens: Int64
    var promptDetail: String
    var promptBasis = Basis.exact
    switch request.prompt {
    case .billed(let tokens):
      promptTokens = Int64(tokens)
      promptDetail = "\(FixedPoint.grouped(promptTokens)) billed prompt tokens"
    case .counted(let tokens, let exact):
      promptTokens = Int64(tokens)
      promptDetail = "\(FixedPoint.grouped(promptTokens)) prompt tokens (\(exact ? "o200k" : "estimated from characters"))"
      if !exact { inputAssumptions.append(Pricer.AssumptionID.promptCharacterEstimate) }
      if r.operation == .generate {
        let overhead = rules.generationPromptOverhead
        promptTokens = try add(promptTokens, Int64(overhead.tokens))
        promptDetail += " + \(overhead.tokens) per-request overhead"
        inputAssumptions.append(overhead.assumption)
      } else {
        inputAssumptions.append(Pricer.AssumptionID.editPromptOverheadUnknown)
      }
      promptBasis = .estimate
    case .unspecified:
      let fallback = rules.defaultPromptTokens
      promptTokens = Int64(fallback.tokens)
      promptDetail = "\(fallback.tokens) prompt tokens assumed (no prompt given)"
      promptBasis = .estimate
      inputAssumptions.append(fallback.assumption)
    }

    // Image input (edits).
    var imageTokens: Int64 = 0
    var imageDetail = ""
    if r.operation == .edit {
      let input = try inputImageTokens(model: model, request: r, rule: request.inputImageRule)
      imageTokens = input.tokens
      imageDetail = input.detail
      inputAssumptions.append(contentsOf: rules.assumptions(ofInputRule: input.rule))
    }
    if inputCopies > 1 {
      promptTokens = try multiply(promptTokens, inputCopies)
      promptDetail = "(\(promptDetail)) × \(inputCopies) images"
      imageTokens = try multiply(imageTokens, inputCopies)
      if !imageDetail.isEmpty { imageDetail = "(\(imageDetail)) × \(inputCopies) images" }
    }

    // Cached share of input tokens.
    let share = r.cachedShare
    if share == nil { inputAssumptions.append(Pricer.AssumptionID.cachedShareZero) }
    let cachedText = share?.of(promptTokens) ?? 0
    let cachedImage = share?.of(imageTokens) ?? 0
    var lines = [
      RequestTokenQuantities.Line(
        component: .textInput, tokens: promptTokens - cachedText,
        detail: promptDetail + (cachedText > 0 ? " minus \(cachedText) cached" : ""), basis: promptBasis, assumptionIDs: inputAssumptions,
        warnings: []),
      .init(
        component: .cachedTextInput, tokens: cachedText, detail: "\(share?.description ?? "0") of \(promptTokens) prompt tokens",
        basis: promptBasis, assumptionIDs: [], warnings: []),
      .init(component: .imageInput, tokens: imageTokens - cachedImage, detail: imageDetail, basis: .exact, assumptionIDs: [], warnings: []),
      .init(
        component: .cachedImageInput, tokens: cachedImage, detail: "\(share?.description ?? "0") of \(imageTokens) image tokens",
        basis: .exact, assumptionIDs: [], warnings: []),
    ]

    // Image output × n, with partial images.
    let output = try imageOutputTokens(model: model, quality: r.pricedQuality, size: r.size, partialImages: r.partialImages, n: r.n)
    let perImage = output.perImage
    var outputAssumptions = perImage.assumption.map { [$0] } ?? []
    if r.partialImages > 0 { outputAssumptions.append(Pricer.AssumptionID.partialImagesPerImage) }
    var outputDetail = "\(FixedPoint.grouped(Int64(perImage.tokens))) (\(r.pricedQuality) \(r.size))"
    if r.partialImages > 0 { outputDetail += " + \(r.partialImages) partial × \(rules.partialImageTokens)" }
    if r.n > 1 { outputDetail = "(\(outputDetail)) × \(r.n) images" }
    if let range = perImage.range {
      outputDetail +=
        " estimated (range \(FixedPoint.grouped(Int64(range.lowerBound)))–\(FixedPoint.grouped(Int64(range.upperBound))) per image)"
    }
    lines.append(
      .init(
        component: .imageOutput, tokens: output.total, detail: outputDetail, basis: perImage.isEstimate ? .estimate : .exact,
        assumptionIDs: outputAssumptions, warnings: perImage.warning.map { [$0] } ?? []))

    // Text output (the models whose token rules name a text-output estimate).
    if let estimateID = model.tokenRules?.textOutput {
      guard let estimate = rules.textOutputEstimates[estimateID] else { throw QuoteError.missingTokenRule(model: model.id, rule: estimateID) }
      let many = r.n > 1 ? " × \(r.n)" : ""
      if let override = request.textOutputTokens {
        lines.append(
          .init(
            component: .textOutput, tokens: try multiply(Int64(override), Int64(r.n)),
            detail: "\(override) per image (--text-output-tokens)" + many, basis: .exact, assumptionIDs: [], warnings: []))
      } else {
        lines.append(
          .init(
            component: .textOutput, tokens: try multiply(Int64(estimate.typical), Int64(r.n)),
            detail: "\(estimate.typical) per image assumed (observed \(estimate.low)–\(estimate.high))" + many, basis: .estimate,
            assumptionIDs: [estimate.assumption], warnings: []))
      }
    }
    return RequestTokenQuantities(lines: lines)
  }

  /// Tokens of an edit's input images, billed once, by `rule` (nil: the model's own rule). The rule must be the
  /// model's or one of its named alternatives.
  public func inputImageTokens(model: ModelSpec, request r: ResolvedRequest, rule: String?) throws -> InputImageTokens {
    guard let defaultRule = model.tokenRules?.inputImage else { throw QuoteError.missingTokenRule(model: model.id, rule: "input_image") }
    let ruleID = rule ?? defaultRule
    let alternatives = model.tokenRules?.inputImageAlternatives ?? []
    guard ruleID == defaultRule || alternatives.contains(ruleID) else {
      throw QuoteError.unknownInputImageRule(model: model.id, rule: ruleID, known: [defaultRule] + alternatives)
    }
    let high = r.inputFidelity == "high"
    var total: Int64 = 0
    var parts: [String] = []
    for size in r.inputImages {
      guard let tokens = rules.inputImageTokens(rule: ruleID, size: size, highFidelity: high) else {
        throw QuoteError.missingTokenRule(model: model.id, rule: ruleID)
      }
      total = try add(total, Int64(tokens))
      parts.append("\(size) → \(FixedPoint.grouped(Int64(tokens)))")
    }
    return InputImageTokens(rule: ruleID, tokens: total, detail: parts.joined(separator: ", ") + " (\(high ? "high" : "low") fidelity)")
  }

  /// Image output tokens of one request: the rule's tokens per image plus `partialImages` streamed partial
  /// images, × `n`; with the per-image figure and the assumption, warning and range that come with its rule.
  public func imageOutputTokens(model: ModelSpec, quality: String, size: ImageSize, partialImages: Int, n: Int) throws -> (
    total: Int64, perImage: Output
  ) {
    let perImage = try outputTokens(model: model, quality: quality, size: size)
    let total = try multiply(try add(Int64(perImage.tokens), try partialImageTokens(partialImages)), Int64(n))
    return (total, perImage)
  }

  /// The tokens `count` streamed partial images per image add to `images` images.
  public func partialImageTokens(_ count: Int, images: Int = 1) throws -> Int64 {
    try multiply(try multiply(Int64(count), Int64(rules.partialImageTokens)), Int64(images))
  }

  /// `a + b`, or the quote's one-sentence error when the sum does not fit 64 bits.
  private func add(_ a: Int64, _ b: Int64) throws -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    guard !overflow else { throw QuoteError.tooLarge(Self.tooManyTokens) }
    return sum
  }

  /// `a × b`, or the quote's one-sentence error when the product does not fit 64 bits.
  private func multiply(_ a: Int64, _ b: Int64) throws -> Int64 {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow else { throw QuoteError.tooLarge(Self.tooManyTokens) }
    return product
  }

  private static let tooManyTokens = "A token count is more than imagecost can count."
}
