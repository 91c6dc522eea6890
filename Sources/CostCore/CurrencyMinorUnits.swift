/// How many decimals each currency shows: ISO 4217's "minor unit" (list one, published by SIX on behalf of ISO;
/// checked 2026-12-03). Display only — exact values keep nine decimals in JSON and CSV.
public enum CurrencyMinorUnits {
  /// Currencies whose minor unit is not 2. Every other code (USD, EUR, GBP, …) has 2.
  static let exceptions: [String: Int] = [
    // No minor unit.
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0,
    "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    // Thousandths.
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    // Ten-thousandths (units of account).
    "CLF": 4, "UYW": 4,
  ]

  /// The number of decimals `code` is shown with (2 when ISO 4217 says nothing else).
  public static func digits(of code: String) -> Int { exceptions[code.uppercased()] ?? 2 }

  /// `amount` (nano-units of `code`) rounded half-even to the currency's minor unit and grouped by thousands:
  /// `JPY 340,353`, `EUR 12.35`, `KWD 1.235`.
  public static func display(nanoUnits amount: Int128, code: String) -> String {
    let digits = digits(of: code)
    var divisor: Int128 = 1
    for _ in digits..<9 { divisor *= 10 }
    let rounded = FixedPoint.divide(amount, by: divisor, rounding: .halfEven)
    return code + " " + FixedPoint.format(rounded, scale: digits, minimumFractionDigits: digits, groupThousands: true)
  }
}
