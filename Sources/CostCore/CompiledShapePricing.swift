/// A rate plan's pricing in plain values: its token rates (and why a look-up failed), the output split
/// rule's expected image tokens and the assumption lists of the last four sets of components used. It
/// answers exactly as ``ShapePriceTable/price(plan:status:usage:)``'s general path, or declines.
package struct CompiledShapePricing: Sendable {
  /// Slots with a rate, and slots whose rate look-up failed (a record using one is unpriced with its reason).
  var rated: UInt8 = 0
  var failed: UInt8 = 0
  /// Whether the model has text output (usage without output details is split by the token table).
  var splitsOutput = false
  /// Expected image output tokens for the split; −1 when the token table has none.
  var expected: Int64 = -1
  var amounts = ComponentVector()
  var blocks = ComponentVector()
  /// Per failed slot, the reason (index) its rate look-up failed.
  var failureReasons = ComponentVector()
  /// The components-used keys (with the split flag) and assumption lists of the last four sets of
  /// components priced the general way (records of one shape differ by whether they have text output
  /// and output details).
  var lastUsed: (UInt16, UInt16, UInt16, UInt16) = (.max, .max, .max, .max)
  var lastList: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)

  init() {}

  /// Writes the priced line of a record with `usage` into `line`; false (and `line` unspecified) when
  /// the general path must answer. `disagrees` (1 or 0) says whether the record's request fails a
  /// capability check (its own, not the rate plan's).
  @inline(__always) func price(_ usage: ImageUsage, disagrees: Int64, into line: inout PricedLine) -> Bool {
    if usage.outputImageTokens == nil, splitsOutput, expected < 0 { return false }
    let (quantities, split) = ComponentVector.quantities(of: usage) { splitsOutput ? expected : nil }
    // Components used: those with a positive quantity (only the four token lanes can be non-zero).
    var used: UInt16 = 0
    var tokens = ComponentVector()
    for slot in 0..<8 where quantities[slot] > 0 {
      used |= 1 << slot
      tokens[slot] = quantities[slot]
    }
    let failing = UInt8(truncatingIfNeeded: used) & failed
    guard failing == 0 else {
      // The general path stops at the first used component without a rate: unpriced, with its reason.
      line = PricedLine(basis: .unpriced, reason: Int32(failureReasons[failing.trailingZeroBitCount]))
      return true
    }
    let key = used | (split ? 1 << 15 : 0)
    let assumptions: Int32
    if key == lastUsed.0 {
      assumptions = lastList.0
    } else if key == lastUsed.1 {
      assumptions = lastList.1
    } else if key == lastUsed.2 {
      assumptions = lastList.2
    } else if key == lastUsed.3 {
      assumptions = lastList.3
    } else {
      return false
    }
    line.basis = .priced
    line.reason = -1
    line.assumptions = assumptions
    line.componentMask = UInt8(truncatingIfNeeded: used)
    line.tokens = tokens
    var costs = ComponentVector()
    var total: Int64 = 0
    var priced = UInt8(truncatingIfNeeded: used) & rated
    while priced != 0 {
      let slot = priced.trailingZeroBitCount
      priced &= priced - 1
      let value = Price.cost(of: quantities[slot], amount: amounts[slot], block: blocks[slot])
      costs[slot] = value
      total += value
    }
    costs[ComponentVector.disagreement] = disagrees
    line.components = costs
    line.cost = total
    return true
  }
}
