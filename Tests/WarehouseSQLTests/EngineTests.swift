import Foundation
import TestSupport
import Testing

/// The generated SQL run on real engines (DuckDB, Spark in `local[2]`) through `engine_check.py`, compared with
/// `imagecost replay --format json` on the same logs: totals, each group's cost, images, coverage, component costs
/// and quantities, and unpriced counts, to the nano-dollar. Skipped with the reason when the engine's Python
/// module is missing — unless `IMAGECOST_REQUIRE_ENGINES=1` (CI), which makes that a failure.
@Suite(.serialized) struct EngineTests {
  static let checker = ImagecostBinary.root.appendingPathComponent("Tests/WarehouseSQLTests/engine_check.py").path
  static let required = ProcessInfo.processInfo.environment["IMAGECOST_REQUIRE_ENGINES"] == "1"
  static let every = "day,model,quality,size,operation,provider,deployment"

  static func available(_ module: String) -> Bool {
    (try? runPython(["-c", "import \(module)"]).status) == 0
  }

  @Test(.enabled(if: required || available("duckdb"), "python3 module duckdb is missing (pip install duckdb)"))
  func duckDBMatchesReplayOnTheBundledAndGeneratedLogs() async throws {
    let dir = try temporaryDirectory()
    let generated = dir.appendingPathComponent("generated-100k.jsonl").path
    try await generate(["scripts/generate-request-log.py", "--records", "100000", "--seed", "11", "--output", generated])
    let varied = dir.appendingPathComponent("varied.jsonl").path
    try await generate([Self.checker, "--varied-log", varied, "--records", "10000", "--seed", "5"])
    try await check(engine: "duckdb", logs: ["examples/logs/2026-10.jsonl", generated, varied], by: ["month,model", Self.every])
  }

  /// Each record at one day's rates (`--date` / `--price-date`).
  @Test(.enabled(if: required || available("duckdb"), "python3 module duckdb is missing (pip install duckdb)"))
  func duckDBMatchesReplayAtOnePriceDate() async throws {
    let varied = try temporaryDirectory().appendingPathComponent("varied.jsonl").path
    try await generate([Self.checker, "--varied-log", varied, "--records", "5000", "--seed", "8"])
    try await check(engine: "duckdb", logs: [varied], by: ["month,model"], extra: ["--date", "2026-06-15"])
  }

  /// A copy of the book whose gpt-image-1 rates on OpenAI are not whole nano-dollars per token ($5.0005 per 1M:
  /// every odd token count is a tie, rounded to even; $10.0003: fractions either side of a half), so that the
  /// per-line half-even rounding is exercised on the engine, not only the integer paths of the real book.
  @Test(.enabled(if: required || available("duckdb"), "python3 module duckdb is missing (pip install duckdb)"))
  func duckDBRoundsEachLineHalfEvenAsReplayDoes() async throws {
    let dir = try temporaryDirectory()
    let book = try bookWithFractionalNanos(in: dir)
    let varied = dir.appendingPathComponent("varied.jsonl").path
    try await generate([Self.checker, "--varied-log", varied, "--records", "10000", "--seed", "21"])
    try await check(engine: "duckdb", logs: [varied], by: ["month,model"], extra: ["--pricing", book])
  }

  @Test(.enabled(if: required || available("pyspark"), "python3 module pyspark is missing (pip install pyspark)"))
  func sparkMatchesReplay() async throws {
    let dir = try temporaryDirectory()
    let generated = dir.appendingPathComponent("generated-10k.jsonl").path
    try await generate(["scripts/generate-request-log.py", "--records", "10000", "--seed", "11", "--output", generated])
    let varied = dir.appendingPathComponent("varied.jsonl").path
    try await generate([Self.checker, "--varied-log", varied, "--records", "3000", "--seed", "5"])
    try await check(engine: "spark", logs: [generated, varied], by: ["month,model", Self.every])
  }

  // MARK: - Helpers

  private func check(engine: String, logs: [String], by: [String], extra: [String] = []) async throws {
    var arguments = [Self.checker, "--engine", engine, "--binary", ImagecostBinary.url.path] + extra
    for log in logs { arguments += ["--log", log] }
    for grouping in by { arguments += ["--by", grouping] }
    let run = try await Self.python(arguments)
    print(run.output)
    #expect(run.status != 77 || !Self.required, "IMAGECOST_REQUIRE_ENGINES=1 but \(engine) is unavailable: \(run.output)")
    #expect(run.status == 0 || run.status == 77, "\(engine) differs from replay:\n\(run.output)")
    #expect(run.status != 0 || run.output.contains("equal"), "the check compared nothing:\n\(run.output)")
  }

  private func generate(_ arguments: [String]) async throws {
    let run = try await Self.python(arguments)
    try #require(run.status == 0, "\(arguments.joined(separator: " ")) failed: \(run.output)")
  }

  private func bookWithFractionalNanos(in dir: URL) throws -> String {
    let book = dir.appendingPathComponent("pricing")
    try FileManager.default.copyItem(at: ImagecostBinary.root.appendingPathComponent("pricing"), to: book)
    let file = book.appendingPathComponent("openai.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    let published = "prices: {text_input: 5.00, cached_text_input: 1.25, image_input: 10.00, cached_image_input: 2.50, image_output: 40.00}"
    let fractional = "prices: {text_input: 5.0005, cached_text_input: 1.25, image_input: 10.0003, cached_image_input: 2.50, image_output: 40.0005}"
    try #require(text.contains(published), "openai.yaml no longer has gpt-image-1's standard row as this test expects")
    try text.replacingOccurrences(of: published, with: fractional).write(to: file, atomically: true, encoding: .utf8)
    return book.path
  }

  private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-sql-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Runs `python3 arguments…` on a thread of its own (an engine run takes minutes: waiting for it on the test
  /// runner's cooperative threads would starve the suites beside it, such as the stand-in HTTP server's).
  static func python(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Result { try runPython(arguments) }) }.start()
    }
  }

  /// Runs `python3 arguments…` in the checkout with `IMAGECOST_TODAY` pinned; stdout and stderr together.
  static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    process.currentDirectoryURL = ImagecostBinary.root
    var environment = ProcessInfo.processInfo.environment
    environment["IMAGECOST_TODAY"] = "2026-11-24"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
