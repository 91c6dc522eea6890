import CostCore
import CostIO
import Foundation
import GRDB
import Replay
import Testing

@testable import Ledger

@Suite struct SchemaTests {
  @Test func newLedgerIsAtTheCurrentVersionAndReopens() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("nested/folder/ledger.sqlite").path
    _ = try Ledger(path: path, clock: Fixture.clock)
    let again = try Ledger(path: path, clock: Fixture.clock)
    #expect(try again.status().schemaVersion == LedgerSchema.version)
    let journal = try String(contentsOfFile: path, encoding: .isoLatin1).prefix(16)
    #expect(journal == "SQLite format 3\0")
    let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
  }

  @Test func migratesAVersionOneLedger() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("old.sqlite").path
    // A ledger written by the first release: only the v1 migration applied.
    let queue = try DatabaseQueue(path: path)
    try LedgerSchema.migrator.migrate(queue, upTo: "v1-usage")
    #expect(try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
    try queue.close()
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    #expect(try ledger.status().schemaVersion == 3)
    try ledger.callJournal.beginRun(LiveJournalTests.run("after-upgrade"))
    #expect(try ledger.callJournal.lastRun()?.runID == "after-upgrade")
  }

  @Test func refusesANewerLedgerWithoutTouchingIt() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("future.sqlite").path
    _ = try Ledger(path: path, clock: Fixture.clock)
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "PRAGMA user_version = 99") }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: LedgerError.newerSchema(path: path, found: 99, supported: LedgerSchema.version)) {
      try Ledger(path: path, clock: Fixture.clock)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(LedgerError.newerSchema(path: path, found: 99, supported: 2).description.contains(path))
  }

  @Test func refusesAnUnknownMigration() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("future.sqlite").path
    _ = try Ledger(path: path, clock: Fixture.clock)
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3-from-the-future')") }
    try queue.close()
    #expect {
      try Ledger(path: path, clock: Fixture.clock)
    } throws: { error in
      guard case .newerSchema = error as? LedgerError else { return false }
      return true
    }
  }

  @Test func notASQLiteFileIsRefusedAndLeftUntouched() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("notes.txt").path
    let text = "these are my notes, not a database\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: LedgerError.notALedger(path: path)) { try Ledger(path: path, clock: Fixture.clock) }
    #expect(throws: LedgerError.notALedger(path: path)) { try Ledger(path: path, access: .read, clock: Fixture.clock) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
    #expect(Ledger.check(path: path).problems.first?.contains("not an imagecost ledger") == true)
  }

  @Test func readOnlyLedgerIsAClearError() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    try Fixture.importLog(Fixture.exampleLog, into: ledger)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
    #expect(throws: LedgerError.readOnly(path: path)) { try Ledger(path: path, clock: Fixture.clock) }
    #expect(
      LedgerError.readOnly(path: path).description
        == "The ledger \(path) is read-only (no write permission on the file or its folder); nothing was written.")
    // Reading still works.
    let reader = try Ledger(path: path, access: .read, clock: Fixture.clock)
    #expect(try reader.report(LedgerQuery(dimensions: [.model]), book: Fixture.book).totals.requests == 8)
  }

  @Test func missingLedgerIsNotCreatedByReads() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("none.sqlite").path
    #expect(throws: LedgerError.missing(path: path)) { try Ledger(path: path, access: .read, clock: Fixture.clock) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func diskFullRollsBackTheBatchAndSaysSo() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("gen.jsonl").path
    try Fixture.generateLog(records: 3_000, seed: 5, to: log)
    let path = dir.appendingPathComponent("full.sqlite").path
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    // A size limit stands in for a full disk: SQLite reports both as SQLITE_FULL.
    try ledger.withDatabaseForTesting { db in
      let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
      _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + 8)")
    }
    #expect(throws: LedgerError.diskFull(path: path)) { try Fixture.importLog(log, into: ledger, skipBad: true, batchSize: 1_000) }
    let stored = try ledger.status().usageRecords
    #expect(stored % 1_000 == 0 || stored < 1_000, "only whole batches are kept, found \(stored)")
    #expect(Ledger.check(path: path).passed)
  }
}

@Suite struct ImportTests {
  @Test(arguments: [
    (Int64(12_340), Int64(1_000_000), Int64(0), Int64(1_234), "12,340 new, 1,000,000 already present, 1,234 skipped"),
    (1, 0, 2_500, 0, "1 new, 0 already present, 2,500 duplicates within the file, 0 skipped"),
    (0, 0, 1, 0, "0 new, 0 already present, 1 duplicate within the file, 0 skipped"),
  ])
  func importCountsAreGroupedAndSayWhatTheyAre(new: Int64, present: Int64, duplicates: Int64, skipped: Int64, text: String) {
    var result = ImportResult(importID: 1, file: "f", kind: "request-log", lines: 0, newRows: new, presentRows: present, skipped: skipped, notes: [])
    result.duplicatesInFile = duplicates
    #expect(result.summary == text)
  }

  @Test func reimportAddsNothing() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    let first = try Fixture.importLog(Fixture.exampleLog, into: ledger)
    // The log repeats one request id: on the first import that is a duplicate within the file, not a row
    // already present; on the second, the 8 stored rows are already present and the repeat is again within the file.
    #expect(first.summary == "8 new, 0 already present, 1 duplicate within the file, 0 skipped")
    let second = try Fixture.importLog(Fixture.exampleLog, into: ledger)
    #expect(second.summary == "0 new, 8 already present, 1 duplicate within the file, 0 skipped")
    let status = try ledger.status()
    #expect(status.usageRecords == 8)
    #expect(status.imports.map(\.state) == ["complete", "complete"])
    #expect(status.imports[0].sha256.count == 64)
    #expect(status.imports[0].size > 0)
    #expect(status.imports[0].priceBookFingerprint == Fixture.book.fingerprint)
    #expect(status.usageDays == CivilDate("2026-10-01")!...CivilDate("2026-10-05")!)
    // Priced once: the roll-ups hold each record once.
    #expect(status.coverage.first?.requests == 8)
  }

  @Test func recordsRoundTripExactly() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    try Fixture.importLog(Fixture.exampleLog, into: ledger)
    var original: [String: UsageRecord] = [:]
    _ = try RequestLogReader(skipBad: false).read(path: Fixture.exampleLog) { original[$0.id] = original[$0.id] ?? $0 }
    for id in 1...8 {
      let stored = try #require(try ledger.record(id: Int64(id)))
      #expect(stored == original[stored.id], "record \(stored.id)")
    }
  }

  @Test func skippedLinesAreRecordedWithTheImport() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("bad.jsonl").path
    let good = try String(contentsOfFile: Fixture.exampleLog, encoding: .utf8)
    try (good + "{\"id\": \"broken\n").write(toFile: log, atomically: true, encoding: .utf8)
    let ledger = try Ledger(inMemory: Fixture.clock)
    #expect(throws: RequestLogError.self) { try Fixture.importLog(log, into: ledger) }
    #expect(try ledger.status().imports.last?.state == "failed")
    let result = try Fixture.importLog(log, into: ledger, skipBad: true)
    #expect(result.skipped == 1)
    #expect(result.notes.first?.contains("bad.jsonl:10") == true)
    #expect(try ledger.status().imports.last?.notes == result.notes)
  }

  @Test func exportImportsBackUnchanged() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("gen.jsonl").path
    try Fixture.generateLog(records: 4_000, seed: 3, to: log)
    let raw = dir.appendingPathComponent("raw.jsonl").path
    // Add records without ids (content hash) and from raw API responses (created timestamps).
    let extra = try String(contentsOfFile: Fixture.root.appendingPathComponent("examples/logs/raw-responses.jsonl").path, encoding: .utf8)
    try (try String(contentsOfFile: log, encoding: .utf8) + extra).write(toFile: raw, atomically: true, encoding: .utf8)
    let ledger = try Ledger(inMemory: Fixture.clock)
    let reader = RequestLogReader(skipBad: true, deployments: ["img-prod": "gpt-image-1", "img-mini": "gpt-image-1-mini"])
    _ = try ledger.importUsage(file: raw, kind: "request-log", book: Fixture.book) { sink in
      let s = try reader.read(path: raw, sink)
      return ReadSummary(lines: s.lines, skipped: s.skipped)
    }
    let exported = dir.appendingPathComponent("export.jsonl").path
    var text = ""
    let count = try ledger.exportJSONL { text += $0 }
    try text.write(toFile: exported, atomically: true, encoding: .utf8)
    #expect(count == (try ledger.status().usageRecords))
    let again = try Fixture.importLog(exported, into: ledger)
    #expect(again.newRows == 0)
    #expect(again.presentRows == count)
    let fresh = try Ledger(inMemory: Fixture.clock)
    #expect(try Fixture.importLog(exported, into: fresh).newRows == count)
    for dims in [["month", "model"], ["model", "quality", "size", "tag:project"]] {
      let query = LedgerQuery(dimensions: dims.compactMap(ReplayDimension.init))
      let a = try ledger.report(query, book: Fixture.book)
      let b = try fresh.report(query, book: Fixture.book)
      #expect(a.groups == b.groups)
      #expect(a.totals == b.totals)
    }
  }

  @Test func actualCostLinesAreStoredOnceAsBilled() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    let file = Fixture.root.appendingPathComponent("examples/exports/azure-costs.csv").path
    let lines = try ExportReaders.azureExport(try String(contentsOfFile: file, encoding: .utf8), file: file, book: Fixture.book)
    #expect(try ledger.importActualCosts(file: file, kind: "azure-export", lines: lines).newRows == Int64(lines.count))
    #expect(try ledger.importActualCosts(file: file, kind: "azure-export", lines: lines).newRows == 0)
    #expect(try ledger.actualCostLines() == lines)
  }

  @Test func filtersSelectTheSameRecordsAsAFilteredReplay() throws {
    let ledger = try Ledger(inMemory: Fixture.clock)
    try Fixture.importLog(Fixture.exampleLog, into: ledger)
    let query = LedgerQuery(
      dimensions: [.model], since: CivilDate("2026-10-02"), until: CivilDate("2026-10-05"), providers: ["azure"], tags: ["project": "spring"])
    let report = try ledger.report(query, book: Fixture.book)
    var aggregator = ReplayAggregator(book: Fixture.book, dimensions: [.model], priceDate: nil)
    _ = try RequestLogReader(skipBad: false).read(path: Fixture.exampleLog) { record in
      guard record.date >= CivilDate("2026-10-02")!, record.date < CivilDate("2026-10-05")!, (record.request.provider ?? "default") == "azure",
        record.tags["project"] == "spring"
      else { return }
      aggregator.add(record)
    }
    expectSameTotals(report, aggregator.report(), exactAssumptions: false)
  }
}

@Suite struct CheckTests {
  @Test func damagedPagesAreReported() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = dir.appendingPathComponent("gen.jsonl").path
    try Fixture.generateLog(records: 3_000, seed: 9, to: log)
    let path = dir.appendingPathComponent("ledger.sqlite").path
    do {
      let ledger = try Ledger(path: path, clock: Fixture.clock)
      try Fixture.importLog(log, into: ledger, skipBad: true)
      try ledger.checkpointForTesting()
    }
    #expect(Ledger.check(path: path).passed)
    try LedgerDamage.overwritePages(path)
    let check = Ledger.check(path: path)
    #expect(!check.passed)
    #expect(!check.problems.isEmpty)
  }

  @Test func orphanLiveCallsAreProblems() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    _ = try Ledger(path: path, clock: Fixture.clock)
    var config = Configuration()
    config.foreignKeysEnabled = false
    let queue = try DatabaseQueue(path: path, configuration: config)
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO live_calls (call_id, run_id, seq, provider, model, operation, request_params, predicted_nanos, worst_case_nanos, state, started_at)
          VALUES ('c1', 'no-such-run', 1, 'openai', 'gpt-image-1', 'generate', '{}', 1, 2, 'pending', 'now')
          """)
    }
    try queue.close()
    let check = Ledger.check(path: path)
    #expect(check.problems.contains { $0.contains("1 live calls whose run is missing") })
  }
}

/// Damages a database file in place: overwrites the middle of several pages past the header.
enum LedgerDamage {
  static func overwritePages(_ path: String) throws {
    let handle = try #require(FileHandle(forUpdatingAtPath: path))
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    let pageSize: UInt64 = 4096
    let pages = size / pageSize
    try #require(pages > 4)
    for page in stride(from: UInt64(1), to: pages, by: Int(max(1, pages / 8))) {
      try handle.seek(toOffset: page * pageSize + 100)
      handle.write(Data(repeating: 0xA5, count: 1500))
    }
    try handle.synchronize()
  }
}
