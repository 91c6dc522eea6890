import CostCore
import CostIO
import Foundation
import ImageAPI
import Ledger

/// What a live run needs to know besides its plan: where calls go, what they may cost, how fast they may go.
/// The command line fills it in; `live run` and `calibrate` share it.
public struct LiveRunSettings: Sendable {
  /// An Azure deployment and the model it serves (`--deployment NAME=MODEL`).
  public struct Deployment: Hashable, Sendable {
    public let name: String
    public let model: String

    public init(name: String, model: String) {
      self.name = name
      self.model = model
    }
  }

  public var provider: LiveProvider
  public var deployments: [Deployment]
  public var deploymentType: String?
  public var region: String?
  /// The most the calls may cost (`--max-spend`).
  public var cap: USD
  public var concurrency: Int
  public var requestsPerMinute: Int?
  /// Seconds one attempt may take.
  public var timeoutSeconds: Int
  public var maxAttempts: Int
  /// Call models the price book says are retired on the provider.
  public var allowRetired: Bool
  /// The run's clock: its id, start time, journal timestamps and default jitter seed.
  public var clock: WallClock

  public init(
    provider: LiveProvider, deployments: [Deployment], deploymentType: String?, region: String?, cap: USD, concurrency: Int,
    requestsPerMinute: Int?, timeoutSeconds: Int, maxAttempts: Int, allowRetired: Bool, clock: WallClock = .system
  ) {
    self.provider = provider
    self.deployments = deployments
    self.deploymentType = deploymentType
    self.region = region
    self.cap = cap
    self.concurrency = concurrency
    self.requestsPerMinute = requestsPerMinute
    self.timeoutSeconds = timeoutSeconds
    self.maxAttempts = maxAttempts
    self.allowRetired = allowRetired
    self.clock = clock
  }

  /// Refuses, before anything is sent, models retired on the provider at `date` (unless ``allowRetired``).
  public func checkLifecycle(of models: [String], book: PriceBook, date: CivilDate) throws {
    guard !allowRetired else { return }
    for model in Set(models.map { book.canonicalModelID($0) ?? $0 }).sorted() {
      let lifecycle = book.lifecycle(of: model, provider: provider.rawValue, at: date)
      if lifecycle.status == .retired, let retirement = lifecycle.retirement {
        throw LivePreparationError.retiredModel(
          model: model, provider: provider.rawValue, retired: retirement.retired, successor: retirement.successor)
      }
    }
  }

  /// The Azure deployment for `model` (an explicit `deployment` wins); nil on OpenAI.
  public func deployment(for model: String, explicit: String?) throws -> String? {
    guard provider == .azure else { return nil }
    if let explicit { return explicit }
    guard let match = deployments.first(where: { $0.model == model }) else { throw LivePreparationError.noDeployment(model: model) }
    return match.name
  }
}

/// Problems of a live run found before anything is sent.
public enum LivePreparationError: Error, Hashable, Sendable, CustomStringConvertible {
  case noDeployment(model: String)
  case unreadableImage(String)
  case unknownImageFormat(String)
  case retiredModel(model: String, provider: String, retired: CivilDate, successor: String?)

  public var description: String {
    switch self {
    case .noDeployment(let model): return "No --deployment NAME=\(model) was given, so the \(model) calls have no Azure deployment to go to."
    case .unreadableImage(let path): return "Cannot read the input image \(path)."
    case .unknownImageFormat(let path): return "\(path) is not a PNG, JPEG or WebP image whose size can be read."
    case .retiredModel(let model, let provider, let retired, let successor):
      return "\(model) was retired on \(provider) on \(retired)" + (successor.map { "; use its successor \($0)" } ?? "")
        + "; nothing was sent (--allow-retired calls a deployment that still serves it)."
    }
  }
}

/// A live plan expanded into priced calls, checked, with nothing sent.
public struct PreparedLiveRun: Sendable {
  public let runID: String
  public let planName: String
  public let date: CivilDate
  public let planned: [PlannedCall]
  public let preview: LivePreview

  /// True when the predicted cost stays within the cap (the run may be sent).
  public var fitsCap: Bool { preview.predicted <= preview.cap }
}

/// What a sent run left: the summary, the journalled calls and the ledger they are in.
public struct LiveRunResult: Sendable {
  public let summary: LiveRunSummary
  public let entries: [JournalEntry]
  public let ledger: String
}

/// The application logic of a live run, without a command line: ``prepare(plan:book:date:settings:runID:countPrompt:)``
/// (plan → priced preview, checks, no network) and ``execute(_:runID:kind:planFile:planName:date:book:settings:endpoint:credential:journal:saveImages:seed:preview:announce:progress:)``
/// (sends, journals, returns the summary).
public enum LiveRun {
  /// Counts a prompt's tokens (the command passes the o200k tokenizer).
  public typealias PromptCounter = (String) throws -> (tokens: Int, exact: Bool)

  /// A new run id: `run-YYYYMMDDTHHMMSSZ-xxxx`.
  public static func newRunID(clock: WallClock = .system) -> String {
    var rng = SystemRandomNumberGenerator()
    let stamp = clock.timestamp().filter { $0 != "-" && $0 != ":" }
    return "run-\(stamp)-\(String(rng.next() & 0xFFFF, radix: 16))"
  }

  /// Expands `plan` into calls, refuses retired models, and prices every call: what `live run` shows before `--yes`.
  public static func prepare(
    plan: LivePlan, book: PriceBook, date: CivilDate, settings: LiveRunSettings, runID: String = newRunID(), countPrompt: PromptCounter
  ) throws -> PreparedLiveRun {
    let calls = try self.calls(for: plan, runID: runID, settings: settings, countPrompt: countPrompt)
    try settings.checkLifecycle(of: calls.map(\.request.model), book: book, date: date)
    let pricer = LiveCallPricer(book: book)
    let planned = try calls.map { PlannedCall(call: $0, prediction: try pricer.predict($0, date: date)) }
    return PreparedLiveRun(
      runID: runID, planName: plan.name, date: date, planned: planned, preview: preview(planned, cap: settings.cap, planName: plan.name, date: date))
  }

  /// Expands a live plan into calls (prompts counted with `countPrompt`; edit inputs measured from their files).
  public static func calls(for plan: LivePlan, runID: String, settings: LiveRunSettings, countPrompt: PromptCounter) throws -> [LiveCall] {
    var calls: [LiveCall] = []
    for entry in plan.calls {
      let deployment = try settings.deployment(for: entry.model, explicit: entry.deployment)
      var sizes: [ImageSize] = []
      for path in entry.images {
        guard let data = FileManager.default.contents(atPath: path) else { throw LivePreparationError.unreadableImage(path) }
        guard let size = ImageDimensions.read([UInt8](data)) else { throw LivePreparationError.unknownImageFormat(path) }
        sizes.append(size)
      }
      if let mask = entry.mask, !FileManager.default.isReadableFile(atPath: mask) { throw LivePreparationError.unreadableImage(mask) }
      var k = 0
      for prompt in entry.prompts {
        let count = try countPrompt(prompt)
        for _ in 0..<entry.repeatCount {
          k += 1
          let request = ImageRequest(
            model: entry.model, provider: settings.provider.rawValue, deploymentType: settings.deploymentType, region: settings.region,
            operation: entry.operation, quality: entry.quality, size: entry.size, n: entry.n, inputImages: sizes, inputFidelity: entry.inputFidelity,
            partialImages: entry.partialImages, prompt: .counted(tokens: count.tokens, exact: count.exact),
            promptCharacters: prompt.unicodeScalars.count)
          calls.append(
            LiveCall(
              id: "\(runID)/\(entry.id)#\(k)", seq: calls.count, group: entry.id, deployment: deployment, request: request, prompt: prompt,
              inputFiles: entry.images, maskFile: entry.mask, outputFormat: entry.outputFormat, background: entry.background))
        }
      }
    }
    return calls
  }

  /// The priced preview of `planned` against `cap`.
  public static func preview(_ planned: [PlannedCall], cap: USD, planName: String, date: CivilDate) -> LivePreview {
    LivePreview(
      planName: planName, date: date, cap: cap,
      rows: planned.map {
        LivePreview.Row(
          callID: $0.call.id, group: $0.call.group, model: $0.call.request.model, predicted: $0.prediction.predicted, low: $0.prediction.low,
          high: $0.prediction.high, worstCase: $0.prediction.worstCase)
      })
  }

  /// Sends the calls under the cap, journalling each in `journal`, and returns the summary with the journalled entries.
  /// `announce` gets one line (run id, call count, redacted endpoint, ledger) just before the first call; `progress`
  /// gets every change of the run's progress.
  public static func execute(
    _ planned: [PlannedCall], runID: String, kind: String, planFile: String, planName: String, date: CivilDate, book: PriceBook,
    settings: LiveRunSettings, endpoint: LiveEndpoint, credential: APICredential, journal: LedgerCallJournal, saveImages: String?, seed: UInt64?,
    preview: LivePreview, announce: (String) -> Void, progress: @escaping @Sendable (LiveProgress) -> Void
  ) async throws -> LiveRunResult {
    if let saveImages { try FileManager.default.createDirectory(atPath: saveImages, withIntermediateDirectories: true) }
    let redactor = credential.redactor
    let effects = LiveEffects(
      client: .urlSession(
        credential: credential, timeouts: Timeouts(totalSeconds: settings.timeoutSeconds, idleSeconds: min(settings.timeoutSeconds, 120))),
      journal: journal, redactor: redactor, timestamp: { settings.clock.timestamp(milliseconds: true) },
      saveImage: saveImages.map { folder in
        { @Sendable callID, index, bytes, format in
          let name = callID.split(separator: "/").dropFirst().joined(separator: "-").replacingOccurrences(of: "#", with: "-")
          let path = "\(folder)/\(name)-\(index + 1).\(format == "jpeg" ? "jpg" : format)"
          try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
          return path
        }
      },
      progress: progress)
    let configuration = LiveRunConfiguration(
      runID: runID, kind: kind, endpoint: endpoint, maxSpend: settings.cap, concurrency: settings.concurrency,
      requestsPerMinute: settings.requestsPerMinute, retry: RetryPolicy(maxAttempts: settings.maxAttempts),
      seed: seed ?? UInt64(max(0, settings.clock.nanosecondsSinceEpoch() / 1_000_000)), priceDate: date, planFile: planFile, planName: planName)
    let info = RunInfo(
      runID: runID, kind: kind, startedAt: settings.clock.timestamp(milliseconds: true), provider: settings.provider.rawValue,
      endpoint: redactor(LiveEndpoint.redactedURL(endpoint.baseURL)), planFile: planFile, planName: planName, maxSpend: settings.cap,
      predicted: preview.predicted, predictedLow: preview.low, predictedHigh: preview.high,
      worstCase: preview.worstCase, priceDate: date.description, priceBookFingerprint: book.fingerprint,
      concurrency: settings.concurrency, requestsPerMinute: settings.requestsPerMinute, calls: planned.count)
    let runner = LiveRunner(configuration: configuration, effects: effects, book: book)
    announce(
      "Run \(runID): \(planned.count) calls to \(redactor(LiveEndpoint.redactedURL(endpoint.baseURL))); journalled in the ledger \(journal.path).")
    let summary = await runner.run(planned, info: info)
    // A run that stopped early (cap, journal failure) is `aborted`; a killed one stays `running`.
    try? journal.finishRun(runID, aborted: summary.stopReason != nil)
    let entries = (try? journal.calls(run: runID)) ?? []
    return LiveRunResult(summary: summary, entries: entries, ledger: journal.path)
  }
}
