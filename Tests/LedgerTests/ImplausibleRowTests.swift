import CostCore
import CostIO
import Foundation
import GRDB
import Replay
import Testing

@testable import Ledger

/// A ledger that already holds a row beyond the plausibility bounds (stored by an older imagecost, which did
/// not check them: `"output_tokens": 900000000000000000` made every later report crash) still reports — the
/// row listed as unpriceable — and `ledger check` finds it.
@Suite struct ImplausibleRowTests {
  /// (the old imagecost's row, the reason, which records it affects)
  @Test(arguments: [
    (
      "UPDATE usage_records SET output_tokens = 900000000000000000 WHERE identity = 'req_0002'", "usage.output_tokens 900000000000000000 is beyond",
      "identity = 'req_0002'"
    ),
    // The detail's unique text changes with it, as an older imagecost would have written both (a column alone
    // changed is damage, refused by the ledger's own check).
    (
      "UPDATE request_details SET n = 4294967296, detail_text = json_set(detail_text, '$[1]', 4294967296) WHERE detail_id = (SELECT detail_id FROM usage_records WHERE identity = 'req_0002')",
      "n 4294967296 is beyond",
      "detail_id = (SELECT detail_id FROM usage_records WHERE identity = 'req_0002')"
    ),
  ])
  func reportListsTheRowAsUnpriceableAndCheckFindsIt(sql: String, reason: String, affected: String) throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("old.sqlite").path
    var count = 0
    do {
      let ledger = try Ledger(path: path, clock: Fixture.clock)
      try Fixture.importLog(Fixture.exampleLog, into: ledger)
      #expect(Ledger.check(path: path).problems.isEmpty)
      // What an older imagecost stored, with its roll-ups not priced yet.
      try ledger.write { db in
        count = try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_records WHERE \(affected)") ?? 0
        try db.execute(sql: sql)
        for table in ["rollups", "rollup_notes", "rollup_coverage"] { try db.execute(sql: "DELETE FROM \(table)") }
      }
    }
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    let report = try ledger.report(LedgerQuery(dimensions: [.model]), book: Fixture.book)
    let bucket = try #require(report.unpriced.first { $0.reason.contains(reason) })
    #expect(count >= 1)
    #expect(bucket.requests == Int64(count))
    #expect(report.totals.requests == 8)
    #expect(!report.totals.overflowed)
    // The other seven records are priced as before: the total is the replay's less req_0002's cost.
    let replay = try Fixture.replay([Fixture.exampleLog], dimensions: ["model"])
    #expect(report.totals.cost < replay.totals.cost)
    let check = Ledger.check(path: path)
    #expect(check.problems.contains { $0.contains("beyond the plausib") }, "\(check.problems)")
  }
}
