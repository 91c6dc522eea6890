import CostCore

/// Renders actual-cost exports (OpenAI Costs API, Azure Cost Management), amounts in their billed currency.
public enum ActualCostRenderer {
  static func amount(_ nanos: Int64, _ currency: String, exact: Bool) -> String {
    if exact { return FixedPoint.format(Int128(nanos), scale: 9, minimumFractionDigits: 2) }
    return CurrencyMinorUnits.display(nanoUnits: Int128(nanos), code: currency)
  }

  public static func render(_ report: ActualCostReport, as format: OutputFormat) -> String {
    let currencies = report.totals.keys.sorted()
    switch format {
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.actual/1")),
          ("source", .string(report.source)),
          ("basis", .string("actual")),
          ("by", .array(report.dimensions.map(JSONValue.string))),
          ("lines", .int(report.lines)),
          ("totals", .object(currencies.map { ($0, .string(amount(report.totals[$0]!, $0, exact: true))) })),
          (
            "groups",
            .array(
              report.groups.map { g in
                .object([
                  ("key", .object(zip(report.dimensions, g.key).map { ($0, .string($1)) })), ("lines", .int(g.lines)),
                  ("amounts", .object(g.amounts.keys.sorted().map { ($0, .string(amount(g.amounts[$0]!, $0, exact: true))) })),
                ])
              })
          ),
          ("items_without_image_model", .object(report.unmatchedItems.keys.sorted().map { ($0, .int(report.unmatchedItems[$0]!)) })),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .csv:
      var writer = CSVWriter(header: report.dimensions + ["lines", "currency", "amount"])
      for g in report.groups {
        for c in g.amounts.keys.sorted() { writer.append(g.key + [String(g.lines), c, amount(g.amounts[c]!, c, exact: true)]) }
      }
      return writer.text
    case .table, .md:
      var table = TextTable(
        headers: report.dimensions + ["Lines"] + currencies,
        alignments: report.dimensions.map { _ in .left } + [.right] + currencies.map { _ in .right })
      for g in report.groups {
        table.rows.append(g.key + [FixedPoint.grouped(g.lines)] + currencies.map { c in g.amounts[c].map { amount($0, c, exact: false) } ?? "" })
      }
      table.rulesAfter = [table.rows.count - 1]
      table.rows.append(
        ["Total"] + Array(repeating: "", count: max(0, report.dimensions.count - 1)) + [FixedPoint.grouped(report.lines)]
          + currencies.map { amount(report.totals[$0]!, $0, exact: false) })
      let md = format == .md
      var out = md ? "## Actual costs (\(report.source))\n\n" : "Actual costs (\(report.source))\n\n"
      out += md ? table.renderMarkdown() : table.renderPlain()
      out += "\nCoverage: \(FixedPoint.grouped(report.lines)) actual line(s), amounts as billed"
      out += currencies.count > 1 ? " in \(currencies.joined(separator: ", ")) (not converted).\n" : ".\n"
      if !report.unmatchedItems.isEmpty {
        out +=
          "Line items not recognised as an image model (counted in the totals): "
          + report.unmatchedItems.keys.sorted().map { "\($0) (\(report.unmatchedItems[$0]!))" }.joined(separator: ", ") + "\n"
      }
      return out + ReportStamp.closingLine
    }
  }
}

/// Renders image counts priced as a low–high range (OpenAI Usage API images export).
public enum UsageRangeRenderer {
  /// An amount of a row (or the total) with `unpriced` of `images` images unpriced: `UNPRICED` when all
  /// are, `+ UNPRICED` when some are (never a silent $0).
  static func text(_ amount: USD, images: Int64, unpriced: Int64) -> String {
    if unpriced > 0, unpriced == images { return "UNPRICED" }
    return amount.roundedToCents.display + (unpriced > 0 ? " + UNPRICED" : "")
  }

  /// An amount for CSV and JSON: nil (an empty cell, `null`) when every image is unpriced.
  static func value(_ amount: USD, images: Int64, unpriced: Int64) -> String? {
    unpriced > 0 && unpriced == images ? nil : amount.decimalString
  }

  public static func render(_ report: UsageRangeReport, dimensions: [String], as format: OutputFormat) -> String {
    switch format {
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.usage-range/1")), ("basis", .string("estimate range")), ("images", .int(report.images)),
          ("low_usd", .optional(value(report.low, images: report.images, unpriced: report.unpriced))),
          ("high_usd", .optional(value(report.high, images: report.images, unpriced: report.unpriced))), ("unpriced_images", .int(report.unpriced)),
          (
            "rows",
            .array(
              report.rows.map { r in
                .object([
                  ("key", .object(zip(dimensions, r.key).map { ($0, .string($1)) })), ("images", .int(r.images)), ("requests", .int(r.requests)),
                  ("low_usd", .optional(value(r.low, images: r.images, unpriced: r.unpriced))),
                  ("high_usd", .optional(value(r.high, images: r.images, unpriced: r.unpriced))), ("unpriced_images", .int(r.unpriced)),
                  ("unpriced_reasons", .array(r.reasons.map(JSONValue.string))),
                ])
              })
          ),
          ("assumptions", .array(report.assumptions.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) })),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .csv:
      var writer = CSVWriter(header: dimensions + ["images", "requests", "low_usd", "high_usd", "unpriced_images"])
      for r in report.rows {
        writer.append(
          r.key + [
            String(r.images), String(r.requests), value(r.low, images: r.images, unpriced: r.unpriced) ?? "",
            value(r.high, images: r.images, unpriced: r.unpriced) ?? "", String(r.unpriced),
          ])
      }
      return writer.text
    case .table, .md:
      var table = TextTable(
        headers: dimensions + ["Images", "Low", "High", "Unpriced"], alignments: dimensions.map { _ in .left } + [.right, .right, .right, .right])
      for r in report.rows {
        table.rows.append(
          r.key + [
            FixedPoint.grouped(r.images), text(r.low, images: r.images, unpriced: r.unpriced), text(r.high, images: r.images, unpriced: r.unpriced),
            FixedPoint.grouped(r.unpriced),
          ])
      }
      table.rulesAfter = [table.rows.count - 1]
      table.rows.append(
        ["Total"] + Array(repeating: "", count: max(0, dimensions.count - 1)) + [
          FixedPoint.grouped(report.images), text(report.low, images: report.images, unpriced: report.unpriced),
          text(report.high, images: report.images, unpriced: report.unpriced), FixedPoint.grouped(report.unpriced),
        ])
      let md = format == .md
      var out = md ? "## Image usage priced as a range (openai-usage-images)\n\n" : "Image usage priced as a range (openai-usage-images)\n\n"
      out += md ? table.renderMarkdown() : table.renderPlain()
      out += "\nEstimate: the export has no quality or tokens, so each count is priced at the cheapest and dearest possibility.\n"
      for r in report.rows where !r.reasons.isEmpty { out += "UNPRICED \(r.key.joined(separator: " ")): " + r.reasons.joined(separator: "; ") + "\n" }
      out +=
        (md ? "\n### Assumptions\n\n" : "\nAssumptions:\n")
        + report.assumptions.map { md ? "- `\($0.id)`: \($0.text)" : TextWrap.wrap("  - \($0.id): \($0.text)") }.joined(separator: "\n") + "\n"
      return out + ReportStamp.closingLine
    }
  }
}
