import CostCore
import Foundation
import GRDB

/// Live mode's ``CallJournal`` in the ledger: tables `live_runs` and `live_calls`.
///
/// Every field of ``RunInfo``, ``CallRecord`` and ``CallOutcome`` is stored and read back unchanged: the
/// queryable ones in columns of their own (run id, state, seq, model, tokens, predicted and actual cost, HTTP
/// status, error code, provider request id, timestamps …), the rest as JSON text (`run_json`, `call_json`,
/// `outcome_json`). Every write is one transaction committed with `PRAGMA synchronous = FULL`, so
/// ``recordPending(_:)`` is on disk when it returns — before the request is sent. Safe to call from any
/// thread or task: the ledger's `DatabaseQueue` serializes the connection, and several processes may
/// share the file (WAL, busy timeout).
public struct LedgerCallJournal: CallJournal {
  public let ledger: Ledger

  public init(ledger: Ledger) { self.ledger = ledger }

  /// The ledger file.
  public var path: String { ledger.path }

  // MARK: Writes

  public func beginRun(_ run: RunInfo) throws {
    let extra = try LedgerCallJournal.json(
      RunExtra(
        endpoint: run.endpoint, planName: run.planName, predictedLowNanos: run.predictedLow.nanos, predictedHighNanos: run.predictedHigh.nanos,
        worstCaseNanos: run.worstCase.nanos, priceDate: run.priceDate, priceBookFingerprint: run.priceBookFingerprint, concurrency: run.concurrency,
        requestsPerMinute: run.requestsPerMinute, calls: run.calls))
    try ledger.durableWrite { db in
      try db.execute(
        sql: """
          INSERT INTO live_runs (run_id, started_at, plan_file, provider, endpoint_host, max_spend_nanos, predicted_nanos, state, kind, run_json)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)
          """,
        arguments: [
          run.runID, run.startedAt, run.planFile, run.provider, Ledger.endpointHost(run.endpoint), run.maxSpend.nanos, run.predicted.nanos, run.kind,
          extra,
        ])
    }
  }

  /// Records `call` as pending (an upsert by call id: a retry replaces the previous attempt's row, outcome
  /// included) and returns once the row is on disk.
  /// - Throws: ``LedgerError/unknownRun(path:runID:)`` when its run was never begun.
  public func recordPending(_ call: CallRecord) throws {
    let extra = try LedgerCallJournal.json(
      CallExtra(predictedTokens: StoredTokenCounts(call.predictedTokens), attempts: call.attempts, chargedBeforeNanos: call.chargedBefore.nanos))
    try ledger.durableWrite { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM live_runs WHERE run_id = ?", arguments: [call.runID]) == true else {
        throw LedgerError.unknownRun(path: ledger.path, runID: call.runID)
      }
      try db.execute(
        sql: """
          INSERT INTO live_calls (call_id, run_id, seq, provider, deployment, model, operation, request_params, predicted_nanos, worst_case_nanos,
            state, attempts, started_at, call_group, call_json)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
          ON CONFLICT (call_id) DO UPDATE SET
            run_id = excluded.run_id, seq = excluded.seq, provider = excluded.provider, deployment = excluded.deployment, model = excluded.model,
            operation = excluded.operation, request_params = excluded.request_params, predicted_nanos = excluded.predicted_nanos,
            worst_case_nanos = excluded.worst_case_nanos, state = 'pending', attempts = excluded.attempts, started_at = excluded.started_at,
            call_group = excluded.call_group, call_json = excluded.call_json,
            http_status = NULL, error_code = NULL, error_message = NULL, input_tokens = NULL, input_text_tokens = NULL, input_image_tokens = NULL,
            output_tokens = NULL, output_image_tokens = NULL, output_text_tokens = NULL, actual_nanos = NULL, latency_ms = NULL,
            provider_request_id = NULL, finished_at = NULL, charged_nanos = NULL, charge_basis = NULL, outcome_json = NULL
          """,
        arguments: [
          call.callID, call.runID, call.seq, call.provider, call.deployment, call.model, call.operation, call.requestJSON, call.predicted.nanos,
          call.worstCase.nanos, call.attempts, call.startedAt, call.group, extra,
        ])
    }
  }

  /// Records how a pending call ended.
  /// - Throws: ``LedgerError/unknownCall(path:callID:)``, or ``LedgerError/callAlreadyFinished(path:callID:state:)``
  ///   when the call is not pending (or the outcome's state is `pending`).
  public func complete(callID: String, outcome: CallOutcome) throws {
    let u = outcome.usage
    let extra = try LedgerCallJournal.json(
      OutcomeExtra(
        reportedUsage: u != nil, usageImages: u?.images, partialImages: outcome.partialImages, images: outcome.images, savedFiles: outcome.savedFiles)
    )
    try ledger.durableWrite { db in
      guard let state = try String.fetchOne(db, sql: "SELECT state FROM live_calls WHERE call_id = ?", arguments: [callID]) else {
        throw LedgerError.unknownCall(path: ledger.path, callID: callID)
      }
      guard state == CallState.pending.rawValue, outcome.state != .pending else {
        throw LedgerError.callAlreadyFinished(path: ledger.path, callID: callID, state: state)
      }
      try db.execute(
        sql: """
          UPDATE live_calls SET state = ?, attempts = ?, http_status = ?, error_code = ?, error_message = ?,
            input_tokens = ?, input_text_tokens = ?, input_image_tokens = ?, output_tokens = ?, output_image_tokens = ?, output_text_tokens = ?,
            actual_nanos = ?, latency_ms = ?, provider_request_id = ?, finished_at = ?, charged_nanos = ?, charge_basis = ?, outcome_json = ?
          WHERE call_id = ?
          """,
        arguments: [
          outcome.state.rawValue, outcome.attempts, outcome.httpStatus, outcome.errorCode, outcome.errorMessage, u?.inputTokens, u?.inputTextTokens,
          u?.inputImageTokens, u?.outputTokens, u?.outputImageTokens, u?.outputTextTokens, outcome.actual?.nanos, outcome.latencyMs,
          outcome.providerRequestID, outcome.finishedAt, outcome.charged.nanos, outcome.chargeBasis.rawValue, extra, callID,
        ])
    }
  }

  /// Marks a run `finished` (or `aborted`, when it stopped early); a run killed midway stays `running`.
  public func finishRun(_ runID: String, aborted: Bool = false) throws {
    try ledger.durableWrite { db in
      try db.execute(
        sql: "UPDATE live_runs SET state = ?, finished_at = ? WHERE run_id = ?",
        arguments: [aborted ? "aborted" : "finished", ledger.clock.timestamp(), runID])
      if db.changesCount == 0 { throw LedgerError.unknownRun(path: ledger.path, runID: runID) }
    }
  }

  // MARK: Reads

  /// Calls of any run still pending (sent, never completed): these may have been billed. By run, then seq.
  public func unfinishedCalls() throws -> [JournalEntry] { try entries(where: "c.state = 'pending'") }

  /// Every call of `run`, in `seq` order.
  public func calls(run: String) throws -> [JournalEntry] { try entries(where: "c.run_id = ?", arguments: [run]) }

  /// Every journalled call, by run (oldest first), then seq.
  public func allCalls() throws -> [JournalEntry] { try entries(where: "1") }

  /// The most recently started run.
  public func lastRun() throws -> RunInfo? { try runs(where: "1 ORDER BY rowid DESC LIMIT 1").first }

  /// Every run, oldest first.
  public func runs() throws -> [RunInfo] { try runs(where: "1 ORDER BY rowid") }

  /// The run with id `runID`, if any.
  public func run(id runID: String) throws -> RunInfo? { try runs(where: "run_id = ?", arguments: [runID]).first }

  private func runs(where condition: String, arguments: StatementArguments = []) throws -> [RunInfo] {
    try ledger.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT run_id, kind, started_at, provider, endpoint_host, plan_file, max_spend_nanos, predicted_nanos, run_json,
            (SELECT count(*) FROM live_calls c WHERE c.run_id = live_runs.run_id)
          FROM live_runs WHERE \(condition)
          """, arguments: arguments
      ).map { row in
        let x = LedgerCallJournal.decode(RunExtra.self, row[8] as String?) ?? RunExtra()
        let predicted: Int64 = row[7] ?? 0
        let startedAt: String = row[2]
        return RunInfo(
          runID: row[0], kind: row[1], startedAt: startedAt, provider: row[3], endpoint: x.endpoint ?? (row[4] as String?) ?? "",
          planFile: row[5] ?? "",
          planName: x.planName ?? "", maxSpend: USD(nanos: row[6] ?? 0), predicted: USD(nanos: predicted),
          predictedLow: USD(nanos: x.predictedLowNanos ?? predicted), predictedHigh: USD(nanos: x.predictedHighNanos ?? predicted),
          worstCase: USD(nanos: x.worstCaseNanos ?? 0),
          priceDate: x.priceDate ?? String(startedAt.prefix(10)),
          priceBookFingerprint: x.priceBookFingerprint ?? "", concurrency: x.concurrency ?? 1, requestsPerMinute: x.requestsPerMinute,
          calls: x.calls ?? row[9])
      }
    }
  }

  private func entries(where condition: String, arguments: StatementArguments = []) throws -> [JournalEntry] {
    try ledger.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.call_id, c.run_id, c.seq, c.call_group, c.provider, c.deployment, c.model, c.operation, c.request_params, c.predicted_nanos,
            c.worst_case_nanos, c.call_json, c.attempts, c.started_at, c.state, c.http_status, c.error_code, c.error_message,
            c.input_tokens, c.input_text_tokens, c.input_image_tokens, c.output_tokens, c.output_image_tokens, c.output_text_tokens,
            c.actual_nanos, c.charged_nanos, c.charge_basis, c.latency_ms, c.provider_request_id, c.finished_at, c.outcome_json
          FROM live_calls c LEFT JOIN live_runs r ON r.run_id = c.run_id
          WHERE \(condition) ORDER BY r.rowid, c.run_id, c.seq
          """, arguments: arguments
      ).map(LedgerCallJournal.entry)
    }
  }

  private static func entry(_ row: Row) -> JournalEntry {
    let callExtra = decode(CallExtra.self, row[11] as String?) ?? CallExtra()
    let columnAttempts: Int = row[12]
    let record = CallRecord(
      callID: row[0], runID: row[1], seq: row[2], group: row[3], provider: row[4], deployment: row[5], model: row[6], operation: row[7],
      requestJSON: row[8], predicted: USD(nanos: row[9]), worstCase: USD(nanos: row[10]),
      predictedTokens: callExtra.predictedTokens?.tokenCounts ?? TokenCounts(), attempts: callExtra.attempts ?? columnAttempts,
      chargedBefore: USD(nanos: callExtra.chargedBeforeNanos ?? 0), startedAt: row[13])
    let state = CallState(rawValue: row[14]) ?? .pending
    guard state != .pending else { return JournalEntry(record: record, outcome: nil) }
    // Rows written before schema 3 have no outcome_json: their usage is whatever the token columns hold.
    let x = decode(OutcomeExtra.self, row[30] as String?)
    let inputTokens: Int64? = row[18]
    let outputTokens: Int64? = row[21]
    let hasUsage = x?.reportedUsage ?? (inputTokens != nil || outputTokens != nil)
    let usage =
      hasUsage
      ? TokenCounts(
        inputTokens: inputTokens, inputTextTokens: row[19], inputImageTokens: row[20], outputTokens: outputTokens, outputImageTokens: row[22],
        outputTextTokens: row[23], images: x?.usageImages) : nil
    let actual = (row[24] as Int64?).map(USD.init(nanos:))
    let outcome = CallOutcome(
      state: state, attempts: columnAttempts, httpStatus: row[15], errorCode: row[16], errorMessage: row[17], usage: usage, actual: actual,
      charged: (row[25] as Int64?).map(USD.init(nanos:)) ?? actual ?? .zero,
      chargeBasis: (row[26] as String?).flatMap(ChargeBasis.init(rawValue:)) ?? (actual == nil ? .unpriced : .priced), latencyMs: row[27],
      providerRequestID: row[28],
      finishedAt: row[29] ?? "", partialImages: x?.partialImages ?? 0, images: x?.images ?? 0, savedFiles: x?.savedFiles ?? [])
    return JournalEntry(record: record, outcome: outcome)
  }

  // MARK: JSON columns

  /// `live_runs.run_json`: the fields of ``RunInfo`` without a column.
  struct RunExtra: Codable {
    var endpoint: String?
    var planName: String?
    var predictedLowNanos: Int64?
    var predictedHighNanos: Int64?
    var worstCaseNanos: Int64?
    var priceDate: String?
    var priceBookFingerprint: String?
    var concurrency: Int?
    var requestsPerMinute: Int?
    var calls: Int?

    enum CodingKeys: String, CodingKey {
      case endpoint, concurrency, calls
      case planName = "plan_name"
      case predictedLowNanos = "predicted_low_nanos"
      case predictedHighNanos = "predicted_high_nanos"
      case worstCaseNanos = "worst_case_nanos"
      case priceDate = "price_date"
      case priceBookFingerprint = "price_book_fingerprint"
      case requestsPerMinute = "requests_per_minute"
    }
  }

  /// `live_calls.call_json`: the fields of ``CallRecord`` without a column (`attempts` is the attempt the
  /// pending record announced; the `attempts` column holds the outcome's once the call completed).
  struct CallExtra: Codable {
    var predictedTokens: StoredTokenCounts?
    var attempts: Int?
    var chargedBeforeNanos: Int64?

    enum CodingKeys: String, CodingKey {
      case attempts
      case predictedTokens = "predicted_tokens"
      case chargedBeforeNanos = "charged_before_nanos"
    }
  }

  /// `live_calls.outcome_json`: the fields of ``CallOutcome`` without a column.
  struct OutcomeExtra: Codable {
    /// Whether the provider reported usage (its token columns may all be NULL even so).
    var reportedUsage: Bool?
    /// `usage.images` (per-image models).
    var usageImages: Int64?
    var partialImages: Int?
    var images: Int?
    var savedFiles: [String]?

    enum CodingKeys: String, CodingKey {
      case images
      case reportedUsage = "reported_usage"
      case usageImages = "usage_images"
      case partialImages = "partial_images"
      case savedFiles = "saved_files"
    }
  }

  /// ``TokenCounts`` as `call_json` stores them (the usage object's snake_case keys).
  struct StoredTokenCounts: Codable {
    var inputTokens: Int64?
    var inputTextTokens: Int64?
    var inputImageTokens: Int64?
    var outputTokens: Int64?
    var outputImageTokens: Int64?
    var outputTextTokens: Int64?
    var images: Int64?

    enum CodingKeys: String, CodingKey {
      case images
      case inputTokens = "input_tokens"
      case inputTextTokens = "input_text_tokens"
      case inputImageTokens = "input_image_tokens"
      case outputTokens = "output_tokens"
      case outputImageTokens = "output_image_tokens"
      case outputTextTokens = "output_text_tokens"
    }

    init(_ counts: TokenCounts) {
      (inputTokens, inputTextTokens, inputImageTokens) = (counts.inputTokens, counts.inputTextTokens, counts.inputImageTokens)
      (outputTokens, outputImageTokens, outputTextTokens) = (counts.outputTokens, counts.outputImageTokens, counts.outputTextTokens)
      images = counts.images
    }

    var tokenCounts: TokenCounts {
      TokenCounts(
        inputTokens: inputTokens, inputTextTokens: inputTextTokens, inputImageTokens: inputImageTokens, outputTokens: outputTokens,
        outputImageTokens: outputImageTokens, outputTextTokens: outputTextTokens, images: images)
    }
  }

  static func json<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
    guard let text else { return nil }
    return try? JSONDecoder().decode(type, from: Data(text.utf8))
  }
}

extension Ledger {
  /// The live-call journal stored in this ledger.
  public var callJournal: LedgerCallJournal { LedgerCallJournal(ledger: self) }

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
  func durableWrite<T>(_ body: (Database) throws -> T) throws -> T {
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
}
