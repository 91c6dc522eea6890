import CostCore
import CostIO
import Foundation
import Testing

/// `pricing check` / the loader: the real book is clean; each deliberately broken copy is
/// reported as `file:line: message`.
@Suite struct PriceBookCheckTests {
  @Test func realBookLoadsWithZeroDiagnostics() throws {
    let names = Set(RealBook.files.map(\.name))
    for base in ["assumptions", "azure", "models", "openai", "sources", "token-rules"] {
      #expect(names.contains("pricing/\(base).yaml"), "\(names)")
    }
    #expect(RealBook.parsed.diagnostics.isEmpty, "\(RealBook.parsed.diagnostics.map(\.description).joined(separator: "\n"))")
    let book = try PriceBookLoader.load(directory: RealBook.directory)
    #expect(book.validate().isEmpty)
    #expect(book.defaultProvider == "azure")
    #expect(book.providers["azure"]?.defaultDeploymentType == "global")
    #expect(book.providers["openai"]?.defaultDeploymentType == "standard")
    #expect(Set(book.models.keys).isSuperset(of: ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3", "dall-e-2"]))
    #expect(book.fingerprint == RealBook.book.fingerprint)
    #expect(book.fingerprint.count == 64)
  }

  @Test func everyRateIsSourcedAndDated() {
    for rate in RealBook.book.rates {
      let source = RealBook.book.sources[rate.source]
      #expect(source != nil, "\(rate.location)")
      #expect(source.map { !$0.url.isEmpty } == true)
      #expect(rate.location.file.hasPrefix("pricing/") && rate.location.line > 0)
    }
    #expect(RealBook.book.rates.count > 100)
  }

  @Test func capabilitiesFromTheReference() throws {
    let models = RealBook.book.models
    // §8: n 1–10, dall-e-3 n=1; prompt limits 32,000 / 4,000 / 1,000; up to 16 input images.
    for id in ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"] {
      let caps = try #require(models[id]?.capabilities)
      #expect(caps.n == 1...10 && caps.promptMaxChars == 32_000 && caps.maxInputImages == 16 && caps.partialImages == 0...3, "\(id)")
    }
    #expect(models["dall-e-3"]?.capabilities.n == 1...1)
    #expect(models["dall-e-3"]?.capabilities.promptMaxChars == 4000)
    #expect(models["dall-e-2"]?.capabilities.promptMaxChars == 1000)
    // §5: input_fidelity — unsupported on mini (newer sources), always high on gpt-image-2.
    #expect(models["gpt-image-1"]?.capabilities.inputFidelity == .optional)
    #expect(models["gpt-image-1.5"]?.capabilities.inputFidelity == .optional)
    #expect(models["gpt-image-1-mini"]?.capabilities.inputFidelity == .unsupported)
    #expect(models["gpt-image-2"]?.capabilities.inputFidelity == .alwaysHigh)
    // §5 disagreement 1: both addends kept in data, the newer one used.
    let rule = try #require(RealBook.book.tokenRules.inputImageRules["tiles-512"])
    #expect(rule.highFidelitySquare == 4160 && rule.highFidelityNonSquare == 6240 && rule.source == "S8b")
    #expect(rule.alternativeAddends.contains { $0.square == 4096 && $0.nonSquare == 6144 && $0.source == "S8a" })
    #expect(RealBook.book.tokenRules.partialImageTokens == 100)
  }

  @Test func loadThrowsForABrokenDirectory() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-broken-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for file in RealBook.files {
      let base = URL(fileURLWithPath: file.name).lastPathComponent
      let text = base == "openai.yaml" ? file.text.replacingOccurrences(of: "image_output: 40.00", with: "image_output: -40.00") : file.text
      try text.write(to: dir.appendingPathComponent(base), atomically: true, encoding: .utf8)
    }
    let error = #expect(throws: PriceBookError.self) { try PriceBookLoader.load(directory: dir.path) }
    let diagnostic = try #require(error?.diagnostics.first)
    #expect(diagnostic.location.file == dir.path + "/openai.yaml")
    #expect(diagnostic.message.contains("negative"))
    #expect(error?.description.contains("pricing check") == true)
  }

  @Test func missingDirectory() {
    #expect(throws: PriceBookError.self) { try PriceBookLoader.load(directory: "/nonexistent/imagecost/pricing") }
  }

  struct Broken: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let old: String
    let new: String
    /// The diagnostic must be on a line from the first line containing `from` to the first line
    /// containing `to` (the same line when `to` is nil), in the edited text.
    let from: String
    let to: String?
    /// Every fragment must appear in the message.
    let mentions: [String]
    /// The file the diagnostic belongs to when it is not the edited one (markers are searched there).
    var reportedIn: String? = nil
    var testDescription: String { name }
  }

  static let gptImage1Standard = "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23, source: S12,"
  static let gptImage1StandardPrices =
    "prices: {text_input: 5.00, cached_text_input: 1.25, image_input: 10.00, cached_image_input: 2.50, image_output: 40.00}}"

  @Test(arguments: [
    Broken(
      name: "unknown key in a model", file: "models.yaml", old: "    name: GPT Image 1\n", new: "    name: GPT Image 1\n    colour: blue\n",
      from: "colour: blue", to: nil, mentions: ["unknown key 'colour'"]),
    Broken(
      name: "unknown key in a rate", file: "openai.yaml", old: gptImage1Standard, new: gptImage1Standard + " currency: USD,",
      from: "currency: USD", to: nil, mentions: ["unknown key 'currency'"]),
    Broken(
      name: "unknown top-level key", file: "sources.yaml", old: "schema_version: 1\n", new: "schema_version: 1\nsorces: {}\n",
      from: "sorces:", to: nil, mentions: ["unknown key 'sorces'"]),
    Broken(
      name: "rate cites an undefined source", file: "openai.yaml", old: gptImage1Standard,
      new: "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23, source: S99,", from: "source: S99", to: gptImage1StandardPrices,
      mentions: ["'S99'", "not defined"]),
    Broken(
      name: "rate without a source", file: "openai.yaml", old: gptImage1Standard,
      new: "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23,", from: "model: gpt-image-1, unit: 1M tokens",
      to: gptImage1StandardPrices,
      mentions: ["missing required key 'source'"]),
    Broken(
      name: "overlapping effective ranges", file: "openai.yaml", old: "\n  # Batch API accepts",
      new:
        "\n  - {provider: openai, deployment_type: standard, model: gpt-image-1, unit: 1M tokens, effective_from: 2026-01-01, source: S12,\n     prices: {text_input: 6.00, image_output: 45.00}}\n  # Batch API accepts",
      from: "effective_from: 2026-01-01", to: "text_input: 6.00", mentions: ["overlaps", "gpt-image-1"]),
    Broken(
      name: "negative price", file: "openai.yaml", old: "image_output: 40.00}", new: "image_output: -40.00}",
      from: "image_output: -40.00", to: nil, mentions: ["-40.00", "negative"]),
    Broken(
      name: "malformed price", file: "openai.yaml", old: "image_output: 40.00}", new: "image_output: 4.0.0}",
      from: "image_output: 4.0.0", to: nil, mentions: ["'4.0.0'", "not a valid price"]),
    Broken(
      name: "price with a comma", file: "azure.yaml", old: "hd:       {1024x1024: 8.00, 1024x1792: 12.00, 1792x1024: 12.00}",
      new: "hd:       {1024x1024: 8.00, 1024x1792: '12,00', 1792x1024: 12.00}", from: "'12,00'", to: nil, mentions: ["'12,00'"]),
    Broken(
      name: "price with 10 decimals", file: "openai.yaml", old: "image_output: 40.00}", new: "image_output: 0.0000000001}",
      from: "image_output: 0.0000000001", to: nil, mentions: ["0.0000000001"]),
    Broken(
      name: "impossible date", file: "openai.yaml", old: "model: gpt-image-1-mini, unit: 1M tokens, effective_from: 2025-10-06,",
      new: "model: gpt-image-1-mini, unit: 1M tokens, effective_from: 2025-02-30,", from: "effective_from: 2025-02-30", to: nil,
      mentions: ["2025-02-30", "YYYY-MM-DD"]),
    Broken(
      name: "date in another format", file: "sources.yaml", old: "read: 2026-07-31", new: "read: 31/07/2026",
      from: "read: 31/07/2026", to: nil, mentions: ["31/07/2026"]),
    Broken(
      name: "effective_to before effective_from", file: "openai.yaml", old: gptImage1Standard,
      new: "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23, effective_to: 2025-01-01, source: S12,",
      from: "effective_to: 2025-01-01", to: nil, mentions: ["2025-01-01", "2025-04-23"]),
    Broken(
      name: "unknown model in a rate", file: "openai.yaml", old: "model: gpt-image-1-mini, unit: 1M tokens, effective_from: 2025-10-06,",
      new: "model: gpt-image-9, unit: 1M tokens, effective_from: 2025-10-06,", from: "model: gpt-image-9", to: "image_output: 8.00",
      mentions: ["unknown model 'gpt-image-9'"]),
    Broken(
      name: "per-image price for a size the model does not offer", file: "openai.yaml",
      old: "standard: {1024x1024: 0.040, 1024x1792: 0.080, 1792x1024: 0.080}",
      new: "standard: {1024x1024: 0.040, 1024x1792: 0.080, 1792x1024: 0.080, 512x512: 0.030}", from: "512x512: 0.030", to: nil,
      mentions: ["dall-e-3", "512x512"]),
    Broken(
      name: "size the model offers without a price", file: "openai.yaml",
      old: "hd:       {1024x1024: 0.080, 1024x1792: 0.120, 1792x1024: 0.120}", new: "hd:       {1024x1024: 0.080, 1024x1792: 0.120}",
      from: "model: dall-e-3", to: "hd:       {1024x1024: 0.080", mentions: ["dall-e-3", "hd", "1792x1024"]),
    Broken(
      name: "hd per-image price on a gpt-image model", file: "openai.yaml", old: "\n  # Batch API accepts",
      new:
        "\n  - {provider: openai, deployment_type: standard, model: gpt-image-1, unit: image, effective_from: 2025-04-23, source: S12,\n     images: {hd: {1024x1024: 0.167}}}\n  # Batch API accepts",
      from: "model: gpt-image-1, unit: image", to: "images: {hd:", mentions: ["gpt-image-1"]),
    Broken(
      name: "hd quality on a gpt-image model without token cells", file: "models.yaml",
      old: "      qualities: [low, medium, high]\n      default_quality: {openai: auto, azure: high}   # S2, S14",
      new: "      qualities: [low, medium, high, hd]\n      default_quality: {openai: auto, azure: high}   # S2, S14",
      from: "  gpt-image-1:", to: "qualities: [low, medium, high, hd]", mentions: ["gpt-image-1", "hd"]),
    Broken(
      name: "worst-case margin below 100 percent", file: "token-rules.yaml",
      old: "    image_tokens_percent: 150\n", new: "    image_tokens_percent: 90\n",
      from: "image_tokens_percent: 90", to: nil, mentions: ["image_tokens_percent"]),
    Broken(
      name: "worst-case margin missing", file: "token-rules.yaml",
      old: "    text_output_percent: 200\n", new: "",
      from: "worst_case_margins:", to: "assumption: live-worst-case-margins", mentions: ["text_output_percent"]),
    Broken(
      name: "token table cell missing for an offered size", file: "token-rules.yaml",
      old: "high:   {1024x1024: 4160, 1024x1536: 6240, 1536x1024: 6208}", new: "high:   {1024x1024: 4160, 1024x1536: 6240}",
      from: "  gpt-image-1:", to: "tokens: {output: gpt-image-1-table, input_image: tiles-512}", mentions: ["gpt-image-1", "high", "1536x1024"],
      reportedIn: "models.yaml"),
    Broken(
      name: "text output rate for a model without text output", file: "openai.yaml",
      old: gptImage1StandardPrices,
      new:
        "prices: {text_input: 5.00, cached_text_input: 1.25, image_input: 10.00, cached_image_input: 2.50, image_output: 40.00, text_output: 10.00}}",
      from: "text_output: 10.00}}", to: nil, mentions: ["gpt-image-1", "text_output"]),
    Broken(
      name: "YAML syntax error", file: "models.yaml", old: "    name: GPT Image 1\n", new: "    name: GPT Image 1: the first\n",
      from: "GPT Image 1: the first", to: nil, mentions: ["YAML syntax error"]),
    Broken(
      name: "unclosed flow mapping", file: "azure.yaml",
      old: "     prices: {text_input: 2.50, cached_text_input: 0.625, image_input: 4.00, cached_image_input: 1.00, image_output: 15.00}}",
      new: "     prices: {text_input: 2.50, cached_text_input: 0.625, image_input: 4.00, cached_image_input: 1.00, image_output: 15.00}",
      from: "image_output: 15.00}", to: "datazone-batch", mentions: ["YAML syntax error"]),
    Broken(
      name: "schema_version 2", file: "azure.yaml", old: "schema_version: 1\n", new: "schema_version: 2\n",
      from: "schema_version: 2", to: nil, mentions: ["schema_version 2", "not supported"]),
    Broken(
      name: "schema_version missing", file: "assumptions.yaml", old: "schema_version: 1\n", new: "\n",
      from: "assumptions:", to: nil, mentions: ["schema_version"]),
    Broken(
      name: "source id defined twice across files", file: "assumptions.yaml", old: "schema_version: 1\n",
      new: "schema_version: 1\nsources:\n  S10: {title: again, url: https://example.com, read: 2026-07-31, label: official}\n",
      from: "  S10:", to: "title: Azure Retail Prices API snapshot", mentions: ["'S10' is already defined", "pricing/assumptions.yaml:"],
      reportedIn: "sources.yaml"),
    Broken(
      name: "unknown component", file: "openai.yaml", old: gptImage1StandardPrices,
      new:
        "prices: {text_input: 5.00, cached_text_input: 1.25, image_input: 10.00, cached_image_input: 2.50, image_output: 40.00, audio_output: 1.00}}",
      from: "audio_output: 1.00", to: nil, mentions: ["audio_output"]),
    Broken(
      name: "unknown unit", file: "openai.yaml", old: gptImage1Standard,
      new: "model: gpt-image-1, unit: 1B tokens, effective_from: 2025-04-23, source: S12,",
      from: "unit: 1B tokens", to: nil, mentions: ["1B tokens"]),
    Broken(
      name: "assumption that does not exist", file: "openai.yaml",
      old:
        "  - {provider: openai, deployment_type: batch, model: gpt-image-1, unit: 1M tokens, effective_from: 2026-02-10, source: S27,\n     assumption: openai-batch-half-price,",
      new:
        "  - {provider: openai, deployment_type: batch, model: gpt-image-1, unit: 1M tokens, effective_from: 2026-02-10, source: S27,\n     assumption: openai-batch-halfprice,",
      from: "assumption: openai-batch-halfprice", to: "prices: {text_input: 2.50, cached_text_input: 0.625, image_input: 5.00",
      mentions: ["openai-batch-halfprice"]),
    Broken(
      name: "deployment type the provider lacks", file: "openai.yaml",
      old: "- {provider: openai, deployment_type: standard, model: gpt-image-1-mini,",
      new: "- {provider: openai, deployment_type: flex, model: gpt-image-1-mini,", from: "deployment_type: flex", to: "image_output: 8.00",
      mentions: ["flex"]),
    Broken(
      name: "retirement successor unknown", file: "models.yaml",
      old: "{provider: openai, retired: 2026-10-23, successor: gpt-image-2.5-sunburst, source: S55}",
      new: "{provider: openai, retired: 2026-10-23, successor: gpt-image-3, source: S55}", from: "successor: gpt-image-3", to: nil,
      mentions: ["gpt-image-3"]),
    // Bounds that keep the token arithmetic far from overflow.
    Broken(
      name: "estimate quality factor beyond its bound", file: "token-rules.yaml",
      old: "    gpt-image-2.6-estimate:\n      borrows: gpt-image-2-formula\n      quality_factors: {low: 16,",
      new: "    gpt-image-2.6-estimate:\n      borrows: gpt-image-2-formula\n      quality_factors: {low: 1600000,",
      from: "quality_factors: {low: 1600000", to: nil, mentions: ["at most 1000", "1600000"]),
    Broken(
      name: "patch rule ratio beyond its bound", file: "token-rules.yaml", old: "      max_ratio: 3\n      assumptions: [gpt-image-2-input-patches]",
      new: "      max_ratio: 300000\n      assumptions: [gpt-image-2-input-patches]", from: "max_ratio: 300000", to: nil,
      mentions: ["at most 100", "300000"]),
  ])
  func brokenCopyIsReportedAtItsLine(c: Broken) throws {
    let files = try #require(RealBook.files(editing: c.file, replacing: c.old, with: c.new), "fixture text must occur once in \(c.file)")
    let reported = c.reportedIn ?? c.file
    let text = try #require(files.first { $0.name == "pricing/" + reported }?.text)
    let first = try #require(RealBook.line(of: c.from, in: text), "marker \(c.from)")
    let last = try #require(c.to.map { RealBook.line(of: $0, in: text) } ?? first, "marker \(c.to ?? "")")
    let (_, diagnostics) = PriceBookLoader.parse(files: files)
    #expect(!diagnostics.isEmpty, "the broken copy must not load")
    let matching = diagnostics.filter { d in c.mentions.allSatisfy { d.message.contains($0) } }
    #expect(!matching.isEmpty, "no diagnostic mentions \(c.mentions):\n\(diagnostics.map(\.description).joined(separator: "\n"))")
    let located = matching.filter { $0.location.file == "pricing/" + reported && (first...max(first, last)).contains($0.location.line) }
    #expect(
      !located.isEmpty,
      "expected pricing/\(reported):\(first)\(last != first ? "–\(last)" : ""), got:\n\(matching.map(\.description).joined(separator: "\n"))")
    for d in located { #expect(d.description.hasPrefix("pricing/\(reported):\(d.location.line): ")) }
  }

  /// A key given twice in one mapping must be reported at the duplicate (or the first occurrence),
  /// with a short message — not at line 1 of the file.
  @Test func duplicateKeyIsReportedAtItsLine() throws {
    let files = try #require(
      RealBook.files(editing: "models.yaml", replacing: "    name: GPT Image 1\n", with: "    name: GPT Image 1\n    name: GPT Image One\n"))
    let text = try #require(files.first { $0.name == "pricing/models.yaml" }?.text)
    let first = try #require(RealBook.line(of: "name: GPT Image 1", in: text))
    let duplicate = try #require(RealBook.line(of: "name: GPT Image One", in: text))
    let (_, diagnostics) = PriceBookLoader.parse(files: files)
    let matching = diagnostics.filter { $0.message.contains("duplicate") && $0.message.contains("name") }
    #expect(!matching.isEmpty, "\(diagnostics)")
    #expect(
      matching.contains { $0.location.file == "pricing/models.yaml" && (first...duplicate).contains($0.location.line) },
      "expected pricing/models.yaml:\(duplicate) (or :\(first)), got \(matching.map { "\($0.location)" })")
    // One line of text, not the whole file echoed back.
    #expect(matching.allSatisfy { !$0.message.contains("schema_version: 1") }, "the message should not quote the file")
  }

  @Test func errorListsEveryProblemInFileAndLineOrder() throws {
    var files = try #require(RealBook.files(editing: "openai.yaml", replacing: "image_output: 40.00}", with: "image_output: -40.00}"))
    let index = try #require(files.firstIndex { $0.name == "pricing/models.yaml" })
    files[index].text = files[index].text.replacingOccurrences(of: "    name: GPT Image 1\n", with: "    name: GPT Image 1\n    colour: blue\n")
    let (_, diagnostics) = PriceBookLoader.parse(files: files)
    let error = PriceBookError(diagnostics: diagnostics)
    #expect(error.diagnostics.count >= 2)
    #expect(error.diagnostics.map(\.location.file) == error.diagnostics.map(\.location.file).sorted())
    #expect(error.description.contains("pricing/models.yaml:") && error.description.contains("pricing/openai.yaml:"))
    #expect(error.description.contains("problems"))
  }
}

/// Live mode's worst-case margins come from the price book's token rules, not from code.
@Suite struct WorstCaseMarginDataTests {
  @Test func marginsAreReadFromTheTokenRules() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let book = try PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
    #expect(
      book.tokenRules.worstCaseMargins
        == WorstCaseMargins(textInputPercent: 200, textFixedTokens: 64, textTokensPerInputImage: 64, imageTokensPercent: 150, textOutputPercent: 200))
    #expect(book.tokenRules.worstCaseAssumption == "live-worst-case-margins")
    #expect(book.assumptions["live-worst-case-margins"] != nil)
    #expect(LiveCallPricer(book: book).margins == book.tokenRules.worstCaseMargins)
  }
}
