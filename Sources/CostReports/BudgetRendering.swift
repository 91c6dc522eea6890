import CostCore

/// Renders `imagecost budget`: the budget view of a plan report, one row per budget period (month, quarter or the
/// whole plan), with the odds of going over when the report has trials.
public enum BudgetRenderer {
  public static func render(_ report: PlanReport, as format: OutputFormat) -> String {
    guard let budget = report.budget else { return "" }
    let odds = report.ranges?.budgetOdds
    let trials = report.ranges?.trials ?? 0
    let monthly = budget.budget.period == .month
    switch format {
    case .json:
      var fields: [(String, JSONValue)] = [
        ("schema", .string("imagecost.budget/1")),
        ("plan", .string(report.plan.name)),
        ("amount_per_month_usd", .string(budget.amountPerMonth.decimalString)),
      ]
      if !monthly {
        fields += [("period", .string(budget.budget.period.rawValue)), ("amount_usd", .string(budget.budget.amount.decimalString))]
      }
      fields.append(
        (
          monthly ? "months" : "periods",
          .array(
            budget.windows.enumerated().map { index, w in
              var row: [(String, JSONValue)] = [(monthly ? "month" : "period", .string(w.window.label))]
              if !monthly {
                row += [
                  ("first_month", .string(report.months[w.window.first].description)),
                  ("last_month", .string(report.months[w.window.last].description)), ("budget_usd", .string(w.window.amount.decimalString)),
                ]
              }
              row += [
                ("cost_usd", .string(w.cost.decimalString)), ("remaining_usd", .string((w.window.amount - w.cost).decimalString)),
                ("over", .bool(w.isOver)),
              ]
              if let odds {
                row += [
                  ("p_over", .string(BudgetOdds.decimalText(odds.overTrials[index], of: trials))),
                  ("p\(odds.percentile)_cost_usd", .string(odds.costAtPercentile[index].decimalString)),
                ]
              }
              return .object(row)
            })
        ))
      fields.append(("first_crossing", .optional(budget.firstCrossing?.description)))
      if let odds {
        fields += [
          ("trials", .int(Int64(trials))), ("p_plan_over", .string(BudgetOdds.decimalText(odds.planOverTrials, of: trials))),
        ]
      }
      fields.append(("affordable_images_per_month", .object(budget.affordableImagesPerMonth.map { ($0.0, .int($0.1)) })))
      return JSONValue.object(fields + ReportStamp.jsonFields).rendered()
    case .csv:
      var writer = CSVWriter(
        header: [monthly ? "month" : "period", "cost_usd", "budget_usd", "remaining_usd", "over"]
          + (odds.map { ["p_over", "p\($0.percentile)_cost_usd"] } ?? []))
      for (index, w) in budget.windows.enumerated() {
        writer.append(
          [
            w.window.label, w.cost.decimalString, w.window.amount.decimalString, (w.window.amount - w.cost).decimalString,
            w.isOver ? "true" : "false",
          ]
            + (odds.map { [BudgetOdds.decimalText($0.overTrials[index], of: trials), $0.costAtPercentile[index].decimalString] } ?? []))
      }
      return writer.text
    case .table, .md:
      let md = format == .md
      let table = periodTable(report, budget: budget, remaining: true)
      var afford = TextTable(headers: ["Candidate", "Images a month within budget"], alignments: [.left, .right])
      afford.rows = budget.affordableImagesPerMonth.map { [$0.0, FixedPoint.grouped($0.1)] }
      let title = "Budget \(phrase(budget.budget)): \(report.plan.name)"
      let verdict = verdictSentence(report, budget: budget)
      return (md ? "## \(title)\n\n\(verdict)\n\n" : "\(title)\n\(verdict)\n\n")
        + (md ? table.renderMarkdown() : table.renderPlain()) + "\n"
        + (md ? afford.renderMarkdown() : afford.renderPlain())
        + "\nAffordable volume: the budget \(monthly ? "" : "spread over a month ")divided by each option's average cost per image over the plan, rounded down.\n"
        + "\n" + PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge) + "\n"
    }
  }

  /// `$400.00 a month`, `$1,200.00 a quarter`, `$2,000.00 for the whole plan`.
  static func phrase(_ budget: Budget) -> String {
    let amount = budget.amount.roundedToCents.display
    switch budget.period {
    case .month: return "\(amount) a month"
    case .quarter: return "\(amount) a quarter"
    case .total: return "\(amount) for the whole plan"
    }
  }

  /// Which periods are over, the first crossing and, with trials, the odds of going over.
  static func verdictSentence(_ report: PlanReport, budget: BudgetResult) -> String {
    let unit = budget.budget.period == .month ? "month" : budget.budget.period == .quarter ? "quarter" : "plan"
    let over = budget.periodsOver
    var text: String
    if budget.budget.period == .total {
      text = over.isEmpty ? "The plan is within its budget." : "The plan is over its budget; the first crossing is \(budget.firstCrossing!)."
    } else if over.isEmpty {
      text = "No \(unit) is over budget."
    } else {
      text = "\(over.count) of \(budget.windows.count) \(unit)s are over budget; the first crossing is \(budget.firstCrossing!)."
    }
    if let ranges = report.ranges, let odds = ranges.budgetOdds {
      text +=
        " Probability of going over in \(budget.budget.period == .total ? "the plan" : "any \(unit)"): "
        + "\(BudgetOdds.percentText(odds.planOverTrials, of: ranges.trials)) (\(FixedPoint.grouped(Int64(ranges.trials))) trials, seed \(ranges.seed))."
    }
    return text
  }

  /// One row per budget period: cost against budget, and with trials P(over) and the gate percentile's cost.
  static func periodTable(_ report: PlanReport, budget: BudgetResult, remaining: Bool) -> TextTable {
    let odds = report.ranges?.budgetOdds
    let trials = report.ranges?.trials ?? 0
    let monthly = budget.budget.period == .month
    var headers = [monthly ? "Month" : "Period", "Cost"] + (monthly ? [] : ["Budget"]) + (remaining ? ["Remaining"] : []) + ["Status"]
    if let odds { headers += ["P(over)", "P\(odds.percentile)"] }
    var table = TextTable(headers: headers, alignments: [.left] + headers.dropFirst().map { $0 == "Status" ? .left : .right })
    for (index, w) in budget.windows.enumerated() {
      var row = [monthly ? w.window.label : "\(w.window.label) (\(report.months[w.window.first])–\(report.months[w.window.last]))"]
      row.append(w.cost.roundedToCents.display)
      if !monthly { row.append(w.window.amount.roundedToCents.display) }
      if remaining { row.append((w.window.amount - w.cost).roundedToCents.display) }
      row.append(w.isOver ? "OVER" : "ok")
      if let odds { row += [BudgetOdds.percentText(odds.overTrials[index], of: trials), odds.costAtPercentile[index].roundedToCents.display] }
      table.rows.append(row)
    }
    return table
  }
}
