import CostCore
import Digest
import Foundation
import Yams

/// Builds a ``PriceBook`` from `pricing/*.yaml` and checks it.
///
/// Each file carries `schema_version` and any of the sections `sources`, `assumptions`, `defaults`,
/// `providers`, `models`, `token_rules`, `rates`, `unmetered`, `rate_limits`. Unknown keys, bad values
/// and every semantic problem found by ``PriceBook/validate()`` are reported together, as
/// `file:line: message`.
public enum PriceBookLoader {
  /// The newest `schema_version` this build reads.
  public static let supportedSchemaVersion = 1

  /// Loads every `*.yaml` file in `directory` (name order).
  /// - Throws: ``PriceBookError`` listing every problem, or the file-system error that prevented reading.
  public static func load(directory: String) throws -> PriceBook {
    let files = try readFiles(directory: directory)
    let (book, diagnostics) = parse(files: files)
    if !diagnostics.isEmpty { throw PriceBookError(diagnostics: diagnostics) }
    return book
  }

  /// Reads the YAML files of a price-book directory as `(display name, text)` pairs.
  public static func readFiles(directory: String) throws -> [(name: String, text: String)] {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw PriceBookError(diagnostics: [
        PriceBookDiagnostic(SourceLocation(file: directory, line: 0), "the price book directory does not exist")
      ])
    }
    let names = try manager.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    if names.isEmpty {
      throw PriceBookError(diagnostics: [
        PriceBookDiagnostic(SourceLocation(file: directory, line: 0), "the price book directory has no .yaml files")
      ])
    }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    return try names.map { name in
      let path = prefix + name
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard let text = String(data: data, encoding: .utf8) else {
        throw PriceBookError(diagnostics: [PriceBookDiagnostic(SourceLocation(file: path, line: 1), "the file is not valid UTF-8 text")])
      }
      return (path, text)
    }
  }

  /// SHA-256 over each file's base name and bytes, in name order: the price book's fingerprint.
  public static func fingerprint(files: [(name: String, text: String)]) -> String {
    var hasher = SHA256()
    for file in files.sorted(by: { $0.name < $1.name }) {
      let base = file.name.split(separator: "/").last.map(String.init) ?? file.name
      hasher.update(Array(base.utf8))
      hasher.update([0])
      hasher.update(Array(file.text.utf8))
      hasher.update([0])
    }
    return hasher.finalize().hex
  }

  /// Parses and validates in memory (no I/O). Returns the book and every problem found.
  public static func parse(files: [(name: String, text: String)]) -> (PriceBook, [PriceBookDiagnostic]) {
    var builder = Builder()
    var diagnostics: [PriceBookDiagnostic] = []
    for file in files {
      let reader = YAMLReader(file: file.name)
      if let root = reader.compose(file.text) {
        builder.read(root, reader: reader)
      } else if reader.diagnostics.isEmpty {
        reader.report(SourceLocation(file: file.name, line: 1), "the file is empty; it needs at least schema_version")
      }
      diagnostics += reader.diagnostics
    }
    var book = builder.book
    book.fingerprint = fingerprint(files: files)
    if diagnostics.isEmpty { diagnostics += book.validate() }
    return (book, diagnostics)
  }
}

/// Accumulates the sections of several files into one book.
private struct Builder {
  var book = PriceBook()
  var defaultProviderLocation: SourceLocation?

  static let topLevel: Set<String> = [
    "schema_version", "sources", "assumptions", "defaults", "providers", "models", "token_rules", "rates", "unmetered",
    "rate_limits", "meter_patterns",
  ]

  mutating func read(_ root: Node, reader: YAMLReader) {
    guard let top = reader.fields(root, "", allowed: Builder.topLevel, required: ["schema_version"]) else { return }
    if let version = top.int("schema_version") {
      guard version >= 1, version <= PriceBookLoader.supportedSchemaVersion else {
        top.report(
          "schema_version",
          "schema_version \(version) is not supported; this imagecost reads versions 1–\(PriceBookLoader.supportedSchemaVersion)")
        return
      }
    }
    if let node = top["sources"] { readSources(node, reader) }
    if let node = top["assumptions"] { readAssumptions(node, reader) }
    if let fields = top.fields(
      "defaults", allowed: ["provider", "reviewed", "stale_after_days", "retiring_window_days"], required: ["provider"]),
      let provider = fields.string("provider")
    {
      if let earlier = defaultProviderLocation {
        fields.report("provider", "defaults.provider is already set at \(earlier)")
      }
      book.defaultProvider = provider
      defaultProviderLocation = fields.location
      if fields.has("reviewed") { book.lifecyclePolicy.reviewed = fields.date("reviewed") }
      if let days = fields.int("stale_after_days", min: 1) { book.lifecyclePolicy.staleAfterDays = days }
      if let days = fields.int("retiring_window_days", min: 0) { book.lifecyclePolicy.retiringWindowDays = days }
    }
    if let node = top["providers"] { readProviders(node, reader) }
    if let node = top["models"] { readModels(node, reader) }
    if let node = top["token_rules"] { readTokenRules(node, reader) }
    if let node = top["rates"] { readRates(node, reader) }
    if let node = top["unmetered"] { readUnmetered(node, reader) }
    if let node = top["rate_limits"] { readRateLimits(node, reader) }
    if let node = top["meter_patterns"] { MeterPatternsReader.read(node, reader, into: &book.meterPatterns) }
  }

  /// Visits each entry of an id-keyed mapping, reporting ids already defined elsewhere.
  private func entries(
    _ node: Node, _ section: String, _ reader: YAMLReader, existing: (String) -> SourceLocation?, _ body: (String, Node, String) -> Void
  ) {
    guard let pairs = reader.mapping(node, section) else { return }
    for (id, value) in pairs {
      let path = "\(section).\(id)"
      if let earlier = existing(id) {
        reader.report(value, path, "'\(id)' is already defined at \(earlier)")
        continue
      }
      body(id, value, path)
    }
  }

  mutating func readSources(_ node: Node, _ reader: YAMLReader) {
    var found: [PriceSource] = []
    entries(node, "sources", reader, existing: { book.sources[$0]?.location }) { id, value, path in
      guard let f = reader.fields(value, path, allowed: ["title", "url", "citation", "read", "label"], required: ["title", "read", "label"])
      else { return }
      if f.has("url") == f.has("citation") {
        reader.report(value, path, "give exactly one of url (a public address) or citation (where no URL was recorded)")
      }
      let label = f.string("label")
      if let label, !["official", "secondary", "derived", "unconfirmed"].contains(label) {
        f.report("label", "label must be official, secondary, derived or unconfirmed, not '\(label)'")
      }
      guard let title = f.string("title"), let read = f.date("read"), let label, let reference = f.string("url") ?? f.string("citation")
      else { return }
      found.append(PriceSource(id: id, url: reference, title: title, read: read, label: label, location: f.location))
    }
    for source in found { book.sources[source.id] = source }
  }

  mutating func readAssumptions(_ node: Node, _ reader: YAMLReader) {
    var found: [Assumption] = []
    entries(node, "assumptions", reader, existing: { book.assumptions[$0]?.location }) { id, value, path in
      guard let f = reader.fields(value, path, allowed: ["text", "sources"], required: ["text", "sources"]),
        let text = f.string("text"), let sources = f.strings("sources")
      else { return }
      found.append(Assumption(id: id, text: text, sources: sources, location: f.location))
    }
    for item in found { book.assumptions[item.id] = item }
  }

  mutating func readProviders(_ node: Node, _ reader: YAMLReader) {
    var found: [ProviderSpec] = []
    entries(node, "providers", reader, existing: { book.providers[$0]?.location }) { id, value, path in
      guard
        let f = reader.fields(
          value, path, allowed: ["name", "deployment_types", "default_deployment_type"],
          required: ["name", "deployment_types", "default_deployment_type"]),
        let name = f.string("name"), let types = f.strings("deployment_types"), let fallback = f.string("default_deployment_type")
      else { return }
      found.append(ProviderSpec(id: id, name: name, deploymentTypes: types, defaultDeploymentType: fallback, location: f.location))
    }
    for item in found { book.providers[item.id] = item }
  }

  static let capabilityKeys: Set<String> = [
    "operations", "sizes", "size_formula", "default_size", "qualities", "default_quality", "n", "input_fidelity", "streaming",
    "partial_images", "max_input_images", "prompt_max_chars", "transparent_background", "edit_image_field", "response_format",
  ]

  mutating func readModels(_ node: Node, _ reader: YAMLReader) {
    var found: [ModelSpec] = []
    var foundText: [TextModelSpec] = []
    entries(node, "models", reader, existing: { book.models[$0]?.location ?? book.textModels[$0]?.location }) { id, value, path in
      // `kind: text` models (prompt refinement) have a name, a lifecycle and aliases only.
      if let kind = value.mapping?["kind"]?.string, kind != "image" {
        guard
          let f = reader.fields(value, path, allowed: ["name", "kind", "released", "retirements", "aliases"], required: ["name"]),
          let name = f.string("name")
        else { return }
        guard kind == "text" else {
          f.report("kind", "kind must be image or text, not '\(kind)'")
          return
        }
        foundText.append(
          TextModelSpec(
            id: id, name: name, released: f.date("released"), retirements: readRetirements(f, reader),
            aliases: f.strings("aliases") ?? [], location: f.location))
        return
      }
      guard
        let f = reader.fields(
          value, path,
          allowed: ["name", "kind", "pricing", "released", "retirements", "capabilities", "tokens", "assumptions", "aliases"],
          required: ["name", "pricing", "capabilities"])
      else { return }
      let pricingText = f.string("pricing")
      let pricing = pricingText.flatMap(PricingKind.init(rawValue:))
      if let pricingText, pricing == nil { f.report("pricing", "pricing must be tokens or per_image, not '\(pricingText)'") }
      let retirements = readRetirements(f, reader)
      let capabilities = f.fields(
        "capabilities", allowed: Builder.capabilityKeys,
        required: [
          "operations", "default_size", "qualities", "default_quality", "n", "input_fidelity", "streaming", "partial_images",
          "max_input_images", "prompt_max_chars", "transparent_background",
        ]
      ).flatMap { readCapabilities($0, reader) }
      var tokenRules: ModelTokenRules?
      if let t = f.fields("tokens", allowed: ["output", "input_image", "input_image_alternatives", "text_output"], required: ["output"]),
        let output = t.string("output")
      {
        tokenRules = ModelTokenRules(
          output: output, inputImage: t.string("input_image"), textOutput: t.string("text_output"),
          inputImageAlternatives: t.strings("input_image_alternatives") ?? [])
      }
      guard let name = f.string("name"), let pricing, let capabilities else { return }
      found.append(
        ModelSpec(
          id: id, name: name, pricing: pricing, released: f.date("released"), retirements: retirements,
          capabilities: capabilities, tokenRules: tokenRules, assumptions: f.strings("assumptions") ?? [],
          aliases: f.strings("aliases") ?? [], location: f.location))
    }
    for item in found { book.models[item.id] = item }
    for item in foundText { book.textModels[item.id] = item }
  }

  private func readRetirements(_ f: Fields, _ reader: YAMLReader) -> [Retirement] {
    var retirements: [Retirement] = []
    if let list = f["retirements"].flatMap({ reader.sequence($0, f.path("retirements")) }) {
      for (index, item) in list.enumerated() {
        let itemPath = "\(f.path("retirements"))[\(index)]"
        guard
          let r = reader.fields(
            item, itemPath, allowed: ["provider", "retired", "successor", "source", "note"],
            required: ["provider", "retired", "source"]),
          let provider = r.string("provider"), let retired = r.date("retired"), let source = r.string("source")
        else { continue }
        retirements.append(
          Retirement(
            provider: provider, retired: retired, successor: r.string("successor"), source: source, note: r.string("note"),
            location: r.location))
      }
    }
    return retirements
  }

  private func range(_ f: Fields, _ key: String) -> ClosedRange<Int>? {
    guard let r = f.fields(key, allowed: ["min", "max"], required: ["min", "max"]), let low = r.int("min", min: 0), let high = r.int("max", min: 0)
    else { return nil }
    guard low <= high else {
      f.report(key, "min \(low) is greater than max \(high)")
      return nil
    }
    return low...high
  }

  private func readCapabilities(_ f: Fields, _ reader: YAMLReader) -> Capabilities? {
    var operations: [ImageOperation] = []
    for (index, text) in (f.strings("operations") ?? []).enumerated() {
      if let op = ImageOperation(rawValue: text) {
        operations.append(op)
      } else {
        f.report("operations", "[\(index)] '\(text)' is not an operation; use generate or edit")
      }
    }
    let sizes =
      f["sizes"].flatMap { node in
        reader.sequence(node, f.path("sizes")).map { $0.enumerated().compactMap { reader.size($1, "\(f.path("sizes"))[\($0)]") } }
      } ?? []
    if f.has("sizes") == f.has("size_formula") {
      reader.report(f.node, f.path, "give exactly one of sizes (a list) or size_formula (an output formula id)")
    }
    var defaultQuality: [String: String] = [:]
    if let dq = f["default_quality"], let pairs = reader.mapping(dq, f.path("default_quality")) {
      for (provider, value) in pairs {
        if let quality = reader.string(value, "\(f.path("default_quality")).\(provider)") { defaultQuality[provider] = quality }
      }
    }
    let fidelityText = f.string("input_fidelity")
    let fidelity = fidelityText.flatMap(FidelitySupport.init(rawValue:))
    if let fidelityText, fidelity == nil {
      f.report("input_fidelity", "input_fidelity must be unsupported, optional or always_high, not '\(fidelityText)'")
    }
    let background = f.string("transparent_background")
    if let background, !["supported", "unsupported", "preview"].contains(background) {
      f.report("transparent_background", "must be supported, unsupported or preview, not '\(background)'")
    }
    let editImageField = f.string("edit_image_field") ?? Capabilities.defaultEditImageField
    if !Capabilities.editImageFields.contains(editImageField) {
      f.report("edit_image_field", "edit_image_field must be image[] or image, not '\(editImageField)'")
    }
    let responseFormat = f.string("response_format")
    if let responseFormat, !Capabilities.responseFormats.contains(responseFormat) {
      f.report("response_format", "response_format must be b64_json or url, not '\(responseFormat)'")
    }
    guard let defaultSize = f.size("default_size"), let qualities = f.strings("qualities"), let n = range(f, "n"),
      let fidelity, let streaming = f.bool("streaming"), let partial = range(f, "partial_images"),
      let maxInput = f.int("max_input_images", min: 0), let promptMax = f.int("prompt_max_chars", min: 1), let background
    else { return nil }
    return Capabilities(
      operations: operations, sizes: sizes, sizeFormula: f.string("size_formula"), defaultSize: defaultSize, qualities: qualities,
      defaultQuality: defaultQuality, n: n, inputFidelity: fidelity, streaming: streaming, partialImages: partial,
      maxInputImages: maxInput, promptMaxChars: promptMax, transparentBackground: background, editImageField: editImageField,
      responseFormat: responseFormat)
  }

  mutating func readTokenRules(_ node: Node, _ reader: YAMLReader) {
    guard
      let f = reader.fields(
        node, "token_rules",
        allowed: [
          "output_tables", "output_formulas", "output_estimates", "input_image_rules", "text_output_estimates", "partial_image_tokens",
          "generation_prompt_overhead", "default_prompt_tokens", "worst_case_margins", "n_billing",
        ])
    else { return }
    var rules = book.tokenRules
    if let tables = f["output_tables"] {
      entries(tables, "token_rules.output_tables", reader, existing: { rules.outputTables[$0]?.location }) { id, value, path in
        guard let t = reader.fields(value, path, allowed: ["source", "cells"], required: ["source", "cells"]),
          let source = t.string("source"), let cellsNode = t["cells"], let qualities = reader.mapping(cellsNode, t.path("cells"))
        else { return }
        var cells: [String: [ImageSize: Int]] = [:]
        for (quality, row) in qualities {
          guard let sizes = reader.mapping(row, "\(t.path("cells")).\(quality)") else { continue }
          for (sizeText, tokensNode) in sizes {
            let cellPath = "\(t.path("cells")).\(quality).\(sizeText)"
            guard let size = ImageSize(sizeText) else {
              reader.report(tokensNode, cellPath, "'\(sizeText)' is not a size written WIDTHxHEIGHT")
              continue
            }
            if let tokens = reader.int(tokensNode, cellPath, min: 1) { cells[quality, default: [:]][size] = tokens }
          }
        }
        rules.outputTables[id] = OutputTokenTable(id: id, cells: cells, source: source, location: t.location)
      }
    }
    if let formulas = f["output_formulas"] {
      entries(formulas, "token_rules.output_formulas", reader, existing: { rules.outputFormulas[$0]?.location }) { id, value, path in
        guard
          let t = reader.fields(
            value, path, allowed: ["rule", "source", "assumption", "quality_factors", "area_offset", "area_divisor", "size_constraints"],
            required: ["rule", "source", "quality_factors", "area_offset", "area_divisor", "size_constraints"])
        else { return }
        if let rule = t.string("rule"), rule != "patch-area" {
          t.report("rule", "unknown formula rule '\(rule)'; this imagecost implements patch-area")
        }
        var factors: [String: Int] = [:]
        if let q = t["quality_factors"], let pairs = reader.mapping(q, t.path("quality_factors")) {
          for (quality, value) in pairs {
            if let factor = reader.int(value, "\(t.path("quality_factors")).\(quality)", min: 1, max: 1_000) { factors[quality] = factor }
          }
        }
        guard let source = t.string("source"), let offset = t.int("area_offset", min: 0, max: 1_000_000_000),
          let divisor = t.int("area_divisor", min: 1, max: 1_000_000_000_000),
          let c = t.fields(
            "size_constraints",
            allowed: ["edge_multiple", "max_ratio", "min_pixels", "max_pixels", "max_edge", "experimental_above_pixels"],
            required: ["edge_multiple", "max_ratio", "min_pixels", "max_pixels", "max_edge"]),
          let multiple = c.int("edge_multiple", min: 1), let ratio = c.int("max_ratio", min: 1), let minPixels = c.int("min_pixels", min: 1),
          let maxPixels = c.int("max_pixels", min: 1), let maxEdge = c.int("max_edge", min: 1)
        else { return }
        let constraints = SizeConstraints(
          edgeMultiple: multiple, maxRatio: ratio, minPixels: minPixels, maxPixels: maxPixels, maxEdge: maxEdge,
          experimentalAbovePixels: c.int("experimental_above_pixels", min: 1))
        rules.outputFormulas[id] = PatchAreaFormula(
          id: id, qualityFactors: factors, areaOffset: offset, areaDivisor: divisor, constraints: constraints, source: source,
          assumption: t.string("assumption"), location: t.location)
      }
    }
    if let estimates = f["output_estimates"] {
      entries(estimates, "token_rules.output_estimates", reader, existing: { rules.outputEstimates[$0]?.location }) { id, value, path in
        guard
          let t = reader.fields(
            value, path, allowed: ["borrows", "quality_factors", "range_percent", "assumption"],
            required: ["borrows", "quality_factors", "range_percent", "assumption"]),
          let borrows = t.string("borrows"), let assumption = t.string("assumption"),
          let r = t.fields("range_percent", allowed: ["low", "high"], required: ["low", "high"]),
          let low = r.int("low", min: 1, max: 10_000), let high = r.int("high", min: 1, max: 10_000)
        else { return }
        guard low <= 100, high >= 100 else {
          r.report("low", "range_percent must contain 100 (the estimate itself): low \(low) ≤ 100 ≤ high \(high)")
          return
        }
        var factors: [String: Int] = [:]
        if let q = t["quality_factors"], let pairs = reader.mapping(q, t.path("quality_factors")) {
          for (quality, value) in pairs {
            if let factor = reader.int(value, "\(t.path("quality_factors")).\(quality)", min: 1, max: 1_000) { factors[quality] = factor }
          }
        }
        rules.outputEstimates[id] = OutputEstimate(
          id: id, borrows: borrows, qualityFactors: factors, rangePercent: low...high, assumption: assumption, location: t.location)
      }
    }
    if let n = f.fields("n_billing", allowed: ["default", "per_image", "per_request"], required: ["default", "per_image", "per_request"]) {
      let modeText = n.string("default")
      if let modeText, let mode = NBilling(rawValue: modeText) {
        rules.nBilling.defaultMode = mode
      } else if let modeText {
        n.report("default", "n_billing.default must be per_image or per_request, not '\(modeText)'")
      }
      for mode in NBilling.allCases {
        if let a = n.fields(mode.rawValue, allowed: ["assumptions"], required: ["assumptions"]), let ids = a.strings("assumptions") {
          rules.nBilling.assumptionsByMode[mode] = ids
        }
      }
    }
    if let tileRules = f["input_image_rules"] {
      entries(
        tileRules, "token_rules.input_image_rules", reader, existing: { rules.inputImageRules[$0]?.location ?? rules.inputPatchRules[$0]?.location }
      ) {
        id, value, path in
        if value.mapping?["rule"]?.string == "patches" {
          guard
            let t = reader.fields(
              value, path, allowed: ["rule", "source", "patch_size", "max_patches", "upscale_to", "max_ratio", "assumptions"],
              required: ["rule", "source", "patch_size", "max_patches", "upscale_to", "max_ratio"]),
            let source = t.string("source"), let patch = t.int("patch_size", min: 1, max: 4_096),
            let budget = t.int("max_patches", min: 1, max: 1_000_000), let upscale = t.int("upscale_to", min: 1, max: 100_000),
            let ratio = t.int("max_ratio", min: 1, max: 100)
          else { return }
          rules.inputPatchRules[id] = PatchRule(
            id: id, patchSize: patch, maxPatches: budget, upscaleTo: upscale, maxRatio: ratio, source: source,
            assumptions: t.strings("assumptions") ?? [], location: t.location)
          return
        }
        guard
          let t = reader.fields(
            value, path,
            allowed: [
              "rule", "source", "fit_within", "shortest_side", "tile_size", "base_tokens", "tokens_per_tile", "upscale_small_images",
              "high_fidelity_addend", "alternative_addends", "assumptions", "tiles_from_whole_pixels",
            ],
            required: [
              "rule", "source", "fit_within", "shortest_side", "tile_size", "base_tokens", "tokens_per_tile", "upscale_small_images",
              "high_fidelity_addend",
            ])
        else { return }
        if let rule = t.string("rule"), rule != "tiles" {
          t.report("rule", "unknown input-image rule '\(rule)'; this imagecost implements tiles and patches")
        }
        func addend(_ node: Node, _ path: String) -> HighFidelityAddend? {
          guard let a = reader.fields(node, path, allowed: ["square", "non_square", "source"], required: ["square", "non_square", "source"]),
            let square = a.int("square", min: 0), let nonSquare = a.int("non_square", min: 0), let source = a.string("source")
          else { return nil }
          return HighFidelityAddend(square: square, nonSquare: nonSquare, source: source)
        }
        let alternatives =
          t["alternative_addends"].flatMap { reader.sequence($0, t.path("alternative_addends")) }?
          .enumerated().compactMap { addend($1, "\(t.path("alternative_addends"))[\($0)]") } ?? []
        guard let source = t.string("source"), let fit = t.int("fit_within", min: 1, max: 100_000),
          let shortest = t.int("shortest_side", min: 1, max: 100_000),
          let tile = t.int("tile_size", min: 1, max: 100_000), let base = t.int("base_tokens", min: 0, max: 1_000_000),
          let perTile = t.int("tokens_per_tile", min: 0, max: 1_000_000),
          let upscale = t.bool("upscale_small_images"), let used = t["high_fidelity_addend"].flatMap({ addend($0, t.path("high_fidelity_addend")) })
        else { return }
        var tileRule = TileRule(
          id: id, fitWithin: fit, shortestSide: shortest, tileSize: tile, baseTokens: base, tokensPerTile: perTile,
          upscaleSmallImages: upscale, highFidelitySquare: used.square, highFidelityNonSquare: used.nonSquare,
          alternativeAddends: alternatives, source: source, assumptions: t.strings("assumptions") ?? [], location: t.location)
        if t.has("tiles_from_whole_pixels") { tileRule.tilesFromWholePixels = t.bool("tiles_from_whole_pixels") ?? false }
        rules.inputImageRules[id] = tileRule
      }
    }
    if let estimates = f["text_output_estimates"] {
      entries(estimates, "token_rules.text_output_estimates", reader, existing: { rules.textOutputEstimates[$0]?.location }) { id, value, path in
        guard
          let t = reader.fields(value, path, allowed: ["typical", "low", "high", "assumption"], required: ["typical", "low", "high", "assumption"]),
          let typical = t.int("typical", min: 0), let low = t.int("low", min: 0), let high = t.int("high", min: 0),
          let assumption = t.string("assumption")
        else { return }
        if !(low <= typical && typical <= high) { reader.report(value, path, "typical \(typical) must lie between low \(low) and high \(high)") }
        rules.textOutputEstimates[id] = TextOutputEstimate(
          id: id, typical: typical, low: low, high: high, assumption: assumption, location: t.location)
      }
    }
    if let p = f.fields("partial_image_tokens", allowed: ["tokens", "source"], required: ["tokens", "source"]),
      let tokens = p.int("tokens", min: 0), let source = p.string("source")
    {
      rules.partialImageTokens = tokens
      rules.partialImageSource = source
    }
    func assumed(_ key: String) -> AssumedTokens? {
      guard let a = f.fields(key, allowed: ["tokens", "assumption"], required: ["tokens", "assumption"]),
        let tokens = a.int("tokens", min: 0), let assumption = a.string("assumption")
      else { return nil }
      return AssumedTokens(tokens: tokens, assumption: assumption)
    }
    if let overhead = assumed("generation_prompt_overhead") { rules.generationPromptOverhead = overhead }
    if let fallback = assumed("default_prompt_tokens") { rules.defaultPromptTokens = fallback }
    let marginKeys = ["text_input_percent", "text_fixed_tokens", "text_tokens_per_input_image", "image_tokens_percent", "text_output_percent"]
    if let m = f.fields("worst_case_margins", allowed: Set(marginKeys + ["assumption"]), required: marginKeys + ["assumption"]),
      let textInput = m.int("text_input_percent", min: 100), let fixed = m.int("text_fixed_tokens", min: 0),
      let perImage = m.int("text_tokens_per_input_image", min: 0), let image = m.int("image_tokens_percent", min: 100),
      let textOutput = m.int("text_output_percent", min: 100), let assumption = m.string("assumption")
    {
      rules.worstCaseMargins = WorstCaseMargins(
        textInputPercent: textInput, textFixedTokens: fixed, textTokensPerInputImage: perImage, imageTokensPercent: image,
        textOutputPercent: textOutput)
      rules.worstCaseAssumption = assumption
    }
    book.tokenRules = rules
  }

  static let rateKeys: Set<String> = [
    "provider", "deployment_type", "regions", "model", "unit", "effective_from", "effective_to", "source", "assumption", "prices",
    "images", "meters", "not_offered",
  ]

  private func effective(_ f: Fields) -> EffectiveRange? {
    guard let from = f.date("effective_from") else { return nil }
    let to = f.date("effective_to")
    if let to, to <= from {
      f.report("effective_to", "effective_to \(to) must be after effective_from \(from)")
      return nil
    }
    return EffectiveRange(from: from, to: to)
  }

  mutating func readRates(_ node: Node, _ reader: YAMLReader) {
    guard let list = reader.sequence(node, "rates") else { return }
    for (index, item) in list.enumerated() {
      let path = "rates[\(index)]"
      guard
        let f = reader.fields(
          item, path, allowed: Builder.rateKeys, required: ["provider", "deployment_type", "model", "unit", "effective_from", "source"])
      else { continue }
      if f.has("prices") == f.has("images") {
        reader.report(item, path, "give exactly one of prices (per-token components) or images (per-image prices by quality and size)")
      }
      let unitText = f.string("unit")
      let unit = unitText.flatMap(PriceUnit.init(rawValue:))
      if let unitText, unit == nil {
        f.report("unit", "unit must be one of \(PriceUnit.allCases.map(\.rawValue).joined(separator: ", ")), not '\(unitText)'")
      }
      var meters: [String: String] = [:]
      if let m = f["meters"], let pairs = reader.mapping(m, f.path("meters")) {
        for (key, value) in pairs { if let name = reader.string(value, "\(f.path("meters")).\(key)") { meters[key] = name } }
      }
      guard let provider = f.string("provider"), let deploymentType = f.string("deployment_type"), let model = f.string("model"),
        let unit, let range = effective(f), let source = f.string("source")
      else { continue }
      let regions = f.strings("regions") ?? []
      func row(_ component: ComponentKind, _ price: USD, quality: String?, size: ImageSize?, at node: Node) -> RateRow {
        RateRow(
          provider: provider, deploymentType: deploymentType, regions: regions, model: model, component: component, quality: quality,
          size: size, price: Price(amount: price, unit: unit), effective: range, source: source, assumption: f.string("assumption"),
          meter: meters[component.rawValue], location: reader.location(node))
      }
      if let pricesNode = f["prices"], let pairs = reader.mapping(pricesNode, f.path("prices")) {
        if !unit.isTokens { f.report("unit", "per-token prices need unit '1M tokens' or '1K tokens', not '\(unit.rawValue)'") }
        for (key, value) in pairs {
          let keyPath = "\(f.path("prices")).\(key)"
          guard let component = ComponentKind(rawValue: key), component != .image else {
            reader.report(
              value, keyPath,
              "unknown component '\(key)'; use \(ComponentKind.allCases.filter { $0 != .image }.map(\.rawValue).joined(separator: ", "))")
            continue
          }
          if let price = reader.money(value, keyPath) { book.rates.append(row(component, price, quality: nil, size: nil, at: value)) }
        }
      }
      if let imagesNode = f["images"], let qualities = reader.mapping(imagesNode, f.path("images")) {
        if unit.isTokens { f.report("unit", "per-image prices need unit 'image' or '100 images', not '\(unit.rawValue)'") }
        for (quality, sizesNode) in qualities {
          guard let sizes = reader.mapping(sizesNode, "\(f.path("images")).\(quality)") else { continue }
          for (sizeText, value) in sizes {
            let keyPath = "\(f.path("images")).\(quality).\(sizeText)"
            guard let size = ImageSize(sizeText) else {
              reader.report(value, keyPath, "'\(sizeText)' is not a size written WIDTHxHEIGHT")
              continue
            }
            if let price = reader.money(value, keyPath) { book.rates.append(row(.image, price, quality: quality, size: size, at: value)) }
          }
        }
      }
      if let gapsNode = f["not_offered"], let qualities = reader.mapping(gapsNode, f.path("not_offered")) {
        for (quality, sizesNode) in qualities {
          let listPath = "\(f.path("not_offered")).\(quality)"
          for (i, sizeNode) in (reader.sequence(sizesNode, listPath) ?? []).enumerated() {
            guard let size = reader.size(sizeNode, "\(listPath)[\(i)]") else { continue }
            book.notOffered.append(
              NotOfferedCell(
                provider: provider, deploymentType: deploymentType, regions: regions, model: model, quality: quality, size: size,
                location: reader.location(sizeNode)))
          }
        }
      }
    }
  }

  mutating func readUnmetered(_ node: Node, _ reader: YAMLReader) {
    guard let list = reader.sequence(node, "unmetered") else { return }
    for (index, item) in list.enumerated() {
      let keys = ["provider", "deployment_type", "model", "component", "effective_from", "assumption"]
      guard let f = reader.fields(item, "unmetered[\(index)]", allowed: Set(keys + ["effective_to"]), required: keys) else { continue }
      let componentText = f.string("component")
      let component = componentText.flatMap(ComponentKind.init(rawValue:))
      if let componentText, component == nil { f.report("component", "unknown component '\(componentText)'") }
      guard let provider = f.string("provider"), let type = f.string("deployment_type"), let model = f.string("model"), let component,
        let range = effective(f), let assumption = f.string("assumption")
      else { continue }
      book.unmetered.append(
        UnmeteredComponent(
          provider: provider, deploymentType: type, model: model, component: component, effective: range, assumption: assumption,
          location: f.location))
    }
  }

  mutating func readRateLimits(_ node: Node, _ reader: YAMLReader) {
    guard let list = reader.sequence(node, "rate_limits") else { return }
    for (index, item) in list.enumerated() {
      let required = ["provider", "models", "unit", "effective_from", "source", "tiers"]
      guard
        let f = reader.fields(
          item, "rate_limits[\(index)]", allowed: Set(required + ["deployment_type", "effective_to", "note"]), required: required)
      else { continue }
      let unit = f.string("unit")
      if let unit, !["rpm", "ipm", "concurrent_requests"].contains(unit) {
        f.report("unit", "unit must be rpm, ipm or concurrent_requests, not '\(unit)'")
      }
      guard let provider = f.string("provider"), let models = f.strings("models"), let unit, let range = effective(f),
        let source = f.string("source"), let tiersNode = f["tiers"], let tiers = reader.mapping(tiersNode, f.path("tiers"))
      else { continue }
      for (tier, valueNode) in tiers {
        guard let value = reader.int(valueNode, "\(f.path("tiers")).\(tier)", min: 1) else { continue }
        for model in models {
          book.rateLimits.append(
            RateLimit(
              provider: provider, deploymentType: f.string("deployment_type"), model: model, value: value, unit: unit, tier: tier,
              effective: range, source: source, note: f.string("note"), location: reader.location(valueNode)))
        }
      }
    }
  }
}
