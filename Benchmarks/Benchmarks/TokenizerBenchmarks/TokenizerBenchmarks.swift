import Benchmark
import BenchmarkCorpus
import O200k

/// o200k_base tokenizer benchmarks (issue 4 budgets, release build):
/// vocabulary load ≤ 200 ms; 32,000-character unbroken Japanese prompt ≤ 50 ms; typical prompt ≤ 1 ms;
/// throughput on a mixed English/Japanese corpus in MB/s.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
    warmupIterations: 1,
    maxDuration: .seconds(3),
    maxIterations: 1_000
  )

  let vocabularyPath = try! O200kTokenizer.bundledVocabularyPath()
  let shared = O200kTokenizer.shared
  try! shared.loadVocabulary()
  _ = try! shared.count("warm up the scalar class table")

  Benchmark("Vocabulary load (sha256 checked)", configuration: .init(maxIterations: 30)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! O200kTokenizer(vocabularyPath: vocabularyPath, verifySHA256: true))
    }
  }

  Benchmark("Vocabulary load (format checked only)", configuration: .init(maxIterations: 30)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! O200kTokenizer(vocabularyPath: vocabularyPath, verifySHA256: false))
    }
  }

  let japanese = BenchmarkCorpus.unbrokenJapanese32k
  Benchmark("Count 32,000-char unbroken Japanese prompt", configuration: .init(maxIterations: 100)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! shared.count(japanese))
    }
  }

  let prompt = BenchmarkCorpus.typicalPrompt
  Benchmark(
    "Count typical prompt (\(prompt.utf8.count) bytes)",
    configuration: .init(timeUnits: .microseconds, maxIterations: 100_000)
  ) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! shared.count(prompt))
    }
  }

  let corpus = BenchmarkCorpus.mixedCorpus
  Benchmark(
    "Count mixed EN/JA corpus (\(corpus.utf8.count) bytes; MB/s = bytes ÷ time)",
    configuration: .init(maxIterations: 30)
  ) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try! shared.count(corpus))
    }
  }
}
