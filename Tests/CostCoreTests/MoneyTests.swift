import CostCore
import Testing

/// Exact money: strict decimal parsing, the one rounding rule (half-even), formatting, and the
/// cost of a quantity at a price in every published unit. Expected values are worked by hand.
@Suite struct DecimalTextTests {
  @Test(arguments: [
    "1.5x", "1,5", "-1", "+1", ".5", "5.", "", " 1", "1 ", "1e3", "1..2", "1.2.3", "0x10", "١", "５", "NaN", "inf", "$1",
  ])
  func rejectsAnythingButPlainDecimals(text: String) {
    #expect(DecimalText(text) == nil)
    #expect(USD(decimal: text) == nil)
  }

  @Test(
    arguments: [
      ("0", Int128(0), 0),
      ("007", 7, 0),
      ("12.50", 1250, 2),
      ("0.000005", 5, 6),
      ("166.65", 16665, 2),
      ("0.6875", 6875, 4),
    ] as [(String, Int128, Int)])
  func parsesDigitsAndScale(text: String, significand: Int128, scale: Int) throws {
    let value = try #require(DecimalText(text))
    #expect(value.significand == significand)
    #expect(value.scale == scale)
    #expect(value.description == text)
  }

  @Test(arguments: [
    ("166.65", Int64(166_650_000_000)),
    ("8.548", 8_548_000_000),
    ("0.000005", 5_000),
    ("0.000000001", 1),
    ("0.0055", 5_500_000),
    ("40.00", 40_000_000_000),
    ("0", 0),
  ])
  func usdParsesToExactNanos(text: String, nanos: Int64) {
    #expect(USD(decimal: text)?.nanos == nanos)
  }

  @Test(arguments: ["0.0000000001", "1.1234567891", "0.0000000000"])
  func usdRejectsMoreThanNineDecimals(text: String) {
    #expect(DecimalText(text) != nil, "plain decimal text")
    #expect(USD(decimal: text) == nil)
  }

  @Test func usdRejectsAmountsBeyondInt64Nanos() {
    // Int64.max nanos is about $9.22 billion.
    #expect(USD(decimal: "9223372036.854775807")?.nanos == Int64.max)
    #expect(USD(decimal: "9223372037") == nil)
    #expect(USD(decimal: "99999999999999999999999") == nil)
  }

  @Test func scaledTo() {
    let value = DecimalText("1.25")!
    #expect(value.scaled(to: 2) == 125)
    #expect(value.scaled(to: 6) == 1_250_000)
    #expect(value.scaled(to: 1) == nil, "needs two decimals")
  }
}

@Suite struct HalfEvenTests {
  @Test(arguments: [
    // exact
    (Int128(10), Int128(5), Int128(2)),
    (0, 7, 0),
    // below / above half
    (1, 3, 0), (2, 3, 1), (-1, 3, 0), (-2, 3, -1),
    // ties go to the even neighbour
    (5, 2, 2), (7, 2, 4), (1, 2, 0), (3, 2, 2),
    (15, 10, 2), (25, 10, 2), (35, 10, 4),
    (6875, 10, 688), (6865, 10, 686),
    // negatives, ties to even too
    (-5, 2, -2), (-7, 2, -4), (-1, 2, 0), (-15, 10, -2), (-25, 10, -2), (-35, 10, -4),
    // just off a tie
    (2_500_001, 1_000_000, 3), (2_499_999, 1_000_000, 2), (-2_500_001, 1_000_000, -3),
  ])
  func divide(numerator: Int128, denominator: Int128, expected: Int128) {
    #expect(FixedPoint.divide(numerator, by: denominator, rounding: .halfEven) == expected)
  }

  @Test(arguments: [
    (Int64(8_548_000_000), Int64(8_550_000_000)),  // 8.548 → 8.55 (the seed's rounding)
    (166_650_000_000, 166_650_000_000),
    (5_000_000, 0),  // 0.005 → 0.00 (tie to even)
    (15_000_000, 20_000_000),  // 0.015 → 0.02 (tie to even)
    (25_000_000, 20_000_000),  // 0.025 → 0.02 (tie to even)
    (25_000_001, 30_000_000),
  ])
  func roundedToCents(nanos: Int64, expected: Int64) {
    #expect(USD(nanos: nanos).roundedToCents.nanos == expected)
  }
}

@Suite struct USDFormattingTests {
  @Test(arguments: [
    (Int64(166_650_000_000), "166.65"),
    (8_548_000_000, "8.548"),
    (5_000_000_000, "5.00"),
    (5_000, "0.000005"),
    (0, "0.00"),
    (1, "0.000000001"),
    (166_650_000, "0.16665"),
    (100_000_000, "0.10"),
    (1_234_567_891_000_000, "1234567.891"),
    (-3_100_000_000, "-3.10"),
    (-5, "-0.000000005"),
  ])
  func decimalString(nanos: Int64, text: String) {
    #expect(USD(nanos: nanos).decimalString == text)
    // Round trip through the strict parser (non-negative only).
    if nanos >= 0 { #expect(USD(decimal: text)?.nanos == nanos) }
  }

  @Test(arguments: [
    (Int64(1_234_560_000_000), "$1,234.56"),
    (8_548_000, "$0.008548"),
    (-3_100_000_000, "-$3.10"),
    (1_234_567_891_000_000, "$1,234,567.891"),
    (999_990_000_000, "$999.99"),
    (1_000_000_000_000, "$1,000.00"),
    (100_000_000_000_000, "$100,000.00"),
    (166_650_000_000, "$166.65"),
    (0, "$0.00"),
  ])
  func display(nanos: Int64, text: String) {
    #expect(USD(nanos: nanos).display == text)
  }

  @Test(arguments: [(Int64(0), "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-1_234, "-1,234")])
  func grouped(value: Int64, text: String) {
    #expect(FixedPoint.grouped(value) == text)
  }

  @Test func arithmetic() {
    var total = USD(decimal: "0.00025")! + USD(decimal: "0.1664")!
    #expect(total.decimalString == "0.16665")
    total += USD(decimal: "0.00001")!
    #expect(total.decimalString == "0.16666")
    #expect((total - USD(decimal: "0.16666")!) == .zero)
    #expect(USD(decimal: "0.1")! < USD(decimal: "0.11")!)
  }
}

@Suite struct PriceTests {
  static func price(_ text: String, _ unit: PriceUnit) -> Price { Price(amount: USD(decimal: text)!, unit: unit) }

  struct CostCase: Sendable, CustomTestStringConvertible {
    let price: String
    let unit: PriceUnit
    let quantity: Int64
    let cost: String
    var testDescription: String { "\(quantity) at \(price) per \(unit.rawValue) = \(cost)" }
  }

  @Test(arguments: [
    // per 1K tokens (Azure gpt-image-1 / -1-mini meters)
    CostCase(price: "0.005", unit: .perThousandTokens, quantity: 50, cost: "0.00025"),
    CostCase(price: "0.04", unit: .perThousandTokens, quantity: 4160, cost: "0.1664"),
    CostCase(price: "0.008", unit: .perThousandTokens, quantity: 1056, cost: "0.008448"),
    CostCase(price: "0.01056", unit: .perThousandTokens, quantity: 1056, cost: "0.01115136"),
    CostCase(price: "0.000264", unit: .perThousandTokens, quantity: 1, cost: "0.000000264"),
    // per 1M tokens
    CostCase(price: "40.00", unit: .perMillionTokens, quantity: 4160, cost: "0.1664"),
    CostCase(price: "5.00", unit: .perMillionTokens, quantity: 50_000, cost: "0.25"),
    CostCase(price: "30.00", unit: .perMillionTokens, quantity: 7024, cost: "0.21072"),
    CostCase(price: "32.00", unit: .perMillionTokens, quantity: 6208, cost: "0.198656"),
    CostCase(price: "40.00", unit: .perMillionTokens, quantity: 4_160_000, cost: "166.40"),
    // needs rounding: 1 token at $0.6875/1M = 687.5 nano-dollars → 688 (tie, 687 is odd → even 688)
    CostCase(price: "0.6875", unit: .perMillionTokens, quantity: 1, cost: "0.000000688"),
    // 3 tokens = 2062.5 nanos → 2062 (tie, even below)
    CostCase(price: "0.6875", unit: .perMillionTokens, quantity: 3, cost: "0.000002062"),
    // 1 token at $0.0005/1M = 0.5 nanos → 0 (tie to even)
    CostCase(price: "0.0005", unit: .perMillionTokens, quantity: 1, cost: "0.00"),
    // 1 token at $0.0015/1M = 1.5 nanos → 2
    CostCase(price: "0.0015", unit: .perMillionTokens, quantity: 1, cost: "0.000000002"),
    // 1 token at $0.0014/1M = 1.4 nanos → 1; $0.0016 = 1.6 → 2
    CostCase(price: "0.0014", unit: .perMillionTokens, quantity: 1, cost: "0.000000001"),
    CostCase(price: "0.0016", unit: .perMillionTokens, quantity: 1, cost: "0.000000002"),
    // per image (OpenAI DALL·E)
    CostCase(price: "0.040", unit: .perImage, quantity: 1, cost: "0.04"),
    CostCase(price: "0.120", unit: .perImage, quantity: 1000, cost: "120.00"),
    // per 100 images (Azure DALL·E meters)
    CostCase(price: "4.84", unit: .perHundredImages, quantity: 1, cost: "0.0484"),
    CostCase(price: "14.52", unit: .perHundredImages, quantity: 1, cost: "0.1452"),
    CostCase(price: "2.00", unit: .perHundredImages, quantity: 250, cost: "5.00"),
    // 1 image at 0.000000150 per 100 = 1.5 nanos → 2; at 0.000000250 = 2.5 → 2
    CostCase(price: "0.00000015", unit: .perHundredImages, quantity: 1, cost: "0.000000002"),
    CostCase(price: "0.00000025", unit: .perHundredImages, quantity: 1, cost: "0.000000002"),
  ])
  func cost(of c: CostCase) {
    #expect(Self.price(c.price, c.unit).cost(of: c.quantity).decimalString == c.cost)
  }

  @Test func zeroQuantityCostsNothing() {
    #expect(Self.price("40.00", .perMillionTokens).cost(of: 0) == .zero)
  }

  @Test func largeQuantityDoesNotOverflow() {
    // 1 billion images at $0.12: $120,000,000 — the product passes through 128 bits.
    #expect(Self.price("0.120", .perImage).cost(of: 1_000_000_000).decimalString == "120000000.00")
    // 10^12 tokens at $40/1M = $40,000,000.
    #expect(Self.price("40.00", .perMillionTokens).cost(of: 1_000_000_000_000).decimalString == "40000000.00")
  }

  @Test(arguments: [
    ("0.005", PriceUnit.perThousandTokens, "5.00", "per 1M tokens"),
    ("0.00125", .perThousandTokens, "1.25", "per 1M tokens"),
    ("0.001375", .perThousandTokens, "1.375", "per 1M tokens"),
    ("0.000264", .perThousandTokens, "0.264", "per 1M tokens"),
    ("0.01056", .perThousandTokens, "10.56", "per 1M tokens"),
    ("0.0002", .perThousandTokens, "0.20", "per 1M tokens"),
    ("0.6875", .perMillionTokens, "0.6875", "per 1M tokens"),
    ("30.00", .perMillionTokens, "30.00", "per 1M tokens"),
    ("4.84", .perHundredImages, "0.0484", "per image"),
    ("12.00", .perHundredImages, "0.12", "per image"),
    ("2.00", .perHundredImages, "0.02", "per image"),
    ("0.040", .perImage, "0.04", "per image"),
    ("0.018", .perImage, "0.018", "per image"),
  ])
  func normalizedText(price: String, unit: PriceUnit, text: String, normalizedUnit: String) {
    let p = Self.price(price, unit)
    #expect(p.normalizedText == text)
    #expect(p.normalizedUnit == normalizedUnit)
  }

  @Test func publishedText() {
    #expect(Self.price("0.005", .perThousandTokens).publishedText == "0.005 per 1K tokens")
    #expect(Self.price("4.84", .perHundredImages).publishedText == "4.84 per 100 images")
  }

  @Test(arguments: [
    (PriceUnit.perMillionTokens, Int64(1_000_000), true), (.perThousandTokens, 1_000, true), (.perImage, 1, false),
    (.perHundredImages, 100, false),
  ])
  func unitBlocks(unit: PriceUnit, block: Int64, isTokens: Bool) {
    #expect(unit.block == block)
    #expect(unit.isTokens == isTokens)
  }

  @Test(arguments: [
    ("1M tokens", PriceUnit.perMillionTokens), ("1K tokens", .perThousandTokens), ("image", .perImage),
    ("100 images", .perHundredImages),
  ])
  func unitSpelling(text: String, unit: PriceUnit) {
    #expect(PriceUnit(rawValue: text) == unit)
  }
}

@Suite struct ShareTests {
  @Test(arguments: [
    ("0.25", Int64(1000), Int64(250)),
    ("1", 50, 50),
    ("0", 50, 0),
    ("0.5", 1, 0),  // 0.5 → 0 (tie to even)
    ("0.5", 3, 2),  // 1.5 → 2
    ("0.5", 5, 2),  // 2.5 → 2
    ("0.333333", 3, 1),
  ])
  func of(text: String, tokens: Int64, expected: Int64) throws {
    let share = try #require(Share(decimal: text))
    #expect(share.of(tokens) == expected)
  }

  @Test(arguments: ["1.5", "-0.1", "0.1234567", "abc", "", ".5"])
  func rejects(text: String) {
    #expect(Share(decimal: text) == nil)
  }
}

/// `Price.cost(of:)` takes a 64-bit path when the product fits; it must round exactly like the 128-bit rule.
@Suite struct PriceCostFastPathTests {
  @Test func sixtyFourBitPathEqualsTheExactRule() {
    var rng = SplitMix64(seed: 2026)
    let units: [PriceUnit] = [.perMillionTokens, .perThousandTokens, .perImage, .perHundredImages]
    for i in 0..<200_000 {
      let unit = units[i % units.count]
      // Amounts and quantities that often land exactly on a half (ties) and sometimes overflow 64 bits.
      let amount = Int64(rng.next() % 100_000_000_000) / (i % 3 == 0 ? 1_000 : 1) * (i % 5 == 0 ? 500 : 1)
      let quantity = i % 7 == 0 ? Int64(rng.next() % UInt64(Int64.max / 2)) : Int64(rng.next() % 10_000_000)
      let price = Price(amount: USD(nanos: amount), unit: unit)
      let exact = FixedPoint.divide(Int128(quantity) * Int128(amount), by: Int128(unit.block), rounding: .halfEven)
      guard exact <= Int128(Int64.max) else { continue }  // beyond any representable amount of money
      #expect(Int128(price.cost(of: quantity).nanos) == exact, "\(quantity) × \(amount) per \(unit.block)")
      if Int128(price.cost(of: quantity).nanos) != exact { return }
    }
  }
}
