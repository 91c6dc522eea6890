import CostIO
import Foundation
import TestSupport
import Testing

/// Runs the built binary: `imagecost pricing sync`, its exit codes, its output and its proposed book.
enum SyncCLI {
  typealias Run = ImagecostRun

  /// Runs the binary in `directory` on the sync tests' pinned day, 2026-12-02.
  static func run(_ arguments: [String], in directory: URL = SyncFixtures.directory) throws -> Run {
    try ImagecostBinary.run(arguments, today: "2026-12-02", in: directory)
  }

  static let pages = ["azure-page1.json", "azure-page2.json"]
  static let book = ["--pricing", "book"]

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-sync-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func fingerprint(_ directory: String) throws -> String {
    PriceBookLoader.fingerprint(files: try PriceBookLoader.readFiles(directory: directory))
  }
}

@Suite struct SyncCLITests {
  @Test func differencesExitThreeAndAreListed() throws {
    let run = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + ["--litellm", "litellm.json"] + SyncCLI.book)
    #expect(run.status == 3, "\(run.stderr)")
    #expect(
      run.stdout.contains("Price sync on 2026-12-02: Azure Retail Prices API (official), LiteLLM model_prices_and_context_window.json (secondary)"))
    #expect(run.stdout.contains("3 changed, 0 new model, 5 new meter, 1 missing, 1 retirement differs, 3 ignored"))
    #expect(run.stdout.contains("0.01 per 1K tokens (10.00 per 1M tokens)"))
    #expect(run.stdout.contains("Differences found: review them (exit 3)."))
  }

  @Test func jsonAndMarkdownFormats() throws {
    let run = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + SyncCLI.book + ["--format", "json"])
    #expect(run.status == 3)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(json["differs"] as? Bool == true)
    #expect(json["date"] as? String == "2026-12-02")
    let counts = try #require(json["counts"] as? [String: Int])
    #expect(counts["changed"] == 1 && counts["new_meter"] == 3 && counts["missing"] == 1 && counts["unchanged"] == 12)
    let findings = try #require(json["findings"] as? [[String: Any]])
    let changed = try #require(findings.first { $0["kind"] as? String == "changed" })
    #expect((changed["book"] as? [String: Any])?["amount_usd"] as? String == "0.01")
    #expect((changed["source_price"] as? [String: Any])?["normalized_usd"] as? String == "12.00")
    #expect(changed["effective"] as? String == "2026-11-01")
    #expect(changed["book_location"] as? String == "book/azure.yaml:6")
    let md = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + SyncCLI.book + ["--format", "md"])
    #expect(md.stdout.hasPrefix("# Price sync on 2026-12-02"))
    #expect(md.stdout.contains("| changed "))
  }

  @Test func nothingDiffersExitsZero() throws {
    let run = try SyncCLI.run(["pricing", "sync", "--azure-retail", "azure-agreeing.json"] + SyncCLI.book)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("0 changed, 0 new model, 0 new meter, 0 missing, 0 retirement differs, 0 ignored, 14 unchanged"))
    #expect(run.stdout.contains("Nothing differs from the book (exit 0)."))
  }

  @Test func errorsExitOneWithOneSentenceNamingFileAndKey() throws {
    let dir = try SyncCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.json")
    try Data(
      #"{"Items": [{"meterName": "gpt-image-1-inp-txt-glbl Tokens", "unitOfMeasure": "1K", "retailPrice": "five", "effectiveStartDate": "2025-04-01"}]}"#
        .utf8
    ).write(to: bad)
    let run = try SyncCLI.run(["pricing", "sync", "--azure-retail", bad.path] + SyncCLI.book)
    #expect(run.status == 1)
    #expect(run.stderr == "error: \(bad.path): Items[0].retailPrice: expected a number, found a string\n")
    #expect(run.stdout.isEmpty)
    let missing = try SyncCLI.run(["pricing", "sync", "--litellm", "no-such-file.json"] + SyncCLI.book)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no-such-file.json"))
  }

  @Test(arguments: [
    ["pricing", "sync"],
    ["pricing", "sync", "--azure-retail"],
    ["pricing", "sync", "--azure-retail", "--fetch", "azure-page1.json"],
    ["pricing", "sync", "azure-page1.json"],
    ["pricing", "sync", "--azure-retail", "azure-page1.json", "--endpoint", "http://127.0.0.1:1/"],
    ["pricing", "sync", "--azure-retail", "--fetch", "--retries", "99"],
    ["pricing", "sync", "--litellm", "litellm.json", "--format", "yaml"],
    ["pricing", "sync", "--litellm", "litellm.json", "--date", "2026-13-01"],
  ])
  func usageErrorsExitSixtyFour(arguments: [String]) throws {
    let run = try SyncCLI.run(arguments + SyncCLI.book)
    #expect(run.status == 64, "\(arguments): \(run.stderr)")
    #expect(!run.stderr.isEmpty)
  }

  @Test func itRefusesToWriteIntoTheBookDirectory() throws {
    let before = try SyncCLI.fingerprint(SyncFixtures.bookDirectory)
    for out in ["book", "book/", "./book/../book", SyncFixtures.bookDirectory] {
      let run = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + SyncCLI.book + ["--out", out])
      #expect(run.status == 1, "\(out)")
      #expect(run.stderr.contains("--out: is the price book directory itself; pricing sync never edits the book in place"), "\(run.stderr)")
    }
    #expect(try SyncCLI.fingerprint(SyncFixtures.bookDirectory) == before)
  }

  @Test func theProposedBookPassesPricingCheckAndNothingIsHalfWritten() throws {
    let dir = try SyncCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("pricing-proposed").path
    let before = try SyncCLI.fingerprint(SyncFixtures.bookDirectory)
    let run = try SyncCLI.run(
      ["pricing", "sync", "--azure-retail"] + SyncCLI.pages + ["--litellm", "litellm.json"] + SyncCLI.book + ["--out", out])
    #expect(run.status == 3, "\(run.stderr)")
    #expect(run.stdout.contains("Proposed book written to \(out) (sources SYNC-AZ-2026-12-02, SYNC-LL-2026-12-02)"))
    #expect(run.stdout.contains("applied: new row from 2026-11-01 in azure.yaml"))
    let check = try SyncCLI.run(["pricing", "check", out])
    #expect(check.status == 0, "\(check.stderr)")
    // The newest source was read on the run's date.
    #expect(check.stdout.contains(": OK — 8 files") && check.stdout.contains(" 2026-12-02,"), "\(check.stdout)")
    // Every file of the book is there, plus the sync's own file for rows with no place in the book.
    let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(
      names == [
        "assumptions.yaml", "azure.yaml", "meters.yaml", "models.yaml", "openai.yaml", "sources.yaml", "sync-2026-12-02.yaml", "token-rules.yaml",
      ])
    // No temporary directory is left beside it, and the book is untouched.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["pricing-proposed"])
    #expect(try SyncCLI.fingerprint(SyncFixtures.bookDirectory) == before)
    // A second run replaces the earlier proposal; a directory holding other things is refused.
    #expect(try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + SyncCLI.book + ["--out", out]).status == 3)
    try Data("notes".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    let refused = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + SyncCLI.book + ["--out", dir.path])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("already exists and holds notes.txt, pricing-proposed"), "\(refused.stderr)")
  }

  /// The real price book: its meter patterns load, and a sync of the fixture pages runs against it.
  @Test func smokeTestOnTheRealBook() throws {
    let real = ImagecostBinary.root.appendingPathComponent("pricing").path
    let run = try SyncCLI.run(["pricing", "sync", "--azure-retail"] + SyncCLI.pages + ["--pricing", real, "--format", "json"])
    #expect(run.status == 3 || run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let counts = try #require(json["counts"] as? [String: Int])
    #expect((counts["unchanged"] ?? 0) > 0)
  }
}
