/// Percentiles of a simulated cost across Monte Carlo trials.
public struct RangeSummary: Hashable, Sendable {
  public let min: USD
  public let p10: USD
  public let p50: USD
  public let p90: USD
  public let max: USD

  public init(min: USD, p10: USD, p50: USD, p90: USD, max: USD) {
    self.min = min
    self.p10 = p10
    self.p50 = p50
    self.p90 = p90
    self.max = max
  }

  /// Nearest-rank percentiles of `values` (sorted in place).
  public init(values: [USD]) {
    let sorted = values.sorted()
    precondition(!sorted.isEmpty, "a range needs at least one trial")
    func rank(_ percent: Int) -> USD {
      let index = Swift.max(0, (percent * sorted.count + 99) / 100 - 1)
      return sorted[Swift.min(index, sorted.count - 1)]
    }
    self.init(min: sorted.first!, p10: rank(10), p50: rank(50), p90: rank(90), max: sorted.last!)
  }
}

/// Monte Carlo ranges of a plan's cost as written.
public struct PlanRanges: Hashable, Sendable {
  public let trials: Int
  public let seed: UInt64
  public let total: RangeSummary
  /// One summary per plan month, in month order.
  public let monthly: [RangeSummary]
  /// Human sentences naming the uncertain inputs that drive the spread.
  public let drivers: [String]

  public init(trials: Int, seed: UInt64, total: RangeSummary, monthly: [RangeSummary], drivers: [String]) {
    self.trials = trials
    self.seed = seed
    self.total = total
    self.monthly = monthly
    self.drivers = drivers
  }
}
