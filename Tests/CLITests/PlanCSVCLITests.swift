import Foundation
import TestSupport
import Testing

/// The plan CSV is tidy: what each line was priced on, tags as columns, and with trials the ranges apart.
@Suite struct PlanCSVCLITests {
  @Test func linesAndRangesAreTwoTidyFiles() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-csv-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try ImagecostBinary.run(
      ["plan", "examples/spring-campaign.yaml", "--format", "csv", "--trials", "300", "--seed", "3", "--out", folder.path], today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    let lines = try String(contentsOf: folder.appendingPathComponent("plan.csv"), encoding: .utf8).split(separator: "\r\n").map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    for column in ["model", "quality", "size", "provider", "deployment_type", "region", "tag_team", "cost_usd"] {
      #expect(header.contains(column), "plan.csv lacks \(column)")
    }
    // social-drafts moves to its successor on retirement: the model column says which model priced each month.
    let social = lines.filter { $0.hasPrefix("as-planned,") && $0.contains(",social-drafts,") }
    #expect(social.contains { $0.contains(",gpt-image-1-mini,") } && social.contains { $0.contains(",gpt-image-2,") })
    #expect(!lines.contains { $0.isEmpty }, "plan.csv must be one table")

    let ranges = try String(contentsOf: folder.appendingPathComponent("plan-ranges.csv"), encoding: .utf8).split(separator: "\r\n").map(String.init)
    #expect(ranges[0] == "period,trials,seed,min_usd,p10_usd,p50_usd,p90_usd,max_usd,point_estimate_usd")
    #expect(ranges.count == 1 + 6 + 1)  // six months and the total
    #expect(ranges.last?.hasPrefix("total,300,3,") == true)
    for row in ranges.dropFirst() {
      let values = row.split(separator: ",").dropFirst(3).prefix(5).map { Double($0)! }
      #expect(values == values.sorted(), "percentiles out of order in \(row)")
    }
  }
}
