/// An exact price: `amount` USD per ``PriceUnit``.
public struct Price: Hashable, Sendable {
  /// The published amount in nano-dollars per unit block.
  public let amount: USD
  public let unit: PriceUnit

  public init(amount: USD, unit: PriceUnit) {
    self.amount = amount
    self.unit = unit
  }

  /// The cost of `quantity` tokens or images: one exact 128-bit product, rounded half-even to the
  /// nano-dollar. This is imagecost's single rounding point for a priced line.
  public func cost(of quantity: Int64) -> USD {
    USD(nanos: Price.cost(of: quantity, amount: amount.nanos, block: unit.block))
  }

  /// ``cost(of:)`` that throws ``ArithmeticOverflow`` instead of trapping when the cost does not fit in
  /// 64-bit nano-dollars (a quantity near 2^63, say). Live mode charges through this.
  public func checkedCost(of quantity: Int64) throws(ArithmeticOverflow) -> USD {
    let exact = FixedPoint.divide(Int128(quantity) * Int128(amount.nanos), by: Int128(unit.block), rounding: .halfEven)
    guard exact >= Int128(Int64.min), exact <= Int128(Int64.max) else { throw ArithmeticOverflow("the cost of \(quantity) units") }
    return USD(nanos: Int64(exact))
  }

  /// ``cost(of:)`` in nano-dollars from a price's parts (the replay hot path keeps them as plain integers).
  @inline(__always) static func cost(of quantity: Int64, amount: Int64, block: Int64) -> Int64 {
    // The same rounding in 64-bit arithmetic when the product fits (every replayed record does).
    let (product, overflow) = quantity.multipliedReportingOverflow(by: amount)
    if !overflow, product >= 0 {
      // Per 1M tokens, the usual unit: a constant divisor (a multiplication, not a division).
      var quotient = block == 1_000_000 ? product / 1_000_000 : product / block
      let twice = (product % block) * 2
      if twice > block || (twice == block && quotient % 2 != 0) { quotient += 1 }
      return quotient
    }
    let exact = Int128(quantity) * Int128(amount)
    return Int64(FixedPoint.divide(exact, by: Int128(block), rounding: .halfEven))
  }

  /// The normalised rate as exact decimal text: USD per 1M tokens, or USD per image.
  public var normalizedText: String {
    if unit.isTokens {
      return FixedPoint.format(Int128(amount.nanos) * Int128(1_000_000 / unit.block), scale: 9, minimumFractionDigits: 2)
    }
    // Per image: divide by a power of ten exactly by widening the scale.
    let extra = String(unit.block).count - 1
    return FixedPoint.format(Int128(amount.nanos), scale: 9 + extra, minimumFractionDigits: 2)
  }

  /// `per 1M tokens` or `per image`.
  public var normalizedUnit: String { unit.isTokens ? "per 1M tokens" : "per image" }

  /// As published: `0.005 per 1K tokens`.
  public var publishedText: String { "\(amount.decimalString) per \(unit.rawValue)" }
}

/// The unit a price is quoted in, as published.
public enum PriceUnit: String, Hashable, Sendable, CaseIterable {
  case perMillionTokens = "1M tokens"
  case perThousandTokens = "1K tokens"
  case perImage = "image"
  case perHundredImages = "100 images"

  /// How many base units (tokens or images) one quoted price covers.
  public var block: Int64 {
    switch self {
    case .perMillionTokens: return 1_000_000
    case .perThousandTokens: return 1_000
    case .perImage: return 1
    case .perHundredImages: return 100
    }
  }

  public var isTokens: Bool { self == .perMillionTokens || self == .perThousandTokens }
}
