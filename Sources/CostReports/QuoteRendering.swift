import CostCore

/// Output formats shared by the commands.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table
  case json
  case md
  case csv
}

/// Pure renderers of a ``Quote``: terminal table, Markdown, CSV and canonical JSON.
public enum QuoteRenderer {
  /// Renders `quote` in `format`.
  public static func render(_ quote: Quote, as format: OutputFormat) -> String {
    switch format {
    case .table: return table(quote)
    case .json: return QuoteDocument(quote).renderedJSON()
    case .md: return markdown(quote)
    case .csv: return csv(quote)
    }
  }

  // MARK: JSON (canonical)

  // MARK: Table and Markdown

  static func headline(_ quote: Quote) -> String {
    let r = quote.request
    var parts = [r.model, "\(r.provider) \(r.deploymentType)" + (r.region.map { " (\($0))" } ?? ""), r.operation.rawValue]
    parts.append(r.quality == r.pricedQuality ? r.quality : "\(r.quality) (priced as \(r.pricedQuality))")
    parts.append(r.size.description)
    parts.append("n=\(r.n)")
    if !r.inputImages.isEmpty {
      parts.append("input \(r.inputImages.map(\.description).joined(separator: ", "))" + (r.inputFidelity.map { " \($0) fidelity" } ?? ""))
    }
    if r.partialImages > 0 { parts.append("\(r.partialImages) partial images") }
    if let share = r.cachedShare { parts.append("cached share \(share)") }
    return parts.joined(separator: " · ")
  }

  static func componentTable(_ quote: Quote) -> TextTable {
    let requests = FixedPoint.grouped(quote.requests)
    var table = TextTable(
      headers: ["Component", "Per request", "Unit", "Rate", "Effective", "Source", "Cost/request", "Total (\(requests) req.)"],
      alignments: [.left, .right, .left, .left, .left, .left, .right, .right])
    for line in quote.lines {
      let rate: String
      let effective: String
      let source: String
      if let row = line.rate {
        rate = "$\(row.price.normalizedText) \(row.price.normalizedUnit)"
        effective = row.effective.from.description
        source = row.source
      } else {
        rate = "not metered"
        effective = "—"
        source = "—"
      }
      let quantity = FixedPoint.grouped(line.quantityPerRequest) + (line.basis == .estimate ? "*" : "")
      table.rows.append([line.component.label, quantity, line.unit, rate, effective, source, line.costPerRequest.display, line.costTotal.display])
    }
    table.rulesAfter = [table.rows.count - 1]
    table.rows.append(["Total", "", "", "", "", "", quote.perRequest.display, quote.total.display])
    return table
  }

  static func footer(_ quote: Quote, markdown: Bool) -> [String] {
    var lines: [String] = []
    let bullet = markdown ? "- " : "  - "
    if quote.isEstimate {
      lines.append("")
      lines.append("* estimate: the quantity follows from an assumption below; the total is an estimate.")
    }
    if !quote.allWarnings.isEmpty {
      lines.append("")
      lines.append(markdown ? "### Warnings" : "Warnings:")
      if markdown { lines.append("") }
      lines += quote.allWarnings.map { bullet + $0 }
    }
    if !quote.assumptions.isEmpty {
      lines.append("")
      lines.append(markdown ? "### Assumptions" : "Assumptions:")
      if markdown { lines.append("") }
      lines += quote.assumptions.map { bullet + (markdown ? "`\($0.id)`" : $0.id) + ": " + $0.text }
    }
    lines.append("")
    lines.append(markdown ? "### Sources" : "Sources:")
    if markdown { lines.append("") }
    lines += quote.sources.map { bullet + "\($0.id): \($0.title), \($0.url) (read \($0.read), \($0.label))" }
    lines.append("")
    let book = PriceBookStamp.sentence(fingerprint: quote.priceBookFingerprint, asOf: quote.priceBookAsOf, age: quote.priceBookAge)
    lines.append("Prices effective \(quote.date). \(book) Amounts are exact; each line is rounded half-even to $0.000000001.")
    return lines
  }

  /// The terminal table.
  public static func table(_ quote: Quote) -> String {
    var out = "Quote: " + headline(quote) + "\n\n"
    out += componentTable(quote).renderPlain()
    out += footer(quote, markdown: false).joined(separator: "\n") + "\n"
    return out
  }

  /// Markdown for budget review.
  public static func markdown(_ quote: Quote) -> String {
    var out = "## Quote: \(quote.request.model)\n\n" + headline(quote) + "\n\n"
    out += "**Total for \(FixedPoint.grouped(quote.requests)) request\(quote.requests == 1 ? "" : "s"): \(quote.total.display)**"
    out += " (\(quote.perRequest.display) per request)\(quote.isEstimate ? ", estimate" : "")\n\n"
    out += componentTable(quote).renderMarkdown()
    out += footer(quote, markdown: true).joined(separator: "\n") + "\n"
    return out
  }

  /// One tidy CSV row per component.
  public static func csv(_ quote: Quote) -> String {
    let r = quote.request
    var writer = CSVWriter(header: [
      "date", "model", "provider", "deployment_type", "region", "operation", "quality", "size", "n", "requests", "component",
      "quantity_per_request", "quantity_total", "unit", "basis", "rate_usd", "rate_unit", "effective_from", "effective_to", "source",
      "cost_per_request_usd", "cost_total_usd",
    ])
    for line in quote.lines {
      writer.append([
        quote.date.description, r.model, r.provider, r.deploymentType, r.region ?? "", r.operation.rawValue, r.pricedQuality,
        r.size.description, String(r.n), String(quote.requests), line.component.rawValue, String(line.quantityPerRequest),
        String(line.quantityTotal), line.unit, line.basis.rawValue, line.rate?.price.normalizedText ?? "unmetered",
        line.rate?.price.normalizedUnit ?? "", line.rate?.effective.from.description ?? "",
        line.rate?.effective.to?.description ?? "", line.rate?.source ?? line.unmetered?.assumption ?? "",
        line.costPerRequest.decimalString, line.costTotal.decimalString,
      ])
    }
    return writer.text
  }
}
