import Foundation
import TestSupport
import Testing

/// Every report says when it was generated (by the run's clock), by which imagecost, at which pricing date and
/// with which price book — in its text and in its JSON.
@Suite struct ReportStampTests {
  static let version: String = {
    let run = try? ImagecostBinary.run(["--version"], today: "2026-11-24")
    return run?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
  }()

  @Test(arguments: [
    ["quote", "--model", "gpt-image-2", "--quality", "low", "--size", "1024x1024"],
    ["plan", "examples/spring-campaign.yaml", "--format", "md"],
    ["budget", "examples/spring-campaign.yaml", "--format", "md"],
    ["replay", "examples/logs/2026-10.jsonl", "--format", "md"],
    ["models", "--provider", "openai"],
  ])
  func textReportsSayWhenAndByWhat(arguments: [String]) throws {
    let run = try ImagecostBinary.run(arguments, today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!Self.version.isEmpty)
    #expect(run.stdout.contains("Generated 2026-11-24T00:00:00Z by imagecost \(Self.version)."), "\(arguments): \(run.stdout.suffix(400))")
  }

  @Test(arguments: [
    ["quote", "--model", "gpt-image-2", "--quality", "low", "--size", "1024x1024", "--format", "json"],
    ["plan", "examples/spring-campaign.yaml", "--format", "json"],
    ["replay", "examples/logs/2026-10.jsonl", "--format", "json", "--price-date", "2026-10-15"],
  ])
  func jsonReportsCarryTheStampInTheirPriceBook(arguments: [String]) throws {
    let run = try ImagecostBinary.run(arguments, today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let book = try #require(json["price_book"] as? [String: Any])
    #expect(book["generated_at"] as? String == "2026-11-24T00:00:00Z")
    #expect(book["imagecost_version"] as? String == Self.version)
    #expect((book["fingerprint"] as? String)?.count == 64)
    // The pricing date is the review date plus the age.
    let expected = arguments.contains("--price-date") ? "2026-10-15" : arguments.first == "plan" ? "2026-12-01" : "2026-11-24"
    #expect(book["pricing_date"] as? String == expected, "\(book)")
  }
}
