import CostCore
import Foundation
import GRDB

/// What `imagecost ledger status` shows: sources, row counts, date ranges, pricing coverage, size, schema.
public struct LedgerStatus: Sendable {
  /// One recorded import.
  public struct Import: Sendable, Equatable {
    public let id: Int64
    public let file: String
    public let kind: String
    /// `complete`, `failed`, `running` (in a live process) or `interrupted` (its process died).
    public let state: String
    public let startedAt: String
    public let size: Int64
    public let sha256: String
    public let lines: Int64
    public let newRows: Int64
    public let presentRows: Int64
    public let skipped: Int64
    public let notes: [String]
    public let priceBookFingerprint: String?
  }

  /// Priced roll-ups of one price book: how the stored requests were priced.
  public struct Coverage: Sendable, Equatable {
    public let priceBookFingerprint: String
    public let importsCovered: Int
    public let requests: Int64
    public let byBasis: [ReplayBasis: Int64]
    public let cost: USD
  }

  public let path: String
  public let schemaVersion: Int
  /// The database file plus its write-ahead log.
  public let bytes: Int64
  public let imports: [Import]
  public let usageRecords: Int64
  /// Distinct (model, quality, size, operation, provider, deployment type, tags) combinations.
  public let reportKeys: Int64
  public let actualCostLines: Int64
  public let liveRuns: Int64
  public let liveCalls: Int64
  public let usageDays: ClosedRange<CivilDate>?
  public let actualCostDays: ClosedRange<CivilDate>?
  public let coverage: [Coverage]
}

/// What `imagecost ledger check` found.
public struct LedgerCheck: Sendable {
  /// Problems: any one makes the check fail.
  public var problems: [String] = []
  /// Facts worth knowing that are not damage (an interrupted import, say).
  public var notes: [String] = []
  public var passed: Bool { problems.isEmpty }
}

extension Ledger {
  /// Sources, counts, date ranges, pricing coverage, size and schema version.
  public func status() throws -> LedgerStatus {
    try read { db in
      func count(_ table: String) throws -> Int64 { try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
      func days(_ table: String) throws -> ClosedRange<CivilDate>? {
        guard let row = try Row.fetchOne(db, sql: "SELECT min(day), max(day) FROM \(table)"), let low = row[0] as Int?, let high = row[1] as Int?
        else {
          return nil
        }
        return CivilDate(daysSinceEpoch: low)...CivilDate(daysSinceEpoch: high)
      }
      let imports = try Row.fetchAll(
        db,
        sql: """
          SELECT import_id, file, source_kind, state, started_at, size, sha256, lines, new_rows, present_rows, skipped, notes, price_book_fingerprint
          FROM imports ORDER BY import_id
          """
      ).map { row -> LedgerStatus.Import in
        let id: Int64 = row[0]
        var state: String = row[3]
        if state == "running", !liveness.isAlive(id) { state = "interrupted" }
        return LedgerStatus.Import(
          id: id, file: row[1], kind: row[2], state: state, startedAt: row[4], size: row[5], sha256: row[6], lines: row[7], newRows: row[8],
          presentRows: row[9], skipped: row[10], notes: JSONText.parseStringArray(row[11]), priceBookFingerprint: row[12])
      }
      let coverage = try Row.fetchAll(
        db,
        sql: """
          SELECT c.pricing, c.n, coalesce(sum(r.requests), 0), coalesce(sum(r.priced), 0), coalesce(sum(r.estimated), 0),
            coalesce(sum(r.unbilled), 0), coalesce(sum(r.unpriced), 0), coalesce(sum(r.cost_nanos), 0)
          FROM (SELECT pricing, count(*) AS n, max(priced_at) AS latest FROM rollup_coverage GROUP BY pricing) c
          LEFT JOIN rollups r ON r.pricing = c.pricing
          GROUP BY c.pricing ORDER BY c.latest DESC
          """
      ).map { row in
        LedgerStatus.Coverage(
          priceBookFingerprint: row[0], importsCovered: row[1], requests: row[2],
          byBasis: [.priced: row[3], .estimated: row[4], .unbilled: row[5], .unpriced: row[6]], cost: USD(nanos: row[7]))
      }
      let size = { (p: String) -> Int64 in ((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.int64Value ?? 0 }
      return LedgerStatus(
        path: path, schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
        bytes: path == ":memory:" ? 0 : size(path) + size(path + "-wal"),
        imports: imports, usageRecords: try count("usage_records"), reportKeys: try count("report_keys"),
        actualCostLines: try count("actual_costs"), liveRuns: try count("live_runs"), liveCalls: try count("live_calls"),
        usageDays: try days("usage_records"), actualCostDays: try days("actual_costs"), coverage: coverage)
    }
  }

  /// Checks the ledger at `path` without changing it: SQLite's integrity check, the schema version,
  /// rows that refer to nothing (orphans), and imports left unfinished. Never throws: a file that
  /// cannot be opened or read is itself a problem.
  public static func check(path: String) -> LedgerCheck {
    var result = LedgerCheck()
    let ledger: Ledger
    do {
      ledger = try Ledger(path: path, access: .read, verify: false)
    } catch {
      result.problems.append("\(error)")
      return result
    }
    do {
      try ledger.read { db in
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(50)")
        if integrity != ["ok"] { result.problems += integrity.map { "integrity: \($0)" } }
        // Row counts against the recorded imports, and the priced roll-ups against what they cover.
        if integrity == ["ok"] { result.problems += try Ledger.damage(db, structure: nil, counts: true) }
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version != LedgerSchema.version {
          result.problems.append("schema version is \(version); this imagecost expects \(LedgerSchema.version)")
        }
        let orphans: [(String, String)] = [
          (
            "usage records whose report key is missing",
            "SELECT count(*) FROM usage_records r WHERE NOT EXISTS (SELECT 1 FROM report_keys k WHERE k.key_id = r.key_id)"
          ),
          (
            "usage records whose request detail is missing",
            "SELECT count(*) FROM usage_records r WHERE NOT EXISTS (SELECT 1 FROM request_details d WHERE d.detail_id = r.detail_id)"
          ),
          (
            "usage records whose import is missing",
            "SELECT count(*) FROM usage_records r WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.import_id = r.import_id)"
          ),
          (
            "actual-cost lines whose import is missing",
            "SELECT count(*) FROM actual_costs a WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.import_id = a.import_id)"
          ),
          (
            "priced roll-ups whose report key is missing",
            "SELECT count(*) FROM rollups r WHERE NOT EXISTS (SELECT 1 FROM report_keys k WHERE k.key_id = r.key_id)"
          ),
          (
            "pricing coverage of imports that do not exist",
            "SELECT count(*) FROM rollup_coverage c WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.import_id = c.import_id)"
          ),
          (
            "live calls whose run is missing",
            "SELECT count(*) FROM live_calls c WHERE NOT EXISTS (SELECT 1 FROM live_runs r WHERE r.run_id = c.run_id)"
          ),
        ]
        for (what, sql) in orphans {
          let n = try Int64.fetchOne(db, sql: sql) ?? 0
          if n > 0 { result.problems.append("\(n) \(what) (orphan rows)") }
        }
        // Rows beyond the plausibility bounds (stored by an imagecost that did not check them): reports list
        // them as unpriced; the lines should be fixed and imported again.
        let tokens = PlausibilityBounds.tokensPerRequest
        let columns = ["input_tokens", "input_text_tokens", "input_image_tokens", "output_tokens", "output_image_tokens", "output_text_tokens"]
        let implausible: [(String, String, [DatabaseValueConvertible])] = [
          (
            "usage records with a token count beyond the plausible maximum of \(FixedPoint.grouped(tokens)) per request or negative",
            "SELECT count(*) FROM usage_records WHERE " + columns.map { "(\($0) > ? OR \($0) < 0)" }.joined(separator: " OR "),
            columns.map { _ in tokens }
          ),
          (
            "request details with n or partial_images beyond the plausibility bounds",
            "SELECT count(*) FROM request_details WHERE n > ? OR n < 0 OR partial_images > ? OR partial_images < 0",
            [PlausibilityBounds.imagesPerRequest, PlausibilityBounds.partialImagesPerImage]
          ),
          (
            "actual-cost lines with an amount beyond the plausible maximum of \(FixedPoint.grouped(PlausibilityBounds.exportAmountNanos / 1_000_000_000)) per line",
            "SELECT count(*) FROM actual_costs WHERE amount_nanos > ? OR amount_nanos < ?",
            [PlausibilityBounds.exportAmountNanos, -PlausibilityBounds.exportAmountNanos]
          ),
        ]
        for (what, sql, arguments) in implausible {
          let n = try Int64.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
          if n > 0 { result.problems.append("\(n) \(what) (reports list them as unpriced; fix the lines and import them again)") }
        }
        for row in try Row.fetchAll(db, sql: "SELECT import_id, file, new_rows FROM imports WHERE state = 'running' ORDER BY import_id") {
          let id: Int64 = row[0]
          if ledger.liveness.isAlive(id) {
            result.notes.append("import #\(id) of \(row[1] as String) is running in another process")
          } else {
            result.notes.append(
              "import #\(id) of \(row[1] as String) was interrupted after storing \(row[2] as Int64) new rows (each batch is whole); run the same import again to complete it"
            )
          }
        }
        let pending = try Int64.fetchOne(db, sql: "SELECT count(*) FROM live_calls WHERE state = 'pending'") ?? 0
        if pending > 0 { result.notes.append("\(pending) live call(s) are pending: their outcome was never recorded") }
      }
    } catch {
      result.problems.append("\(Ledger.map(error, path: path))")
    }
    return result
  }

  /// The stored provider cost-export lines, optionally limited to a half-open day range and models.
  public func actualCostLines(since: CivilDate? = nil, until: CivilDate? = nil, models: [String] = []) throws -> [ActualCostLine] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT day, item, model, amount_nanos, currency, quantity, unit FROM actual_costs WHERE day >= ? AND day < ? ORDER BY line_id",
        arguments: [since?.daysSinceEpoch ?? Int(Int32.min), until?.daysSinceEpoch ?? Int(Int32.max)]
      ).compactMap { row in
        let model: String? = row[2]
        if !models.isEmpty, !models.contains(model ?? "") { return nil }
        return ActualCostLine(
          date: CivilDate(daysSinceEpoch: row[0]), item: row[1], model: model, amountNanos: row[3], currency: row[4], quantity: row[5], unit: row[6])
      }
    }
  }
}
