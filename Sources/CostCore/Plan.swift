/// A calendar month such as `2026-12`.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init?(year: Int, month: Int) {
    guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// Parses `YYYY-MM`.
  public init?(_ text: String) {
    guard text.count == 7, let date = CivilDate(text + "-01") else { return nil }
    self.init(year: date.year, month: date.month)
  }

  public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
  public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))! }
  public var days: Int { CivilDate.daysInMonth(year: year, month: month) }

  /// The month `date` falls in.
  public init(containing date: CivilDate) {
    year = date.year
    month = date.month
  }

  /// The day after the month's last day (10000-01-01 after 9999-12, a day `CivilDate` holds but does not
  /// parse), without the trap of ``adding(months:)`` past year 9999: a FOCUS billing period's end.
  public var dayAfter: CivilDate { CivilDate(daysSinceEpoch: firstDay.daysSinceEpoch + days) }

  public func adding(months count: Int) -> YearMonth {
    let index = year * 12 + (month - 1) + count
    return YearMonth(year: index / 12, month: index % 12 + 1)!
  }

  public var description: String { String(firstDay.description.prefix(7)) }
  public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// The period a volume is stated in.
public enum VolumePeriod: String, Hashable, Sendable {
  case month
  case week
  case day
}

/// How many images a workload needs: a base per period with compound monthly growth, optionally
/// scaled (a pipeline stage needs `per_final ÷ acceptance` images per final).
public struct Volume: Hashable, Sendable {
  /// Images (or finals, for a pipeline) per ``period`` in the first month.
  public let base: Int64
  public let period: VolumePeriod
  /// Compound growth per month in parts per million (100,000 = +10 % a month); may be negative.
  public let growthPPMPerMonth: Int64
  /// Images per unit of base = numerator ÷ denominator, rounded up per month (1 ÷ 1 for plain workloads).
  public let multiplierNumerator: Int64
  public let multiplierDenominator: Int64

  public init(
    base: Int64, period: VolumePeriod = .month, growthPPMPerMonth: Int64 = 0, multiplierNumerator: Int64 = 1,
    multiplierDenominator: Int64 = 1
  ) {
    self.base = base
    self.period = period
    self.growthPPMPerMonth = growthPPMPerMonth
    self.multiplierNumerator = multiplierNumerator
    self.multiplierDenominator = multiplierDenominator
  }

  /// A monthly volume.
  public init(imagesPerMonth: Int64, growthPPMPerMonth: Int64 = 0) {
    self.init(base: imagesPerMonth, growthPPMPerMonth: growthPPMPerMonth)
  }

  /// Base units in month `index` (0-based) of `month`: the previous month's per-period base ×
  /// (1 + growth), rounded half-even each month; then × the month's days (per day) or × days ÷ 7
  /// (per week, half-even). Returns nil on overflow.
  public func baseUnits(inMonth index: Int, of month: YearMonth) -> Int64? {
    var value = Int128(base)
    for _ in 0..<index {
      value = FixedPoint.divide(value * Int128(1_000_000 + growthPPMPerMonth), by: 1_000_000, rounding: .halfEven)
      if value > Int128(Int64.max) / 1_000_000_000 { return nil }
    }
    switch period {
    case .month: break
    case .day: value *= Int128(month.days)
    case .week: value = FixedPoint.divide(value * Int128(month.days), by: 7, rounding: .halfEven)
    }
    return Int64(value)
  }

  /// Images in month `index` (0-based) of `month`: base units × multiplier, rounded up.
  public func images(inMonth index: Int, of month: YearMonth) -> Int64? {
    guard let units = baseUnits(inMonth: index, of: month) else { return nil }
    let numerator = Int128(units) * Int128(multiplierNumerator)
    let images = (numerator + Int128(multiplierDenominator) - 1) / Int128(multiplierDenominator)
    return images > Int128(Int64.max) / 1_000 ? nil : Int64(images)
  }
}

/// Where a workload sits in a draft→final pipeline.
public struct PipelineStage: Hashable, Sendable {
  /// The pipeline's id (the plan's workload key).
  public let pipeline: String
  public let stage: String
  public let isFinal: Bool
  /// Images of this stage per attempted final.
  public let perFinal: Int64
  /// Share of attempted finals that are accepted, in parts per million.
  public let acceptancePPM: Int64
  /// `acceptance_rate: {with_refinement, without}`: the acceptance without the pipeline's refine stage, which makes
  /// imagecost price the pipeline without it as a candidate.
  public var acceptanceWithoutRefinementPPM: Int64?

  public init(pipeline: String, stage: String, isFinal: Bool, perFinal: Int64, acceptancePPM: Int64) {
    self.pipeline = pipeline
    self.stage = stage
    self.isFinal = isFinal
    self.perFinal = perFinal
    self.acceptancePPM = acceptancePPM
  }
}

/// One workload of a plan: a request shape and how many images a month it produces.
/// What a plan does in the months after a workload's model is retired on its provider.
public enum OnRetirement: String, Hashable, Sendable, CaseIterable {
  /// The workload cannot run from that month: a candidate doing so is infeasible (the default).
  case infeasible
  /// The workload moves to the model's successor from that month, shown as a model change.
  case successor
}

public struct Workload: Hashable, Sendable {
  /// What happens from the month its model is retired (nil: the plan's default).
  public var onRetirement: OnRetirement?
  public let id: String
  /// The request shape (model, quality, size, n, inputs, prompt…); provider fields may be nil (plan defaults).
  public var request: ImageRequest
  public var volume: Volume
  /// Share of requests that fail and are retried.
  public let retryRate: Share?
  /// Whether failed attempts are billed (a named assumption when not stated).
  public let failuresBilled: Bool
  public let tags: [String: String]
  /// Ranges of the uncertain inputs, for Monte Carlo trials.
  public var uncertainty: Uncertainty
  /// Set for a stage of a draft→final pipeline.
  public let pipeline: PipelineStage?
  /// Set for a prompt-refinement stage (`kind: refine`): text-model calls instead of image requests; `request`
  /// then carries only the text model's id and the provider fields.
  public var refine: RefineStage?

  public init(
    id: String, request: ImageRequest, volume: Volume, retryRate: Share?, failuresBilled: Bool, tags: [String: String],
    uncertainty: Uncertainty = Uncertainty(), pipeline: PipelineStage? = nil
  ) {
    self.pipeline = pipeline
    self.uncertainty = uncertainty
    self.id = id
    self.request = request
    self.volume = volume
    self.retryRate = retryRate
    self.failuresBilled = failuresBilled
    self.tags = tags
  }
}

/// A distribution of a whole-number input.
public enum TokenDistribution: Hashable, Sendable {
  /// Uniform on `min...max`.
  case uniform(min: Int, max: Int)
  /// Normal with mean and standard deviation, truncated at zero.
  case normal(mean: Int, sd: Int)
  /// Drawn from observed counts (a file of sample prompts), each equally likely.
  case empirical([Int])

  /// The value used for the point estimate: the mean (uniform: the midpoint, rounded half-even).
  public var pointValue: Int {
    switch self {
    case .uniform(let min, let max): return Int(FixedPoint.divide(Int128(min) + Int128(max), by: 2, rounding: .halfEven))
    case .normal(let mean, _): return mean
    case .empirical(let counts):
      guard !counts.isEmpty else { return 0 }
      return Int(FixedPoint.divide(counts.reduce(Int128(0)) { $0 + Int128($1) }, by: Int128(counts.count), rounding: .halfEven))
    }
  }

  public var description: String {
    switch self {
    case .uniform(let min, let max): return "uniform \(min)–\(max)"
    case .normal(let mean, let sd): return "normal mean \(mean), sd \(sd)"
    case .empirical(let counts): return "\(counts.count) sample prompts, \(counts.min() ?? 0)–\(counts.max() ?? 0) tokens"
    }
  }
}

/// What a workload leaves uncertain (each nil means the point value is certain).
public struct Uncertainty: Hashable, Sendable {
  public var promptTokens: TokenDistribution?
  /// Retry share range (uniform), in parts per million.
  public var retryRange: ClosedRange<Int64>?
  /// The volume per period (images, or finals of a pipeline), drawn afresh for every month of a trial.
  public var volume: ValueDistribution?
  /// Growth per month as a share (0.1 = +10 %), drawn once per trial per workload (pipeline).
  public var growth: ValueDistribution?
  /// A pipeline's acceptance rate as a share, drawn once per trial per pipeline.
  public var acceptance: ValueDistribution?
  /// A refine stage's rounds per final, drawn once per trial.
  public var refineRounds: ValueDistribution?
  /// A refine stage's input and output tokens per call, drawn once per trial (from the same sample conversation
  /// when both come from a `conversation_file`).
  public var refineInput: TokenDistribution?
  public var refineOutput: TokenDistribution?

  public init(promptTokens: TokenDistribution? = nil, retryRange: ClosedRange<Int64>? = nil) {
    self.promptTokens = promptTokens
    self.retryRange = retryRange
  }
}

/// An alternative to price the same workloads under: any field set replaces the workload's.
public struct Candidate: Hashable, Sendable {
  public let id: String
  public let model: String?
  public let quality: String?
  public let size: ImageSize?
  public let provider: String?
  public let deploymentType: String?
  public let region: String?

  public init(id: String, model: String?, quality: String?, size: ImageSize?, provider: String?, deploymentType: String?, region: String?) {
    self.id = id
    self.model = model
    self.quality = quality
    self.size = size
    self.provider = provider
    self.deploymentType = deploymentType
    self.region = region
  }

  /// `request` with this candidate's overrides applied.
  public func apply(to request: ImageRequest) -> ImageRequest {
    var r = request
    if let model { r.model = model }
    if let quality { r.quality = quality }
    if let size { r.size = size }
    if let provider { r.provider = provider }
    if let deploymentType { r.deploymentType = deploymentType }
    if let region { r.region = region }
    // Edit-only settings do not carry to a model that rejects them; the pricer reports the conflict.
    return r
  }
}

/// The period a budget amount is stated for.
public enum BudgetPeriod: String, Hashable, Sendable, CaseIterable {
  /// Every calendar month of the plan.
  case month
  /// Every calendar quarter the plan touches; a quarter only partly inside the plan gets the budget pro rata.
  case quarter
  /// The whole plan.
  case total
}

/// One period of a budget within a plan: months `first...last` (indices into the plan's months) and its amount.
public struct BudgetWindow: Hashable, Sendable {
  /// `2026-12`, `2027-Q1` or `total`.
  public let label: String
  public let first: Int
  public let last: Int
  public let amount: USD
}

/// A budget in USD per period.
public struct Budget: Hashable, Sendable {
  public let amount: USD
  public let period: BudgetPeriod

  public init(amount: USD, period: BudgetPeriod = .month) {
    self.amount = amount
    self.period = period
  }

  public init(amountPerMonth: USD) { self.init(amount: amountPerMonth, period: .month) }

  /// The amount spread evenly over a month of the period (quarter ÷ 3, total ÷ the plan's months), half-even: the
  /// line drawn on monthly charts and the base of the affordable volume.
  public func monthlyEquivalent(months: Int) -> USD {
    switch period {
    case .month: return amount
    case .quarter: return USD(nanos: Int64(FixedPoint.divide(Int128(amount.nanos), by: 3, rounding: .halfEven)))
    case .total: return USD(nanos: Int64(FixedPoint.divide(Int128(amount.nanos), by: Int128(max(months, 1)), rounding: .halfEven)))
    }
  }

  /// The budget's periods over `months` (consecutive, in order). A calendar quarter the plan covers only in part
  /// gets amount × its months in the plan ÷ 3, rounded half-even to the nano-dollar.
  public func windows(of months: [YearMonth]) -> [BudgetWindow] {
    guard !months.isEmpty else { return [] }
    switch period {
    case .month:
      return months.enumerated().map { BudgetWindow(label: $1.description, first: $0, last: $0, amount: amount) }
    case .total:
      return [BudgetWindow(label: "total", first: 0, last: months.count - 1, amount: amount)]
    case .quarter:
      var windows: [BudgetWindow] = []
      var first = 0
      for index in months.indices {
        let quarter = (months[index].month - 1) / 3
        let endsQuarter = index == months.count - 1 || (months[index + 1].month - 1) / 3 != quarter || months[index + 1].year != months[index].year
        guard endsQuarter else { continue }
        let share = Int128(index - first + 1)
        windows.append(
          BudgetWindow(
            label: "\(months[index].year)-Q\(quarter + 1)", first: first, last: index,
            amount: USD(nanos: Int64(FixedPoint.divide(Int128(amount.nanos) * share, by: 3, rounding: .halfEven)))))
        first = index + 1
      }
      return windows
    }
  }
}

/// How load spreads over time, for the capacity check against rate limits.
public struct CapacityProfile: Hashable, Sendable {
  /// Hours a day during which the month's requests are sent (1–24).
  public let activeHoursPerDay: Int
  /// Peak-to-average ratio within active hours, in parts per million (1,000,000 = no peak).
  public let peakFactorPPM: Int64
  /// Rate-limit tier to compare with (`default`, `enterprise`, `tier-1` …).
  public let tier: String
  /// Per-model overrides of the limit (same unit as the price book's limit).
  public let limitOverrides: [String: Int]
  /// True when the plan stated no profile and the neutral one (24 h, no peak) is used.
  public let isDefault: Bool

  public init(
    activeHoursPerDay: Int = 24, peakFactorPPM: Int64 = 1_000_000, tier: String = "default", limitOverrides: [String: Int] = [:],
    isDefault: Bool = true
  ) {
    self.activeHoursPerDay = activeHoursPerDay
    self.peakFactorPPM = peakFactorPPM
    self.tier = tier
    self.limitOverrides = limitOverrides
    self.isDefault = isDefault
  }
}

/// A planned workload set: start month, horizon, defaults, workloads, candidates and budget.
public struct Plan: Hashable, Sendable {
  public let name: String
  public let start: YearMonth
  public let months: Int
  public let defaultProvider: String?
  public let defaultDeploymentType: String?
  public let defaultRegion: String?
  public var workloads: [Workload]
  public var candidates: [Candidate]
  public var budget: Budget?
  public let capacity: CapacityProfile
  /// Conversion for budget review, if the plan states one.
  public let currency: CurrencyConversion?
  /// `defaults.on_retirement`: what workloads do once their model is retired.
  public var onRetirement: OnRetirement = .infeasible
  /// When set (`plan --date`), every month is priced at the rates effective on this day instead of its first
  /// day; lifecycles are still judged month by month.
  public var priceDate: CivilDate? = nil

  /// The day whose rates price `month`.
  public func pricingDay(for month: YearMonth) -> CivilDate { priceDate ?? month.firstDay }

  public init(
    name: String, start: YearMonth, months: Int, defaultProvider: String?, defaultDeploymentType: String?, defaultRegion: String?,
    workloads: [Workload], candidates: [Candidate], budget: Budget?, capacity: CapacityProfile = CapacityProfile(),
    currency: CurrencyConversion? = nil
  ) {
    self.currency = currency
    self.capacity = capacity
    self.name = name
    self.start = start
    self.months = months
    self.defaultProvider = defaultProvider
    self.defaultDeploymentType = defaultDeploymentType
    self.defaultRegion = defaultRegion
    self.workloads = workloads
    self.candidates = candidates
    self.budget = budget
  }

  /// A workload's request with the plan's provider defaults filled in.
  public func resolvedRequest(_ workload: Workload) -> ImageRequest {
    var r = workload.request
    if r.provider == nil { r.provider = defaultProvider }
    if r.deploymentType == nil { r.deploymentType = defaultDeploymentType }
    if r.region == nil { r.region = defaultRegion }
    return r
  }
}
