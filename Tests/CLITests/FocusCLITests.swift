import Foundation
import TestSupport
import Testing

/// Issue 17 §3–4 through the binary: `--format focus` on plan, replay and report, the FinOps Foundation's
/// focus-validator on what they write, and `--excel`.
@Suite struct FocusCLITests {
  /// `scripts/focus-validate.sh`'s virtual environment (see the script).
  static let venv =
    ProcessInfo.processInfo.environment["IMAGECOST_FOCUS_VENV"]
    ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/imagecost/focus-validator").path
  /// `.ci/run` sets IMAGECOST_REQUIRE_ENGINES=1: there a missing validator is a failure, not a skip.
  static let required = ProcessInfo.processInfo.environment["IMAGECOST_REQUIRE_ENGINES"] == "1"
  static let installed = FileManager.default.isExecutableFile(atPath: venv + "/bin/focus-validator")

  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-focus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `scripts/focus-validate.sh` on `files`; its exit status and output. The validator (Python, DuckDB) runs at a
  /// lower priority, so the time-bound tests running beside it on a 2-core machine keep their CPU.
  static func validate(_ files: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["nice", "-n", "19", "bash", CLI.root.appendingPathComponent("scripts/focus-validate.sh").path] + files
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(
    .enabled(
      if: installed || required,
      "focus-validator is not installed (scripts/focus-validate.sh --install-only installs it; IMAGECOST_REQUIRE_ENGINES=1 makes this a failure)"))
  func planReplayAndReportFOCUSPassTheValidator() throws {
    let dir = try FocusCLITests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let plan = try CLI.run(["plan", "examples/spring-campaign.yaml", "--format", "focus"])
    #expect(plan.status == 0, "\(plan.stderr)")
    let log = dir.appendingPathComponent("log.jsonl").path
    try LedgerCLI.generate(records: 800, seed: 11, to: log)
    let replay = try CLI.run(["replay", log, "--format", "focus", "--by", "tag:team"])
    #expect(replay.status == 0, "\(replay.stderr)")
    let db = dir.appendingPathComponent("ledger.sqlite").path
    #expect(try CLI.run(["import", "--db", db, log]).status == 0)
    let report = try CLI.run(["report", "--db", db, "--format", "focus"])
    #expect(report.status == 0, "\(report.stderr)")
    var files: [String] = []
    for (name, text) in [("plan.focus.csv", plan.stdout), ("replay.focus.csv", replay.stdout), ("report.focus.csv", report.stdout)] {
      let path = dir.appendingPathComponent(name).path
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      files.append(path)
    }
    let result = try FocusCLITests.validate(files)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.components(separatedBy: "FOCUS 1.2 — Total:").count == 4, "\(result.output)")
    // The check can fail: the same plan rows without the mandatory BillingAccountId column do.
    let broken = dir.appendingPathComponent("broken.focus.csv").path
    let withoutAccount = plan.stdout.split(separator: "\r\n").map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 7 }.map(\.element).joined(separator: ",")
    }
    #expect(
      plan.stdout.hasPrefix("BilledCost,EffectiveCost,ListCost,ContractedCost,ListUnitPrice,ContractedUnitPrice,BillingCurrency,BillingAccountId,"))
    try Data((withoutAccount.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: broken))
    let failing = try FocusCLITests.validate([broken])
    #expect(failing.status == 1 && failing.output.contains("FAILED: CostAndUsage-D-024-M"), "\(failing.output)")
  }

  /// The same logged costs in replay's FOCUS rows as in its JSON total, to the nano-dollar; unpriced requests are
  /// said on stderr, not written as $0.
  /// A log's last representable month (December 9999) still has a billing period: it ends on 10000-01-01
  /// (a trap once, when the period's end went through the month arithmetic), in replay and in the ledger's report.
  @Test func focusBillingPeriodOfDecember9999() throws {
    let dir = try FocusCLITests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("late.jsonl").path
    let line =
      #"{"id":"a","time":"9999-12-31T10:00:00Z","model":"gpt-image-1","quality":"low","size":"1024x1024","status":200,"usage":{"input_tokens":20,"output_tokens":272}}"#
    try (line + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let replay = try CLI.run(["replay", log, "--format", "focus"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout.contains("9999-12-01T00:00:00Z,10000-01-01T00:00:00Z"))
    let db = dir.appendingPathComponent("ledger.db").path
    #expect(try CLI.run(["import", "--db", db, log]).status == 0)
    let report = try CLI.run(["report", "--db", db, "--format", "focus"])
    #expect(report.status == 0, "\(report.stderr)")
    #expect(report.stdout.contains("10000-01-01T00:00:00Z"))
  }

  @Test func replayFOCUSMatchesTheReplayTotal() throws {
    let focus = try CLI.run(["replay", "examples/logs/2026-10.jsonl", "--format", "focus"])
    #expect(focus.status == 0)
    #expect(focus.stderr.contains("1 unpriced request(s) have no FOCUS row"))
    let json = try CLI.run(["replay", "examples/logs/2026-10.jsonl", "--format", "json"])
    let total = try #require(json.stdout.firstMatch(of: #/"total_usd": "([0-9.]+)"/#)).output.1
    var nanos: Int64 = 0
    for line in focus.stdout.split(separator: "\r\n").dropFirst() {
      let cost = line.prefix { $0 != "," }.split(separator: ".")
      let fraction = cost.count == 2 ? String(cost[1]) : ""
      nanos += Int64(cost[0])! * 1_000_000_000 + Int64(fraction.padding(toLength: 9, withPad: "0", startingAt: 0))!
    }
    let parts = total.split(separator: ".")
    let expected = Int64(parts[0])! * 1_000_000_000 + Int64(String(parts[1]).padding(toLength: 9, withPad: "0", startingAt: 0))!
    #expect(nanos == expected)
  }

  @Test(arguments: [
    ["replay", "examples/logs/2026-10.jsonl", "--format", "focus", "--what-if", "model=gpt-image-2"],
    ["replay", "examples/logs/2026-10.jsonl", "--excel"],
    ["quote", "--model", "gpt-image-2", "--excel"],
    ["plan", "examples/spring-campaign.yaml", "--format", "md", "--excel"],
    ["pricing", "export", "--format", "json", "--excel"],
  ])
  func usageErrors(arguments: [String]) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == 64, "\(arguments): \(run.stderr)")
  }

  /// `--excel`: the byte-order mark on every CSV command, and the formula tag still neutralised.
  @Test(arguments: [
    ["pricing", "export", "--format", "csv", "--excel"],
    ["quote", "--model", "gpt-image-2", "--quality", "low", "--size", "1024x1024", "--format", "csv", "--excel"],
    ["plan", "examples/spring-campaign.yaml", "--format", "focus", "--excel"],
    ["replay", "examples/logs/2026-10.jsonl", "--format", "csv", "--excel"],
    ["models", "--format", "csv", "--excel"],
  ])
  func excelCSVStartsWithTheByteOrderMark(arguments: [String]) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.unicodeScalars.first == "\u{FEFF}" && run.stdout.dropFirst().first?.isLetter == true)
  }

  @Test func aFormulaTagStaysNeutralisedWithExcel() throws {
    let dir = try FocusCLITests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("formula.jsonl")
    let line =
      #"{"id":"f1","time":"2026-11-20T10:00:00Z","provider":"openai","model":"gpt-image-2","operation":"generate","quality":"low","size":"1024x1024","n":1,"status":200,"tags":{"project":"=HYPERLINK(\"x\")"},"usage":{"input_tokens":20,"input_tokens_details":{"text_tokens":20,"image_tokens":0},"output_tokens":196}}"#
    try Data((line + "\n").utf8).write(to: log)
    let run = try CLI.run(["replay", log.path, "--by", "tag:project", "--format", "csv", "--excel"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\r\n\"'=HYPERLINK(\"\"x\"\")\","), "\(run.stdout)")
  }
}
