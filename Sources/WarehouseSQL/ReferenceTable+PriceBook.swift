import CostCore

/// The price book and its token rules as reference tables, each sorted so that the script is stable.
extension ReferenceTable {
  static func all(of book: PriceBook, priceDate: CivilDate?) -> [ReferenceTable] {
    [
      rates(book), components, constants(book, priceDate: priceDate), providers(book), deploymentTypes(book), offered(book), models(book),
      modelNames(book), modelQualities(book), defaultQualities(book), modelSizes(book), outputTables(book), outputFormulas(book),
      sizeRules(book), inputImageRules(book), textOutputEstimates(book),
    ]
  }

  /// The same rows as `imagecost pricing export` (one per rate × region), plus each explicitly unmetered
  /// component (`metered` false, no price); `region` NULL is every region, `effective_to` is exclusive.
  static func rates(_ book: PriceBook) -> ReferenceTable {
    var rows: [[SQLConstant]] = []
    for rate in book.rates {
      let source = book.sources[rate.source]
      for region in rate.regions.isEmpty ? [nil] : rate.regions.map(Optional.some) {
        rows.append([
          .text(rate.provider), .text(rate.deploymentType), .text(region), .text(rate.model), .text(rate.component.rawValue), .text(rate.quality),
          .text(rate.size?.description), .boolean(true), .integer(rate.price.amount.nanos), .integer(rate.price.unit.block),
          .decimal(rate.price.amount.decimalString), .text(rate.price.unit.rawValue), .text(rate.price.normalizedText),
          .text(rate.price.normalizedUnit),
          .date(rate.effective.from), .date(rate.effective.to), .text(rate.source), .text(source?.url), .date(source?.read), .text(source?.label),
          .text(rate.assumption), .text(rate.meter),
        ])
      }
    }
    for row in book.unmetered {
      rows.append([
        .text(row.provider), .text(row.deploymentType), .text(nil), .text(row.model), .text(row.component.rawValue), .text(nil), .text(nil),
        .boolean(false), .integer(nil), .integer(nil), .decimal(nil), .text(nil), .text(nil), .text(nil), .date(row.effective.from),
        .date(row.effective.to), .text(nil), .text(nil), .date(nil), .text(nil), .text(row.assumption), .text(nil),
      ])
    }
    return ReferenceTable(
      name: "imagecost_rates", comment: "The dated rates of the price book (as `imagecost pricing export`) and its explicitly unmetered components.",
      columns: [
        ("provider", .text), ("deployment_type", .text), ("region", .text), ("model", .text), ("component", .text), ("quality", .text),
        ("size", .text), ("metered", .boolean), ("amount_nanos", .integer), ("block", .integer), ("published_price_usd", .decimal),
        ("published_unit", .text), ("rate_usd", .text), ("rate_unit", .text), ("effective_from", .date), ("effective_to", .date),
        ("source", .text), ("source_url", .text), ("source_read", .date), ("source_label", .text), ("assumption", .text), ("meter", .text),
      ],
      rows: rows.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) })
  }

  /// The billed components in pricing order; `slot` is their position (the first failing one names the reason).
  static var components: ReferenceTable {
    ReferenceTable(
      name: "imagecost_components", comment: "Billed components in pricing order.", columns: [("slot", .integer), ("component", .text)],
      rows: ComponentKind.allCases.enumerated().map { [.int($0.offset), .text($0.element.rawValue)] })
  }

  static func constants(_ book: PriceBook, priceDate: CivilDate?) -> ReferenceTable {
    let rules = book.tokenRules
    return ReferenceTable(
      name: "imagecost_token_constants",
      comment: "One row: partial-image tokens, the assumed prompt (records without usage), how n > 1 bills input, the defaults.",
      columns: [
        ("partial_image_tokens", .integer), ("default_prompt_tokens", .integer), ("generation_prompt_overhead", .integer), ("n_billing", .text),
        ("default_provider", .text), ("price_date", .date), ("price_book_fingerprint", .text),
      ],
      rows: [
        [
          .int(rules.partialImageTokens), .int(rules.defaultPromptTokens.tokens), .int(rules.generationPromptOverhead.tokens),
          .text(rules.nBilling.defaultMode.rawValue), .text(book.defaultProvider), .date(priceDate), .text(book.fingerprint),
        ]
      ])
  }

  static func providers(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_providers", comment: "Providers and the deployment type used when a record names none.",
      columns: [("provider", .text), ("default_deployment_type", .text)],
      rows: book.providers.values.sorted { $0.id < $1.id }.map { [.text($0.id), .text($0.defaultDeploymentType)] })
  }

  static func deploymentTypes(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_deployment_types", comment: "The deployment types each provider sells.",
      columns: [("provider", .text), ("deployment_type", .text)],
      rows: book.providers.values.sorted { $0.id < $1.id }.flatMap { p in p.deploymentTypes.map { [.text(p.id), .text($0)] } })
  }

  /// Provider × deployment type × model with at least one metered rate on any day: without one, a record is
  /// unpriced ("no meter"), whatever its components.
  static func offered(_ book: PriceBook) -> ReferenceTable {
    let keys = Set(book.rates.map { [$0.provider, $0.deploymentType, $0.model] }).sorted { $0.lexicographicallyPrecedes($1) }
    return ReferenceTable(
      name: "imagecost_offered", comment: "Provider × deployment type × model with at least one metered rate.",
      columns: [("provider", .text), ("deployment_type", .text), ("model", .text)], rows: keys.map { $0.map { .text($0) } })
  }

  static func models(_ book: PriceBook) -> ReferenceTable {
    let rows: [[SQLConstant]] = book.modelIDs.compactMap { book.models[$0] }.map { m in
      let caps = m.capabilities
      let textOutput = m.tokenRules?.textOutput
      let autoHigh = m.pricing == .tokens && caps.qualities.contains("high")
      return [
        .text(m.id), .text(m.pricing.rawValue), .text(m.tokenRules?.output), .text(m.tokenRules?.inputImage), .text(textOutput),
        .int(textOutput.flatMap { book.tokenRules.textOutputEstimates[$0]?.typical }), .boolean(book.emitsTextOutput(m)),
        .boolean(caps.operations.contains(.generate)), .boolean(caps.operations.contains(.edit)), .text(caps.sizeFormula),
        .int(caps.defaultSize.width), .int(caps.defaultSize.height), .text(autoHigh ? "high" : nil), .int(caps.n.lowerBound),
        .int(caps.n.upperBound), .text(caps.inputFidelity.rawValue), .boolean(caps.streaming), .int(caps.partialImages.lowerBound),
        .int(caps.partialImages.upperBound), .int(caps.maxInputImages),
      ]
    }
    return ReferenceTable(
      name: "imagecost_models",
      comment: "Image models: how each is billed, its token rules and the capabilities a record without usage is checked against.",
      columns: [
        ("model", .text), ("pricing", .text), ("output_rule", .text), ("input_image_rule", .text), ("text_output_rule", .text),
        ("text_output_tokens", .integer), ("emits_text_output", .boolean), ("generate_ok", .boolean), ("edit_ok", .boolean),
        ("size_formula", .text), ("default_width", .integer), ("default_height", .integer), ("auto_quality", .text), ("n_min", .integer),
        ("n_max", .integer), ("input_fidelity", .text), ("streaming", .boolean), ("partial_images_min", .integer),
        ("partial_images_max", .integer), ("max_input_images", .integer),
      ],
      rows: rows)
  }

  /// Every name a log may write for an image model, lower-cased (ids and aliases; any letter case matches).
  static func modelNames(_ book: PriceBook) -> ReferenceTable {
    var pairs: [String: String] = [:]
    for m in book.models.values {
      for name in [m.id] + m.aliases { pairs[name.lowercased()] = pairs[name.lowercased()] ?? book.canonicalModelID(name) }
    }
    return ReferenceTable(
      name: "imagecost_model_names", comment: "Model names and aliases (lower case) → the model id of the book.",
      columns: [("name", .text), ("model", .text)], rows: pairs.sorted { $0.key < $1.key }.map { [.text($0.key), .text($0.value)] })
  }

  static func modelQualities(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_model_qualities", comment: "The qualities each model accepts.", columns: [("model", .text), ("quality", .text)],
      rows: book.modelIDs.flatMap { id in (book.models[id]?.capabilities.qualities ?? []).map { [.text(id), .text($0)] } })
  }

  /// The quality a record without one is priced at: the provider's default for the model, else its last quality.
  static func defaultQualities(_ book: PriceBook) -> ReferenceTable {
    let providers = book.providers.keys.sorted()
    let rows: [[SQLConstant]] = book.modelIDs.flatMap { id -> [[SQLConstant]] in
      guard let caps = book.models[id]?.capabilities else { return [] }
      return providers.map { [.text(id), .text($0), .text(caps.defaultQuality[$0] ?? caps.qualities.last ?? "")] }
    }
    return ReferenceTable(
      name: "imagecost_default_qualities", comment: "Model × provider → the quality used when a record names none.",
      columns: [("model", .text), ("provider", .text), ("quality", .text)], rows: rows)
  }

  static func modelSizes(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_model_sizes", comment: "The listed sizes of models without a size formula.",
      columns: [("model", .text), ("width", .integer), ("height", .integer)],
      rows: book.modelIDs.flatMap { id in (book.models[id]?.capabilities.sizes ?? []).sorted().map { [.text(id), .int($0.width), .int($0.height)] } })
  }

  static func outputTables(_ book: PriceBook) -> ReferenceTable {
    var rows: [[SQLConstant]] = []
    for table in book.tokenRules.outputTables.values.sorted(by: { $0.id < $1.id }) {
      for quality in table.cells.keys.sorted() {
        for (size, tokens) in table.cells[quality, default: [:]].sorted(by: { $0.key < $1.key }) {
          rows.append([.text(table.id), .text(quality), .int(size.width), .int(size.height), .int(tokens)])
        }
      }
    }
    return ReferenceTable(
      name: "imagecost_output_tokens", comment: "Published output-token tables: image output tokens per image by quality × size.",
      columns: [("rule", .text), ("quality", .text), ("width", .integer), ("height", .integer), ("tokens", .integer)], rows: rows)
  }

  /// gpt-image-2's formula and the estimates that borrow it (with their own quality factors and range):
  /// `tokens = ceil(q · s · (area_offset + W·H) / area_divisor)`, `s = (2·q·short + long) div (2·long)`.
  static func outputFormulas(_ book: PriceBook) -> ReferenceTable {
    var rows: [[SQLConstant]] = []
    let rules = book.tokenRules
    for formula in rules.outputFormulas.values.sorted(by: { $0.id < $1.id }) {
      for (quality, factor) in formula.qualityFactors.sorted(by: { $0.key < $1.key }) {
        rows.append([
          .text(formula.id), .text(quality), .int(factor), .int(formula.areaOffset), .int(formula.areaDivisor), .text(nil), .int(nil), .int(nil),
          .text(formula.assumption),
        ])
      }
    }
    for estimate in rules.outputEstimates.values.sorted(by: { $0.id < $1.id }) {
      guard let lender = rules.outputFormulas[estimate.borrows] else { continue }
      for (quality, factor) in estimate.qualityFactors.sorted(by: { $0.key < $1.key }) {
        rows.append([
          .text(estimate.id), .text(quality), .int(factor), .int(lender.areaOffset), .int(lender.areaDivisor), .text(estimate.borrows),
          .int(estimate.rangePercent.lowerBound), .int(estimate.rangePercent.upperBound), .text(estimate.assumption),
        ])
      }
    }
    return ReferenceTable(
      name: "imagecost_output_formulas", comment: "Output-token formulas (and estimates borrowing one) by quality.",
      columns: [
        ("rule", .text), ("quality", .text), ("quality_factor", .integer), ("area_offset", .integer), ("area_divisor", .integer),
        ("borrows", .text), ("range_low_percent", .integer), ("range_high_percent", .integer), ("assumption", .text),
      ],
      rows: rows)
  }

  static func sizeRules(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_size_rules", comment: "Size rules of arbitrary-size models (checked for records without usage).",
      columns: [
        ("rule", .text), ("edge_multiple", .integer), ("max_ratio", .integer), ("min_pixels", .integer), ("max_pixels", .integer),
        ("max_edge", .integer),
      ],
      rows: book.tokenRules.outputFormulas.values.sorted { $0.id < $1.id }.map {
        let c = $0.constraints
        return [.text($0.id), .int(c.edgeMultiple), .int(c.maxRatio), .int(c.minPixels), .int(c.maxPixels), .int(c.maxEdge)]
      })
  }

  /// The input-image tile rules (the view computes them with these constants written in).
  static func inputImageRules(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_input_image_rules",
      comment: "Input-image tile rules: fit, scale the shortest side, count tiles, base + per tile (+ the high-fidelity addend).",
      columns: [
        ("rule", .text), ("fit_within", .integer), ("shortest_side", .integer), ("tile_size", .integer), ("base_tokens", .integer),
        ("tokens_per_tile", .integer), ("upscale_small_images", .boolean), ("tiles_from_whole_pixels", .boolean),
        ("high_fidelity_square", .integer), ("high_fidelity_non_square", .integer),
      ],
      rows: book.tokenRules.inputImageRules.values.sorted { $0.id < $1.id }.map {
        [
          .text($0.id), .int($0.fitWithin), .int($0.shortestSide), .int($0.tileSize), .int($0.baseTokens), .int($0.tokensPerTile),
          .boolean($0.upscaleSmallImages), .boolean($0.tilesFromWholePixels), .int($0.highFidelitySquare), .int($0.highFidelityNonSquare),
        ]
      })
  }

  static func textOutputEstimates(_ book: PriceBook) -> ReferenceTable {
    ReferenceTable(
      name: "imagecost_text_output_estimates",
      comment: "Text output tokens per image assumed for records without usage (typical, with the observed range).",
      columns: [("rule", .text), ("typical", .integer), ("low", .integer), ("high", .integer), ("assumption", .text)],
      rows: book.tokenRules.textOutputEstimates.values.sorted { $0.id < $1.id }.map {
        [.text($0.id), .int($0.typical), .int($0.low), .int($0.high), .text($0.assumption)]
      })
  }
}

extension Array where Element == SQLConstant {
  /// The row's constants as comparable text (for a stable order).
  var sortKey: [String] {
    map {
      switch $0 {
      case .integer(let v): return v.map { String($0) } ?? ""
      case .text(let v), .decimal(let v): return v ?? ""
      case .date(let v): return v?.description ?? ""
      case .boolean(let v): return v.map { $0 ? "1" : "0" } ?? ""
      }
    }
  }
}
