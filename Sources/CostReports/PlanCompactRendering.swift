import CostCore
import Foundation

/// `plan --format md --compact`: a short Markdown summary for a pull-request comment — the total, the budget periods
/// that are over (with the odds when trials ran), the biggest changes against a baseline plan JSON and the cost of
/// each workload — never longer than ``PlanRenderer/compactLimit`` bytes (so never more characters): a longer summary
/// loses its middle lines, with a note, as Infracost's comments do.
extension PlanRenderer {
  /// GitHub's limit on a comment's length.
  public static let compactLimit = 65_536
  /// Changes listed against the baseline, biggest |Δ| first.
  static let compactChanges = 10

  public static func compactMarkdown(
    _ report: PlanReport, baseline: DiffDocument? = nil, baselineName: String = "baseline", limit: Int = compactLimit
  )
    -> String
  {
    let total = report.asPlanned.total
    var out = "### imagecost plan: \(report.plan.name)\n\n"
    out += "**Total \(total.roundedToCents.display)** for \(report.months.first!)–\(report.months.last!) (\(report.months.count) months)"
    let rows = baseline.map { DiffRenderer.rows(old: $0.items, new: currentItems(report)) } ?? []
    if let old = rows.first(where: { $0.item == "total" })?.old {
      let delta = total - old
      out +=
        "; \(baselineName) \(old.roundedToCents.display), Δ \(signed(delta))"
        + (DiffRow(item: "", old: old, new: total).percent.map { " (\($0))" } ?? "")
    }
    out += ".\n"
    if let ranges = report.ranges {
      out += "P10–P90 \(ranges.total.p10.roundedToCents.display)–\(ranges.total.p90.roundedToCents.display) "
      out += "(\(FixedPoint.grouped(Int64(ranges.trials))) trials, seed \(ranges.seed)).\n"
    }
    if let b = report.budget {
      out += "\nBudget \(BudgetRenderer.phrase(b.budget)). " + BudgetRenderer.verdictSentence(report, budget: b) + "\n"
      let odds = report.ranges?.budgetOdds
      let trials = report.ranges?.trials ?? 0
      let over = b.windows.enumerated().filter { index, w in w.isOver || (odds.map { $0.costAtPercentile[index] > w.window.amount } ?? false) }
      if !over.isEmpty {
        // Periods over at the point estimate or, with trials, at the gate's percentile.
        var table = TextTable(
          headers: [odds == nil ? "Over budget" : "Over budget at the point estimate or P\(odds!.percentile)", "Cost", "Budget", "Point estimate"]
            + (odds.map { ["P(over)", "P\($0.percentile)"] } ?? []),
          alignments: [.left, .right, .right, .left] + (odds == nil ? [] : [.right, .right]))
        for (index, w) in over {
          let gap = w.cost - w.window.amount
          table.rows.append(
            [
              w.window.label, w.cost.roundedToCents.display, w.window.amount.roundedToCents.display,
              gap.nanos > 0 ? "over by \(gap.roundedToCents.display)" : "under by \((USD.zero - gap).roundedToCents.display)",
            ]
              + (odds.map { [BudgetOdds.percentText($0.overTrials[index], of: trials), $0.costAtPercentile[index].roundedToCents.display] } ?? []))
        }
        out += "\n" + table.renderMarkdown()
      }
    }
    let changes = rows.filter { $0.item != "total" && $0.delta.nanos != 0 }.sorted { abs($0.delta.nanos) > abs($1.delta.nanos) }
    if baseline != nil {
      out += "\n**Biggest changes against \(baselineName)**"
      if changes.isEmpty {
        out += ": none.\n"
      } else {
        var table = TextTable(headers: ["Item", "Old", "New", "Δ", "Δ %"], alignments: [.left, .right, .right, .right, .right])
        for row in changes.prefix(compactChanges) {
          table.rows.append([
            row.item, row.old?.roundedToCents.display ?? "—", row.new?.roundedToCents.display ?? "—", signed(row.delta), row.percent ?? "",
          ])
        }
        out += (changes.count > compactChanges ? " (\(compactChanges) of \(changes.count))" : "") + "\n\n" + table.renderMarkdown()
      }
    }
    if !report.refinement.isEmpty { out += "\n" + report.refinement.map { "- " + $0.sentence }.joined(separator: "\n") + "\n" }
    var workloads = TextTable(headers: ["Workload", "Model", "Cost", "Share"], alignments: [.left, .left, .right, .right])
    let costs = report.plan.workloads.map { w in (w, report.asPlanned.lines.filter { $0.workload == w.id }.reduce(USD.zero) { $0 + $1.cost }) }
    for (workload, cost) in costs.sorted(by: { $0.1 > $1.1 }) {
      let share = total.nanos > 0 ? FixedPoint.divide(Int128(cost.nanos) * 1_000, by: Int128(total.nanos), rounding: .halfEven) : 0
      workloads.rows.append([
        workload.id, workload.request.model, cost.roundedToCents.display, FixedPoint.format(share, scale: 1, minimumFractionDigits: 1) + "%",
      ])
    }
    out += "\n**Workloads**\n\n" + workloads.renderMarkdown()
    out +=
      "\n<sub>Amounts rounded to cents; the JSON report has the exact figures. "
      + PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge) + "</sub>\n"
    return cutMiddle(out, limit: limit)
  }

  /// The plan's items as `diff` names them (total, months, workloads, components, candidates).
  static func currentItems(_ report: PlanReport) -> [(String, USD)] {
    (try? DiffDocument.decode(Data(PlanDocument(report).renderedJSON().utf8), path: "plan").items) ?? []
  }

  static func signed(_ amount: USD) -> String { (amount.nanos > 0 ? "+" : "") + amount.roundedToCents.display }

  /// `text` if it fits in `limit` UTF-8 bytes; otherwise its first and last whole lines around a one-line note
  /// saying how many lines were cut, the whole within `limit` bytes.
  static func cutMiddle(_ text: String, limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let reserve = 200  // the note and its line breaks
    let half = (limit - reserve) / 2
    var head: [String] = []
    var used = 0
    for line in lines {
      guard used + line.utf8.count + 1 <= half else { break }
      head.append(line)
      used += line.utf8.count + 1
    }
    var tail: [String] = []
    used = 0
    for line in lines.reversed().prefix(lines.count - head.count) {
      guard used + line.utf8.count + 1 <= half else { break }
      tail.insert(line, at: 0)
      used += line.utf8.count + 1
    }
    let cut = lines.count - head.count - tail.count
    let note =
      "\n> … \(FixedPoint.grouped(Int64(cut))) lines cut from the middle to keep this summary within \(FixedPoint.grouped(Int64(limit))) characters; the full report has them.\n"
    return head.joined(separator: "\n") + "\n" + note + "\n" + tail.joined(separator: "\n")
  }
}
