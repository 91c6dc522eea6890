import ArgumentParser
import CostCore
import Foundation
import Ledger

/// Where the ledger is: `--db PATH`, else `$IMAGECOST_DB`, else `$XDG_DATA_HOME/imagecost/ledger.sqlite`,
/// else `~/.local/share/imagecost/ledger.sqlite`.
struct LedgerOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "Ledger file (default: $IMAGECOST_DB, else $XDG_DATA_HOME/imagecost/ledger.sqlite, else ~/.local/share/imagecost/ledger.sqlite).",
      valueName: "path"))
  var path: String?

  func resolvedPath() -> String { path ?? Ledger.defaultPath(environment: ProcessInfo.processInfo.environment) }

  /// Opens the ledger for writing (creating it when missing).
  func openForWriting() throws -> Ledger { try Ledger(path: resolvedPath(), access: .write, clock: .run) }

  /// Opens an existing ledger, for writing when possible (so pending pricing is stored), else read-only.
  func openExisting() throws -> Ledger {
    let path = resolvedPath()
    guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.missing(path: path) }
    do {
      // Only priced roll-ups are written (from records read by id), so SQLite's quick check suffices.
      return try Ledger(path: path, access: .write, clock: .run, thoroughCheck: false)
    } catch LedgerError.readOnly {
      return try Ledger(path: path, access: .read, clock: .run)
    }
  }
}

extension LedgerOptions {
  /// Opens an existing ledger read-only (SQLITE_OPEN_READONLY; nothing is written), for commands that only
  /// read: `ledger status`, `live status`, `reconcile`, `export`. A ledger at an older schema is opened
  /// as ``openExisting()`` does (upgraded when it can be written).
  func openForReading() throws -> Ledger {
    let path = resolvedPath()
    guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.missing(path: path) }
    do {
      return try Ledger(path: path, access: .read, clock: .run)
    } catch LedgerError.needsUpgrade {
      return try openExisting()
    }
  }
}
