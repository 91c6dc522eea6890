import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger
import LiveRun

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
      style =
        azurePath == "v1"
        ? .azureV1(apiVersion: apiVersion ?? "preview") : .azureClassic(apiVersion: apiVersion ?? LiveEndpoint.defaultAzureAPIVersion)
    }
    var base = endpoint
    if base == nil {
      switch liveProvider {
      case .azure:
        guard let value = environment["AZURE_OPENAI_ENDPOINT"], !value.isEmpty else {
          throw LiveSetupError.missingEndpoint(variable: "AZURE_OPENAI_ENDPOINT")
        }
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

  /// The settings of the run these options describe.
  var settings: LiveRunSettings {
    LiveRunSettings(
      provider: liveProvider, deployments: deploymentMap.map { LiveRunSettings.Deployment(name: $0.name, model: $0.model) },
      deploymentType: deploymentType, region: region, cap: cap, concurrency: concurrency, requestsPerMinute: rpm, timeoutSeconds: timeout,
      maxAttempts: maxAttempts, allowRetired: allowRetired)
  }

  /// The model a deployment serves, if mapped.
  func model(ofDeployment name: String) -> String? { deploymentMap.first { $0.name == name }?.model }
}

/// Problems of the commands that read a live run back from the ledger.
enum LiveCommandError: Error, CustomStringConvertible {
  case emptyJournal(String)
  case unknownRun(String, String)

  var description: String {
    switch self {
    case .emptyJournal(let path): return "The ledger \(path) holds no live run yet; run imagecost live run first."
    case .unknownRun(let id, let path): return "The ledger \(path) has no live run '\(id)'."
    }
  }
}

extension LiveCommand {
  struct Run: AsyncParsableCommand {
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

    func run() async throws {
      let priceBook = try book.load()
      let loaded: LivePlan
      do {
        loaded = try LivePlanLoader.load(path: plan)
      } catch let error as PlanFileError {
        throw JobFailure(error.description.replacingOccurrences(of: "nothing was written", with: "nothing was sent"), prefixed: false)
      }
      let prepared = try LiveRun.prepare(
        plan: loaded, book: priceBook, date: book.pricingDate(), settings: connection.settings, countPrompt: PromptCounter.count)
      let preview = prepared.preview
      // JSON is one document: the prediction alone, or inside the run summary when the calls are sent.
      if format != .json || !connection.yes || !prepared.fitsCap { Output.result(LiveRenderer.preview(preview, as: format)) }
      guard prepared.fitsCap else {
        throw JobFailure(
          "The predicted cost \(preview.predicted.display) exceeds --max-spend \(connection.cap.display); nothing was sent. Raise --max-spend or trim the plan."
        )
      }
      guard connection.yes else {
        Output.diagnostic(
          "Nothing was sent. Re-run with --yes to make these \(prepared.planned.count) calls (never more than \(connection.cap.display)).")
        return
      }
      let result = try await connection.execute(
        prepared.planned, runID: prepared.runID, kind: "live-run", planFile: plan, planName: loaded.name, date: prepared.date, book: priceBook,
        saveImages: saveImages, seed: seed, preview: preview)
      Output.result(LiveRenderer.summary(result.summary, entries: result.entries, ledger: result.ledger, preview: preview, as: format))
      if result.summary.succeeded < prepared.planned.count { throw ExitCode.failure }
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List calls that were sent but never completed (a crash or kill): they may have been billed.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Output format: table, json or md.")
    var format: OutputFormat = .table

    func run() throws {
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

extension LiveConnectionOptions {
  /// Opens the ledger, resolves the endpoint and key from the environment, and sends `planned` (`live run`, `calibrate`)
  /// with a progress line on the terminal.
  func execute(
    _ planned: [PlannedCall], runID: String, kind: String, planFile: String, planName: String, date: CivilDate, book: PriceBook,
    saveImages: String?, seed: UInt64?, preview: LivePreview
  ) async throws -> LiveRunResult {
    let environment = ProcessInfo.processInfo.environment
    let endpoint = try resolvedEndpoint(environment: environment)
    let credential = try APICredential.fromEnvironment(liveProvider, environment: environment)
    let journal = try ledger.openForWriting().callJournal
    let progress = LiveProgressLine(total: planned.count)
    let result = try await LiveRun.execute(
      planned, runID: runID, kind: kind, planFile: planFile, planName: planName, date: date, book: book, settings: settings, endpoint: endpoint,
      credential: credential, journal: journal, saveImages: saveImages, seed: seed, preview: preview, announce: { Output.diagnostic($0) },
      progress: { progress.update($0) })
    progress.finish()
    return result
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
      let text =
        "\r\u{1B}[2Klive: \(progress.finished)/\(progress.total) calls, \(progress.charged.display) charged, \(progress.committed.display) committed of \(progress.cap.display)"
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  func finish() {
    lock.withLock {
      if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
  }
}
