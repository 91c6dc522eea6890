import CostCore

/// Pure renderers of a ``PriceSyncReport`` (`imagecost pricing sync`): terminal table, Markdown, CSV and JSON.
public enum PricingSyncRenderer {
  public static func render(_ report: PriceSyncReport, as format: OutputFormat) -> String {
    switch format {
    case .json: return json(report).rendered()
    case .csv:
      var writer = CSVWriter(header: header.map { $0.lowercased().split(separator: " ").joined(separator: "_") })
      for finding in report.findings { writer.append(row(finding)) }
      return writer.text
    case .table, .md:
      var table = TextTable(headers: header, alignments: header.map { _ in .left })
      for finding in report.findings where finding.kind != .unchanged { table.rows.append(row(finding)) }
      let title = "Price sync on \(report.date): \(report.sources.map { "\($0.title) (\($0.label))" }.joined(separator: ", "))"
      let summary = summaryLine(report)
      if format == .md {
        var out = "# \(title)\n\n\(summary)\n\n"
        if !table.rows.isEmpty { out += table.renderMarkdown() + "\n" }
        out += footer(report).map { "- \($0)\n" }.joined()
        return out
      }
      var out = "\(title)\n\(summary)\n\n"
      if !table.rows.isEmpty { out += table.renderPlain() + "\n" }
      out += footer(report).map { "\($0)\n" }.joined()
      return out
    }
  }

  static let header = [
    "Finding", "Source", "Provider", "Deployment", "Regions", "Model", "Component", "Book", "Source price", "Effective", "Meter", "Note",
  ]

  static func priceText(_ price: Price?) -> String {
    guard let price else { return "" }
    return "\(price.publishedText) (\(price.normalizedText) \(price.normalizedUnit))"
  }

  static func row(_ f: PriceSyncFinding) -> [String] {
    let book: String
    let source: String
    let effective: String
    if f.kind == .retirementDiffers {
      book = f.bookRetirement.map { "retires \($0)" } ?? "no retirement"
      source = f.sourceRetirement.map { "retires \($0)" } ?? ""
      effective = ""
    } else {
      book = priceText(f.old)
      source = priceText(f.new)
      effective = f.effective?.description ?? ""
    }
    var note = f.note
    if let proposal = f.proposal { note = note.isEmpty ? proposal : "\(note); \(proposal)" }
    return [
      f.kind.rawValue, "\(f.source.rawValue) (\(f.source.label))", f.provider, f.deploymentType, f.regions.joined(separator: " "), f.model,
      f.component == nil ? "" : f.what, book, source, effective, f.meter ?? "", note,
    ]
  }

  static func summaryLine(_ report: PriceSyncReport) -> String {
    let counts = PriceSyncFinding.Kind.allCases.map { "\(report.count($0)) \($0.rawValue.split(separator: "_").joined(separator: " "))" }
    return counts.joined(separator: ", ") + "; \(report.skipped) items skipped (not a known model's meter)."
  }

  static func footer(_ report: PriceSyncReport) -> [String] {
    var lines: [String] = []
    lines.append(
      report.differs
        ? "Differences found: review them (exit 3)." + (report.proposedDirectory == nil ? " Write a proposed book with --out DIR." : "")
        : "Nothing differs from the book (exit 0).")
    if report.sources.contains(.litellm) {
      lines.append("LiteLLM is a secondary source: it never overrides an official value, and its known errors are ignored.")
    }
    if let dir = report.proposedDirectory {
      lines.append(
        "Proposed book written to \(dir) (sources \(report.proposedSources.joined(separator: ", "))); it passes `imagecost pricing check \(dir)`.")
    }
    return lines
  }

  static func json(_ report: PriceSyncReport) -> JSONValue {
    func price(_ p: Price?) -> JSONValue {
      guard let p else { return .null }
      return .object([
        ("amount_usd", .string(p.amount.decimalString)), ("unit", .string(p.unit.rawValue)), ("normalized_usd", .string(p.normalizedText)),
        ("normalized_unit", .string(p.normalizedUnit)),
      ])
    }
    let findings: [JSONValue] = report.findings.map { f in
      .object([
        ("kind", .string(f.kind.rawValue)), ("source", .string(f.source.rawValue)), ("source_label", .string(f.source.label)),
        ("provider", .string(f.provider)), ("deployment_type", .string(f.deploymentType)), ("regions", .array(f.regions.map(JSONValue.string))),
        ("model", .string(f.model)), ("component", .optional(f.component?.rawValue)), ("quality", .optional(f.quality)),
        ("size", .optional(f.size?.description)), ("book", price(f.old)), ("source_price", price(f.new)),
        ("effective", .optional(f.effective?.description)), ("book_retirement", .optional(f.bookRetirement?.description)),
        ("source_retirement", .optional(f.sourceRetirement?.description)), ("meter", .optional(f.meter)),
        ("book_location", .optional(f.bookRow?.location.description)), ("applicable", .bool(f.applicable)), ("note", .string(f.note)),
        ("proposal", .optional(f.proposal)),
      ])
    }
    return .object([
      ("date", .string(report.date.description)),
      (
        "sources", .array(report.sources.map { .object([("id", .string($0.rawValue)), ("title", .string($0.title)), ("label", .string($0.label))]) })
      ),
      ("differs", .bool(report.differs)),
      ("counts", .object(PriceSyncFinding.Kind.allCases.map { ($0.rawValue, JSONValue.int(report.count($0))) })),
      ("skipped_items", .int(report.skipped)),
      ("proposed_directory", .optional(report.proposedDirectory)),
      ("proposed_sources", .array(report.proposedSources.map(JSONValue.string))),
      ("findings", .array(findings)),
    ])
  }
}
