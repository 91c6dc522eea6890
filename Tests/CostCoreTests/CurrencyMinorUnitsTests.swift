import Testing

@testable import CostCore

@Suite struct CurrencyMinorUnitsTests {
  /// Display rounds half-even to the ISO 4217 minor unit; the exact value is untouched.
  @Test(arguments: [
    // code, nano-units, shown
    ("JPY", Int128(366_924_910_000_000), "JPY 366,925"),
    ("JPY", Int128(500_000_000), "JPY 0"),  // 0.5 → even
    ("JPY", Int128(1_500_000_000), "JPY 2"),  // 1.5 → even
    ("JPY", Int128(1_500_000_001), "JPY 2"),
    ("KRW", Int128(1_234_567_890_000_000), "KRW 1,234,568"),
    ("USD", Int128(27_165_000_000), "USD 27.16"),  // 27.165 → even cent
    ("EUR", Int128(27_175_000_000), "EUR 27.18"),
    ("KWD", Int128(1_234_500_000), "KWD 1.234"),  // 1.2345 → even thousandth
    ("BHD", Int128(1_000_000_000), "BHD 1.000"),
    ("CLF", Int128(12_345_678), "CLF 0.0123"),
    ("jpy", Int128(2_000_000_000), "jpy 2"),  // lookup ignores case; the code is shown as given
    ("JPY", Int128(-1_600_000_000), "JPY -2"),
  ])
  func display(code: String, amount: Int128, shown: String) {
    #expect(CurrencyMinorUnits.display(nanoUnits: amount, code: code) == shown)
  }

  @Test func digitsDefaultToTwo() {
    #expect(CurrencyMinorUnits.digits(of: "USD") == 2)
    #expect(CurrencyMinorUnits.digits(of: "XYZ") == 2)
    #expect(CurrencyMinorUnits.digits(of: "JPY") == 0)
    #expect(CurrencyMinorUnits.digits(of: "OMR") == 3)
  }

  @Test func conversionShowsWholeYenAndKeepsTheExactValue() throws {
    let fx = try #require(CurrencyConversion(code: "JPY", rate: "152.30", date: nil))
    let amount = USD(nanos: 2_409_220_000_000)  // $2,409.22
    #expect(fx.display(amount) == "JPY 366,924")  // 366,924.206 yen
    #expect(fx.decimalString(amount) == "366924.206")
  }
}
