import CostCore
import Foundation
import GRDB
import Testing

@testable import Ledger

/// The ledger as live mode's ``CallJournal``.
@Suite struct LiveJournalTests {
  static func run(_ id: String, rpm: Int? = 30) -> RunInfo {
    RunInfo(
      runID: id, kind: "calibration", startedAt: "2026-11-24T09:30:00Z", provider: "azure", endpoint: "https://my-res.openai.azure.com/openai",
      planFile: "plans/smoke.yaml", planName: "smoke", maxSpend: USD(nanos: 5_000_000_000), predicted: USD(nanos: 1_250_000_000),
      predictedLow: USD(nanos: 1_000_000_000),
      predictedHigh: USD(nanos: 1_500_000_000), worstCase: USD(nanos: 3_000_000_000), priceDate: "2026-11-23", priceBookFingerprint: "sha256:abc",
      concurrency: 3,
      requestsPerMinute: rpm, calls: 7)
  }

  static func call(_ id: String, run: String, seq: Int, attempt: Int = 1, chargedBefore: Int64 = 0) -> CallRecord {
    CallRecord(
      callID: id, runID: run, seq: seq, group: "plain", provider: "azure", deployment: seq.isMultiple(of: 2) ? "img1" : nil, model: "gpt-image-1",
      operation: "generate", requestJSON: #"{"model":"gpt-image-1","quality":"low","size":"1024x1024"}"#,
      predicted: USD(nanos: 11_000_000 + Int64(seq)),
      worstCase: USD(nanos: 40_000_000),
      predictedTokens: TokenCounts(
        inputTokens: 20, inputTextTokens: 20, inputImageTokens: 0, outputTokens: 272, outputImageTokens: 272, outputTextTokens: nil, images: nil),
      attempts: attempt, chargedBefore: USD(nanos: chargedBefore), startedAt: "2026-11-24T09:30:0\(seq)Z")
  }

  static let outcome = CallOutcome(
    state: .succeeded, attempts: 2, httpStatus: 200, errorCode: nil, errorMessage: nil,
    usage: TokenCounts(
      inputTokens: 21, inputTextTokens: 21, inputImageTokens: 0, outputTokens: 280, outputImageTokens: 272, outputTextTokens: 8, images: 1),
    actual: USD(nanos: 11_500_000), charged: USD(nanos: 51_500_000), chargeBasis: .priced, latencyMs: 8123, providerRequestID: "req_abc",
    finishedAt: "2026-11-24T09:31:00Z", partialImages: 2, images: 1, savedFiles: ["out/plain-1-1.png"])

  static func ledgerPath() throws -> (URL, String) {
    let dir = try Fixture.temporaryDirectory()
    return (dir, dir.appendingPathComponent("ledger.sqlite").path)
  }

  @Test func everyFieldRoundTrips() throws {
    let (dir, path) = try Self.ledgerPath()
    defer { try? FileManager.default.removeItem(at: dir) }
    let journal = try Ledger(path: path, clock: Fixture.clock).callJournal
    let run = Self.run("run-1")
    let bare = Self.run("run-2", rpm: nil)
    try journal.beginRun(run)
    try journal.beginRun(bare)
    let first = Self.call("run-1/plain#1", run: "run-1", seq: 0)
    let second = Self.call("run-1/plain#2", run: "run-1", seq: 1)
    try journal.recordPending(first)
    try journal.recordPending(second)
    let failed = CallOutcome(
      state: .failed, attempts: 1, httpStatus: 400, errorCode: "moderation_blocked", errorMessage: "refused", usage: nil, actual: nil,
      charged: USD(nanos: 40_000_000), chargeBasis: .worstCase, latencyMs: nil, providerRequestID: nil, finishedAt: "2026-11-24T09:32:00Z")
    try journal.complete(callID: first.callID, outcome: Self.outcome)
    try journal.complete(callID: second.callID, outcome: failed)

    // Read back through a second connection, as another process would.
    let reopened = try Ledger(path: path, clock: Fixture.clock).callJournal
    #expect(try reopened.runs() == [run, bare])
    #expect(try reopened.lastRun() == bare)
    #expect(try reopened.run(id: "run-1") == run)
    #expect(try reopened.run(id: "ghost") == nil)
    #expect(try reopened.calls(run: "run-1") == [JournalEntry(record: first, outcome: Self.outcome), JournalEntry(record: second, outcome: failed)])
    #expect(try reopened.allCalls().count == 2)
    #expect(try reopened.unfinishedCalls().isEmpty)
    // The queryable columns hold what they say.
    let row = try #require(
      try reopened.ledger.read { db in
        try Row.fetchOne(
          db,
          sql:
            "SELECT state, input_tokens, output_tokens, actual_nanos, http_status, provider_request_id, charged_nanos FROM live_calls WHERE seq = 0")
      })
    #expect(row[0] as String == "succeeded")
    #expect(row[1] as Int64 == 21)
    #expect(row[2] as Int64 == 280)
    #expect(row[3] as Int64 == 11_500_000)
    #expect(row[4] as Int == 200)
    #expect(row[5] as String == "req_abc")
    #expect(row[6] as Int64 == 51_500_000)
    #expect(
      try reopened.ledger.read { try String.fetchOne($0, sql: "SELECT endpoint_host FROM live_runs WHERE run_id = 'run-1'") }
        == "my-res.openai.azure.com")
    try reopened.finishRun("run-1")
    #expect(Ledger.check(path: path).passed)
  }

  @Test func aRetryReplacesThePendingRecord() throws {
    let journal = try Ledger(inMemory: Fixture.clock).callJournal
    try journal.beginRun(Self.run("r"))
    try journal.recordPending(Self.call("r/a#1", run: "r", seq: 0))
    let retry = Self.call("r/a#1", run: "r", seq: 0, attempt: 2, chargedBefore: 40_000_000)
    try journal.recordPending(retry)
    #expect(try journal.calls(run: "r") == [JournalEntry(record: retry, outcome: nil)])
    try journal.complete(callID: retry.callID, outcome: Self.outcome)
    // A pending record after completion (another retry) clears the outcome.
    let third = Self.call("r/a#1", run: "r", seq: 0, attempt: 3, chargedBefore: 80_000_000)
    try journal.recordPending(third)
    #expect(try journal.unfinishedCalls() == [JournalEntry(record: third, outcome: nil)])
    #expect(try journal.ledger.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM live_calls") } == 1)
  }

  @Test func pendingCallsSurviveACrash() throws {
    let (dir, path) = try Self.ledgerPath()
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      let journal = try Ledger(path: path, clock: Fixture.clock).callJournal
      try journal.beginRun(Self.run("r"))
      for seq in 0..<4 { try journal.recordPending(Self.call("r/c#\(seq)", run: "r", seq: seq)) }
      try journal.complete(callID: "r/c#1", outcome: Self.outcome)
      // No close, no checkpoint: the process "dies" here with the calls in the WAL.
    }
    let after = try Ledger(path: path, clock: Fixture.clock).callJournal
    #expect(try after.unfinishedCalls().map(\.record.callID) == ["r/c#0", "r/c#2", "r/c#3"])
    #expect(try after.calls(run: "r").map(\.state) == [.pending, .succeeded, .pending, .pending])
    #expect(Ledger.check(path: path).notes.contains { $0.contains("3 live call(s) are pending") })
  }

  @Test func misuseIsRefused() throws {
    let journal = try Ledger(inMemory: Fixture.clock).callJournal
    #expect(throws: LedgerError.unknownRun(path: ":memory:", runID: "ghost")) { try journal.recordPending(Self.call("g/1", run: "ghost", seq: 0)) }
    #expect(throws: LedgerError.unknownCall(path: ":memory:", callID: "nope")) { try journal.complete(callID: "nope", outcome: Self.outcome) }
    try journal.beginRun(Self.run("r"))
    try journal.recordPending(Self.call("r/1", run: "r", seq: 0))
    try journal.complete(callID: "r/1", outcome: Self.outcome)
    #expect(throws: LedgerError.callAlreadyFinished(path: ":memory:", callID: "r/1", state: "succeeded")) {
      try journal.complete(callID: "r/1", outcome: Self.outcome)
    }
  }

  @Test func pendingWritesAreSyncedToDisk() throws {
    let (dir, path) = try Self.ledgerPath()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    try ledger.callJournal.beginRun(Self.run("r"))
    // Journal writes raise `synchronous` to FULL for their own commit only; the WAL is on the file.
    var mode: String?
    try ledger.withDatabaseForTesting { db in mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    var synchronous: Int?
    let journal = ledger.callJournal
    try ledger.durableWrite { db in synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    #expect(synchronous == 2)  // FULL
    try journal.recordPending(Self.call("r/1", run: "r", seq: 0))
    #expect(FileManager.default.fileExists(atPath: path + "-wal"))
  }

  @Test func aVersionTwoLedgerUpgradesAndKeepsItsCalls() throws {
    let (dir, path) = try Self.ledgerPath()
    defer { try? FileManager.default.removeItem(at: dir) }
    // A ledger written by the release before: migrations up to v2, with a run and two calls in the old shape.
    let queue = try DatabaseQueue(path: path)
    try LedgerSchema.migrator.migrate(queue, upTo: "v2-live-journal")
    try queue.write { db in
      #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 2)
      try db.execute(
        sql: """
          INSERT INTO live_runs (run_id, started_at, plan_file, provider, endpoint_host, max_spend_nanos, predicted_nanos, state)
          VALUES ('old', '2026-11-20T08:00:00Z', 'plan.yaml', 'openai', 'api.openai.com', 2000000000, 500000000, 'running');
          INSERT INTO live_calls (call_id, run_id, seq, provider, model, operation, request_params, predicted_nanos, worst_case_nanos, state, attempts,
            http_status, input_tokens, input_text_tokens, input_image_tokens, output_tokens, actual_nanos, latency_ms, provider_request_id, started_at, finished_at)
          VALUES ('old/1', 'old', 1, 'openai', 'gpt-image-1', 'generate', '{}', 100, 200, 'succeeded', 1, 200, 50, 50, 0, 4160, 150, 900, 'req_1',
            '2026-11-20T08:00:01Z', '2026-11-20T08:00:09Z');
          INSERT INTO live_calls (call_id, run_id, seq, provider, model, operation, request_params, predicted_nanos, worst_case_nanos, state, started_at)
          VALUES ('old/2', 'old', 2, 'openai', 'gpt-image-1', 'generate', '{}', 100, 200, 'pending', '2026-11-20T08:00:02Z');
          """)
    }
    try queue.close()

    let ledger = try Ledger(path: path, clock: Fixture.clock)
    #expect(try ledger.status().schemaVersion == 3)
    let journal = ledger.callJournal
    let old = try #require(try journal.run(id: "old"))
    #expect(old.endpoint == "api.openai.com")
    #expect(old.maxSpend == USD(nanos: 2_000_000_000))
    #expect(old.priceDate == "2026-11-20")
    #expect(old.calls == 2)
    let calls = try journal.calls(run: "old")
    #expect(calls.map(\.state) == [.succeeded, .pending])
    #expect(calls[0].outcome?.usage == TokenCounts(inputTokens: 50, inputTextTokens: 50, inputImageTokens: 0, outputTokens: 4160))
    #expect(calls[0].outcome?.actual == USD(nanos: 150))
    #expect(calls[0].outcome?.providerRequestID == "req_1")
    #expect(try journal.unfinishedCalls().map(\.record.callID) == ["old/2"])
    // The upgraded ledger takes new runs in the new shape.
    try journal.beginRun(Self.run("new"))
    #expect(try journal.lastRun() == Self.run("new"))
    #expect(Ledger.check(path: path).passed)
  }

  @Test func endpointHostNeverKeepsSecrets() {
    #expect(Ledger.endpointHost("https://api.openai.com/v1/images/generations") == "api.openai.com")
    #expect(Ledger.endpointHost("http://key:sk-123@127.0.0.1:8080/x?api-key=sk") == "127.0.0.1")
    #expect(Ledger.endpointHost("my-res.openai.azure.com") == "my-res.openai.azure.com")
  }
}
