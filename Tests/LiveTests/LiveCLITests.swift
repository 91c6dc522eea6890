import CostCore
import Foundation
import ImageAPI
import StandInServer
import TestSupport
import Testing

/// Runs the built `imagecost` binary.
enum Binary {
  static let url = ImagecostBinary.url

  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static func process(_ arguments: [String], environment extra: [String: String], in directory: URL) -> (Process, Pipe, Pipe) {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    // Before gpt-image-1's retirement (2026-10-23), so live runs of it are not refused.
    environment["IMAGECOST_TODAY"] = "2026-10-01"
    environment["IMAGECOST_PRICING"] = Live.root.appendingPathComponent("pricing").path
    environment["NO_COLOR"] = "1"
    environment.removeValue(forKey: "AZURE_OPENAI_API_KEY")
    environment.removeValue(forKey: "OPENAI_API_KEY")
    environment.removeValue(forKey: "AZURE_OPENAI_ENDPOINT")
    // Never the user's ledger: each test's own folder holds its own (tests also pass --db where it matters).
    environment["IMAGECOST_DB"] = directory.appendingPathComponent("ledger.sqlite").path
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    return (process, out, err)
  }

  /// Runs to the end, off the cooperative thread pool (the stand-in server lives in this process).
  static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL) async throws -> Result {
    let (process, out, err) = process(arguments, environment: environment, in: directory)
    try process.run()
    return await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        continuation.resume(
          returning: Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self)))
      }
    }
  }
}

func temporaryFolder(_ name: String) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

func writePlan(_ folder: URL, _ text: String) throws -> String {
  let path = folder.appendingPathComponent("plan.yaml")
  try Data(text.utf8).write(to: path)
  return path.path
}

@Suite(.serialized) struct LiveCLITests {
  static let plan = """
    schema_version: 1
    kind: live
    name: CLI test
    defaults: {model: gpt-image-1, quality: low, size: 1024x1024}
    calls:
      plain:
        prompt: A red bicycle leaning on a whitewashed wall
        repeat: 3
      streamed:
        prompt: A lighthouse at dusk
        partial_images: 2
    """

  @Test func dryRunPrintsThePredictionAndSendsNothing() async throws {
    let folder = try temporaryFolder("dry")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(
      ["live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Predicted $0.05"))
    #expect(run.stderr.contains("Nothing was sent"))
    #expect(server.served.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ledger.sqlite").path))
  }

  @Test func refusesWhenThePredictionExceedsTheCap() async throws {
    let folder = try temporaryFolder("refuse")
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(["live", "run", plan, "--deployment", "img1=gpt-image-1", "--max-spend", "0.01", "--yes"], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("exceeds --max-spend $0.01; nothing was sent"))
  }

  @Test func maxSpendIsRequired() async throws {
    let folder = try temporaryFolder("required")
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(["live", "run", plan, "--deployment", "img1=gpt-image-1", "--yes"], in: folder)
    #expect(run.status == 64)
    #expect(run.stderr.contains("--max-spend"))
  }

  @Test func runThenReconcileAttributesKnownDrift() async throws {
    let folder = try temporaryFolder("drift")
    defer { try? FileManager.default.removeItem(at: folder) }
    // +6 text tokens per call beyond the book's overhead, +16 image output tokens per image, partial images not billed.
    let server = try await Live.server(drift: .init(textTokenOverhead: 12, imageOutputExtra: 16, partialImagesInUsage: false))
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let db = folder.appendingPathComponent("journal/ledger.sqlite").path
    let run = try await Binary.run(
      [
        "live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes", "--format", "json",
        "--db", db,
      ],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
    #expect(server.served.count == 4)
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(summary["ledger"] as? String == db)
    let runID = try #require(summary["run_id"] as? String)

    let reconcile = try await Binary.run(["reconcile", "--run", "last", "--format", "json", "--db", db], in: folder)
    #expect(reconcile.status == 0, "\(reconcile.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(reconcile.stdout.utf8)) as? [String: Any])
    let total = try #require(json["total"] as? [String: Any])
    let attribution = try #require(total["attribution"] as? [String: String])
    // 4 calls × 6 text tokens × $5/1M = $0.00012; 4 × 16 image tokens × $40/1M = $0.00256;
    // the streamed call's 2 partial images (200 tokens × $40/1M) were not billed: -$0.008.
    #expect(attribution["text-token overhead"] == "0.00012")
    #expect(attribution["output table"] == "0.00256")
    #expect(attribution["partial images"] == "-0.008")
    #expect(attribution.count == 3)
    let components = try #require(total["components"] as? [[String: Any]])
    let text = try #require(components.first { $0["component"] as? String == "text_input" })
    #expect(text["token_delta"] as? Int == 24)
    let explanations = try #require(json["explanations"] as? [[String: Any]])
    let overhead = try #require(explanations.first { $0["cause"] as? String == "text-token overhead" })
    #expect((overhead["detail"] as? String)?.contains("+24 text input tokens over 4 calls (+6 per call)") == true)
    let predicted = try #require(Decimal(string: total["predicted_usd"] as? String ?? ""))
    let actual = try #require(Decimal(string: total["actual_usd"] as? String ?? ""))
    #expect(actual - predicted == Decimal(string: "0.00012")! + Decimal(string: "0.00256")! - Decimal(string: "0.008")!)

    // The run found by its id gives the same report; an unknown id is one sentence naming the ledger.
    let byID = try await Binary.run(["reconcile", "--run", runID, "--format", "json", "--db", db], in: folder)
    #expect(byID.status == 0, "\(byID.stderr)")
    #expect(byID.stdout == reconcile.stdout)
    let unknown = try await Binary.run(["reconcile", "--run", "run-nope", "--db", db], in: folder)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("The ledger \(db) has no live run 'run-nope'."))
    let status = try await Binary.run(["live", "status", "--db", db], in: folder)
    #expect(status.stdout.contains("No unfinished calls in the ledger \(db) (1 run recorded)."), "\(status.stdout)")

    let table = try await Binary.run(["reconcile", "--run", "last", "--db", db], in: folder)
    #expect(table.stdout.contains("text-token overhead: $0.00012"))
    #expect(table.stdout.contains("OVER 5.0%"))
    let html = try await Binary.run(["reconcile", "--run", "last", "--format", "html", "--db", db], in: folder)
    #expect(html.status == 0, "\(html.stderr)")
    #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("The gap by cause") && html.stdout.contains("text-token overhead"))
  }

  @Test func reconcileAgainstAnExportMatchesDayAndModel() async throws {
    let folder = try temporaryFolder("export")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(
      ["live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let export = """
      {"object":"page","data":[{"object":"bucket","start_time":0,"end_time":86400,"results":[
      {"object":"organization.costs.result","amount":{"value":0.06,"currency":"usd"},"line_item":"gpt-image-1, input and output","project_id":null}]}],"has_more":false,"next_page":null}
      """
    try Data(export.utf8).write(to: folder.appendingPathComponent("costs.json"))
    let reconcile = try await Binary.run(["reconcile", "--actuals", "costs.json", "--since", "1970-01-01", "--format", "json"], in: folder)
    #expect(reconcile.status == 0, "\(reconcile.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(reconcile.stdout.utf8)) as? [String: Any])
    #expect(json["exported_usd"] as? String == "0.06")
    let attribution = try #require(json["attribution"] as? [String: String])
    // The export's only day (1970-01-01) has no journalled calls, and the run's day is not in the export.
    #expect(attribution["time-window mismatch"] != nil)
    let html = try await Binary.run(["reconcile", "--actuals", "costs.json", "--since", "1970-01-01", "--format", "html"], in: folder)
    #expect(html.status == 64 && html.stderr.contains("--format html is for a run's reconciliation"), "\(html.stderr)")
  }
}
