/// A conversion of USD figures into another currency for budget review, at a stated rate and date.
/// No network look-up: the rate comes from the plan or the command line and is shown wherever it is used.
public struct CurrencyConversion: Hashable, Sendable {
  /// ISO 4217 code, e.g. `JPY`.
  public let code: String
  /// Units of `code` per 1 USD, in millionths (152.30 → 152,300,000).
  public let microRate: Int64
  /// The day the rate applies to, when given.
  public let date: CivilDate?

  /// - Returns: nil unless `code` is three upper-case letters and `rate` a positive decimal with ≤ 6 decimals.
  public init?(code: String, rate: String, date: CivilDate?) {
    guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }), let value = DecimalText(rate), let micro = value.scaled(to: 6),
      micro > 0
    else { return nil }
    self.code = code
    self.microRate = micro
    self.date = date
  }

  /// The rate as written: `152.3`.
  public var rateText: String { FixedPoint.format(Int128(microRate), scale: 6, minimumFractionDigits: 0) }

  /// `amount` converted exactly to nano-units of `code`, rounded half-even.
  public func convert(_ amount: USD) -> Int128 {
    FixedPoint.divide(Int128(amount.nanos) * Int128(microRate), by: 1_000_000, rounding: .halfEven)
  }

  /// `JPY 340,353`, `EUR 12.35`: rounded half-even to the currency's ISO 4217 minor unit for display.
  public func display(_ amount: USD) -> String { CurrencyMinorUnits.display(nanoUnits: convert(amount), code: code) }

  /// Exact converted decimal text (up to 9 decimals).
  public func decimalString(_ amount: USD) -> String { FixedPoint.format(convert(amount), scale: 9, minimumFractionDigits: 2) }

  /// `152.3 JPY per USD (rate of 2026-11-20)`.
  public var label: String { "\(rateText) \(code) per USD" + (date.map { " (rate of \($0))" } ?? " (rate date not given)") }
}
