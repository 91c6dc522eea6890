import CostCore
import GRDB
import GRDBSQLite

extension Ledger {
  /// Adds `rollups` to the stored roll-ups of `pricing` and records that they cover `imports`, in the
  /// caller's transaction. Imports already covered are skipped whole (another process priced them first).
  /// - Returns: false when nothing was stored because an import was already covered.
  @discardableResult
  func storeRollups(_ rollups: RollupSet, pricing: String, covering imports: [Int64], db: Database) throws -> Bool {
    for id in imports {
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM rollup_coverage WHERE pricing = ? AND import_id = ?", arguments: [pricing, id]) == true {
        return false
      }
    }
    let columns = LedgerSchema.componentColumns
    let money = columns.map { "usd_\($0)" }
    let tokens = columns.map { "tokens_\($0)" }
    let all =
      ["pricing", "month", "day", "key_id", "first_record", "requests", "images", "cost_nanos", "priced", "estimated", "unbilled", "unpriced"] + money
      + tokens
    let additive = ["requests", "images", "cost_nanos", "priced", "estimated", "unbilled", "unpriced"]
    let updates =
      additive.map { "\($0) = \($0) + excluded.\($0)" }
      + (money + tokens).map { "\($0) = CASE WHEN excluded.\($0) IS NULL THEN \($0) ELSE coalesce(\($0), 0) + excluded.\($0) END" }
      + ["first_record = min(first_record, excluded.first_record)"]
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO rollups (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))
        ON CONFLICT(pricing, month, key_id, day) DO UPDATE SET \(updates.joined(separator: ", "))
        """)
    let note = try db.cachedStatement(
      sql: """
        INSERT INTO rollup_notes (pricing, day, key_id, kind, text, requests, images, first_record, sample_record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(pricing, day, key_id, kind, text) DO UPDATE SET requests = requests + excluded.requests, images = images + excluded.images,
          first_record = min(first_record, excluded.first_record), sample_record = coalesce(sample_record, excluded.sample_record)
        """)
    let kinds = columns.map { ComponentKind(rawValue: $0) }
    let connection = db.sqliteConnection
    let s = upsert.sqliteStatement
    func step(_ s: OpaquePointer) throws {
      let code = sqlite3_step(s)
      guard code == SQLITE_DONE else {
        let failure = SQLiteFailure(code: sqlite3_extended_errcode(connection), db: db)
        sqlite3_reset(s)
        throw failure
      }
      sqlite3_reset(s)
    }
    for (key, value) in rollups.values {
      let t = value.totals
      bindText(s, 1, pricing)
      sqlite3_bind_int64(s, 2, Int64(Ledger.month(ofDay: key.day)))
      sqlite3_bind_int64(s, 3, Int64(key.day))
      sqlite3_bind_int64(s, 4, key.keyID)
      sqlite3_bind_int64(s, 5, value.firstRecord)
      sqlite3_bind_int64(s, 6, t.requests)
      sqlite3_bind_int64(s, 7, t.images)
      sqlite3_bind_int64(s, 8, t.cost.nanos)
      for (offset, basis) in [ReplayBasis.priced, .estimated, .unbilled, .unpriced].enumerated() {
        sqlite3_bind_int64(s, Int32(9 + offset), t.byBasis[basis] ?? 0)
      }
      for (offset, kind) in kinds.enumerated() {
        bindOptional(s, Int32(13 + offset), kind.flatMap { t.components[$0]?.nanos })
        bindOptional(s, Int32(13 + columns.count + offset), kind.flatMap { t.tokens[$0] })
      }
      try step(s)
      for (reason, n) in value.unpriced {
        try note.execute(arguments: [pricing, key.day, key.keyID, "unpriced", reason, n.requests, n.images, value.firstRecord, n.sample])
      }
      for (text, records) in t.disagreements {
        try note.execute(arguments: [pricing, key.day, key.keyID, "assumption", Ledger.disagreementNote + text, records, 0, value.firstRecord, nil])
      }
    }
    for (day, ids) in rollups.assumptions {
      for (id, order) in ids {
        try note.execute(arguments: [pricing, day, Ledger.dayNote, "assumption", id, 0, 0, order, nil])
      }
    }
    for id in imports {
      try db.execute(
        sql: "INSERT INTO rollup_coverage (pricing, import_id, priced_at) VALUES (?, ?, ?)", arguments: [pricing, id, clock.timestamp()])
    }
    return true
  }

  /// `rollup_notes.key_id` of notes that belong to a whole day (assumptions).
  static let dayNote: Int64 = -1

  /// The start of a `rollup_notes` text (kind `assumption`, with the roll-up's key) that counts records
  /// priced from their usage despite the capability table (``ReplayTotals/disagreements``), so that the
  /// schema stays as it is (an older imagecost reads it as an assumption the book does not define: ignored).
  static let disagreementNote = "\u{1}priced-despite:"

  /// Months since year 0 (`year × 12 + month − 1`) of a day since 1970-01-01.
  static func month(ofDay day: Int) -> Int {
    let date = CivilDate(daysSinceEpoch: day)
    return date.year * 12 + date.month - 1
  }

  /// The first day of a month number from ``month(ofDay:)``.
  static func firstDay(ofMonth month: Int) -> Int {
    CivilDate(year: month / 12, month: month % 12 + 1, day: 1)!.daysSinceEpoch
  }

  /// How finely roll-ups are read: per day, or added up per month (keyed by the month's first day).
  enum RollupGrain {
    case day
    case month
  }

  /// Reads the stored roll-ups of `pricing` for days in `days`, per day or added up per month.
  ///
  /// Monthly reading is a `GROUP BY month, key_id` that follows the table's key order; the sums keep
  /// SQL's rule that a sum of only NULLs is NULL, so a component present in no record stays absent.
  func loadRollups(pricing: String, days: Range<Int>, grain: RollupGrain, db: Database) throws -> RollupSet {
    var set = RollupSet()
    let columns = LedgerSchema.componentColumns
    let kinds = columns.map { ComponentKind(rawValue: $0) }
    let unbounded = LedgerQuery(dimensions: []).days
    let firstMonth = days.lowerBound == unbounded.lowerBound ? Int(Int32.min) : Ledger.month(ofDay: days.lowerBound)
    let lastMonth = days.upperBound == unbounded.upperBound ? Int(Int32.max) : Ledger.month(ofDay: days.upperBound - 1)
    let months = firstMonth...lastMonth
    let measures =
      ["requests", "images", "cost_nanos", "priced", "estimated", "unbilled", "unpriced"] + columns.map { "usd_\($0)" }
      + columns.map { "tokens_\($0)" }
    let sql: String
    switch grain {
    case .day:
      sql = """
        SELECT day, key_id, first_record, \(measures.joined(separator: ", "))
        FROM rollups WHERE pricing = ? AND month BETWEEN ? AND ? AND day >= ? AND day < ?
        """
    case .month:
      sql = """
        SELECT month, key_id, min(first_record), \(measures.map { "sum(\($0))" }.joined(separator: ", "))
        FROM rollups WHERE pricing = ? AND month BETWEEN ? AND ? AND day >= ? AND day < ?
        GROUP BY month, key_id
        """
    }
    let statement = try db.makeStatement(sql: sql)
    try statement.setArguments([pricing, months.lowerBound, months.upperBound, days.lowerBound, days.upperBound])
    let s = statement.sqliteStatement
    set.values.reserveCapacity(4096)
    while true {
      let code = sqlite3_step(s)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, db: db) }
      let first = Int(sqlite3_column_int64(s, 0))
      let key = RollupKey(day: grain == .day ? first : Ledger.firstDay(ofMonth: first), keyID: sqlite3_column_int64(s, 1))
      var value = RollupValue(firstRecord: sqlite3_column_int64(s, 2))
      value.totals.requests = sqlite3_column_int64(s, 3)
      value.totals.images = sqlite3_column_int64(s, 4)
      value.totals.cost = USD(nanos: sqlite3_column_int64(s, 5))
      for (offset, basis) in [ReplayBasis.priced, .estimated, .unbilled, .unpriced].enumerated() {
        let count = sqlite3_column_int64(s, Int32(6 + offset))
        if count > 0 { value.totals.byBasis[basis] = count }
      }
      for (offset, kind) in kinds.enumerated() {
        guard let kind else { continue }
        let money = Int32(10 + offset)
        let tokens = Int32(10 + columns.count + offset)
        if sqlite3_column_type(s, money) != SQLITE_NULL { value.totals.components[kind] = USD(nanos: sqlite3_column_int64(s, money)) }
        if sqlite3_column_type(s, tokens) != SQLITE_NULL { value.totals.tokens[kind] = sqlite3_column_int64(s, tokens) }
      }
      set.values[key] = value
    }
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT day, key_id, kind, text, requests, images, first_record, sample_record FROM rollup_notes
        WHERE pricing = ? AND day >= ? AND day < ?
        """,
      arguments: [pricing, days.lowerBound, days.upperBound])
    {
      let stored: Int = row[0]
      let day = grain == .day ? stored : Ledger.firstDay(ofMonth: Ledger.month(ofDay: stored))
      let kind: String = row[2]
      let text: String = row[3]
      if kind == "assumption", text.hasPrefix(Ledger.disagreementNote) {
        let key = RollupKey(day: day, keyID: row[1])
        guard set.values[key] != nil else { continue }
        set.values[key]!.totals.disagreements[String(text.dropFirst(Ledger.disagreementNote.count)), default: 0] += row[4]
      } else if kind == "assumption" {
        set.merge(assumptions: [text: row[6]], day: day)
      } else {
        let key = RollupKey(day: day, keyID: row[1])
        guard set.values[key] != nil else { continue }
        var note = set.values[key]!.unpriced[text] ?? RollupValue.UnpricedNote(requests: 0, images: 0, sample: nil)
        note.requests += row[4]
        note.images += row[5]
        note.sample = note.sample ?? row[7]
        set.values[key]!.unpriced[text] = note
        set.values[key]!.totals.unpricedImages += row[5]
      }
    }
    return set
  }

  /// One stored record by id, rebuilt exactly as it was imported.
  public func record(id: Int64) throws -> UsageRecord? {
    try read { db in
      let catalog = try ShapeCatalog.load(db)
      var found: UsageRecord?
      try scanRecords(db, catalog: catalog, where: "record_id = ?", arguments: [id]) { _, _, record in found = record }
      return found
    }
  }

  /// One stored record inside an open read (no new transaction, so it is safe while scanning).
  func record(id: Int64, db: Database, catalog: ShapeCatalog) -> UsageRecord? {
    var found: UsageRecord?
    try? scanRecords(db, catalog: catalog, where: "record_id = ?", arguments: [id]) { _, _, record in found = record }
    return found
  }

  /// Calls `body` with (record id, report key id, record) for each stored record matching `condition`,
  /// in record-id order.
  func scanRecords(
    _ db: Database, catalog: ShapeCatalog, where condition: String = "1", arguments: StatementArguments = [],
    _ body: (Int64, Int64, UsageRecord) throws -> Void
  ) throws {
    let statement = try db.makeStatement(
      sql: """
        SELECT record_id, identity, day, timestamp, key_id, detail_id, input_tokens, input_text_tokens, input_image_tokens,
          output_tokens, output_image_tokens, output_text_tokens
        FROM usage_records WHERE \(condition) ORDER BY record_id
        """)
    try statement.setArguments(arguments)
    let s = statement.sqliteStatement
    func text(_ column: Int32) -> String {
      guard let bytes = sqlite3_column_text(s, column) else { return "" }
      let count = Int(sqlite3_column_bytes(s, column))
      return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
    func optional(_ column: Int32) -> Int64? {
      sqlite3_column_type(s, column) == SQLITE_NULL ? nil : sqlite3_column_int64(s, column)
    }
    while true {
      let code = sqlite3_step(s)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, db: db) }
      let keyID = sqlite3_column_int64(s, 4)
      let detailID = sqlite3_column_int64(s, 5)
      guard let (request, status, tags) = catalog.request(key: keyID, detail: detailID) else {
        throw LedgerError.corrupt(
          path: path, detail: "usage record \(sqlite3_column_int64(s, 0)) refers to a missing report key \(keyID) or request detail \(detailID)")
      }
      var usage: ImageUsage?
      if let input = optional(6), let output = optional(9) {
        usage = ImageUsage(
          inputTokens: input, inputTextTokens: optional(7), inputImageTokens: optional(8), outputTokens: output, outputImageTokens: optional(10),
          outputTextTokens: optional(11))
      }
      let record = UsageRecord(
        id: text(1), date: CivilDate(daysSinceEpoch: Int(sqlite3_column_int64(s, 2))), timestamp: text(3), request: request, status: status,
        tags: tags, usage: usage)
      try body(sqlite3_column_int64(s, 0), keyID, record)
    }
  }

  /// Prices the records of finished (or dead) imports that the roll-ups of `book` do not cover yet, and
  /// stores them. Imports still running in a live process are left to finish themselves.
  /// - Returns: the ids of imports priced.
  @discardableResult
  public func refreshRollups(book: PriceBook) throws -> [Int64] {
    let pending = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT import_id, first_record, last_record FROM imports i
          WHERE first_record IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rollup_coverage c WHERE c.pricing = ? AND c.import_id = i.import_id)
          ORDER BY import_id
          """, arguments: [book.fingerprint]
      ).map { (id: $0[0] as Int64, first: $0[1] as Int64, last: $0[2] as Int64) }
    }
    var priced: [Int64] = []
    for entry in pending where !liveness.isAlive(entry.id) {
      let values = try price(book: book, importID: entry.id, range: entry.first...entry.last)
      let stored = try write { db in try storeRollups(values, pricing: book.fingerprint, covering: [entry.id], db: db) }
      if stored { priced.append(entry.id) }
    }
    if !priced.isEmpty { try dropStaleRollups(keeping: book.fingerprint) }
    return priced
  }

  /// Roll-ups are a cache of prices: besides the current book's, only the most recently used other
  /// book's are kept (so switching between two books does not reprice everything each time).
  func dropStaleRollups(keeping current: String) throws {
    try write { db in
      let others = try String.fetchAll(
        db, sql: "SELECT pricing FROM rollup_coverage WHERE pricing != ? GROUP BY pricing ORDER BY max(priced_at) DESC, pricing",
        arguments: [current])
      for stale in others.dropFirst() {
        for table in ["rollups", "rollup_notes", "rollup_coverage"] {
          try db.execute(sql: "DELETE FROM \(table) WHERE pricing = ?", arguments: [stale])
        }
      }
    }
  }

  /// Prices the stored records of one import (read from one snapshot).
  func price(book: PriceBook, importID: Int64, range: ClosedRange<Int64>) throws -> RollupSet {
    let builder = RollupBuilder(book: book)
    try read { db in
      let catalog = try ShapeCatalog.load(db)
      try scanRecords(
        db, catalog: catalog, where: "record_id BETWEEN ? AND ? AND import_id = ?", arguments: [range.lowerBound, range.upperBound, importID]
      ) {
        id, key, record in builder.add(record, recordID: id, keyID: key)
      }
    }
    return builder.finish()
  }
}
