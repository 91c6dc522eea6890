import Foundation
import Testing

/// Issue 16 §4: budget gates through the built binary — exit 3 when a budget period is over (the point estimate, or
/// with --trials the chosen percentile), 0 when none is, 64 for usage errors — and the compact Markdown summary.
@Suite struct BudgetGateCLITests {
  /// Plans written for these tests: a certain one, an uncertain one and a large one, with saved JSON reports.
  static let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-gates-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) { try! Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    // 1,000 low 1024x1024 gpt-image-2 images a month on OpenAI: the point estimate is well under $100 a quarter.
    let workload = "workloads:\n  a: {model: gpt-image-2, provider: openai, quality: low, size: 1024x1024, prompt_tokens: 50, "
    write(
      "certain.yaml",
      "schema_version: 1\nname: certain\nstart: 2027-01\nmonths: 3\nbudget: {amount: 100, period: quarter}\n" + workload + "images_per_month: 1000}\n"
    )
    // The same with a wide lognormal volume and a total budget just 1 % above the point estimate: P90 is over it.
    let point = try! CLI.run(["plan", url.appendingPathComponent("certain.yaml").path, "--format", "json"])
    let total = try! #require((try! CLI.json(point))["total_usd"] as? String)
    let budget = Double(total)! * 1.01
    write(
      "uncertain.yaml",
      "schema_version: 1\nname: uncertain\nstart: 2027-01\nmonths: 3\nbudget: {amount: \(String(format: "%.2f", budget)), period: total}\n" + workload
        + "images_per_month: {p10: 500, p90: 1500}}\n")
    // 1,500 workloads with long names: its compact summary is longer than a pull-request comment may be.
    func large(_ images: Int) -> String {
      "schema_version: 1\nname: large\nstart: 2027-01\nmonths: 2\nbudget: {amount: 1, period: month}\nworkloads:\n"
        + (0..<1_500).map {
          "  team-\($0)-campaign-hero-banner-variant-for-regional-market-\($0 % 37): {model: gpt-image-2, provider: openai, quality: low, "
            + "size: 1024x1024, prompt_tokens: 50, images_per_month: \(images + $0)}\n"
        }.joined()
    }
    write("large.yaml", large(100))
    write("large-old.yaml", large(90))
    let old = try! CLI.run(["plan", url.appendingPathComponent("large-old.yaml").path, "--format", "json"])
    write("large-old.json", old.stdout)
    let certainOld = try! CLI.run(["plan", url.appendingPathComponent("certain.yaml").path, "--format", "json"])
    write("certain-old.json", certainOld.stdout)
    return url
  }()

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  static let cases: [([String], Int32)] = [
    // The bundled plan is over its $400 a month in 2027-04 and 2027-05.
    (["plan", "examples/spring-campaign.yaml", "--fail-on-over"], 3),
    (["budget", "examples/spring-campaign.yaml", "--fail-on-over"], 3),
    // Its months cost $360.45, $372.20, $384.75, $398.87, $437.56 and $455.40 (2026-12 to 2027-05). As a quarterly budget
    // of $1,400: Q4 2026 gets $466.67 (one month), Q1 $1,400 ($1,155.81 spent), Q2 $933.33 ($892.97) — none over.
    (["budget", "examples/spring-campaign.yaml", "--amount", "1400", "--period", "quarter", "--fail-on-over"], 0),
    // $1,100 a quarter: Q1 2027 ($1,155.81) is over.
    (["budget", "examples/spring-campaign.yaml", "--amount", "1100", "--period", "quarter", "--fail-on-over"], 3),
    // $2,409.23 in all.
    (["budget", "examples/spring-campaign.yaml", "--amount", "2400", "--period", "total", "--fail-on-over"], 3),
    (["budget", "examples/spring-campaign.yaml", "--amount", "2410", "--period", "total", "--fail-on-over"], 0),
    (["budget", "examples/spring-campaign.yaml", "--amount", "2400", "--period", "total"], 0),
    (["plan", path("certain.yaml"), "--fail-on-over"], 0),
    // The uncertain plan: its point estimate passes; its P90 does not; its P10 does.
    (["plan", path("uncertain.yaml"), "--fail-on-over"], 0),
    (["plan", path("uncertain.yaml"), "--fail-on-over", "--trials", "2000", "--seed", "4"], 3),
    (["plan", path("uncertain.yaml"), "--fail-on-over", "--trials", "2000", "--seed", "4", "--fail-percentile", "10"], 0),
    (["budget", path("uncertain.yaml"), "--fail-on-over", "--trials", "2000", "--seed", "4"], 3),
    // Usage errors.
    (["budget", "examples/spring-campaign.yaml", "--period", "quarter"], 64),
    (["budget", "examples/spring-campaign.yaml", "--amount", "10", "--period", "week"], 64),
    (["plan", "examples/spring-campaign.yaml", "--fail-on-over", "--fail-percentile", "100"], 64),
    (["plan", "examples/spring-campaign.yaml", "--compact"], 64),
    (["plan", "examples/spring-campaign.yaml", "--format", "md", "--baseline", path("certain-old.json")], 64),
  ]

  @Test(arguments: cases)
  func exitCodes(arguments: [String], status: Int32) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == status, "\(arguments): \(run.stderr)")
    if status == 3 {
      #expect(run.stderr.contains("over the budget, first "), "\(run.stderr)")
      #expect(!run.stdout.isEmpty, "the report is printed before the gate trips")
    }
  }

  @Test func theGateNamesThePercentileItUsed() throws {
    let run = try CLI.run(["plan", Self.path("uncertain.yaml"), "--fail-on-over", "--trials", "2000", "--seed", "4", "--fail-percentile", "80"])
    #expect(run.stderr.contains("1 of 1 budget period(s) at the P80 are over the budget, first total"), "\(run.stderr)")
  }

  @Test func budgetUsesThePlansBudgetAndPeriod() throws {
    let run = try CLI.run(["budget", Self.path("certain.yaml"), "--format", "json"])
    let json = try CLI.json(run)
    #expect(json["period"] as? String == "quarter")
    #expect(json["amount_usd"] as? String == "100.00")
    let periods = try #require(json["periods"] as? [[String: Any]])
    #expect(periods.map { $0["period"] as? String } == ["2027-Q1"])
  }

  /// A large plan's summary is cut in the middle to fit a pull-request comment; a small one is whole.
  @Test func compactSummaryFitsAComment() throws {
    let large = try CLI.run(["plan", Self.path("large.yaml"), "--format", "md", "--compact", "--baseline", Self.path("large-old.json")])
    #expect(large.status == 0, "\(large.stderr)")
    #expect(large.stdout.utf8.count <= 65_536 + 1, "\(large.stdout.utf8.count) bytes")  // + the final line break
    #expect(large.stdout.utf8.count > 60_000, "the summary uses the room it has")
    #expect(large.stdout.contains("lines cut from the middle to keep this summary within 65,536 characters"))
    #expect(large.stdout.hasPrefix("### imagecost plan: large\n"))
    #expect(large.stdout.contains("Biggest changes against large-old.json** (10 of "))
    #expect(large.stdout.contains("<sub>Amounts rounded to cents"), "the end survives the cut")
    let small = try CLI.run(["plan", Self.path("certain.yaml"), "--format", "md", "--compact", "--baseline", Self.path("certain-old.json")])
    #expect(!small.stdout.contains("cut from the middle"))
    #expect(small.stdout.contains("**Biggest changes against certain-old.json**: none."), "\(small.stdout)")
    #expect(small.stdout.utf8.count < 2_000)
  }
}
