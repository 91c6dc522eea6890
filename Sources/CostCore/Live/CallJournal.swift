/// A durable record of live calls: written before each call is sent and after it ends, so that a crash
/// or a kill leaves a record of every call that may have been billed.
///
/// Records are domain values (money as ``USD``, states as enums); the ledger maps them to its `live_runs` /
/// `live_calls` columns. Implementations must be safe to call
/// from several tasks, and ``recordPending(_:)`` must be durable (on disk) when it returns — the call is
/// sent only afterwards. Nothing written here may hold a secret: the runner passes every text through
/// its redactor first.
public protocol CallJournal: Sendable {
  /// Records the start of a run (`live_runs`).
  func beginRun(_ run: RunInfo) throws
  /// Records that an attempt of a call is about to be sent: state `pending`. Called before every attempt
  /// with the attempt number; a later call for the same `callID` replaces the earlier one (an upsert).
  func recordPending(_ call: CallRecord) throws
  /// Records how a call ended (`succeeded`, `failed` or `abandoned`).
  func complete(callID: String, outcome: CallOutcome) throws
  /// Calls of any run still `pending` (sent, never completed): these may have been billed.
  func unfinishedCalls() throws -> [JournalEntry]
  /// Every call of `run`, in `seq` order.
  func calls(run: String) throws -> [JournalEntry]
  /// The most recently started run.
  func lastRun() throws -> RunInfo?
}

/// One live run (`live_runs`).
public struct RunInfo: Hashable, Sendable {

  public var runID: String
  /// `live-run` or `calibration`.
  public var kind: String
  /// ISO 8601 UTC, e.g. `2026-11-24T09:30:00Z`.
  public var startedAt: String
  public var provider: String
  /// The endpoint's base URL (no query, no credentials).
  public var endpoint: String
  public var planFile: String
  public var planName: String
  public var maxSpend: USD
  public var predicted: USD
  public var predictedLow: USD
  public var predictedHigh: USD
  public var worstCase: USD
  /// The day whose rates priced the prediction (YYYY-MM-DD).
  public var priceDate: String
  public var priceBookFingerprint: String
  public var concurrency: Int
  public var requestsPerMinute: Int?
  public var calls: Int

  public init(
    runID: String, kind: String, startedAt: String, provider: String, endpoint: String, planFile: String, planName: String, maxSpend: USD,
    predicted: USD, predictedLow: USD, predictedHigh: USD, worstCase: USD, priceDate: String,
    priceBookFingerprint: String,
    concurrency: Int, requestsPerMinute: Int?, calls: Int
  ) {
    self.runID = runID
    self.kind = kind
    self.startedAt = startedAt
    self.provider = provider
    self.endpoint = endpoint
    self.planFile = planFile
    self.planName = planName
    self.maxSpend = maxSpend
    self.predicted = predicted
    self.predictedLow = predictedLow
    self.predictedHigh = predictedHigh
    self.worstCase = worstCase
    self.priceDate = priceDate
    self.priceBookFingerprint = priceBookFingerprint
    self.concurrency = concurrency
    self.requestsPerMinute = requestsPerMinute
    self.calls = calls
  }
}

/// Token counts by component, as the API's usage object reports them, and predictions in the same shape.
public struct TokenCounts: Hashable, Sendable {

  public var inputTokens: Int64?
  public var inputTextTokens: Int64?
  public var inputImageTokens: Int64?
  public var outputTokens: Int64?
  public var outputImageTokens: Int64?
  public var outputTextTokens: Int64?
  /// Images billed per image (DALL·E), when the model is priced per image.
  public var images: Int64?

  public init(
    inputTokens: Int64? = nil, inputTextTokens: Int64? = nil, inputImageTokens: Int64? = nil, outputTokens: Int64? = nil,
    outputImageTokens: Int64? = nil, outputTextTokens: Int64? = nil, images: Int64? = nil
  ) {
    self.inputTokens = inputTokens
    self.inputTextTokens = inputTextTokens
    self.inputImageTokens = inputImageTokens
    self.outputTokens = outputTokens
    self.outputImageTokens = outputImageTokens
    self.outputTextTokens = outputTextTokens
    self.images = images
  }

  /// A usage object as the API reports it.
  public init(_ usage: ImageUsage) {
    self.init(
      inputTokens: usage.inputTokens, inputTextTokens: usage.inputTextTokens, inputImageTokens: usage.inputImageTokens,
      outputTokens: usage.outputTokens, outputImageTokens: usage.outputImageTokens, outputTextTokens: usage.outputTextTokens)
  }

  /// Predicted quantities by component (cached components count as their uncached kind).
  public init(predicted tokens: [ComponentKind: Int64]) {
    let textIn = (tokens[.textInput] ?? 0) + (tokens[.cachedTextInput] ?? 0)
    let imageIn = (tokens[.imageInput] ?? 0) + (tokens[.cachedImageInput] ?? 0)
    let imageOut = tokens[.imageOutput] ?? 0
    let textOut = tokens[.textOutput] ?? 0
    self.init(
      inputTokens: textIn + imageIn, inputTextTokens: textIn, inputImageTokens: imageIn, outputTokens: imageOut + textOut,
      outputImageTokens: imageOut, outputTextTokens: tokens[.textOutput] == nil ? nil : textOut, images: tokens[.image])
  }

  /// Back to the API's usage object, when the counts came from one.
  public var usage: ImageUsage? {
    guard let inputTokens, let outputTokens else { return nil }
    return ImageUsage(
      inputTokens: inputTokens, inputTextTokens: inputTextTokens, inputImageTokens: inputImageTokens, outputTokens: outputTokens,
      outputImageTokens: outputImageTokens, outputTextTokens: outputTextTokens)
  }
}

/// A call as journalled before it is sent (`live_calls`, state `pending`).
public struct CallRecord: Hashable, Sendable {

  public var callID: String
  public var runID: String
  public var seq: Int
  /// The workload or calibration probe.
  public var group: String
  public var provider: String
  public var deployment: String?
  public var model: String
  public var operation: String
  /// The request parameters as JSON (``LiveCall/parametersJSON``): no secrets, no image bytes.
  public var requestJSON: String
  public var predicted: USD
  public var worstCase: USD
  public var predictedTokens: TokenCounts
  /// The attempt about to be sent (1-based).
  public var attempts: Int
  /// Charged for earlier attempts of this call that failed but may have been billed.
  public var chargedBefore: USD
  /// ISO 8601 UTC of the first attempt.
  public var startedAt: String

  public init(
    callID: String, runID: String, seq: Int, group: String, provider: String, deployment: String?, model: String, operation: String,
    requestJSON: String, predicted: USD, worstCase: USD, predictedTokens: TokenCounts, attempts: Int, chargedBefore: USD,
    startedAt: String
  ) {
    self.callID = callID
    self.runID = runID
    self.seq = seq
    self.group = group
    self.provider = provider
    self.deployment = deployment
    self.model = model
    self.operation = operation
    self.requestJSON = requestJSON
    self.predicted = predicted
    self.worstCase = worstCase
    self.predictedTokens = predictedTokens
    self.attempts = attempts
    self.chargedBefore = chargedBefore
    self.startedAt = startedAt
  }
}

/// The state of a journalled call.
public enum CallState: String, Hashable, Sendable {
  /// Sent (or about to be), not completed: may have been billed.
  case pending
  case succeeded
  /// Ended with an error (the provider's code is kept).
  case failed
  /// Sent at least once, then given up because a retry no longer fit under the cap or the run stopped.
  case abandoned
}

/// On what a call's charge against the spend cap rests. The raw values are the words reports and the ledger use.
public enum ChargeBasis: String, Hashable, Sendable, CaseIterable {
  /// The reported usage, priced.
  case priced
  /// The reported usage, priced with its text/image split assumed at the dearest plausible rate.
  case pricedSplitAssumed = "priced_split_assumed"
  /// No usable usage and the call may have been billed: its worst case.
  case worstCase = "worst_case"
  /// Failed in a way that is not billed.
  case notBilled = "not_billed"
  /// Usage reported but no rate to price it: charged its worst case.
  case unpriced
  /// Attempts of one call rested on different bases.
  case mixed
}

/// How a call ended.
public struct CallOutcome: Hashable, Sendable {

  public var state: CallState
  public var attempts: Int
  public var httpStatus: Int?
  /// The provider's `error.code` (`moderation_blocked`, `contentFilter`, …) or imagecost's (`timeout`, …).
  public var errorCode: String?
  /// One redacted sentence.
  public var errorMessage: String?
  /// The usage the provider reported, if any.
  public var usage: TokenCounts?
  /// The usage priced at the call's day (nil when there was no usage or it could not be priced).
  public var actual: USD?
  /// What the spend cap counted for the call: actual, worst case of attempts that may have been billed, or 0.
  public var charged: USD
  /// On what the charge rests.
  public var chargeBasis: ChargeBasis
  public var latencyMs: Int?
  public var providerRequestID: String?
  /// ISO 8601 UTC.
  public var finishedAt: String
  public var partialImages: Int
  public var images: Int
  /// Files written by `--save-images`.
  public var savedFiles: [String]

  public init(
    state: CallState, attempts: Int, httpStatus: Int?, errorCode: String?, errorMessage: String?, usage: TokenCounts?, actual: USD?,
    charged: USD, chargeBasis: ChargeBasis, latencyMs: Int?, providerRequestID: String?, finishedAt: String, partialImages: Int = 0,
    images: Int = 0,
    savedFiles: [String] = []
  ) {
    self.state = state
    self.attempts = attempts
    self.httpStatus = httpStatus
    self.errorCode = errorCode
    self.errorMessage = errorMessage
    self.usage = usage
    self.actual = actual
    self.charged = charged
    self.chargeBasis = chargeBasis
    self.latencyMs = latencyMs
    self.providerRequestID = providerRequestID
    self.finishedAt = finishedAt
    self.partialImages = partialImages
    self.images = images
    self.savedFiles = savedFiles
  }
}

/// One journalled call: what was sent and, once it ended, how.
public struct JournalEntry: Hashable, Sendable {
  public var record: CallRecord
  public var outcome: CallOutcome?

  public init(record: CallRecord, outcome: CallOutcome?) {
    self.record = record
    self.outcome = outcome
  }

  public var state: CallState { outcome?.state ?? .pending }
}
