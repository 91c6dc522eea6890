import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger
import LiveRun

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
