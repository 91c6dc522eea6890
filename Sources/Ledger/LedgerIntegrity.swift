import Foundation
import GRDB

/// Damage detection: every command that opens a ledger first checks that it is whole, so a damaged file
/// gives an error naming `imagecost ledger check`, never a wrong total.
///
/// - SQLite's own check of the file's structure: `PRAGMA quick_check` when reading, the full
///   `PRAGMA integrity_check` (which also compares every index with its table, so an import's duplicate
///   check can be trusted) before writing — on files up to ``Ledger/checkOnOpenLimitBytes``.
///   Measured on a 5 MB ledger of 20,000 requests: about 20 ms and 30 ms; 16.5 MB: 50 ms and 90 ms.
/// - Row counts against the recorded imports: the stored usage rows and cost-export lines add up to
///   the `new_rows` the imports recorded in the same transactions (same size limit: it reads every row).
/// - The priced roll-ups (always; they are small): every row adds up (its cost is the sum of its
///   components, its requests the sum of its bases), refers to a report key that exists, and each price
///   book's rows count exactly the requests of the imports they say they cover.
extension Ledger {
  /// Files larger than this skip SQLite's structural check and the row count on open (they take about
  /// 5 ms per MB); `imagecost ledger check` always runs the full check. 64 MiB.
  public static let checkOnOpenLimitBytes: Int64 = 64 << 20

  /// The SQL sum of a roll-up row's component costs.
  static var rollupComponentSum: String {
    LedgerSchema.componentColumns.map { "coalesce(usd_\($0), 0)" }.joined(separator: " + ")
  }

  /// Problems that mean the ledger is damaged (empty when it is whole).
  /// - Parameters:
  ///   - structure: nil for no structural check, else `quick_check` or `integrity_check`.
  ///   - counts: compare the stored rows with the imports' recorded counts.
  ///   - shapes: check report keys and request details against their text (`report` does it as it loads them).
  static func damage(_ db: Database, structure: String?, counts: Bool, shapes: Bool = true) throws -> [String] {
    var problems: [String] = []
    if let structure {
      let found = try String.fetchAll(db, sql: "PRAGMA \(structure)(5)")
      if found != ["ok"] {
        // SQLite's lines may start with "*** in database main ***" and span lines: one line each.
        return found.map { line in
          let first = line.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first {
            !$0.isEmpty && !$0.hasPrefix("***")
          }
          return "\(structure): " + (first ?? "failed")
        }
      }
    }
    // Every stored value has its declared type (a damaged record can turn a number into text or NULL,
    // which would otherwise be read as a wrong value or stop the process). The two big tables only on
    // files within the size limit.
    problems += try typeProblems(db, skipping: counts ? [] : ["usage_records", "actual_costs"])
    // Report keys and request details against their own unique text.
    if shapes {
      do {
        _ = try ShapeCatalog.load(db)
      } catch let damage as StoredRowDamage {
        problems.append(damage.detail)
      }
    }
    if counts {
      let stored = try Int64.fetchOne(db, sql: "SELECT (SELECT count(*) FROM usage_records) + (SELECT count(*) FROM actual_costs)") ?? 0
      let recorded = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(new_rows), 0) FROM imports") ?? 0
      if stored != recorded { problems.append("it holds \(stored) imported rows where its imports recorded \(recorded)") }
    }
    let unbalanced =
      try Int64.fetchOne(
        db,
        sql: """
          SELECT count(*) FROM rollups WHERE typeof(cost_nanos) != 'integer' OR typeof(requests) != 'integer'
            OR cost_nanos != \(rollupComponentSum) OR requests != priced + estimated + unbilled + unpriced OR requests < 0 OR images < 0
          """) ?? 0
    if unbalanced > 0 { problems.append("\(unbalanced) priced roll-up row\(unbalanced == 1 ? " does" : "s do") not add up") }
    let orphans =
      try Int64.fetchOne(db, sql: "SELECT count(*) FROM rollups r WHERE NOT EXISTS (SELECT 1 FROM report_keys k WHERE k.key_id = r.key_id)") ?? 0
    if orphans > 0 { problems.append("\(orphans) priced roll-up row\(orphans == 1 ? " refers" : "s refer") to a report key that does not exist") }
    let books = try Row.fetchAll(
      db,
      sql: """
        SELECT b.pricing, coalesce(r.requests, 0), coalesce(c.covered, 0), coalesce(c.recorded, 0), coalesce(c.entries, 0)
        FROM (SELECT pricing FROM rollups UNION SELECT pricing FROM rollup_coverage) b
        LEFT JOIN (SELECT pricing, sum(requests) AS requests FROM rollups GROUP BY pricing) r ON r.pricing = b.pricing
        LEFT JOIN (
          SELECT c.pricing, count(i.import_id) AS covered, sum(i.new_rows) AS recorded, count(*) AS entries
          FROM rollup_coverage c LEFT JOIN imports i ON i.import_id = c.import_id GROUP BY c.pricing
        ) c ON c.pricing = b.pricing
        """)
    for row in books {
      let pricing: String = row[0] ?? "?"
      let requests: Int64 = row[1] ?? -1
      let covered: Int64 = row[2] ?? -1
      let recorded: Int64 = row[3] ?? -1
      let entries: Int64 = row[4] ?? -1
      if covered != entries {
        problems.append("the roll-ups of price book \(pricing.prefix(12)) cover \(entries - covered) import(s) that do not exist")
      } else if requests != recorded {
        problems.append(
          "the roll-ups of price book \(pricing.prefix(12)) count \(requests) requests where the imports they cover recorded \(recorded)")
      }
    }
    return problems
  }

  /// Rows whose values do not have their column's declared type (INTEGER, TEXT) or are NULL in a NOT NULL column.
  static func typeProblems(_ db: Database, skipping: Set<String>) throws -> [String] {
    var problems: [String] = []
    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    for table in tables where !skipping.contains(table) {
      var conditions: [String] = []
      for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))") {
        let name = ((column["name"] as String?) ?? "").quotedDatabaseIdentifier
        let type = ((column["type"] as String?) ?? "").uppercased()
        let notNull = ((column["notnull"] as Int?) ?? 0) != 0
        let allowed = type.contains("INT") ? "'integer'" : type.contains("TEXT") ? "'text'" : nil
        if let allowed {
          conditions.append("typeof(\(name)) NOT IN (\(allowed)\(notNull ? "" : ", 'null'"))")
        } else if notNull {
          conditions.append("\(name) IS NULL")
        }
      }
      guard !conditions.isEmpty else { continue }
      let bad =
        try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier) WHERE \(conditions.joined(separator: " OR "))") ?? 0
      if bad > 0 { problems.append("\(bad) row\(bad == 1 ? "" : "s") of \(table) hold\(bad == 1 ? "s" : "") a value of the wrong type") }
    }
    return problems
  }

  /// The check every command runs when it opens the ledger: throws ``LedgerError/corrupt(path:detail:)``.
  /// - Parameter thorough: `integrity_check` instead of `quick_check` (before an import: its duplicate
  ///   check trusts the indexes).
  func verifyOnOpen(thorough: Bool) throws {
    let small = Ledger.fileSize(path) <= Ledger.checkOnOpenLimitBytes
    let problems = try read { db in
      try Ledger.damage(db, structure: small ? (thorough ? "integrity_check" : "quick_check") : nil, counts: small, shapes: false)
    }
    if let first = problems.first {
      throw LedgerError.corrupt(
        path: path, detail: first + (problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""))
    }
  }
}
