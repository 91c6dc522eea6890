/// A calendar day (proleptic Gregorian, no time zone) such as `2026-11-24`.
///
/// Price effective dates, retirements and `--date` are days; comparing days needs no clock or
/// time zone, which keeps the core free of `Date` and `Calendar`.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Creates a date; returns nil for impossible days (`2026-02-30`).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CivilDate.daysInMonth(year: year, month: month)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Days since 1970-01-01 (negative before it).
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `days` days since 1970-01-01.
  public init(daysSinceEpoch days: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  /// The same day `count` days later (or earlier when negative).
  public func adding(days count: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + count) }

  public var description: String {
    let y = String(year)
    let m = String(month)
    let d = String(day)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" + m : m) + "-"
      + (d.count < 2 ? "0" + d : d)
  }

  public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

/// A half-open range of days `[from, to)`; `to == nil` means open-ended.
public struct EffectiveRange: Hashable, Sendable, CustomStringConvertible {
  public let from: CivilDate
  public let to: CivilDate?

  public init(from: CivilDate, to: CivilDate?) {
    self.from = from
    self.to = to
  }

  /// Whether `date` falls in the range (`from` inclusive, `to` exclusive).
  public func contains(_ date: CivilDate) -> Bool { from <= date && (to.map { date < $0 } ?? true) }

  /// Whether two ranges share at least one day.
  public func overlaps(_ other: EffectiveRange) -> Bool {
    let thisEndsAfterOtherStarts = to.map { other.from < $0 } ?? true
    let otherEndsAfterThisStarts = other.to.map { from < $0 } ?? true
    return thisEndsAfterOtherStarts && otherEndsAfterThisStarts
  }

  public var description: String { "\(from)…\(to.map(\.description) ?? "")" }
}
