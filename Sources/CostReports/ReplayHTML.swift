import CostCore

extension ReplayRenderer {
  /// The replay (or ledger) report as one self-contained HTML5 page: summary cards, daily spend, the budget
  /// burn-down, the breakdown by model and by tag, exact against estimated, what-if scenarios and UNPRICED
  /// requests. Inline CSS and SVG, no script, no external resource; the output depends only on `report`.
  ///
  /// UNPRICED requests are never drawn or summed as $0: every cost that leaves some out says `+ UNPRICED`.
  public static func html(_ report: ReplayReport) -> String {
    var page = HTMLPage()
    let totals = report.totals
    let title = report.title ?? "Replay"
    page.raw("<header>\n")
    page.element("p", class: "kicker", report.title == nil ? "imagecost replay report" : "imagecost ledger report")
    page.element("h1", title)
    page.raw(
      "<p class=\"lede\">Total <strong>\(escapeHTML(costText(totals)))</strong> for \(escapeHTML(FixedPoint.grouped(totals.requests))) "
        + "request(s), \(escapeHTML(FixedPoint.grouped(totals.images))) image(s)"
        + (period(report).map { ", \(escapeHTML($0))" } ?? "") + ".</p>\n")
    if !report.sources.isEmpty { page.element("p", class: "lede", "Sources: " + report.sources.joined(separator: ", ") + ".") }
    page.raw("</header>\n")

    summary(report, into: &page)
    dailySpend(report, into: &page)
    breakdown(report, into: &page)
    exactAndEstimated(report, into: &page)
    whatIfs(report, into: &page)
    unpriced(report, into: &page)

    let disagreements = totals.disagreementList
    if !disagreements.isEmpty {
      page.section("capabilities", "Priced from usage despite the price book's capabilities")
      page.paragraph("The log is the bill: these records are priced from their logged usage although the capability table would refuse them.")
      page.list(disagreements.map(\.sentence), class: "flags")
      page.raw("</section>\n")
    }
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
    page.paragraph(
      "Amounts are rounded to cents for display; the JSON and CSV reports carry the exact figures. "
        + (report.priceDate.map { "Every request is priced at the rates of \($0)." } ?? "Each request is priced at its own day's rates."))
    page.paragraph(
      "Read \(FixedPoint.grouped(report.linesRead)) line(s); skipped \(FixedPoint.grouped(report.skipped)) malformed; "
        + "counted \(FixedPoint.grouped(report.duplicates)) duplicate request id(s) once.")
    page.paragraph(PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge))
    page.raw("</footer>\n")
    return PlanRenderer.document(title: "\(title) — imagecost", body: page.body)
  }

  /// The period: the report's own (`report`), else the first and last logged day.
  static func period(_ report: ReplayReport) -> String? {
    if let period = report.period { return period }
    guard let first = report.daily.keys.min(), let last = report.daily.keys.max() else { return nil }
    return first == last ? "on \(first)" : "\(first) to \(last)"
  }

  /// `part` of `whole` requests as a percentage with one decimal; `—` when there are none.
  static func share(_ part: Int64, of whole: Int64) -> String {
    guard whole > 0 else { return "—" }
    return FixedPoint.format(FixedPoint.divide(Int128(part) * 1000, by: Int128(whole), rounding: .halfEven), scale: 1, minimumFractionDigits: 1) + "%"
  }

  private static func summary(_ report: ReplayReport, into page: inout HTMLPage) {
    let t = report.totals
    let estimated = t.byBasis[.estimated] ?? 0
    var cards: [(String, String, String)] = [
      ("Total", costText(t), "\(FixedPoint.grouped(t.requests)) requests, \(FixedPoint.grouped(t.images)) images"),
      (
        "Exact", share(t.byBasis[.priced] ?? 0, of: t.requests),
        "of requests priced from logged usage; \(FixedPoint.grouped(estimated)) estimated"
      ),
      (
        "UNPRICED", share(t.unpricedRequests, of: t.requests),
        "\(FixedPoint.grouped(t.unpricedRequests)) request(s), \(FixedPoint.grouped(t.unpricedImages)) image(s) not in the total"
      ),
    ]
    if let b = report.burnDown {
      cards.append(
        (
          "Budget \(b.month)", b.budget.roundedToCents.display,
          "spent \(b.spent.roundedToCents.display) through \(b.throughDay); projected \(b.projected.roundedToCents.display)"
        ))
    }
    page.raw("<section id=\"summary\" aria-label=\"Summary\">\n")
    page.cards(cards)
    var notices: [String] = []
    if t.unpricedRequests > 0 { notices.append("\(FixedPoint.grouped(t.unpricedRequests)) request(s) are UNPRICED (see UNPRICED).") }
    if let b = report.burnDown, let crossing = b.crossing {
      notices.append(b.crossed ? "The budget was crossed on \(crossing)." : "Projected to cross the budget on \(crossing).")
    }
    if report.totals.requests == 0 { notices.append("No records were read.") }
    if !notices.isEmpty { page.raw("<p class=\"notice\"><strong>Check:</strong> \(escapeHTML(notices.joined(separator: " ")))</p>\n") }
    page.raw("</section>\n")
  }

  private static func dailySpend(_ report: ReplayReport, into page: inout HTMLPage) {
    let days = report.daily.keys.sorted()
    guard !days.isEmpty else { return }
    page.section("daily", "Daily spend")
    page.figure(
      SVGChart.stackedBars(
        id: "chart-daily", title: "Spend per day, priced requests",
        description: "Bars of each logged day's priced cost. UNPRICED requests are not drawn. The table below gives the figures.",
        categories: days.map { String($0.description.dropFirst(5)) },
        series: [SVGChart.Series(name: "Priced cost", values: days.map { report.daily[$0]!.nanos })],
        reference: nil),
      caption: "Priced cost of each day"
        + (report.totals.unpricedRequests > 0
          ? "; the \(FixedPoint.grouped(report.totals.unpricedRequests)) UNPRICED request(s) are not included, so a day's bar is what was priced, not all it cost."
          : "."))
    if let b = report.burnDown {
      let month = days.filter { $0.year == b.month.year && $0.month == b.month.month }
      var cumulative: Int64 = 0
      let values = month.map { day -> Int64 in
        cumulative += report.daily[day]!.nanos
        return cumulative
      }
      page.figure(
        SVGChart.stackedBars(
          id: "chart-burn-down", title: "Budget burn-down, \(b.month)",
          description: "Cumulative priced spend through each logged day of \(b.month), with the month's budget as a dashed line.",
          categories: month.map { String($0.description.dropFirst(5)) }, series: [SVGChart.Series(name: "Spent to date", values: values)],
          reference: SVGChart.Reference(label: "Budget \(b.budget.roundedToCents.display)", value: b.budget.nanos)),
        caption: "Spent \(b.spent.roundedToCents.display) of \(b.budget.roundedToCents.display) through \(b.throughDay); run rate "
          + "\(b.runRatePerDay.roundedToCents.display) a day, projected \(b.projected.roundedToCents.display) for the month"
          + (b.crossing.map { b.crossed ? "; crossed on \($0)." : "; projected to cross on \($0)." } ?? "; not projected to cross."))
    }
    // A day with UNPRICED requests says how many: its bar and cost are only what was priced.
    let unpricedColumn = !report.dailyUnpriced.isEmpty
    var headers = [("Day", false), (report.totals.unpricedRequests > 0 ? "Priced cost (UNPRICED excluded)" : "Priced cost", true)]
    if unpricedColumn { headers.append(("UNPRICED requests", true)) }
    var table = HTMLTable(headers: headers)
    table.rows = days.map { day in
      var row: [HTMLTable.Cell] = [.text(day.description), .text(report.daily[day]!.roundedToCents.display)]
      if unpricedColumn { row.append(.text(report.dailyUnpriced[day].map { "+ \(FixedPoint.grouped($0)) UNPRICED" } ?? "—")) }
      return row
    }
    page.table(table)
    page.raw("</section>\n")
  }

  /// Totals of the groups that share a value of `dimension`, largest cost first.
  static func rollUp(_ report: ReplayReport, by dimension: String) -> [(String, ReplayTotals)] {
    guard let index = report.dimensions.firstIndex(of: dimension) else { return [] }
    var order: [String] = []
    var sums: [String: ReplayTotals] = [:]
    for group in report.groups {
      let value = group.key[index]
      if sums[value] == nil { order.append(value) }
      sums[value, default: ReplayTotals()].merge(group.totals)
    }
    return order.map { ($0, sums[$0]!) }.sorted { ($0.1.cost.nanos, $1.0) > ($1.1.cost.nanos, $0.0) }
  }

  private static func breakdown(_ report: ReplayReport, into page: inout HTMLPage) {
    page.section("breakdown", "Breakdown")
    let total = report.totals.cost
    let dimensions = report.dimensions.filter { $0 == "model" || $0.hasPrefix("tag:") }
    if dimensions.isEmpty {
      page.paragraph("Group by model or by a tag (--by model,tag:KEY) for a breakdown by model and tag.")
    }
    for dimension in dimensions {
      let rows = rollUp(report, by: dimension)
      let name = dimension == "model" ? "model" : "tag \(dimension.dropFirst(4))"
      page.element("h3", "By \(name)")
      let drawn = rows.filter { !$0.1.allUnpriced }
      let notDrawn = rows.filter(\.1.allUnpriced).map { $0.0.isEmpty ? "(none)" : $0.0 }
      page.figure(
        SVGChart.stackedBars(
          id: "chart-by-\(dimension.replacingOccurrences(of: ":", with: "-"))", title: "Priced cost by \(name)",
          description: "Bars of the priced cost of each \(name); UNPRICED requests are not drawn. The table gives the figures.",
          categories: drawn.map { $0.0.isEmpty ? "(none)" : $0.0 },
          series: [SVGChart.Series(name: "Priced cost", values: drawn.map { $0.1.cost.nanos })],
          reference: nil),
        caption: "Priced cost by \(name)." + (notDrawn.isEmpty ? "" : " Not drawn (UNPRICED): " + notDrawn.joined(separator: ", ") + "."))
      var table = HTMLTable(headers: [(name.capitalizedFirst, false), ("Requests", true), ("Images", true), ("Cost", true), ("Share", true)])
      table.rows = rows.map { value, t in
        [
          .text(value.isEmpty ? "(none)" : value), .text(FixedPoint.grouped(t.requests)), .text(FixedPoint.grouped(t.images)),
          t.unpricedRequests > 0 ? .over(costText(t)) : .text(costText(t)), .text(t.allUnpriced ? "—" : PlanRenderer.percent(t.cost, of: total)),
        ]
      }
      page.table(table)
    }
    page.element("h3", "By " + report.dimensions.joined(separator: " × "))
    var groups = HTMLTable(
      headers: report.dimensions.map { ($0, false) } + [
        ("Requests", true), ("Images", true), ("Cost", true), ("Estimated", true), ("Unpriced", true),
      ])
    for g in report.groups {
      groups.rows.append(
        g.key.map { .text($0) } + [
          .text(FixedPoint.grouped(g.totals.requests)), .text(FixedPoint.grouped(g.totals.images)),
          g.totals.unpricedRequests > 0 ? .over(costText(g.totals)) : .text(costText(g.totals)),
          .text(FixedPoint.grouped(g.totals.byBasis[.estimated] ?? 0)), .text(FixedPoint.grouped(g.totals.unpricedRequests)),
        ])
    }
    let t = report.totals
    groups.footer =
      [.strong("Total")] + Array(repeating: .text(""), count: max(0, report.dimensions.count - 1)) + [
        .strong(FixedPoint.grouped(t.requests)), .strong(FixedPoint.grouped(t.images)), .strong(costText(t)),
        .strong(FixedPoint.grouped(t.byBasis[.estimated] ?? 0)), .strong(FixedPoint.grouped(t.unpricedRequests)),
      ]
    page.table(groups)
    page.raw("</section>\n")
  }

  private static func exactAndEstimated(_ report: ReplayReport, into page: inout HTMLPage) {
    let t = report.totals
    page.section("coverage", "Exact and estimated")
    page.paragraph(
      "Exact: priced from the usage the log says was billed. Estimated: no usage was logged, so the token model estimated it "
        + "under the assumptions below. Unbilled: a failed response without usage. UNPRICED: no rate could price it.")
    var table = HTMLTable(headers: [("Basis", false), ("Requests", true), ("Share", true)])
    let words: [ReplayBasis: String] = [.priced: "exact (logged usage)", .estimated: "estimated", .unbilled: "unbilled", .unpriced: "UNPRICED"]
    for basis in ReplayBasis.allCases {
      let count = t.byBasis[basis] ?? 0
      let label = words[basis] ?? basis.rawValue
      table.rows.append([
        basis == .unpriced && count > 0 ? .over(label) : .text(label), .text(FixedPoint.grouped(count)), .text(share(count, of: t.requests)),
      ])
    }
    table.footer = [.strong("Total"), .strong(FixedPoint.grouped(t.requests)), .text("")]
    page.table(table)
    page.raw("</section>\n")
  }

  private static func whatIfs(_ report: ReplayReport, into page: inout HTMLPage) {
    guard !report.whatIfs.isEmpty else { return }
    page.section("what-if", "What if")
    page.paragraph("The same requests repriced with the scenario's changes; logged prompt tokens are kept.")
    var table = HTMLTable(headers: [
      ("What if", false), ("Requests", true), ("As logged", true), ("What if", true), ("Savings", true), ("Not possible", true),
    ])
    for w in report.whatIfs {
      let unpriced = whatIfUnpriced(w)
      table.rows.append([
        .text(w.scenario), .text(FixedPoint.grouped(w.repriced)), unpriced ? .over("UNPRICED") : .text(w.asLogged.roundedToCents.display),
        unpriced ? .over("UNPRICED") : .text(w.cost.roundedToCents.display), unpriced ? .over("UNPRICED") : .text(w.savings.roundedToCents.display),
        .text(FixedPoint.grouped(w.infeasible.values.reduce(0, +))),
      ])
    }
    page.table(table)
    let reasons = report.whatIfs.flatMap { w in
      w.infeasible.keys.sorted().map { "\(w.scenario): \(w.infeasible[$0]!) request(s) not possible: \($0)" }
    }
    if !reasons.isEmpty { page.list(reasons, class: "reasons") }
    page.raw("</section>\n")
  }

  private static func unpriced(_ report: ReplayReport, into page: inout HTMLPage) {
    guard !report.unpriced.isEmpty else { return }
    let t = report.totals
    page.section("unpriced", "UNPRICED")
    page.paragraph(
      "\(FixedPoint.grouped(t.unpricedRequests)) of \(FixedPoint.grouped(t.requests)) requests (\(share(t.unpricedRequests, of: t.requests))) "
        + "and \(FixedPoint.grouped(t.unpricedImages)) image(s) could not be priced. They are not in any total — never counted as $0.")
    var table = HTMLTable(headers: [("Reason", false), ("Requests", true), ("Images", true)])
    table.rows = report.unpriced.map { [.text($0.reason), .text(FixedPoint.grouped($0.requests)), .text(FixedPoint.grouped($0.images))] }
    page.table(table)
    page.raw("</section>\n")
  }
}
