import CostCore
import CostIO
import Testing

/// Issue 16 §1: plans and candidates know when a model is retired on its provider.
@Suite struct PlanLifecycleTests {
  static func plan(start: String, months: Int = 3, _ body: String) throws -> Plan {
    try PlanLoader.parse("schema_version: 1\nname: t\nstart: \(start)\nmonths: \(months)\n" + body, file: "t.yaml", book: Golden.book)
  }

  /// Start 2026-12, 3 months: gpt-image-1.5 shut down on OpenAI on 2026-12-01; 2.6 is served from 2026-11-04.
  static let body = """
    defaults: {provider: openai}
    workloads:
      a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}
    candidates:
      on-1.5: {model: gpt-image-1.5, quality: low}
      on-2.6-flare: {model: gpt-image-2.6-flare, quality: low}

    """

  @Test func aCandidateOnAModelRetiredInThePlanIsInfeasibleAndNamesDateAndSuccessor() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(try Self.plan(start: "2026-12", Self.body))
    let old = try #require(report.candidates.first { $0.id == "on-1.5" })
    #expect(!old.isFeasible)
    #expect(old.infeasible.contains { $0.contains("2026-12-01") && $0.contains("gpt-image-2.6-sunburst") }, "\(old.infeasible)")
    // Never ranked among the feasible ones.
    let firstInfeasible = try #require(report.candidates.firstIndex { !$0.isFeasible })
    #expect(report.candidates.firstIndex { $0.id == "on-1.5" }! >= firstInfeasible)
    #expect(report.candidates.first { $0.id == "on-2.6-flare" }?.isFeasible == true)
  }

  /// gpt-image-1.5 retires on Azure on 2026-12-16 (successor gpt-image-2): from December the workload moves.
  @Test func theSuccessorPolicyMovesTheWorkloadFromTheRetirementMonth() throws {
    let plan = try Self.plan(
      start: "2026-10", months: 4,
      """
      defaults: {provider: azure, on_retirement: successor}
      workloads:
        a: {model: gpt-image-1.5, quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}

      """)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let models = report.asPlanned.lines.map { "\($0.month) \($0.model)" }
    #expect(models == ["2026-10 gpt-image-1.5", "2026-11 gpt-image-1.5", "2026-12 gpt-image-2", "2027-01 gpt-image-2"])
    // Independent arithmetic for December: 100 requests × (10 × $5/M + 196 × $30/M) on gpt-image-2, Azure Global.
    let december = try #require(report.asPlanned.lines.first { $0.month.description == "2026-12" })
    #expect(december.cost == USD(nanos: 100 * (10 * 5_000 + 196 * 30_000)))
    #expect(report.lifecycle.first?.movedTo == "gpt-image-2")
    #expect(report.asPlanned.lifecycle != .retired, "nothing runs on a retired model")
  }

  @Test func thePlanAsWrittenIsFlaggedAndImagecostAddsTheSuccessorCandidate() throws {
    let plan = try Self.plan(
      start: "2026-12",
      """
      defaults: {provider: openai}
      workloads:
        a: {model: gpt-image-1.5, quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}

      """)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.asPlanned.lifecycle == .retired)
    #expect(report.lifecycle.map(\.month.description) == ["2026-12", "2027-01", "2027-02"])
    let moved = try #require(report.candidates.first { $0.id == PlanSimulator.successorCandidateID })
    #expect(moved.isFeasible)
    #expect(Set(moved.lines.map(\.model)) == ["gpt-image-2.6-sunburst"], "moved for the whole plan")
    #expect(moved.lifecycle == .active)
  }

  @Test(arguments: [
    ("gpt-image-2", "openai", false),  // no retirement announced
    ("gpt-image-1.5", "azure", true),  // retires 2026-12-16, within the plan
    ("gpt-image-1-mini", "azure", false),  // 2027-04-07: more than 90 days after the plan's last day (2026-12-31)
  ])
  func theSuccessorCandidateAppearsOnlyWhenAModelRetiresWithinThePlanOrTheWindow(model: String, provider: String, added: Bool) throws {
    let plan = try Self.plan(
      start: "2026-10",
      """
      defaults: {provider: \(provider)}
      workloads:
        a: {model: \(model), quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}

      """)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(report.candidates.contains { $0.id == PlanSimulator.successorCandidateID } == added)
  }

  /// Issue 16 §5: the capacity warning names the real cause when the plan's tier is not one of the provider's.
  @Test func capacityWarningNamesAMissingTier() throws {
    let plan = try Self.plan(
      start: "2026-12",
      """
      defaults: {provider: openai}
      capacity: {tier: default}
      workloads:
        a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}

      """)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    #expect(
      report.warnings.contains { $0.contains("capacity.tier 'default' is not a tier of gpt-image-2 on openai (its tiers: tier-1") },
      "\(report.warnings)")
  }
}
