import CostCore
import CostIO
import Foundation
import ImageAPI
import LiveTestDoubles
import O200k
import StandInServer
import Testing

/// Shared fixtures of the live-mode tests: the price book, calls, a runner against the stand-in.
enum Live {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let book: PriceBook = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
  static let date = CivilDate("2026-11-24")!
  static let key = "sk-test-SECRETKEY-0123456789abcdefXYZ"

  /// A generation call (the prompt is counted like the CLI counts it: o200k).
  static func call(
    _ id: String, seq: Int, group: String = "g", model: String = "gpt-image-1", quality: String? = "low", size: String? = "1024x1024", n: Int = 1,
    partialImages: Int = 0, prompt: String = "a red bicycle leaning on a wall", provider: String = "azure", deployment: String? = "img1",
    operation: ImageOperation = .generate, inputFiles: [String] = [], inputSizes: [ImageSize] = [], fidelity: String? = nil, mask: String? = nil
  ) -> LiveCall {
    let tokens = Tokens.count(prompt)
    let request = ImageRequest(
      model: model, provider: provider, operation: operation, quality: quality, size: size.flatMap(ImageSize.init), n: n, inputImages: inputSizes,
      inputFidelity: fidelity, partialImages: partialImages, prompt: .counted(tokens: tokens, exact: true),
      promptCharacters: prompt.unicodeScalars.count)
    return LiveCall(
      id: id, seq: seq, group: group, deployment: provider == "azure" ? deployment : nil, request: request, prompt: prompt, inputFiles: inputFiles,
      maskFile: mask)
  }

  static func planned(_ calls: [LiveCall]) throws -> [PlannedCall] {
    let pricer = LiveCallPricer(book: book)
    return try calls.map { PlannedCall(call: $0, prediction: try pricer.predict($0, date: date)) }
  }

  static func runInfo(_ runID: String, _ planned: [PlannedCall], cap: USD) -> RunInfo {
    RunInfo(
      runID: runID, kind: "live-run", startedAt: "2026-11-24T00:00:00Z", provider: "azure", endpoint: "http://127.0.0.1", planFile: "test",
      planName: "test",
      maxSpend: cap, predicted: planned.reduce(.zero) { $0 + $1.prediction.predicted }, predictedLow: .zero, predictedHigh: .zero,
      worstCase: planned.reduce(.zero) { $0 + $1.prediction.worstCase }, priceDate: "2026-11-24", priceBookFingerprint: book.fingerprint,
      concurrency: 1, requestsPerMinute: nil, calls: planned.count)
  }

  /// Runs `calls` against `server` with fast retries (no real waiting beyond a few milliseconds).
  static func run(
    _ calls: [LiveCall], server: StandInServer, style: LiveEndpoint.Style = .azureClassic(apiVersion: LiveEndpoint.defaultAzureAPIVersion), cap: USD,
    concurrency: Int = 2, journal: any CallJournal = InMemoryJournal(), seed: UInt64 = 1,
    timeouts: Timeouts = Timeouts(totalSeconds: 60, idleSeconds: 60),
    credential: APICredential? = nil, rpm: Int? = nil, saveImage: (@Sendable (String, Int, [UInt8], String) throws -> String)? = nil
  ) async throws -> (LiveRunSummary, SpendGate) {
    let endpoint = LiveEndpoint(baseURL: server.baseURL, style: style)
    let credential = credential ?? (endpoint.provider == .openai ? APICredential.bearer(key) : APICredential.azureKey(key))
    let planned = try planned(calls)
    let configuration = LiveRunConfiguration(
      runID: "run-test", endpoint: endpoint, maxSpend: cap, concurrency: concurrency, requestsPerMinute: rpm,
      retry: RetryPolicy(maxAttempts: 4, baseDelayMilliseconds: 1, maxDelayMilliseconds: 4, jitterPercent: 50, maxServerDelayMilliseconds: 20),
      seed: seed,
      priceDate: date)
    let effects = LiveEffects(
      client: .urlSession(credential: credential, timeouts: timeouts), journal: journal, redactor: credential.redactor, saveImage: saveImage)
    let runner = LiveRunner(configuration: configuration, effects: effects, book: book)
    let summary = await runner.run(planned, info: runInfo("run-test", planned, cap: cap))
    return (summary, await runner.spendGate)
  }

  static func server(
    drift: StandInServer.Drift = .init(), faults: StandInServer.FaultScript = .none, echo: Bool = false, baseDelay: Int = 0, eventDelay: Int = 5
  ) async throws -> StandInServer {
    try await StandInServer.start(
      .init(
        apiKey: key,
        deployments: ["img1": "gpt-image-1", "mini": "gpt-image-1-mini", "img15": "gpt-image-1.5", "img2": "gpt-image-2", "dalle3": "dall-e-3"],
        book: book, drift: drift, faults: faults, eventDelayMilliseconds: eventDelay, echoCredentialInErrors: echo, baseDelayMilliseconds: baseDelay))
  }
}

enum Tokens {
  static func count(_ text: String) -> Int { (try? O200kTokenizer.shared.count(text)) ?? 0 }
}
