import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger
import LiveRun
import O200k

/// A job that stopped on purpose, with one sentence (`--strict` found unpriced requests, a check failed): exit 1.
struct JobFailure: Error, CustomStringConvertible {
  let description: String
  /// Whether the sentence is printed after `error: ` (not for one that begins with its file and line).
  let prefixed: Bool
  init(_ description: String, prefixed: Bool = true) { (self.description, self.prefixed) = (description, prefixed) }
}

/// A gate found what it guards against (a month over budget, prices that differ): exit 3 after its sentence.
struct GateTripped: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The one exit-code policy. Commands throw; ``Imagecost/main()`` prints a thrown error once, here, and exits
/// with 1 for a failed job, ``gateExitCode`` for a tripped gate, and the parser's own codes for the rest
/// (64 for a usage error, the code of an `ExitCode`).
enum ErrorPolicy {
  /// Exit status of `--fail-on-over` and `pricing sync --check` when they find something.
  static let gateExitCode: Int32 = 3

  /// The stderr text and exit status for `error`, or nil when the argument parser reports it.
  static func report(for error: Error) -> (message: String, status: Int32)? {
    switch error {
    case let e as GateTripped: return (e.description, gateExitCode)
    // These descriptions begin with the file, line and key.
    case let e as PriceBookError: return (e.description, EXIT_FAILURE)
    case let e as PlanFileError: return (e.description, EXIT_FAILURE)
    case let e as JobFailure: return ((e.prefixed ? "error: " : "") + e.description, EXIT_FAILURE)
    case let e as QuoteError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as PlanError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as O200kError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as CLIError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as ExportError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as DiffDocument.ReadError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as PriceSyncError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as LedgerError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as ReplayOverflow: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as LiveSetupError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as LivePreparationError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as LiveCommandError: return ("error: \(e.description)", EXIT_FAILURE)
    case let e as LiveRunError: return ("error: \(e.description)", EXIT_FAILURE)
    default: return nil
    }
  }
}
