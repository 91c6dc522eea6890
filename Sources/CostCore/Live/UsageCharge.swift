/// When a reported usage is believed: the bounds live mode applies before it charges a call from its
/// usage. A usage outside them is treated like an unreadable answer (charged the call's worst case). The
/// bounds themselves are in the one table, ``PlausibilityBounds``.
public enum UsagePlausibility {
  /// No token count of one answer may exceed this: ``PlausibilityBounds/liveUsageTokens``.
  public static let maxTokenCount = PlausibilityBounds.liveUsageTokens
  /// ``PlausibilityBounds/liveWorstCaseFactor``.
  public static let worstCaseFactor = PlausibilityBounds.liveWorstCaseFactor
  /// ``PlausibilityBounds/liveSlackTokens``.
  public static let slackTokens = PlausibilityBounds.liveSlackTokens

  /// Why `usage` is not believable for a call whose worst case is `worstCaseTokens`; nil when it is.
  ///
  /// Implausible: a negative count, a detail larger than its total (or details adding up to more than
  /// it), a count above ``maxTokenCount``, or an input or output total above
  /// ``worstCaseFactor`` × the worst case + ``slackTokens``.
  public static func problem(with usage: ImageUsage, worstCaseTokens: [ComponentKind: Int64]) -> String? {
    let fields: [(String, Int64?)] = [
      ("input_tokens", usage.inputTokens), ("input_tokens_details.text_tokens", usage.inputTextTokens),
      ("input_tokens_details.image_tokens", usage.inputImageTokens), ("output_tokens", usage.outputTokens),
      ("output_tokens_details.image_tokens", usage.outputImageTokens), ("output_tokens_details.text_tokens", usage.outputTextTokens),
    ]
    for case (let name, let value?) in fields {
      if value < 0 { return "usage.\(name) is negative (\(value))" }
      if value > maxTokenCount {
        return "usage.\(name) is \(value), more than the \(FixedPoint.grouped(maxTokenCount)) tokens any answer can plausibly report"
      }
    }
    // Counts are at most 10^12 here, so these sums cannot overflow.
    if (usage.inputTextTokens ?? 0) + (usage.inputImageTokens ?? 0) > usage.inputTokens {
      return "usage.input_tokens_details add up to more than usage.input_tokens (\(usage.inputTokens))"
    }
    if (usage.outputTextTokens ?? 0) + (usage.outputImageTokens ?? 0) > usage.outputTokens {
      return "usage.output_tokens_details add up to more than usage.output_tokens (\(usage.outputTokens))"
    }
    var worst: Int64 = 0
    for (_, tokens) in worstCaseTokens {
      let (sum, overflow) = worst.addingReportingOverflow(max(0, tokens))
      worst = overflow ? Int64.max : sum
    }
    let (scaled, overflow1) = worst.multipliedReportingOverflow(by: worstCaseFactor)
    let (bound, overflow2) = scaled.addingReportingOverflow(slackTokens)
    let limit = overflow1 || overflow2 ? Int64.max : bound
    for (name, value) in [("input_tokens", usage.inputTokens), ("output_tokens", usage.outputTokens)] where value > limit {
      return
        "usage.\(name) is \(FixedPoint.grouped(value)), more than \(worstCaseFactor) × the call's worst case of \(FixedPoint.grouped(worst)) tokens"
    }
    return nil
  }
}

/// How an output without `output_tokens_details` is taken to split when the best estimate is wanted
/// (the actual of a live call, reconcile). The cap does not use it: it charges the dearest plausible split.
public enum AssumedOutputSplit {
  /// The text output tokens assumed. When replay's split rule (image output as predicted, the rest text)
  /// leaves a text count inside the observed range (`textRange`, already × n), the rule stands: the
  /// drift is in the text. Otherwise the text was as predicted and the rest is image output — extra
  /// image tokens are an output-table gap, not text.
  public static func text(output: Int64, predictedImage: Int64, predictedText: Int64, textRange: ClosedRange<Int64>?) -> Int64 {
    let ruleText = output - min(max(0, predictedImage), output)
    if let textRange, textRange.contains(ruleText) { return ruleText }
    return min(output, max(0, predictedText))
  }

  /// The observed text-output range of `request`'s model × n, when its token rules name one.
  public static func textRange(book: PriceBook, request: ImageRequest) -> ClosedRange<Int64>? {
    guard let id = book.model(named: request.model)?.tokenRules?.textOutput, let estimate = book.tokenRules.textOutputEstimates[id] else {
      return nil
    }
    let n = Int64(max(1, request.n))
    let low = Int64(estimate.low).multipliedReportingOverflow(by: n)
    let high = Int64(estimate.high).multipliedReportingOverflow(by: n)
    guard !low.overflow, !high.overflow, low.partialValue <= high.partialValue else { return nil }
    return low.partialValue...high.partialValue
  }
}

/// What a live attempt is charged from the usage it reported.
public struct UsageCharge: Hashable, Sendable {
  /// What the spend cap counts: with an unknown split, the dearest plausible split.
  public let charged: USD
  /// The best estimate of the bill: with an unknown split, as ``AssumedOutputSplit`` assumes.
  public let actual: USD
  /// True when the usage had no output (or input) details and a split had to be assumed.
  public let splitAssumed: Bool
  /// The usage with every detail filled in as ``actual`` assumes.
  public let estimated: ImageUsage
}

/// The answer of ``LiveUsageCharger/charge(_:request:prediction:date:)``.
public enum UsageChargeResult: Hashable, Sendable {
  case charged(UsageCharge)
  /// Not believable (see ``UsagePlausibility``): the attempt is charged its worst case.
  case implausible(String)
  /// No rate for a component, unknown model: the attempt is charged its worst case.
  case unpriced(String)
}

/// Charges live attempts from their usage so the spend cap holds whatever the usage says.
///
/// - Output without `output_tokens_details` on a model that also emits text (gpt-image-1.5,
///   gpt-image-2): the split between image and text output is unknown. Replay's split rule (image tokens
///   up to the token table, the rest text) would put extra image tokens at the text rate — unmetered on
///   some deployments — so the cap would under-count. For the cap, the output is split the dearest
///   plausible way: as many tokens as the worst case allows go to the dearer component (image output),
///   the rest to the other. The actual (best estimate) follows ``AssumedOutputSplit``.
/// - Input without `input_tokens_details` on an edit: the same, between text and image input.
public struct LiveUsageCharger: Sendable {
  public let book: PriceBook
  let replay: ReplayPricer

  public init(book: PriceBook) {
    self.book = book
    replay = ReplayPricer(book: book)
  }

  /// The assumption id recorded when a split was assumed.
  public static let splitAssumed = "live-split-charged-at-dearest-rate"

  public func charge(_ usage: ImageUsage, request: ImageRequest, prediction: CallPrediction, date: CivilDate) -> UsageChargeResult {
    if let problem = UsagePlausibility.problem(with: usage, worstCaseTokens: prediction.worstCaseTokens) { return .implausible(problem) }
    // Output usage without a split is all image output for a model that emits no text (gpt-image-2 and later).
    let emitsText = book.model(named: request.model).map(book.emitsTextOutput) ?? false

    // Candidate (image, text) splits of the output: the estimate first, then the two extremes.
    var outputSplits: [(image: Int64, text: Int64)]
    var assumed = false
    let output = usage.outputTokens
    if let image = usage.outputImageTokens {
      outputSplits = [(image, usage.outputTextTokens ?? (output - image))]
    } else if let text = usage.outputTextTokens {
      outputSplits = [(output - text, text)]
    } else if !emitsText {
      outputSplits = [(output, 0)]
    } else {
      assumed = true
      let text = AssumedOutputSplit.text(
        output: output, predictedImage: prediction.tokens[.imageOutput] ?? 0, predictedText: prediction.tokens[.textOutput] ?? 0,
        textRange: AssumedOutputSplit.textRange(book: book, request: request))
      let worstImage = max(0, prediction.worstCaseTokens[.imageOutput] ?? 0)
      let worstText = max(0, prediction.worstCaseTokens[.textOutput] ?? 0)
      let imageFirst = min(output, worstImage)
      let textFirst = min(output, worstText)
      outputSplits = [(output - text, text), (imageFirst, output - imageFirst), (output - textFirst, textFirst)]
    }
    var inputSplits: [(text: Int64, image: Int64)]
    let input = usage.inputTokens
    if let image = usage.inputImageTokens {
      inputSplits = [(usage.inputTextTokens ?? (input - image), image)]
    } else if let text = usage.inputTextTokens {
      inputSplits = [(text, input - text)]
    } else if request.operation != .edit {
      inputSplits = [(input, 0)]
    } else {
      assumed = true
      let image = min(input, max(0, prediction.tokens[.imageInput] ?? 0))
      let worstImage = max(0, prediction.worstCaseTokens[.imageInput] ?? 0)
      let worstText = max(0, prediction.worstCaseTokens[.textInput] ?? 0)
      let imageFirst = min(input, worstImage)
      let textFirst = min(input, worstText)
      inputSplits = [(input - image, image), (input - imageFirst, imageFirst), (textFirst, input - textFirst)]
    }
    var estimate: (USD, ImageUsage)?
    var dearest = USD.zero
    for (i, inputSplit) in inputSplits.enumerated() {
      for (o, outputSplit) in outputSplits.enumerated() {
        let explicit = ImageUsage(
          inputTokens: input, inputTextTokens: inputSplit.text, inputImageTokens: inputSplit.image, outputTokens: output,
          outputImageTokens: outputSplit.image, outputTextTokens: outputSplit.text)
        let priced = replay.price(UsageRecord(id: "", date: date, timestamp: "", request: request, status: 200, tags: [:], usage: explicit))
        guard priced.basis == .priced else { return .unpriced(priced.reason ?? "the usage could not be priced") }
        if i == 0, o == 0 { estimate = (priced.cost, explicit) }
        dearest = max(dearest, priced.cost)
      }
    }
    guard let (actual, estimated) = estimate else { return .unpriced("the usage could not be priced") }
    return .charged(UsageCharge(charged: dearest, actual: actual, splitAssumed: assumed, estimated: estimated))
  }
}
