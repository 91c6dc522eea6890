import CostCore

/// Renders `imagecost budget`: the budget view of a plan report.
public enum BudgetRenderer {
  public static func render(_ report: PlanReport, as format: OutputFormat) -> String {
    guard let budget = report.budget else { return "" }
    switch format {
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.budget/1")),
          ("plan", .string(report.plan.name)),
          ("amount_per_month_usd", .string(budget.amountPerMonth.decimalString)),
          (
            "months",
            .array(
              report.months.map { month in
                let cost = report.asPlanned.cost(in: month)
                return .object([
                  ("month", .string(month.description)), ("cost_usd", .string(cost.decimalString)),
                  ("remaining_usd", .string((budget.amountPerMonth - cost).decimalString)), ("over", .bool(cost > budget.amountPerMonth)),
                ])
              })
          ),
          ("first_crossing", .optional(budget.firstCrossing?.description)),
          ("affordable_images_per_month", .object(budget.affordableImagesPerMonth.map { ($0.0, .int($0.1)) })),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .csv:
      var writer = CSVWriter(header: ["month", "cost_usd", "budget_usd", "remaining_usd", "over"])
      for month in report.months {
        let cost = report.asPlanned.cost(in: month)
        writer.append([
          month.description, cost.decimalString, budget.amountPerMonth.decimalString, (budget.amountPerMonth - cost).decimalString,
          cost > budget.amountPerMonth ? "true" : "false",
        ])
      }
      return writer.text
    case .table, .md:
      var months = TextTable(headers: ["Month", "Cost", "Remaining", "Status"], alignments: [.left, .right, .right, .left])
      for month in report.months {
        let cost = report.asPlanned.cost(in: month)
        months.rows.append([
          month.description, cost.roundedToCents.display, (budget.amountPerMonth - cost).roundedToCents.display,
          cost > budget.amountPerMonth ? "OVER" : "ok",
        ])
      }
      var afford = TextTable(headers: ["Candidate", "Images a month within budget"], alignments: [.left, .right])
      afford.rows = budget.affordableImagesPerMonth.map { [$0.0, FixedPoint.grouped($0.1)] }
      let verdict =
        budget.monthsOver.isEmpty
        ? "No month is over budget."
        : "\(budget.monthsOver.count) of \(report.months.count) months are over budget; the first crossing is \(budget.firstCrossing!)."
      let md = format == .md
      let title = "Budget \(budget.amountPerMonth.roundedToCents.display) a month: \(report.plan.name)"
      return (md ? "## \(title)\n\n\(verdict)\n\n" : "\(title)\n\(verdict)\n\n")
        + (md ? months.renderMarkdown() : months.renderPlain()) + "\n"
        + (md ? afford.renderMarkdown() : afford.renderPlain()) + "\n"
        + PriceBookStamp.sentence(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge) + "\n"
        + "\nAffordable volume: the budget divided by each option's average cost per image over the plan, rounded down.\n"
    }
  }
}
