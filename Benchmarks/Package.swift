// swift-tools-version: 6.1
// Benchmarks for imagecost, kept out of the root package so that `swift build` and `swift test` never compile
// ordo-one/benchmark. Run from this folder:
//
//     swift package --allow-writing-to-package-directory benchmark
//
// `swift run -c release O200kOracleCheck …` checks the tokenizer against oracle files and writes the corpus.
import PackageDescription

let package = Package(
  name: "Benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "imagecost", path: "../"),
    // The "MallocInterposer" trait only: its default traits pull in a package this machine's set does not have.
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // Deterministic benchmark inputs, shared by the benchmarks and O200kOracleCheck (which can write them out
    // for running tiktoken on the same text).
    .target(name: "BenchmarkCorpus"),
    .executableTarget(
      name: "TokenizerBenchmarks",
      dependencies: [
        "BenchmarkCorpus",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "O200k", package: "imagecost"),
      ],
      path: "Benchmarks/TokenizerBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "PlanBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "CostCore", package: "imagecost"),
        .product(name: "CostIO", package: "imagecost"),
      ],
      path: "Benchmarks/PlanBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "ReplayBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "CostCore", package: "imagecost"),
        .product(name: "CostIO", package: "imagecost"),
        .product(name: "Replay", package: "imagecost"),
      ],
      path: "Benchmarks/ReplayBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "LedgerBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "CostCore", package: "imagecost"),
        .product(name: "CostIO", package: "imagecost"),
        .product(name: "Ledger", package: "imagecost"),
        .product(name: "Replay", package: "imagecost"),
      ],
      path: "Benchmarks/LedgerBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "O200kOracleCheck",
      dependencies: ["BenchmarkCorpus", .product(name: "O200k", package: "imagecost")]
    ),
  ]
)
