import Foundation
import Testing

/// Issue 13: the book current on its review day — new models, names as logs write them, staleness.
@Suite struct PriceBookCurrencyTests {
  /// The 2.5 and 2.6 models price at their published per-1M rates, with the output tokens labelled an estimate.
  @Test(arguments: [
    ("gpt-image-2.5-flare", "2026-12-02"), ("gpt-image-2.5-sunburst", "2026-12-02"), ("gpt-image-2.6-flare", "2026-12-02"),
    ("gpt-image-2.6-sunburst", "2026-12-02"),
  ])
  func newModelsPriceAtPublishedRatesAsEstimates(model: String, day: String) throws {
    let run = try CLI.run([
      "quote", "--model", model, "--provider", "openai", "--quality", "medium", "--size", "1024x1024", "--prompt-tokens", "100",
      "--date", day, "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    let components = try #require(json["components"] as? [[String: Any]])
    let text = try #require(components.first { $0["kind"] as? String == "text_input" })
    let image = try #require(components.first { $0["kind"] as? String == "image_output" })
    #expect(text["rate_usd"] as? String == "5.00")
    #expect(image["rate_usd"] as? String == "30.00")
    #expect(image["basis"] as? String == "estimate")
    #expect(json["estimate"] as? Bool == true)
    let ids = (json["assumptions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    #expect(ids.contains { $0.hasSuffix("-output-estimate") })
    // Independent arithmetic: 100 × $5/M + tokens × $30/M, tokens from the borrowed formula (medium 1024² = 1,756).
    #expect(json["total_usd"] as? String == "0.05318")
  }

  /// Dated snapshots and other letter cases resolve to the model in quote, plan and replay.
  @Test func dateSnapshotNamesPriceEverywhere() throws {
    let quote = try CLI.run([
      "quote", "--model", "gpt-image-2-2026-04-21", "--provider", "openai", "--quality", "low", "--size", "1024x1024", "--prompt-tokens", "0",
      "--date", "2026-12-02", "--format", "json",
    ])
    #expect(quote.status == 0, "\(quote.stderr)")
    #expect(try CLI.json(quote)["model"] as? String == "gpt-image-2")
    #expect(try CLI.json(quote)["total_usd"] as? String == "0.00588")

    let log = FileManager.default.temporaryDirectory.appendingPathComponent("alias-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: log) }
    let lines = [
      #"{"id":"a1","time":"2026-11-20T10:00:00Z","provider":"openai","model":"gpt-image-2-2026-04-21","operation":"generate","quality":"low","size":"1024x1024","n":1,"status":200,"usage":{"input_tokens":20,"input_tokens_details":{"text_tokens":20,"image_tokens":0},"output_tokens":196}}"#,
      #"{"id":"a2","time":"2026-11-20T10:00:01Z","provider":"openai","model":"GPT-Image-2.5-Sunburst-2026-09-08","operation":"generate","quality":"high","size":"1024x1024","n":1,"status":200,"usage":{"input_tokens":10,"input_tokens_details":{"text_tokens":10,"image_tokens":0},"output_tokens":1000}}"#,
    ]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
    let replay = try CLI.run(["replay", log.path, "--by", "model", "--format", "json"])
    #expect(replay.status == 0, "\(replay.stderr)")
    let json = try CLI.json(replay)
    let groups = try #require(json["groups"] as? [[String: Any]])
    let models = groups.compactMap { ($0["key"] as? [String: Any])?["model"] as? String ?? ($0["model"] as? String) }
    #expect(Set(models) == ["gpt-image-2", "gpt-image-2.5-sunburst"], "\(groups)")
    // 20 × $5/M + 196 × $30/M  +  10 × $5/M + 1,000 × $30/M
    #expect((json["totals"] as? [String: Any])?["cost_usd"] as? String == "0.03603")
  }

  /// An unknown name is never $0: the error suggests the nearest known names.
  @Test func unknownModelSuggestsNearestNames() throws {
    let run = try CLI.run(["quote", "--model", "gpt-imgae-2", "--provider", "openai"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("did you mean gpt-image-2"), "\(run.stderr)")
  }

  /// The staleness warning appears once the pricing date is more than 45 days after the review date (2026-12-02).
  @Test(arguments: [("2026-12-02", false), ("2027-01-16", false), ("2027-01-17", true), ("2027-01-31", true)])
  func stalenessWarningAroundTheThreshold(day: String, stale: Bool) throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-2", "--provider", "openai", "--quality", "low", "--size", "1024x1024", "--date", day, "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    let book = try #require(json["price_book"] as? [String: Any])
    #expect(book["reviewed"] as? String == "2026-12-02")
    #expect(book["stale"] as? Bool == stale)
    let warnings = json["warnings"] as? [String] ?? []
    #expect(warnings.contains { $0.contains("imagecost pricing sync") } == stale, "\(warnings)")
    let table = try CLI.run(["quote", "--model", "gpt-image-2", "--provider", "openai", "--date", day])
    #expect(table.stdout.contains("STALE") == stale)
  }
}

@Suite struct PriceBookCheckCommandTests {
  /// `pricing check` with no directory checks the book imagecost uses (it used to stop with a parser error).
  @Test func checksTheDefaultBookWithoutArguments() throws {
    let run = try CLI.run(["pricing", "check"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("OK"))
    #expect(run.stdout.contains("text models"))
  }

  /// DALL·E 3 HD HighRes has a regional meter only in four regions; elsewhere it is refused, never $0.
  @Test(arguments: [("eastus", true), ("westus2", true), ("northcentralus", false)])
  func dalle3HDHighResRegions(region: String, priced: Bool) throws {
    let run = try CLI.run([
      "quote", "--model", "dall-e-3", "--quality", "hd", "--size", "1792x1024", "--provider", "azure", "--deployment-type", "regional",
      "--region", region, "--date", "2026-01-10", "--format", "json",
    ])
    #expect((run.status == 0) == priced, "\(run.stderr)")
    if priced { #expect(try CLI.json(run)["total_usd"] as? String == "0.132") } else { #expect(run.stderr.contains("no price")) }
  }
}

/// Issue 16 §4: budget gates for a CI job.
@Suite struct BudgetGateTests {
  @Test func budgetUsesThePlansBudgetWithoutAmount() throws {
    let run = try CLI.run(["budget", "examples/spring-campaign.yaml", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let text = run.stdout
    #expect(text.contains("\"400.00") || text.contains("\"400\""), "the plan's $400 a month: \(text.prefix(400))")
  }

  /// Exit 3 when a month is over (the bundled plan is over $400 in its last months), 0 when none is.
  @Test(arguments: [
    (["budget", "examples/spring-campaign.yaml", "--fail-on-over"], Int32(3)),
    (["budget", "examples/spring-campaign.yaml", "--amount", "100000", "--fail-on-over"], Int32(0)),
    (["budget", "examples/spring-campaign.yaml", "--amount", "100"], Int32(0)),
    (["plan", "examples/spring-campaign.yaml", "--fail-on-over"], Int32(3)),
    (["plan", "examples/spring-campaign.yaml"], Int32(0)),
  ])
  func failOnOverExitsThree(arguments: [String], status: Int32) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == status, "\(arguments): \(run.stderr)")
    if status == 3 { #expect(run.stderr.contains("over the budget")) }
  }
}

/// Issue 17 §4: a tag from a user's log cannot become a formula in a spreadsheet.
@Suite struct SpreadsheetSafeCSVTests {
  @Test func aFormulaTagIsNeutralisedInTheReplayCSV() throws {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("formula-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: log) }
    let line =
      #"{"id":"f1","time":"2026-11-20T10:00:00Z","provider":"openai","model":"gpt-image-2","operation":"generate","quality":"low","size":"1024x1024","n":1,"status":200,"tags":{"project":"=HYPERLINK(\"x\")"},"usage":{"input_tokens":20,"input_tokens_details":{"text_tokens":20,"image_tokens":0},"output_tokens":196}}"#
    try Data((line + "\n").utf8).write(to: log)
    let run = try CLI.run(["replay", log.path, "--by", "tag:project", "--format", "csv"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\"'=HYPERLINK(\"\"x\"\")\""), "\(run.stdout)")
    #expect(!run.stdout.contains(",=HYPERLINK") && !run.stdout.contains("\"=HYPERLINK"))
  }
}

/// Issue 16 §5: `plan --date` changes the pricing date, as its help says.
@Suite struct PlanDateTests {
  @Test func planDatePricesEveryMonthAtThatDay() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-date-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let plan = dir.appendingPathComponent("p.yaml")
    // Azure's gpt-image-2 meters start on 2026-05-01.
    try Data(
      """
      schema_version: 1
      name: d
      start: 2026-06
      months: 2
      defaults: {provider: azure}
      workloads:
        a: {model: gpt-image-2, quality: low, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}

      """.utf8
    ).write(to: plan)
    let asWritten = try CLI.run(["plan", plan.path, "--format", "json"])
    #expect(asWritten.status == 0, "\(asWritten.stderr)")
    let before = try CLI.run(["plan", plan.path, "--date", "2026-04-15", "--format", "json"])
    #expect(before.status != 0, "no gpt-image-2 rate on Azure on 2026-04-15: --date must be used")
    let after = try CLI.run(["plan", plan.path, "--date", "2026-12-02"])
    #expect(after.status == 0, "\(after.stderr)")
    #expect(after.stdout.contains("Every month is priced at the rates effective on 2026-12-02 (--date)."))
  }
}

/// README examples of this change, through the binary.
@Suite struct ReadmeExampleTests {
  /// `--input-image-rule gpt-image-2-patches`: 1,024 input tokens for a 1024² input instead of the tile rule's 4,354.
  @Test(arguments: [(nil, 4354), ("gpt-image-2-patches", 1024)] as [(String?, Int)])
  func inputImageRuleThroughTheCLI(rule: String?, tokens: Int) throws {
    var arguments = [
      "quote", "--model", "gpt-image-2", "--provider", "openai", "--operation", "edit", "--input-image", "1024x1024", "--quality", "low",
      "--prompt-tokens", "10", "--date", "2026-12-02", "--format", "json",
    ]
    if let rule { arguments += ["--input-image-rule", rule] }
    let run = try CLI.run(arguments)
    #expect(run.status == 0, "\(run.stderr)")
    let components = try #require(try CLI.json(run)["components"] as? [[String: Any]])
    #expect(components.first { $0["kind"] as? String == "image_input" }?["quantity"] as? Int == tokens)
  }

  @Test func anUnknownInputImageRuleIsOneSentence() throws {
    let run = try CLI.run(["quote", "--model", "gpt-image-2", "--operation", "edit", "--input-image", "1024x1024", "--input-image-rule", "nope"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("gpt-image-2 has no input-image rule 'nope'; use one of tiles-512, gpt-image-2-patches."), "\(run.stderr)")
  }

  /// `budget --date` prices every month at that day's rates, as `plan --date` does.
  @Test func budgetDateIsUsed() throws {
    let at = try CLI.run(["budget", "examples/spring-campaign.yaml", "--date", "2026-10-01"])
    #expect(at.status != 0, "gpt-image-2.6 has no rate before 2026-11-04: --date must be used")
    #expect(try CLI.run(["budget", "examples/spring-campaign.yaml", "--date", "2026-12-02"]).status == 0)
  }
}
