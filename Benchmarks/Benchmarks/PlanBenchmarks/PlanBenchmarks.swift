import Benchmark
import CostCore
import CostIO
import Foundation

/// Plan simulation benchmarks (issue 5 budget, release build): 10,000 Monte Carlo trials of a 12-month,
/// 10-workload plan in ≤ 1 s; memory independent of the trial count.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
    warmupIterations: 1,
    maxDuration: .seconds(5),
    maxIterations: 20
  )
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let book = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
  // Ten workloads over every kind of uncertainty the simulator draws.
  let models = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3"]
  var yaml = "schema_version: 1\nname: bench\nstart: 2026-12\nmonths: 12\nworkloads:\n"
  for index in 0..<10 {
    let model = models[index % models.count]
    let quality = model == "dall-e-3" ? "hd" : (index % 3 == 0 ? "auto" : "medium")
    yaml += "  w\(index): {model: \(model), quality: \(quality), size: 1024x1024, images_per_month: \(1_000 * (index + 1)), "
    yaml += "growth_per_month: 0.05, retry_rate: {min: 0.01, max: 0.08}"
    yaml += model == "dall-e-3" ? "}\n" : ", prompt_tokens: {mean: 120, sd: 40}}\n"
  }
  let plan = try! PlanLoader.parse(yaml, file: "bench.yaml", book: book)
  let monteCarlo = MonteCarlo(book: book)

  Benchmark("Plan: 10,000 trials, 12 months × 10 workloads", configuration: .init(maxIterations: 10)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! monteCarlo.run(plan, trials: 10_000, seed: 7))
    }
  }

  Benchmark("Plan: 100,000 trials (memory must not grow 10×)", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! monteCarlo.run(plan, trials: 100_000, seed: 7))
    }
  }

  Benchmark("Plan: deterministic simulation with 4 candidates") { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! PlanSimulator(book: book).simulate(plan))
    }
  }
}
