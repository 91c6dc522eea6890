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
    self.init(
      min: sorted.first!, p10: RangeSummary.rank(10, sorted), p50: RangeSummary.rank(50, sorted), p90: RangeSummary.rank(90, sorted),
      max: sorted.last!)
  }

  /// The nearest-rank `percent` percentile of `values`.
  public static func percentile(_ percent: Int, of values: [USD]) -> USD { rank(percent, values.sorted()) }

  static func rank(_ percent: Int, _ sorted: [USD]) -> USD {
    let index = Swift.max(0, (percent * sorted.count + 99) / 100 - 1)
    return sorted[Swift.min(index, sorted.count - 1)]
  }
}

/// How likely the plan as written is to go over its budget, from the same trials as the ranges.
public struct BudgetOdds: Hashable, Sendable {
  /// The budget's periods, in order.
  public let windows: [BudgetWindow]
  /// Per period: the trials in which its cost exceeded its amount.
  public let overTrials: [Int]
  /// Trials in which any period was over.
  public let planOverTrials: Int
  /// The percentile `--fail-on-over` gates on (`--fail-percentile`).
  public let percentile: Int
  /// Per period: its cost at ``percentile`` (nearest rank, over the kept samples).
  public let costAtPercentile: [USD]

  /// `count` of `trials` as a probability in [0, 1].
  public static func probability(_ count: Int, of trials: Int) -> Double { trials > 0 ? Double(count) / Double(trials) : 0 }

  /// A probability as a percentage with one decimal, e.g. `12.5%`.
  public static func percentText(_ count: Int, of trials: Int) -> String {
    let tenths = FixedPoint.divide(Int128(count) * 1_000, by: Int128(Swift.max(trials, 1)), rounding: .halfEven)
    return FixedPoint.format(tenths, scale: 1, minimumFractionDigits: 1) + "%"
  }

  /// A probability as an exact decimal with up to 6 places, e.g. `0.125` (for JSON and CSV).
  public static func decimalText(_ count: Int, of trials: Int) -> String {
    let ppm = FixedPoint.divide(Int128(count) * 1_000_000, by: Int128(Swift.max(trials, 1)), rounding: .halfEven)
    return FixedPoint.format(ppm, scale: 6, minimumFractionDigits: 1)
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
  /// The odds of going over the budget, when the plan has one.
  public var budgetOdds: BudgetOdds?

  public init(trials: Int, seed: UInt64, total: RangeSummary, monthly: [RangeSummary], drivers: [String]) {
    self.trials = trials
    self.seed = seed
    self.total = total
    self.monthly = monthly
    self.drivers = drivers
  }
}
