import CostCore

extension LiveRenderer {
  /// A live run's reconciliation as one self-contained HTML page: predicted against actual per component, per
  /// group and per call, the gap by named cause, and the calls not compared (no actual is known — never $0).
  public static func reconciliationHTML(_ r: RunReconciliation) -> String {
    var page = HTMLPage()
    let tolerance = FixedPoint.format(Int128(r.toleranceBasisPoints), scale: 2, minimumFractionDigits: 1) + "%"
    let total = r.total
    page.raw("<header>\n")
    page.element("p", class: "kicker", "imagecost reconciliation")
    page.element("h1", "Reconcile run \(r.runID)")
    page.element(
      "p", class: "lede",
      "\(total.compared) of \(total.calls) call(s) compared at the rates of \(r.priceDate): actual \(money(total.actual)) against "
        + "predicted \(money(total.predictedCompared)), gap \(money(total.delta))" + (total.error.map { " (\($0.display))" } ?? "") + ".")
    page.raw("</header>\n")

    var cards: [(String, String, String)] = [
      ("Gap", money(total.delta), total.error.map { "\($0.display) of the compared prediction" } ?? "nothing compared"),
      ("Compared", "\(total.compared)/\(total.calls)", "calls with a known actual"),
      ("Flagged", String(r.flagged.count), "calls off by more than \(tolerance)"),
    ]
    if r.failedExposure > .zero { cards.append(("May have been billed", money(r.failedExposure), "worst case of failed calls without usage")) }
    page.raw("<section id=\"summary\" aria-label=\"Summary\">\n")
    page.cards(cards)
    page.raw("</section>\n")

    page.section("components", "Predicted and actual by component")
    var components = HTMLTable(headers: [
      ("Component", false), ("Predicted tokens", true), ("Actual tokens", true), ("Tokens Δ", true), ("Error", true), ("Predicted", true),
      ("Actual", true), ("Δ", true),
    ])
    components.rows = total.components.map { c in
      [
        .text(c.component.rawValue.replacingOccurrences(of: "_", with: " ")), .text(FixedPoint.grouped(c.predictedTokens)),
        .text(FixedPoint.grouped(c.actualTokens)), .text(FixedPoint.signedGrouped(c.tokenDelta)), .text(c.tokenError?.display ?? "–"),
        .text(money(c.predictedCost)),
        .text(money(c.actualCost)), .text(money(c.costDelta)),
      ]
    }
    page.table(components)
    page.raw("</section>\n")

    page.section("causes", "The gap by cause")
    page.paragraph("The causes add up to the gap of the compared calls exactly.")
    var causes = HTMLTable(headers: [("Cause", false), ("Amount", true), ("Detail", false)])
    causes.rows = r.explanations.map { [.text($0.cause.rawValue), .text(money($0.amount)), .text($0.detail)] }
    causes.footer = [.strong("Gap"), .strong(money(total.delta)), .text("")]
    if r.explanations.isEmpty { page.paragraph("None: every compared call was billed as predicted.") } else { page.table(causes) }
    if !r.notCompared.isEmpty {
      page.element("h3", "Not compared")
      page.paragraph("No actual is known for these calls; they are outside the gap, not counted as $0.")
      var table = HTMLTable(headers: [("Why", false), ("Predicted", true), ("Detail", false)])
      table.rows = r.notCompared.map { [.text($0.cause.rawValue), .text(money($0.amount)), .text($0.detail)] }
      page.table(table)
    }
    page.raw("</section>\n")

    page.section("groups", "By group")
    var groups = HTMLTable(headers: [
      ("Group", false), ("Compared", true), ("Predicted", true), ("Actual", true), ("Δ", true), ("Error", true), ("Not compared", true),
    ])
    func row(_ g: GroupReconciliation) -> [HTMLTable.Cell] {
      let none = g.compared == 0
      return [
        .text(g.group), .text("\(g.compared)/\(g.calls)"), .text(none ? "–" : money(g.predictedCompared)), .text(none ? "–" : money(g.actual)),
        .text(none ? "–" : money(g.delta)), .text(g.error?.display ?? "–"),
        .text(g.predicted == g.predictedCompared ? "" : money(g.predicted - g.predictedCompared)),
      ]
    }
    groups.rows = r.groups.map(row)
    groups.footer = row(total).map { .strong($0.text) }
    page.table(groups)
    page.raw("</section>\n")

    page.section("calls", "By call")
    var calls = HTMLTable(headers: [
      ("Call", false), ("State", false), ("Predicted", true), ("Actual", true), ("Δ", true), ("Error", true), ("Tokens Δ", false), ("", false),
    ])
    for c in r.calls {
      let within = c.withinTolerance(basisPoints: r.toleranceBasisPoints)
      calls.rows.append([
        .text(c.callID), .text(c.state.rawValue), .text(money(c.predicted)), .text(c.actual.map(money) ?? "–"), .text(c.delta.map(money) ?? "–"),
        .text(c.error?.display ?? "–"), .text(componentsCell(c.components)),
        within == false ? .over("OVER \(tolerance)") : .text(within == nil ? "no actual" : ""),
      ])
    }
    page.table(calls)
    page.raw("</section>\n")

    page.raw("<footer>\n")
    if let stale = r.priceBookAge?.warning { page.paragraph("Warning: \(stale)") }
    page.paragraph(PriceBookStamp.sentence(fingerprint: r.priceBookFingerprint, asOf: r.priceBookAsOf, age: r.priceBookAge))
    page.raw("</footer>\n")
    return PlanRenderer.document(title: "Reconcile run \(r.runID) — imagecost", body: page.body)
  }
}
