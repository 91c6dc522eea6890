import CostCore
import Foundation
import Ledger
import Testing

@Suite struct LiveJournalTests {
  @Test func pendingIsDurableAndCompletionIsRecorded() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    let run = try ledger.beginRun(
      runID: "run-1", planFile: "plan.yaml", provider: "azure", endpoint: "https://user:secret@my-res.openai.azure.com:443/openai/deployments/x?api-key=SECRET",
      maxSpend: USD(decimal: "5.00"), predicted: USD(decimal: "1.25"))
    #expect(run.endpointHost == "my-res.openai.azure.com")
    let call = LiveCall(
      callID: "call-1", runID: run.runID, seq: 1, provider: "azure", deployment: "img1", model: "gpt-image-1", operation: "generate",
      requestParams: #"{"quality":"high","size":"1024x1024"}"#, predicted: USD(decimal: "0.17")!, worstCase: USD(decimal: "0.25")!)
    try ledger.recordPending(call)
    try ledger.recordPending(LiveCall(callID: "call-2", runID: run.runID, seq: 2, provider: "azure", model: "gpt-image-1", operation: "generate", requestParams: "{}", predicted: .zero, worstCase: .zero))

    // A second connection (another process after a crash) sees both calls as pending.
    let reopened = try Ledger(path: path, clock: Fixture.clock)
    #expect(try reopened.unfinishedCalls().map(\.callID) == ["call-1", "call-2"])
    #expect(try reopened.lastRun() == run)

    let usage = ImageUsage(inputTokens: 50, inputTextTokens: 50, inputImageTokens: 0, outputTokens: 4160, outputImageTokens: nil, outputTextTokens: nil)
    let done = try reopened.complete(
      "call-1",
      outcome: LiveCallOutcome(state: .succeeded, httpStatus: 200, usage: usage, actual: USD(decimal: "0.16665"), latencyMs: 8123, providerRequestID: "req_abc"))
    #expect(done.state == .succeeded)
    #expect(done.usage == usage)
    #expect(done.actual == USD(decimal: "0.16665"))
    #expect(done.finishedAt == "2026-11-24T00:00:00Z")
    try reopened.complete("call-2", outcome: LiveCallOutcome(state: .failed, attempts: 3, httpStatus: 429, errorCode: "rate_limit_exceeded", errorMessage: "Too many requests"))
    #expect(try reopened.unfinishedCalls().isEmpty)
    let calls = try ledger.calls(run: "run-1")
    #expect(calls.map(\.state) == [.succeeded, .failed])
    #expect(calls[1].attempts == 3)
    #expect(calls[1].errorCode == "rate_limit_exceeded")
    #expect(throws: LedgerError.callAlreadyFinished(path: path, callID: "call-1", state: "succeeded")) {
      try ledger.complete("call-1", outcome: LiveCallOutcome(state: .failed))
    }
    #expect(throws: LedgerError.unknownCall(path: path, callID: "nope")) { try ledger.complete("nope", outcome: LiveCallOutcome(state: .failed)) }
    try ledger.finishRun("run-1")
    #expect(try ledger.lastRun()?.state == "finished")
    #expect(Ledger.check(path: path).passed)
  }

  @Test func pendingCallNeedsItsRun() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    #expect(throws: LedgerError.unknownRun(path: ":memory:", runID: "ghost")) {
      try ledger.recordPending(LiveCall(runID: "ghost", seq: 1, provider: "openai", model: "gpt-image-1", operation: "generate", requestParams: "{}", predicted: .zero, worstCase: .zero))
    }
  }

  @Test func endpointHostNeverKeepsSecrets() {
    #expect(Ledger.endpointHost("https://api.openai.com/v1/images/generations") == "api.openai.com")
    #expect(Ledger.endpointHost("http://key:sk-123@127.0.0.1:8080/x?api-key=sk") == "127.0.0.1")
    #expect(Ledger.endpointHost("my-res.openai.azure.com") == "my-res.openai.azure.com")
  }
}
