/// A prompt-refinement stage of a pipeline (`kind: refine`): calls to a `kind: text` model of the price book made
/// before the image calls, `rounds_per_final` calls per attempted final. Each call is billed text input (less the
/// cached share), cached text input and text output, at the text model's dated rates.
public struct RefineStage: Hashable, Sendable {
  /// The text model's id in the price book.
  public let model: String
  /// Calls per attempted final, in parts per million (the point estimate; 2.5 rounds = 2,500,000).
  public let roundsPerFinalPPM: Int64
  /// Input tokens per call (the point estimate), the per-message overhead included for sample conversations.
  public let inputTokens: Int64
  /// Output tokens per call (the point estimate).
  public let outputTokens: Int64
  /// Share of input tokens billed at the cached rate.
  public let cachedShare: Share?
  /// Set when the tokens were counted from a file of sample conversations: how many.
  public let sampleConversations: Int?

  public init(
    model: String, roundsPerFinalPPM: Int64, inputTokens: Int64, outputTokens: Int64, cachedShare: Share?, sampleConversations: Int? = nil
  ) {
    self.model = model
    self.roundsPerFinalPPM = roundsPerFinalPPM
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.cachedShare = cachedShare
    self.sampleConversations = sampleConversations
  }

  /// Assumption named when input tokens are counted from sample conversations (pricing/assumptions.yaml).
  public static let messageOverheadAssumption = "chat-message-overhead"
  /// Tokens added to each message of a sample conversation (role and delimiters) and once per call for the
  /// primed reply: OpenAI's cookbook "How to count tokens with tiktoken" (3 and 3 for the gpt-4o family).
  public static let tokensPerMessage = 3
  public static let tokensPerReply = 3

  /// The tokens of `calls` calls with `input` and `output` tokens per call: (text input, cached text input, text output).
  public func quantities(calls: Int64, input: Int64, output: Int64) -> [(ComponentKind, perCall: Int64)] {
    let cached = cachedShare?.of(input) ?? 0
    return [(.textInput, input - cached), (.cachedTextInput, cached), (.textOutput, output)]
  }

  /// The text model's rates for one component on `date`.
  public static func price(
    _ kind: ComponentKind, model: String, book: PriceBook, provider: String, deploymentType: String, region: String?, date: CivilDate
  ) throws -> RateRow? {
    switch try book.rate(provider: provider, deploymentType: deploymentType, region: region, model: model, component: kind, date: date) {
    case .rate(let row): return row
    case .unmetered: return nil
    }
  }

  /// The priced lines of `calls` calls in one month at the point estimate: one line per component with tokens, each
  /// cost = tokens per call × calls × rate, rounded half-even to the nano-dollar per line (``Price/cost(of:)``).
  /// - Throws: ``QuoteError`` when the text model has no rate for a needed component on that day,
  ///   ``ArithmeticOverflow`` when the tokens or their cost do not fit in 64 bits.
  public func lines(
    calls: Int64, book: PriceBook, provider: String, deploymentType: String, region: String?, date: CivilDate
  ) throws -> [QuoteLine] {
    var lines: [QuoteLine] = []
    for (kind, perCall) in quantities(calls: calls, input: inputTokens, output: outputTokens) where perCall > 0 {
      let row = try RefineStage.price(
        kind, model: model, book: book, provider: provider, deploymentType: deploymentType, region: region, date: date)
      let (total, overflow) = perCall.multipliedReportingOverflow(by: calls)
      if overflow { throw ArithmeticOverflow("the refinement tokens of \(calls) calls") }
      let cost = try row?.price.checkedCost(of: total) ?? .zero
      lines.append(
        QuoteLine(
          component: kind, quantityPerRequest: perCall, quantityTotal: total, unit: "tokens",
          detail: "\(FixedPoint.grouped(perCall)) × \(FixedPoint.grouped(calls)) refinement calls",
          basis: sampleConversations == nil ? .exact : .estimate, rate: row, unmetered: nil,
          costPerRequest: row?.price.cost(of: perCall) ?? .zero, costTotal: cost))
    }
    return lines
  }
}
