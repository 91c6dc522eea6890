/// An exact amount of US dollars in fixed point: an integer count of nano-dollars (1e-9 USD).
///
/// imagecost never uses floating point for money. Prices are parsed from decimal text
/// (``DecimalText``), multiplied in 128-bit integers, and rounded once per priced line with
/// ``RoundingRule/halfEven`` to the nano-dollar. `Int64` nano-dollars reach ±$9.2 billion; arithmetic
/// traps on overflow instead of wrapping.
public struct USD: Hashable, Comparable, Sendable {
  /// The amount in nano-dollars (1e-9 USD).
  public var nanos: Int64

  /// Creates an amount from nano-dollars.
  public init(nanos: Int64) { self.nanos = nanos }

  /// Zero dollars.
  public static let zero = USD(nanos: 0)

  /// Why an amount cannot be added up: it went beyond what 64-bit nano-dollars hold.
  public static let overflowSentence = "The amount exceeds $9,223,372,036.85, the largest amount imagecost adds up exactly."

  public static func + (lhs: USD, rhs: USD) -> USD { USD(nanos: lhs.nanos + rhs.nanos) }
  public static func - (lhs: USD, rhs: USD) -> USD { USD(nanos: lhs.nanos - rhs.nanos) }
  public static func += (lhs: inout USD, rhs: USD) { lhs.nanos += rhs.nanos }
  public static func < (lhs: USD, rhs: USD) -> Bool { lhs.nanos < rhs.nanos }

  /// Parses a non-negative decimal such as `166.65` or `0.000005` (at most 9 decimals).
  public init?(decimal text: String) {
    guard let value = DecimalText(text), value.scale <= 9, let nanos = value.scaled(to: 9) else { return nil }
    self.nanos = nanos
  }

  /// The exact decimal text: no thousands separators, trailing zeros removed but at least two
  /// decimals (`166.65`, `8.548`, `5.00`, `0.000005`). This is the form JSON output carries.
  public var decimalString: String { FixedPoint.format(Int128(nanos), scale: 9, minimumFractionDigits: 2) }

  /// The same value for people: `$1,234.56`, `$0.008548`, `-$3.10`.
  public var display: String {
    let plain = FixedPoint.format(Int128(nanos), scale: 9, minimumFractionDigits: 2, groupThousands: true)
    return plain.hasPrefix("-") ? "-$" + plain.dropFirst() : "$" + plain
  }

  /// The amount rounded to whole cents (half-even), for summaries.
  public var roundedToCents: USD {
    USD(nanos: Int64(FixedPoint.divide(Int128(nanos), by: 10_000_000, rounding: .halfEven)) * 10_000_000)
  }
}

/// An amount or a quantity that does not fit in 64 bits: a typed error, never a trap.
public struct ArithmeticOverflow: Error, Hashable, Sendable, CustomStringConvertible {
  /// What was being computed (`the charged total`, `image output tokens × 150 %`).
  public let what: String
  public init(_ what: String) { self.what = what }
  public var description: String { "\(what) does not fit in 64 bits" }
}

extension USD {
  /// `self + other`, or ``ArithmeticOverflow`` instead of a trap.
  public func adding(_ other: USD, _ what: @autoclosure () -> String = "a sum of money") throws(ArithmeticOverflow) -> USD {
    let (sum, overflow) = nanos.addingReportingOverflow(other.nanos)
    if overflow { throw ArithmeticOverflow(what()) }
    return USD(nanos: sum)
  }
}

extension Int64 {
  /// `self + other`, or ``ArithmeticOverflow`` instead of a trap.
  public func adding(_ other: Int64, _ what: @autoclosure () -> String = "a token count") throws(ArithmeticOverflow) -> Int64 {
    let (sum, overflow) = addingReportingOverflow(other)
    if overflow { throw ArithmeticOverflow(what()) }
    return sum
  }

  /// `self × other`, or ``ArithmeticOverflow`` instead of a trap.
  public func multiplied(by other: Int64, _ what: @autoclosure () -> String = "a token count") throws(ArithmeticOverflow) -> Int64 {
    let (product, overflow) = multipliedReportingOverflow(by: other)
    if overflow { throw ArithmeticOverflow(what()) }
    return product
  }
}

/// How an exact quotient is rounded to the unit of the result.
public enum RoundingRule: String, Sendable, Codable {
  /// Round to nearest; ties go to the even neighbour (banker's rounding). imagecost's one rule.
  case halfEven = "half-even"
}

/// Helpers for integer fixed-point arithmetic and formatting.
public enum FixedPoint {
  /// `numerator / denominator`, rounded by `rounding`. `denominator` must be positive.
  public static func divide(_ numerator: Int128, by denominator: Int128, rounding: RoundingRule) -> Int128 {
    precondition(denominator > 0, "denominator must be positive")
    var quotient = numerator / denominator
    let remainder = numerator % denominator
    if remainder == 0 { return quotient }
    let twice = (remainder < 0 ? -remainder : remainder) * 2
    let awayFromZero: Bool
    if twice > denominator {
      awayFromZero = true
    } else if twice < denominator {
      awayFromZero = false
    } else {
      awayFromZero = quotient % 2 != 0
    }
    if awayFromZero { quotient += numerator < 0 ? -1 : 1 }
    return quotient
  }

  /// Formats `value × 10^-scale` exactly, trimming trailing zeros down to `minimumFractionDigits`.
  public static func format(
    _ value: Int128, scale: Int, minimumFractionDigits: Int = 0, groupThousands: Bool = false
  ) -> String {
    let negative = value < 0
    let magnitude = negative ? -value : value
    var digits = String(magnitude)
    if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
    var integerPart = String(digits.prefix(digits.count - scale))
    var fraction = String(digits.suffix(scale))
    while fraction.count > minimumFractionDigits, fraction.hasSuffix("0") { fraction.removeLast() }
    if groupThousands, integerPart.count > 3 {
      var grouped = ""
      for (offset, character) in integerPart.enumerated() {
        if offset > 0, (integerPart.count - offset) % 3 == 0 { grouped.append(",") }
        grouped.append(character)
      }
      integerPart = grouped
    }
    let body = fraction.isEmpty ? integerPart : integerPart + "." + fraction
    return negative ? "-" + body : body
  }

  /// Formats an integer with thousands separators: `1234567` → `1,234,567`.
  public static func grouped(_ value: Int64) -> String { format(Int128(value), scale: 0, groupThousands: true) }

  /// ``grouped(_:)`` with a `+` before a positive value (a difference: `+1,024`, `-36`, `0`).
  public static func signedGrouped(_ value: Int64) -> String { (value > 0 ? "+" : "") + grouped(value) }
}

/// A non-negative decimal number parsed strictly from text: `digits[.digits]`, nothing else.
///
/// Unlike `Decimal(string:)` it never accepts a prefix (`1.5x`) or a locale comma (`1,5`), and it
/// never passes through `Double`.
public struct DecimalText: Hashable, Sendable, CustomStringConvertible {
  /// All digits without the point, as an integer: `12.50` → 1250.
  public let significand: Int128
  /// Number of digits after the point: `12.50` → 2.
  public let scale: Int
  /// The text as written.
  public let description: String

  /// Parses `text`; returns nil unless it is `^[0-9]+(\.[0-9]+)?$` with at most 18 decimals.
  public init?(_ text: String) {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var significand: Int128 = 0
    var scale = 0
    var seenPoint = false
    var digitsBeforePoint = 0
    for byte in bytes {
      if byte == UInt8(ascii: ".") {
        guard !seenPoint, digitsBeforePoint > 0 else { return nil }
        seenPoint = true
        continue
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      let (times10, overflow1) = significand.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int128(byte - UInt8(ascii: "0")))
      guard !overflow1, !overflow2, sum < Int128(Int64.max) * 1_000_000_000 else { return nil }
      significand = sum
      if seenPoint { scale += 1 } else { digitsBeforePoint += 1 }
    }
    guard !seenPoint || scale > 0, scale <= 18 else { return nil }
    self.significand = significand
    self.scale = scale
    self.description = text
  }

  /// The value as an integer count of `10^-target` units, or nil if it needs more decimals or overflows.
  public func scaled(to target: Int) -> Int64? {
    guard scale <= target else { return nil }
    var value = significand
    for _ in 0..<(target - scale) {
      let (next, overflow) = value.multipliedReportingOverflow(by: 10)
      guard !overflow else { return nil }
      value = next
    }
    guard value <= Int128(Int64.max) else { return nil }
    return Int64(value)
  }
}
