import Benchmark
import CostCore
import CostIO
import Foundation
import Replay

/// Replay benchmarks (issue 6 budget, release build, 2 cores): read + parse + price + aggregate a
/// 1,000,000-record request log at ≥ 2,000,000 records/s with flat memory, within 10× of `wc -l`.
///
/// The log comes from `REPLAY_BENCH_LOG` when set, else `scripts/generate-request-log.py --records 1000000
/// --seed 7` writes it once to the temporary directory; the varied log (what other applications write,
/// issue 14) from `REPLAY_BENCH_VARIED_LOG`, else the same with `--variety`. Records/s = 1,000,000 / wall
/// clock per iteration. `Benchmarks/replay-vs-duckdb.sh` times the whole command against `wc -l` and DuckDB.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
    warmupIterations: 0,
    maxDuration: .seconds(60),
    maxIterations: 3
  )
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let book = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
  let records = 1_000_000
  /// The log named by `variable`, else one generated once (deterministically) into the temporary directory.
  func log(_ variable: String, name: String, options: [String]) -> String {
    let path =
      ProcessInfo.processInfo.environment[variable]
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-\(name)-\(records)-seed7.jsonl").path
    if !FileManager.default.fileExists(atPath: path) {
      let generator = Process()
      generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      generator.arguments =
        ["python3", root.appendingPathComponent("scripts/generate-request-log.py").path, "--records", "\(records)", "--seed", "7", "--output", path]
        + options
      try! generator.run()
      generator.waitUntilExit()
      precondition(generator.terminationStatus == 0, "generate-request-log.py failed")
    }
    return path
  }
  let path = log("REPLAY_BENCH_LOG", name: "replay", options: [])
  let variedPath = log("REPLAY_BENCH_VARIED_LOG", name: "replay-varied", options: ["--variety"])
  let dimensions = ["model", "quality", "size"].compactMap(ReplayDimension.init)

  // What `imagecost replay` runs: parallel blocks on every core, merged in file order.
  Benchmark("Replay: 1M records (read + parse + price + aggregate), all cores") { benchmark in
    for _ in benchmark.scaledIterations {
      var aggregator = ReplayAggregator(book: book, dimensions: dimensions, priceDate: nil)
      let summary = try! RequestLogReader(skipBad: false).replay(path: path, into: &aggregator)
      precondition(summary.records == Int64(records))
      blackHole(aggregator.report())
    }
  }

  // The same on the varied log: key orders, escapes, raw responses, input images, n from 1 to 10.
  Benchmark("Replay: 1M varied records (other applications' logs), all cores") { benchmark in
    for _ in benchmark.scaledIterations {
      var aggregator = ReplayAggregator(
        book: book, dimensions: ["month", "model", "quality", "size"].compactMap(ReplayDimension.init), priceDate: nil)
      let summary = try! RequestLogReader(skipBad: false).replay(path: variedPath, into: &aggregator)
      precondition(summary.records == Int64(records))
      blackHole(aggregator.report())
    }
  }

  Benchmark("Replay: 1M records, one worker (--jobs 1)") { benchmark in
    for _ in benchmark.scaledIterations {
      var aggregator = ReplayAggregator(book: book, dimensions: dimensions, priceDate: nil)
      let summary = try! RequestLogReader(skipBad: false).replay(path: path, into: &aggregator, workers: 1)
      precondition(summary.records == Int64(records))
      blackHole(aggregator.report())
    }
  }

  // The record-by-record API (UsageRecord values, as `import` and custom callers use it).
  Benchmark("Replay: 1M records through read(path:) and add(_:)") { benchmark in
    for _ in benchmark.scaledIterations {
      var aggregator = ReplayAggregator(book: book, dimensions: dimensions, priceDate: nil)
      let summary = try! RequestLogReader(skipBad: false).read(path: path) { aggregator.add($0) }
      precondition(summary.records == Int64(records))
      blackHole(aggregator.report())
    }
  }

  Benchmark("Replay: 1M records, read + parse only") { benchmark in
    for _ in benchmark.scaledIterations {
      var count = 0
      _ = try! RequestLogReader(skipBad: false).read(path: path) {
        blackHole($0)
        count += 1
      }
      precondition(count == records)
    }
  }

  Benchmark("wc -l on the same file (the floor)", configuration: .init(metrics: [.wallClock], maxIterations: 5)) { benchmark in
    for _ in benchmark.scaledIterations {
      let wc = Process()
      wc.executableURL = URL(fileURLWithPath: "/usr/bin/wc")
      wc.arguments = ["-l", path]
      wc.standardOutput = FileHandle.nullDevice
      try! wc.run()
      wc.waitUntilExit()
    }
  }
}
