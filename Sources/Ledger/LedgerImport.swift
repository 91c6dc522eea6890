import CostCore
import Digest
import Foundation
import GRDB
import GRDBSQLite
import Replay

/// What reading one input found besides records: lines, malformed lines skipped (with the first few
/// listed as `file:line: what is wrong`) and unknown fields.
public struct ReadSummary: Sendable {
  public var lines: Int64
  public var skipped: Int64
  public var notes: [String]
  public var unknownFields: [String: Int64]

  public init(lines: Int64 = 0, skipped: Int64 = 0, notes: [String] = [], unknownFields: [String: Int64] = [:]) {
    self.lines = lines
    self.skipped = skipped
    self.notes = notes
    self.unknownFields = unknownFields
  }
}

/// The outcome of importing one file.
public struct ImportResult: Sendable, Equatable {
  public let importID: Int64
  public let file: String
  public let kind: String
  public let lines: Int64
  /// Rows added by this import.
  public let newRows: Int64
  /// Rows whose identity was already in the ledger before this file (a re-import or an overlap).
  public let presentRows: Int64
  /// Records whose identity an earlier line of the same file already had (counted once).
  public var duplicatesInFile: Int64 = 0
  /// Malformed lines skipped (`--skip-bad`).
  public let skipped: Int64
  public let notes: [String]

  /// `N new, M already present, K skipped` (with `D duplicate(s) within the file` when there are any),
  /// thousands grouped.
  public var summary: String {
    let g = FixedPoint.grouped
    let duplicates = duplicatesInFile > 0 ? ", \(g(duplicatesInFile)) duplicate\(duplicatesInFile == 1 ? "" : "s") within the file" : ""
    return "\(g(newRows)) new, \(g(presentRows)) already present\(duplicates), \(g(skipped)) skipped"
  }
}

/// SQLite's "copy the bytes now" destructor, which Swift does not import as a constant.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Ledger {
  /// Records in one transaction: a crash loses at most the batch in flight, never part of one.
  public static let batchSize = 10_000

  /// Imports usage records from `file`, streamed by `read` (which calls its sink once per record).
  ///
  /// Each batch of ``batchSize`` records is one transaction that inserts with `ON CONFLICT DO NOTHING`
  /// on the record's identity (its request id, or the reader's content hash), so re-importing adds
  /// nothing and an import killed half-way is completed by running it again. New records are priced
  /// at their own day's rates with `book` on a second thread while the import runs, and the priced
  /// roll-ups are stored with the import's completion. With `deferPricing` the records are only
  /// stored, and the next ``report(_:book:)`` (or ``refreshRollups(book:)``) prices them.
  /// - Throws: ``LedgerError``, or whatever `read` throws. The batches before the failure stay committed
  ///   (and priced), the import is recorded as failed with the reason, and running it again completes it.
  ///   A process killed mid-import leaves it recorded as running; ``refreshRollups(book:)`` prices what
  ///   it stored once its process is gone.
  public func importUsage(
    file: String, kind: String, book: PriceBook, batchSize: Int = Ledger.batchSize, deferPricing: Bool = false,
    read: (_ sink: (UsageRecord) throws -> Void) throws -> ReadSummary
  ) throws -> ImportResult {
    let facts = FileFacts(path: file)
    let importID = try beginImport(file: file, kind: kind, book: book)
    liveness.begin(importID)
    defer { liveness.end(importID) }

    // Three stages: this thread reads and parses, a writer queue inserts each batch in its transaction,
    // a pricing queue prices the new records. Each hand-over is bounded, so memory stays flat.
    let writer = DispatchQueue(label: "imagecost.ledger.writer")
    let pricing = DispatchQueue(label: "imagecost.ledger.pricing")
    let queuedWrites = DispatchSemaphore(value: 2)
    let queuedPricing = DispatchSemaphore(value: 3)
    let builder = RollupBuilder(book: book)
    let state = ImportState()
    var batch: [UsageRecord] = []
    batch.reserveCapacity(batchSize)
    // Report keys and request details are numbered here, in the reading thread, so the writer (the
    // slowest stage) finds each record's ids by index.
    var numbering = ShapeNumbering()
    var numbers: [(key: Int32, detail: Int32)] = []
    numbers.reserveCapacity(batchSize)

    func commit() throws {
      if let failure = state.failure { throw failure }
      guard !batch.isEmpty else { return }
      let work = batch
      let workNumbers = numbers
      let (keys, details) = (numbering.keys, numbering.details)
      batch.removeAll(keepingCapacity: true)
      numbers.removeAll(keepingCapacity: true)
      let waiting = DispatchTime.now()
      queuedWrites.wait()
      state.addTrace("wait for writer", since: waiting)
      writer.async { [self] in
        defer { queuedWrites.signal() }
        guard state.failure == nil else { return }
        var priced: [(UsageRecord, Int64, Int64, Int64)] = []
        if !deferPricing { priced.reserveCapacity(work.count) }
        do {
          let started = DispatchTime.now()
          let (added, present) = try write { db -> (Int64, Int64) in
            try insert(
              work, numbers: workNumbers, keys: keys, details: details, importID: importID, shapes: &state.shapes, db: db, keepNew: !deferPricing,
              into: &priced)
          }
          state.addTrace("write", since: started)
          state.newRows += added
          state.presentRows += present
        } catch {
          state.shapes.forget()
          state.failure = Ledger.map(error, path: path)
          return
        }
        guard !deferPricing else { return }
        let waitingForPricing = DispatchTime.now()
        queuedPricing.wait()
        state.addTrace("wait for pricing", since: waitingForPricing)
        let newRecords = priced
        pricing.async {
          for (record, id, key, detail) in newRecords { builder.add(record, recordID: id, keyID: key, detailID: detail) }
          queuedPricing.signal()
        }
      }
    }

    let summary: ReadSummary
    // A record whose identity an earlier line of this file had is a duplicate within the file, told apart
    // from rows that were in the ledger before (16 bytes per distinct identity while the import runs).
    var identities = RequestIDSet()
    var duplicatesInFile: Int64 = 0
    do {
      summary = try read { record in
        guard identities.insert(RequestIDHash.hash(record.id)) else {
          duplicatesInFile += 1
          return
        }
        batch.append(record)
        numbers.append(numbering.number(record))
        if batch.count >= batchSize { try commit() }
      }
      try commit()
      writer.sync {}
      if let failure = state.failure { throw failure }
    } catch {
      // Keep what was committed consistent: price it, and record the import as failed with the reason.
      writer.sync {}
      let values = pricing.sync { builder.finish() }
      let (size, sha) = facts.result()
      let reason = "\(error)"
      _ = try? write { db in
        if !deferPricing { try storeRollups(values, pricing: book.fingerprint, covering: [importID], db: db) }
        try db.execute(
          sql: "UPDATE imports SET state = 'failed', finished_at = ?, size = ?, sha256 = ?, notes = ? WHERE import_id = ?",
          arguments: [clock.timestamp(), size, sha, JSONText.stringArray([reason]), importID])
      }
      throw Ledger.map(error, path: path)
    }
    var trace = state.trace
    var started = DispatchTime.now()
    let values = pricing.sync { builder.finish() }
    trace.add("finish pricing", since: started)
    started = DispatchTime.now()
    let (size, sha) = facts.result()
    trace.add("wait for sha256", since: started)
    started = DispatchTime.now()
    defer {
      trace.add("store roll-ups", since: started)
      trace.report(rollups: values.values.count)
    }
    try write { db in
      if !deferPricing { try storeRollups(values, pricing: book.fingerprint, covering: [importID], db: db) }
      try db.execute(
        sql: """
          UPDATE imports SET state = 'complete', finished_at = ?, size = ?, sha256 = ?, lines = ?, skipped = ?, notes = ?
          WHERE import_id = ?
          """,
        arguments: [clock.timestamp(), size, sha, summary.lines, summary.skipped, JSONText.stringArray(summary.notes), importID])
    }
    var result = ImportResult(
      importID: importID, file: file, kind: kind, lines: summary.lines, newRows: state.newRows, presentRows: state.presentRows,
      skipped: summary.skipped, notes: summary.notes)
    result.duplicatesInFile = duplicatesInFile
    return result
  }

  /// Imports provider cost-export lines (kept as billed: integer nano-units and currency, never repriced).
  ///
  /// A line's identity is a hash of the source kind, day, item, amount, currency, quantity and unit, with
  /// the number of identical lines before it in the same file, so a re-import adds nothing.
  public func importActualCosts(file: String, kind: String, lines: [ActualCostLine]) throws -> ImportResult {
    let facts = FileFacts(path: file)
    let importID = try beginImport(file: file, kind: kind, book: nil)
    liveness.begin(importID)
    defer { liveness.end(importID) }
    var seen: [String: Int] = [:]
    var newRows: Int64 = 0
    var presentRows: Int64 = 0
    for chunk in stride(from: 0, to: lines.count, by: Ledger.batchSize) {
      let slice = lines[chunk..<min(chunk + Ledger.batchSize, lines.count)]
      let (added, present) = try write { db -> (Int64, Int64) in
        var added: Int64 = 0
        var present: Int64 = 0
        let statement = try db.cachedStatement(
          sql: """
            INSERT INTO actual_costs (identity, import_id, source_kind, day, item, model, amount_nanos, currency, quantity, unit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(identity) DO NOTHING
            """)
        for line in slice {
          let content = [kind, line.date.description, line.item, String(line.amountNanos), line.currency, line.quantity ?? "", line.unit ?? ""]
            .joined(separator: "\u{1F}")
          let occurrence = seen[content, default: 0]
          seen[content] = occurrence + 1
          let identity = "sha256:" + SHA256.hash(Array((content + "\u{1F}\(occurrence)").utf8)).hex
          try statement.execute(arguments: [
            identity, importID, kind, line.date.daysSinceEpoch, line.item, line.model, line.amountNanos, line.currency, line.quantity, line.unit,
          ])
          if db.changesCount == 1 { added += 1 } else { present += 1 }
        }
        try db.execute(
          sql: "UPDATE imports SET new_rows = new_rows + ?, present_rows = present_rows + ? WHERE import_id = ?",
          arguments: [added, present, importID])
        return (added, present)
      }
      newRows += added
      presentRows += present
    }
    let (size, sha) = facts.result()
    try write { db in
      try db.execute(
        sql: "UPDATE imports SET state = 'complete', finished_at = ?, size = ?, sha256 = ?, lines = ? WHERE import_id = ?",
        arguments: [clock.timestamp(), size, sha, lines.count, importID])
    }
    return ImportResult(
      importID: importID, file: file, kind: kind, lines: Int64(lines.count), newRows: newRows, presentRows: presentRows, skipped: 0, notes: [])
  }

  private func beginImport(file: String, kind: String, book: PriceBook?) throws -> Int64 {
    try write { db in
      try db.execute(
        sql: "INSERT INTO imports (file, size, sha256, source_kind, started_at, price_book_fingerprint) VALUES (?, 0, '', ?, ?, ?)",
        arguments: [file, kind, clock.timestamp(), book?.fingerprint])
      return db.lastInsertedRowID
    }
  }

  /// Inserts one batch inside the caller's transaction; returns (new, already present) and appends the
  /// new records with their ids and report keys to `priced`.
  private func insert(
    _ records: [UsageRecord], numbers: [(key: Int32, detail: Int32)], keys: [ReportKey], details: [RequestDetail], importID: Int64,
    shapes: inout ShapeWriter, db: Database, keepNew: Bool, into priced: inout [(UsageRecord, Int64, Int64, Int64)]
  ) throws -> (Int64, Int64) {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO usage_records (identity, day, timestamp, key_id, detail_id, import_id, input_tokens, input_text_tokens, input_image_tokens,
          output_tokens, output_image_tokens, output_text_tokens)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(identity) DO NOTHING
        """)
    let s = statement.sqliteStatement
    let connection = db.sqliteConnection
    var added: Int64 = 0
    var present: Int64 = 0
    var first: Int64?
    var last: Int64?
    for (record, number) in zip(records, numbers) {
      let (keyID, detailID) = try shapes.ids(key: number.key, keys[Int(number.key)], detail: number.detail, details[Int(number.detail)], db: db)
      sqlite3_reset(s)
      bindText(s, 1, record.id)
      sqlite3_bind_int64(s, 2, Int64(record.date.daysSinceEpoch))
      bindText(s, 3, record.timestamp)
      sqlite3_bind_int64(s, 4, keyID)
      sqlite3_bind_int64(s, 5, detailID)
      sqlite3_bind_int64(s, 6, importID)
      let u = record.usage
      bindOptional(s, 7, u?.inputTokens)
      bindOptional(s, 8, u?.inputTextTokens)
      bindOptional(s, 9, u?.inputImageTokens)
      bindOptional(s, 10, u?.outputTokens)
      bindOptional(s, 11, u?.outputImageTokens)
      bindOptional(s, 12, u?.outputTextTokens)
      let code = sqlite3_step(s)
      guard code == SQLITE_DONE else {
        let failure = SQLiteFailure(code: sqlite3_extended_errcode(connection), db: db)
        sqlite3_reset(s)
        throw failure
      }
      if sqlite3_changes(connection) == 1 {
        let id = sqlite3_last_insert_rowid(connection)
        added += 1
        if first == nil { first = id }
        last = id
        if keepNew { priced.append((record, id, keyID, detailID)) }
      } else {
        present += 1
      }
    }
    sqlite3_reset(s)
    try db.execute(
      sql: """
        UPDATE imports SET new_rows = new_rows + ?, present_rows = present_rows + ?,
          first_record = coalesce(first_record, ?), last_record = coalesce(?, last_record)
        WHERE import_id = ?
        """,
      arguments: [added, present, first, last, importID])
    return (added, present)
  }
}

@inline(__always) func bindText(_ s: OpaquePointer, _ index: Int32, _ text: String) {
  var text = text
  text.withUTF8 { bytes in
    if let base = bytes.baseAddress {
      _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { sqlite3_bind_text(s, index, $0, Int32(bytes.count), sqliteTransient) }
    } else {
      _ = sqlite3_bind_text(s, index, "", 0, sqliteTransient)
    }
  }
}

@inline(__always) func bindOptional(_ s: OpaquePointer, _ index: Int32, _ value: Int64?) {
  if let value { sqlite3_bind_int64(s, index, value) } else { sqlite3_bind_null(s, index) }
}

/// What the writer stage of one import owns (touched only on its queue, read after it drains).
private final class ImportState: @unchecked Sendable {
  var shapes = ShapeWriter()
  var newRows: Int64 = 0
  var presentRows: Int64 = 0
  private(set) var trace = ImportTrace()
  private let lock = NSLock()

  func addTrace(_ name: String, since: DispatchTime) { lock.withLock { trace.add(name, since: since) } }
  private var firstFailure: (any Error)?

  /// The first failure of the writer stage; later batches are skipped once it is set.
  var failure: (any Error)? {
    get { lock.withLock { firstFailure } }
    set { lock.withLock { if firstFailure == nil { firstFailure = newValue } } }
  }
}

/// A file's size and SHA-256, computed on another thread while the import runs.
final class FileFacts: @unchecked Sendable {
  private let group = DispatchGroup()
  private var size: Int64 = 0
  private var sha = ""

  init(path: String) {
    DispatchQueue.global().async(group: group) { [self] in
      guard let handle = FileHandle(forReadingAtPath: path) else { return }
      defer { try? handle.close() }
      var hasher = SHA256()
      var total: Int64 = 0
      while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty {
        total += Int64(chunk.count)
        chunk.withUnsafeBytes { hasher.update($0.bindMemory(to: UInt8.self)) }
      }
      size = total
      sha = hasher.finalize().hex
    }
  }

  func result() -> (Int64, String) {
    group.wait()
    return (size, sha)
  }
}

/// Phase timings of an import on stderr when `IMAGECOST_LEDGER_TRACE` is set (for benchmarking).
struct ImportTrace {
  let enabled = ProcessInfo.processInfo.environment["IMAGECOST_LEDGER_TRACE"] != nil
  let start = DispatchTime.now()
  var phases: [(String, UInt64)] = []

  mutating func add(_ name: String, since: DispatchTime) {
    guard enabled else { return }
    let elapsed = DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds
    if let index = phases.firstIndex(where: { $0.0 == name }) { phases[index].1 += elapsed } else { phases.append((name, elapsed)) }
  }

  func report(rollups: Int) {
    guard enabled else { return }
    let total = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    var text = "ledger import trace: total \(String(format: "%.3f", total)) s, \(rollups) roll-ups"
    for (name, nanos) in phases { text += "; \(name) \(String(format: "%.3f", Double(nanos) / 1e9)) s" }
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
