import Foundation
import Testing

/// The one exit-code policy: each kind of failure prints one sentence once on stderr, nothing on stdout for a
/// refused job, and exits 1 (a failed job), 3 (a tripped gate) or 64 (a usage error).
@Suite struct ErrorPolicyTests {
  /// A folder with an empty log, a broken plan, a broken live plan and saved plan and quote reports.
  static let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-errors-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try! Data().write(to: url.appendingPathComponent("empty.jsonl"))
    try! Data("name: x\n".utf8).write(to: url.appendingPathComponent("plan.yaml"))
    try! Data("schema_version: 1\nkind: live\nname: x\ncalls:\n  a: {model: gpt-image-2}\n".utf8)
      .write(to: url.appendingPathComponent("live.yaml"))
    let plan = try! CLI.run(["plan", "examples/spring-campaign.yaml", "--format", "json"])
    try! Data(plan.stdout.utf8).write(to: url.appendingPathComponent("plan.json"))
    let quote = try! CLI.run(["quote", "--model", "gpt-image-1", "--format", "json"])
    try! Data(quote.stdout.utf8).write(to: url.appendingPathComponent("quote.json"))
    return url
  }()

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  static let cases: [([String], Int32, String)] = [
    // A failed job: "error: " and the sentence.
    (["replay", path("empty.jsonl"), "--strict"], 1, "error: 1 file(s) gave no records (--strict)."),
    (["diff", path("plan.json"), path("quote.json")], 1, "but \(path("quote.json")) is imagecost.quote/1; compare reports of the same kind."),
    (["quote", "--model", "gpt-image-0"], 1, "error: "),
    // A file error begins with its path, line and key.
    (["plan", path("plan.yaml")], 1, "\(path("plan.yaml")):1:1: missing required key 'schema_version'"),
    (["live", "run", path("live.yaml"), "--deployment", "d=gpt-image-2", "--max-spend", "1"], 1, "nothing was sent."),
    // A tripped gate.
    (["budget", "examples/spring-campaign.yaml", "--amount", "1", "--fail-on-over"], 3, "over the budget, first "),
    // A usage error, reported by the argument parser.
    (["quote", "--model", "gpt-image-1", "-n", "0"], 64, "-n must be 1 or more, not 0."),
  ]

  @Test(arguments: cases)
  func failurePrintsOnceAndExits(arguments: [String], status: Int32, text: String) throws {
    let run = try CLI.run(arguments)
    #expect(run.status == status, "\(arguments): \(run.stderr)")
    #expect(run.stderr.components(separatedBy: text).count == 2, "'\(text)' once in: \(run.stderr)")
    if status == 1 { #expect(!run.stderr.contains("Error: "), "printed by the policy, not the parser: \(run.stderr)") }
  }

  @Test func aFileErrorHasNoErrorPrefix() throws {
    let run = try CLI.run(["plan", Self.path("plan.yaml")])
    #expect(run.stderr.hasPrefix(Self.path("plan.yaml") + ":"), "\(run.stderr)")
    let live = try CLI.run(["live", "run", Self.path("live.yaml"), "--deployment", "d=gpt-image-2", "--max-spend", "1"])
    #expect(live.stderr.hasPrefix(Self.path("live.yaml") + ":"), "\(live.stderr)")
    #expect(live.stderr.contains("nothing was sent") && !live.stderr.contains("nothing was written"))
  }
}
