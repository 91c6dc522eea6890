import CostCore

/// The JSON form of a ``PlanReport`` (schema `imagecost.plan/1`): `plan --format json` writes its encoding and
/// `diff` decodes it, so the schema is stated here only. Amounts are exact decimal strings in USD.
public struct PlanDocument: Codable, Sendable {
  public static let schemaID = "imagecost.plan/1"

  var schema = PlanDocument.schemaID
  var name: String
  var start: String
  var months: [String]
  var currency = "USD"
  @Nullable var converted: Converted?
  var totalUSD: String
  var monthlyUSD: [MonthCost]
  var asPlanned: CandidateField
  var candidates: [CandidateField]
  var lifecycle: [LifecycleField]
  var capacity: CapacityField
  var ranges: RangesField?
  var budget: BudgetField?
  /// Per pipeline with a refine stage and an acceptance rate without it (absent otherwise).
  var refinement: [RefinementField]?
  var assumptions: [AssumptionField]
  var warnings: [String]
  var priceBook: PriceBookField

  enum CodingKeys: String, CodingKey {
    case schema, name, start, months, currency, converted
    case totalUSD = "total_usd"
    case monthlyUSD = "monthly_usd"
    case asPlanned = "as_planned"
    case candidates, lifecycle, capacity, ranges, budget, refinement, assumptions, warnings
    case priceBook = "price_book"
  }

  /// The figures in another currency, at a stated rate.
  struct Converted: Codable, Sendable {
    var currency: String
    var ratePerUSD: String
    @Nullable var rateDate: String?
    var total: String
    var monthly: [MonthAmount]

    enum CodingKeys: String, CodingKey {
      case currency
      case ratePerUSD = "rate_per_usd"
      case rateDate = "rate_date"
      case total, monthly
    }
  }

  struct MonthAmount: Codable, Sendable {
    var month: String
    var cost: String
  }

  struct MonthCost: Codable, Sendable {
    var month: String
    var costUSD: String

    enum CodingKeys: String, CodingKey {
      case month
      case costUSD = "cost_usd"
    }
  }

  /// The plan as written, or one candidate.
  struct CandidateField: Codable, Sendable {
    var id: String
    var overrides: Overrides?
    var feasible: Bool
    var lifecycleStatus: String
    var infeasibleReasons: [String]
    @Nullable var totalUSD: String?
    @Nullable var savingsVsPlanUSD: String?
    var lines: [Line]

    enum CodingKeys: String, CodingKey {
      case id, overrides, feasible
      case lifecycleStatus = "lifecycle_status"
      case infeasibleReasons = "infeasible_reasons"
      case totalUSD = "total_usd"
      case savingsVsPlanUSD = "savings_vs_plan_usd"
      case lines
    }

    /// What a candidate changes (only what it sets).
    struct Overrides: Codable, Sendable {
      var model: String?
      var quality: String?
      var size: String?
      var provider: String?
      var deploymentType: String?
      var region: String?

      enum CodingKeys: String, CodingKey {
        case model, quality, size, provider
        case deploymentType = "deployment_type"
        case region
      }
    }

    /// One month of one workload.
    struct Line: Codable, Sendable {
      var month: String
      var workload: String
      var model: String
      var images: Int64
      var requests: Int64
      var billedRetries: Int64
      var components: OrderedFields<String>
      var costUSD: String
      var estimate: Bool

      enum CodingKeys: String, CodingKey {
        case month, workload, model, images, requests
        case billedRetries = "billed_retries"
        case components
        case costUSD = "cost_usd"
        case estimate
      }
    }
  }

  /// A workload whose model retires within the plan.
  struct LifecycleField: Codable, Sendable {
    var month: String
    var workload: String
    var model: String
    var provider: String
    var retired: String
    @Nullable var successor: String?
    @Nullable var movedTo: String?

    enum CodingKeys: String, CodingKey {
      case month, workload, model, provider, retired, successor
      case movedTo = "moved_to"
    }
  }

  struct CapacityField: Codable, Sendable {
    var activeHoursPerDay: Int
    var peakFactor: String
    var tier: String
    var flags: [Flag]

    enum CodingKeys: String, CodingKey {
      case activeHoursPerDay = "active_hours_per_day"
      case peakFactor = "peak_factor"
      case tier, flags
    }

    /// A month in which a workload needs more than its rate limit.
    struct Flag: Codable, Sendable {
      var month: String
      var workload: String
      var model: String
      var neededPerMinute: String
      var limit: Int
      var unit: String
      var tier: String
      var deploymentsNeeded: Int64
      var source: String

      enum CodingKeys: String, CodingKey {
        case month, workload, model
        case neededPerMinute = "needed_per_minute"
        case limit, unit, tier
        case deploymentsNeeded = "deployments_needed"
        case source
      }
    }
  }

  /// Monte Carlo ranges (only with `--trials`).
  struct RangesField: Codable, Sendable {
    var trials: Int
    var seed: UInt64
    var total: Summary
    var monthly: [Month]
    var drivers: [String]

    struct Summary: Codable, Sendable {
      var minUSD: String
      var p10USD: String
      var p50USD: String
      var p90USD: String
      var maxUSD: String

      enum CodingKeys: String, CodingKey {
        case minUSD = "min_usd"
        case p10USD = "p10_usd"
        case p50USD = "p50_usd"
        case p90USD = "p90_usd"
        case maxUSD = "max_usd"
      }

      init(_ s: RangeSummary) {
        (minUSD, p10USD, p50USD, p90USD, maxUSD) = (
          s.min.decimalString, s.p10.decimalString, s.p50.decimalString, s.p90.decimalString, s.max.decimalString
        )
      }
    }

    struct Month: Codable, Sendable {
      var month: String
      var range: Summary
    }
  }

  /// The budget check (only when the plan has a budget).
  struct BudgetField: Codable, Sendable {
    var amountPerMonthUSD: String
    var monthsOver: [String]
    @Nullable var firstCrossing: String?
    var affordableImagesPerMonth: OrderedFields<Int64>
    /// `month`, `quarter` or `total`, and the amount per period (absent in reports before budget periods).
    var period: String?
    var amountUSD: String?
    var periods: [Period]?
    /// With trials: the share of trials in which any period was over, and the percentile `--fail-on-over` used.
    var pPlanOver: String?
    var gatePercentile: Int?

    enum CodingKeys: String, CodingKey {
      case amountPerMonthUSD = "amount_per_month_usd"
      case monthsOver = "months_over"
      case firstCrossing = "first_crossing"
      case affordableImagesPerMonth = "affordable_images_per_month"
      case period
      case amountUSD = "amount_usd"
      case periods
      case pPlanOver = "p_plan_over"
      case gatePercentile = "gate_percentile"
    }

    /// One budget period with the plan's cost in it.
    struct Period: Codable, Sendable {
      var period: String
      var firstMonth: String
      var lastMonth: String
      var budgetUSD: String
      var costUSD: String
      var over: Bool
      var pOver: String?
      var costAtGatePercentileUSD: String?

      enum CodingKeys: String, CodingKey {
        case period
        case firstMonth = "first_month"
        case lastMonth = "last_month"
        case budgetUSD = "budget_usd"
        case costUSD = "cost_usd"
        case over
        case pOver = "p_over"
        case costAtGatePercentileUSD = "cost_at_gate_percentile_usd"
      }
    }
  }

  /// Whether a pipeline's refine stage pays for itself.
  struct RefinementField: Codable, Sendable {
    var pipeline: String
    var candidate: String
    var withRefinementUSD: String
    var refinementUSD: String
    @Nullable var withoutRefinementUSD: String?
    var acceptanceWith: String
    var acceptanceWithout: String
    @Nullable var pays: Bool?
    var summary: String

    enum CodingKeys: String, CodingKey {
      case pipeline, candidate
      case withRefinementUSD = "with_refinement_usd"
      case refinementUSD = "refinement_usd"
      case withoutRefinementUSD = "without_refinement_usd"
      case acceptanceWith = "acceptance_with"
      case acceptanceWithout = "acceptance_without"
      case pays, summary
    }
  }
}

extension PlanDocument {
  /// The document of `report`.
  public init(_ report: PlanReport) {
    let plan = report.plan
    func candidate(_ r: CandidateResult) -> CandidateField {
      CandidateField(
        id: r.id,
        overrides: r.candidate.map { c in
          .init(
            model: c.model, quality: c.quality, size: c.size?.description, provider: c.provider, deploymentType: c.deploymentType,
            region: c.region)
        },
        feasible: r.isFeasible, lifecycleStatus: r.lifecycle.rawValue, infeasibleReasons: r.infeasible,
        totalUSD: r.isFeasible ? r.total.decimalString : nil,
        savingsVsPlanUSD: r.isFeasible && r.id != report.asPlanned.id ? report.savings(r).decimalString : nil,
        lines: r.lines.map { line in
          .init(
            month: line.month.description, workload: line.workload, model: line.model, images: line.images, requests: line.requests,
            billedRetries: line.billedRetries,
            components: OrderedFields(line.components.keys.sorted().map { ($0.rawValue, line.components[$0]!.decimalString) }),
            costUSD: line.cost.decimalString, estimate: line.isEstimate)
        })
    }
    self.init(
      name: plan.name, start: plan.start.description, months: report.months.map(\.description),
      converted: report.currency.map { fx in
        Converted(
          currency: fx.code, ratePerUSD: fx.rateText, rateDate: fx.date?.description, total: fx.decimalString(report.asPlanned.total),
          monthly: report.months.map { MonthAmount(month: $0.description, cost: fx.decimalString(report.asPlanned.cost(in: $0))) })
      },
      totalUSD: report.asPlanned.total.decimalString,
      monthlyUSD: report.months.map { MonthCost(month: $0.description, costUSD: report.asPlanned.cost(in: $0).decimalString) },
      asPlanned: candidate(report.asPlanned), candidates: report.candidates.map(candidate),
      lifecycle: report.lifecycle.map {
        LifecycleField(
          month: $0.month.description, workload: $0.workload, model: $0.model, provider: $0.provider, retired: $0.retired.description,
          successor: $0.successor, movedTo: $0.movedTo)
      },
      capacity: CapacityField(
        activeHoursPerDay: plan.capacity.activeHoursPerDay,
        peakFactor: FixedPoint.format(Int128(plan.capacity.peakFactorPPM), scale: 6, minimumFractionDigits: 1), tier: plan.capacity.tier,
        flags: report.capacity.map {
          .init(
            month: $0.month.description, workload: $0.workload, model: $0.model, neededPerMinute: $0.neededText, limit: $0.limit,
            unit: $0.unit, tier: $0.tier, deploymentsNeeded: $0.deploymentsNeeded, source: $0.source)
        }),
      ranges: report.ranges.map { r in
        RangesField(
          trials: r.trials, seed: r.seed, total: .init(r.total),
          monthly: zip(report.months, r.monthly).map { .init(month: $0.description, range: .init($1)) }, drivers: r.drivers)
      },
      budget: report.budget.map { b in
        let odds = report.ranges?.budgetOdds
        let trials = report.ranges?.trials ?? 0
        return BudgetField(
          amountPerMonthUSD: b.amountPerMonth.decimalString, monthsOver: b.monthsOver.map(\.description),
          firstCrossing: b.firstCrossing?.description, affordableImagesPerMonth: OrderedFields(b.affordableImagesPerMonth),
          period: b.budget.period.rawValue, amountUSD: b.budget.amount.decimalString,
          periods: b.windows.enumerated().map { index, w in
            BudgetField.Period(
              period: w.window.label, firstMonth: report.months[w.window.first].description, lastMonth: report.months[w.window.last].description,
              budgetUSD: w.window.amount.decimalString, costUSD: w.cost.decimalString, over: w.isOver,
              pOver: odds.map { BudgetOdds.decimalText($0.overTrials[index], of: trials) },
              costAtGatePercentileUSD: odds?.costAtPercentile[index].decimalString)
          }, pPlanOver: odds.map { BudgetOdds.decimalText($0.planOverTrials, of: trials) }, gatePercentile: odds?.percentile)
      },
      refinement: report.refinement.isEmpty
        ? nil
        : report.refinement.map { r in
          RefinementField(
            pipeline: r.pipeline, candidate: r.candidateID, withRefinementUSD: r.withRefinement.decimalString,
            refinementUSD: r.refinementCost.decimalString, withoutRefinementUSD: r.withoutRefinement?.decimalString,
            acceptanceWith: r.acceptanceWith.description, acceptanceWithout: r.acceptanceWithout.description, pays: r.saving.map { $0.nanos > 0 },
            summary: r.sentence)
        },
      assumptions: report.assumptions.map(AssumptionField.init), warnings: report.warnings,
      priceBook: PriceBookField(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge))
  }
}

extension PlanDocument {
  /// The document as imagecost writes it: two-space indentation, keys in schema order, a trailing newline.
  public func renderedJSON() -> String { JSONValueEncoder.encode(self).rendered() }
}
