/// A named reason for the gap between predicted and actual cost.
public enum GapCause: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
  /// Billed text input tokens differ from the o200k count plus the assumed per-request overhead.
  case textTokenOverhead = "text-token overhead"
  /// Billed input-image tokens differ from the tile rule (edits).
  case inputImageFormula = "input-image formula"
  /// Billed image output tokens differ from the output-token table or formula.
  case outputTable = "output table"
  /// The +100 tokens per streamed partial image were not billed (or billed differently).
  case partialImages = "partial images"
  /// Billed text output tokens (gpt-image-1.5, gpt-image-2) differ from the assumption.
  case textOutputTokens = "text output tokens"
  /// Calls that failed but reported usage (billed), or export amounts on days with failed calls that may have been billed.
  case failedButBilled = "failed-but-billed calls"
  /// Calls that failed without usage: predicted, but no actual is known (their worst case may still have been billed).
  case failedWithoutUsage = "failed calls without usage"
  /// Calls or rows that could not be priced (no usage on a token model, no rate, unknown model).
  case unpriced = "unpriced"
  /// The rates in force when the call ran differ from those the prediction used.
  case priceChange = "price change"
  /// Amounts on days (or outside the window) that only one side has.
  case timeWindow = "time-window mismatch"
  /// What no named cause explains.
  case unexplained = "unexplained"

  public static func < (lhs: GapCause, rhs: GapCause) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
}

/// The four token components reconciled.
public enum TokenComponent: String, Hashable, Sendable, CaseIterable, Codable {
  case textInput = "text_input"
  case imageInput = "image_input"
  case imageOutput = "image_output"
  case textOutput = "text_output"

  var kind: ComponentKind {
    switch self {
    case .textInput: return .textInput
    case .imageInput: return .imageInput
    case .imageOutput: return .imageOutput
    case .textOutput: return .textOutput
    }
  }
}

/// A relative error in basis points (1/100 of a percent), with its display.
public struct RelativeError: Hashable, Sendable, Comparable {
  public let basisPoints: Int64

  /// `(actual - predicted) / predicted`, rounded half-even to a basis point; nil when predicted is zero.
  public init?(actual: Int64, predicted: Int64) {
    guard predicted != 0 else { return nil }
    basisPoints = Int64(FixedPoint.divide(Int128(actual - predicted) * 10_000, by: Int128(abs(predicted)), rounding: .halfEven))
  }

  /// `+4.25%`, `-0.5%`.
  public var display: String { (basisPoints > 0 ? "+" : "") + FixedPoint.format(Int128(basisPoints), scale: 2, minimumFractionDigits: 1) + "%" }
  public static func < (lhs: RelativeError, rhs: RelativeError) -> Bool { lhs.basisPoints < rhs.basisPoints }
}

/// One call of a run, as the reconciler needs it (built from a journal entry by the edge).
public struct ReconcileInput: Hashable, Sendable {
  public let callID: String
  public let group: String
  /// The request as priced (model, provider, deployment type, region, quality, size, n, partial images).
  public let request: ImageRequest
  public let state: CallState
  public let predicted: USD
  public let predictedTokens: TokenCounts
  /// The usage the provider reported, if any.
  public let usage: TokenCounts?
  /// What the spend cap counted for the call.
  public let charged: USD
  public let worstCase: USD
  /// The day the call ran (its actual is priced at this day's rates).
  public let day: CivilDate

  public init(
    callID: String, group: String, request: ImageRequest, state: CallState, predicted: USD, predictedTokens: TokenCounts, usage: TokenCounts?,
    charged: USD, worstCase: USD, day: CivilDate
  ) {
    self.callID = callID
    self.group = group
    self.request = request
    self.state = state
    self.predicted = predicted
    self.predictedTokens = predictedTokens
    self.usage = usage
    self.charged = charged
    self.worstCase = worstCase
    self.day = day
  }
}

/// Predicted against actual for one component of one call or group.
public struct ComponentComparison: Hashable, Sendable {
  public let component: TokenComponent
  public var predictedTokens: Int64
  public var actualTokens: Int64
  public var predictedCost: USD
  /// At the prediction's rates (the token effect only; rate changes are a separate cause).
  public var actualCost: USD

  public var tokenDelta: Int64 { actualTokens - predictedTokens }
  public var costDelta: USD { actualCost - predictedCost }
  public var tokenError: RelativeError? { RelativeError(actual: actualTokens, predicted: predictedTokens) }
}

/// Predicted against actual for one call.
public struct CallReconciliation: Hashable, Sendable {
  public let callID: String
  public let group: String
  public let model: String
  public let state: CallState
  public let predicted: USD
  /// The usage priced at the call's day; nil when unknown (no usage, or unpriceable).
  public let actual: USD?
  public let charged: USD
  public let worstCase: USD
  public let components: [ComponentComparison]
  /// Gap by cause; the amounts add up to `actual - predicted`. Empty when the actual is unknown: such a call is
  /// not compared (``notComparedBecause``), never counted as costing $0.
  public let attribution: [GapCause: USD]
  /// Per-cause details for people: `+6 text tokens`.
  public let notes: [String]
  public let unpricedReason: String?
  /// Why the actual is unknown (``GapCause/failedWithoutUsage`` or ``GapCause/unpriced``); nil when compared.
  public var notComparedBecause: GapCause? = nil

  public var delta: USD? { actual.map { $0 - predicted } }
  public var error: RelativeError? { actual.flatMap { RelativeError(actual: $0.nanos, predicted: predicted.nanos) } }

  /// True when the actual is known and within `tolerance` basis points of the prediction.
  public func withinTolerance(basisPoints tolerance: Int64) -> Bool? { error.map { abs($0.basisPoints) <= tolerance } }
}

/// Predicted against actual for a group of calls (a workload) or the whole run.
public struct GroupReconciliation: Hashable, Sendable {
  public let group: String
  public var calls: Int
  /// Calls whose actual is known (the comparison covers these).
  public var compared: Int
  public var predicted: USD
  /// Predicted cost of the compared calls only.
  public var predictedCompared: USD
  public var actual: USD
  public var components: [ComponentComparison]
  public var attribution: [GapCause: USD]

  public var delta: USD { actual - predictedCompared }
  public var error: RelativeError? { RelativeError(actual: actual.nanos, predicted: predictedCompared.nanos) }
}

/// One explained part of the gap, with the numbers behind it.
public struct GapExplanation: Hashable, Sendable {
  public let cause: GapCause
  public let amount: USD
  public let detail: String
}

/// `imagecost reconcile --run`: every call, every group and the run, with the gap explained.
public struct RunReconciliation: Hashable, Sendable {
  public let runID: String
  public let priceDate: CivilDate
  public let toleranceBasisPoints: Int64
  public let calls: [CallReconciliation]
  public let groups: [GroupReconciliation]
  public let total: GroupReconciliation
  /// The gap of the run by cause, with details, largest first.
  public let explanations: [GapExplanation]
  /// Worst-case exposure of calls that failed without usage (they may still have been billed).
  public let failedExposure: USD
  /// Calls whose actual is unknown, by why, each with what was predicted for them: outside the gap, which is
  /// over compared calls only.
  public var notCompared: [GapExplanation] = []
  /// The price book the predictions were compared with, and its age at the pricing date.
  public var priceBookFingerprint = ""
  public var priceBookAsOf: CivilDate? = nil
  public var priceBookAge: PriceBookAge? = nil

  /// Calls whose error exceeds the tolerance.
  public var flagged: [CallReconciliation] { calls.filter { $0.withinTolerance(basisPoints: toleranceBasisPoints) == false } }
}

/// Compares predictions with reported usage, call by call, and attributes the gap to named causes.
public struct Reconciler: Sendable {
  public let book: PriceBook
  let replay: ReplayPricer

  public init(book: PriceBook) {
    self.book = book
    replay = ReplayPricer(book: book)
  }

  /// Reconciles one run whose prediction used `priceDate`'s rates.
  /// - Parameter toleranceBasisPoints: calls off by more than this are flagged (500 = 5 %).
  public func reconcile(runID: String, calls inputs: [ReconcileInput], priceDate: CivilDate, toleranceBasisPoints: Int64 = 500) -> RunReconciliation {
    let calls = inputs.map { reconcile($0, priceDate: priceDate) }
    var groups: [String: GroupReconciliation] = [:]
    var order: [String] = []
    var total = GroupReconciliation(
      group: "total", calls: 0, compared: 0, predicted: .zero, predictedCompared: .zero, actual: .zero, components: [], attribution: [:])
    var exposure = USD.zero
    for (input, call) in zip(inputs, calls) {
      if groups[call.group] == nil {
        order.append(call.group)
        groups[call.group] = GroupReconciliation(
          group: call.group, calls: 0, compared: 0, predicted: .zero, predictedCompared: .zero, actual: .zero, components: [], attribution: [:])
      }
      Reconciler.add(call, to: &groups[call.group]!)
      Reconciler.add(call, to: &total)
      if call.actual == nil, input.state != .succeeded { exposure += input.worstCase }
    }
    // Explanations: the run's attribution with the token numbers behind each cause.
    var explanations: [GapExplanation] = []
    for cause in GapCause.allCases {
      guard let amount = total.attribution[cause], amount != .zero else { continue }
      explanations.append(GapExplanation(cause: cause, amount: amount, detail: detail(cause, calls: calls, total: total)))
    }
    explanations.sort { abs($0.amount.nanos) != abs($1.amount.nanos) ? abs($0.amount.nanos) > abs($1.amount.nanos) : $0.cause < $1.cause }
    var reconciliation = RunReconciliation(
      runID: runID, priceDate: priceDate, toleranceBasisPoints: toleranceBasisPoints, calls: calls, groups: order.map { groups[$0]! }, total: total,
      explanations: explanations, failedExposure: exposure)
    for cause in GapCause.allCases {
      let involved = calls.filter { $0.notComparedBecause == cause }
      guard !involved.isEmpty else { continue }
      reconciliation.notCompared.append(
        GapExplanation(cause: cause, amount: involved.reduce(.zero) { $0 + $1.predicted }, detail: detail(cause, calls: involved, total: total)))
    }
    reconciliation.priceBookFingerprint = book.fingerprint
    reconciliation.priceBookAsOf = book.asOf
    reconciliation.priceBookAge = book.age(at: priceDate)
    return reconciliation
  }

  static func add(_ call: CallReconciliation, to group: inout GroupReconciliation) {
    group.calls += 1
    group.predicted += call.predicted
    for (cause, amount) in call.attribution { group.attribution[cause, default: .zero] += amount }
    guard let actual = call.actual else { return }
    group.compared += 1
    group.predictedCompared += call.predicted
    group.actual += actual
    for component in call.components {
      if let index = group.components.firstIndex(where: { $0.component == component.component }) {
        group.components[index].predictedTokens += component.predictedTokens
        group.components[index].actualTokens += component.actualTokens
        group.components[index].predictedCost += component.predictedCost
        group.components[index].actualCost += component.actualCost
      } else {
        group.components.append(component)
      }
    }
    group.components.sort { TokenComponent.allCases.firstIndex(of: $0.component)! < TokenComponent.allCases.firstIndex(of: $1.component)! }
  }

  private func detail(_ cause: GapCause, calls: [CallReconciliation], total: GroupReconciliation) -> String {
    let involved = calls.filter { ($0.attribution[cause] ?? .zero) != .zero || $0.notComparedBecause == cause }
    func tokens(_ component: TokenComponent) -> String {
      guard let c = total.components.first(where: { $0.component == component }) else { return "" }
      let perCall =
        involved.count > 0 && c.tokenDelta % Int64(involved.count) == 0
        ? " (\(FixedPoint.signedGrouped(c.tokenDelta / Int64(involved.count))) per call)" : ""
      return
        "\(FixedPoint.signedGrouped(c.tokenDelta)) \(component.rawValue.replacingUnderscores) tokens over \(involved.count) call\(involved.count == 1 ? "" : "s")\(perCall): predicted \(FixedPoint.grouped(c.predictedTokens)), billed \(FixedPoint.grouped(c.actualTokens))"
    }
    // Calls whose usage did not say how it splits: the detail says the split was assumed.
    let assumedOutput = involved.filter { $0.notes.contains { $0.hasPrefix("split assumed: the usage had no output") } }.count
    let assumedInput = involved.filter { $0.notes.contains { $0.hasPrefix("split assumed: the usage had no input") } }.count
    func assumed(_ count: Int, _ what: String) -> String {
      count == 0 ? "" : " (split assumed for \(count) call\(count == 1 ? "" : "s") without \(what))"
    }
    switch cause {
    case .textTokenOverhead:
      return tokens(.textInput)
        + (assumedInput == 0
          ? ""
          : " (split assumed for \(assumedInput) call\(assumedInput == 1 ? "" : "s") without input_tokens_details: image input taken as predicted)")
    case .inputImageFormula: return tokens(.imageInput)
    case .textOutputTokens: return tokens(.textOutput)
    case .outputTable, .partialImages:
      let notes = involved.flatMap { $0.notes.filter { $0.hasPrefix(cause == .partialImages ? "partial images" : "output table") } }
      return "\(involved.count) call\(involved.count == 1 ? "" : "s")"
        + (notes.isEmpty ? "" : ": " + Array(Set(notes)).sorted().prefix(3).joined(separator: "; "))
        + (cause == .outputTable ? assumed(assumedOutput, "output_tokens_details") : "")
    case .failedButBilled: return "\(involved.count) failed call\(involved.count == 1 ? "" : "s") reported usage and were priced from it"
    case .failedWithoutUsage: return "\(involved.count) call\(involved.count == 1 ? "" : "s") failed and reported no usage"
    case .unpriced:
      let reasons = Set(involved.compactMap(\.unpricedReason)).sorted()
      return "\(involved.count) call\(involved.count == 1 ? "" : "s") could not be priced"
        + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
    case .priceChange: return "\(involved.count) call\(involved.count == 1 ? "" : "s") ran on a day with other rates than the prediction's"
    case .timeWindow, .unexplained: return "\(involved.count) call\(involved.count == 1 ? "" : "s")"
    }
  }

  /// Reconciles one call: components at the prediction's rates, then the rate change to the call's day.
  public func reconcile(_ input: ReconcileInput, priceDate: CivilDate) -> CallReconciliation {
    var attribution: [GapCause: USD] = [:]
    var notes: [String] = []
    func unknown(_ cause: GapCause, _ reason: String?) -> CallReconciliation {
      var call = CallReconciliation(
        callID: input.callID, group: input.group, model: input.request.model, state: input.state, predicted: input.predicted, actual: nil,
        charged: input.charged, worstCase: input.worstCase, components: [], attribution: [:], notes: notes, unpricedReason: reason)
      call.notComparedBecause = cause
      return call
    }
    let isPerImage = book.model(named: input.request.model)?.pricing == .perImage
    guard let reported = input.usage?.usage else {
      if input.state == .succeeded, isPerImage {
        // DALL·E: no usage; a delivered image costs exactly its per-image price.
        let at = replay.price(
          UsageRecord(id: input.callID, date: input.day, timestamp: "", request: input.request, status: 200, tags: [:], usage: nil))
        let predictedDay = replay.price(
          UsageRecord(id: input.callID, date: priceDate, timestamp: "", request: input.request, status: 200, tags: [:], usage: nil))
        if at.basis == .priced {
          let change = at.cost - predictedDay.cost
          if change != .zero { attribution[.priceChange] = change }
          let rest = at.cost - input.predicted - change
          if rest != .zero { attribution[.unexplained] = rest }
          return CallReconciliation(
            callID: input.callID, group: input.group, model: input.request.model, state: input.state, predicted: input.predicted, actual: at.cost,
            charged: input.charged, worstCase: input.worstCase, components: [], attribution: attribution, notes: notes, unpricedReason: nil)
        }
        return unknown(.unpriced, at.reason)
      }
      if input.state == .succeeded { return unknown(.unpriced, "the call succeeded but reported no usage") }
      return unknown(.failedWithoutUsage, nil)
    }
    let (usage, splitNotes) = assumingSplit(reported, input)
    notes += splitNotes
    let record = { (date: CivilDate) in
      UsageRecord(id: input.callID, date: date, timestamp: "", request: input.request, status: 200, tags: [:], usage: usage)
    }
    let atPrediction = replay.price(record(priceDate))
    let atDay = replay.price(record(input.day))
    guard atPrediction.basis == .priced, atDay.basis == .priced else { return unknown(.unpriced, atDay.reason ?? atPrediction.reason) }
    let actual = atDay.cost
    if input.state != .succeeded {
      attribution[.failedButBilled] = actual - input.predicted
      return CallReconciliation(
        callID: input.callID, group: input.group, model: input.request.model, state: input.state, predicted: input.predicted, actual: actual,
        charged: input.charged, worstCase: input.worstCase, components: [], attribution: attribution, notes: ["failed but billed"],
        unpricedReason: nil)
    }
    // Predicted cost by component at the prediction's rates.
    let predictedTokens: [TokenComponent: Int64] = [
      .textInput: input.predictedTokens.inputTextTokens ?? 0, .imageInput: input.predictedTokens.inputImageTokens ?? 0,
      .imageOutput: input.predictedTokens.outputImageTokens ?? 0, .textOutput: input.predictedTokens.outputTextTokens ?? 0,
    ]
    var components: [ComponentComparison] = []
    for component in TokenComponent.allCases {
      let predicted = predictedTokens[component] ?? 0
      let billed = atPrediction.tokens[component.kind] ?? 0
      guard predicted != 0 || billed != 0 else { continue }
      let predictedCost = cost(of: predicted, component.kind, input.request, priceDate)
      let actualCost = atPrediction.components[component.kind] ?? .zero
      components.append(
        ComponentComparison(
          component: component, predictedTokens: predicted, actualTokens: billed, predictedCost: predictedCost, actualCost: actualCost))
    }
    for c in components where c.costDelta != .zero || c.tokenDelta != 0 {
      switch c.component {
      case .textInput:
        attribution[.textTokenOverhead, default: .zero] += c.costDelta
        notes.append("text-token overhead: \(FixedPoint.signedGrouped(c.tokenDelta)) text tokens")
      case .imageInput:
        attribution[.inputImageFormula, default: .zero] += c.costDelta
        notes.append("input-image formula: \(FixedPoint.signedGrouped(c.tokenDelta)) image input tokens")
      case .textOutput:
        attribution[.textOutputTokens, default: .zero] += c.costDelta
        notes.append("text output tokens: \(FixedPoint.signedGrouped(c.tokenDelta))")
      case .imageOutput:
        // Partial images: when the billed output is nearer the table count without them than with them,
        // their tokens were not billed; the rest of the gap belongs to the output table.
        // (A count beyond 64 bits cannot have been billed: then nothing is put down to partial images.)
        let partialTokens =
          (try? TokenModel(rules: book.tokenRules).partialImageTokens(input.request.partialImages, images: input.request.n)) ?? 0
        var tableDelta = c.tokenDelta
        var tableCost = c.costDelta
        if partialTokens > 0, c.tokenDelta * 2 <= -partialTokens {
          let partialCost = .zero - cost(of: partialTokens, .imageOutput, input.request, priceDate)
          attribution[.partialImages, default: .zero] += partialCost
          notes.append(
            "partial images: -\(FixedPoint.grouped(partialTokens)) image output tokens (the \(input.request.partialImages) partial image\(input.request.partialImages == 1 ? " was" : "s were") not billed)"
          )
          tableDelta += partialTokens
          tableCost = tableCost - partialCost
        }
        if tableDelta != 0 || tableCost != .zero {
          attribution[.outputTable, default: .zero] += tableCost
          notes.append("output table: \(FixedPoint.signedGrouped(tableDelta)) image output tokens")
        }
      }
    }
    // Prediction rounding or components the prediction did not list (rare): kept visible.
    let residual = atPrediction.cost - input.predicted - components.reduce(.zero) { $0 + $1.costDelta }
    if residual != .zero { attribution[.unexplained, default: .zero] += residual }
    let change = atDay.cost - atPrediction.cost
    if change != .zero {
      attribution[.priceChange] = change
      notes.append("price change: \(input.day) rates differ from \(priceDate)")
    }
    return CallReconciliation(
      callID: input.callID, group: input.group, model: input.request.model, state: input.state, predicted: input.predicted, actual: actual,
      charged: input.charged, worstCase: input.worstCase, components: components, attribution: attribution.filter { $0.value != .zero }, notes: notes,
      unpricedReason: nil)
  }

  /// A usage without output details on a model that also emits text (or without input details on an
  /// edit) does not say how its tokens split. Reconcile assumes the split of ``AssumedOutputSplit``: the
  /// split rule when it leaves a text count inside the observed range, else text output as predicted and
  /// the rest image output — so extra image tokens are an output-table gap, not "text output tokens" —
  /// and says so in a note. Input: image input as predicted, the rest text. (The spend cap charged such
  /// usage at the dearest plausible split.)
  func assumingSplit(_ usage: ImageUsage, _ input: ReconcileInput) -> (ImageUsage, [String]) {
    var usage = usage
    var notes: [String] = []
    let model = book.model(named: input.request.model)
    if usage.outputImageTokens == nil, usage.outputTextTokens == nil, model?.tokenRules?.textOutput != nil {
      let range = AssumedOutputSplit.textRange(book: book, request: input.request)
      let predictedImage = input.predictedTokens.outputImageTokens ?? 0
      let text = AssumedOutputSplit.text(
        output: usage.outputTokens, predictedImage: predictedImage, predictedText: input.predictedTokens.outputTextTokens ?? 0, textRange: range)
      usage.outputTextTokens = text
      usage.outputImageTokens = usage.outputTokens - text
      let ruleHolds = range?.contains(usage.outputTokens - min(max(0, predictedImage), usage.outputTokens)) ?? false
      let how =
        ruleHolds
        ? "image output was taken as predicted and the other \(FixedPoint.grouped(text)) tokens, inside the observed text-output range, as text"
        : "text output was taken as predicted (\(FixedPoint.grouped(text)))"
      notes.append(
        "split assumed: the usage had no output_tokens_details, so \(how); \(FixedPoint.grouped(usage.outputTokens - text)) output tokens were taken as image output"
      )
    }
    if usage.inputImageTokens == nil, usage.inputTextTokens == nil, input.request.operation == .edit {
      let image = min(usage.inputTokens, max(0, input.predictedTokens.inputImageTokens ?? 0))
      usage.inputImageTokens = image
      usage.inputTextTokens = usage.inputTokens - image
      notes.append(
        "split assumed: the usage had no input_tokens_details, so image input was taken as predicted (\(FixedPoint.grouped(image))) and the other \(FixedPoint.grouped(usage.inputTokens - image)) input tokens as text input"
      )
    }
    return (usage, notes)
  }

  /// `tokens` of `component` for `request` at `date`'s rate (zero for unmetered or unknown components).
  func cost(of tokens: Int64, _ component: ComponentKind, _ request: ImageRequest, _ date: CivilDate) -> USD {
    guard tokens != 0, let (resolved, _, _) = try? Pricer(book: book).resolve(request),
      case .rate(let row)? = try? book.rate(
        provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: resolved.model, component: component,
        date: date)
    else { return .zero }
    return row.price.cost(of: tokens)
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

/// `imagecost reconcile --actuals`: the provider's export against the journal, matched per day × model.
public struct ExportReconciliation: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public let day: CivilDate
    public let model: String
    /// What the export bills (USD lines only).
    public var exported: USD
    public var exportLines: Int
    /// The journal's calls of that day and model: priced usage, prediction, count.
    public var actual: USD
    public var predicted: USD
    public var calls: Int
    /// Worst case of failed calls without usage that day (they may have been billed).
    public var failedExposure: USD
    public var unpricedCalls: Int
    public var attribution: [GapCause: USD] = [:]

    public var delta: USD { exported - actual }
    public var error: RelativeError? { RelativeError(actual: exported.nanos, predicted: actual.nanos) }
  }

  public let since: CivilDate
  public let until: CivilDate?
  public let rows: [Row]
  public let exported: USD
  public let actual: USD
  public let predicted: USD
  public let attribution: [GapCause: USD]
  /// Export items that are not an image model, and lines in other currencies: listed, not compared.
  public let unmatchedItems: [String: Int64]
  public let otherCurrencies: [String: Int64]
}

extension Reconciler {
  /// Matches `exports` with the journal's `calls` per day × model within `since…until` (inclusive).
  public func reconcile(exports: [ActualCostLine], calls: [ReconcileInput], since: CivilDate, until: CivilDate?) -> ExportReconciliation {
    func inWindow(_ day: CivilDate) -> Bool { day >= since && (until.map { day <= $0 } ?? true) }
    struct Key: Hashable {
      let day: CivilDate
      let model: String
    }
    var rows: [Key: ExportReconciliation.Row] = [:]
    var unmatched: [String: Int64] = [:]
    var otherCurrencies: [String: Int64] = [:]
    func row(_ key: Key) -> ExportReconciliation.Row {
      rows[key]
        ?? ExportReconciliation.Row(
          day: key.day, model: key.model, exported: .zero, exportLines: 0, actual: .zero, predicted: .zero, calls: 0, failedExposure: .zero,
          unpricedCalls: 0)
    }
    for line in exports where inWindow(line.date) {
      guard line.currency == "USD" else {
        otherCurrencies[line.currency, default: 0] += line.amountNanos
        continue
      }
      guard let model = line.model else {
        unmatched[line.item, default: 0] += line.amountNanos
        continue
      }
      var r = row(Key(day: line.date, model: model))
      r.exported += USD(nanos: line.amountNanos)
      r.exportLines += 1
      rows[Key(day: line.date, model: model)] = r
    }
    for input in calls where inWindow(input.day) {
      let key = Key(day: input.day, model: input.request.model)
      var r = row(key)
      r.calls += 1
      r.predicted += input.predicted
      let priced = replay.price(
        UsageRecord(
          id: input.callID, date: input.day, timestamp: "", request: input.request,
          status: input.usage == nil && input.state != .succeeded ? 500 : 200, tags: [:], usage: input.usage?.usage))
      let isPerImage = book.model(named: input.request.model)?.pricing == .perImage
      if priced.basis == .priced, input.usage != nil || (isPerImage && input.state == .succeeded) {
        r.actual += priced.cost
      } else if input.state == .succeeded {
        r.unpricedCalls += 1
      } else {
        r.failedExposure += input.worstCase
      }
      rows[key] = r
    }
    let days = Set(rows.values.filter { $0.calls > 0 }.map { Key(day: $0.day, model: $0.model) })
    var total: [GapCause: USD] = [:]
    for key in rows.keys {
      var r = rows[key]!
      let gap = r.delta
      if r.exportLines == 0 || r.calls == 0 {
        // Only one side has the day: billed on another day, or not exported yet.
        let neighbour = [-1, 1].contains {
          days.contains(Key(day: key.day.adding(days: $0), model: key.model))
            || (rows[Key(day: key.day.adding(days: $0), model: key.model)]?.exportLines ?? 0) > 0
        }
        r.attribution[neighbour || r.exportLines == 0 ? .timeWindow : .unexplained] = gap
      } else if gap != .zero {
        var rest = gap
        if rest > .zero, r.failedExposure > .zero {
          let part = min(rest, r.failedExposure)
          r.attribution[.failedButBilled] = part
          rest = rest - part
        }
        if rest != .zero, r.unpricedCalls > 0 {
          r.attribution[.unpriced] = rest
          rest = .zero
        }
        if rest != .zero { r.attribution[.unexplained] = rest }
      }
      for (cause, amount) in r.attribution { total[cause, default: .zero] += amount }
      rows[key] = r
    }
    let sorted = rows.values.sorted { ($0.day, $0.model) < ($1.day, $1.model) }
    return ExportReconciliation(
      since: since, until: until, rows: sorted, exported: sorted.reduce(.zero) { $0 + $1.exported }, actual: sorted.reduce(.zero) { $0 + $1.actual },
      predicted: sorted.reduce(.zero) { $0 + $1.predicted }, attribution: total.filter { $0.value != .zero }, unmatchedItems: unmatched,
      otherCurrencies: otherCurrencies)
  }
}
