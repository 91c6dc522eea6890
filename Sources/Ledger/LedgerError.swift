/// Why the ledger could not do what was asked. Each case reads as one full sentence naming the file.
public enum LedgerError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The path holds something that is not a SQLite database (it is left untouched).
  case notALedger(path: String)
  /// No ledger exists at the path yet (commands that only read never create one).
  case missing(path: String)
  /// The ledger was written by a newer imagecost; this one refuses to touch it.
  case newerSchema(path: String, found: Int, supported: Int)
  /// The ledger file (or its folder) cannot be written.
  case readOnly(path: String)
  /// SQLite found the file damaged.
  case corrupt(path: String, detail: String)
  /// The disk (or the database's size limit) is full; the batch in progress was rolled back.
  case diskFull(path: String)
  /// Another process kept the ledger locked for longer than the busy timeout.
  case busy(path: String, seconds: Int)
  /// The ledger's schema is older than this build's and only a write command upgrades it.
  case needsUpgrade(path: String, found: Int, supported: Int)
  /// The file could not be opened at all.
  case cannotOpen(path: String, detail: String)
  /// Any other SQLite failure, with SQLite's own message.
  case database(path: String, detail: String)
  /// A live-journal call that does not exist.
  case unknownCall(path: String, callID: String)
  /// A live-journal run that does not exist.
  case unknownRun(path: String, runID: String)
  /// A live-journal call that was already completed.
  case callAlreadyFinished(path: String, callID: String, state: String)

  public var description: String {
    switch self {
    case .notALedger(let path):
      return
        "\(path) is not an imagecost ledger (not a SQLite database); it was left untouched — pass another --db path, or if it was a ledger, its header is damaged: run `imagecost ledger check --db \(path)`."
    case .missing(let path):
      return "There is no ledger at \(path) yet; run `imagecost import FILE…` first or pass --db PATH."
    case .newerSchema(let path, let found, let supported):
      return
        "The ledger \(path) has schema version \(found), newer than the \(supported) this imagecost supports; upgrade imagecost to use it (nothing was changed)."
    case .readOnly(let path):
      return "The ledger \(path) is read-only (no write permission on the file or its folder); nothing was written."
    case .corrupt(let path, let detail):
      return
        "The ledger \(path) is damaged (\(detail)); run `imagecost ledger check --db \(path)` and restore it from a backup or re-import into a new ledger."
    case .diskFull(let path):
      return
        "The disk holding the ledger \(path) is full; the batch in progress was rolled back and nothing partial was kept — free space and run the same import again."
    case .busy(let path, let seconds):
      return "The ledger \(path) stayed locked by another process for more than \(seconds) s; try again when the other import finishes."
    case .needsUpgrade(let path, let found, let supported):
      return
        "The ledger \(path) cannot be opened (schema version \(found) needs an upgrade to \(supported); run any write command such as `imagecost import` first)."
    case .cannotOpen(let path, let detail):
      return "The ledger \(path) cannot be opened (\(detail))."
    case .database(let path, let detail):
      return "The ledger \(path) reported an error: \(detail); if it persists, run `imagecost ledger check --db \(path)`."
    case .unknownCall(let path, let callID):
      return "The ledger \(path) has no live call with id \(callID)."
    case .unknownRun(let path, let runID):
      return "The ledger \(path) has no live run with id \(runID)."
    case .callAlreadyFinished(let path, let callID, let state):
      return "The live call \(callID) in the ledger \(path) is already \(state) and cannot be completed again."
    }
  }
}
