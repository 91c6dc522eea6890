import Foundation
import TestSupport
import Testing

/// `--format html` on replay, report and export inputs, through the binary.
@Suite struct HTMLReportCLITests {
  @Test func replayWritesOneSelfContainedPage() throws {
    let run = try ImagecostBinary.run(
      ["replay", "examples/logs/2026-10.jsonl", "--by", "model,tag:project", "--budget", "0.50/month", "--format", "html"], today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    let page = run.stdout
    #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
    #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
    for section in ["id=\"daily\"", "id=\"chart-burn-down\"", "id=\"breakdown\"", "By tag project", "id=\"coverage\"", "id=\"unpriced\""] {
      #expect(page.contains(section), "missing \(section)")
    }
    #expect(page.contains("Generated 2026-11-24T00:00:00Z by imagecost"))
  }

  @Test func reportOfTheLedgerToo() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("ledger.sqlite").path
    let imported = try ImagecostBinary.run(["import", "examples/logs/2026-10.jsonl", "--db", db], today: "2026-11-24")
    #expect(imported.status == 0, "\(imported.stderr)")
    let run = try ImagecostBinary.run(["report", "--db", db, "--by", "model", "--format", "html"], today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("imagecost ledger report") && run.stdout.contains("UNPRICED"))
    let actual = try ImagecostBinary.run(["report", "--db", db, "--actual", "--format", "html"], today: "2026-11-24")
    #expect(actual.status == 64 && actual.stderr.contains("--format html pages priced requests"), "\(actual.stderr)")
  }
}
