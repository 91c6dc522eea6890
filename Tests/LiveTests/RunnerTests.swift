import CostCore
import CostIO
import Foundation
import ImageAPI
import LiveTestDoubles
import StandInServer
import Testing

@Suite(.serialized) struct RunnerTests {
  @Test func generationsOnAllThreePathsSucceedAndArePricedFromUsage() async throws {
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    for style in [LiveEndpoint.Style.azureClassic(apiVersion: "2025-04-01-preview"), .azureV1(apiVersion: "preview"), .openAI] {
      let provider = style == .openAI ? "openai" : "azure"
      let calls = [Live.call("c1", seq: 0, provider: provider), Live.call("c2", seq: 1, partialImages: 2, provider: provider)]
      let journal = InMemoryJournal()
      let (summary, gate) = try await Live.run(calls, server: server, style: style, cap: USD(decimal: "1")!, journal: journal)
      #expect(summary.succeeded == 2, "\(summary)")
      #expect(summary.charged == summary.actual)
      #expect(gate.inFlight.isEmpty)
      let entries = try journal.calls(run: "run-test")
      #expect(entries.count == 2)
      #expect(entries.allSatisfy { $0.state == .succeeded })
      #expect(entries[1].outcome?.partialImages == 2)
    }
  }
}

/// A fake monotonic clock: `sleep` advances it, so pacing is observable without waiting.
final class FakeClock: @unchecked Sendable {
  private let lock = NSLock()
  private var nanos: UInt64 = 1_000_000_000
  private(set) var sleeps: [UInt64] = []
  func now() -> UInt64 { lock.withLock { nanos } }
  func sleep(_ duration: UInt64) {
    lock.withLock {
      sleeps.append(duration)
      nanos += duration
    }
  }
}

@Suite(.serialized) struct RunnerLimitsTests {
  func runner(_ server: StandInServer, journal: any CallJournal = InMemoryJournal(), concurrency: Int, rpm: Int? = nil, clock: FakeClock? = nil)
    -> LiveRunner
  {
    let credential = APICredential.azureKey(Live.key)
    var effects = LiveEffects(
      client: .urlSession(credential: credential, timeouts: Timeouts(totalSeconds: 60, idleSeconds: 60)), journal: journal,
      redactor: credential.redactor)
    if let clock {
      effects.now = { clock.now() }
      effects.sleep = { clock.sleep($0) }
    }
    let configuration = LiveRunConfiguration(
      runID: "run-test", endpoint: LiveEndpoint(baseURL: server.baseURL, style: .azureClassic(apiVersion: "2025-04-01-preview")),
      maxSpend: USD(decimal: "5")!,
      concurrency: concurrency, requestsPerMinute: rpm, retry: RetryPolicy(maxAttempts: 2, baseDelayMilliseconds: 1), priceDate: Live.date)
    return LiveRunner(configuration: configuration, effects: effects, book: Live.book)
  }

  @Test func neverMoreCallsInFlightThanTheConcurrencyLimit() async throws {
    let server = try await Live.server(baseDelay: 60)
    defer { Task { await server.stop() } }
    let planned = try Live.planned((0..<8).map { Live.call("c\($0)", seq: $0) })
    let summary = await runner(server, concurrency: 3).run(planned, info: Live.runInfo("run-test", planned, cap: USD(decimal: "5")!))
    #expect(summary.succeeded == 8)
    // Never above the limit; how close it gets depends on the machine's load, so only "more than one" is required.
    #expect(server.maxConcurrent <= 3)
    #expect(server.maxConcurrent >= 2)
  }

  @Test func requestsPerMinuteSpaceTheCallsOfADeployment() async throws {
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let clock = FakeClock()
    let planned = try Live.planned((0..<4).map { Live.call("c\($0)", seq: $0) })
    let summary = await runner(server, concurrency: 4, rpm: 30, clock: clock).run(
      planned, info: Live.runInfo("run-test", planned, cap: USD(decimal: "5")!))
    #expect(summary.succeeded == 4)
    // 30 RPM: one call every 2 s; the first goes at once, each later one waits for its slot
    // (the fake clock advances by each sleep, so every wait is exactly one interval).
    #expect(clock.sleeps == [2_000_000_000, 2_000_000_000, 2_000_000_000])
  }

  @Test func aJournalFailureStopsTheRunBeforeAnyUnrecordedCallIsSent() async throws {
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let journal = InMemoryJournal()
    journal.failAfterPending = 2
    let planned = try Live.planned((0..<6).map { Live.call("c\($0)", seq: $0) })
    let summary = await runner(server, journal: journal, concurrency: 1).run(
      planned, info: Live.runInfo("run-test", planned, cap: USD(decimal: "5")!))
    #expect(server.served.count == 2)
    #expect(summary.stopReason?.contains("journal could not be written") == true)
    #expect(try journal.calls(run: "run-test").count == 2)
  }

  @Test func safetyRefusalsWithoutACodeAreRecognisedByTheirMessage() {
    #expect(
      AttemptFailure.looksLikeSafetyRefusal(type: "invalid_request_error", message: "Your request was rejected as a result of our safety system."))
    #expect(!AttemptFailure.looksLikeSafetyRefusal(type: "invalid_request_error", message: "Invalid size '999x999'."))
    let failure = AttemptFailure.http(status: 400, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil, safetyRefusal: true)
    #expect(failure.isModeration && failure.mayBeBilled && failure.code == "safety_refusal")
  }

  @Test func savedImagesAndEditsThroughTheRunner() async throws {
    let folder = try temporaryFolder("edits")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.png")
    try Data(PNGWriter.solid(width: 1024, height: 1024, rgba: (9, 9, 9, 255))).write(to: input)
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let call = Live.call(
      "e", seq: 0, operation: .edit, inputFiles: [input.path], inputSizes: [ImageSize(width: 1024, height: 1024)], fidelity: "high", mask: input.path)
    let saved = folder.path
    let journal = InMemoryJournal()
    let (summary, _) = try await Live.run(
      [call], server: server, cap: USD(decimal: "1")!, journal: journal,
      saveImage: { id, index, bytes, format in
        let path = "\(saved)/\(id)-\(index).\(format)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
      })
    #expect(summary.succeeded == 1)
    let request = try #require(server.served.first)
    #expect(request.inputImages == [ImageSize(width: 1024, height: 1024)])
    #expect(request.fields["input_fidelity"] == "high")
    let outcome = try #require(try journal.calls(run: "run-test").first?.outcome)
    #expect(outcome.usage?.inputImageTokens == 4354)
    #expect(outcome.savedFiles.count == 1)
    #expect(FileManager.default.fileExists(atPath: outcome.savedFiles[0]))
  }
}
