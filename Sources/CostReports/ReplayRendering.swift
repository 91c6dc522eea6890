import CostCore

/// Pure renderers of a ``ReplayReport``.
public enum ReplayRenderer {
  static func coverage(_ t: ReplayTotals) -> String {
    ReplayBasis.allCases.map { "\($0.rawValue) \(FixedPoint.grouped(t.byBasis[$0] ?? 0))" }.joined(separator: ", ")
  }

  /// The cost, marked `+ UNPRICED` when some requests could not be priced (never a silent $0).
  static func costText(_ t: ReplayTotals) -> String {
    if t.allUnpriced { return "UNPRICED" }
    return t.cost.roundedToCents.display + (t.unpricedRequests > 0 ? " + UNPRICED" : "")
  }

  /// A cost for CSV and JSON: nil (an empty cell, `null`) when every request is unpriced.
  static func costValue(_ t: ReplayTotals) -> String? { t.allUnpriced ? nil : t.cost.decimalString }

  /// A what-if that could reprice nothing (every record not possible) has no cost: UNPRICED, never $0.
  static func whatIfUnpriced(_ w: WhatIfResult) -> Bool { w.repriced == 0 && w.infeasible.values.reduce(0, +) > 0 }

  /// The what-if results as a CSV table of their own (`replay` and `report` write it after the groups,
  /// separated by a blank line, when `--what-if` is given).
  public static func whatIfCSV(_ report: ReplayReport) -> String {
    var writer = CSVWriter(header: ["what_if", "repriced_requests", "as_logged_usd", "what_if_usd", "savings_usd", "not_possible_requests"])
    for w in report.whatIfs {
      let unpriced = whatIfUnpriced(w)
      writer.append([
        w.scenario, String(w.repriced), unpriced ? "" : w.asLogged.decimalString, unpriced ? "" : w.cost.decimalString,
        unpriced ? "" : w.savings.decimalString, String(w.infeasible.values.reduce(0, +)),
      ])
    }
    return writer.text
  }

  public static func render(_ report: ReplayReport, as format: OutputFormat) -> String {
    let components = ComponentKind.allCases
    switch format {
    case .json:
      return ReplayDocument(report).renderedJSON()
    case .csv:
      var writer = CSVWriter(
        header: report.dimensions + ["requests", "images"] + ReplayBasis.allCases.map { "\($0.rawValue)_requests" }
          + ["unpriced_images", "priced_despite_capabilities"] + components.map { "\($0.rawValue)_usd" } + ["cost_usd"])
      for g in report.groups {
        writer.append(
          g.key + [String(g.totals.requests), String(g.totals.images)] + ReplayBasis.allCases.map { String(g.totals.byBasis[$0] ?? 0) }
            + [String(g.totals.unpricedImages), String(g.totals.disagreements.values.reduce(0, +))]
            + components.map { g.totals.components[$0]?.decimalString ?? "" } + [costValue(g.totals) ?? ""])
      }
      return writer.text + (report.whatIfs.isEmpty ? "" : "\r\n" + whatIfCSV(report))
    case .table, .md:
      let md = format == .md
      var table = TextTable(
        headers: report.dimensions + ["Requests", "Images", "Cost", "Estimated", "Unpriced"],
        alignments: report.dimensions.map { _ in .left } + [.right, .right, .right, .right, .right])
      for g in report.groups {
        table.rows.append(
          g.key + [
            FixedPoint.grouped(g.totals.requests), FixedPoint.grouped(g.totals.images), costText(g.totals),
            FixedPoint.grouped(g.totals.byBasis[.estimated] ?? 0), FixedPoint.grouped(g.totals.byBasis[.unpriced] ?? 0),
          ])
      }
      table.rulesAfter = [table.rows.count - 1]
      table.rows.append(
        ["Total"] + Array(repeating: "", count: max(0, report.dimensions.count - 1)) + [
          FixedPoint.grouped(report.totals.requests), FixedPoint.grouped(report.totals.images), costText(report.totals),
          FixedPoint.grouped(report.totals.byBasis[.estimated] ?? 0), FixedPoint.grouped(report.totals.byBasis[.unpriced] ?? 0),
        ])
      let title = report.title ?? "Replay"
      var out = md ? "## \(title)\n\n" : "\(title)\n\n"
      if let period = report.period { out += "Period: \(period)\n" }
      if !report.sources.isEmpty { out += "Sources: \(report.sources.joined(separator: ", "))\n" }
      if report.period != nil || !report.sources.isEmpty { out += "\n" }
      out += md ? table.renderMarkdown() : table.renderPlain()
      out += "\nCoverage: \(coverage(report.totals)) requests"
      out += report.priceDate.map { " (priced at the rates of \($0))." } ?? " (each priced at its own day's rates)."
      out += "\n"
      if report.skipped > 0 || report.duplicates > 0 {
        out += "Skipped \(report.skipped) malformed line(s); counted \(report.duplicates) duplicate request id(s) once.\n"
      }
      if let b = report.burnDown {
        out += md ? "\n### Budget burn-down\n\n" : "\nBudget burn-down:\n"
        out +=
          (md ? "" : "  ") + "\(b.month): spent \(b.spent.roundedToCents.display) of \(b.budget.roundedToCents.display) through \(b.throughDay); "
        out += "run rate \(b.runRatePerDay.roundedToCents.display)/day, projected \(b.projected.roundedToCents.display) for the month"
        if let crossing = b.crossing {
          out += b.crossed ? "; the budget was crossed on \(crossing).\n" : "; projected to cross on \(crossing).\n"
        } else {
          out += "; not projected to cross.\n"
        }
      }
      if !report.whatIfs.isEmpty {
        var table = TextTable(
          headers: ["What if", "Requests", "As logged", "What if", "Savings", "Not possible"],
          alignments: [.left, .right, .right, .right, .right, .right])
        for w in report.whatIfs {
          table.rows.append([
            w.scenario, FixedPoint.grouped(w.repriced), whatIfUnpriced(w) ? "UNPRICED" : w.asLogged.roundedToCents.display,
            whatIfUnpriced(w) ? "UNPRICED" : w.cost.roundedToCents.display, whatIfUnpriced(w) ? "UNPRICED" : w.savings.roundedToCents.display,
            FixedPoint.grouped(w.infeasible.values.reduce(0, +)),
          ])
        }
        out +=
          (md
            ? "\n### What if\n\n" + table.renderMarkdown()
            : "\nWhat if (the same requests repriced; logged prompt tokens kept):\n" + table.renderPlain())
        for w in report.whatIfs {
          for reason in w.infeasible.keys.sorted() {
            let text = "\(w.scenario): \(w.infeasible[reason]!) request(s) not possible: \(reason)"
            out += (md ? "- " + text : TextWrap.wrap("  - " + text)) + "\n"
          }
        }
      }
      if !report.unpriced.isEmpty {
        out += md ? "\n### UNPRICED\n\n" : "\nUNPRICED (not included in the cost; never $0):\n"
        for bucket in report.unpriced {
          out +=
            (md ? "- " : "  - ")
            + "\(FixedPoint.grouped(bucket.requests)) request(s), \(FixedPoint.grouped(bucket.images)) image(s): \(bucket.reason)\n"
        }
      }
      let disagreements = report.totals.disagreementList
      if !disagreements.isEmpty {
        out +=
          md
          ? "\n### Priced from usage despite the price book's capabilities\n\n"
          : "\nPriced from usage despite the price book's capabilities (the log is the bill):\n"
        out += disagreements.map { md ? "- " + $0.sentence : TextWrap.wrap("  - " + $0.sentence) }.joined(separator: "\n") + "\n"
      }
      if !report.warnings.isEmpty {
        out += md ? "\n### Warnings\n\n" : "\nWarnings:\n"
        out += report.warnings.map { (md ? "- " : "  - ") + $0 }.joined(separator: "\n") + "\n"
      }
      if !report.assumptions.isEmpty {
        out += md ? "\n### Assumptions\n\n" : "\nAssumptions:\n"
        out += report.assumptions.map { md ? "- `\($0.id)`: \($0.text)" : TextWrap.wrap("  - \($0.id): \($0.text)") }.joined(separator: "\n") + "\n"
      }
      out += "\n" + PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge) + "\n"
      return out
    }
  }
}
