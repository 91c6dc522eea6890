import CostCore
import CostReports
import Foundation
import Testing

/// The plan and quote JSON are the encoding of one Codable document each, which `diff` decodes: every saved
/// report decodes and encodes back to the same bytes, and a damaged one is refused with a sentence.
@Suite struct ReportDocumentTests {
  static let planFiles = ["Tests/CostReportsTests/Golden/plan-spring-campaign.json", "reports/spring-campaign.json"]
  static let quoteFiles = try! FileManager.default.contentsOfDirectory(atPath: Golden.directory.path)
    .filter { $0.hasPrefix("quote-") && $0.hasSuffix(".json") }.sorted().map { "Tests/CostReportsTests/Golden/" + $0 }

  static func contents(_ path: String) throws -> Data { try Data(contentsOf: Golden.root.appendingPathComponent(path)) }

  @Test(arguments: planFiles)
  func planRoundTrips(path: String) throws {
    let data = try Self.contents(path)
    let document = try JSONDecoder().decode(PlanDocument.self, from: data)
    // Equal as JSON: objects keyed by data (components, affordable images) may come back in another key order.
    let original = try JSONSerialization.jsonObject(with: data) as? NSDictionary
    let again = try JSONSerialization.jsonObject(with: Data(document.renderedJSON().utf8)) as? NSDictionary
    #expect(original != nil && original == again)
  }

  @Test func quoteFilesAreFound() { #expect(Self.quoteFiles.count >= 4) }

  @Test(arguments: quoteFiles)
  func quoteRoundTrips(path: String) throws {
    let data = try Self.contents(path)
    let document = try JSONDecoder().decode(QuoteDocument.self, from: data)
    #expect(document.renderedJSON() == String(decoding: data, as: UTF8.self))
  }

  @Test func diffReadsAPlanAsItsItems() throws {
    let document = try DiffDocument.decode(try Self.contents(Self.planFiles[0]), path: "plan.json")
    #expect(document.schema == PlanDocument.schemaID)
    #expect(document.items.first?.0 == "total")
    let months = document.items.filter { $0.0.hasPrefix("month ") }
    let workloads = document.items.filter { $0.0.hasPrefix("workload ") }
    // The monthly figures and the per-workload sums each add up to the total.
    #expect(months.reduce(USD.zero) { $0 + $1.1 } == document.items[0].1)
    #expect(workloads.reduce(USD.zero) { $0 + $1.1 } == document.items[0].1)
  }

  @Test(arguments: [
    ("{\"schema\": \"imagecost.plan/1\", \"name\": \"x\"}", "is not a whole imagecost.plan/1 report ("),
    ("{\"schema\": \"other/1\"}", "is a 'other/1' document"),
    ("[1, 2]", "is a 'unknown' document"),
    ("{\"schema\": ", "is not valid JSON"),
  ])
  func diffRefusesDamagedDocuments(text: String, expected: String) {
    #expect {
      _ = try DiffDocument.decode(Data(text.utf8), path: "r.json")
    } throws: { error in
      "\(error)".hasPrefix("r.json ") && "\(error)".contains(expected)
    }
  }

  @Test func aBadAmountIsNamed() throws {
    let data = try Self.contents(Self.quoteFiles[0])
    let text = String(decoding: data, as: UTF8.self)
    let total = try #require(text.range(of: #""total_usd": ""#))
    let damaged = text.replacingCharacters(in: total, with: #""total_usd": "12,5"#)
    #expect {
      _ = try DiffDocument.decode(Data(damaged.utf8), path: "q.json")
    } throws: { error in
      "\(error)" == "q.json: 'total_usd' is not an exact decimal amount."
    }
  }
}
