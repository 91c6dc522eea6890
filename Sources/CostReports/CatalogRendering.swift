import CostCore

/// One model's status and capabilities on one provider at one date (`imagecost models`).
public struct ModelStatus: Sendable {
  public let model: ModelSpec
  public let provider: String
  public let date: CivilDate
  /// Active, retiring, retired, not released or not offered, with the retirement that decides it.
  public let lifecycle: ModelLifecycle
  /// Deployment types with at least one rate effective at `date`.
  public let deploymentTypes: [String]
  public let rateLimits: [RateLimit]

  public var status: String { lifecycle.status.rawValue }
  /// The retirement on the provider, past or upcoming.
  public var retirement: Retirement? { lifecycle.retirement }

  /// Builds the status of every image model for `provider` at `date`, in id order.
  public static func all(in book: PriceBook, provider: String, date: CivilDate) -> [ModelStatus] {
    book.modelIDs.compactMap { book.models[$0] }.map { model in
      ModelStatus(
        model: model, provider: provider, date: date, lifecycle: book.lifecycle(of: model.id, provider: provider, at: date),
        deploymentTypes: deploymentTypes(book, model: model.id, provider: provider, date: date),
        rateLimits: book.rateLimits(model: model.id, provider: provider, deploymentType: nil, date: date))
    }
  }

  static func deploymentTypes(_ book: PriceBook, model: String, provider: String, date: CivilDate) -> [String] {
    (book.providers[provider]?.deploymentTypes ?? []).filter { type in
      book.rates.contains { $0.provider == provider && $0.deploymentType == type && $0.model == model && $0.effective.contains(date) }
    }
  }
}

/// One text model's status and rates on one provider at one date (`imagecost models`, `kind: text`).
public struct TextModelStatus: Sendable {
  public let model: TextModelSpec
  public let lifecycle: ModelLifecycle
  public let deploymentTypes: [String]
  /// The rate per component for the provider's default deployment type (or the first priced one), at `date`.
  public let rates: [(ComponentKind, Price)]

  public static func all(in book: PriceBook, provider: String, date: CivilDate) -> [TextModelStatus] {
    book.textModels.keys.sorted().compactMap { book.textModels[$0] }.map { model in
      let types = ModelStatus.deploymentTypes(book, model: model.id, provider: provider, date: date)
      let fallback = book.providers[provider]?.defaultDeploymentType
      let type = types.contains(fallback ?? "") ? fallback : types.first
      let rates: [(ComponentKind, Price)] = TextModelSpec.components.compactMap { component in
        guard let type,
          case .rate(let row)? = try? book.rate(
            provider: provider, deploymentType: type, region: nil, model: model.id, component: component, date: date)
        else { return nil }
        return (component, row.price)
      }
      return TextModelStatus(
        model: model, lifecycle: book.lifecycle(of: model.id, provider: provider, at: date), deploymentTypes: types, rates: rates)
    }
  }
}

/// Renders `imagecost models`.
public enum ModelsRenderer {
  public static func render(
    _ statuses: [ModelStatus], textModels: [TextModelStatus] = [], provider: String, date: CivilDate, as format: OutputFormat
  ) -> String {
    switch format {
    case .json: return json(statuses, textModels: textModels, provider: provider, date: date).rendered()
    case .csv:
      let header = [
        "provider", "date", "model", "kind", "status", "retires_on", "retired_on", "successor", "pricing", "deployment_types", "operations", "sizes",
        "qualities", "default_quality", "n_max", "input_fidelity", "partial_images_max", "max_input_images", "prompt_max_chars",
        "transparent_background", "rate_limits",
      ]
      var writer = CSVWriter(header: header)
      for s in statuses { writer.append(row(s)) }
      for t in textModels {
        let r = t.lifecycle.retirement
        let past = t.lifecycle.status == .retired
        var cells = [
          provider, date.description, t.model.id, "text", t.lifecycle.status.rawValue, past ? "" : r?.retired.description ?? "",
          past ? r?.retired.description ?? "" : "", r?.successor ?? "", "tokens", t.deploymentTypes.joined(separator: " "),
        ]
        cells += Array(repeating: "", count: header.count - cells.count)  // no image capabilities
        writer.append(cells)
      }
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
      var text = format == .md ? "## \(title)\n\n" + table.renderMarkdown() : title + "\n\n" + table.renderPlain()
      if !textModels.isEmpty {
        var texts = TextTable(
          headers: ["Text model", "Status", "Deployment types", "Input", "Cached input", "Output"],
          alignments: [.left, .left, .left, .right, .right, .right])
        for t in textModels {
          func rate(_ c: ComponentKind) -> String { t.rates.first { $0.0 == c }.map { "$" + $0.1.normalizedText } ?? "—" }
          texts.rows.append([
            t.model.id, statusText(t.lifecycle), t.deploymentTypes.isEmpty ? "none" : t.deploymentTypes.joined(separator: ", "),
            rate(.textInput), rate(.cachedTextInput), rate(.textOutput),
          ])
        }
        let heading = "Text models for prompt refinement (USD per 1M tokens)"
        text += format == .md ? "\n### \(heading)\n\n" + texts.renderMarkdown() : "\n\(heading)\n\n" + texts.renderPlain()
      }
      return text + ReportStamp.closingLine
    }
  }

  static func statusText(_ s: ModelStatus) -> String { statusText(s.lifecycle) }

  static func statusText(_ l: ModelLifecycle) -> String {
    guard let r = l.retirement else { return l.status.rawValue }
    switch l.status {
    case .retired: return "retired \(r.retired)" + (r.successor.map { " → \($0)" } ?? "")
    case .retiring: return "retiring \(r.retired)" + (r.successor.map { " → \($0)" } ?? "")
    default: return l.status.rawValue
    }
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
    let past = s.lifecycle.status == .retired
    return [
      s.provider, s.date.description, s.model.id, "image", s.status, past ? "" : s.retirement?.retired.description ?? "",
      past ? s.retirement?.retired.description ?? "" : "", s.retirement?.successor ?? "",
      s.model.pricing.rawValue, s.deploymentTypes.joined(separator: " "), caps.operations.map(\.rawValue).joined(separator: " "),
      caps.sizeFormula.map { "formula:\($0)" } ?? caps.sizes.map(\.description).joined(separator: " "),
      caps.qualities.joined(separator: " "), caps.defaultQuality[s.provider] ?? "", String(caps.n.upperBound),
      caps.inputFidelity.rawValue, String(caps.partialImages.upperBound), String(caps.maxInputImages), String(caps.promptMaxChars),
      caps.transparentBackground, s.rateLimits.map { "\($0.tier)=\($0.value) \($0.unit)" }.joined(separator: "; "),
    ]
  }

  static func lifecycleFields(_ l: ModelLifecycle) -> [(String, JSONValue)] {
    let past = l.status == .retired
    return [
      ("status", .string(l.status.rawValue)),
      ("retires_on", .optional(past ? nil : l.retirement?.retired.description)),
      ("retired_on", .optional(past ? l.retirement?.retired.description : nil)),
      ("successor", .optional(l.retirement?.successor)),
      ("lifecycle_source", .optional(l.retirement?.source)),
    ]
  }

  static func json(_ statuses: [ModelStatus], textModels: [TextModelStatus], provider: String, date: CivilDate) -> JSONValue {
    .object(
      [
        ("schema", .string("imagecost.models/1")),
        ("provider", .string(provider)),
        ("date", .string(date.description)),
        (
          "models",
          .array(
            statuses.map { s in
              let caps = s.model.capabilities
              return .object(
                [
                  ("id", .string(s.model.id)),
                  ("name", .string(s.model.name)),
                  ("kind", .string("image")),
                  ("aliases", .array(s.model.aliases.map(JSONValue.string))),
                ] + lifecycleFields(s.lifecycle) + [
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
            }
              + textModels.map { t in
                .object(
                  [
                    ("id", .string(t.model.id)), ("name", .string(t.model.name)), ("kind", .string("text")),
                    ("aliases", .array(t.model.aliases.map(JSONValue.string))),
                  ] + lifecycleFields(t.lifecycle) + [
                    ("pricing", .string("tokens")),
                    ("deployment_types", .array(t.deploymentTypes.map(JSONValue.string))),
                    ("rates_per_1m_tokens_usd", .object(t.rates.map { ($0.0.rawValue, .string($0.1.normalizedText)) })),
                  ])
              })
        ),
      ] + ReportStamp.jsonFields)
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
      for row in rows { writer.append(row) }
      return writer.text
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.rates/1")),
          ("price_book", .object([("fingerprint", .string(book.fingerprint)), ("as_of", .optional(book.asOf?.description))])),
          ("rates", .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.isEmpty ? .null : .string($1)) }) })),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .md, .table:
      let shown = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
      let table = TextTable(
        headers: shown.map { columns[$0] }, alignments: shown.map { $0 == 9 ? .right : .left }, rows: rows.map { row in shown.map { row[$0] } })
      return format == .md ? table.renderMarkdown() : table.renderPlain()
    }
  }
}
