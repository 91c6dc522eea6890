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

  @Option(help: "Period of --amount: month (default), quarter (calendar quarters, pro rata when partly planned) or total.")
  var period: String?

  @Flag(
    name: .customLong("fail-on-over"),
    help: "Exit with status 3 when any budget period is over (with --trials: at --fail-percentile), for a CI job that gates a plan change.")
  var failOnOver = false

  @Option(help: "Monte Carlo trials: adds the probability of going over in each period and in the plan.")
  var trials: Int = 0

  @Option(help: "Seed for the trials; the same seed gives the same odds.")
  var seed: UInt64 = 1

  @Option(name: .customLong("fail-percentile"), help: "With --trials, the percentile of each period's cost that --fail-on-over compares (1–99).")
  var failPercentile: Int = 90

  @Option(help: "Output format: table, md, csv or json.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func validate() throws {
    try excel.check(writesCSV: format == .csv)
    if let amount, USD(decimal: amount) == nil {
      throw ValidationError("--amount '\(amount)' must be a plain non-negative decimal such as 1500 or 1500.50.")
    }
    if let period, BudgetPeriod(rawValue: period) == nil {
      throw ValidationError("--period must be month, quarter or total, not '\(period)'.")
    }
    if period != nil, amount == nil {
      throw ValidationError("--period states the period of --amount; give --amount too (the plan's budget has its own period).")
    }
    if trials < 0 || trials > 10_000_000 { throw ValidationError("--trials must be between 0 and 10,000,000, not \(trials).") }
    if !(1...99).contains(failPercentile) { throw ValidationError("--fail-percentile must be between 1 and 99, not \(failPercentile).") }
  }

  func run() throws {
    let priceBook = try book.load()
    var plan = try PlanLoader.load(path: file, book: priceBook, inputs: .files)
    if let amount { plan.budget = Budget(amount: USD(decimal: amount)!, period: period.flatMap(BudgetPeriod.init) ?? .month) }
    guard plan.budget != nil else { throw ValidationError("\(file) has no budget; give --amount USD or add budget: {amount, period} to the plan.") }
    var options = PlanRunOptions(trials: trials, seed: seed, priceDate: book.date.flatMap(CivilDate.init))
    options.failPercentile = failPercentile
    let report = try PlanSimulator(book: priceBook).run(plan, options: options)
    Output.result(excel.apply(BudgetRenderer.render(report, as: format)))
    if failOnOver, let gate = report.budgetGate, gate.tripped { throw GateTripped(gate.sentence(periods: report.budget?.windows.count ?? 0)) }
  }
}
