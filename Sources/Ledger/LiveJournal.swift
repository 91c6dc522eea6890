import CostCore
import Foundation
import GRDB

/// One live run (`imagecost live`): what was planned and the spending cap. Never holds an API key.
public struct LiveRun: Sendable, Equatable {
  public let runID: String
  public let startedAt: String
  public var finishedAt: String?
  public let planFile: String?
  public let provider: String
  /// The endpoint's host name only (no scheme, path, query or credentials).
  public let endpointHost: String?
  public let maxSpend: USD?
  public let predicted: USD?
  /// `running`, `finished` or `aborted`.
  public var state: String
}

/// The state of one journalled call.
public enum LiveCallState: String, Sendable, CaseIterable {
  /// Recorded before the request was sent; still pending after a crash means the outcome is unknown.
  case pending
  case succeeded
  case failed
  /// Given up without an answer (cancelled, or found pending after a crash and written off).
  case abandoned
}

/// One API call of a live run, written before the request is sent and completed after.
public struct LiveCall: Sendable, Equatable {
  public let callID: String
  public let runID: String
  public let seq: Int
  public let provider: String
  public let deployment: String?
  public let model: String
  public let operation: String
  /// The request parameters as JSON (never the prompt's secrets or an API key).
  public let requestParams: String
  public let predicted: USD
  public let worstCase: USD
  public var state: LiveCallState
  public var attempts: Int
  public var httpStatus: Int?
  public var errorCode: String?
  public var errorMessage: String?
  public var usage: ImageUsage?
  public var actual: USD?
  public var latencyMs: Int64?
  public var providerRequestID: String?
  public var startedAt: String
  public var finishedAt: String?

  /// A new pending call (its id defaults to a fresh UUID).
  public init(
    callID: String = UUID().uuidString.lowercased(), runID: String, seq: Int, provider: String, deployment: String? = nil, model: String,
    operation: String, requestParams: String, predicted: USD, worstCase: USD, startedAt: String = ""
  ) {
    self.callID = callID
    self.runID = runID
    self.seq = seq
    self.provider = provider
    self.deployment = deployment
    self.model = model
    self.operation = operation
    self.requestParams = requestParams
    self.predicted = predicted
    self.worstCase = worstCase
    state = .pending
    attempts = 1
    self.startedAt = startedAt
  }
}

/// How a call ended.
public struct LiveCallOutcome: Sendable, Equatable {
  public var state: LiveCallState
  public var attempts: Int?
  public var httpStatus: Int?
  public var errorCode: String?
  public var errorMessage: String?
  public var usage: ImageUsage?
  public var actual: USD?
  public var latencyMs: Int64?
  public var providerRequestID: String?

  public init(
    state: LiveCallState, attempts: Int? = nil, httpStatus: Int? = nil, errorCode: String? = nil, errorMessage: String? = nil, usage: ImageUsage? = nil,
    actual: USD? = nil, latencyMs: Int64? = nil, providerRequestID: String? = nil
  ) {
    self.state = state
    self.attempts = attempts
    self.httpStatus = httpStatus
    self.errorCode = errorCode
    self.errorMessage = errorMessage
    self.usage = usage
    self.actual = actual
    self.latencyMs = latencyMs
    self.providerRequestID = providerRequestID
  }
}

extension Ledger {
  /// The host of `endpoint` (a URL or a bare host), dropping scheme, credentials, port, path and query.
  public static func endpointHost(_ endpoint: String) -> String? {
    var text = endpoint.trimmingCharacters(in: .whitespaces)
    if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
    if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = String(text[..<end]) }
    if let at = text.lastIndex(of: "@") { text = String(text[text.index(after: at)...]) }
    if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]") { text = String(text[..<colon]) }
    return text.isEmpty ? nil : text.lowercased()
  }

  /// A journal write, synced to disk before it returns (`PRAGMA synchronous = FULL`): a call recorded
  /// as pending survives a crash or power loss that follows.
  private func durableWrite<T>(_ body: (Database) throws -> T) throws -> T {
    try run {
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        return result!
      }
    }
  }

  /// Starts a live run and returns it.
  public func beginRun(
    runID: String = UUID().uuidString.lowercased(), planFile: String?, provider: String, endpoint: String?, maxSpend: USD?, predicted: USD?
  ) throws -> LiveRun {
    let run = LiveRun(
      runID: runID, startedAt: clock.now(), finishedAt: nil, planFile: planFile, provider: provider, endpointHost: endpoint.flatMap(Ledger.endpointHost),
      maxSpend: maxSpend, predicted: predicted, state: "running")
    try durableWrite { db in
      try db.execute(
        sql: """
          INSERT INTO live_runs (run_id, started_at, plan_file, provider, endpoint_host, max_spend_nanos, predicted_nanos, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'running')
          """,
        arguments: [run.runID, run.startedAt, run.planFile, run.provider, run.endpointHost, run.maxSpend?.nanos, run.predicted?.nanos])
    }
    return run
  }

  /// Marks a run `finished` or `aborted`.
  public func finishRun(_ runID: String, aborted: Bool = false) throws {
    try durableWrite { db in
      try db.execute(
        sql: "UPDATE live_runs SET state = ?, finished_at = ? WHERE run_id = ?", arguments: [aborted ? "aborted" : "finished", clock.now(), runID])
      if db.changesCount == 0 { throw LedgerError.unknownRun(path: path, runID: runID) }
    }
  }

  /// Records `call` as pending — durably, so call this before the HTTP request is sent.
  /// - Returns: the call as stored (with its start time).
  @discardableResult
  public func recordPending(_ call: LiveCall) throws -> LiveCall {
    var call = call
    call.state = .pending
    if call.startedAt.isEmpty { call.startedAt = clock.now() }
    let stored = call
    try durableWrite { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM live_runs WHERE run_id = ?", arguments: [stored.runID]) == true else {
        throw LedgerError.unknownRun(path: path, runID: stored.runID)
      }
      try db.execute(
        sql: """
          INSERT INTO live_calls (call_id, run_id, seq, provider, deployment, model, operation, request_params, predicted_nanos, worst_case_nanos,
            state, attempts, started_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
          """,
        arguments: [
          stored.callID, stored.runID, stored.seq, stored.provider, stored.deployment, stored.model, stored.operation, stored.requestParams,
          stored.predicted.nanos, stored.worstCase.nanos, stored.attempts, stored.startedAt,
        ])
    }
    return stored
  }

  /// Records how a pending call ended.
  /// - Throws: ``LedgerError/unknownCall(path:callID:)``, or ``LedgerError/callAlreadyFinished(path:callID:state:)``
  ///   when the call is not pending.
  @discardableResult
  public func complete(_ callID: String, outcome: LiveCallOutcome) throws -> LiveCall {
    try durableWrite { db in
      guard let state = try String.fetchOne(db, sql: "SELECT state FROM live_calls WHERE call_id = ?", arguments: [callID]) else {
        throw LedgerError.unknownCall(path: path, callID: callID)
      }
      guard state == LiveCallState.pending.rawValue else { throw LedgerError.callAlreadyFinished(path: path, callID: callID, state: state) }
      let u = outcome.usage
      try db.execute(
        sql: """
          UPDATE live_calls SET state = ?, attempts = coalesce(?, attempts), http_status = ?, error_code = ?, error_message = ?,
            input_tokens = ?, input_text_tokens = ?, input_image_tokens = ?, output_tokens = ?, output_image_tokens = ?, output_text_tokens = ?,
            actual_nanos = ?, latency_ms = ?, provider_request_id = ?, finished_at = ?
          WHERE call_id = ?
          """,
        arguments: [
          outcome.state.rawValue, outcome.attempts, outcome.httpStatus, outcome.errorCode, outcome.errorMessage, u?.inputTokens, u?.inputTextTokens,
          u?.inputImageTokens, u?.outputTokens, u?.outputImageTokens, u?.outputTextTokens, outcome.actual?.nanos, outcome.latencyMs,
          outcome.providerRequestID, clock.now(), callID,
        ])
      return try Ledger.calls(db, where: "call_id = ?", arguments: [callID]).first!
    }
  }

  /// Calls still pending: after a crash, the ones whose outcome is unknown (they may have been billed).
  public func unfinishedCalls() throws -> [LiveCall] {
    try read { db in try Ledger.calls(db, where: "state = 'pending'") }
  }

  /// The calls of one run, in sequence order.
  public func calls(run runID: String) throws -> [LiveCall] {
    try read { db in try Ledger.calls(db, where: "run_id = ?", arguments: [runID]) }
  }

  /// The most recently started run.
  public func lastRun() throws -> LiveRun? {
    try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT run_id, started_at, finished_at, plan_file, provider, endpoint_host, max_spend_nanos, predicted_nanos, state
          FROM live_runs ORDER BY started_at DESC, rowid DESC LIMIT 1
          """
      ).map { row in
        LiveRun(
          runID: row[0], startedAt: row[1], finishedAt: row[2], planFile: row[3], provider: row[4], endpointHost: row[5],
          maxSpend: (row[6] as Int64?).map(USD.init(nanos:)), predicted: (row[7] as Int64?).map(USD.init(nanos:)), state: row[8])
      }
    }
  }

  static func calls(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> [LiveCall] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT call_id, run_id, seq, provider, deployment, model, operation, request_params, predicted_nanos, worst_case_nanos, state, attempts,
          http_status, error_code, error_message, input_tokens, input_text_tokens, input_image_tokens, output_tokens, output_image_tokens,
          output_text_tokens, actual_nanos, latency_ms, provider_request_id, started_at, finished_at
        FROM live_calls WHERE \(condition) ORDER BY run_id, seq
        """, arguments: arguments
    ).map { row in
      var call = LiveCall(
        callID: row[0], runID: row[1], seq: row[2], provider: row[3], deployment: row[4], model: row[5], operation: row[6], requestParams: row[7],
        predicted: USD(nanos: row[8]), worstCase: USD(nanos: row[9]), startedAt: row[24])
      call.state = LiveCallState(rawValue: row[10]) ?? .pending
      call.attempts = row[11]
      call.httpStatus = row[12]
      call.errorCode = row[13]
      call.errorMessage = row[14]
      if let input = row[15] as Int64?, let output = row[18] as Int64? {
        call.usage = ImageUsage(
          inputTokens: input, inputTextTokens: row[16], inputImageTokens: row[17], outputTokens: output, outputImageTokens: row[19], outputTextTokens: row[20])
      }
      call.actual = (row[21] as Int64?).map(USD.init(nanos:))
      call.latencyMs = row[22]
      call.providerRequestID = row[23]
      call.finishedAt = row[25]
      return call
    }
  }
}
