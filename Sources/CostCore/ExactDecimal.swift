/// A decimal number read exactly from JSON number text (`2.75e-06`, `0.04`, `-1`, `1E+2`), never through
/// `Double`: `significand × 10^exponent`. Used for wire formats whose prices carry more digits than a
/// nano-dollar (LiteLLM's per-token costs) before they are scaled to a price block.
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
  public let negative: Bool
  /// At most 36 significant digits.
  public let significand: Int128
  /// Within ±10,000.
  public let exponent: Int

  public init(negative: Bool = false, significand: Int128, exponent: Int) {
    self.negative = negative && significand != 0
    self.significand = significand
    self.exponent = exponent
  }

  /// Parses JSON number grammar `-?digits(.digits)?([eE][+-]?digits)?` (leading zeros tolerated).
  /// Returns nil for anything else, more than 36 significant digits, or an exponent beyond ±10,000.
  public init?(_ text: String) {
    var bytes = Array(text.utf8)[...]
    var negative = false
    if bytes.first == UInt8(ascii: "-") {
      negative = true
      bytes = bytes.dropFirst()
    }
    var significand: Int128 = 0
    var digits = 0
    var scale = 0
    var seenDigit = false
    var seenPoint = false
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: ".") {
        guard !seenPoint, seenDigit else { return nil }
        seenPoint = true
      } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        if significand != 0 || byte != UInt8(ascii: "0") { digits += 1 }
        guard digits <= 36 else { return nil }
        significand = significand * 10 + Int128(byte - UInt8(ascii: "0"))
        if seenPoint { scale += 1 }
        seenDigit = true
      } else {
        break
      }
      index += 1
    }
    guard seenDigit, !(seenPoint && bytes[index - 1] == UInt8(ascii: ".")) else { return nil }
    var exponent = 0
    if index < bytes.endIndex {
      guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return nil }
      index += 1
      var exponentNegative = false
      if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        exponentNegative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      guard index < bytes.endIndex else { return nil }
      while index < bytes.endIndex {
        let byte = bytes[index]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
        guard exponent <= 10_000 else { return nil }
        index += 1
      }
      if exponentNegative { exponent = -exponent }
    }
    self.init(negative: negative, significand: significand, exponent: exponent - scale)
  }

  public var isZero: Bool { significand == 0 }

  public var description: String {
    (negative ? "-" : "") + "\(significand)e\(exponent)"
  }

  /// `self × 10^shift` in nano-units (1e-9), rounded half-even; nil if negative or beyond `Int64`.
  public func nanos(shift: Int = 0) -> Int64? {
    guard !negative else { return nil }
    if significand == 0 { return 0 }
    let power = exponent + shift + 9
    var value = significand
    if power >= 0 {
      for _ in 0..<power {
        let (next, overflow) = value.multipliedReportingOverflow(by: 10)
        guard !overflow, next <= Int128(Int64.max) else { return nil }
        value = next
      }
    } else {
      // Dividing by more than 10^38 leaves less than one unit: 0 (the significand is below 10^37).
      guard -power <= 38 else { return 0 }
      var divisor: Int128 = 1
      for _ in 0..<(-power) { divisor *= 10 }
      value = FixedPoint.divide(value, by: divisor, rounding: .halfEven)
    }
    guard value <= Int128(Int64.max) else { return nil }
    return Int64(value)
  }

  /// `self × factor` exactly, or nil when the significand would exceed 36 digits.
  public func multiplied(by factor: Int) -> ExactDecimal? {
    guard factor >= 0 else { return nil }
    let (product, overflow) = significand.multipliedReportingOverflow(by: Int128(factor))
    guard !overflow, product < 1_000_000_000_000_000_000_000_000_000_000_000_000 else { return nil }
    return ExactDecimal(negative: negative, significand: product, exponent: exponent)
  }
}
