/// One workload in one month under one candidate.
public struct PlanMonthLine: Hashable, Sendable {
  public let month: YearMonth
  public let workload: String
  public let images: Int64
  /// Requests sent: images ÷ n (rounded up).
  public let requests: Int64
  /// Retried attempts that are billed (0 when failures are not billed).
  public let billedRetries: Int64
  /// Cost by component for all billed requests of the month.
  public let components: [ComponentKind: USD]
  public let cost: USD
  public let isEstimate: Bool
  /// The priced lines behind the month (quantities for all billed requests, rates, sources).
  public let priced: [QuoteLine]
  /// Provider and deployment type the month was priced on.
  public let provider: String
  public let deploymentType: String
  public let region: String?
  /// The model the month was priced on (the successor's id after a move on retirement).
  public var model: String = ""
  /// The quality and size the month was priced at (nil for a refine stage's text calls, or when not set).
  public var quality: String? = nil
  public var size: ImageSize? = nil
}

/// A candidate (or the plan as written) priced over the whole horizon.
public struct CandidateResult: Hashable, Sendable {
  /// `as-planned` for the plan itself.
  public let id: String
  public let candidate: Candidate?
  /// Why the candidate cannot serve a workload: `workload: sentence`. Empty when feasible.
  public let infeasible: [String]
  public let lines: [PlanMonthLine]
  public let total: USD
  /// The worst lifecycle status of the models it prices on, month by month: `retired` when some month runs on a
  /// retired model (priced for history), `retiring` when one retires within the book's window of a month.
  public var lifecycle: LifecycleStatus = .active

  public var isFeasible: Bool { infeasible.isEmpty }

  /// Total cost of one month.
  public func cost(in month: YearMonth) -> USD { lines.filter { $0.month == month }.reduce(.zero) { $0 + $1.cost } }
  /// Images of one month.
  public func images(in month: YearMonth) -> Int64 { lines.filter { $0.month == month }.reduce(0) { $0 + $1.images } }
}

/// Whether a pipeline's refine stage pays for itself: the pipeline's cost as planned (refinement included) against
/// the candidate that drops the refine stage and accepts fewer finals.
public struct RefinementVerdict: Hashable, Sendable {
  public let pipeline: String
  /// The id of the candidate without refinement.
  public let candidateID: String
  /// Every stage of the pipeline over the plan, refinement included.
  public let withRefinement: USD
  /// The refine stage alone.
  public let refinementCost: USD
  /// The pipeline without the refine stage; nil when that candidate is infeasible.
  public let withoutRefinement: USD?
  public let acceptanceWith: Share
  public let acceptanceWithout: Share

  /// Positive when refining is cheaper than not refining.
  public var saving: USD? { withoutRefinement.map { $0 - withRefinement } }

  /// One sentence for every format.
  public var sentence: String {
    guard let without = withoutRefinement, let saving else {
      return "\(pipeline): the pipeline without refinement cannot be priced (see the candidate '\(candidateID)')."
    }
    let rates = "acceptance \(acceptanceWith) with refinement, \(acceptanceWithout) without"
    if saving.nanos > 0 {
      return "\(pipeline): refinement pays for itself — it costs \(refinementCost.roundedToCents.display) and saves "
        + "\(saving.roundedToCents.display) over the plan (\(withRefinement.roundedToCents.display) with it, \(without.roundedToCents.display) without; \(rates))."
    }
    return "\(pipeline): refinement does not pay for itself — the pipeline costs \((USD.zero - saving).roundedToCents.display) more with it "
      + "(\(withRefinement.roundedToCents.display) with, \(without.roundedToCents.display) without; \(rates))."
  }
}

/// A month in which a planned model is retired on its provider.
public struct LifecycleFlag: Hashable, Sendable {
  public let month: YearMonth
  public let workload: String
  public let model: String
  public let provider: String
  public let retired: CivilDate
  public let successor: String?
  /// The model the month is priced on instead (on_retirement: successor), nil when it is not moved.
  public var movedTo: String? = nil
}

/// A month in which one workload needs more than one deployment's published rate limit.
public struct CapacityFlag: Hashable, Sendable {
  public let month: YearMonth
  public let workload: String
  public let model: String
  /// Requests (or images, for an `ipm` limit) per minute at peak, in thousandths.
  public let neededMilliPerMinute: Int64
  public let limit: Int
  /// `rpm` or `ipm`.
  public let unit: String
  public let tier: String
  /// Deployments (or quota multiples) needed to serve the peak.
  public let deploymentsNeeded: Int64
  /// Price-book source of the limit, or `plan` for an override.
  public let source: String

  /// The needed rate as decimal text, e.g. `12.5`.
  public var neededText: String { FixedPoint.format(Int128(neededMilliPerMinute), scale: 3, minimumFractionDigits: 1) }
}

/// One budget period of the plan as written: its amount, the point estimate's cost and, with trials, the odds.
public struct BudgetWindowResult: Hashable, Sendable {
  public let window: BudgetWindow
  public let cost: USD
  public var isOver: Bool { cost > window.amount }
  /// The first month in which the period's running cost passes its amount (nil when it never does).
  public let crossing: YearMonth?
}

/// Budget check of the plan as written and of each feasible candidate.
public struct BudgetResult: Hashable, Sendable {
  public let budget: Budget
  /// The budget spread over a month (``Budget/monthlyEquivalent(months:)``): the amount itself for a monthly budget.
  public let amountPerMonth: USD
  /// Every period of the plan with the point estimate's cost.
  public let windows: [BudgetWindowResult]
  /// Months over a monthly budget, or the months of the periods that are over.
  public let monthsOver: [YearMonth]
  /// The first month in which a period's spend passes its budget.
  public let firstCrossing: YearMonth?
  /// Per candidate id: the most images a month the budget affords at the candidate's average cost
  /// per image over the horizon (rounded down).
  public let affordableImagesPerMonth: [(String, Int64)]

  public var periodsOver: [BudgetWindowResult] { windows.filter(\.isOver) }

  public static func == (lhs: BudgetResult, rhs: BudgetResult) -> Bool {
    lhs.budget == rhs.budget && lhs.windows == rhs.windows && lhs.monthsOver == rhs.monthsOver && lhs.firstCrossing == rhs.firstCrossing
      && lhs.affordableImagesPerMonth.map(\.0) == rhs.affordableImagesPerMonth.map(\.0)
      && lhs.affordableImagesPerMonth.map(\.1) == rhs.affordableImagesPerMonth.map(\.1)
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(budget) }

  /// Checks `result` (the plan as written) against `budget` month by month and period by period.
  static func check(_ budget: Budget, months: [YearMonth], result: CandidateResult, affordable: [(String, Int64)]) -> BudgetResult {
    let costs = months.map { result.cost(in: $0) }
    let windows = budget.windows(of: months).map { window -> BudgetWindowResult in
      var running = USD.zero
      var crossing: YearMonth?
      for index in window.first...window.last {
        running += costs[index]
        if crossing == nil, running > window.amount { crossing = months[index] }
      }
      return BudgetWindowResult(window: window, cost: running, crossing: crossing)
    }
    let over = windows.filter(\.isOver)
    return BudgetResult(
      budget: budget, amountPerMonth: budget.monthlyEquivalent(months: months.count), windows: windows,
      monthsOver: over.flatMap { months[$0.window.first...$0.window.last] }, firstCrossing: over.compactMap(\.crossing).min(),
      affordableImagesPerMonth: affordable)
  }
}

/// The report model of `imagecost plan`: everything every renderer needs.
public struct PlanReport: Hashable, Sendable {
  public let plan: Plan
  public let months: [YearMonth]
  public let asPlanned: CandidateResult
  /// Candidates ranked by total (feasible first, cheapest first); infeasible ones keep their reasons.
  public let candidates: [CandidateResult]
  public let lifecycle: [LifecycleFlag]
  /// Months whose peak load exceeds one deployment's rate limit.
  public let capacity: [CapacityFlag]
  public let budget: BudgetResult?
  /// Monte Carlo ranges, when trials were requested.
  public var ranges: PlanRanges?
  /// Conversion of the figures for budget review (from the plan or `--currency`/`--fx-rate`).
  public var currency: CurrencyConversion?
  public let assumptions: [Assumption]
  public let warnings: [String]
  public let priceBookFingerprint: String
  public let priceBookAsOf: CivilDate?
  /// The price book's review date and age at the plan's first month.
  public var priceBookAge: PriceBookAge?
  /// Per pipeline with a refine stage and an acceptance rate without it: whether refinement pays for itself.
  public var refinement: [RefinementVerdict] = []

  /// Savings of `result` against the plan as written (positive = cheaper).
  public func savings(_ result: CandidateResult) -> USD { asPlanned.total - result.total }
}

/// Prices a plan month by month: each workload's request is quoted at the first day of every month,
/// for that month's requests (so a month's cost equals `imagecost quote … --requests N` on that day).
public struct PlanSimulator: Sendable {
  public let pricer: Pricer

  public init(book: PriceBook) { pricer = Pricer(book: book) }

  /// Assumption the simulator relies on for retries when the plan does not say.
  public static let failedRequestsBilled = "failed-requests-billed"

  /// Simulates the plan as written and every candidate.
  /// - Throws: ``QuoteError`` when the plan as written cannot be priced (candidates are never fatal),
  ///   or ``PlanError`` when volumes overflow.
  public func simulate(_ plan: Plan) throws -> PlanReport {
    let months = (0..<plan.months).map { plan.start.adding(months: $0) }
    var assumptionIDs: [String] = []
    var warnings: [String] = []
    let asPlanned = try price(plan, candidate: nil, months: months, assumptionIDs: &assumptionIDs, warnings: &warnings, fatal: true)
    var results: [CandidateResult] = []
    for candidate in plan.candidates {
      var ignoredWarnings: [String] = []
      results.append(try price(plan, candidate: candidate, months: months, assumptionIDs: &assumptionIDs, warnings: &ignoredWarnings, fatal: false))
    }
    // Each draft→final pipeline against "everything at final quality": every stage's images made
    // with the final stage's model, quality and size.
    for (pipeline, final) in PlanSimulator.pipelineFinals(plan) {
      let variant = PlanSimulator.allAtFinalQuality(plan, pipeline: pipeline, final: final)
      let label = Candidate(
        id: "\(pipeline): all at final quality", model: final.request.model, quality: final.request.quality, size: final.request.size,
        provider: nil, deploymentType: nil, region: nil)
      var ignoredWarnings: [String] = []
      let result = try price(variant, candidate: nil, months: months, assumptionIDs: &assumptionIDs, warnings: &ignoredWarnings, fatal: false)
      var labelled = CandidateResult(id: label.id, candidate: label, infeasible: result.infeasible, lines: result.lines, total: result.total)
      labelled.lifecycle = result.lifecycle
      results.append(labelled)
    }
    // Each pipeline with a refine stage and an acceptance rate without it: the same pipeline without refinement.
    var refinement: [RefinementVerdict] = []
    for (pipeline, variant, withPPM, withoutPPM) in PlanSimulator.withoutRefinement(plan) {
      var ignoredWarnings: [String] = []
      let result = try price(variant, candidate: nil, months: months, assumptionIDs: &assumptionIDs, warnings: &ignoredWarnings, fatal: false)
      let label = Candidate(
        id: "\(pipeline): without refinement", model: nil, quality: nil, size: nil, provider: nil, deploymentType: nil, region: nil)
      var labelled = CandidateResult(id: label.id, candidate: label, infeasible: result.infeasible, lines: result.lines, total: result.total)
      labelled.lifecycle = result.lifecycle
      results.append(labelled)
      func pipelineCost(_ r: CandidateResult) -> USD {
        r.lines.filter { $0.workload.hasPrefix(pipeline + "/") }.reduce(.zero) { $0 + $1.cost }
      }
      refinement.append(
        RefinementVerdict(
          pipeline: pipeline, candidateID: label.id, withRefinement: pipelineCost(asPlanned),
          refinementCost: asPlanned.lines.filter { line in
            plan.workloads.contains { $0.id == line.workload && $0.refine != nil && $0.pipeline?.pipeline == pipeline }
          }.reduce(.zero) { $0 + $1.cost }, withoutRefinement: labelled.isFeasible ? pipelineCost(labelled) : nil,
          acceptanceWith: Share(partsPerMillion: withPPM), acceptanceWithout: Share(partsPerMillion: withoutPPM)))
    }
    // imagecost's own candidate whenever a planned model retires within the plan or the retiring window after it.
    if let moved = movedToSuccessors(plan, months: months) {
      var ignoredWarnings: [String] = []
      let label = Candidate(
        id: PlanSimulator.successorCandidateID, model: nil, quality: nil, size: nil, provider: nil, deploymentType: nil, region: nil)
      let result = try price(moved, candidate: nil, months: months, assumptionIDs: &assumptionIDs, warnings: &ignoredWarnings, fatal: false)
      var labelled = CandidateResult(id: label.id, candidate: label, infeasible: result.infeasible, lines: result.lines, total: result.total)
      labelled.lifecycle = result.lifecycle
      results.append(labelled)
    }
    results.sort { lhs, rhs in
      if lhs.isFeasible != rhs.isFeasible { return lhs.isFeasible }
      return (lhs.total, lhs.id) < (rhs.total, rhs.id)
    }
    let lifecycle = lifecycleFlags(plan, months: months)
    var unchecked: [String] = []
    let capacity = capacityFlags(plan, result: asPlanned, unchecked: &unchecked)
    warnings += unchecked
    if plan.capacity.isDefault, !capacity.isEmpty {
      warnings.append("Capacity is checked at average load over 24 hours; add capacity: {active_hours_per_day, peak_factor} to the plan for peaks.")
    }
    for flag in Set(
      lifecycle.map {
        "\($0.model) is retired on \($0.provider) on \($0.retired)" + ($0.successor.map { "; successor \($0)" } ?? "")
          + ($0.movedTo.map { "; moved to \($0) from that month (on_retirement: successor)" }
            ?? "; the plan as written prices those months for history — set on_retirement: successor to move the workload, or see the candidate '\(PlanSimulator.successorCandidateID)'")
      }
    ).sorted() {
      warnings.append(flag + ".")
    }
    var budget: BudgetResult?
    if let b = plan.budget {
      let perMonth = b.monthlyEquivalent(months: months.count)
      let affordable = ([asPlanned] + results.filter(\.isFeasible)).map { result -> (String, Int64) in
        let images = result.lines.reduce(Int64(0)) { $0 + $1.images }
        guard images > 0, result.total.nanos > 0 else { return (result.id, 0) }
        // budget a month ÷ (total ÷ images), floored.
        let value = Int128(perMonth.nanos) * Int128(images) / Int128(result.total.nanos)
        return (result.id, Int64(min(value, Int128(Int64.max))))
      }
      budget = BudgetResult.check(b, months: months, result: asPlanned, affordable: affordable)
    }
    var seen = Set<String>()
    let book = pricer.book
    let age = book.age(at: plan.pricingDay(for: plan.start))
    var report = PlanReport(
      plan: plan, months: months, asPlanned: asPlanned, candidates: results, lifecycle: lifecycle, capacity: capacity, budget: budget,
      assumptions: assumptionIDs.filter { seen.insert($0).inserted }.compactMap { book.assumptions[$0] },
      warnings: warnings + (age?.warning.map { [$0] } ?? []), priceBookFingerprint: book.fingerprint,
      priceBookAsOf: book.asOf)
    report.currency = plan.currency
    report.priceBookAge = age
    report.refinement = refinement
    return report
  }

  /// Per pipeline with a refine stage and `acceptance_rate.without`: the plan with that pipeline's refine stages
  /// removed and its other stages at the acceptance without refinement, and both acceptance rates.
  static func withoutRefinement(_ plan: Plan) -> [(String, Plan, Int64, Int64)] {
    var seen: [String] = []
    for w in plan.workloads where w.refine != nil {
      if let p = w.pipeline, p.acceptanceWithoutRefinementPPM != nil, !seen.contains(p.pipeline) { seen.append(p.pipeline) }
    }
    return seen.compactMap { pipeline in
      guard let stage = plan.workloads.first(where: { $0.pipeline?.pipeline == pipeline })?.pipeline,
        let without = stage.acceptanceWithoutRefinementPPM
      else { return nil }
      var variant = plan
      variant.candidates = []
      variant.workloads = plan.workloads.compactMap { w in
        guard w.pipeline?.pipeline == pipeline else { return w }
        guard w.refine == nil else { return nil }
        var changed = w
        let v = w.volume
        changed.volume = Volume(
          base: v.base, period: v.period, growthPPMPerMonth: v.growthPPMPerMonth, multiplierNumerator: v.multiplierNumerator,
          multiplierDenominator: without)
        changed.uncertainty.acceptance = nil
        return changed
      }
      return (pipeline, variant, stage.acceptancePPM, without)
    }
  }

  private func price(
    _ plan: Plan, candidate: Candidate?, months: [YearMonth], assumptionIDs: inout [String], warnings: inout [String], fatal: Bool
  ) throws -> CandidateResult {
    var lines: [PlanMonthLine] = []
    var infeasible: [String] = []
    let book = pricer.book
    var worst = LifecycleStatus.active
    var retiringWarned = Set<String>()
    for workload in plan.workloads {
      var planned = plan.resolvedRequest(workload)
      // A candidate changes the image calls; a refine stage keeps its text model.
      if let candidate, workload.refine == nil { planned = candidate.apply(to: planned) }
      let provider = planned.provider ?? book.defaultProvider
      let policy = workload.onRetirement ?? plan.onRetirement
      do {
        for (index, month) in months.enumerated() {
          guard let images = workload.volume.images(inMonth: index, of: month) else {
            throw PlanError.volumeOverflow(workload: workload.id, month: month)
          }
          if let refine = workload.refine {
            let line = try priceRefinement(
              refine, workload: workload, calls: images, month: month, plan: plan, request: planned, fatal: fatal, worst: &worst,
              assumptionIDs: &assumptionIDs, warnings: &warnings)
            lines.append(line)
            continue
          }
          // A month in which the model is retired on its provider: moved to the successor, or infeasible.
          var request = planned
          if let model = book.model(named: planned.model), let retirement = model.retirement(on: provider, at: month.lastDay) {
            switch policy {
            case .successor:
              guard let successor = book.servingModel(model.id, provider: provider, through: month.lastDay) else {
                throw QuoteError.retiredInPlan(
                  model: model.id, provider: provider, retired: retirement.retired, successor: retirement.successor, month: month.description)
              }
              request.model = successor
            case .infeasible where !fatal:
              throw QuoteError.retiredInPlan(
                model: model.id, provider: provider, retired: retirement.retired, successor: retirement.successor, month: month.description)
            case .infeasible:
              break  // the plan as written: priced for history, flagged under Lifecycle
            }
          }
          let status = book.lifecycle(of: book.canonicalModelID(request.model) ?? request.model, provider: provider, at: month.lastDay).status
          if status == .retired || (status == .retiring && worst == .active) { worst = status }
          let requests = (images + Int64(request.n) - 1) / Int64(request.n)
          let retries = workload.retryRate?.of(requests) ?? 0
          if workload.retryRate != nil { assumptionIDs.append(PlanSimulator.failedRequestsBilled) }
          let billed = requests + (workload.failuresBilled ? retries : 0)
          guard billed > 0 else {
            var line = PlanMonthLine(
              month: month, workload: workload.id, images: images, requests: 0, billedRetries: 0, components: [:], cost: .zero,
              isEstimate: false, priced: [], provider: request.provider ?? pricer.book.defaultProvider,
              deploymentType: request.deploymentType ?? "", region: request.region)
            (line.model, line.quality, line.size) = (request.model, request.quality, request.size)
            lines.append(line)
            continue
          }
          let quote = try pricer.quote(request, requests: billed, date: plan.pricingDay(for: month))
          assumptionIDs += quote.assumptions.map(\.id)
          if candidate == nil {
            // A retiring model warns once per workload, from the first month it retires within the window
            // (retired months are the Lifecycle section's).
            var monthWarnings = quote.warnings
            if quote.lifecycle?.status == .retiring, let notice = quote.lifecycle?.warning, retiringWarned.insert(workload.id).inserted {
              monthWarnings.insert(notice, at: 0)
            }
            for warning in monthWarnings.map({ "\(workload.id): \($0)" }) where !warnings.contains(warning) { warnings.append(warning) }
          }
          var components: [ComponentKind: USD] = [:]
          for line in quote.lines { components[line.component, default: .zero] += line.costTotal }
          var line = PlanMonthLine(
            month: month, workload: workload.id, images: images, requests: requests,
            billedRetries: workload.failuresBilled ? retries : 0, components: components, cost: quote.total, isEstimate: quote.isEstimate,
            priced: quote.lines, provider: quote.request.provider, deploymentType: quote.request.deploymentType, region: quote.request.region)
          (line.model, line.quality, line.size) = (quote.request.model, quote.request.quality, quote.request.size)
          lines.append(line)
        }
      } catch let error as QuoteError {
        if fatal { throw PlanError.workload(workload.id, error) }
        infeasible.append("\(workload.id): \(error.description)")
        lines.removeAll { $0.workload == workload.id }
      }
    }
    let total = lines.reduce(USD.zero) { $0 + $1.cost }
    var result = CandidateResult(
      id: candidate?.id ?? "as-planned", candidate: candidate, infeasible: infeasible, lines: infeasible.isEmpty ? lines : [],
      total: infeasible.isEmpty ? total : .zero)
    result.lifecycle = worst
    return result
  }

  /// One month of a refine stage: `calls` text-model calls priced at the month's rates. A text model retired on its
  /// provider makes a candidate infeasible; the plan as written prices it for history with a warning.
  private func priceRefinement(
    _ refine: RefineStage, workload: Workload, calls: Int64, month: YearMonth, plan: Plan, request: ImageRequest, fatal: Bool,
    worst: inout LifecycleStatus, assumptionIDs: inout [String], warnings: inout [String]
  ) throws -> PlanMonthLine {
    let book = pricer.book
    let provider = request.provider ?? book.defaultProvider
    let deploymentType = request.deploymentType ?? book.providers[provider]?.defaultDeploymentType ?? ""
    let life = book.lifecycle(of: refine.model, provider: provider, at: month.lastDay)
    if life.status == .retired || (life.status == .retiring && worst == .active) { worst = life.status }
    if life.status == .retired, let retirement = life.retirement {
      if !fatal {
        throw QuoteError.retiredInPlan(
          model: refine.model, provider: provider, retired: retirement.retired, successor: retirement.successor, month: month.description)
      }
      let warning =
        "\(workload.id): \(refine.model) is retired on \(provider) on \(retirement.retired)"
        + (retirement.successor.map { "; successor \($0)" } ?? "") + "; the refine stage is priced for history."
      if !warnings.contains(warning) { warnings.append(warning) }
    }
    let priced = try refine.lines(
      calls: calls, book: book, provider: provider, deploymentType: deploymentType, region: request.region, date: plan.pricingDay(for: month))
    if refine.sampleConversations != nil { assumptionIDs.append(RefineStage.messageOverheadAssumption) }
    assumptionIDs += priced.compactMap { $0.rate?.assumption }
    var components: [ComponentKind: USD] = [:]
    var cost = USD.zero
    for line in priced {
      components[line.component, default: .zero] += line.costTotal
      cost = try cost.adding(line.costTotal, "the refinement cost of \(workload.id) in \(month)")
    }
    var line = PlanMonthLine(
      month: month, workload: workload.id, images: 0, requests: calls, billedRetries: 0, components: components, cost: cost,
      isEstimate: refine.sampleConversations != nil, priced: priced, provider: provider, deploymentType: deploymentType, region: request.region)
    line.model = refine.model
    return line
  }

  /// The id of imagecost's own candidate: move retired and retiring models to their successors.
  public static let successorCandidateID = "move to successors"

  /// `plan` with every workload whose model retires on its provider before the plan ends (or within the retiring
  /// window after it) moved, for the whole plan, to the successor that serves through that horizon; nil when no
  /// planned model retires in that time.
  func movedToSuccessors(_ plan: Plan, months: [YearMonth]) -> Plan? {
    let book = pricer.book
    guard let last = months.last else { return nil }
    let horizon = last.lastDay.adding(days: book.lifecyclePolicy.retiringWindowDays)
    var moved = false
    let workloads = plan.workloads.map { w -> Workload in
      let request = plan.resolvedRequest(w)
      let provider = request.provider ?? book.defaultProvider
      guard let model = book.model(named: request.model), model.retirement(on: provider, at: horizon) != nil,
        let successor = book.servingModel(model.id, provider: provider, through: horizon)
          ?? model.retirements.first(where: { $0.provider == provider })?.successor
      else { return w }
      moved = true
      var changed = w.request
      changed.model = successor
      var workload = w
      workload.request = changed
      workload.onRetirement = .successor
      return workload
    }
    guard moved else { return nil }
    var variant = plan
    variant.workloads = workloads
    variant.candidates = []
    return variant
  }

  /// The final stage of each pipeline in the plan, in plan order.
  static func pipelineFinals(_ plan: Plan) -> [(String, Workload)] {
    plan.workloads.compactMap { w in w.pipeline?.isFinal == true ? (w.pipeline!.pipeline, w) : nil }
  }

  /// `plan` with every stage of `pipeline` made like its final stage (model, quality, size, operation, inputs).
  static func allAtFinalQuality(_ plan: Plan, pipeline: String, final: Workload) -> Plan {
    let workloads = plan.workloads.map { w -> Workload in
      guard w.pipeline?.pipeline == pipeline, w.pipeline?.isFinal == false, w.refine == nil else { return w }
      var request = w.request
      request.model = final.request.model
      request.quality = final.request.quality
      request.size = final.request.size
      request.operation = final.request.operation
      request.inputImages = final.request.inputImages
      request.inputFidelity = final.request.inputFidelity
      request.n = final.request.n
      var workload = w
      workload.request = request
      return workload
    }
    var variant = plan
    variant.workloads = workloads
    variant.candidates = []
    return variant
  }

  private func capacityFlags(_ plan: Plan, result: CandidateResult, unchecked: inout [String]) -> [CapacityFlag] {
    var flags: [CapacityFlag] = []
    let profile = plan.capacity
    for line in result.lines {
      guard let workload = plan.workloads.first(where: { $0.id == line.workload }), workload.refine == nil else { continue }
      let request = plan.resolvedRequest(workload)
      let provider = request.provider ?? pricer.book.defaultProvider
      let deploymentType = request.deploymentType ?? pricer.book.providers[provider]?.defaultDeploymentType
      let published = pricer.book.rateLimits(model: request.model, provider: provider, deploymentType: deploymentType, date: line.month.firstDay)
        .filter { $0.unit == "rpm" || $0.unit == "ipm" }
      let limits = published.filter { $0.tier == profile.tier }
      let override = profile.limitOverrides[request.model]
      guard let limit = override ?? limits.first?.value else {
        // Name the real cause: a tier the provider does not have, or no published limit at all.
        let tiers = Array(Set(published.map(\.tier))).sorted()
        let cause =
          tiers.isEmpty
          ? "the price book has no published rpm/ipm limit for \(request.model) on \(provider)" + (deploymentType.map { " \($0)" } ?? "")
          : "capacity.tier '\(profile.tier)' is not a tier of \(request.model) on \(provider) (its tiers: \(tiers.joined(separator: ", ")))"
        let note = "Capacity of \(line.workload) is not checked: \(cause); set capacity.tier or capacity.limits in the plan."
        if !unchecked.contains(note) { unchecked.append(note) }
        continue
      }
      let unit = limits.first?.unit ?? "rpm"
      let quantity = unit == "ipm" ? line.images : line.requests + line.billedRetries
      let minutes = Int128(line.month.days * profile.activeHoursPerDay * 60)
      // thousandths per minute at peak = quantity × peak × 1000 / minutes, rounded up.
      let numerator = Int128(quantity) * Int128(profile.peakFactorPPM) * 1_000
      let denominator = minutes * 1_000_000
      let needed = Int64((numerator + denominator - 1) / denominator)
      let capacity = Int64(limit) * 1_000
      guard needed > capacity else { continue }
      flags.append(
        CapacityFlag(
          month: line.month, workload: line.workload, model: request.model, neededMilliPerMinute: needed, limit: limit, unit: unit,
          tier: profile.tier, deploymentsNeeded: (needed + capacity - 1) / capacity, source: override != nil ? "plan" : limits.first!.source))
    }
    return flags
  }

  private func lifecycleFlags(_ plan: Plan, months: [YearMonth]) -> [LifecycleFlag] {
    var flags: [LifecycleFlag] = []
    for workload in plan.workloads {
      let request = plan.resolvedRequest(workload)
      guard let model = pricer.book.model(named: request.model) else { continue }
      let provider = request.provider ?? pricer.book.defaultProvider
      for month in months {
        if let r = model.retirement(on: provider, at: month.lastDay) {
          var flag = LifecycleFlag(
            month: month, workload: workload.id, model: model.id, provider: provider, retired: r.retired, successor: r.successor)
          if (workload.onRetirement ?? plan.onRetirement) == .successor {
            flag.movedTo = pricer.book.servingModel(model.id, provider: provider, through: month.lastDay)
          }
          flags.append(flag)
        }
      }
    }
    return flags
  }
}

/// Why a plan cannot be simulated.
public enum PlanError: Error, CustomStringConvertible, Sendable {
  case workload(String, QuoteError)
  case volumeOverflow(workload: String, month: YearMonth)

  public var description: String {
    switch self {
    case .workload(let id, let error): return "Workload '\(id)' cannot be priced: \(error.description)"
    case .volumeOverflow(let id, let month):
      return "Workload '\(id)': the volume grows beyond what imagecost can count by \(month); lower the growth or the horizon."
    }
  }
}

/// What a plan run adds to the simulation: Monte Carlo trials and a currency for budget review.
public struct PlanRunOptions: Hashable, Sendable {
  /// Monte Carlo trials over the uncertain inputs (0: the point estimate only).
  public var trials: Int
  /// The same seed gives the same ranges.
  public var seed: UInt64
  /// Figures also shown in this currency (`--currency`/`--fx-rate`); nil keeps the plan's own, if any.
  public var currency: CurrencyConversion?
  /// Every month priced at this day's rates (`--date`) instead of its first day's.
  public var priceDate: CivilDate?
  /// The percentile of each budget period's simulated cost that `--fail-on-over` compares with the budget.
  public var failPercentile = 90

  public init(trials: Int = 0, seed: UInt64 = 1, currency: CurrencyConversion? = nil, priceDate: CivilDate? = nil) {
    (self.trials, self.seed, self.currency, self.priceDate) = (trials, seed, currency, priceDate)
  }
}

extension PlanSimulator {
  /// The whole plan report: the simulation, then the ranges and the currency the options ask for.
  public func run(_ plan: Plan, options: PlanRunOptions) throws -> PlanReport {
    var plan = plan
    if let day = options.priceDate { plan.priceDate = day }
    var report = try simulate(plan)
    if let currency = options.currency { report.currency = currency }
    if options.trials > 0 {
      report.ranges = try MonteCarlo(book: pricer.book).run(
        plan, trials: options.trials, seed: options.seed, budget: plan.budget, percentile: options.failPercentile)
    }
    return report
  }
}
