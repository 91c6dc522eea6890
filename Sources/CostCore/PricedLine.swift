/// The priced result of one record in fixed-size form: what the replay hot path adds up without
/// allocating. Strings (the unpriced reason, the assumption ids) are indices into ``ShapePriceTable``.
package struct PricedLine: Sendable {
  package var basis: ReplayBasis
  package var cost: Int64 = 0
  package var components = ComponentVector()
  /// Components priced, even at $0 (an unmetered component), as bits of `ComponentKind.allCases` order.
  package var componentMask: UInt8 = 0
  package var tokens = ComponentVector()
  /// Index in ``ShapePriceTable/reasons`` when unpriced.
  package var reason: Int32 = -1
  /// Index in ``ShapePriceTable/assumptionLists``.
  package var assumptions: Int32 = 0

  package init(basis: ReplayBasis, cost: Int64 = 0, reason: Int32 = -1, assumptions: Int32 = 0) {
    self.basis = basis
    self.cost = cost
    self.reason = reason
    self.assumptions = assumptions
  }
}
