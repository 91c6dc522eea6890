import CostCore
import Foundation

extension WallClock {
  /// The system's clock.
  public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1_000_000_000).rounded(.down)) }

  /// The system's clock, or one pinned to midnight of `IMAGECOST_TODAY=YYYY-MM-DD` when that is set, so a
  /// whole run (pricing day, ledger timestamps) is reproducible.
  public static func system(environment: [String: String]) -> WallClock {
    guard let pinned = environment["IMAGECOST_TODAY"], let day = CivilDate(pinned) else { return .system }
    return .fixed(at: day)
  }
}
