import CostCore
import CostIO
import CostReports
import Foundation
import Testing

/// Issue 16 §2: a `kind: refine` stage prices text-model calls before the image calls; the expected figures below
/// are worked out by hand from the rates in pricing/openai.yaml and pricing/azure.yaml.
@Suite struct PlanRefinementTests {
  static func plan(start: String = "2027-01", months: Int = 1, _ body: String, inputs: PlanLoader.Inputs = .none) throws -> Plan {
    try PlanLoader.parse(
      "schema_version: 1\nname: t\nstart: \(start)\nmonths: \(months)\n" + body, file: "dir/t.yaml", book: Golden.book, inputs: inputs)
  }

  static func errors(_ body: String, inputs: PlanLoader.Inputs = .none) -> String {
    do {
      _ = try plan(body, inputs: inputs)
      return ""
    } catch {
      return "\(error)"
    }
  }

  /// A pipeline with one refine stage and a final image stage.
  static func pipeline(provider: String, deployment: String? = nil, finals: String, acceptance: String, refine: String) -> String {
    "workloads:\n  kv:\n    provider: \(provider)\n" + (deployment.map { "    deployment_type: \($0)\n" } ?? "")
      + "    finals_per_month: \(finals)\n    acceptance_rate: \(acceptance)\n    pipeline:\n"
      + "      - {id: refine, kind: refine, \(refine)}\n"
      + "      - {id: final, model: gpt-image-2, quality: medium, size: 1024x1024, per_final: 1, prompt_tokens: 150}\n"
  }

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let provider: String
    let deployment: String?
    let finals: String
    let acceptance: String
    let refine: String
    let calls: Int64
    /// Expected nano-dollars per component of the month's refine line (absent: no line).
    let textIn: Int64?
    let cachedIn: Int64?
    let textOut: Int64?
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // gpt-6-luna on OpenAI standard: $0.10 / $0.01 / $0.50 per 1M (S66).
    // calls = ⌈100 finals × 3 rounds ÷ 0.9⌉ = ⌈333.3⌉ = 334; cached = 0.5 × 800 = 400 of each call's 800 input tokens.
    // text in 400 × 334 = 133,600 × $0.10/1M = $0.01336; cached 133,600 × $0.01/1M = $0.001336;
    // text out 200 × 334 = 66,800 × $0.50/1M = $0.0334.
    Case(
      name: "gpt-6-luna, openai", provider: "openai", deployment: nil, finals: "100", acceptance: "{with_refinement: 0.9, without: 0.6}",
      refine: "model: gpt-6-luna, rounds_per_final: 3, input_tokens: 800, output_tokens: 200, cached_share: 0.5", calls: 334,
      textIn: 13_360_000, cachedIn: 1_336_000, textOut: 33_400_000),
    // gpt-4.1-mini on Azure Data Zone: $0.44 / $0.11 / $1.76 per 1M (S10, Global × 1.10).
    // calls = ⌈40 × 2.5 ÷ 0.8⌉ = 125; cached = 0.2 × 1,234 = 246.8 → 247 (half-even), uncached 987.
    // text in 987 × 125 = 123,375 × $0.44/1M = $0.054285; cached 247 × 125 = 30,875 × $0.11/1M = $0.00339625;
    // text out 321 × 125 = 40,125 × $1.76/1M = $0.07062.
    Case(
      name: "gpt-4.1-mini, azure datazone", provider: "azure", deployment: "datazone", finals: "40", acceptance: "0.8",
      refine: "model: gpt-4.1-mini, rounds_per_final: 2.5, input_tokens: 1234, output_tokens: 321, cached_share: 0.2", calls: 125,
      textIn: 54_285_000, cachedIn: 3_396_250, textOut: 70_620_000),
    // gpt-4o-mini on Azure Data Zone: cached $0.0825 per 1M = 82.5 nano-dollars a token, text out $0.66 per 1M (S10).
    // Everything cached: 1 token × 101 calls = 101 tokens × 82.5 = 8,332.5 nano-dollars → 8,332 (half-even to the
    // nano per line); no uncached line; text out 1 × 101 = 101 tokens × 660 = 66,660 nano-dollars.
    Case(
      name: "gpt-4o-mini, rounding to the nano", provider: "azure", deployment: "datazone", finals: "101", acceptance: "1",
      refine: "model: gpt-4o-mini, rounds_per_final: 1, input_tokens: 1, output_tokens: 1, cached_share: 1", calls: 101, textIn: nil,
      cachedIn: 8_332, textOut: 66_660),
  ]

  @Test(arguments: cases)
  func refineStageTotalsAreWorkedOutByHand(_ c: Case) throws {
    let plan = try PlanRefinementTests.plan(
      PlanRefinementTests.pipeline(provider: c.provider, deployment: c.deployment, finals: c.finals, acceptance: c.acceptance, refine: c.refine))
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let line = try #require(report.asPlanned.lines.first { $0.workload == "kv/refine" })
    #expect(line.requests == c.calls)
    #expect(line.images == 0)
    #expect(line.components[.textInput]?.nanos == c.textIn)
    #expect(line.components[.cachedTextInput]?.nanos == c.cachedIn)
    #expect(line.components[.textOutput]?.nanos == c.textOut)
    #expect(line.cost.nanos == (c.textIn ?? 0) + (c.cachedIn ?? 0) + (c.textOut ?? 0))
    #expect(line.priced.allSatisfy { $0.rate?.model == line.model })
    // The plan's total is the refine line plus the image stage.
    #expect(report.asPlanned.total == report.asPlanned.lines.reduce(USD.zero) { $0 + $1.cost })
  }

  /// The pipeline without refinement is priced at the acceptance without it; the verdict compares the two.
  @Test func withoutRefinementIsACandidateAndTheReportSaysWhetherRefiningPays() throws {
    let plan = try PlanRefinementTests.plan(
      PlanRefinementTests.pipeline(
        provider: "openai", finals: "100", acceptance: "{with_refinement: 0.9, without: 0.6}",
        refine: "model: gpt-6-luna, rounds_per_final: 3, input_tokens: 800, output_tokens: 200, cached_share: 0.5"))
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let without = try #require(report.candidates.first { $0.id == "kv: without refinement" })
    #expect(without.isFeasible)
    #expect(!without.lines.contains { $0.workload == "kv/refine" })
    // Final images: ⌈100 ÷ 0.6⌉ = 167 without refinement, ⌈100 ÷ 0.9⌉ = 112 with it.
    #expect(without.lines.first { $0.workload == "kv/final" }?.images == 167)
    #expect(report.asPlanned.lines.first { $0.workload == "kv/final" }?.images == 112)
    // The image stage costs what `quote` gives for those images, independently.
    var request = try #require(plan.workloads.first { $0.id == "kv/final" }).request
    request.provider = "openai"
    let quote = try Pricer(book: Golden.book).quote(request, requests: 167, date: CivilDate("2027-01-01")!)
    #expect(without.total == quote.total)
    let verdict = try #require(report.refinement.first)
    #expect(verdict.withoutRefinement == without.total)
    #expect(verdict.refinementCost.nanos == 48_096_000)  // the hand-worked figure above
    #expect(verdict.saving == without.total - report.asPlanned.total)
    #expect(verdict.saving!.nanos > 0)
    #expect(verdict.sentence.contains("pays for itself"))
    // A tiny difference in acceptance: refinement then costs more than it saves.
    let close = try PlanRefinementTests.plan(
      PlanRefinementTests.pipeline(
        provider: "openai", finals: "100", acceptance: "{with_refinement: 0.9, without: 0.9}",
        refine: "model: gpt-6-luna, rounds_per_final: 3, input_tokens: 800, output_tokens: 200"))
    let closeVerdict = try #require(try PlanSimulator(book: Golden.book).simulate(close).refinement.first)
    #expect(closeVerdict.saving!.nanos < 0)
    #expect(closeVerdict.sentence.contains("does not pay for itself"))
  }

  /// Candidates change the image calls only; a refine stage keeps its text model.
  @Test func candidatesKeepTheRefineStage() throws {
    let plan = try PlanRefinementTests.plan(
      "candidates:\n  medium-2: {model: gpt-image-2, quality: low}\n"
        + PlanRefinementTests.pipeline(
          provider: "openai", finals: "10", acceptance: "0.5", refine: "model: gpt-6-luna, rounds_per_final: 1, input_tokens: 100, output_tokens: 50")
    )
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let candidate = try #require(report.candidates.first { $0.id == "medium-2" })
    #expect(candidate.isFeasible)
    #expect(candidate.lines.first { $0.workload == "kv/refine" }?.model == "gpt-6-luna")
    #expect(
      candidate.lines.first { $0.workload == "kv/refine" }?.cost == report.asPlanned.lines.first { $0.workload == "kv/refine" }?.cost)
  }

  /// gpt-4o-mini is retired on OpenAI on 2027-01-14 (successor gpt-6-luna): the plan as written prices its refine
  /// stage for history with a warning; a candidate that keeps it is infeasible and names the date and successor.
  @Test func aRetiredTextModelIsFlagged() throws {
    let plan = try PlanRefinementTests.plan(
      months: 2,
      "candidates:\n  low: {quality: low}\n"
        + PlanRefinementTests.pipeline(
          provider: "openai", finals: "10", acceptance: "{with_refinement: 0.9, without: 0.6}",
          refine: "model: gpt-4o-mini, rounds_per_final: 1, input_tokens: 100, output_tokens: 50"))
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.asPlanned.lifecycle == .retired)
    #expect(report.warnings.contains { $0.contains("kv/refine: gpt-4o-mini is retired on openai on 2027-01-14; successor gpt-6-luna") })
    let low = try #require(report.candidates.first { $0.id == "low" })
    #expect(!low.isFeasible)
    #expect(low.infeasible.joined().contains("2027-01-14") && low.infeasible.joined().contains("gpt-6-luna"), "\(low.infeasible)")
    #expect(report.candidates.first { $0.id == "kv: without refinement" }?.isFeasible == true)
  }

  /// Sample conversations are counted with o200k plus 3 tokens a message and 3 for the primed reply (named).
  @Test func conversationFilesAreCountedWithTheMessageOverhead() throws {
    // Each word is one token to this stand-in tokenizer.
    let inputs = PlanLoader.Inputs(
      readText: { path in
        guard path == "dir/talks.jsonl" else { throw PlanLoader.PlanInputError("no such file \(path)") }
        return """
          {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "a red bike"}, {"role": "assistant", "content": "a red bicycle at dusk"}]}
          {"messages": [{"role": "user", "content": "cat"}, {"role": "assistant", "content": "a cat"}]}

          """
      }, countTokens: { $0.split(separator: " ").count })
    let plan = try PlanRefinementTests.plan(
      PlanRefinementTests.pipeline(
        provider: "openai", finals: "10", acceptance: "1", refine: "model: gpt-6-luna, rounds_per_final: 1, conversation_file: talks.jsonl"),
      inputs: inputs)
    let refine = try #require(plan.workloads.first { $0.refine != nil }?.refine)
    // Inputs: (2 + 3) + (3 + 3) + 3 = 14 and (1 + 3) + 3 = 7 → mean 10.5 → 10 (half-even); outputs 5 and 2 → 3.5 → 4.
    #expect(refine.inputTokens == 10)
    #expect(refine.outputTokens == 4)
    #expect(refine.sampleConversations == 2)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.assumptions.contains { $0.id == RefineStage.messageOverheadAssumption })
    #expect(report.asPlanned.lines.first { $0.workload == "kv/refine" }?.isEstimate == true)
  }

  @Test(arguments: [
    (
      "model: gpt-image-2, rounds_per_final: 1, input_tokens: 1, output_tokens: 1",
      "workloads.kv.pipeline[0].model: 'gpt-image-2' is not a kind: text model"
    ),
    ("model: gpt-6-luna, input_tokens: 1, output_tokens: 1", "workloads.kv.pipeline[0]: missing required key 'rounds_per_final'"),
    (
      "model: gpt-6-luna, rounds_per_final: 1, input_tokens: 1",
      "workloads.kv.pipeline[0].output_tokens: a refine stage needs input_tokens and output_tokens"
    ),
    ("model: gpt-6-luna, rounds_per_final: lots, input_tokens: 1, output_tokens: 1", "rounds_per_final must be a number of calls per final"),
    ("model: gpt-6-luna, rounds_per_final: {min: 3, max: 1}, input_tokens: 1, output_tokens: 1", "rounds_per_final: min is greater than max"),
    (
      "model: gpt-6-luna, rounds_per_final: 1, input_tokens: 1, output_tokens: 1, conversation_file: x.jsonl",
      "give conversation_file or input_tokens and output_tokens, not both"
    ),
    ("model: gpt-6-luna, rounds_per_final: 1, input_tokens: 20000000, output_tokens: 1", "input_tokens"),
    ("model: gpt-5.6-luna, rounds_per_final: 1, input_tokens: 1, output_tokens: 1, cached_share: 2", "cached_share: expected a share from 0 to 1"),
  ])
  func badRefineStagesNameFileLineAndKey(refine: String, message: String) {
    let text = PlanRefinementTests.errors(PlanRefinementTests.pipeline(provider: "openai", finals: "1", acceptance: "1", refine: refine))
    #expect(text.contains(message), "\(text)")
    #expect(text.hasPrefix("dir/t.yaml:"), "\(text)")
  }

  @Test func aRefineStageMustComeBeforeTheImagesAndWithoutNeedsIt() {
    let last = PlanRefinementTests.errors(
      "workloads:\n  kv:\n    finals_per_month: 1\n    pipeline:\n"
        + "      - {id: final, model: gpt-image-2, per_final: 1}\n"
        + "      - {id: refine, kind: refine, model: gpt-6-luna, rounds_per_final: 1, input_tokens: 1, output_tokens: 1}\n")
    #expect(last.contains("dir/t.yaml:10:") && last.contains("the last stage must make the final images"), "\(last)")
    let orphan = PlanRefinementTests.errors(
      "workloads:\n  kv:\n    finals_per_month: 1\n    acceptance_rate: {with_refinement: 0.9, without: 0.5}\n    pipeline:\n"
        + "      - {id: final, model: gpt-image-2, per_final: 1}\n")
    #expect(orphan.contains("workloads.kv.acceptance_rate: acceptance_rate: {with_refinement, without} needs a stage of kind: refine"), "\(orphan)")
    // A text model without a rate on the pipeline's deployment is one sentence at the workload.
    let unpriced = PlanRefinementTests.errors(
      PlanRefinementTests.pipeline(
        provider: "azure", deployment: "datazone", finals: "1", acceptance: "1",
        refine: "model: gpt-6-luna, rounds_per_final: 1, input_tokens: 1, output_tokens: 1"))
    #expect(unpriced.contains("workloads.kv/refine:") && unpriced.contains("gpt-6-luna"), "\(unpriced)")
  }

  /// Every plan format carries the refine stage and its components; the golden files pin them.
  @Test func refinePlanFormatsMatchGoldenFiles() throws {
    let plan = try PlanRefinementTests.plan(
      months: 2,
      "budget: {amount: 60, period: quarter}\n"
        + PlanRefinementTests.pipeline(
          provider: "openai", finals: "100", acceptance: "{with_refinement: 0.9, without: 0.6}",
          refine: "model: gpt-6-luna, rounds_per_final: 3, input_tokens: 800, output_tokens: 200, cached_share: 0.5"))
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    for format in [OutputFormat.table, .md, .csv, .json] {
      try Golden.check(PlanRenderer.render(report, as: format), "plan-refine.\(format.rawValue)")
    }
    try Golden.check(PlanRenderer.html(report), "plan-refine.html")
    try Golden.check(FocusRenderer.render(report), "plan-refine.focus.csv")
    let csv = PlanRenderer.csv(report)
    // The refine stage prices text calls: its model, no quality or size; text in, cached text in and text out.
    #expect(
      csv.contains("as-planned,2027-01,kv/refine,gpt-6-luna,,,openai,standard,,0,334,0,0.01336,0.001336,,,,0.0334,,0.048096,false"),
      "\(csv.prefix(600))")
    let focus = FocusRenderer.render(report)
    #expect(focus.contains("gpt-6-luna cached text input (kv/refine)"))
  }
}
