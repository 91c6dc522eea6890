import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger

struct LiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "live",
    abstract: "Make real image calls under a hard spend cap, journalling every call.",
    discussion: """
      Keys come from AZURE_OPENAI_API_KEY (sent as api-key) or OPENAI_API_KEY (bearer); the endpoint from \
      --endpoint, AZURE_OPENAI_ENDPOINT or OPENAI_BASE_URL. Keys never appear in output, journals or reports.
      """,
    subcommands: [Run.self, Status.self])
}

/// Options shared by the commands that send paid calls (`live run`, `calibrate`).
struct LiveConnectionOptions: ParsableArguments {
  @Option(help: "Provider: azure or openai.")
  var provider: String = "azure"

  @Option(name: .customLong("deployment"), help: "Azure deployment NAME=MODEL, e.g. img1=gpt-image-1 (repeatable); calls of MODEL go to NAME.")
  var deployments: [String] = []

  @Option(name: .customLong("deployment-type"), help: "Deployment type the calls are billed under (default: the provider's, e.g. Azure global).")
  var deploymentType: String?

  @Option(help: "Region, for deployment types whose prices differ by region.")
  var region: String?

  @Option(help: "Base URL of the API (default: $AZURE_OPENAI_ENDPOINT, or $OPENAI_BASE_URL, or https://api.openai.com). Any compatible server works.")
  var endpoint: String?

  @Option(name: .customLong("azure-path"), help: "Azure path scheme: classic (/openai/deployments/NAME/…) or v1 (/openai/v1/…).")
  var azurePath: String = "classic"

  @Option(name: .customLong("api-version"), help: "Azure api-version (default 2025-04-01-preview on the classic path, preview on v1).")
  var apiVersion: String?

  @Option(name: .customLong("max-spend"), help: "The most the calls may cost, in USD, e.g. 2.00 (required; never exceeded, even with retries).")
  var maxSpend: String

  @Flag(help: "Send the calls. Without it the prediction is printed and nothing is sent.")
  var yes = false

  @Flag(
    name: .customLong("allow-retired"),
    help: "Call models the price book says are retired on the provider (for a deployment that still serves one); refused otherwise.")
  var allowRetired = false

  /// Refuses, before anything is sent, models retired on the provider at `date` (unless --allow-retired).
  func checkLifecycle(of models: [String], book: PriceBook, date: CivilDate) throws {
    guard !allowRetired else { return }
    for model in Set(models.map { book.canonicalModelID($0) ?? $0 }).sorted() {
      let lifecycle = book.lifecycle(of: model, provider: liveProvider.rawValue, at: date)
      if lifecycle.status == .retired, let retirement = lifecycle.retirement {
        throw LiveCommandError.retiredModel(model: model, provider: liveProvider.rawValue, retired: retirement.retired, successor: retirement.successor)
      }
    }
  }

  @Option(help: "Requests per minute per deployment (Azure image quotas are RPM).")
  var rpm: Int?

  @Option(help: "Calls in flight at once.")
  var concurrency: Int = 2

  /// The ledger that journals every call (`--db`), durably before it is sent.
  @OptionGroup var ledger: LedgerOptions

  @Option(help: "Seconds one attempt may take before it counts as timed out.")
  var timeout: Int = 300

  @Option(name: .customLong("max-attempts"), help: "Attempts per call, the first included (429 and 5xx are retried).")
  var maxAttempts: Int = 4

  func validate() throws {
    guard LiveProvider(rawValue: provider) != nil else { throw ValidationError("--provider must be azure or openai, not '\(provider)'.") }
    guard let cap = USD(decimal: maxSpend), cap > .zero else {
      throw ValidationError("--max-spend '\(maxSpend)' must be a positive plain decimal in USD, such as 2.00.")
    }
    for entry in deployments where entry.split(separator: "=").count != 2 {
      throw ValidationError("--deployment '\(entry)' must be NAME=MODEL, e.g. img1=gpt-image-1.")
    }
    guard azurePath == "classic" || azurePath == "v1" else { throw ValidationError("--azure-path must be classic or v1, not '\(azurePath)'.") }
    if let rpm, rpm < 1 { throw ValidationError("--rpm must be 1 or more, not \(rpm).") }
    guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency).") }
    guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, not \(timeout).") }
    guard (1...10).contains(maxAttempts) else { throw ValidationError("--max-attempts must be between 1 and 10, not \(maxAttempts).") }
    if let endpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
      throw ValidationError("--endpoint '\(LiveEndpoint.redactedURL(endpoint))' must start with http:// or https://.")
    }
  }

  var liveProvider: LiveProvider { LiveProvider(rawValue: provider) ?? .azure }
  var cap: USD { USD(decimal: maxSpend) ?? .zero }

  /// Deployment name → model.
  var deploymentMap: [(name: String, model: String)] {
    deployments.map { entry in
      let parts = entry.split(separator: "=").map(String.init)
      return (parts[0], parts[1])
    }
  }

  /// The endpoint from the flag or the environment.
  func resolvedEndpoint(environment: [String: String]) throws -> LiveEndpoint {
    let style: LiveEndpoint.Style
    switch liveProvider {
    case .openai: style = .openAI
    case .azure:
      style = azurePath == "v1" ? .azureV1(apiVersion: apiVersion ?? "preview") : .azureClassic(apiVersion: apiVersion ?? LiveEndpoint.defaultAzureAPIVersion)
    }
    var base = endpoint
    if base == nil {
      switch liveProvider {
      case .azure:
        guard let value = environment["AZURE_OPENAI_ENDPOINT"], !value.isEmpty else { throw LiveSetupError.missingEndpoint(variable: "AZURE_OPENAI_ENDPOINT") }
        base = value
      case .openai: base = environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? LiveEndpoint.openAIBaseURL
      }
    }
    // Parsed with URLComponents: the API path goes into the path and the query (`?x=1`) is kept after it.
    guard let base, base.hasPrefix("http://") || base.hasPrefix("https://"), var components = URLComponents(string: base),
      let host = components.host, !host.isEmpty
    else {
      throw LiveSetupError.invalidEndpoint(LiveEndpoint.redactedURL(base ?? ""))
    }
    components.fragment = nil
    if components.query?.isEmpty == true { components.query = nil }
    return LiveEndpoint(baseURL: components.string ?? base, style: style)
  }

  /// The Azure deployment for `model` (an explicit `deployment` wins); nil on OpenAI.
  func deployment(for model: String, explicit: String?) throws -> String? {
    guard liveProvider == .azure else { return nil }
    if let explicit { return explicit }
    guard let match = deploymentMap.first(where: { $0.model == model }) else {
      throw LiveCommandError.noDeployment(model: model)
    }
    return match.name
  }

  /// The model a deployment serves, if mapped.
  func model(ofDeployment name: String) -> String? { deploymentMap.first { $0.name == name }?.model }
}

/// Problems of the live commands before anything is sent.
enum LiveCommandError: Error, CustomStringConvertible {
  case noDeployment(model: String)
  case unreadableImage(String)
  case unknownImageFormat(String)
  case emptyJournal(String)
  case unknownRun(String, String)
  case retiredModel(model: String, provider: String, retired: CivilDate, successor: String?)

  var description: String {
    switch self {
    case .noDeployment(let model): return "No --deployment NAME=\(model) was given, so the \(model) calls have no Azure deployment to go to."
    case .unreadableImage(let path): return "Cannot read the input image \(path)."
    case .unknownImageFormat(let path): return "\(path) is not a PNG, JPEG or WebP image whose size can be read."
    case .emptyJournal(let path): return "The ledger \(path) holds no live run yet; run imagecost live run first."
    case .unknownRun(let id, let path): return "The ledger \(path) has no live run '\(id)'."
    case .retiredModel(let model, let provider, let retired, let successor):
      return "\(model) was retired on \(provider) on \(retired)" + (successor.map { "; use its successor \($0)" } ?? "")
        + "; nothing was sent (--allow-retired calls a deployment that still serves it)."
    }
  }
}

extension LiveCommand {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Predict a live plan's cost, then (with --yes) make its calls under --max-spend, with a progress line and a summary.",
      discussion: """
        A call starts only if the spend so far plus the worst case of every call in flight and of this call stays \
        within --max-spend; the run stops cleanly when the next call cannot fit. Every call is journalled before \
        it is sent. See examples/smoke.yaml for the plan format.
        """)

    @OptionGroup var book: PriceBookOptions
    @OptionGroup var connection: LiveConnectionOptions

    @Argument(help: "Live plan (YAML, kind: live).")
    var plan: String

    @Option(name: .customLong("save-images"), help: "Write the returned images into this directory.")
    var saveImages: String?

    @Option(help: "Seed for retry jitter (default: from the clock).")
    var seed: UInt64?

    @Option(help: "Output format of the prediction and summary: table, json or md.")
    var format: OutputFormat = .table

    func run() throws {
      try reportingLiveErrors {
        let priceBook = try book.load()
        let loaded: LivePlan
        do {
          loaded = try LivePlanLoader.load(path: plan)
        } catch let error as PlanFileError {
          Output.diagnostic(error.description.replacingOccurrences(of: "nothing was written", with: "nothing was sent"))
          throw ExitCode.failure
        }
        let date = book.pricingDate()
        let runID = LiveRunSupport.newRunID()
        let calls = try LiveRunSupport.calls(for: loaded, runID: runID, connection: connection)
        try connection.checkLifecycle(of: calls.map(\.request.model), book: priceBook, date: date)
        let pricer = LiveCallPricer(book: priceBook)
        let planned = try calls.map { PlannedCall(call: $0, prediction: try pricer.predict($0, date: date)) }
        let preview = LiveRunSupport.preview(planned, cap: connection.cap, planName: loaded.name, date: date)
        // JSON is one document: the prediction alone, or inside the run summary when the calls are sent.
        if format != .json || !connection.yes || preview.predicted > connection.cap { Output.result(LiveRenderer.preview(preview, as: format)) }
        if preview.predicted > connection.cap {
          Output.diagnostic(
            "error: The predicted cost \(preview.predicted.display) exceeds --max-spend \(connection.cap.display); nothing was sent. Raise --max-spend or trim the plan.")
          throw ExitCode.failure
        }
        guard connection.yes else {
          Output.diagnostic("Nothing was sent. Re-run with --yes to make these \(planned.count) calls (never more than \(connection.cap.display)).")
          return
        }
        let summary = try LiveRunSupport.execute(
          planned, runID: runID, kind: "live-run", planFile: plan, planName: loaded.name, date: date, book: priceBook, connection: connection,
          saveImages: saveImages, seed: seed, preview: preview)
        Output.result(LiveRenderer.summary(summary.summary, entries: summary.entries, ledger: summary.ledger, preview: preview, as: format))
        if summary.summary.succeeded < planned.count { throw ExitCode.failure }
      }
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List calls that were sent but never completed (a crash or kill): they may have been billed.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Output format: table, json or md.")
    var format: OutputFormat = .table

    func run() throws {
      try reportingLedgerErrors {
        let path = ledger.resolvedPath()
        // A command that only reads never creates the ledger: no file, no run, nothing unfinished.
        guard FileManager.default.fileExists(atPath: path) else {
          Output.result(LiveRenderer.status([], runs: [], ledger: path, as: format))
          return
        }
        let journal = try ledger.openForReading().callJournal
        Output.result(LiveRenderer.status(try journal.unfinishedCalls(), runs: try journal.runs(), ledger: path, as: format))
      }
    }
  }
}

/// The steps of a live run shared by `live run` and `calibrate`.
enum LiveRunSupport {
  /// A new run id: `run-YYYYMMDDTHHMMSSZ-xxxx`.
  static func newRunID() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    var rng = SystemRandomNumberGenerator()
    return "run-\(formatter.string(from: Date()))-\(String(rng.next() & 0xFFFF, radix: 16))"
  }

  /// Expands a live plan into calls (prompts counted with o200k; edit inputs measured from their files).
  static func calls(for plan: LivePlan, runID: String, connection: LiveConnectionOptions) throws -> [LiveCall] {
    var calls: [LiveCall] = []
    for entry in plan.calls {
      let deployment = try connection.deployment(for: entry.model, explicit: entry.deployment)
      var sizes: [ImageSize] = []
      for path in entry.images {
        guard let data = FileManager.default.contents(atPath: path) else { throw LiveCommandError.unreadableImage(path) }
        guard let size = ImageDimensions.read([UInt8](data)) else { throw LiveCommandError.unknownImageFormat(path) }
        sizes.append(size)
      }
      if let mask = entry.mask, !FileManager.default.isReadableFile(atPath: mask) { throw LiveCommandError.unreadableImage(mask) }
      var k = 0
      for prompt in entry.prompts {
        let count = try PromptCounter.count(prompt)
        for _ in 0..<entry.repeatCount {
          k += 1
          let request = ImageRequest(
            model: entry.model, provider: connection.liveProvider.rawValue, deploymentType: connection.deploymentType, region: connection.region,
            operation: entry.operation, quality: entry.quality, size: entry.size, n: entry.n, inputImages: sizes, inputFidelity: entry.inputFidelity,
            partialImages: entry.partialImages, prompt: .counted(tokens: count.tokens, exact: count.exact), promptCharacters: prompt.unicodeScalars.count)
          calls.append(
            LiveCall(
              id: "\(runID)/\(entry.id)#\(k)", seq: calls.count, group: entry.id, deployment: deployment, request: request, prompt: prompt,
              inputFiles: entry.images, maskFile: entry.mask, outputFormat: entry.outputFormat, background: entry.background))
        }
      }
    }
    return calls
  }

  static func preview(_ planned: [PlannedCall], cap: USD, planName: String, date: CivilDate) -> LivePreview {
    LivePreview(
      planName: planName, date: date, cap: cap,
      rows: planned.map {
        LivePreview.Row(callID: $0.call.id, group: $0.call.group, model: $0.call.request.model, predicted: $0.prediction.predicted, low: $0.prediction.low, high: $0.prediction.high, worstCase: $0.prediction.worstCase)
      })
  }

  /// Sends the calls and returns the summary with the journalled entries.
  static func execute(
    _ planned: [PlannedCall], runID: String, kind: String, planFile: String, planName: String, date: CivilDate, book: PriceBook,
    connection: LiveConnectionOptions, saveImages: String?, seed: UInt64?, preview: LivePreview
  ) throws -> (summary: LiveRunSummary, entries: [JournalEntry], ledger: String) {
    let environment = ProcessInfo.processInfo.environment
    let endpoint = try connection.resolvedEndpoint(environment: environment)
    let credential = try APICredential.fromEnvironment(connection.liveProvider, environment: environment)
    let journal = try connection.ledger.openForWriting().callJournal
    if let saveImages { try FileManager.default.createDirectory(atPath: saveImages, withIntermediateDirectories: true) }
    let redactor = credential.redactor
    let progress = LiveProgressLine(total: planned.count)
    let effects = LiveEffects(
      client: .urlSession(credential: credential, timeouts: Timeouts(totalSeconds: connection.timeout, idleSeconds: min(connection.timeout, 120))),
      journal: journal, redactor: redactor,
      saveImage: saveImages.map { folder in
        { @Sendable callID, index, bytes, format in
          let name = callID.split(separator: "/").dropFirst().joined(separator: "-").replacingOccurrences(of: "#", with: "-")
          let path = "\(folder)/\(name)-\(index + 1).\(format == "jpeg" ? "jpg" : format)"
          try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
          return path
        }
      },
      progress: { progress.update($0) })
    let configuration = LiveRunConfiguration(
      runID: runID, kind: kind, endpoint: endpoint, maxSpend: connection.cap, concurrency: connection.concurrency, requestsPerMinute: connection.rpm,
      retry: RetryPolicy(maxAttempts: connection.maxAttempts), seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000), priceDate: date,
      planFile: planFile, planName: planName)
    let info = RunInfo(
      runID: runID, kind: kind, startedAt: LiveEffects.isoNow(), provider: connection.liveProvider.rawValue, endpoint: redactor(LiveEndpoint.redactedURL(endpoint.baseURL)),
      planFile: planFile, planName: planName, maxSpendNanos: connection.cap.nanos, predictedNanos: preview.predicted.nanos, predictedLowNanos: preview.low.nanos,
      predictedHighNanos: preview.high.nanos, worstCaseNanos: preview.worstCase.nanos, priceDate: date.description, priceBookFingerprint: book.fingerprint,
      concurrency: connection.concurrency, requestsPerMinute: connection.rpm, calls: planned.count)
    let runner = LiveRunner(configuration: configuration, effects: effects, book: book)
    Output.diagnostic("Run \(runID): \(planned.count) calls to \(redactor(LiveEndpoint.redactedURL(endpoint.baseURL))); journalled in the ledger \(journal.path).")
    let summary = runBlocking { await runner.run(planned, info: info) }
    progress.finish()
    // A run that stopped early (cap, journal failure) is `aborted`; a killed one stays `running`.
    try? journal.finishRun(runID, aborted: summary.stopReason != nil)
    let entries = (try? journal.calls(run: runID)) ?? []
    return (summary, entries, journal.path)
  }
}

/// The live-run progress line on stderr (terminal only).
final class LiveProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled = isatty(STDERR_FILENO) != 0
  private var drawn = false
  let total: Int

  init(total: Int) { self.total = total }

  func update(_ progress: LiveProgress) {
    guard enabled else { return }
    lock.withLock {
      drawn = true
      let text = "\r\u{1B}[2Klive: \(progress.finished)/\(progress.total) calls, \(progress.charged.display) charged, \(progress.committed.display) committed of \(progress.cap.display)"
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  func finish() {
    lock.withLock {
      if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
  }
}

/// Runs async work from a synchronous command and waits for it.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
  let box = BlockingBox<T>()
  let semaphore = DispatchSemaphore(value: 0)
  Task {
    box.value = await body()
    semaphore.signal()
  }
  semaphore.wait()
  return box.value!
}

/// The result slot of ``runBlocking(_:)``; written once before the semaphore is signalled.
final class BlockingBox<T>: @unchecked Sendable {
  var value: T?
}
