import CostCore
import CostIO
import Foundation

/// A call with its prediction, ready to run.
public struct PlannedCall: Sendable, Hashable {
  public let call: LiveCall
  public let prediction: CallPrediction

  public init(call: LiveCall, prediction: CallPrediction) {
    self.call = call
    self.prediction = prediction
  }
}

/// The settings of one live run.
public struct LiveRunConfiguration: Sendable {
  public var runID: String
  /// `live-run` or `calibration`.
  public var kind: String
  public var endpoint: LiveEndpoint
  public var maxSpend: USD
  /// Calls in flight at once (at least 1).
  public var concurrency: Int
  /// Requests per minute per deployment (or per model on OpenAI); nil for no limit.
  public var requestsPerMinute: Int?
  public var retry: RetryPolicy
  /// Seeds the retry jitter and multipart boundaries (each call draws from its own stream).
  public var seed: UInt64
  /// The day the calls are priced at.
  public var priceDate: CivilDate
  public var planFile: String
  public var planName: String

  public init(
    runID: String, kind: String = "live-run", endpoint: LiveEndpoint, maxSpend: USD, concurrency: Int = 2, requestsPerMinute: Int? = nil,
    retry: RetryPolicy = RetryPolicy(), seed: UInt64 = 1, priceDate: CivilDate, planFile: String = "", planName: String = ""
  ) {
    self.runID = runID
    self.kind = kind
    self.endpoint = endpoint
    self.maxSpend = maxSpend
    self.concurrency = max(1, concurrency)
    self.requestsPerMinute = requestsPerMinute
    self.retry = retry
    self.seed = seed
    self.priceDate = priceDate
    self.planFile = planFile
    self.planName = planName
  }
}

/// Everything the runner does to the outside world, injected so runs are reproducible in tests.
public struct LiveEffects: Sendable {
  public var client: ImageAPIClient
  public var journal: any CallJournal
  public var redactor: SecretRedactor
  /// Monotonic nanoseconds.
  public var now: @Sendable () -> UInt64
  /// Sleeps for the given nanoseconds.
  public var sleep: @Sendable (UInt64) async throws -> Void
  /// The wall clock as ISO 8601 UTC text, for the journal.
  public var timestamp: @Sendable () -> String
  /// Reads an input image or mask.
  public var readFile: @Sendable (String) throws -> [UInt8]
  /// Saves an image (`--save-images`), returning the path written; nil to discard images.
  public var saveImage: (@Sendable (_ callID: String, _ index: Int, _ bytes: [UInt8], _ format: String) throws -> String)?
  /// Reports progress after each call ends.
  public var progress: (@Sendable (LiveProgress) -> Void)?

  public init(
    client: ImageAPIClient, journal: any CallJournal, redactor: SecretRedactor, now: @escaping @Sendable () -> UInt64 = LiveEffects.monotonicNow,
    sleep: @escaping @Sendable (UInt64) async throws -> Void = { try await Task.sleep(nanoseconds: $0) },
    timestamp: @escaping @Sendable () -> String = { WallClock.system.timestamp(milliseconds: true) },
    readFile: @escaping @Sendable (String) throws -> [UInt8] = { path in
      guard let data = FileManager.default.contents(atPath: path) else { throw LiveRunError.unreadableInput(path) }
      return [UInt8](data)
    },
    saveImage: (@Sendable (String, Int, [UInt8], String) throws -> String)? = nil, progress: (@Sendable (LiveProgress) -> Void)? = nil
  ) {
    self.client = client
    self.journal = journal
    self.redactor = redactor
    self.now = now
    self.sleep = sleep
    self.timestamp = timestamp
    self.readFile = readFile
    self.saveImage = saveImage
    self.progress = progress
  }

  @Sendable public static func monotonicNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// Errors that stop a run.
public enum LiveRunError: Error, Hashable, Sendable, CustomStringConvertible {
  case unreadableInput(String)
  case journal(String)

  public var description: String {
    switch self {
    case .unreadableInput(let path): return "Cannot read the input image \(path)."
    case .journal(let reason): return "The journal could not be written (\(reason)); no further call was sent."
    }
  }
}

/// Runs planned calls under the spend cap, with concurrency and RPM limits and retries, journalling each
/// call before it is sent and after it ends.
public actor LiveRunner {
  let configuration: LiveRunConfiguration
  let effects: LiveEffects
  let book: PriceBook
  let replayPricer: ReplayPricer
  let usageCharger: LiveUsageCharger
  let attempt: CallAttempt
  private(set) var gate: SpendGate
  private var limiters: [String: RateLimiter] = [:]
  private var waiters: [CheckedContinuation<Void, Never>] = []
  private var stopReason: String?
  private var outcomes: [String: CallOutcome] = [:]
  private var attemptsMade = 0
  private var sentCalls = Set<String>()
  private var total = 0
  private var journalFailed = false

  public init(configuration: LiveRunConfiguration, effects: LiveEffects, book: PriceBook) {
    self.configuration = configuration
    self.effects = effects
    self.book = book
    replayPricer = ReplayPricer(book: book)
    usageCharger = LiveUsageCharger(book: book)
    gate = SpendGate(cap: configuration.maxSpend)
    attempt = CallAttempt(
      client: effects.client, endpoint: configuration.endpoint, redactor: effects.redactor, readFile: effects.readFile, now: effects.now)
  }

  /// The spend gate's state (for tests and summaries).
  public var spendGate: SpendGate { gate }

  /// Runs `calls` in `seq` order and returns the summary. Never throws: a journal failure stops the run
  /// and is reported as the stop reason.
  public func run(_ calls: [PlannedCall], info: RunInfo) async -> LiveRunSummary {
    total = calls.count
    do {
      try effects.journal.beginRun(info)
    } catch {
      stopReason = LiveRunError.journal(effects.redactor("\(error)")).description
      return summary(calls)
    }
    await withTaskGroup(of: Void.self) { group in
      var running = 0
      for planned in calls.sorted(by: { $0.call.seq < $1.call.seq }) {
        if stopReason != nil { break }
        if running >= configuration.concurrency {
          _ = await group.next()
          running -= 1
        }
        if stopReason != nil { break }
        let admitted = await admit(key: attemptKey(planned.call, 1), worstCase: planned.prediction.worstCase)
        guard admitted else {
          if stopReason == nil {
            stopReason =
              gate.isClosed
              ? "A call was charged more than its worst case, so no further call was started."
              : "The next call (\(planned.call.id), worst case \(planned.prediction.worstCase.display)) does not fit under --max-spend \(configuration.maxSpend.display) after \(gate.charged.display) charged; the run stopped there."
          }
          break
        }
        running += 1
        group.addTask { await self.execute(planned) }
      }
      await group.waitForAll()
    }
    return summary(calls)
  }

  private func attemptKey(_ call: LiveCall, _ attempt: Int) -> String { "\(call.id)/\(attempt)" }

  /// Waits until the gate admits the reservation; false when it never can.
  private func admit(key: String, worstCase: USD) async -> Bool {
    while true {
      switch gate.reserve(key, worstCase: worstCase) {
      case .admitted: return true
      case .refused: return false
      case .wait:
        await withCheckedContinuation { waiters.append($0) }
      }
    }
  }

  private func settle(_ key: String, charging amount: USD) {
    gate.settle(key, charging: amount)
    let woken = waiters
    waiters.removeAll()
    for waiter in woken { waiter.resume() }
  }

  /// Waits for the rate limiter of the call's deployment (or model).
  private func pace(_ call: LiveCall) async {
    guard let rpm = configuration.requestsPerMinute else { return }
    let key = call.deployment ?? call.request.model
    var limiter = limiters[key] ?? RateLimiter(requestsPerMinute: rpm)
    let now = effects.now()
    let at = limiter.reserve(now: now)
    limiters[key] = limiter
    if at > now { try? await effects.sleep(at - now) }
  }

  /// What an ended attempt is charged, and on what basis.
  ///
  /// Usage is charged through ``LiveUsageCharger``: an unknown split is charged at the dearest plausible
  /// rate, and a usage that is not believable (``UsagePlausibility``) turns the attempt into an
  /// `implausible_usage` failure charged its worst case, like an unreadable answer (its usage is dropped,
  /// so nothing downstream prices it).
  private func charge(_ result: inout AttemptResult, _ planned: PlannedCall) -> (charged: USD, actual: USD?, basis: ChargeBasis) {
    let worst = planned.prediction.worstCase
    let call = planned.call
    let perImage = book.model(named: call.request.model)?.pricing == .perImage
    if let usage = result.usage, !perImage {
      switch usageCharger.charge(usage, request: call.request, prediction: planned.prediction, date: configuration.priceDate) {
      case .charged(let charge):
        return (charge.charged, charge.actual, charge.splitAssumed ? .pricedSplitAssumed : .priced)
      case .implausible(let problem):
        let status = result.status.map { "HTTP \($0)" } ?? "The answer"
        result.failure = .implausibleUsage
        result.message = effects.redactor(
          "\(status) reported a usage that is not believable: \(problem); the attempt was charged its worst case and not retried.")
        result.usage = nil
        return (worst, nil, .worstCase)
      case .unpriced:
        return (worst, nil, .unpriced)
      }
    }
    if result.failure == nil {
      guard perImage else { return (worst, nil, .worstCase) }  // a token model that succeeded without usage
      let record = UsageRecord(
        id: call.id, date: configuration.priceDate, timestamp: "", request: call.request, status: result.status, tags: [:], usage: nil)
      let priced = replayPricer.price(record)
      guard priced.basis == .priced else { return (worst, nil, .unpriced) }
      return (priced.cost, priced.cost, .priced)
    }
    if let failure = result.failure, failure.mayBeBilled { return (worst, nil, .worstCase) }
    return (.zero, nil, .notBilled)
  }

  private func execute(_ planned: PlannedCall) async {
    let call = planned.call
    var rng = SplitMix64(seed: configuration.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(call.seq + 1))
    var attemptNumber = 1
    var chargedSoFar = USD.zero
    var actualSoFar: USD?
    var basis = ChargeBasis.notBilled
    let startedAt = effects.timestamp()
    var last: AttemptResult?
    while true {
      let key = attemptKey(call, attemptNumber)
      let record = CallRecord(
        callID: call.id, runID: configuration.runID, seq: call.seq, group: call.group, provider: configuration.endpoint.provider.rawValue,
        deployment: call.deployment, model: call.request.model, operation: call.request.operation.rawValue,
        requestJSON: effects.redactor(call.parametersJSON), predicted: planned.prediction.predicted,
        worstCase: planned.prediction.worstCase, predictedTokens: TokenCounts(predicted: planned.prediction.tokens),
        attempts: attemptNumber,
        chargedBefore: chargedSoFar, startedAt: startedAt)
      let request: PreparedRequest
      do {
        request = try attempt.prepare(
          call, attempt: attemptNumber, boundary: MultipartForm.randomBoundary(using: &rng),
          capabilities: book.model(named: call.request.model)?.capabilities)
      } catch {
        settle(key, charging: .zero)
        finish(
          planned,
          CallOutcome(
            state: .failed, attempts: attemptNumber - 1, httpStatus: nil, errorCode: "input_unreadable", errorMessage: effects.redactor("\(error)"),
            usage: nil, actual: nil, charged: chargedSoFar, chargeBasis: basis, latencyMs: nil, providerRequestID: nil,
            finishedAt: effects.timestamp()), journal: attemptNumber > 1)
        return
      }
      do {
        try effects.journal.recordPending(record)
      } catch {
        settle(key, charging: .zero)
        journalFailed = true
        if stopReason == nil { stopReason = LiveRunError.journal(effects.redactor("\(error)")).description }
        if attemptNumber > 1 {
          finish(
            planned, abandonedOutcome(attemptNumber - 1, chargedSoFar, basis, last, "The journal could not be written, so the retry was not sent."),
            journal: true)
        }
        return
      }
      sentCalls.insert(call.id)
      attemptsMade += 1
      await pace(call)
      var result = await attempt.perform(request)
      let (charged, actual, attemptBasis) = charge(&result, planned)
      last = result
      settle(key, charging: charged)
      // Checked: an overflow (which the plausibility bounds rule out) saturates instead of trapping.
      chargedSoFar = (try? chargedSoFar.adding(charged)) ?? USD(nanos: .max)
      if let actual { actualSoFar = (try? (actualSoFar ?? .zero).adding(actual)) ?? USD(nanos: .max) }
      if attemptBasis != .notBilled { basis = basis == .notBilled || basis == attemptBasis ? attemptBasis : .mixed }

      if result.failure == nil {
        var saved: [String] = []
        if let save = effects.saveImage {
          for (index, image) in result.images.enumerated() {
            if let path = try? save(call.id, index, image, call.outputFormat ?? "png") { saved.append(path) }
          }
        }
        finish(
          planned,
          CallOutcome(
            state: .succeeded, attempts: attemptNumber, httpStatus: result.status, errorCode: nil, errorMessage: nil,
            usage: result.usage.map(TokenCounts.init), actual: actualSoFar, charged: chargedSoFar, chargeBasis: basis,
            latencyMs: result.latencyMs, providerRequestID: result.requestID, finishedAt: effects.timestamp(), partialImages: result.partialImages,
            images: result.images.count, savedFiles: saved), journal: true)
        return
      }
      let failure = result.failure!
      let decision = configuration.retry.decision(after: failure, attempt: attemptNumber, rng: &rng)
      guard case .retry(let delay) = decision, !journalFailed else {
        finish(
          planned,
          CallOutcome(
            state: .failed, attempts: attemptNumber, httpStatus: result.status, errorCode: effects.redactor(failure.code),
            errorMessage: result.message,
            usage: result.usage.map(TokenCounts.init), actual: actualSoFar, charged: chargedSoFar, chargeBasis: basis,
            latencyMs: result.latencyMs, providerRequestID: result.requestID, finishedAt: effects.timestamp(), partialImages: result.partialImages),
          journal: true)
        return
      }
      try? await effects.sleep(UInt64(delay) * 1_000_000)
      attemptNumber += 1
      guard await admit(key: attemptKey(call, attemptNumber), worstCase: planned.prediction.worstCase) else {
        finish(
          planned,
          abandonedOutcome(
            attemptNumber - 1, chargedSoFar, basis, result,
            "A retry after \(failure.code) does not fit under --max-spend \(configuration.maxSpend.display), so the call was given up."),
          journal: true)
        return
      }
    }
  }

  private func abandonedOutcome(_ attempts: Int, _ charged: USD, _ basis: ChargeBasis, _ last: AttemptResult?, _ message: String) -> CallOutcome {
    CallOutcome(
      state: .abandoned, attempts: attempts, httpStatus: last?.status, errorCode: last?.failure.map { effects.redactor($0.code) },
      errorMessage: effects.redactor(message + (last?.message.map { " Last error: \($0)" } ?? "")), usage: last?.usage.map(TokenCounts.init),
      actual: nil, charged: charged, chargeBasis: basis, latencyMs: last?.latencyMs, providerRequestID: last?.requestID,
      finishedAt: effects.timestamp(), partialImages: last?.partialImages ?? 0)
  }

  private func finish(_ planned: PlannedCall, _ outcome: CallOutcome, journal: Bool) {
    outcomes[planned.call.id] = outcome
    if journal {
      do {
        try effects.journal.complete(callID: planned.call.id, outcome: outcome)
      } catch {
        journalFailed = true
        if stopReason == nil { stopReason = LiveRunError.journal(effects.redactor("\(error)")).description }
      }
    }
    effects.progress?(
      LiveProgress(
        finished: outcomes.count, total: total, charged: gate.charged, committed: gate.committed, cap: gate.cap, lastCall: planned.call.id,
        lastState: outcome.state))
  }

  private func summary(_ calls: [PlannedCall]) -> LiveRunSummary {
    var errors: [String: Int] = [:]
    var predicted = USD.zero
    var actual = USD.zero
    for planned in calls where sentCalls.contains(planned.call.id) {
      predicted = (try? predicted.adding(planned.prediction.predicted)) ?? USD(nanos: .max)
    }
    for outcome in outcomes.values {
      if let code = outcome.errorCode { errors[code, default: 0] += 1 }
      if let cost = outcome.actual { actual = (try? actual.adding(cost)) ?? USD(nanos: .max) }
    }
    let states = outcomes.values.map(\.state)
    return LiveRunSummary(
      runID: configuration.runID, planned: calls.count, sent: sentCalls.count, succeeded: states.filter { $0 == .succeeded }.count,
      failed: states.filter { $0 == .failed }.count, abandoned: states.filter { $0 == .abandoned }.count, notSent: calls.count - sentCalls.count,
      attempts: attemptsMade, charged: gate.charged, actual: actual, predicted: predicted, peakCommitted: gate.peakCommitted, cap: gate.cap,
      overruns: gate.overruns, errors: errors, stopReason: stopReason, outcomes: outcomes)
  }
}
