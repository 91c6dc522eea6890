/// What a request consumes in tokens, from the price book's token rules.
public struct TokenModel: Sendable {
  public let rules: TokenRules

  public init(rules: TokenRules) { self.rules = rules }

  /// Output tokens for one image, with the assumption and warning that come with the rule used.
  public struct Output: Hashable, Sendable {
    public let tokens: Int
    public let assumption: String?
    public let warning: String?
    /// For an estimated rule, the plausible range of `tokens`; nil when the rule is published data.
    public var range: ClosedRange<Int>? = nil

    /// Whether the figure is an estimate (a borrowed rule) rather than a published one.
    public var isEstimate: Bool { range != nil }
  }

  /// Image output tokens for one image of `model` at `quality` × `size` (no partial images).
  /// - Throws: ``QuoteError`` when the model has no rule or the table lacks the cell.
  public func outputTokens(model: ModelSpec, quality: String, size: ImageSize) throws -> Output {
    guard let id = model.tokenRules?.output else { throw QuoteError.missingTokenRule(model: model.id, rule: "output") }
    if let table = rules.outputTables[id] {
      guard let tokens = table.cells[quality]?[size] else {
        throw QuoteError.unsupportedSize(model: model.id, size: size, rule: "the token table \(id) has no \(quality) cell for it")
      }
      return Output(tokens: tokens, assumption: nil, warning: nil)
    }
    if let formula = rules.outputFormulas[id] {
      guard let tokens = formula.tokens(quality: quality, size: size) else {
        throw QuoteError.unsupportedQuality(model: model.id, quality: quality, supported: formula.qualityFactors.keys.sorted())
      }
      return Output(tokens: tokens, assumption: formula.assumption, warning: experimentalWarning(formula, model: model, size: size))
    }
    if let estimate = rules.outputEstimates[id] {
      guard let lender = rules.outputFormulas[estimate.borrows] else { throw QuoteError.missingTokenRule(model: model.id, rule: estimate.borrows) }
      let formula = PatchAreaFormula(
        id: estimate.id, qualityFactors: estimate.qualityFactors, areaOffset: lender.areaOffset, areaDivisor: lender.areaDivisor,
        constraints: lender.constraints, source: lender.source, assumption: estimate.assumption, location: estimate.location)
      guard let tokens = formula.tokens(quality: quality, size: size) else {
        throw QuoteError.unsupportedQuality(model: model.id, quality: quality, supported: estimate.qualityFactors.keys.sorted())
      }
      let low = tokens * estimate.rangePercent.lowerBound / 100
      let high = tokens * estimate.rangePercent.upperBound / 100
      return Output(
        tokens: tokens, assumption: estimate.assumption, warning: experimentalWarning(lender, model: model, size: size),
        range: low...max(low, high))
    }
    throw QuoteError.missingTokenRule(model: model.id, rule: id)
  }

  private func experimentalWarning(_ formula: PatchAreaFormula, model: ModelSpec, size: ImageSize) -> String? {
    guard let limit = formula.constraints.experimentalAbovePixels, size.pixels > limit else { return nil }
    return "\(size) is above \(FixedPoint.grouped(Int64(limit))) pixels, which OpenAI calls experimental for \(model.id)."
  }
}
