import CostCore
import CostIO
import CostReports
import Foundation
import Testing

@Suite struct PlanTests {
  static let examplePath = Golden.root.appendingPathComponent("examples/spring-campaign.yaml").path

  static func plan(_ body: String) throws -> Plan {
    try PlanLoader.parse("schema_version: 1\nname: t\nstart: 2026-09\nmonths: 4\n" + body, file: "t.yaml", book: Golden.book)
  }

  static func errors(_ body: String) -> String {
    do {
      _ = try plan(body)
      return ""
    } catch {
      return "\(error)"
    }
  }

  /// Every month of every workload costs exactly what `quote --requests N` gives on the month's first day.
  @Test func monthlyCostEqualsQuoteTimesVolume() throws {
    let plan = try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let pricer = Pricer(book: Golden.book)
    #expect(report.asPlanned.lines.count == plan.workloads.count * plan.months)
    for line in report.asPlanned.lines {
      let workload = try #require(plan.workloads.first { $0.id == line.workload })
      var request = plan.resolvedRequest(workload)
      request.model = line.model  // the successor after a move on retirement
      let quote = try pricer.quote(request, requests: line.requests + line.billedRetries, date: line.month.firstDay)
      #expect(quote.total == line.cost, "\(line.workload) \(line.month)")
    }
    #expect(report.asPlanned.total == report.asPlanned.lines.reduce(USD.zero) { $0 + $1.cost })
  }

  @Test func growthCompoundsWithHalfEvenRounding() {
    let m = YearMonth("2026-09")!  // 30 days
    let volume = Volume(imagesPerMonth: 600, growthPPMPerMonth: 100_000)
    #expect((0..<4).map { volume.images(inMonth: $0, of: m) } == [600, 660, 726, 799])  // 798.6 → 799
    #expect(Volume(imagesPerMonth: 5, growthPPMPerMonth: 100_000).images(inMonth: 1, of: m) == 6)  // 5.5 → 6 (even)
    #expect(Volume(imagesPerMonth: 15, growthPPMPerMonth: 100_000).images(inMonth: 1, of: m) == 16)  // 16.5 → 16 (even)
    #expect(Volume(imagesPerMonth: 1_000, growthPPMPerMonth: -500_000).images(inMonth: 2, of: m) == 250)
    #expect(Volume(imagesPerMonth: 1_000_000, growthPPMPerMonth: 10_000_000).images(inMonth: 60, of: m) == nil)
    // Per day and per week follow the month's length; a pipeline multiplier rounds up.
    #expect(Volume(base: 10, period: .day).images(inMonth: 0, of: YearMonth("2027-02")!) == 280)
    #expect(Volume(base: 70, period: .week).images(inMonth: 0, of: YearMonth("2026-12")!) == 310)
    #expect(Volume(base: 7, period: .week).images(inMonth: 0, of: YearMonth("2026-09")!) == 30)
    #expect(Volume(base: 100, multiplierNumerator: 8_000_000, multiplierDenominator: 600_000).images(inMonth: 0, of: m) == 1334)  // 1333.3 → 1334
  }

  @Test func retriesAreBilledUnlessStated() throws {
    let billed = try PlanTests.plan(
      "workloads:\n  a: {model: gpt-image-1, quality: low, size: 1024x1024, images_per_month: 1000, retry_rate: 0.1, prompt_tokens: 10}\n")
    let free = try PlanTests.plan(
      "workloads:\n  a: {model: gpt-image-1, quality: low, size: 1024x1024, images_per_month: 1000, retry_rate: 0.1, failures_billed: false, prompt_tokens: 10}\n"
    )
    let simulator = PlanSimulator(book: Golden.book)
    let b = try simulator.simulate(billed)
    let f = try simulator.simulate(free)
    #expect(b.asPlanned.lines[0].billedRetries == 100)
    #expect(f.asPlanned.lines[0].billedRetries == 0)
    // 1,100 vs 1,000 requests of 272 + 10 tokens.
    #expect(b.asPlanned.lines[0].cost == USD(nanos: 1_100 * (272 * 40_000 + 10 * 5_000)))
    #expect(f.asPlanned.lines[0].cost == USD(nanos: 1_000 * (272 * 40_000 + 10 * 5_000)))
    #expect(b.assumptions.contains { $0.id == "failed-requests-billed" })
  }

  @Test func infeasibleCandidatesAreListedNotPriced() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(
      try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))
    let dalle = try #require(report.candidates.first { $0.id == "all-dall-e-3" })
    #expect(!dalle.isFeasible)
    #expect(dalle.infeasible.contains { $0.contains("dall-e-3") }, "\(dalle.infeasible)")
    #expect(dalle.lines.isEmpty)
    // Feasible candidates come first, cheapest first.
    let feasible = report.candidates.filter(\.isFeasible)
    #expect(feasible.map(\.total) == feasible.map(\.total).sorted())
    #expect(report.candidates.firstIndex { !$0.isFeasible }! >= feasible.count)
  }

  @Test func retiredModelMonthsAreFlagged() throws {
    let plan = try PlanTests.plan("defaults: {provider: openai}\nworkloads:\n  a: {model: gpt-image-1, quality: low, images_per_month: 10}\n")
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.lifecycle.map(\.month.description) == ["2026-10", "2026-11", "2026-12"])
    #expect(report.lifecycle.first?.retired.description == "2026-10-23")
    #expect(report.lifecycle.first?.successor == "gpt-image-2.5-sunburst")
  }

  @Test func budgetCrossing() throws {
    let plan = try PlanTests.plan(
      "budget: {amount: 50, period: month}\nworkloads:\n  a: {model: gpt-image-1, quality: high, size: 1024x1024, images_per_month: 250, growth_per_month: 0.2, prompt_tokens: 0}\n"
    )
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    // 250 × $0.1664 = $41.60; 300 → $49.92; 360 → $59.904: first crossing in the third month.
    let budget = try #require(report.budget)
    #expect(budget.firstCrossing?.description == "2026-11")
    #expect(budget.monthsOver.map(\.description) == ["2026-11", "2026-12"])
    #expect(budget.affordableImagesPerMonth.first?.1 == 300)  // $50 ÷ $0.1664 = 300.48
  }

  @Test(arguments: [
    ("workloads:\n  a: {model: gpt-image-1, images_per_month: 10, colour: red}\n", "t.yaml:6:49: workloads.a.colour: unknown key 'colour'"),
    ("workloads:\n  a: {model: gpt-image-1, images_per_month: -10}\n", "workloads.a.images_per_month: volume must not be negative"),
    ("workloads:\n  a: {model: gpt-image-7, images_per_month: 10}\n", "workloads.a: Unknown model 'gpt-image-7'"),
    ("workloads:\n  a: {model: gpt-image-1, size: 1792x1024, images_per_month: 10}\n", "Size 1792x1024 is not supported by gpt-image-1"),
    ("workloads: {}\n", "the plan has no workloads"),
    ("workloads:\n  a: {model: gpt-image-1, images_per_month: ten}\n", "expected a whole number of images"),
    ("workloads:\n  a: {model: gpt-image-1, images_per_month: 10, growth_per_month: 9999}\n", "growth must be a decimal share"),
    ("workloads:\n  a: {model: dall-e-3, n: 2, images_per_month: 10}\n", "accepts only n=1"),
    ("candidates:\n  x: {model: nope}\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 10}\n", "candidates.x.model: unknown model 'nope'"),
  ])
  func badPlansNameFileLineAndKey(body: String, message: String) {
    let text = PlanTests.errors(body)
    #expect(text.contains(message), "\(text)")
    #expect(text.contains("nothing was written"))
  }

  @Test func schemaVersionIsChecked() {
    #expect(throws: PlanFileError.self) {
      try PlanLoader.parse(
        "schema_version: 2\nname: t\nstart: 2026-09\nmonths: 1\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 1}\n", file: "t.yaml",
        book: Golden.book)
    }
  }

  @Test func planFormatsMatchGoldenFiles() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(
      try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))
    for format in OutputFormat.allCases {
      try Golden.check(PlanRenderer.render(report, as: format), "plan-spring-campaign.\(format.rawValue)")
    }
  }
}

@Suite struct MonteCarloTests {
  static let plan = try! PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs)

  @Test func sameSeedSameRangesAndDifferentSeedDiffers() throws {
    let mc = MonteCarlo(book: Golden.book)
    let a = try mc.run(MonteCarloTests.plan, trials: 500, seed: 7)
    let b = try mc.run(MonteCarloTests.plan, trials: 500, seed: 7)
    let c = try mc.run(MonteCarloTests.plan, trials: 500, seed: 8)
    #expect(a == b)
    #expect(a.total != c.total)
  }

  @Test func rangesBracketThePointEstimateAndAreOrdered() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(MonteCarloTests.plan)
    let ranges = try MonteCarlo(book: Golden.book).run(MonteCarloTests.plan, trials: 2_000, seed: 3)
    let t = ranges.total
    #expect(t.min <= t.p10 && t.p10 <= t.p50 && t.p50 <= t.p90 && t.p90 <= t.max)
    #expect(t.min <= report.asPlanned.total && report.asPlanned.total <= t.max)
    for (index, month) in report.months.enumerated() {
      let m = ranges.monthly[index]
      #expect(m.min <= report.asPlanned.cost(in: month) && report.asPlanned.cost(in: month) <= m.max)
    }
    #expect(ranges.drivers.contains { $0.contains("hero-banners: prompt tokens uniform 80–160") })
    #expect(ranges.drivers.contains { $0.contains("quality auto") })
  }

  /// With nothing uncertain every trial prices exactly like the deterministic simulator (same rates,
  /// quantities and rounding), which pins the Monte Carlo arithmetic to the Pricer's.
  @Test func certainPlanTrialsEqualThePointEstimate() throws {
    let plan = try PlanTests.plan(
      """
      workloads:
        a: {model: gpt-image-1, operation: edit, quality: medium, size: 1024x1536, n: 2, input_images: [1024x1024, 512x2048], input_fidelity: high, images_per_month: 777, prompt_tokens: 33, cached_share: 0.3, retry_rate: 0.07, growth_per_month: 0.13}
        b: {model: gpt-image-1.5, quality: low, size: 1536x1024, images_per_month: 120, prompt_tokens: 9, text_output_tokens: 301, partial_images: 2}
        c: {model: dall-e-3, quality: hd, size: 1024x1792, images_per_month: 55, deployment_type: regional, region: eastus}
        d: {model: gpt-image-2, quality: medium, size: 1824x1024, images_per_month: 1000, prompt_tokens: 17, text_output_tokens: 0}

      """)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let ranges = try MonteCarlo(book: Golden.book).run(plan, trials: 50, seed: 1)
    #expect(ranges.total.min == report.asPlanned.total)
    #expect(ranges.total.max == report.asPlanned.total)
    for (index, month) in report.months.enumerated() {
      #expect(ranges.monthly[index].p50 == report.asPlanned.cost(in: month), "\(month)")
    }
  }

  @Test func percentilesAreNearestRank() {
    let values = (1...10).map { USD(nanos: Int64($0)) }
    let s = RangeSummary(values: values.reversed())
    #expect([s.min, s.p10, s.p50, s.p90, s.max].map(\.nanos) == [1, 1, 5, 9, 10])
  }
}

@Suite struct CapacityTests {
  @Test func monthsBeyondOneDeploymentAreFlagged() throws {
    // 2026-09 has 30 days: 1,000,000 requests / 43,200 minutes = 23.149 rpm against Azure's 9 rpm default → 3 deployments.
    let plan = try PlanTests.plan("workloads:\n  a: {model: gpt-image-1, quality: low, images_per_month: 1000000, prompt_tokens: 1}\n")
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let first = try #require(report.capacity.first)
    #expect(first.month.description == "2026-09")
    #expect(first.neededText == "23.149")
    #expect(first.limit == 9 && first.unit == "rpm" && first.deploymentsNeeded == 3)
    #expect(report.capacity.count == 4)
    #expect(report.warnings.contains { $0.contains("average load over 24 hours") })
  }

  @Test func peakProfileAndOverrides() throws {
    let plan = try PlanTests.plan(
      "capacity: {active_hours_per_day: 8, peak_factor: 2, limits: {gpt-image-1: 100}}\nworkloads:\n  a: {model: gpt-image-1, quality: low, images_per_month: 100000, prompt_tokens: 1}\n"
    )
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    // 100,000 × 2 / (30 × 8 × 60) = 13.889 rpm: within the overridden 100 rpm, so nothing is flagged.
    #expect(report.capacity.isEmpty)
    let tight = try PlanTests.plan(
      "capacity: {active_hours_per_day: 8, peak_factor: 2}\nworkloads:\n  a: {model: gpt-image-1, quality: low, images_per_month: 100000, prompt_tokens: 1}\n"
    )
    let flagged = try PlanSimulator(book: Golden.book).simulate(tight)
    #expect(flagged.capacity.first?.neededText == "13.889")
    #expect(flagged.capacity.first?.deploymentsNeeded == 2)
  }

  @Test func badCapacityValues() {
    #expect(
      PlanTests.errors("capacity: {active_hours_per_day: 30}\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 1}\n").contains(
        "at most 24 hours"))
    #expect(
      PlanTests.errors("capacity: {peak_factor: 0.5}\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 1}\n").contains("peak_factor must be"))
  }
}

@Suite struct PipelineTests {
  static let body = """
    workloads:
      kv:
        finals_per_month: 40
        acceptance_rate: 0.8
        pipeline:
          - {id: draft, model: gpt-image-1-mini, quality: low, size: 1024x1024, per_final: 8, prompt_tokens: 90}
          - {id: final, model: gpt-image-2, quality: high, size: 1024x1024, per_final: 1, prompt_tokens: 150}

    """

  @Test func stagesScaleByPerFinalAndAcceptance() throws {
    let plan = try PlanTests.plan(PipelineTests.body)
    #expect(plan.workloads.map(\.id) == ["kv/draft", "kv/final"])
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let first = report.asPlanned.lines.filter { $0.month == plan.start }
    // 40 finals at 80 % acceptance = 50 attempts: 400 drafts and 50 finals.
    #expect(first.map(\.images) == [400, 50])
    // Drafts: 400 × (272 × $8 + 90 × $2)/1M; finals: 50 × (7,024 × $30 + 150 × $5)/1M (Azure global, gpt-image-2 high).
    try #require(first.count == 2)
    #expect(first[0].cost == USD(nanos: 400 * (272 * 8_000 + 90 * 2_000)))
    #expect(first[1].cost == USD(nanos: 50 * (7_024 * 30_000 + 150 * 5_000)))
  }

  @Test func comparedAgainstEverythingAtFinalQuality() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(try PlanTests.plan(PipelineTests.body))
    let alternative = try #require(report.candidates.first { $0.id == "kv: all at final quality" })
    let first = alternative.lines.filter { $0.month == report.months[0] }
    // The 400 drafts are made at gpt-image-2 high too (their own 90-token prompts).
    let drafts = try #require(first.first, "\(alternative.infeasible)")
    #expect(drafts.cost == USD(nanos: 400 * (7_024 * 30_000 + 90 * 5_000)))
    #expect(report.savings(alternative).nanos < 0)
  }

  @Test func badPipelines() {
    #expect(PlanTests.errors("workloads:\n  kv: {finals_per_month: 5, pipeline: []}\n").contains("at least one stage"))
    #expect(
      PlanTests.errors("workloads:\n  kv: {finals_per_month: 5, acceptance_rate: 0, pipeline: [{id: a, model: gpt-image-1, per_final: 1}]}\n")
        .contains("must be above 0"))
    #expect(
      PlanTests.errors("workloads:\n  kv: {finals_per_month: 5, pipeline: [{id: a, model: gpt-image-1, per_final: 1, size: 5x5}]}\n").contains(
        "workloads.kv/a: Size 5x5"))
    #expect(
      PlanTests.errors("workloads:\n  kv: {images_per_month: 5, pipeline: [{id: a, model: gpt-image-1, per_final: 1}]}\n").contains(
        "unknown key 'images_per_month'"))
    #expect(
      PlanTests.errors("workloads:\n  a: {model: gpt-image-1, images_per_month: 5, images_per_day: 1}\n").contains(
        "give exactly one of images_per_month"))
  }

  @Test func weeklyAndDailyVolumes() throws {
    let plan = try PlanTests.plan(
      "workloads:\n  a: {model: gpt-image-1, quality: low, images_per_day: 10}\n  b: {model: gpt-image-1, quality: low, images_per_week: 70}\n")
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    // 2026-09 has 30 days, 2026-10 has 31.
    #expect(report.asPlanned.lines.filter { $0.workload == "a" }.prefix(2).map(\.images) == [300, 310])
    #expect(report.asPlanned.lines.filter { $0.workload == "b" }.prefix(2).map(\.images) == [300, 310])
  }
}

@Suite struct CurrencyTests {
  @Test func conversionIsExactAndLabelled() throws {
    let fx = try #require(CurrencyConversion(code: "JPY", rate: "152.30", date: CivilDate("2026-11-20")))
    #expect(fx.decimalString(USD(nanos: 166_650_000_000)) == "25380.795")  // 166.65 × 152.30
    #expect(fx.display(USD(nanos: 166_650_000_000)) == "JPY 25,381")  // whole yen: ISO 4217 gives JPY no minor unit
    #expect(fx.label == "152.3 JPY per USD (rate of 2026-11-20)")
    #expect(CurrencyConversion(code: "yen", rate: "152.3", date: nil) == nil)
    #expect(CurrencyConversion(code: "JPY", rate: "0", date: nil) == nil)
    #expect(CurrencyConversion(code: "JPY", rate: "1.1234567", date: nil) == nil)
  }

  @Test func planCurrencyReachesEveryFormat() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(
      try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))
    let fx = try #require(report.currency)
    #expect(PlanRenderer.render(report, as: .table).contains("≈ \(fx.display(report.asPlanned.total)) at 152.3 JPY per USD (rate of 2026-11-20)."))
    #expect(
      PlanRenderer.render(report, as: .csv).hasPrefix("candidate,month,")
        && PlanRenderer.render(report, as: .csv).contains(",cost_jpy,fx_rate_per_usd,fx_rate_date\r\n"))
    #expect(PlanRenderer.render(report, as: .json).contains("\"rate_per_usd\": \"152.3\""))
    #expect(PlanRenderer.html(report).contains("JPY"))
    #expect(
      PlanTests.errors("currency: {code: JPY, rate: -1}\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 1}\n").contains(
        "currency: code must be three capital letters"))
  }
}

@Suite struct TerminalOutputTests {
  static let report = try! PlanSimulator(book: Golden.book).simulate(
    try! PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))

  @Test func plainOutputFitsInHundredColumns() {
    for line in PlanRenderer.render(TerminalOutputTests.report, as: .table).split(separator: "\n") {
      #expect(TextTable.displayWidth(String(line)) <= 100, "\(line)")
    }
  }

  @Test func colourOnlyWhenAskedAndAlignmentKept() {
    let plain = PlanRenderer.render(TerminalOutputTests.report, as: .table)
    let colored = PlanRenderer.render(TerminalOutputTests.report, as: .table, color: true)
    #expect(!plain.contains("\u{1B}["))
    #expect(colored.contains("\u{1B}[31mOVER by"))
    // Stripping the escapes gives back the plain text exactly, so columns line up the same.
    var stripped = ""
    var inEscape = false
    for scalar in colored.unicodeScalars {
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      if inEscape {
        if scalar == "m" { inEscape = false }
        continue
      }
      stripped.unicodeScalars.append(scalar)
    }
    #expect(stripped == plain)
    #expect(!PlanRenderer.render(TerminalOutputTests.report, as: .md).contains("\u{1B}["))
  }

  @Test func wrapKeepsWordsAndIndents() {
    let wrapped = TextWrap.wrap("  - " + String(repeating: "word ", count: 40), width: 30)
    #expect(wrapped.split(separator: "\n").allSatisfy { TextTable.displayWidth(String($0)) <= 30 })
    #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("    word") })
    #expect(wrapped.hasPrefix("  - word word"))
  }
}

@Suite struct PromptFileTests {
  static let inputs = PlanLoader.Inputs(
    readText: { path in
      guard path == "dir/prompts.txt" else { throw PlanLoader.PlanInputError("no such file \(path)") }
      return "one\r\n\nthree three three\nfive five five five five\n"
    },
    countTokens: { text in text.split(separator: " ").count })  // a fake tokenizer: one token per word

  @Test func samplePromptsBecomeAnEmpiricalDistribution() throws {
    let plan = try PlanLoader.parse(
      "schema_version: 1\nname: t\nstart: 2026-09\nmonths: 1\nworkloads:\n  a: {model: gpt-image-1, quality: low, images_per_month: 10, prompt_file: prompts.txt}\n",
      file: "dir/plan.yaml", book: Golden.book, inputs: PromptFileTests.inputs)
    let workload = try #require(plan.workloads.first)
    #expect(workload.uncertainty.promptTokens == .empirical([1, 3, 5]))
    // The point estimate is the mean count; as prompt text it gets the generation overhead (+6).
    #expect(workload.request.prompt == .counted(tokens: 3, exact: true))
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.asPlanned.lines[0].cost == USD(nanos: 10 * (272 * 40_000 + (3 + 6) * 5_000)))
    let ranges = try MonteCarlo(book: Golden.book).run(plan, trials: 300, seed: 5)
    #expect(ranges.total.min == USD(nanos: 10 * (272 * 40_000 + (1 + 6) * 5_000)))
    #expect(ranges.total.max == USD(nanos: 10 * (272 * 40_000 + (5 + 6) * 5_000)))
  }

  @Test func missingPromptFileIsReportedAtItsKey() {
    do {
      _ = try PlanLoader.parse(
        "schema_version: 1\nname: t\nstart: 2026-09\nmonths: 1\nworkloads:\n  a: {model: gpt-image-1, images_per_month: 10, prompt_file: nope.txt}\n",
        file: "dir/plan.yaml", book: Golden.book, inputs: PromptFileTests.inputs)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("dir/plan.yaml:6:") && "\(error)".contains("workloads.a.prompt_file: cannot use dir/nope.txt"))
    }
  }
}
