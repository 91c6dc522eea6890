import CostCore
import CostIO
import Foundation
import Ledger
import Replay
import Testing

/// Shared fixtures: the repository root, the bundled price book, temporary folders, generated logs.
enum Fixture {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let book: PriceBook = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)

  static let exampleLog = root.appendingPathComponent("examples/logs/2026-10.jsonl").path

  static let clock = WallClock.fixed(at: CivilDate(year: 2026, month: 11, day: 24)!)

  /// A fresh temporary folder for one test.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-ledger-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// `scripts/generate-request-log.py --records N --seed S` written to `path`.
  static func generateLog(records: Int, seed: Int, month: String = "2026-10", to path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", root.appendingPathComponent("scripts/generate-request-log.py").path, "--records", "\(records)", "--seed", "\(seed)", "--month",
      month, "--output", path,
    ]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
  }

  /// Imports a request log the way `imagecost import` does.
  @discardableResult
  static func importLog(_ path: String, into ledger: Ledger, skipBad: Bool = false, batchSize: Int = Ledger.batchSize) throws -> ImportResult {
    let reader = RequestLogReader(skipBad: skipBad)
    return try ledger.importUsage(file: path, kind: "request-log", book: book, batchSize: batchSize) { sink in
      let summary = try reader.read(path: path, sink)
      return ReadSummary(lines: summary.lines, skipped: summary.skipped, notes: summary.firstSkipped.map(\.description))
    }
  }

  /// Replays files with the same aggregator `imagecost replay` uses.
  static func replay(_ paths: [String], dimensions: [String], priceDate: CivilDate? = nil, whatIfs: [WhatIf] = [], skipBad: Bool = false) throws
    -> ReplayReport
  {
    var aggregator = ReplayAggregator(book: book, dimensions: dimensions.compactMap(ReplayDimension.init), priceDate: priceDate, whatIfs: whatIfs)
    for path in paths { _ = try RequestLogReader(skipBad: skipBad).read(path: path) { aggregator.add($0) } }
    return aggregator.report()
  }
}

/// The parts of a report that must be equal between `report` and `replay`.
///
/// Assumptions are attributed per day, so with filters the ledger may list more than the matching records
/// used (`exactAssumptions: false` then checks that it lists at least those). The cost per day is filled
/// only when the report reads day roll-ups (grouping by day or week, repricing).
func expectSameTotals(
  _ ledger: ReplayReport, _ replay: ReplayReport, exactAssumptions: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  #expect(ledger.dimensions == replay.dimensions, sourceLocation: sourceLocation)
  #expect(ledger.groups == replay.groups, sourceLocation: sourceLocation)
  #expect(ledger.totals == replay.totals, sourceLocation: sourceLocation)
  #expect(ledger.unpriced == replay.unpriced, sourceLocation: sourceLocation)
  if exactAssumptions {
    #expect(ledger.assumptions.map(\.id) == replay.assumptions.map(\.id), sourceLocation: sourceLocation)
  } else {
    #expect(Set(ledger.assumptions.map(\.id)).isSuperset(of: replay.assumptions.map(\.id)), sourceLocation: sourceLocation)
  }
  #expect(ledger.whatIfs == replay.whatIfs, sourceLocation: sourceLocation)
  #expect(ledger.daily.isEmpty || ledger.daily == replay.daily, sourceLocation: sourceLocation)
  #expect(ledger.priceDate == replay.priceDate, sourceLocation: sourceLocation)
  #expect(ledger.priceBookFingerprint == replay.priceBookFingerprint, sourceLocation: sourceLocation)
}
