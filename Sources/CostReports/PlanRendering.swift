import CostCore

/// Pure renderers of a ``PlanReport``: terminal, Markdown, tidy CSV and canonical JSON.
public enum PlanRenderer {
  /// - Parameter color: ANSI colour for the terminal table (the CLI passes true only on a TTY without `NO_COLOR`).
  public static func render(_ report: PlanReport, as format: OutputFormat, color: Bool = false) -> String {
    switch format {
    case .table: return text(report, markdown: false, color: color)
    case .md: return text(report, markdown: true)
    case .csv: return csv(report)
    case .json: return PlanDocument(report).renderedJSON()
    }
  }

  // MARK: JSON

  // MARK: CSV (tidy: month × workload × candidate)

  /// One row per candidate × month × workload: what was priced (model, quality, size, provider, deployment type,
  /// region, one `tag_KEY` column per tag key) and each cost component. With trials, the ranges follow as a
  /// second table after a blank line (``rangesCSV(_:)``; `--out` writes it to a file of its own).
  public static func csv(_ report: PlanReport) -> String {
    lineCSV(report) + (rangesCSV(report).map { "\r\n" + $0 } ?? "")
  }

  /// The tidy month × workload × candidate table.
  public static func lineCSV(_ report: PlanReport) -> String {
    let components = ComponentKind.allCases
    var tagKeys: [String] = []
    for workload in report.plan.workloads { for key in workload.tags.keys.sorted() where !tagKeys.contains(key) { tagKeys.append(key) } }
    let tags = Dictionary(report.plan.workloads.map { ($0.id, $0.tags) }, uniquingKeysWith: { first, _ in first })
    var writer = CSVWriter(
      header: ["candidate", "month", "workload", "model", "quality", "size", "provider", "deployment_type", "region"]
        + tagKeys.map { "tag_\($0)" } + ["images", "requests", "billed_retries"] + components.map { "\($0.rawValue)_usd" } + [
          "cost_usd", "estimate",
        ]
        + (report.currency.map { ["cost_\($0.code.lowercased())", "fx_rate_per_usd", "fx_rate_date"] } ?? []))
    for result in [report.asPlanned] + report.candidates where result.isFeasible {
      for line in result.lines {
        let lineTags = tags[line.workload] ?? tags[String(line.workload.split(separator: "/").first ?? "")] ?? [:]
        writer.append(
          [
            result.id, line.month.description, line.workload, line.model, line.quality ?? "", line.size?.description ?? "", line.provider,
            line.deploymentType, line.region ?? "",
          ]
            + tagKeys.map { lineTags[$0] ?? "" } + [String(line.images), String(line.requests), String(line.billedRetries)]
            + components.map { line.components[$0]?.decimalString ?? "" } + [line.cost.decimalString, line.isEstimate ? "true" : "false"]
            + (report.currency.map { [$0.decimalString(line.cost), $0.rateText, $0.date?.description ?? ""] } ?? []))
      }
    }
    return writer.text
  }

  /// The Monte Carlo ranges as a tidy table, one row per month and one for the whole plan (`period` = `total`):
  /// min, P10, P50, P90, max and the point estimate; nil without trials.
  public static func rangesCSV(_ report: PlanReport) -> String? {
    guard let ranges = report.ranges else { return nil }
    var writer = CSVWriter(header: [
      "period", "trials", "seed", "min_usd", "p10_usd", "p50_usd", "p90_usd", "max_usd", "point_estimate_usd",
    ])
    func row(_ period: String, _ r: RangeSummary, _ point: USD) {
      writer.append(
        [period, String(ranges.trials), String(ranges.seed)] + [r.min, r.p10, r.p50, r.p90, r.max, point].map(\.decimalString))
    }
    for (month, r) in zip(report.months, ranges.monthly) { row(month.description, r, report.asPlanned.cost(in: month)) }
    row("total", ranges.total, report.asPlanned.total)
    return writer.text
  }

  // MARK: Terminal and Markdown

  static func text(_ report: PlanReport, markdown: Bool, color: Bool = false) -> String {
    func paint(_ text: String, _ code: String) -> String { color && !markdown ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    let plan = report.plan
    var out = markdown ? "# Plan: \(plan.name)\n\n" : "Plan: \(plan.name)\n\n"
    let span = "\(report.months.first!)–\(report.months.last!) (\(report.months.count) months)"
    out +=
      markdown
      ? "**Total \(report.asPlanned.total.roundedToCents.display)** for \(span), \(plan.workloads.count) workloads.\n"
      : "Total \(report.asPlanned.total.roundedToCents.display) for \(span), \(plan.workloads.count) workloads.\n"
    if let fx = report.currency { out += "≈ \(fx.display(report.asPlanned.total)) at \(fx.label).\n" }
    func render(_ table: TextTable) -> String { markdown ? table.renderMarkdown() : table.renderPlain() }
    func bullet(_ text: String) -> String { markdown ? "- " + text : TextWrap.wrap("  - " + text) }
    func heading(_ title: String) -> String { markdown ? "\n## \(title)\n\n" : "\n\(paint(title, "1"))\n" }

    // Per month.
    let fxHeader = report.currency.map { ["Cost (\($0.code))"] } ?? []
    let monthlyBudget = report.budget.flatMap { $0.budget.period == .month ? $0 : nil }
    var monthly = TextTable(
      headers: ["Month", "Images", "Cost"] + fxHeader + (monthlyBudget != nil ? ["Budget"] : []),
      alignments: [.left, .right, .right] + fxHeader.map { _ in .right } + (monthlyBudget != nil ? [.left] : []))
    for month in report.months {
      let cost = report.asPlanned.cost(in: month)
      var row = [month.description, FixedPoint.grouped(report.asPlanned.images(in: month)), cost.roundedToCents.display]
      if let fx = report.currency { row.append(fx.display(cost)) }
      if let b = monthlyBudget {
        row.append(cost > b.amountPerMonth ? paint("OVER by \((cost - b.amountPerMonth).roundedToCents.display)", "31") : paint("ok", "32"))
      }
      monthly.rows.append(row)
    }
    out += heading("Per month") + render(monthly)

    // Per workload.
    var workloads = TextTable(
      headers: ["Workload", "Model", "Quality", "Size", "Images", "Cost"], alignments: [.left, .left, .left, .left, .right, .right])
    for workload in plan.workloads {
      let lines = report.asPlanned.lines.filter { $0.workload == workload.id }
      let cost = lines.reduce(USD.zero) { $0 + $1.cost }.roundedToCents.display
      if workload.refine != nil {
        // A refine stage makes text-model calls, not images.
        workloads.rows.append([
          workload.id, modelText(workload, lines: lines), "refine", "—", "\(FixedPoint.grouped(lines.reduce(0) { $0 + $1.requests })) calls", cost,
        ])
        continue
      }
      workloads.rows.append([
        workload.id, modelText(workload, lines: lines), workload.request.quality ?? "default", workload.request.size?.description ?? "default",
        FixedPoint.grouped(lines.reduce(0) { $0 + $1.images }), cost,
      ])
    }
    out += heading("Per workload") + render(workloads)
    if !report.refinement.isEmpty {
      out += heading("Refinement") + report.refinement.map { bullet($0.sentence) }.joined(separator: "\n") + "\n"
    }

    if let r = report.ranges {
      var ranges = TextTable(headers: ["Month", "Min", "P10", "P50", "P90", "Max"], alignments: [.left, .right, .right, .right, .right, .right])
      for (month, s) in zip(report.months, r.monthly) + [("Total", r.total)].map({ ($0.0, $0.1) }) as [(CustomStringConvertible, RangeSummary)] {
        ranges.rows.append([month.description] + [s.min, s.p10, s.p50, s.p90, s.max].map { $0.roundedToCents.display })
      }
      ranges.rulesAfter = [ranges.rows.count - 2]
      out += heading("Ranges (\(FixedPoint.grouped(Int64(r.trials))) trials, seed \(r.seed))") + render(ranges)
      out += (markdown ? "\nDriven by:\n\n" : "Driven by:\n") + r.drivers.map { bullet($0) }.joined(separator: "\n") + "\n"
    }

    // Comparison.
    if !report.candidates.isEmpty {
      var compare = TextTable(
        headers: ["Rank", "Candidate", "Total", "Savings vs plan", "Note"], alignments: [.right, .left, .right, .right, .left])
      func lifecycleNote(_ r: CandidateResult) -> String {
        switch r.lifecycle {
        case .retired: return "retired model"
        case .retiring: return "retiring model"
        default: return ""
        }
      }
      compare.rows.append(
        [
          "", "as-planned", report.asPlanned.total.roundedToCents.display, "",
          (["baseline", lifecycleNote(report.asPlanned)].filter { !$0.isEmpty }).joined(separator: "; "),
        ])
      var rank = 0
      for result in report.candidates {
        if result.isFeasible {
          rank += 1
          let savings = report.savings(result)
          compare.rows.append([String(rank), result.id, result.total.roundedToCents.display, savings.roundedToCents.display, lifecycleNote(result)])
        } else {
          compare.rows.append([
            "—", result.id, "not priced", "",
            markdown ? "infeasible: " + result.infeasible.joined(separator: "; ") : paint("infeasible (below)", "33"),
          ])
        }
      }
      out += heading("Candidates") + render(compare)
      if !markdown {
        for result in report.candidates where !result.isFeasible {
          out += TextWrap.wrap("  - \(result.id) is not priced: " + result.infeasible.joined(separator: "; ")) + "\n"
        }
      }
    }
    if let b = report.budget {
      out += heading("Budget")
      if b.budget.period == .month, report.ranges?.budgetOdds == nil {
        out += "Budget \(b.amountPerMonth.roundedToCents.display) a month: "
        out += b.monthsOver.isEmpty ? "no month is over.\n" : "\(b.monthsOver.count) month(s) over, first in \(b.firstCrossing!).\n"
      } else {
        let sentence = "Budget \(BudgetRenderer.phrase(b.budget)). " + BudgetRenderer.verdictSentence(report, budget: b)
        out += (markdown ? sentence : TextWrap.wrap(sentence, indent: "")) + "\n"
        out += (markdown ? "\n" : "") + render(BudgetRenderer.periodTable(report, budget: b, remaining: false))
        if b.budget.period != .month { out += (markdown ? "\n" : "") + "Images a month within budget: the budget spread evenly over its months.\n" }
      }
      var afford = TextTable(headers: ["Candidate", "Images a month within budget"], alignments: [.left, .right])
      afford.rows = b.affordableImagesPerMonth.map { [$0.0, FixedPoint.grouped($0.1)] }
      out += (markdown ? "\n" : "") + render(afford)
    }
    if !report.lifecycle.isEmpty {
      out += heading("Lifecycle")
      var seen = Set<String>()
      for flag in report.lifecycle where seen.insert("\(flag.workload)|\(flag.model)").inserted {
        let months = report.lifecycle.filter { $0.workload == flag.workload && $0.model == flag.model }.map(\.month)
        out +=
          bullet(
            "\(flag.workload): \(flag.model) is retired on \(flag.provider) on \(flag.retired) (months \(months.first!)–\(months.last!))"
              + (flag.successor.map { "; successor \($0)" } ?? "") + ".") + "\n"
      }
    }
    let profile = plan.capacity
    out += heading("Capacity")
    out +=
      "Peak load: the month's requests over \(profile.activeHoursPerDay) h a day × peak factor "
      + FixedPoint.format(Int128(profile.peakFactorPPM), scale: 6, minimumFractionDigits: 1) + ", against the \(profile.tier) rate limit.\n"
    if report.capacity.isEmpty {
      out += "Every checked workload fits within one deployment's limit in every month.\n"
    } else {
      var table = TextTable(
        headers: ["Month", "Workload", "Model", "Needed/min", "Limit", "Deployments"], alignments: [.left, .left, .left, .right, .right, .right])
      table.rows = report.capacity.map {
        [$0.month.description, $0.workload, $0.model, $0.neededText, "\($0.limit) \($0.unit)", String($0.deploymentsNeeded)]
      }
      out += (markdown ? "\n" : "") + render(table)
    }
    if !report.warnings.isEmpty {
      out += heading("Warnings") + report.warnings.map { bullet($0) }.joined(separator: "\n") + "\n"
    }
    if !report.assumptions.isEmpty {
      out += heading("Assumptions")
      out += report.assumptions.map { markdown ? "- `\($0.id)`: " + $0.text : bullet("\($0.id): \($0.text)") }.joined(separator: "\n") + "\n"
    }
    let footer = [
      "Amounts are rounded to cents for display; the JSON and CSV reports carry the exact figures.",
      report.plan.priceDate.map { "Every month is priced at the rates effective on \($0) (--date). " }
        ?? "Each month is priced at the rates effective on its first day. "
        + PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge),
    ]
    out += "\n" + footer.map { markdown ? $0 : TextWrap.wrap($0, indent: "") }.joined(separator: "\n") + "\n"
    return out
  }
}

extension PlanRenderer {
  /// The workload's model, or `a → b 2027-04` when it moves to a successor from that month.
  static func modelText(_ workload: Workload, lines: [PlanMonthLine]) -> String {
    var text = workload.request.model
    var previous = lines.first?.model ?? workload.request.model
    for line in lines where !line.model.isEmpty && line.model != previous {
      text += " → \(line.model) \(line.month)"
      previous = line.model
    }
    return text
  }
}
