import Foundation
import TestSupport
import Testing

/// One run of the built `imagecost` binary: stdout, stderr and the exit code.
typealias CLIRun = ImagecostRun

enum CLI {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let binary = ImagecostBinary.url

  /// Runs the binary in the checkout (or `directory`) with the CLI tests' pinned day, 2026-11-24.
  static func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: URL? = nil) throws -> CLIRun {
    try ImagecostBinary.run(arguments, today: "2026-11-24", environment: extra, in: directory)
  }

  static func json(_ run: CLIRun) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }
}

@Suite struct QuoteCommandTests {
  @Test func seedExampleHighQuality() throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-1", "--quality", "high", "--size", "1024x1024", "--prompt-tokens", "50", "--requests", "1000", "--format",
      "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    #expect(json["total_usd"] as? String == "166.65")
    #expect(json["per_request_usd"] as? String == "0.16665")
    #expect(json["requests"] as? Int == 1000)
    let components = try #require(json["components"] as? [[String: Any]])
    #expect(components.map { $0["kind"] as? String } == ["text_input", "image_output"])
    #expect(components.last?["quantity"] as? Int == 4160)
    #expect(components.last?["rate_usd"] as? String == "40.00")
    #expect(components.last?["effective_from"] as? String == "2025-04-01")
    #expect(components.last?["source"] as? String == "S10")
    let book = try #require(json["price_book"] as? [String: Any])
    #expect((book["fingerprint"] as? String)?.count == 64)
    #expect(json["assumptions"] is [[String: Any]])
    #expect(json["warnings"] is [Any])
  }

  @Test func seedExampleMiniMedium() throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-1-mini", "--quality", "medium", "--size", "1024x1024", "--prompt-tokens", "50", "--requests", "1000", "--format",
      "json",
    ])
    #expect(try CLI.json(run)["total_usd"] as? String == "8.548")
  }

  @Test func editWithHighFidelityAndN() throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-1", "--quality", "medium", "--size", "1024x1536", "--operation", "edit", "--input-image", "1024x1024",
      "--input-image", "1536x1024", "--input-fidelity", "high", "-n", "2", "--prompt-tokens", "47", "--n-billing", "per_request",
      "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let components = try #require(try CLI.json(run)["components"] as? [[String: Any]])
    let byKind = Dictionary(uniqueKeysWithValues: components.map { ($0["kind"] as! String, $0["quantity"] as! Int) })
    // 4354 + 6563 input-image tokens (the issue's usage example shows 4354 for one 1024² high-fidelity image).
    #expect(byKind["image_input"] == 10917)
    #expect(byKind["image_output"] == 1584 * 2)
    #expect(byKind["text_input"] == 47)
  }

  @Test func promptTextIsCountedExactlyWithOverhead() throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-2", "--quality", "high", "--size", "2048x1152", "--prompt", "a red bicycle", "--partial-images", "2", "--format",
      "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    let components = try #require(json["components"] as? [[String: Any]])
    let text = try #require(components.first { $0["kind"] as? String == "text_input" })
    #expect(text["quantity"] as? Int == 3 + 6)  // o200k "a red bicycle" = 3 tokens, + 6 per-request overhead
    let output = try #require(components.first { $0["kind"] as? String == "image_output" })
    #expect(output["quantity"] as? Int == 5650 + 200)
    let ids = (json["assumptions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    #expect(ids.contains("generation-prompt-overhead"))
    #expect(ids.contains("gpt-image-2-no-text-output"))
  }

  @Test func dalle3RegionalTier() throws {
    let run = try CLI.run([
      "quote", "--model", "dall-e-3", "--quality", "hd", "--size", "1792x1024", "--provider", "azure", "--deployment-type", "regional", "--region",
      "swedencentral", "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try CLI.json(run)["total_usd"] as? String == "0.1452")
  }

  @Test(arguments: [
    ("table", "Total"), ("md", "| Component |"), ("csv", "date,model,provider"), ("json", "\"total_usd\": \"166.65\""),
  ])
  func everyFormat(format: String, marker: String) throws {
    let run = try CLI.run([
      "quote", "--model", "gpt-image-1", "--quality", "high", "--size", "1024x1024", "--prompt-tokens", "50", "--requests", "1000", "--format",
      format,
    ])
    #expect(run.status == 0)
    #expect(run.stdout.contains(marker))
  }

  @Test func retiredModelWarnsButPrices() throws {
    let run = try CLI.run(["quote", "--model", "gpt-image-1", "--provider", "openai", "--quality", "low", "--format", "json"])
    #expect(run.status == 0)
    let warnings = try #require(try CLI.json(run)["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("2026-10-23") && $0.contains("gpt-image-2") })
    #expect(run.stderr.contains("retired"))
  }

  /// Invalid combinations: a clear sentence on stderr, nothing on stdout, exit code ≠ 0.
  @Test(arguments: [
    (["--model", "gpt-image-1", "--size", "1792x1024"], "not supported by gpt-image-1"),
    (["--model", "dall-e-3", "-n", "2"], "only n=1"),
    (
      ["--model", "gpt-image-1-mini", "--operation", "edit", "--input-image", "1024x1024", "--input-fidelity", "high"],
      "does not support input_fidelity"
    ),
    (["--model", "gpt-image-2", "--operation", "edit", "--input-image", "1024x1024", "--input-fidelity", "high"], "must be omitted"),
    (["--model", "gpt-image-1", "--quality", "hd"], "Quality 'hd' is not available for gpt-image-1"),
    (
      ["--model", "gpt-image-1", "--operation", "edit"] + Array(repeating: ["--input-image", "512x512"], count: 17).flatMap { $0 },
      "at most 16 input images"
    ),
    (["--model", "gpt-image-1", "--deployment-type", "regional"], "No meter prices gpt-image-1 in azure regional"),
    (["--model", "gpt-image-2", "--deployment-type", "batch", "--provider", "azure", "--size", "1000x1000"], "multiples of 16"),
    (["--model", "dall-e-3", "--deployment-type", "regional"], "pass --region"),
    (["--model", "gpt-image-9"], "Unknown model 'gpt-image-9'"),
    (["--model", "gpt-image-1", "--provider", "openai", "--deployment-type", "global"], "has no deployment type 'global'"),
  ])
  func invalidCombinations(arguments: [String], message: String) throws {
    let run = try CLI.run(["quote"] + arguments)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(message), "stderr was: \(run.stderr)")
  }

  /// The option groups `replay` and `report` share, and replay's own flags: a usage error naming the flag.
  @Test(arguments: [
    (["replay", "examples/logs/2026-10.jsonl", "--jobs", "0"], "--jobs must be at least 1"),
    (["replay", "examples/logs/2026-10.jsonl", "--by", "colour"], "--by 'colour' is not one of"),
    (["replay", "examples/logs/2026-10.jsonl", "--price-date", "tomorrow"], "--price-date 'tomorrow' is not a date"),
    (["replay", "examples/logs/2026-10.jsonl", "--what-if", "colour=red"], "--what-if 'colour=red' must be KEY=VALUE pairs"),
    (["replay", "examples/logs/2026-10.jsonl", "--deployment", "img1"], "--deployment 'img1' must be NAME=MODEL"),
    (["replay", "examples/logs/2026-10.jsonl", "--source", "xml"], "--source must be one of"),
    (["replay", "examples/logs/usage.csv", "--source", "csv"], "--source csv needs --map"),
    (["report", "--by", "colour"], "--by 'colour' is not one of"),
    (["report", "--what-if", "colour=red"], "--what-if 'colour=red' must be KEY=VALUE pairs"),
    (["import", "examples/logs/2026-10.jsonl", "--deployment", "img1"], "--deployment 'img1' must be NAME=MODEL"),
  ])
  func replayAndReportFlagsAreValidated(arguments: [String], message: String) throws {
    // The ledger commands get a ledger path that is never created (validation fails first).
    let ledger = ["--db", FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID()).sqlite").path]
    let run = try CLI.run(arguments + (arguments[0] == "replay" ? [] : ledger))
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(message), "stderr was: \(run.stderr)")
  }

  @Test func badFlagIsAUsageError() throws {
    let run = try CLI.run(["quote", "--model", "gpt-image-1", "--size", "big"])
    #expect(run.status == 64)
    #expect(run.stderr.contains("--size 'big' is not a size"))
  }
}

@Suite struct OtherCommandTests {
  @Test func modelsOnAzure() throws {
    let run = try CLI.run(["models", "--provider", "azure", "--date", "2026-11-24", "--format", "json"])
    #expect(run.status == 0)
    let models = try #require(try CLI.json(run)["models"] as? [[String: Any]])
    #expect(models.filter { $0["kind"] as? String == "image" }.count == 10)
    #expect(models.contains { $0["kind"] as? String == "text" && $0["id"] as? String == "gpt-4o-mini" })
    let image2 = try #require(models.first { $0["id"] as? String == "gpt-image-2" })
    #expect(image2["deployment_types"] as? [String] == ["global", "datazone", "batch", "datazone-batch"])
    let table = try CLI.run(["models", "--provider", "openai", "--date", "2026-11-24"])
    #expect(table.stdout.contains("retired 2026-10-23"))
  }

  @Test func pricingCheckPassesOnTheBook() throws {
    let run = try CLI.run(["pricing", "check", "pricing"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("OK"))
  }

  /// A deliberately broken copy of the book: each break is reported as file:line: message, exit 1.
  @Test(arguments: [
    ("image_output: 0.04}", "image_output: -0.04}", "azure.yaml:11: rates[0].prices.image_output: price '-0.04' is negative"),
    ("image_output: 0.04}", "image_output: 0.0.4}", "azure.yaml:11: rates[0].prices.image_output: '0.0.4' is not a valid price"),
    ("    source: S10\n    assumption: azure-dalle2", "    source: S10\n    colour: red\n    assumption: azure-dalle2", "unknown key 'colour'"),
    ("effective_from: 2025-09-01\n    source: S10", "effective_from: 2025-09-01\n    source: S99", "cites source 'S99', which is not defined"),
    ("prices: {cached_text_input: 0.001375,", "prices: {text_input: 0.001375,", "overlaps the rate at"),
    (
      "standard: {1024x1024: 2.00, 512x512: 2.00, 256x256: 2.00}", "standard: {1024x1024: 2.00, 512x512: 2.00, 2048x2048: 2.00}",
      "dall-e-2 does not support size 2048x2048, yet a price is given for it"
    ),
  ])
  func pricingCheckReportsABrokenCopy(original: String, broken: String, message: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-broken-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("pricing"), to: dir)
    defer { try? FileManager.default.removeItem(at: dir) }
    let azure = dir.appendingPathComponent("azure.yaml")
    let text = try String(contentsOf: azure, encoding: .utf8)
    #expect(text.contains(original), "fixture text not found in azure.yaml")
    try text.replacingOccurrences(of: original, with: broken).write(to: azure, atomically: true, encoding: .utf8)
    let run = try CLI.run(["pricing", "check", dir.path])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(message), "stderr was: \(run.stderr)")
    // Every diagnostic line starts with file:line.
    for line in run.stderr.split(separator: "\n").dropLast() {
      #expect(line.hasPrefix(dir.path + "/azure.yaml:"), "\(line)")
    }
  }

  @Test func pricingExportIsTidy() throws {
    let run = try CLI.run(["pricing", "export", "--format", "csv"])
    #expect(run.status == 0)
    let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(lines.first?.hasPrefix("provider,deployment_type,region,model,component") == true)
    #expect(lines.contains { $0.hasPrefix("azure,regional,swedencentral,dall-e-3,image,hd,1792x1024,14.52,100 images,0.1452,per image,2025-09-01") })
    let json = try CLI.run(["pricing", "export", "--format", "json"])
    #expect(try CLI.json(json)["rates"] is [[String: Any]])
  }

  @Test func tokensCountsJapaneseExactly() throws {
    let run = try CLI.run(["tokens", "桜の花が満開の公園で、着物を着た女性が微笑んでいる写真"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("25 tokens"))
    #expect(run.stdout.contains("31 text tokens"))
  }

  @Test func tokensPerLineCSV() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString).txt")
    try Data("a red bicycle\r\n桜の花\n\n  spaced  \n".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try CLI.run(["tokens", "--file", file.path, "--per-line", "--format", "csv"])
    #expect(run.status == 0)
    let rows = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.first == "line,characters,tokens,billed_estimate,approximate,text")
    #expect(rows.count == 5)
    #expect(rows[3].hasPrefix("3,0,0,"))
    #expect(rows[4] == "4,10,3,9,false,  spaced  ")
  }

  @Test func tokensRejectsInvalidUTF8WithOffset() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).txt")
    try Data([0x61, 0x62, 0xFF, 0x63]).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try CLI.run(["tokens", "--file", file.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("byte offset 2"))
  }

  @Test func promptOverTheModelLimit() throws {
    let run = try CLI.run(["tokens", String(repeating: "a", count: 1001), "--model", "dall-e-2"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("at most 1000"))
  }

  @Test func emptyPromptIsOverheadOnly() throws {
    let run = try CLI.run(["tokens", "", "--format", "json"])
    #expect(run.status == 0)
    let items = try #require(try CLI.json(run)["items"] as? [[String: Any]])
    #expect(items.first?["tokens"] as? Int == 0)
    #expect(items.first?["billed_estimate"] as? Int == 6)
  }
}

@Suite struct BundledReportTests {
  /// `models` statuses on 2026-12-02 for both providers against the sources (update of 2026-12-02).
  @Test(
    arguments: [
      ("openai", "gpt-image-1", "retired", nil, "2026-10-23"), ("openai", "gpt-image-1-mini", "retired", nil, "2026-12-01"),
      ("openai", "gpt-image-1.5", "retired", nil, "2026-12-01"), ("openai", "dall-e-3", "retired", nil, "2026-05-12"),
      ("openai", "gpt-image-2", "active", nil, nil), ("openai", "gpt-image-2.6-sunburst", "active", nil, nil),
      ("openai", "gpt-4o-mini", "retiring", "2027-01-14", nil), ("openai", "gpt-6-luna", "active", nil, nil),
      ("azure", "gpt-image-1", "retired", nil, "2026-10-23"), ("azure", "dall-e-2", "retired", nil, "2025-01-27"),
      ("azure", "dall-e-3", "retired", nil, "2026-03-04"), ("azure", "gpt-image-1.5", "retiring", "2026-12-16", nil),
      ("azure", "gpt-image-1-mini", "active", "2027-04-07", nil), ("azure", "gpt-image-2", "active", "2027-10-21", nil),
      ("azure", "gpt-image-2.5-flare", "not offered", nil, nil),
    ] as [(String, String, String, String?, String?)])
  func modelStatusesOnTheReviewDay(provider: String, model: String, status: String, retiresOn: String?, retiredOn: String?) throws {
    let run = try CLI.run(["models", "--provider", provider, "--date", "2026-12-02", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let models = try #require(try CLI.json(run)["models"] as? [[String: Any]])
    let entry = try #require(models.first { $0["id"] as? String == model })
    #expect(entry["status"] as? String == status)
    #expect(entry["retires_on"] as? String == retiresOn)
    #expect(entry["retired_on"] as? String == retiredOn)
  }

  /// Every report in reports/ is what the current build prints for its command (reports/examples.tsv).
  @Test func reportsAreNotStale() throws {
    let manifest = try String(contentsOf: CLI.root.appendingPathComponent("reports/examples.tsv"), encoding: .utf8)
    let entries = manifest.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
    #expect(entries.count >= 5)
    for entry in entries {
      let parts = entry.split(separator: "\t", maxSplits: 1).map(String.init)
      try #require(parts.count == 2)
      let run = try CLI.run(parts[1].split(separator: " ").map(String.init))
      #expect(run.status == 0, "\(parts[1]): \(run.stderr)")
      let expected = try String(contentsOf: CLI.root.appendingPathComponent("reports/\(parts[0])"), encoding: .utf8)
      #expect(run.stdout == expected, "reports/\(parts[0]) is stale; run scripts/regenerate-reports.sh")
    }
  }
}

@Suite struct PlanCommandTests {
  @Test func writesEveryFormatToOut() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-out-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try CLI.run(["plan", "examples/spring-campaign.yaml", "--out", dir.path, "--format", "md,csv,json,html"])
    #expect(run.status == 0, "\(run.stderr)")
    for ext in ["md", "csv", "json", "html"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plan.\(ext)").path))
    }
    // The files hold exactly what the same formats print to stdout.
    let printed = try CLI.run(["plan", "examples/spring-campaign.yaml", "--format", "json"])
    #expect(try String(contentsOf: dir.appendingPathComponent("plan.json"), encoding: .utf8) == printed.stdout)
    let html = try String(contentsOf: dir.appendingPathComponent("plan.html"), encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script"))
  }

  @Test func aFailingPlanWritesNothing() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-out-\(UUID().uuidString)")
    let plan = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
    try Data(
      "schema_version: 1\nname: bad\nstart: 2026-12\nmonths: 2\nworkloads:\n  a: {model: gpt-image-1, size: 999x999, images_per_month: 5}\n".utf8
    ).write(to: plan)
    defer { try? FileManager.default.removeItem(at: plan) }
    let run = try CLI.run(["plan", plan.path, "--out", dir.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains(":6:6: workloads.a: Size 999x999 is not supported by gpt-image-1"))
    #expect(!FileManager.default.fileExists(atPath: dir.path))
  }
}

@Suite struct DiffCommandTests {
  @Test func comparesTwoPlanRuns() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-diff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("examples/prompts"), to: dir.appendingPathComponent("prompts"))
    let plan = try String(contentsOf: CLI.root.appendingPathComponent("examples/spring-campaign.yaml"), encoding: .utf8)
    try plan.replacingOccurrences(of: "images_per_month: 600", with: "images_per_month: 900")
      .write(to: dir.appendingPathComponent("new.yaml"), atomically: true, encoding: .utf8)
    let old = try CLI.run(["plan", "examples/spring-campaign.yaml", "--format", "json"])
    let new = try CLI.run(["plan", dir.appendingPathComponent("new.yaml").path, "--format", "json"])
    try old.stdout.write(to: dir.appendingPathComponent("old.json"), atomically: true, encoding: .utf8)
    try new.stdout.write(to: dir.appendingPathComponent("new.json"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["diff", dir.appendingPathComponent("old.json").path, dir.appendingPathComponent("new.json").path, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let items = try #require(try CLI.json(run)["items"] as? [[String: Any]])
    let hero = try #require(items.first { $0["item"] as? String == "workload hero-banners" })
    #expect(hero["delta_percent"] as? String == "+50.0%")  // 600 → 900 images, every month
    let edits = try #require(items.first { $0["item"] as? String == "workload product-edits" })
    #expect(edits["delta_usd"] as? String == "0.00")
    let oldTotal = try #require(usdNanos(try CLI.json(old)["total_usd"] as? String))
    let newTotal = try #require(usdNanos(try CLI.json(new)["total_usd"] as? String))
    let total = try #require(items.first { $0["item"] as? String == "total" })
    #expect(usdNanos(total["delta_usd"] as? String) == newTotal - oldTotal)
  }

  @Test func refusesMixedOrForeignDocuments() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("x-\(UUID().uuidString).json")
    try Data("{\"schema\": \"other/1\"}".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try CLI.run(["diff", file.path, file.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("'other/1' document"))
  }
}

/// Nano-dollars from a decimal string such as "12.5" (test helper; no floating point).
func usdNanos(_ text: String?) -> Int64? {
  guard let text else { return nil }
  let parts = text.split(separator: ".", omittingEmptySubsequences: false)
  guard let whole = Int64(parts[0]) else { return nil }
  let fraction = parts.count > 1 ? String(parts[1]) : ""
  guard fraction.count <= 9, let digits = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
  var scale: Int64 = 1
  for _ in 0..<(9 - fraction.count) { scale *= 10 }
  return whole * 1_000_000_000 + (text.hasPrefix("-") ? -digits : digits) * scale
}

@Suite struct BudgetCommandTests {
  @Test func monthsOverAndCrossing() throws {
    let run = try CLI.run(["budget", "examples/spring-campaign.yaml", "--amount", "350", "--period", "month", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    let months = try #require(json["months"] as? [[String: Any]])
    let over = months.filter { $0["over"] as? Bool == true }.compactMap { $0["month"] as? String }
    #expect(json["first_crossing"] as? String == over.first)
    // Every month's cost is the plan's monthly cost, and remaining = budget − cost exactly.
    let plan = try CLI.json(try CLI.run(["plan", "examples/spring-campaign.yaml", "--format", "json"]))
    let monthly = try #require(plan["monthly_usd"] as? [[String: Any]])
    for (a, b) in zip(months, monthly) {
      #expect(a["cost_usd"] as? String == b["cost_usd"] as? String)
      let cost = try #require(usdNanos(a["cost_usd"] as? String))
      let remaining = try #require(usdNanos(a["remaining_usd"] as? String))
      #expect(remaining == 350_000_000_000 - cost)
      #expect((a["over"] as? Bool) == (cost > 350_000_000_000))
    }
  }

  @Test func rejectsBadAmount() throws {
    let run = try CLI.run(["budget", "examples/spring-campaign.yaml", "--amount", "1,500"])
    #expect(run.status == 64)
    #expect(run.stderr.contains("--amount '1,500'"))
  }
}

@Suite struct ReplayCommandTests {
  @Test func replaysTheExampleLog() throws {
    let run = try CLI.run(["replay", "examples/logs/2026-10.jsonl", "--by", "month,model", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try CLI.json(run)
    #expect(json["schema"] as? String == "imagecost.replay/1")
    #expect((json["unpriced"] as? [[String: Any]])?.count == 1)
    #expect(json["duplicate_ids"] as? Int == 1)
  }

  @Test func strictFailsWhenAnythingIsUnpriced() throws {
    let run = try CLI.run(["replay", "examples/logs/2026-10.jsonl", "--strict"])
    #expect(run.status == 1)
    #expect(run.stdout.contains("UNPRICED"))
    #expect(run.stderr.contains("unpriced (--strict)"))
  }

  @Test func malformedLineNamesFileAndLine() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl")
    try Data("{\"id\":\"a\",\"time\":\"2026-10-01T00:00:00Z\",\"model\":\"gpt-image-1\"}\n{oops\n".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try CLI.run(["replay", file.path])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("\(file.path):2: not valid JSON"))
    #expect(run.stderr.contains("--skip-bad"))
    let skipped = try CLI.run(["replay", file.path, "--skip-bad"])
    #expect(skipped.status == 0)
    #expect(skipped.stdout.contains("Skipped 1 malformed line"))
  }
}
