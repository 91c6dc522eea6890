/// Progress after a call ends.
public struct LiveProgress: Sendable, Hashable {
  public init(finished: Int, total: Int, charged: USD, committed: USD, cap: USD, lastCall: String, lastState: CallState) {
    self.finished = finished
    self.total = total
    self.charged = charged
    self.committed = committed
    self.cap = cap
    self.lastCall = lastCall
    self.lastState = lastState
  }

  public let finished: Int
  public let total: Int
  public let charged: USD
  public let committed: USD
  public let cap: USD
  public let lastCall: String
  public let lastState: CallState
}

/// How a run went.
public struct LiveRunSummary: Sendable, Hashable {
  public let runID: String
  public let planned: Int
  /// Calls sent at least once.
  public let sent: Int
  public let succeeded: Int
  public let failed: Int
  public let abandoned: Int
  /// Calls never sent because the cap (or a journal failure) stopped the run first.
  public let notSent: Int
  public let attempts: Int
  /// What the spend cap counted: actual costs plus worst cases of failures that may have been billed.
  public let charged: USD
  /// Priced usage of calls that reported it.
  public let actual: USD
  /// Predicted cost of the calls that were sent.
  public let predicted: USD
  public let peakCommitted: USD
  public let cap: USD
  public let overruns: [SpendGate.Overrun]
  /// Failures by error code.
  public let errors: [String: Int]
  /// Why the run stopped before the end, if it did.
  public let stopReason: String?
  public let outcomes: [String: CallOutcome]

  public init(
    runID: String, planned: Int, sent: Int, succeeded: Int, failed: Int, abandoned: Int, notSent: Int, attempts: Int, charged: USD, actual: USD,
    predicted: USD, peakCommitted: USD, cap: USD, overruns: [SpendGate.Overrun], errors: [String: Int], stopReason: String?,
    outcomes: [String: CallOutcome]
  ) {
    self.runID = runID
    self.planned = planned
    self.sent = sent
    self.succeeded = succeeded
    self.failed = failed
    self.abandoned = abandoned
    self.notSent = notSent
    self.attempts = attempts
    self.charged = charged
    self.actual = actual
    self.predicted = predicted
    self.peakCommitted = peakCommitted
    self.cap = cap
    self.overruns = overruns
    self.errors = errors
    self.stopReason = stopReason
    self.outcomes = outcomes
  }
}

/// The prediction shown before a live run: each call's predicted cost, range and worst case.
public struct LivePreview: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public let callID: String
    public let group: String
    public let model: String
    public let predicted: USD
    public let low: USD
    public let high: USD
    public let worstCase: USD

    public init(callID: String, group: String, model: String, predicted: USD, low: USD, high: USD, worstCase: USD) {
      self.callID = callID
      self.group = group
      self.model = model
      self.predicted = predicted
      self.low = low
      self.high = high
      self.worstCase = worstCase
    }
  }

  public let planName: String
  public let date: CivilDate
  public let cap: USD
  public let rows: [Row]

  public init(planName: String, date: CivilDate, cap: USD, rows: [Row]) {
    self.planName = planName
    self.date = date
    self.cap = cap
    self.rows = rows
  }

  public var predicted: USD { rows.reduce(.zero) { $0 + $1.predicted } }
  public var low: USD { rows.reduce(.zero) { $0 + $1.low } }
  public var high: USD { rows.reduce(.zero) { $0 + $1.high } }
  public var worstCase: USD { rows.reduce(.zero) { $0 + $1.worstCase } }
}
