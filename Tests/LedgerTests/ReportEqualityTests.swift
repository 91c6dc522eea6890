import CostCore
import CostIO
import Foundation
import Ledger
import Replay
import Testing

@Suite struct ReportEqualityTests {
  @Test(arguments: [
    ["model", "quality", "size"], ["month", "model"], ["day", "provider", "deployment"], ["week", "tag:project", "operation"], [],
  ])
  func exampleLogMatchesReplay(dimensions: [String]) throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    let result = try Fixture.importLog(Fixture.exampleLog, into: ledger)
    #expect(result.newRows > 0)
    let query = LedgerQuery(dimensions: dimensions.compactMap(ReplayDimension.init))
    expectSameTotals(try ledger.report(query, book: Fixture.book), try Fixture.replay([Fixture.exampleLog], dimensions: dimensions))
  }

  @Test func generatedLogMatchesReplayAtOwnDayAndAtAPriceDateAndWhatIf() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("gen.jsonl").path
    try Fixture.generateLog(records: 20_000, seed: 11, to: log)
    let ledger = try Ledger(path: dir.appendingPathComponent("l.sqlite").path, clock: Fixture.clock)
    try Fixture.importLog(log, into: ledger, skipBad: true, batchSize: 3_000)
    for dims in [["month", "model"], ["model", "quality", "size"], ["day", "tag:team"]] {
      expectSameTotals(
        try ledger.report(LedgerQuery(dimensions: dims.compactMap(ReplayDimension.init)), book: Fixture.book),
        try Fixture.replay([log], dimensions: dims, skipBad: true))
    }
    let date = CivilDate("2026-11-24")!
    let whatIf = [WhatIf("model=gpt-image-1-mini,quality=medium")!, WhatIf("model=gpt-image-2")!]
    expectSameTotals(
      try ledger.report(LedgerQuery(dimensions: [.model], priceDate: date, whatIfs: whatIf), book: Fixture.book),
      try Fixture.replay([log], dimensions: ["model"], priceDate: date, whatIfs: whatIf, skipBad: true))
  }
}

@Suite struct RepricingTests {
  @Test func anEditedPriceBookIsPricedOnceAndOldRollupsAreDropped() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    try Fixture.importLog(Fixture.exampleLog, into: ledger)
    var edited = Fixture.book
    edited.fingerprint = "edited-book"
    var third = Fixture.book
    third.fingerprint = "third-book"
    let replay = try Fixture.replay([Fixture.exampleLog], dimensions: ["month", "model"])
    // The edited book has no roll-ups yet: the report prices every import with it and stores the result.
    let report = try ledger.report(LedgerQuery(dimensions: [.month, .model]), book: edited)
    #expect(report.groups == replay.groups)
    #expect(report.totals == replay.totals)
    #expect(report.priceBookFingerprint == "edited-book")
    #expect(Set(try ledger.status().coverage.map(\.priceBookFingerprint)) == [Fixture.book.fingerprint, "edited-book"])
    _ = try ledger.report(LedgerQuery(dimensions: [.model]), book: third)
    let kept = try ledger.status().coverage.map(\.priceBookFingerprint)
    #expect(kept.count == 2)
    #expect(kept.contains("third-book"))
  }
}
