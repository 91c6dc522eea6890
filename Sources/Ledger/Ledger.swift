import CostCore
import CostIO
import Foundation
import GRDB
import GRDBSQLite

/// A SQLite store of imported usage, provider cost lines, priced roll-ups and the live-call journal.
///
/// One file (WAL mode, 10 s busy timeout), created on first write and upgraded by versioned
/// migrations (``LedgerSchema``). Every SQLite failure surfaces as a ``LedgerError`` naming the path.
/// Several processes may use the same file at once: writes are short transactions that wait for each
/// other.
public final class Ledger: Sendable {
  /// How the ledger is opened.
  public enum Access: Sendable {
    /// Create the file if missing and migrate it to the current schema.
    case write
    /// The file must exist and be at the current schema; nothing is written.
    case read
    /// Only checks that the schema is not newer than this build's (before opening for writing).
    case inspect
  }

  /// The path given (`:memory:` for an in-memory ledger).
  public let path: String
  let queue: DatabaseQueue
  let clock: WallClock
  let access: Access
  let liveness: ImportLiveness
  /// Seconds a write waits for another process's transaction.
  public static let busyTimeout = 10

  /// Opens (and when `access` is `.write`, creates or upgrades) the ledger at `path`.
  ///
  /// A file that is not a SQLite database is refused before SQLite touches it. `.read` opens the file
  /// read-only (SQLITE_OPEN_READONLY) and never writes it; when its folder is read-only (so SQLite cannot
  /// create the write-ahead log's `-shm` and `-wal` files) and there is no unmerged write-ahead log, the
  /// file is opened as immutable. Unless `verify` is false, a damaged ledger is refused on open
  /// (``verifyOnOpen(forWriting:)``).
  /// - Throws: ``LedgerError``.
  /// - Parameter thoroughCheck: the open-time check runs SQLite's full `integrity_check` rather than its
  ///   `quick_check`; by default when `access` is `.write` (an import trusts the indexes to find duplicates).
  public init(path: String, access: Access = .write, clock: WallClock = .system, verify: Bool = true, thoroughCheck: Bool? = nil) throws {
    self.path = path
    self.clock = clock
    self.access = access
    let turns = ImportLiveness(ledgerPath: path)
    liveness = turns
    try Ledger.preflight(path: path, access: access)
    var config = Configuration()
    config.busyMode = .timeout(TimeInterval(Ledger.busyTimeout))
    config.label = "imagecost.ledger"
    if access == .read {
      config.readonly = true
    } else {
      config.journalMode = .wal
    }
    config.prepareDatabase { db in
      try db.execute(
        sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864")
    }
    // Creating, switching to WAL and migrating happen one process at a time (two first imports into a new
    // ledger would otherwise race on the schema and get SQLITE_BUSY without waiting).
    let open = { () throws -> DatabaseQueue in
      if access == .write, Ledger.fileSize(path) > 0 {
        // Opening in WAL mode writes to the file, so a newer ledger is refused from a read-only look first.
        var look = Configuration()
        look.readonly = true
        look.busyMode = .timeout(TimeInterval(Ledger.busyTimeout))
        do {
          let peek = try DatabaseQueue(path: path, configuration: look)
          try Ledger.prepareSchema(peek, path: path, access: .inspect)
          try peek.close()
        } catch {
          throw Ledger.map(error, path: path)
        }
      }
      let opened: DatabaseQueue
      do {
        opened = try DatabaseQueue(path: path, configuration: config)
        try Ledger.prepareSchema(opened, path: path, access: access)
      } catch {
        let mapped = Ledger.map(error, path: path)
        guard access == .read, let immutable = Ledger.immutableURI(path), Ledger.isReadOnlyOpenFailure(mapped) else { throw mapped }
        // A read-only folder: SQLite cannot create the -shm file a WAL reader needs. With no unmerged
        // write-ahead log, the file alone is the whole ledger and can be read as immutable.
        do {
          let fallback = try DatabaseQueue(path: immutable, configuration: config)
          try Ledger.prepareSchema(fallback, path: path, access: access)
          return fallback
        } catch {
          throw Ledger.map(error, path: path)
        }
      }
      return opened
    }
    queue = access == .read ? try open() : try turns.withWriterTurn(open)
    if verify, access != .inspect { try verifyOnOpen(thorough: thoroughCheck ?? (access == .write)) }
  }

  /// True for the errors a read-only open of a WAL ledger gives when its folder is not writable.
  static func isReadOnlyOpenFailure(_ error: any Error) -> Bool {
    switch error as? LedgerError {
    case .readOnly?, .cannotOpen?: return true
    default: return false
    }
  }

  /// `file:PATH?immutable=1` (percent-encoded), or nil when it cannot be used: this SQLite does not take
  /// URI file names, or a non-empty write-ahead log holds changes the file alone does not have.
  static func immutableURI(_ path: String) -> String? {
    guard sqlite3_compileoption_used("USE_URI") == 1 else { return nil }
    if fileSize(path + "-wal") > 0 { return nil }
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var encoded = ""
    for byte in absolute.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF")
        encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
      }
    }
    return "file:" + encoded + "?mode=ro&immutable=1"
  }

  /// An in-memory ledger at the current schema (tests, previews).
  public init(inMemory clock: WallClock = .system) throws {
    path = ":memory:"
    self.clock = clock
    access = .write
    liveness = ImportLiveness(ledgerPath: path)
    do {
      queue = try DatabaseQueue()
    } catch {
      throw Ledger.map(error, path: path)
    }
    try Ledger.prepareSchema(queue, path: path, access: .write)
  }

  /// The default ledger location: `$IMAGECOST_DB`, else `$XDG_DATA_HOME/imagecost/ledger.sqlite`, else
  /// `~/.local/share/imagecost/ledger.sqlite`.
  public static func defaultPath(environment: [String: String]) -> String {
    if let db = environment["IMAGECOST_DB"], !db.isEmpty { return db }
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/imagecost/ledger.sqlite" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.local/share/imagecost/ledger.sqlite"
  }

  static func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
  }

  /// The 16-byte header every SQLite 3 database starts with.
  static let sqliteHeader = Array("SQLite format 3\0".utf8)

  /// Checks the file before SQLite opens it: an existing non-empty file must start with the SQLite
  /// header (so a wrong `--db` is never modified); a write needs a writable file and folder.
  static func preflight(path: String, access: Access) throws {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists {
      if isDirectory.boolValue { throw LedgerError.notALedger(path: path) }
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw LedgerError.cannotOpen(path: path, detail: "permission denied")
      }
      let head = (try? handle.read(upToCount: 16)).map { [UInt8]($0) } ?? []
      try? handle.close()
      if !head.isEmpty, head != sqliteHeader { throw LedgerError.notALedger(path: path) }
    }
    switch access {
    case .read, .inspect:
      if !exists { throw LedgerError.missing(path: path) }
    case .write:
      if exists {
        // Honour the permission bits even for root, who could otherwise write a file marked read-only.
        let mode = ((try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
        if mode & 0o222 == 0 || !manager.isWritableFile(atPath: path) { throw LedgerError.readOnly(path: path) }
        // Writing in WAL mode creates the -wal and -shm files next to the ledger: its folder must be writable too.
        let folder = (path as NSString).deletingLastPathComponent
        if !manager.isWritableFile(atPath: folder.isEmpty ? "." : folder) { throw LedgerError.readOnly(path: path) }
      } else {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !manager.fileExists(atPath: folder) {
          do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
          } catch {
            throw LedgerError.cannotOpen(path: path, detail: "its folder \(folder) cannot be created")
          }
        }
        if !folder.isEmpty, !manager.isWritableFile(atPath: folder) { throw LedgerError.readOnly(path: path) }
      }
    }
  }

  /// Refuses newer schemas, then (for writes) applies pending migrations.
  static func prepareSchema(_ queue: DatabaseQueue, path: String, access: Access) throws {
    let migrator = LedgerSchema.migrator
    let (found, superseded, complete) = try run(path: path) {
      try queue.read { db -> (Int, Bool, Bool) in
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let hasTable = try db.tableExists("grdb_migrations")
        let superseded = hasTable ? try migrator.hasBeenSuperseded(db) : false
        let complete = hasTable ? try migrator.hasCompletedMigrations(db) : false
        return (version, superseded, complete)
      }
    }
    if found > LedgerSchema.version || superseded {
      throw LedgerError.newerSchema(path: path, found: max(found, LedgerSchema.version + 1), supported: LedgerSchema.version)
    }
    if access == .inspect { return }
    if access == .read {
      if !complete { throw LedgerError.needsUpgrade(path: path, found: found, supported: LedgerSchema.version) }
      return
    }
    // Two processes creating the same ledger at once: the loser of the race sees the winner's
    // migrations on its next attempt.
    var attempt = 0
    while true {
      do {
        try migrator.migrate(queue)
        return
      } catch {
        attempt += 1
        let mapped = map(error, path: path)
        if attempt >= 5 { throw mapped }
        switch mapped as? LedgerError {
        case .database?:
          Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
        case .busy?:
          continue
        default:
          throw mapped
        }
      }
    }
  }

  /// Runs `body`, turning SQLite failures into ``LedgerError``.
  static func run<T>(path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw map(error, path: path)
    }
  }

  func run<T>(_ body: () throws -> T) throws -> T { try Ledger.run(path: path, body) }

  /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), waiting up to the busy timeout.
  /// Processes writing to one ledger take turns (``ImportLiveness/withWriterTurn(_:)``).
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    try run {
      try liveness.withWriterTurn {
        try queue.writeWithoutTransaction { db in
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

  /// A read of one consistent snapshot.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    try run { try queue.read(body) }
  }

  static func map(_ error: any Error, path: String) -> any Error {
    if error is LedgerError { return error }
    if let damage = error as? StoredRowDamage { return LedgerError.corrupt(path: path, detail: damage.detail) }
    if let failure = error as? SQLiteFailure { return failure.ledgerError(path: path) }
    guard let db = error as? DatabaseError else { return error }
    return SQLiteFailure(code: db.extendedResultCode.rawValue, message: db.message ?? "\(db)").ledgerError(path: path)
  }
}

/// A failure reported by SQLite's C interface (the import's prepared statement).
struct SQLiteFailure: Error {
  let code: Int32
  let message: String

  init(code: Int32, message: String) {
    self.code = code
    self.message = message
  }

  init(code: Int32, db: Database) {
    self.code = code
    message = String(cString: sqlite3_errmsg(db.sqliteConnection))
  }

  func ledgerError(path: String) -> LedgerError {
    switch code & 0xFF {
    case SQLITE_NOTADB: return .notALedger(path: path)
    case SQLITE_CORRUPT: return .corrupt(path: path, detail: message)
    case SQLITE_FULL: return .diskFull(path: path)
    case SQLITE_READONLY: return .readOnly(path: path)
    case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path, seconds: Ledger.busyTimeout)
    case SQLITE_CANTOPEN: return .cannotOpen(path: path, detail: message)
    case SQLITE_IOERR:
      // SQLITE_IOERR_WRITE on a full disk (ENOSPC) also lands here.
      return message.contains("full") ? .diskFull(path: path) : .database(path: path, detail: message)
    default: return .database(path: path, detail: message)
    }
  }
}

extension Ledger {
  /// Runs `body` on the ledger's own connection, outside any transaction (tests: size limits, pragmas).
  func withDatabaseForTesting(_ body: (Database) throws -> Void) throws {
    try queue.writeWithoutTransaction(body)
  }

  /// Moves the write-ahead log into the database file (tests that damage the file on disk).
  func checkpointForTesting() throws {
    try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
  }
}
