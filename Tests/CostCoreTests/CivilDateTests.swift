import CostCore
import Testing

@Suite struct CivilDateTests {
  @Test(arguments: [
    ("2026-11-24", 2026, 11, 24),
    ("2024-02-29", 2024, 2, 29),
    ("2000-02-29", 2000, 2, 29),
    ("1970-01-01", 1970, 1, 1),
    ("0001-01-01", 1, 1, 1),
    ("9999-12-31", 9999, 12, 31),
  ])
  func parses(text: String, year: Int, month: Int, day: Int) throws {
    let date = try #require(CivilDate(text))
    #expect(date.year == year && date.month == month && date.day == day)
    #expect(date.description == text)
  }

  @Test(arguments: [
    "2026-02-30", "2026-02-29", "1900-02-29", "2100-02-29", "2025-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
    "2026-01-32", "0000-01-01", "2026-1-05", "26-01-05", "2026/01/05", "2026-01-05T00:00", "", "2026-01", "2026-01-05-",
    "２０２６-01-05", "+202-01-05", "-2026-01-05", "2026-+1-05",
  ])
  func rejectsInvalidText(text: String) {
    #expect(CivilDate(text) == nil)
  }

  @Test(arguments: [
    (2024, 2, 29, true), (2023, 2, 29, false), (2000, 2, 29, true), (1900, 2, 29, false), (2400, 2, 29, true),
    (2026, 4, 30, true), (2026, 4, 31, false), (2026, 12, 31, true), (2026, 6, 31, false), (10000, 1, 1, false),
  ])
  func componentsValidity(year: Int, month: Int, day: Int, valid: Bool) {
    #expect((CivilDate(year: year, month: month, day: day) != nil) == valid)
  }

  // Day counts computed independently (Python datetime.date differences).
  @Test(arguments: [
    ("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-11-24", 20_781), ("0001-01-01", -719_162),
    ("9999-12-31", 2_932_896),
  ])
  func daysSinceEpoch(text: String, days: Int) {
    let date = CivilDate(text)!
    #expect(date.daysSinceEpoch == days)
    #expect(CivilDate(daysSinceEpoch: days) == date)
  }

  @Test func roundTripEveryDayOfSeveralCenturies() {
    // 1899-01-01 … 2101-12-31 covers 1900 (not leap), 2000 (leap) and 2100 (not leap).
    var date = CivilDate("1899-01-01")!
    var days = date.daysSinceEpoch
    let end = CivilDate("2101-12-31")!
    while date < end {
      let next = date.adding(days: 1)
      #expect(next.daysSinceEpoch == days + 1)
      #expect(CivilDate(daysSinceEpoch: days + 1) == next)
      #expect(CivilDate(next.description) == next)
      #expect(date < next)
      date = next
      days += 1
    }
    #expect(date == end)
  }

  @Test(arguments: [
    ("2024-02-28", 1, "2024-02-29"), ("2024-02-29", 1, "2024-03-01"), ("2023-02-28", 1, "2023-03-01"),
    ("2026-12-31", 1, "2027-01-01"), ("2026-03-01", -1, "2026-02-28"), ("2026-10-23", 32, "2026-11-24"),
  ])
  func adding(from: String, days: Int, to: String) {
    #expect(CivilDate(from)!.adding(days: days) == CivilDate(to)!)
  }

  @Test func ordering() {
    #expect(CivilDate("2025-12-31")! < CivilDate("2026-01-01")!)
    #expect(CivilDate("2026-01-31")! < CivilDate("2026-02-01")!)
    #expect(!(CivilDate("2026-02-01")! < CivilDate("2026-02-01")!))
    #expect(CivilDate(year: 5, month: 1, day: 2)!.description == "0005-01-02")
  }
}

@Suite struct EffectiveRangeTests {
  static func d(_ text: String) -> CivilDate { CivilDate(text)! }
  static func r(_ from: String, _ to: String?) -> EffectiveRange { EffectiveRange(from: d(from), to: to.map(d)) }

  @Test(
    arguments: [
      ("2025-06-01", nil, "2025-05-31", false),
      ("2025-06-01", nil, "2025-06-01", true),
      ("2025-06-01", nil, "9999-12-31", true),
      ("2025-06-01", "2026-01-01", "2025-12-31", true),
      ("2025-06-01", "2026-01-01", "2026-01-01", false),  // to is exclusive
      ("2025-06-01", "2025-06-02", "2025-06-01", true),  // a one-day range
    ] as [(String, String?, String, Bool)])
  func contains(from: String, to: String?, date: String, expected: Bool) {
    #expect(Self.r(from, to).contains(Self.d(date)) == expected)
  }

  @Test(
    arguments: [
      // adjacent half-open ranges do not overlap
      ("2025-01-01", "2026-01-01", "2026-01-01", nil, false),
      ("2025-01-01", "2026-01-01", "2025-12-31", nil, true),
      ("2025-01-01", nil, "2030-01-01", nil, true),
      ("2025-01-01", nil, "2020-01-01", "2025-01-01", false),
      ("2025-01-01", nil, "2020-01-01", "2025-01-02", true),
      ("2025-03-01", "2025-04-01", "2025-01-01", "2026-01-01", true),  // contained
      ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", false),
    ] as [(String, String?, String, String?, Bool)])
  func overlaps(aFrom: String, aTo: String?, bFrom: String, bTo: String?, expected: Bool) {
    let a = Self.r(aFrom, aTo)
    let b = Self.r(bFrom, bTo)
    #expect(a.overlaps(b) == expected)
    #expect(b.overlaps(a) == expected, "overlap is symmetric")
  }
}
