import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import O200k
import Replay

/// Options every pricing command shares.
struct PriceBookOptions: ParsableArguments {
  @Option(
    name: .customLong("pricing"),
    help: ArgumentHelp(
      "Price book directory (default: $IMAGECOST_PRICING, ./pricing, or the pricing/ folder of the imagecost checkout).",
      valueName: "dir"))
  var directory: String?

  @Option(help: ArgumentHelp("Price at the rates effective on this day, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
  var date: String?

  func validate() throws {
    if let date, CivilDate(date) == nil {
      throw ValidationError("--date '\(date)' is not a date written YYYY-MM-DD.")
    }
  }

  /// The day to price at: `--date`, or today from the injected clock.
  func pricingDate(clock: WallClock = .run) -> CivilDate { date.flatMap(CivilDate.init) ?? clock.today() }

  /// Loads the price book, printing every problem to stderr on failure.
  func load() throws -> PriceBook {
    try PriceBookLoader.load(directory: resolvedDirectory())
  }

  func resolvedDirectory() -> String {
    if let directory { return directory }
    return PriceBookLocator.defaultDirectory(environment: ProcessInfo.processInfo.environment)
  }
}

extension WallClock {
  /// The run's clock: the system's, or pinned by `IMAGECOST_TODAY=YYYY-MM-DD` (one clock for every command).
  static let run = WallClock.system(environment: ProcessInfo.processInfo.environment)
}

extension OutputFormat: ExpressibleByArgument {}

/// Writes results to stdout and diagnostics to stderr.
enum Output {
  static func result(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func diagnostic(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }
}

/// Errors of the command-line layer (files, flags that depend on each other).
enum CLIError: Error, CustomStringConvertible {
  case unreadableFile(String, String)

  var description: String {
    switch self {
    case .unreadableFile(let path, let reason): return "Cannot read \(path): \(reason)."
    }
  }
}

/// Terminal facts for presentation only.
enum Terminal {
  /// Colour only when stdout is a terminal and `NO_COLOR` is unset (https://no-color.org).
  static var colorOnStdout: Bool {
    isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }
}
