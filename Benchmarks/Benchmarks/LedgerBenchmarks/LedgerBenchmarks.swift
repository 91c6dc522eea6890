import Benchmark
import CostCore
import CostIO
import Foundation
import Ledger
import Replay

/// Ledger benchmarks (issue 7 budget, release build, 2 cores):
/// - import ≥ 200,000 request-log records/s into a file ledger (batches of 10,000, one transaction each,
///   one reused prepared statement), measured on the 1,000,000-record generated log (seed 7) as the
///   replay benchmarks use: store + price (the default) and store only (`--defer-pricing`);
/// - `report` by month × model over 10,000,000 stored records in ≤ 2 s.
///
/// The 10M-record ledger is built once and kept in the temporary directory (or at `LEDGER_BENCH_DB`): the
/// 1M log imported ten times, each copy moved to another month of 2026 with its own request ids, through
/// the same import path. Building it takes a few minutes; later runs reuse it.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
    warmupIterations: 0,
    maxDuration: .seconds(120),
    maxIterations: 3
  )
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let book = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
  let records = 1_000_000
  let temporary = FileManager.default.temporaryDirectory
  let log =
    ProcessInfo.processInfo.environment["REPLAY_BENCH_LOG"] ?? temporary.appendingPathComponent("imagecost-replay-\(records)-seed7.jsonl").path
  if !FileManager.default.fileExists(atPath: log) {
    let generator = Process()
    generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    generator.arguments = [
      "python3", root.appendingPathComponent("scripts/generate-request-log.py").path, "--records", "\(records)", "--seed", "7", "--output", log,
    ]
    try! generator.run()
    generator.waitUntilExit()
    precondition(generator.terminationStatus == 0, "generate-request-log.py failed")
  }

  /// Imports `path` (optionally rewritten: another month, another id prefix) into `ledger`.
  @Sendable func importLog(_ ledger: Ledger, month: Int? = nil, deferPricing: Bool = false) -> ImportResult {
    let reader = RequestLogReader(skipBad: true)
    return try! ledger.importUsage(file: log, kind: "request-log", book: book, deferPricing: deferPricing) { sink in
      let summary = try reader.read(path: log) { record in
        guard let month else { return try sink(record) }
        var moved = record
        let tag = month < 10 ? "0\(month)" : "\(month)"
        moved.id = "m\(tag)_" + record.id
        moved.date = CivilDate(year: 2026, month: month, day: record.date.day)!
        moved.timestamp = "2026-\(tag)" + record.timestamp.dropFirst(7)
        try sink(moved)
      }
      return ReadSummary(lines: summary.lines, skipped: summary.skipped)
    }
  }

  Benchmark("Ledger import: 1M records, store + price (records/s = 1M / wall clock)") { benchmark in
    for _ in benchmark.scaledIterations {
      let path = temporary.appendingPathComponent("imagecost-ledger-bench-\(UUID().uuidString).sqlite").path
      defer { for suffix in ["", "-wal", "-shm", "-imports.lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
      let ledger = try! Ledger(path: path)
      benchmark.startMeasurement()
      let result = importLog(ledger)
      benchmark.stopMeasurement()
      precondition(result.newRows + result.presentRows == Int64(records))
    }
  }

  Benchmark("Ledger import: 1M records, store only (--defer-pricing)") { benchmark in
    for _ in benchmark.scaledIterations {
      let path = temporary.appendingPathComponent("imagecost-ledger-bench-\(UUID().uuidString).sqlite").path
      defer { for suffix in ["", "-wal", "-shm", "-imports.lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
      let ledger = try! Ledger(path: path)
      benchmark.startMeasurement()
      let result = importLog(ledger, deferPricing: true)
      benchmark.stopMeasurement()
      precondition(result.newRows + result.presentRows == Int64(records))
    }
  }

  let big = ProcessInfo.processInfo.environment["LEDGER_BENCH_DB"] ?? temporary.appendingPathComponent("imagecost-ledger-10m.sqlite").path
  Benchmark(
    "Ledger report: month × model over 10M stored records", configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxIterations: 5)
  ) {
    benchmark in
    let stored = (try? Ledger(path: big, access: .read).status().usageRecords) ?? 0
    if stored < 9_000_000 {
      let ledger = try! Ledger(path: big)
      for month in 1...10 { _ = importLog(ledger, month: month) }
    }
    let ledger = try! Ledger(path: big, access: .read)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      let report = try! ledger.report(LedgerQuery(dimensions: [.month, .model]), book: book)
      blackHole(report)
    }
    benchmark.stopMeasurement()
  }
}
