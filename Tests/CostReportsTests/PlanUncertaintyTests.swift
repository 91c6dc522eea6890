import CostCore
import CostIO
import CostReports
import Foundation
import Testing

/// Issue 16 §3: uncertain volumes, growth and acceptance, and the probability of going over the budget.
@Suite struct PlanUncertaintyTests {
  static func plan(start: String = "2027-01", months: Int = 6, _ body: String) throws -> Plan {
    try PlanLoader.parse("schema_version: 1\nname: t\nstart: \(start)\nmonths: \(months)\n" + body, file: "t.yaml", book: Golden.book)
  }

  /// `n` draws' mean and nearest-rank 10th and 90th percentiles.
  static func sample(_ d: ValueDistribution, _ n: Int = 200_000, seed: UInt64 = 11) -> (mean: Double, p10: Double, p90: Double) {
    var rng = SplitMix64(seed: seed)
    let values = (0..<n).map { _ in d.draw(&rng) }.sorted()
    return (values.reduce(0, +) / Double(n), values[n / 10 - 1], values[n * 9 / 10 - 1])
  }

  static func near(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * abs(b) }

  @Test(arguments: [
    // uniform 400–800: mean 600, P10 440, P90 760.
    (ValueDistribution.uniform(min: 400, max: 800), 600.0, 440.0, 760.0),
    // normal mean 600, sd 100 (truncation at 0 is 6 sd away): P10/P90 = 600 ∓ 1.2816 × 100.
    (.normal(mean: 600, sd: 100, floor: 0), 600.0, 471.84, 728.16),
    // normal mean 50, sd 100, truncated at 0: mean 50 + 100·φ(−0.5) ÷ (1 − Φ(−0.5)) = 50 + 100 × 0.352065 ÷ 0.691462 = 100.916;
    // P10 and P90 of the truncated law: 50 + 100 × Φ⁻¹(0.308538 + q × 0.691462) → 18.84 and 198.22.
    (.normal(mean: 50, sd: 100, floor: 0), 100.916, 18.84, 198.22),
    // lognormal fitted to P10 300, P90 900: μ = ln √(300 × 900) = ln 519.6, σ = ln 3 ÷ 2.5631 = 0.42863,
    // mean = 519.6 × e^(σ²/2) = 569.6.
    (.lognormal(p10: 300, p90: 900), 569.6, 300.0, 900.0),
  ])
  func drawsMatchTheirTargets(distribution: ValueDistribution, mean: Double, p10: Double, p90: Double) {
    #expect(PlanUncertaintyTests.near(distribution.mean, mean, 0.001), "closed-form mean \(distribution.mean)")
    let s = PlanUncertaintyTests.sample(distribution)
    #expect(PlanUncertaintyTests.near(s.mean, mean, 0.01), "sample mean \(s.mean)")
    #expect(PlanUncertaintyTests.near(s.p10, p10, 0.03), "sample P10 \(s.p10)")
    #expect(PlanUncertaintyTests.near(s.p90, p90, 0.02), "sample P90 \(s.p90)")
  }

  /// The point estimate uses each distribution's mean.
  @Test(arguments: [
    ("images_per_month: {min: 400, max: 801}", 600),  // 600.5 → 600 (half-even)
    ("images_per_month: {mean: 600, sd: 100}", 600),
    ("images_per_month: {p10: 300, p90: 900}", 570),  // 569.6 → 570
  ])
  func thePointEstimateUsesTheMean(volume: String, images: Int64) throws {
    let plan = try PlanUncertaintyTests.plan(months: 1, "workloads:\n  a: {model: gpt-image-2, quality: low, size: 1024x1024, \(volume)}\n")
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.asPlanned.lines.first?.images == images)
  }

  @Test func growthAndAcceptanceRangesSetThePointEstimateToo() throws {
    let plan = try PlanUncertaintyTests.plan(
      months: 2,
      "workloads:\n  a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: 1000, growth_per_month: {min: 0, max: 0.2}}\n"
        + "  kv:\n    finals_per_month: 100\n    acceptance_rate: {min: 0.4, max: 0.6}\n    pipeline:\n"
        + "      - {id: final, model: gpt-image-2, quality: low, size: 1024x1024, per_final: 1}\n")
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    // Growth 0.1 (the mean): 1,000 then 1,100; acceptance 0.5: 200 finals attempted a month.
    #expect(report.asPlanned.lines.filter { $0.workload == "a" }.map(\.images) == [1000, 1100])
    #expect(report.asPlanned.lines.filter { $0.workload == "kv/final" }.map(\.images) == [200, 200])
  }

  /// Growth is drawn once per trial: the first month never varies, later months do. Volumes are drawn every month.
  @Test func whenEachInputIsDrawn() throws {
    let growth = try PlanUncertaintyTests.plan(
      "workloads:\n  a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: 1000, growth_per_month: {min: 0, max: 0.2}}\n")
    let ranges = try MonteCarlo(book: Golden.book).run(growth, trials: 2_000, seed: 5)
    #expect(ranges.monthly[0].min == ranges.monthly[0].max)
    #expect(ranges.monthly[5].p10 < ranges.monthly[5].p90)
    let volume = try PlanUncertaintyTests.plan(
      "workloads:\n  a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: {min: 500, max: 1500}}\n")
    let drawn = try MonteCarlo(book: Golden.book).run(volume, trials: 2_000, seed: 5)
    #expect(drawn.monthly.allSatisfy { $0.p10 < $0.p90 })
    // Monthly draws are independent, so the total spreads less, relative to its median, than one month does.
    func spread(_ r: RangeSummary) -> Double { Double(r.p90.nanos - r.p10.nanos) / Double(r.p50.nanos) }
    #expect(spread(drawn.total) < spread(drawn.monthly[0]) * 0.6)
    #expect(drawn.drivers.contains { $0.contains("images per month uniform 500–1500, drawn every month") })
  }

  static let rangePlan = """
    workloads:
      a: {model: gpt-image-2, quality: medium, size: 1024x1024, images_per_month: {p10: 2000, p90: 6000}, growth_per_month: {mean: 0.05, sd: 0.05}}

    """

  /// Seeded P(over budget): reproducible, in [0, 1], and lower when the budget is higher.
  @Test func probabilityOfGoingOverIsSeededBoundedAndMonotone() throws {
    var previous = 1.0 + 1e-9
    var seen: [Double] = []
    for amount in ["100", "200", "300", "400", "800"] {
      var plan = try PlanUncertaintyTests.plan("budget: {amount: \(amount), period: month}\n" + PlanUncertaintyTests.rangePlan)
      plan.budget = Budget(amount: USD(decimal: amount)!, period: .month)
      let options = PlanRunOptions(trials: 3_000, seed: 42)
      let first = try PlanSimulator(book: Golden.book).run(plan, options: options)
      let again = try PlanSimulator(book: Golden.book).run(plan, options: options)
      let odds = try #require(first.ranges?.budgetOdds)
      #expect(odds == again.ranges?.budgetOdds, "the same seed gives the same odds")
      let p = BudgetOdds.probability(odds.planOverTrials, of: 3_000)
      #expect((0...1).contains(p))
      #expect(p <= previous, "budget \(amount): P \(p) after \(previous)")
      for (index, count) in odds.overTrials.enumerated() {
        #expect(count <= odds.planOverTrials, "a month over means the plan is over")
        #expect((0...3_000).contains(count), "month \(index)")
      }
      previous = p
      seen.append(p)
    }
    #expect(seen.first == 1 || seen.first! > 0.9)
    #expect(seen.contains { $0 > 0.05 && $0 < 0.95 }, "some budget is uncertain: \(seen)")
    // A different seed gives (slightly) different odds.
    var plan = try PlanUncertaintyTests.plan("budget: {amount: 300, period: month}\n" + PlanUncertaintyTests.rangePlan)
    plan.budget = Budget(amount: USD(nanos: 300_000_000_000), period: .month)
    let a = try PlanSimulator(book: Golden.book).run(plan, options: PlanRunOptions(trials: 3_000, seed: 1))
    let b = try PlanSimulator(book: Golden.book).run(plan, options: PlanRunOptions(trials: 3_000, seed: 2))
    #expect(a.ranges?.budgetOdds?.overTrials != b.ranges?.budgetOdds?.overTrials)
  }

  /// Calendar quarters, pro rata where the plan covers part of one; a total budget is one period.
  @Test func budgetPeriods() throws {
    let months = (0..<6).map { YearMonth("2026-12")!.adding(months: $0) }
    let quarter = Budget(amount: USD(nanos: 900_000_000_000), period: .quarter).windows(of: months)
    #expect(quarter.map(\.label) == ["2026-Q4", "2027-Q1", "2027-Q2"])
    #expect(quarter.map { [$0.first, $0.last] } == [[0, 0], [1, 3], [4, 5]])
    // $900 a quarter: December alone gets $300, January–March $900, April–May $600.
    #expect(quarter.map(\.amount.nanos) == [300_000_000_000, 900_000_000_000, 600_000_000_000])
    let total = Budget(amount: USD(nanos: 1_000_000_000), period: .total)
    #expect(total.windows(of: months).map(\.label) == ["total"])
    // $1 over six months is $0.1666… a month, half-even to the nano.
    #expect(total.monthlyEquivalent(months: 6).nanos == 166_666_667)
    #expect(Budget(amount: USD(nanos: 10), period: .quarter).windows(of: Array(months[1...2])).map(\.amount.nanos) == [7])  // 20 ÷ 3 = 6.67 → 7
  }

  @Test func aQuarterIsOverWhenItsMonthsAddUpOver() throws {
    var plan = try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs)
    // The bundled plan costs $360.45, $372.20, $384.75, $398.87, $437.56, $455.40 (its JSON golden file).
    plan.budget = Budget(amount: USD(decimal: "1150")!, period: .quarter)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let budget = try #require(report.budget)
    // Q4 2026: $360.45 against $383.33 (one third): ok. Q1 2027: $1,155.81 against $1,150: over, crossed in March.
    // Q2 2027: $892.97 against $766.67 (two thirds): over, crossed in May ($437.56 alone is under).
    #expect(budget.windows.map(\.isOver) == [false, true, true])
    #expect(budget.windows.map { $0.crossing?.description } == [nil, "2027-03", "2027-05"])
    #expect(budget.firstCrossing?.description == "2027-03")
    #expect(report.budgetGate?.over.map(\.label) == ["2027-Q1", "2027-Q2"])
    #expect(report.budgetGate?.basis == "point estimate")
  }

  @Test(arguments: [
    ("images_per_month: {min: 5}", "workloads.a.images_per_month: give min and max (uniform), mean and sd (normal) or p10 and p90 (lognormal)"),
    ("images_per_month: {p10: 0, p90: 10}", "p10 and p90 must be positive"),
    ("images_per_month: {mean: 10, sd: -1}", "mean must be a volume from 0 to 10^12 and sd not negative"),
    ("images_per_month: {min: 10, max: 5}", "workloads.a.images_per_month: min is greater than max"),
    ("images_per_month: {min: 1, max: 1e13}", "min and max must each be a volume from 0 to 10^12"),
    ("images_per_month: 10, growth_per_month: {min: -1, max: 0.1}", "growth share above -1"),
    ("images_per_month: {min: one, max: 5}", "workloads.a.images_per_month.min: min must be a number"),
  ])
  func badDistributionsNameFileLineAndKey(volume: String, message: String) {
    let text = PlanTests.errors("workloads:\n  a: {model: gpt-image-2, \(volume)}\n")
    #expect(text.contains(message), "\(text)")
    #expect(text.hasPrefix("t.yaml:6:"), "\(text)")
  }

  @Test func badAcceptanceAndBudgetPeriods() {
    let acceptance = PlanTests.errors(
      "workloads:\n  kv:\n    finals_per_month: 1\n    acceptance_rate: {mean: 1.5, sd: 0.1}\n    pipeline:\n      - {id: f, model: gpt-image-2, per_final: 1}\n"
    )
    #expect(acceptance.contains("t.yaml:8:") && acceptance.contains("a share above 0 and at most 1"), "\(acceptance)")
    let period = PlanTests.errors("budget: {amount: 10, period: week}\nworkloads:\n  a: {model: gpt-image-2, images_per_month: 1}\n")
    #expect(period.contains("budget.period: period must be month, quarter or total, found 'week'"), "\(period)")
  }

  /// With trials the gate compares the chosen percentile of each period's cost.
  @Test func theGateUsesThePercentileWithTrials() throws {
    var plan = try PlanUncertaintyTests.plan(months: 1, PlanUncertaintyTests.rangePlan)
    let point = try PlanSimulator(book: Golden.book).simulate(plan).asPlanned.total
    // A budget just above the point estimate: the point passes; the P90 of a wide lognormal does not, the P10 does.
    plan.budget = Budget(amount: point + USD(nanos: 1_000_000), period: .total)
    #expect(try PlanSimulator(book: Golden.book).run(plan, options: PlanRunOptions()).budgetGate?.tripped == false)
    var options = PlanRunOptions(trials: 2_000, seed: 3)
    options.failPercentile = 90
    let p90 = try #require(try PlanSimulator(book: Golden.book).run(plan, options: options).budgetGate)
    #expect(p90.tripped && p90.basis == "P90")
    options.failPercentile = 10
    #expect(try PlanSimulator(book: Golden.book).run(plan, options: options).budgetGate?.tripped == false)
  }

  /// The ranges chart draws the budget line; the report gives P(over) in every format.
  @Test func rangeFormatsMatchGoldenFiles() throws {
    var plan = try PlanUncertaintyTests.plan(months: 4, "budget: {amount: 300, period: month}\n" + PlanUncertaintyTests.rangePlan)
    plan.budget = Budget(amount: USD(decimal: "300")!, period: .month)
    let report = try PlanSimulator(book: Golden.book).run(plan, options: PlanRunOptions(trials: 500, seed: 9))
    for format in [OutputFormat.table, .md, .json] {
      try Golden.check(PlanRenderer.render(report, as: format), "plan-ranges-budget.\(format.rawValue)")
      try Golden.check(BudgetRenderer.render(report, as: format), "budget-ranges.\(format.rawValue)")
    }
    let html = PlanRenderer.html(report)
    try Golden.check(html, "plan-ranges-budget.html")
    let chart = try #require(SVGChart.rangeBand(report))
    #expect(chart.contains("stroke=\"#a40e26\"") && chart.contains("Budget a month"))
    #expect(html.contains("Probability of going over"))
  }
}
