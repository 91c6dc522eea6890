/// What `--fail-on-over` judges: each budget period's cost — the point estimate, or with trials the cost at the
/// chosen percentile — against its amount.
public struct BudgetGate: Hashable, Sendable {
  /// `point estimate` or `P90` (the percentile used).
  public let basis: String
  /// The periods over their budget, with the cost that was compared.
  public let over: [Period]

  public struct Period: Hashable, Sendable {
    public let label: String
    public let cost: USD
    public let amount: USD
  }

  public var tripped: Bool { !over.isEmpty }

  /// One sentence for the exit-3 message, e.g. `2 of 6 budget period(s) at the P90 are over the budget, first 2027-04 ($437.56 > $400.00)`.
  public func sentence(periods: Int) -> String {
    guard let first = over.first else { return "No budget period is over at the \(basis)." }
    return "\(over.count) of \(periods) budget period(s) at the \(basis) are over the budget, first \(first.label) "
      + "(\(first.cost.roundedToCents.display) > \(first.amount.roundedToCents.display)) (--fail-on-over)."
  }
}

extension PlanReport {
  /// The gate of the plan as written, or nil when it has no budget. With trials the cost at the report's gate
  /// percentile is compared; otherwise the point estimate.
  public var budgetGate: BudgetGate? {
    guard let budget else { return nil }
    if let odds = ranges?.budgetOdds, odds.windows.count == budget.windows.count {
      let over = zip(odds.windows, odds.costAtPercentile).filter { $1 > $0.amount }.map {
        BudgetGate.Period(label: $0.label, cost: $1, amount: $0.amount)
      }
      return BudgetGate(basis: "P\(odds.percentile)", over: over)
    }
    return BudgetGate(
      basis: "point estimate",
      over: budget.periodsOver.map { BudgetGate.Period(label: $0.window.label, cost: $0.cost, amount: $0.window.amount) })
  }
}
