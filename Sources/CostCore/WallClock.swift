/// The one wall clock: which day and time it is, in UTC. Every date or timestamp imagecost writes comes from a
/// clock passed in, so runs are reproducible (the executable's pins to `IMAGECOST_TODAY`; tests pass fixed ones).
public struct WallClock: Sendable {
  /// Now, in nanoseconds since 1970-01-01T00:00:00Z.
  public let nanosecondsSinceEpoch: @Sendable () -> Int64

  public init(nanosecondsSinceEpoch: @escaping @Sendable () -> Int64) { self.nanosecondsSinceEpoch = nanosecondsSinceEpoch }

  /// A clock that stands at midnight (UTC) of `day`.
  public static func fixed(at day: CivilDate) -> WallClock {
    let nanoseconds = Int64(day.daysSinceEpoch) * WallClock.nanosecondsPerDay
    return WallClock { nanoseconds }
  }

  /// Today's date (UTC).
  public func today() -> CivilDate {
    let (days, _) = split(nanosecondsSinceEpoch())
    return CivilDate(daysSinceEpoch: Int(days))
  }

  /// Now as ISO 8601 UTC, to the second (`2026-11-24T09:30:00Z`) or the millisecond (`2026-11-24T09:30:00.123Z`).
  public func timestamp(milliseconds: Bool = false) -> String {
    let (days, nanosOfDay) = split(nanosecondsSinceEpoch())
    let seconds = nanosOfDay / 1_000_000_000
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    var text = "\(CivilDate(daysSinceEpoch: Int(days)))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    if milliseconds {
      let millis = String(nanosOfDay / 1_000_000 % 1000)
      text += "." + String(repeating: "0", count: 3 - millis.count) + millis
    }
    return text + "Z"
  }

  static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000

  /// Whole days since the epoch and nanoseconds into the day (before 1970 too).
  private func split(_ nanoseconds: Int64) -> (days: Int64, nanosOfDay: Int64) {
    var days = nanoseconds / WallClock.nanosecondsPerDay
    var rest = nanoseconds % WallClock.nanosecondsPerDay
    if rest < 0 {
      days -= 1
      rest += WallClock.nanosecondsPerDay
    }
    return (days, rest)
  }
}
