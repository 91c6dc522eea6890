// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "imagecost",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "imagecost", targets: ["imagecost"]),
    .library(name: "CostCore", targets: ["CostCore"]),
    .library(name: "CostIO", targets: ["CostIO"]),
    .library(name: "O200k", targets: ["O200k"]),
    .library(name: "Ledger", targets: ["Ledger"]),
    .library(name: "Replay", targets: ["Replay"]),
    .library(name: "WarehouseSQL", targets: ["WarehouseSQL"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    // Test-only: the stand-in HTTP server for live-mode tests (never linked into the binary).
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
  ],
  targets: [
    // SHA-256, used for the price-book fingerprint and the vocabulary check. No dependencies.
    .target(name: "Digest"),
    // The pure core: money, price book model, token model, pricing. No I/O.
    .target(name: "CostCore", dependencies: ["Digest"]),
    // o200k_base tokenizer (ordinary encoding) with the bundled vocabulary.
    .target(
      name: "O200k",
      dependencies: ["Digest"],
      resources: [.copy("Resources/o200k_base.tiktoken"), .copy("Resources/NOTICE")]
    ),
    // The system zlib (gzip-compressed logs), through a tiny module map.
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // File-system edges: YAML price book loader, file reading.
    .target(name: "CostIO", dependencies: ["CostCore", "Digest", "CZlib", .product(name: "Yams", package: "Yams")]),
    // Replay of request logs: the fast scanner, the general parser, the parallel reader and the aggregator.
    .target(name: "Replay", dependencies: ["CostCore", "CostIO", "Digest"]),
    // The ledger: a SQLite store (system libsqlite3 through GRDB) of imported usage, export lines, priced
    // roll-ups and the live-call journal. The only target that imports GRDB.
    .target(
      name: "Ledger",
      dependencies: ["CostCore", "CostIO", "Digest", "Replay", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    // Pure renderers of the report model.
    .target(name: "CostReports", dependencies: ["CostCore"]),
    // `imagecost sql`: the price book and replay's pricing rules as one SQL script per dialect. Pure: no I/O.
    .target(name: "WarehouseSQL", dependencies: ["CostCore"]),
    // The network edge of live mode: wire formats (endpoints, request bodies, multipart, SSE), HTTP client, runner.
    .target(name: "ImageAPI", dependencies: ["CostCore", "CostIO"]),
    // A live run without a command line: plan → priced, checked preview (no network); send, journal, summarize.
    .target(name: "LiveRun", dependencies: ["CostCore", "CostIO", "ImageAPI", "Ledger"]),
    .executableTarget(
      name: "imagecost",
      dependencies: [
        "CostCore", "CostIO", "CostReports", "Ledger", "LiveRun", "O200k", "ImageAPI", "Replay", "WarehouseSQL",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "CostCoreTests", dependencies: ["CostCore", "Digest"]),
    .testTarget(name: "CostIOTests", dependencies: ["CostCore", "CostIO", "Replay"]),
    .testTarget(name: "CostReportsTests", dependencies: ["CostCore", "CostIO", "CostReports", "O200k", "Replay", "TestSupport"]),
    .testTarget(name: "O200kTests", dependencies: ["O200k", "Digest"], resources: [.copy("Fixtures")]),
    .testTarget(name: "LedgerTests", dependencies: ["CostCore", "CostIO", "Ledger", "Replay"]),
    .testTarget(name: "ReplayTests", dependencies: ["CostCore", "CostIO", "Replay"]),
    // Test support: where the tests find the built binary; golden files.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "CLITests", dependencies: ["imagecost", "TestSupport"]),
    // `imagecost sql`: dialect pieces, golden scripts, and the scripts run on DuckDB and Spark against replay.
    .testTarget(
      name: "WarehouseSQLTests", dependencies: ["CostCore", "CostIO", "CostReports", "WarehouseSQL", "TestSupport", "imagecost"],
      exclude: ["Golden", "engine_check.py"]),
    // Test support: a stand-in for the OpenAI and Azure image APIs on 127.0.0.1 (FlyingFox).
    .target(
      name: "StandInServer",
      dependencies: ["CostCore", "O200k", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox")],
      path: "Tests/StandInServer"),
    // `imagecost pricing sync`: readers, comparison, proposed book, the CLI and --fetch against a stand-in.
    .testTarget(
      name: "PriceSyncTests",
      dependencies: [
        "CostCore", "CostIO", "CostReports", "ImageAPI", "TestSupport", "imagecost", .product(name: "FlyingFox", package: "FlyingFox"),
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ],
      exclude: ["Fixtures"]),
    // Test support: test doubles of live mode (an in-memory call journal).
    .target(name: "LiveTestDoubles", dependencies: ["CostCore", "ImageAPI"], path: "Tests/LiveTestDoubles"),
    .testTarget(
      name: "LiveTests",
      dependencies: [
        "CostCore", "CostIO", "CostReports", "ImageAPI", "Ledger", "LiveRun", "LiveTestDoubles", "O200k", "StandInServer", "TestSupport", "imagecost",
      ]),
  ]
)
