import CostCore

/// One model's status and capabilities on one provider at one date (`imagecost models`).
public struct ModelStatus: Sendable {
  public let model: ModelSpec
  public let provider: String
  public let date: CivilDate
  /// `active`, `retired` or `not released`.
  public let status: String
  public let retirement: Retirement?
  /// Deployment types with at least one rate effective at `date`.
  public let deploymentTypes: [String]
  public let rateLimits: [RateLimit]

  /// Builds the status of every model for `provider` at `date`, in id order.
  public static func all(in book: PriceBook, provider: String, date: CivilDate) -> [ModelStatus] {
    book.modelIDs.compactMap { book.models[$0] }.map { model in
      let retirement = model.retirement(on: provider, at: date)
      let status: String
      if let released = model.released, date < released {
        status = "not released"
      } else if retirement != nil {
        status = "retired"
      } else {
        status = "active"
      }
      let types = (book.providers[provider]?.deploymentTypes ?? []).filter { type in
        book.rates.contains { $0.provider == provider && $0.deploymentType == type && $0.model == model.id && $0.effective.contains(date) }
      }
      return ModelStatus(
        model: model, provider: provider, date: date, status: status, retirement: retirement, deploymentTypes: types,
        rateLimits: book.rateLimits(model: model.id, provider: provider, deploymentType: nil, date: date))
    }
  }
}

/// Renders `imagecost models`.
public enum ModelsRenderer {
  public static func render(_ statuses: [ModelStatus], provider: String, date: CivilDate, as format: OutputFormat) -> String {
    switch format {
    case .json: return json(statuses, provider: provider, date: date).rendered()
    case .csv:
      var writer = CSVWriter(header: [
        "provider", "date", "model", "status", "retired", "successor", "pricing", "deployment_types", "operations", "sizes",
        "qualities", "default_quality", "n_max", "input_fidelity", "partial_images_max", "max_input_images", "prompt_max_chars",
        "transparent_background", "rate_limits",
      ])
      for s in statuses { writer.append(row(s)) }
      return writer.text
    case .table, .md:
      var table = TextTable(
        headers: ["Model", "Status", "Pricing", "Deployment types", "Sizes", "Qualities", "n", "Fidelity", "Partials", "Inputs", "Limit"],
        alignments: [.left, .left, .left, .left, .left, .left, .right, .left, .right, .right, .left])
      for s in statuses {
        let caps = s.model.capabilities
        table.rows.append([
          s.model.id, statusText(s), s.model.pricing.rawValue, s.deploymentTypes.isEmpty ? "none" : s.deploymentTypes.joined(separator: ", "),
          sizesText(caps), qualitiesText(s), "\(caps.n.lowerBound)–\(caps.n.upperBound)", caps.inputFidelity.rawValue,
          "\(caps.partialImages.upperBound)", "\(caps.maxInputImages)", limitText(s.rateLimits),
        ])
      }
      let title = "Models on \(provider) at \(date)"
      if format == .md { return "## \(title)\n\n" + table.renderMarkdown() }
      return title + "\n\n" + table.renderPlain()
    }
  }

  static func statusText(_ s: ModelStatus) -> String {
    guard let r = s.retirement else { return s.status }
    return "retired \(r.retired)" + (r.successor.map { " → \($0)" } ?? "")
  }

  static func sizesText(_ caps: Capabilities) -> String {
    caps.sizeFormula != nil ? "any WxH (\(caps.sizeFormula!))" : caps.sizes.map(\.description).joined(separator: ", ")
  }

  static func qualitiesText(_ s: ModelStatus) -> String {
    let caps = s.model.capabilities
    let fallback = caps.defaultQuality[s.provider].map { " (default \($0))" } ?? ""
    return caps.qualities.joined(separator: ", ") + fallback
  }

  static func limitText(_ limits: [RateLimit]) -> String {
    let first = limits.first { $0.tier == "default" || $0.tier == "tier-1" } ?? limits.first
    guard let first else { return "—" }
    return "\(first.value) \(first.unit)" + (first.tier == "default" ? "" : " (\(first.tier))")
  }

  static func row(_ s: ModelStatus) -> [String] {
    let caps = s.model.capabilities
    return [
      s.provider, s.date.description, s.model.id, s.status, s.retirement?.retired.description ?? "", s.retirement?.successor ?? "",
      s.model.pricing.rawValue, s.deploymentTypes.joined(separator: " "), caps.operations.map(\.rawValue).joined(separator: " "),
      caps.sizeFormula.map { "formula:\($0)" } ?? caps.sizes.map(\.description).joined(separator: " "),
      caps.qualities.joined(separator: " "), caps.defaultQuality[s.provider] ?? "", String(caps.n.upperBound),
      caps.inputFidelity.rawValue, String(caps.partialImages.upperBound), String(caps.maxInputImages), String(caps.promptMaxChars),
      caps.transparentBackground, s.rateLimits.map { "\($0.tier)=\($0.value) \($0.unit)" }.joined(separator: "; "),
    ]
  }

  static func json(_ statuses: [ModelStatus], provider: String, date: CivilDate) -> JSONValue {
    .object([
      ("schema", .string("imagecost.models/1")),
      ("provider", .string(provider)),
      ("date", .string(date.description)),
      (
        "models",
        .array(
          statuses.map { s in
            let caps = s.model.capabilities
            return .object([
              ("id", .string(s.model.id)),
              ("name", .string(s.model.name)),
              ("status", .string(s.status)),
              ("retired", .optional(s.retirement?.retired.description)),
              ("successor", .optional(s.retirement?.successor)),
              ("pricing", .string(s.model.pricing.rawValue)),
              ("deployment_types", .array(s.deploymentTypes.map(JSONValue.string))),
              ("operations", .array(caps.operations.map { .string($0.rawValue) })),
              ("sizes", .array(caps.sizes.map { .string($0.description) })),
              ("size_formula", .optional(caps.sizeFormula)),
              ("default_size", .string(caps.defaultSize.description)),
              ("qualities", .array(caps.qualities.map(JSONValue.string))),
              ("default_quality", .optional(caps.defaultQuality[s.provider])),
              ("n", .object([("min", .int(caps.n.lowerBound)), ("max", .int(caps.n.upperBound))])),
              ("input_fidelity", .string(caps.inputFidelity.rawValue)),
              ("streaming", .bool(caps.streaming)),
              ("partial_images_max", .int(caps.partialImages.upperBound)),
              ("max_input_images", .int(caps.maxInputImages)),
              ("prompt_max_chars", .int(caps.promptMaxChars)),
              ("transparent_background", .string(caps.transparentBackground)),
              (
                "rate_limits",
                .array(
                  s.rateLimits.map {
                    .object([
                      ("deployment_type", .optional($0.deploymentType)), ("tier", .string($0.tier)), ("value", .int($0.value)),
                      ("unit", .string($0.unit)), ("effective_from", .string($0.effective.from.description)),
                      ("source", .string($0.source)),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
  }
}

/// Renders the price book as one flat, tidy rate table (`imagecost pricing export`).
public enum RateTableRenderer {
  public static let columns = [
    "provider", "deployment_type", "region", "model", "component", "quality", "size", "published_price_usd", "published_unit",
    "rate_usd", "rate_unit", "effective_from", "effective_to", "source", "source_url", "source_read", "source_label", "assumption",
    "meter",
  ]

  /// One row per provider × deployment type × region × model × component (× quality × size) × effective range.
  public static func rows(_ book: PriceBook) -> [[String]] {
    var rows: [[String]] = []
    for rate in book.rates {
      let source = book.sources[rate.source]
      for region in rate.regions.isEmpty ? ["*"] : rate.regions {
        rows.append([
          rate.provider, rate.deploymentType, region, rate.model, rate.component.rawValue, rate.quality ?? "",
          rate.size?.description ?? "", rate.price.amount.decimalString, rate.price.unit.rawValue, rate.price.normalizedText,
          rate.price.normalizedUnit, rate.effective.from.description, rate.effective.to?.description ?? "", rate.source,
          source?.url ?? "", source?.read.description ?? "", source?.label ?? "", rate.assumption ?? "", rate.meter ?? "",
        ])
      }
    }
    return rows.sorted { $0.lexicographicallyPrecedes($1) }
  }

  public static func render(_ book: PriceBook, as format: OutputFormat) -> String {
    let rows = rows(book)
    switch format {
    case .csv:
      var writer = CSVWriter(header: columns)
      rows.forEach { writer.append($0) }
      return writer.text
    case .json:
      return JSONValue.object([
        ("schema", .string("imagecost.rates/1")),
        ("price_book", .object([("fingerprint", .string(book.fingerprint)), ("as_of", .optional(book.asOf?.description))])),
        ("rates", .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.isEmpty ? .null : .string($1)) }) })),
      ]).rendered()
    case .md, .table:
      let shown = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
      let table = TextTable(
        headers: shown.map { columns[$0] }, alignments: shown.map { $0 == 9 ? .right : .left }, rows: rows.map { row in shown.map { row[$0] } })
      return format == .md ? table.renderMarkdown() : table.renderPlain()
    }
  }
}
