import ArgumentParser
import CostCore
import CostIO
import CostReports

struct BudgetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "budget",
    abstract: "Check a plan against a budget: months over, the first crossing, and the volume each candidate affords.")

  @OptionGroup var book: PriceBookOptions

  @Argument(help: "Plan file (YAML).")
  var file: String

  @Option(help: "Budget amount in USD, e.g. 1500 (default: the plan's budget).")
  var amount: String?

  @Option(help: "Budget period; only month is supported.")
  var period: String = "month"

  @Flag(name: .customLong("fail-on-over"), help: "Exit with status 3 when any month is over the budget (for a CI job that gates a plan change).")
  var failOnOver = false

  @Option(help: "Output format: table, md, csv or json.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func validate() throws {
    try excel.check(writesCSV: format == .csv)
    if let amount, USD(decimal: amount) == nil {
      throw ValidationError("--amount '\(amount)' must be a plain non-negative decimal such as 1500 or 1500.50.")
    }
    guard period == "month" else { throw ValidationError("--period must be month; other periods are not supported yet.") }
  }

  func run() throws {
    let priceBook = try book.load()
    var plan = try PlanLoader.load(path: file, book: priceBook, inputs: .files)
    if let amount { plan.budget = Budget(amountPerMonth: USD(decimal: amount)!) }
    guard plan.budget != nil else { throw ValidationError("\(file) has no budget; give --amount USD or add budget: {amount, period} to the plan.") }
    let report = try PlanSimulator(book: priceBook).run(plan, options: PlanRunOptions(priceDate: book.date.flatMap(CivilDate.init)))
    Output.result(excel.apply(BudgetRenderer.render(report, as: format)))
    if failOnOver, let monthsOver = report.budget?.monthsOver, !monthsOver.isEmpty {
      throw GateTripped("\(monthsOver.count) month(s) over the budget, first \(monthsOver[0]) (--fail-on-over).")
    }
  }
}
