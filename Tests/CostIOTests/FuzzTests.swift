import CostCore
import Foundation
import Testing

@testable import CostIO
@testable import Replay

/// Seeded mutation fuzzing of every reader of outside input: the request-log line parser (the fast scanner
/// and the general parser must agree: the same record, or the scanner declines and the general parser
/// answers), the plan loader (and the simulation of what it loads), the CSV export readers, the OpenAI export
/// readers and the price-book loader. Each input must give a result or a typed error: a trap fails the run.
///
/// A short run is part of `swift test`; `IMAGECOST_FUZZ_ITERATIONS=N` runs N inputs per target and
/// `IMAGECOST_FUZZ_SEED=S` another seed (a failure names the seed and the input). The corpus of seeds is
/// `Tests/CostIOTests/FuzzCorpus/` (one file per seed, by target prefix) plus the bundled examples.
@Suite struct FuzzTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

  static var iterations: Int { ProcessInfo.processInfo.environment["IMAGECOST_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 400 }
  static var seed: UInt64 { ProcessInfo.processInfo.environment["IMAGECOST_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_203 }

  /// Corpus files whose name starts with `prefix`, plus `extra` files of the repository.
  static func corpus(_ prefix: String, extra: [String] = []) -> [String] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    let files = names.map { corpusDirectory.appendingPathComponent($0).path } + extra.map { root.appendingPathComponent($0).path }
    return files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
  }

  static let book: PriceBook = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)

  // MARK: Request-log lines

  @Test func requestLogLinesParseAlikeAndPriceWithoutTrapping() throws {
    let seeds = FuzzTests.corpus("log-", extra: ["examples/logs/2026-10.jsonl", "examples/logs/raw-responses.jsonl"])
      .flatMap { $0.split(separator: "\n").map(String.init) }
    try #require(seeds.count >= 10)
    var fuzzer = Fuzzer(seed: FuzzTests.seed)
    let reader = RequestLogReader(skipBad: true)
    var scanner = RequestLogScanner()
    var aggregator = ReplayAggregator(
      book: FuzzTests.book, dimensions: [.month, .model], priceDate: nil, whatIfs: [WhatIf("model=gpt-image-1-mini")!])
    var lines: [String] = []
    var scanned = 0
    var parsed = 0
    for i in 0..<FuzzTests.iterations {
      let line = fuzzer.mutate(seeds[fuzzer.below(seeds.count)], tokens: Fuzzer.jsonTokens)
      let bytes = Array(line.utf8)
      var generalUnknown: [String: Int64] = [:]
      let general: Result<UsageRecord, RequestLogError> = Result {
        try reader.parse(bytes, file: "fuzz", line: 1, unknown: &generalUnknown)
      }.mapError { ($0 as? RequestLogError) ?? RequestLogError(file: "fuzz", line: 1, message: "unexpected error \($0)") }
      var fastUnknown: [String: Int64] = [:]
      let fast = bytes.withUnsafeBufferPointer { scanner.scan($0, unknown: &fastUnknown) }
      if let fast {
        scanned += 1
        // The scanner answers only what the general parser answers the same way.
        guard case .success(let record) = general, record == fast, generalUnknown == fastUnknown else {
          Issue.record(
            "seed \(FuzzTests.seed) input \(i): the scanner and the general parser disagree on \(line.debugDescription): \(general) vs \(fast)")
          continue
        }
      }
      if case .success(let record) = general {
        parsed += 1
        aggregator.add(record)
      }
      if !line.contains("\n") { lines.append(line) }
    }
    _ = aggregator.report()
    // The whole batch through both file readers: the parallel replay (fast path) equals read + add.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("fuzz.jsonl").path
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    var general = ReplayAggregator(book: FuzzTests.book, dimensions: [.model, .quality], priceDate: nil)
    let generalSummary = try reader.read(path: path) { general.add($0) }
    var fastAggregator = ReplayAggregator(book: FuzzTests.book, dimensions: [.model, .quality], priceDate: nil)
    let fastSummary = try reader.replay(path: path, into: &fastAggregator, workers: 2, blockSize: 4096)
    #expect(fastSummary.records == generalSummary.records)
    #expect(fastSummary.skipped == generalSummary.skipped)
    #expect(fastSummary.firstSkipped.map(\.description) == generalSummary.firstSkipped.map(\.description))
    // Compared without zero-valued components: a duplicate id taken back by the parallel merge leaves its
    // components' presence in the cell (a known difference of presentation, not of any amount).
    func normalized(_ t: ReplayTotals) -> ReplayTotals {
      var t = t
      t.components = t.components.filter { $0.value != .zero }
      return t
    }
    let (a, b) = (fastAggregator.report(), general.report())
    #expect(a.groups.map { [$0.key.description: normalized($0.totals)] } == b.groups.map { [$0.key.description: normalized($0.totals)] })
    #expect(normalized(a.totals) == normalized(b.totals))
    #expect(a.unpriced == b.unpriced)
    // The mutations keep a good share of lines valid, so pricing is exercised too.
    #expect(parsed > FuzzTests.iterations / 20)
    #expect(scanned > 0)
  }

  // MARK: Plans

  @Test func planLoaderAndSimulationNeverTrap() throws {
    let seeds = FuzzTests.corpus("plan-", extra: ["examples/spring-campaign.yaml"])
    try #require(!seeds.isEmpty)
    var fuzzer = Fuzzer(seed: FuzzTests.seed &+ 1)
    var loaded = 0
    // The seeds themselves first (a valid one must load and simulate), then their mutants.
    for index in 0..<(seeds.count + max(1, FuzzTests.iterations / 4)) {
      let text = index < seeds.count ? seeds[index] : fuzzer.mutate(seeds[fuzzer.below(seeds.count)], tokens: Fuzzer.yamlTokens)
      guard let plan = try? PlanLoader.parse(text, file: "fuzz.yaml", book: FuzzTests.book) else { continue }
      loaded += 1
      _ = try? PlanSimulator(book: FuzzTests.book).simulate(plan)
      _ = try? MonteCarlo(book: FuzzTests.book).run(plan, trials: 3, seed: 1)
    }
    #expect(loaded > 0)
  }

  // MARK: CSV exports

  @Test func csvExportReadersNeverTrap() throws {
    let seeds = FuzzTests.corpus("azure-", extra: ["examples/exports/azure-costs.csv"])
    let mapped = FuzzTests.corpus("usage-", extra: ["examples/logs/usage.csv"])
    try #require(!seeds.isEmpty && !mapped.isEmpty)
    var fuzzer = Fuzzer(seed: FuzzTests.seed &+ 2)
    var read = 0
    for i in 0..<FuzzTests.iterations {
      if i % 2 == 0 {
        let text = fuzzer.mutate(seeds[fuzzer.below(seeds.count)], tokens: Fuzzer.csvTokens)
        if let lines = try? ExportReaders.azureExport(text, file: "fuzz.csv", book: FuzzTests.book) {
          read += 1
          _ = ActualCostReport.aggregate(lines, source: "azure-export", dimensions: ["month", "model"])
        }
      } else {
        let text = fuzzer.mutate(mapped[fuzzer.below(mapped.count)], tokens: Fuzzer.csvTokens)
        var aggregator = ReplayAggregator(book: FuzzTests.book, dimensions: [.model], priceDate: nil)
        let map = [
          "time": "created_at", "model": "model_name", "quality": "q", "size": "size", "n": "images", "input_tokens": "in_tokens",
          "output_tokens": "out_tokens", "tag:team": "team",
        ]
        if (try? GenericCSVReader(map: map).read(text, file: "fuzz.csv") { aggregator.add($0) }) != nil { read += 1 }
        _ = aggregator.report()
      }
    }
    #expect(read > 0)
  }

  // MARK: OpenAI exports

  @Test func openAIExportReadersNeverTrap() throws {
    let costs = FuzzTests.corpus("openai-costs-", extra: ["examples/exports/openai-costs.json"])
    let usage = FuzzTests.corpus("openai-usage-", extra: ["examples/exports/openai-usage-images.json"])
    var fuzzer = Fuzzer(seed: FuzzTests.seed &+ 3)
    var read = 0
    for i in 0..<FuzzTests.iterations {
      if i % 2 == 0 {
        let text = fuzzer.mutate(costs[fuzzer.below(costs.count)], tokens: Fuzzer.jsonTokens)
        if let lines = try? ExportReaders.openAICosts(text, file: "fuzz.json", book: FuzzTests.book) {
          read += 1
          _ = ActualCostReport.aggregate(lines, source: "openai-costs", dimensions: ["day", "model"])
        }
      } else {
        let text = fuzzer.mutate(usage[fuzzer.below(usage.count)], tokens: Fuzzer.jsonTokens)
        if let counts = try? ExportReaders.openAIUsageImages(text, file: "fuzz.json") {
          read += 1
          _ = UsageRangeReport.price(counts, book: FuzzTests.book, by: ["month", "model", "size"])
        }
      }
    }
    #expect(read > 0)
  }

  // MARK: Price book

  @Test func priceBookLoaderNeverTraps() throws {
    let files = try PriceBookLoader.readFiles(directory: FuzzTests.root.appendingPathComponent("pricing").path)
    try #require(!files.isEmpty)
    var fuzzer = Fuzzer(seed: FuzzTests.seed &+ 4)
    var valid = 0
    for _ in 0..<max(1, FuzzTests.iterations / 20) {
      var mutated = files
      let index = fuzzer.below(files.count)
      mutated[index].text = fuzzer.mutate(files[index].text, tokens: Fuzzer.yamlTokens)
      let (book, diagnostics) = PriceBookLoader.parse(files: mutated)
      if diagnostics.isEmpty {
        valid += 1
        // A book that loads prices a request without trapping.
        _ = try? Pricer(book: book).quote(ImageRequest(model: "gpt-image-1", quality: "high"), requests: 1_000, date: CivilDate("2026-11-24")!)
      }
    }
    #expect(valid >= 0)
  }

  // MARK: The committed crash cases, each a typed error or a result

  @Test(arguments: [
    (
      "output_tokens 900000000000000000",
      #"{"id":"x","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","usage":{"input_tokens":1,"output_tokens":900000000000000000}}"#,
      "usage.output_tokens 900000000000000000 is beyond the plausible maximum of 10,000,000 tokens per request"
    ),
    (
      "n", #"{"id":"x","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","n":4294967296}"#,
      "n 4294967296 is beyond the plausible maximum of 100 images per request"
    ),
    ("created", #"{"id":"x","created":900000000000000000,"model":"gpt-image-1"}"#, "'created' 900000000000000000 is beyond the plausible maximum"),
    (
      "size", #"{"id":"x","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","size":"200000x1"}"#,
      "size 200000x1 is beyond the plausible maximum of 100,000 pixels a side"
    ),
    (
      "input image",
      #"{"id":"x","time":"2026-10-01T00:00:00Z","model":"gpt-image-1","operation":"edit","input_images":[{"width":999999999999,"height":1}]}"#,
      "input_images[0] 999999999999x1 is beyond the plausible maximum"
    ),
  ])
  func implausibleLogQuantitiesAreBadLines(name: String, line: String, message: String) throws {
    var unknown: [String: Int64] = [:]
    #expect(throws: RequestLogError.self) { try RequestLogReader(skipBad: false).parse(Array(line.utf8), file: "f", line: 7, unknown: &unknown) }
    do {
      _ = try RequestLogReader(skipBad: false).parse(Array(line.utf8), file: "f", line: 7, unknown: &unknown)
    } catch let error as RequestLogError {
      #expect(error.description.hasPrefix("f:7: " + message), "\(name): \(error.description)")
    }
    var scanner = RequestLogScanner()
    #expect(Array(line.utf8).withUnsafeBufferPointer { scanner.scan($0, unknown: &unknown) } == nil)
  }

  @Test(arguments: [
    ("1e308", ExportReaders.AmountProblem.implausible), ("-1e308", .implausible), ("1e99999999999999999999", .implausible),
    ("100000000.000000001", .implausible), ("1e", .malformed), ("1e+", .malformed), ("abc", .malformed), ("1e1x", .malformed),
  ])
  func unreadableAmountsAreTypedErrors(text: String, problem: ExportReaders.AmountProblem) {
    #expect(ExportReaders.amount(text) == .failure(problem))
  }

  @Test(arguments: [
    ("1e-320", Int64(0)), ("-1e-320", 0), ("1e-9", 1), ("5e-10", 0), ("15e-10", 2), ("100000000", 100_000_000_000_000_000), ("0e999999", 0),
    ("1e-00000000001", 100_000_000), ("2.5E+0000002", 250_000_000_000),
  ])
  func tinyAndLargestAmounts(text: String, nanos: Int64) {
    #expect(ExportReaders.amount(text) == .success(nanos))
  }
}

/// A small seeded mutator (SplitMix64): byte flips, deletions, duplications, truncation and splices of
/// interesting tokens (huge and tiny numbers, nulls, empty containers, escapes, a BOM).
struct Fuzzer {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

  static let numbers = [
    "0", "-1", "1", "900000000000000000", "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999999",
    "1e308", "-1e308", "1e-320", "4.9e-324", "1.5", "1e3", "10000001", "4294967296", "2147483648", "-0", "00", "1E400",
  ]
  static let jsonTokens =
    numbers + [
      "null", "true", "\"\"", "{}", "[]", "\"\\u0000\"", "\"\\ud800\"", "\u{FEFF}", "\"edit\"", "\"high\"", "\"low\"", "\"1024x1024\"",
      "\"99999x99999\"", "\"auto\"", ",", ":", "\"usage\":", "\"n\":", "\"input_fidelity\":\"low\"", "[{\"width\":1,\"height\":1}]",
    ]
  static let yamlTokens = numbers + [": ", "- ", "\n", "  ", "~", "null", "[]", "{}", "&a", "*a", "!!str", "'", "\"", "#", "1024x1024", "2026-13-45"]
  static let csvTokens = numbers + [",", "\"", "\r\n", "\n", "\"\"", "1/1/99999999999", "2026-10-01", "USD", "gpt-image-1", ""]

  /// `text` with 1–4 random mutations.
  mutating func mutate(_ text: String, tokens: [String]) -> String {
    var bytes = Array(text.utf8)
    for _ in 0...below(4) {
      let at = bytes.isEmpty ? 0 : below(bytes.count + 1)
      switch below(7) {
      case 0 where !bytes.isEmpty:
        bytes[min(at, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << below(8))
      case 1 where !bytes.isEmpty:
        let end = min(bytes.count, at + 1 + below(16))
        bytes.removeSubrange(min(at, end)..<end)
      case 2 where !bytes.isEmpty:
        let start = below(bytes.count)
        let end = min(bytes.count, start + 1 + below(64))
        bytes.insert(contentsOf: bytes[start..<end], at: at)
      case 3:
        bytes.removeSubrange(min(at, bytes.count)...)
      default:
        // Replace a number (most inputs' weak spot) or splice a token in.
        if let range = numberRange(in: bytes, near: at), below(2) == 0 {
          bytes.replaceSubrange(range, with: Array(tokens[below(tokens.count)].utf8))
        } else {
          bytes.insert(contentsOf: Array(tokens[below(tokens.count)].utf8), at: at)
        }
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func numberRange(in bytes: [UInt8], near at: Int) -> Range<Int>? {
    var i = min(at, bytes.count)
    while i < bytes.count, !(0x30...0x39).contains(bytes[i]) { i += 1 }
    guard i < bytes.count else { return nil }
    var end = i
    while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2E { end += 1 }
    return i..<end
  }
}
