import CostCore

extension PlanRenderer {
  /// The plan report as one self-contained HTML5 page for budget review: inline CSS, inline SVG
  /// charts, no script and no external resource, so it reads the same in a browser with no network.
  ///
  /// The output depends only on `report`: no date, time or locale, and fixed number formatting, so it
  /// is byte-for-byte stable and golden-tested. All text from the model goes through ``escapeHTML(_:)``.
  public static func html(_ report: PlanReport) -> String {
    var page = HTMLPage()
    let plan = report.plan
    let total = report.asPlanned.total
    let span = "\(report.months.first!)–\(report.months.last!)"

    page.raw("<header>\n")
    page.element("p", class: "kicker", "imagecost plan report")
    page.element("h1", "Plan: \(plan.name)")
    page.raw(
      "<p class=\"lede\">Total <strong>\(escapeHTML(total.roundedToCents.display))</strong> for \(escapeHTML(span)) "
        + "(\(report.months.count) months), \(plan.workloads.count) workloads.</p>\n")
    if let fx = report.currency {
      page.element("p", class: "lede", "≈ \(fx.display(total)) at \(fx.label).")
    }
    page.raw("</header>\n")

    summary(report, into: &page)

    // Per month.
    page.section("per-month", "Per month")
    page.figure(
      SVGChart.monthlyCost(report),
      caption: "Cost of each month by workload, plan as written"
        + (report.budget.map {
          $0.budget.period == .month
            ? "; the dashed line is the budget of \($0.amountPerMonth.roundedToCents.display) a month"
            : "; the dashed line is the budget of \(BudgetRenderer.phrase($0.budget)) spread evenly over its months"
        } ?? "") + ".")
    let monthlyBudget = report.budget.flatMap { $0.budget.period == .month ? $0 : nil }
    var monthly = HTMLTable(
      headers: [("Month", false), ("Images", true)] + plan.workloads.map { ($0.id, true) } + [("Cost", true)]
        + (monthlyBudget != nil ? [("Budget", false)] : []))
    for month in report.months {
      let cost = report.asPlanned.cost(in: month)
      var row: [HTMLTable.Cell] = [.text(month.description), .text(FixedPoint.grouped(report.asPlanned.images(in: month)))]
      for workload in plan.workloads {
        let lines = report.asPlanned.lines.filter { $0.month == month && $0.workload == workload.id }
        row.append(.text(lines.reduce(USD.zero) { $0 + $1.cost }.roundedToCents.display))
      }
      row.append(.strong(cost.roundedToCents.display))
      if let b = monthlyBudget {
        row.append(cost > b.amountPerMonth ? .over("OVER by \((cost - b.amountPerMonth).roundedToCents.display)") : .text("ok"))
      }
      monthly.rows.append(row)
    }
    var totalRow: [HTMLTable.Cell] = [.strong("Total"), .strong(FixedPoint.grouped(report.asPlanned.lines.reduce(0) { $0 + $1.images }))]
    for workload in plan.workloads {
      totalRow.append(.strong(report.asPlanned.lines.filter { $0.workload == workload.id }.reduce(USD.zero) { $0 + $1.cost }.roundedToCents.display))
    }
    totalRow.append(.strong(total.roundedToCents.display))
    if monthlyBudget != nil { totalRow.append(.text("")) }
    monthly.footer = totalRow
    page.table(monthly)
    page.raw("</section>\n")

    // Ranges (Monte Carlo), when trials were run.
    if let ranges = report.ranges, let chart = SVGChart.rangeBand(report) {
      page.section("ranges", "Ranges")
      page.paragraph(
        "Monte Carlo over the uncertain inputs: \(FixedPoint.grouped(Int64(ranges.trials))) trials, seed \(ranges.seed). "
          + "Total P10 \(ranges.total.p10.roundedToCents.display), P50 \(ranges.total.p50.roundedToCents.display), "
          + "P90 \(ranges.total.p90.roundedToCents.display) (min \(ranges.total.min.roundedToCents.display), "
          + "max \(ranges.total.max.roundedToCents.display)); point estimate \(total.roundedToCents.display).")
      if let odds = ranges.budgetOdds {
        page.paragraph(
          "Probability of going over the budget (\(BudgetRenderer.phrase(report.budget!.budget))) in any period: "
            + "\(BudgetOdds.percentText(odds.planOverTrials, of: ranges.trials)); each period's odds are in the Budget section.")
      }
      page.figure(
        chart,
        caption: "Simulated cost of each month: the band spans P10 to P90, the solid line is P50, the dashed line the point estimate"
          + (report.budget == nil ? "." : ", the dotted red line the budget."))
      var table = HTMLTable(headers: [
        ("Month", false), ("Min", true), ("P10", true), ("P50", true), ("P90", true), ("Max", true), ("Point estimate", true),
      ])
      for (month, r) in zip(report.months, ranges.monthly) {
        table.rows.append(
          [.text(month.description)] + [r.min, r.p10, r.p50, r.p90, r.max, report.asPlanned.cost(in: month)].map { .text($0.roundedToCents.display) })
      }
      table.footer =
        [.strong("Total")]
        + [ranges.total.min, ranges.total.p10, ranges.total.p50, ranges.total.p90, ranges.total.max, total].map { .strong($0.roundedToCents.display) }
      page.table(table)
      if !ranges.drivers.isEmpty {
        page.element("h3", "What drives the spread")
        page.list(ranges.drivers)
      }
      page.raw("</section>\n")
    }

    // Per workload.
    page.section("per-workload", "Per workload")
    var workloads = HTMLTable(
      headers: [
        ("Workload", false), ("Operation", false), ("Model", false), ("Quality", false), ("Size", false), ("Images", true), ("Cost", true),
        ("Share", true),
      ])
    for workload in plan.workloads {
      let lines = report.asPlanned.lines.filter { $0.workload == workload.id }
      let cost = lines.reduce(USD.zero) { $0 + $1.cost }
      if workload.refine != nil {
        // A refine stage makes text-model calls, not images.
        workloads.rows.append([
          .text(workload.id), .text("refine"), .text(PlanRenderer.modelText(workload, lines: lines)), .text("—"), .text("—"),
          .text("\(FixedPoint.grouped(lines.reduce(0) { $0 + $1.requests })) calls"), .text(cost.roundedToCents.display),
          .text(percent(cost, of: total)),
        ])
        continue
      }
      workloads.rows.append([
        .text(workload.id), .text(workload.request.operation.rawValue), .text(PlanRenderer.modelText(workload, lines: lines)),
        .text(workload.request.quality ?? "default"),
        .text(workload.request.size?.description ?? "default"), .text(FixedPoint.grouped(lines.reduce(0) { $0 + $1.images })),
        .text(cost.roundedToCents.display), .text(percent(cost, of: total)),
      ])
    }
    page.table(workloads)
    if !report.refinement.isEmpty {
      page.element("h3", "Refinement")
      page.list(report.refinement.map(\.sentence))
    }
    page.raw("</section>\n")

    // Candidates.
    if !report.candidates.isEmpty {
      page.section("candidates", "Candidates")
      let infeasible = report.candidates.filter { !$0.isFeasible }
      page.figure(
        SVGChart.candidateComparison(report),
        caption: "Total over \(report.months.count) months of the plan as written and of each feasible candidate."
          + (infeasible.isEmpty ? "" : " Not drawn (infeasible): " + infeasible.map(\.id).joined(separator: ", ") + "."))
      var compare = HTMLTable(
        headers: [("Rank", true), ("Candidate", false), ("Changes", false), ("Total", true), ("Savings vs plan", true), ("Note", false)])
      compare.rows.append([.text(""), .strong("as-planned"), .text("—"), .strong(total.roundedToCents.display), .text(""), .text("baseline")])
      var rank = 0
      for result in report.candidates {
        let changes = changesText(result.candidate)
        if result.isFeasible {
          rank += 1
          let savings = report.savings(result)
          compare.rows.append([
            .text(String(rank)), .text(result.id), .text(changes), .text(result.total.roundedToCents.display), .text(savings.roundedToCents.display),
            .text(savings.nanos > 0 ? "cheaper" : savings.nanos < 0 ? "dearer" : "same cost"),
          ])
        } else {
          compare.rows.append([.text("—"), .text(result.id), .text(changes), .text("not priced"), .text(""), .over("infeasible")])
        }
      }
      page.table(compare)
      if !infeasible.isEmpty {
        page.element("h3", "Not priced")
        page.raw("<ul class=\"reasons\">\n")
        for result in infeasible {
          page.raw("<li><strong>\(escapeHTML(result.id))</strong>: \(escapeHTML(result.infeasible.joined(separator: "; ")))</li>\n")
        }
        page.raw("</ul>\n")
      }
      page.raw("</section>\n")
    }

    // Budget.
    if let b = report.budget {
      page.section("budget", "Budget")
      if b.budget.period == .month, report.ranges?.budgetOdds == nil {
        page.paragraph(
          "Budget \(b.amountPerMonth.roundedToCents.display) a month: "
            + (b.monthsOver.isEmpty ? "no month is over." : "\(b.monthsOver.count) month(s) over, first in \(b.firstCrossing!)."))
      } else {
        page.paragraph("Budget \(BudgetRenderer.phrase(b.budget)). " + BudgetRenderer.verdictSentence(report, budget: b))
        let periods = BudgetRenderer.periodTable(report, budget: b, remaining: true)
        var table = HTMLTable(headers: periods.headers.enumerated().map { ($1, $0 > 0 && $1 != "Status") })
        table.rows = periods.rows.map { row in row.map { $0 == "OVER" ? .over($0) : .text($0) } }
        page.table(table)
      }
      var afford = HTMLTable(headers: [("Candidate", false), ("Images a month within budget", true)])
      afford.rows = b.affordableImagesPerMonth.map { [.text($0.0), .text(FixedPoint.grouped($0.1))] }
      page.table(afford)
      page.raw("</section>\n")
    }

    // Lifecycle.
    if !report.lifecycle.isEmpty {
      page.section("lifecycle", "Lifecycle")
      var seen = Set<String>()
      var items: [String] = []
      for flag in report.lifecycle where seen.insert("\(flag.workload)|\(flag.model)").inserted {
        let months = report.lifecycle.filter { $0.workload == flag.workload && $0.model == flag.model }.map(\.month)
        items.append(
          "\(flag.workload): \(flag.model) is retired on \(flag.provider) on \(flag.retired) (months \(months.first!)–\(months.last!))"
            + (flag.successor.map { "; successor \($0)" } ?? "") + ".")
      }
      page.list(items, class: "flags")
      page.raw("</section>\n")
    }

    // Capacity.
    let profile = plan.capacity
    page.section("capacity", "Capacity")
    page.paragraph(
      "Peak load: the month's requests over \(profile.activeHoursPerDay) h a day × peak factor "
        + FixedPoint.format(Int128(profile.peakFactorPPM), scale: 6, minimumFractionDigits: 1) + ", against the \(profile.tier) rate limit.")
    if report.capacity.isEmpty {
      page.paragraph("Every checked workload fits within one deployment's limit in every month.")
    } else {
      var table = HTMLTable(
        headers: [
          ("Month", false), ("Workload", false), ("Model", false), ("Needed/min", true), ("Limit", true), ("Deployments", true), ("Source", false),
        ])
      table.rows = report.capacity.map {
        [
          .text($0.month.description), .text($0.workload), .text($0.model), .text($0.neededText), .text("\($0.limit) \($0.unit)"),
          .over(String($0.deploymentsNeeded)), .text($0.source),
        ]
      }
      page.table(table)
    }
    page.raw("</section>\n")

    if !report.warnings.isEmpty {
      page.section("warnings", "Warnings")
      page.list(report.warnings, class: "warnings")
      page.raw("</section>\n")
    }

    if !report.assumptions.isEmpty {
      page.section("assumptions", "Assumptions")
      page.raw("<dl class=\"assumptions\">\n")
      for assumption in report.assumptions {
        page.raw("<dt><code>\(escapeHTML(assumption.id))</code></dt>\n<dd>\(escapeHTML(assumption.text))</dd>\n")
      }
      page.raw("</dl>\n</section>\n")
    }

    page.raw("<footer>\n")
    page.paragraph("Amounts are rounded to cents for display; the JSON and CSV reports carry the exact figures.")
    page.raw(
      "<p>"
        + (report.plan.priceDate.map { "Every month is priced at the rates effective on \($0) (--date). " }
          ?? "Each month is priced at the rates effective on its first day. ")
        + escapeHTML(PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge))
        + "</p>\n")
    page.raw("</footer>\n")

    return document(title: "Plan: \(plan.name) — imagecost", body: page.body)
  }

  /// The summary cards at the top of the page.
  private static func summary(_ report: PlanReport, into page: inout HTMLPage) {
    let total = report.asPlanned.total
    let monthCosts = report.months.map { ($0, report.asPlanned.cost(in: $0)) }
    let average = USD(nanos: Int64(FixedPoint.divide(Int128(total.nanos), by: Int128(max(1, report.months.count)), rounding: .halfEven)))
    var cards: [(String, String, String)] = [
      ("Total", total.roundedToCents.display, "\(report.months.count) months, \(report.months.first!)–\(report.months.last!)")
    ]
    if let peak = monthCosts.max(by: { $0.1 < $1.1 }) {
      cards.append(("Average a month", average.roundedToCents.display, "peak \(peak.1.roundedToCents.display) in \(peak.0)"))
    }
    if let b = report.budget {
      let over = b.periodsOver.count
      let unit = b.budget.period == .total ? "plan" : b.budget.period.rawValue
      cards.append(
        (
          b.budget.period == .month ? "Budget a month" : b.budget.period == .quarter ? "Budget a quarter" : "Budget for the plan",
          b.budget.amount.roundedToCents.display,
          (over == 0 ? "no \(unit) over" : "\(over) \(unit)(s) over, first \(b.firstCrossing!)")
            + (report.ranges.flatMap { r in r.budgetOdds.map { "; P(over) \(BudgetOdds.percentText($0.planOverTrials, of: r.trials))" } } ?? "")
        ))
    }
    if let ranges = report.ranges {
      cards.append(
        (
          "Range P10–P90", "\(ranges.total.p10.roundedToCents.display)–\(ranges.total.p90.roundedToCents.display)",
          "P50 \(ranges.total.p50.roundedToCents.display)"
        ))
    }
    if !report.candidates.isEmpty {
      if let best = report.candidates.first(where: \.isFeasible) {
        let savings = report.savings(best)
        if savings.nanos > 0 {
          cards.append(("Cheapest candidate", best.id, "saves \(savings.roundedToCents.display) over the plan"))
        } else if savings.nanos == 0 {
          cards.append(("Cheapest candidate", best.id, "same cost as the plan"))
        } else {
          // No candidate beats the plan: say so, and name the nearest one.
          cards.append(
            ("Cheapest option", "the plan as written", "nearest candidate, \(best.id), costs \((USD.zero - savings).roundedToCents.display) more"))
        }
      } else {
        cards.append(("Cheapest candidate", "none feasible", "\(report.candidates.count) not priced"))
      }
    }
    page.raw("<section id=\"summary\" aria-label=\"Summary\">\n")
    page.cards(cards)
    var notices: [String] = []
    if let b = report.budget, let first = b.firstCrossing {
      notices.append(
        b.budget.period == .month
          ? "Over budget in \(b.monthsOver.count) month(s) from \(first)." : "Over budget in \(b.periodsOver.count) period(s) from \(first).")
    }
    if !report.lifecycle.isEmpty { notices.append("A planned model is retired during the plan (see Lifecycle).") }
    if !report.capacity.isEmpty { notices.append("Some months need more than one deployment (see Capacity).") }
    if !report.warnings.isEmpty { notices.append("\(report.warnings.count) warning(s) below.") }
    if !notices.isEmpty {
      page.raw("<p class=\"notice\"><strong>Check:</strong> \(escapeHTML(notices.joined(separator: " ")))</p>\n")
    }
    page.raw("</section>\n")
  }

  /// `part` as a share of `whole` with one decimal: `60.9%`; `—` when the whole is zero.
  static func percent(_ part: USD, of whole: USD) -> String {
    guard whole.nanos != 0 else { return "—" }
    let tenths = FixedPoint.divide(Int128(part.nanos) * 1000, by: Int128(whole.nanos < 0 ? -whole.nanos : whole.nanos), rounding: .halfEven)
    return FixedPoint.format(tenths, scale: 1, minimumFractionDigits: 1) + "%"
  }

  /// What a candidate changes: `model gpt-image-2, quality medium`.
  static func changesText(_ candidate: Candidate?) -> String {
    guard let c = candidate else { return "—" }
    let parts = [
      ("model", c.model), ("quality", c.quality), ("size", c.size?.description), ("provider", c.provider), ("deployment", c.deploymentType),
      ("region", c.region),
    ]
    .compactMap { key, value in value.map { "\(key) \($0)" } }
    return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
  }

  /// The HTML document around `body`, with the report's style sheet.
  static func document(title: String, body: String) -> String {
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      + "<meta name=\"generator\" content=\"imagecost\">\n"
      + "<title>\(escapeHTML(title))</title>\n<style>\n\(styleSheet)</style>\n</head>\n<body>\n<main>\n"
      + body + "</main>\n</body>\n</html>\n"
  }

  static let styleSheet = """
    :root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --rule: #d0d7de; --band: #f6f8fa; --over: #a40e26; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #ffffff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
    main { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
    header { border-bottom: 2px solid var(--ink); margin-bottom: 20px; }
    .kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; }
    h1 { margin: 2px 0 4px; font-size: 28px; line-height: 1.2; overflow-wrap: anywhere; }
    .lede { margin: 0 0 14px; font-size: 17px; }
    h2 { margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); font-size: 20px; }
    h3 { margin: 18px 0 6px; font-size: 16px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 0; }
    .card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; background: var(--band); min-width: 0; }
    .card dt { color: var(--muted); font-size: 13px; }
    .card dd { margin: 0; overflow-wrap: anywhere; }
    .card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .card .value.name { font-size: 16px; padding-top: 3px; }
    .card .note { color: var(--muted); font-size: 13px; }
    .notice { margin: 12px 0 0; padding: 8px 12px; border-left: 4px solid var(--over); background: #fff5f5; }
    figure { margin: 12px 0 16px; overflow-x: auto; }
    figure svg { display: block; width: 100%; max-width: 960px; min-width: 560px; height: auto; }
    figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; margin: 8px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
    th, td { padding: 4px 6px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; white-space: nowrap; }
    td.wrap { white-space: normal; min-width: 16em; overflow-wrap: break-word; }
    th { background: var(--band); font-weight: 600; border-bottom: 2px solid var(--rule); white-space: normal; vertical-align: bottom; }
    tbody tr:nth-child(even) { background: #fbfcfd; }
    tfoot td { border-top: 2px solid var(--rule); border-bottom: none; }
    .num { text-align: right; white-space: nowrap; }
    .over { color: var(--over); font-weight: 600; }
    ul { padding-left: 22px; }
    li { margin: 3px 0; }
    .warnings li::marker, .flags li::marker { color: var(--over); }
    dl.assumptions dt { margin-top: 8px; }
    dl.assumptions dd { margin: 2px 0 0 22px; }
    code { font: 13px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; background: var(--band); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
    footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
    footer p { margin: 4px 0; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      h2, h3 { break-after: avoid; }
      figure, .card, tr { break-inside: avoid; }
      .scroll, figure { overflow: visible; }
      figure svg { min-width: 0; }
      table { width: 100%; font-size: 9pt; }
      th, td { padding: 2px 5px; white-space: normal; }
      .num { white-space: nowrap; }
      thead { display: table-header-group; }
      .notice { background: none; }
    }

    """
}

/// Accumulates the page body; every text argument is escaped.
struct HTMLPage {
  var body = ""

  mutating func raw(_ html: String) { body += html }

  mutating func element(_ name: String, class className: String? = nil, _ text: String) {
    body += "<\(name)" + (className.map { " class=\"\(escapeHTML($0))\"" } ?? "") + ">\(escapeHTML(text))</\(name)>\n"
  }

  mutating func paragraph(_ text: String) { element("p", text) }

  /// Summary cards of a label, a value and a note: short figures large, longer values (a candidate id, a range)
  /// smaller, so they wrap less.
  mutating func cards(_ cards: [(String, String, String)]) {
    body += "<dl class=\"cards\">\n"
    for (label, value, note) in cards {
      let isAmount = value.count <= 10
      body +=
        "<div class=\"card\"><dt>\(escapeHTML(label))</dt><dd class=\"value\(isAmount ? "" : " name")\">\(escapeHTML(value))</dd>"
        + "<dd class=\"note\">\(escapeHTML(note))</dd></div>\n"
    }
    body += "</dl>\n"
  }

  /// Opens `<section id=…>` with its heading; the caller closes it.
  mutating func section(_ id: String, _ title: String) {
    body += "<section id=\"\(escapeHTML(id))\" aria-labelledby=\"\(escapeHTML(id))-h\">\n<h2 id=\"\(escapeHTML(id))-h\">\(escapeHTML(title))</h2>\n"
  }

  mutating func figure(_ svg: String, caption: String) {
    body += "<figure>\n" + svg + "<figcaption>\(escapeHTML(caption))</figcaption>\n</figure>\n"
  }

  mutating func list(_ items: [String], class className: String? = nil) {
    body += "<ul" + (className.map { " class=\"\(escapeHTML($0))\"" } ?? "") + ">\n"
    for item in items { body += "<li>\(escapeHTML(item))</li>\n" }
    body += "</ul>\n"
  }

  mutating func table(_ table: HTMLTable) { body += table.rendered() }
}

/// A table of escaped cells; numeric columns are right-aligned.
struct HTMLTable {
  enum Cell {
    case text(String)
    case strong(String)
    case over(String)

    /// The cell's text, unescaped.
    var text: String {
      switch self {
      case .text(let s), .strong(let s), .over(let s): return s
      }
    }

    var html: String {
      switch self {
      case .text(let s): return escapeHTML(s)
      case .strong(let s): return "<strong>\(escapeHTML(s))</strong>"
      case .over(let s): return "<span class=\"over\">\(escapeHTML(s))</span>"
      }
    }
  }

  /// Header text and whether the column is numeric.
  var headers: [(String, Bool)]
  var rows: [[Cell]] = []
  var footer: [Cell]?

  init(headers: [(String, Bool)]) { self.headers = headers }

  func rendered() -> String {
    func cells(_ row: [Cell], tag: String) -> String {
      "<tr>"
        + row.enumerated().map { index, cell in
          let numeric = index < headers.count && headers[index].1
          // Long text (a reason, a list of changes) wraps; figures and short names never do.
          let className = numeric ? " class=\"num\"" : cell.text.count > 40 ? " class=\"wrap\"" : ""
          return "<\(tag)\(className)>\(cell.html)</\(tag)>"
        }.joined() + "</tr>\n"
    }
    var out = "<div class=\"scroll\">\n<table>\n<thead>\n"
    out += "<tr>" + headers.map { "<th scope=\"col\"\($0.1 ? " class=\"num\"" : "")>\(escapeHTML($0.0))</th>" }.joined() + "</tr>\n"
    out += "</thead>\n<tbody>\n" + rows.map { cells($0, tag: "td") }.joined() + "</tbody>\n"
    if let footer { out += "<tfoot>\n" + cells(footer, tag: "td") + "</tfoot>\n" }
    return out + "</table>\n</div>\n"
  }
}
