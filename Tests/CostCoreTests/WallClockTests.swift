import CostCore
import Testing

@Suite struct WallClockTests {
  @Test(arguments: [
    (Int64(0), "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z", "1970-01-01"),
    (1_764_000_000_123_456_789, "2025-11-24T16:00:00Z", "2025-11-24T16:00:00.123Z", "2025-11-24"),
    (86_399_999_999_999, "1970-01-01T23:59:59Z", "1970-01-01T23:59:59.999Z", "1970-01-01"),
    (-1, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999Z", "1969-12-31"),
  ])
  func timestampsAndDays(nanoseconds: Int64, seconds: String, millis: String, day: String) {
    let clock = WallClock { nanoseconds }
    #expect(clock.timestamp() == seconds)
    #expect(clock.timestamp(milliseconds: true) == millis)
    #expect(clock.today().description == day)
  }

  @Test func fixedClockStandsAtMidnight() {
    let day = CivilDate(year: 2026, month: 11, day: 24)!
    let clock = WallClock.fixed(at: day)
    #expect(clock.today() == day)
    #expect(clock.timestamp() == "2026-11-24T00:00:00Z")
  }
}
