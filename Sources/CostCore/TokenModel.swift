/// What a request consumes in tokens, from the price book's token rules.
public struct TokenModel: Sendable {
  public let rules: TokenRules

  public init(rules: TokenRules) { self.rules = rules }

  /// Output tokens for one image, with the assumption and warning that come with the rule used.
  public struct Output: Hashable, Sendable {
    public let tokens: Int
    public let assumption: String?
    public let warning: String?
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
      var warning: String?
      if let limit = formula.constraints.experimentalAbovePixels, size.pixels > limit {
        warning = "\(size) is above \(FixedPoint.grouped(Int64(limit))) pixels, which OpenAI calls experimental for \(model.id)."
      }
      return Output(tokens: tokens, assumption: formula.assumption, warning: warning)
    }
    throw QuoteError.missingTokenRule(model: model.id, rule: id)
  }
}
