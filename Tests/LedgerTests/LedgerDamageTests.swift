import CostCore
import CostIO
import Foundation
import GRDB
import Replay
import Testing

@testable import Ledger

/// Runs `body` on a Dispatch thread, off Swift's cooperative pool: these tests are long and synchronous,
/// and the live-mode tests' stand-in server (same test process) needs the pool's two threads meanwhile.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
  }
}

/// Byte-level damage at many offsets of a real ledger: every read (and the import) either gives the right
/// answer or refuses with an error naming the path and `imagecost ledger check` — never a wrong total.
/// In-process (the commands' own library calls), so a hundred-odd damaged copies take seconds.
@Suite(.serialized) struct LedgerDamageTests {
  /// The intact ledger: the example log plus a generated one, imported and priced, checkpointed into one file.
  static func makeLedger(in dir: URL) throws -> (path: String, logs: [String]) {
    let generated = dir.appendingPathComponent("generated.jsonl").path
    try Fixture.generateLog(records: 1_200, seed: 18, to: generated)
    let logs = [Fixture.exampleLog, generated]
    let path = dir.appendingPathComponent("intact.sqlite").path
    let ledger = try Ledger(path: path, clock: Fixture.clock)
    for log in logs { try Fixture.importLog(log, into: ledger, skipBad: true) }
    try ledger.checkpointForTesting()
    return (path, logs)
  }

  /// What the report of every stored request says: its total and request count.
  struct Answer: Equatable, Sendable, CustomStringConvertible {
    let cost: USD
    let requests: Int64
    /// Each group's key and cost: damage must not move money between groups either.
    let groups: [String]
    var description: String { "\(cost.display) over \(requests) requests" }
  }

  static func reportAnswer(_ ledger: Ledger) throws -> Answer {
    let report = try ledger.report(LedgerQuery(dimensions: [.model]), book: Fixture.book)
    return Answer(cost: report.totals.cost, requests: report.totals.requests, groups: report.groups.map { "\($0.key): \($0.totals.cost.display)" })
  }

  enum Outcome: Equatable {
    case correct, refused
    case wrong(String)
  }

  /// Runs `body`; a thrown error must be one sentence naming the path and `imagecost ledger check`.
  static func outcome(_ path: String, _ body: () throws -> String?) -> Outcome {
    do {
      if let wrong = try body() { return .wrong(wrong) }
      return .correct
    } catch {
      let text = "\(error)"
      if !text.contains(path) || !text.contains("imagecost ledger check") {
        return .wrong("an error that does not name the path and ledger check: \(text)")
      }
      return .refused
    }
  }

  /// What one pass over the damaged copies found.
  struct Findings: Sendable {
    var expected: Answer
    var replayCost: USD
    var replayRequests: Int64
    var storedRows: Int64
    var size: Int
    var tally: [String: Int] = [:]
    var wrong: [String] = []
    var checkPassedOnLast = false
    var seconds = 0.0
  }

  static let offsets = 64

  /// Damages a copy of the intact ledger at each offset and runs each command on it.
  static func damageEverywhere(in dir: URL) throws -> Findings {
    let (intact, logs) = try makeLedger(in: dir)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: intact))
    // The right answers, from the intact ledger and — independently — from replaying the logs.
    let expected = try reportAnswer(try Ledger(path: intact, access: .read, clock: Fixture.clock))
    let replay = try Fixture.replay(logs, dimensions: ["model"], skipBad: true)
    var findings = Findings(
      expected: expected, replayCost: replay.totals.cost, replayRequests: replay.totals.requests,
      storedRows: try Ledger(path: intact, access: .read, clock: Fixture.clock).status().usageRecords, size: bytes.count)
    var rng = SplitMix64(seed: 18)
    let damaged = dir.appendingPathComponent("damaged.sqlite").path
    let started = Date()
    for index in 0..<offsets {
      // Spread over the whole file, header included; 40 random bytes at each.
      let stride = bytes.count / offsets
      let offset = index * stride + Int(rng.next() % UInt64(max(1, stride - 40)))
      var copy = bytes
      for k in 0..<40 where offset + k < copy.count { copy[offset + k] = UInt8(truncatingIfNeeded: rng.next()) }
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: damaged + suffix) }
      try copy.write(to: URL(fileURLWithPath: damaged))

      let results: [(String, Outcome)] = [
        (
          "report (read-only)",
          outcome(damaged) {
            let answer = try reportAnswer(try Ledger(path: damaged, access: .read, clock: Fixture.clock))
            return answer == expected ? nil : "report said \(answer), expected \(expected)"
          }
        ),
        (
          "ledger status",
          outcome(damaged) {
            let status = try Ledger(path: damaged, access: .read, clock: Fixture.clock).status()
            let cost = status.coverage.first { $0.priceBookFingerprint == Fixture.book.fingerprint }?.cost
            if status.usageRecords != expected.requests { return "status counted \(status.usageRecords) requests, expected \(expected.requests)" }
            if cost != expected.cost { return "status priced \(cost?.display ?? "nothing"), expected \(expected.cost.display)" }
            return nil
          }
        ),
        (
          "live status",
          outcome(damaged) {
            let journal = try Ledger(path: damaged, access: .read, clock: Fixture.clock).callJournal
            let calls = try journal.unfinishedCalls()
            let runs = try journal.runs()
            return calls.isEmpty && runs.isEmpty ? nil : "live status found \(calls.count) calls and \(runs.count) runs in a ledger without any"
          }
        ),
        (
          "report (writable) after import",
          outcome(damaged) {
            // `imagecost import` of a file already imported, then `report`: nothing new, the same total.
            let ledger = try Ledger(path: damaged, clock: Fixture.clock)
            let result = try Fixture.importLog(Fixture.exampleLog, into: ledger, skipBad: true)
            if result.newRows != 0 { return "the re-import added \(result.newRows) duplicate rows" }
            let answer = try reportAnswer(ledger)
            return answer == expected ? nil : "report said \(answer), expected \(expected)"
          }
        ),
      ]
      for (command, result) in results {
        switch result {
        case .correct: findings.tally["\(command): correct", default: 0] += 1
        case .refused: findings.tally["\(command): refused", default: 0] += 1
        case .wrong(let what): findings.wrong.append("40 bytes at offset \(offset) of \(bytes.count): \(command): \(what)")
        }
      }
    }
    findings.seconds = Date().timeIntervalSince(started)
    findings.checkPassedOnLast = Ledger.check(path: damaged).passed
    return findings
  }

  @Test func damageAnywhereNeverGivesAWrongAnswer() async throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let findings = try await offThePool { try Self.damageEverywhere(in: dir) }
    #expect(
      findings.expected.cost == findings.replayCost && findings.expected.requests == findings.replayRequests,
      "\(findings.expected) against replay's \(findings.replayCost.display)")
    #expect(findings.storedRows == findings.expected.requests)
    #expect(findings.wrong.isEmpty, "\(findings.wrong.joined(separator: "\n"))")
    print(
      "ledger damage: \(Self.offsets) offsets over \(findings.size) bytes in \(String(format: "%.1f", findings.seconds)) s: \(findings.tally.sorted { $0.key < $1.key })"
    )
    // The damage was real: most copies were refused somewhere.
    #expect((findings.tally["report (writable) after import: refused"] ?? 0) > Self.offsets / 2)
    #expect(findings.tally.values.reduce(0, +) == 4 * Self.offsets)
  }

  /// The open-time check costs little on a few-MB ledger.
  @Test func theCheckOnOpenIsCheap() async throws {
    let (size, unchecked, read, write) = try await offThePool { () throws -> (Int64, Double, Double, Double) in
      let dir = try Fixture.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: dir) }
      let (intact, _) = try LedgerDamageTests.makeLedger(in: dir)
      let size = ((try FileManager.default.attributesOfItem(atPath: intact)[.size] as? NSNumber)?.int64Value) ?? 0
      let clock = ContinuousClock()
      let ms = { (d: Duration) in Double(d.components.seconds) * 1000 / 5 + Double(d.components.attoseconds) / 1e15 / 5 }
      let unchecked = try clock.measure { for _ in 0..<5 { _ = try Ledger(path: intact, access: .read, clock: Fixture.clock, verify: false) } }
      let read = try clock.measure { for _ in 0..<5 { _ = try Ledger(path: intact, access: .read, clock: Fixture.clock) } }
      let write = try clock.measure { for _ in 0..<5 { _ = try Ledger(path: intact, clock: Fixture.clock) } }
      return (size, ms(unchecked), ms(read), ms(write))
    }
    print("open of a \(size)-byte ledger: \(unchecked) ms unchecked, \(read) ms with quick_check, \(write) ms with integrity_check (writes)")
    #expect(size > 0 && size < Ledger.checkOnOpenLimitBytes)
    // Generous for a loaded 2-core CI machine: the checks of a ledger this size take tens of milliseconds.
    #expect(read < 1_000)
    #expect(write < 2_000)
  }

  /// A damaged roll-up value (not the file's structure) is caught by the roll-ups' own sums.
  @Test func aChangedRollupValueIsRefused() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (intact, _) = try Self.makeLedger(in: dir)
    let ledger = try Ledger(path: intact, clock: Fixture.clock)
    try ledger.withDatabaseForTesting { db in
      try db.execute(
        sql:
          "UPDATE rollups SET cost_nanos = cost_nanos + 1 WHERE (pricing, month, key_id, day) = (SELECT pricing, month, key_id, day FROM rollups LIMIT 1)"
      )
    }
    #expect(throws: LedgerError.self) { try Ledger(path: intact, access: .read, clock: Fixture.clock) }
    let check = Ledger.check(path: intact)
    #expect(check.problems.contains { $0.contains("1 priced roll-up row does not add up") }, "\(check.problems)")
  }
}

/// Commands that only read open the ledger read-only and leave its file as it was.
@Suite struct ReadOnlyOpenTests {
  @Test func readingChangesNeitherTheBytesNorTheTimeOfTheFile() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    do {
      let ledger = try Ledger(path: path, clock: Fixture.clock)
      try Fixture.importLog(Fixture.exampleLog, into: ledger)
    }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let time = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    let ledger = try Ledger(path: path, access: .read, clock: Fixture.clock)
    let status = try ledger.status()
    let report = try ledger.report(LedgerQuery(dimensions: [.model]), book: Fixture.book)
    _ = try ledger.callJournal.unfinishedCalls()
    #expect(Ledger.check(path: path).passed)
    #expect(status.usageRecords == report.totals.requests)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == time)
  }

  /// The immutable fallback (a read-only folder) opens paths with spaces, `?`, `#` and `%` in them.
  @Test func theImmutableFallbackEncodesThePath() throws {
    let dir = try Fixture.temporaryDirectory().appendingPathComponent("a b?c#d%e")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
    let path = dir.appendingPathComponent("ledger.sqlite").path
    do {
      let ledger = try Ledger(path: path, clock: Fixture.clock)
      try Fixture.importLog(Fixture.exampleLog, into: ledger)
    }
    let uri = try #require(Ledger.immutableURI(path))
    #expect(uri.hasPrefix("file:/") && uri.hasSuffix("?mode=ro&immutable=1"))
    #expect(!uri.dropFirst(5).dropLast(21).contains { $0 == "?" || $0 == "#" || $0 == " " })
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: uri, configuration: config)
    let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_records") }
    #expect(count == 8)
    // A non-empty write-ahead log holds changes the file alone lacks: no immutable fallback then.
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path + "-wal"))
    #expect(Ledger.immutableURI(path) == nil)
  }
}
