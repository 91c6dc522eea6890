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

  @Option(help: "Budget amount in USD, e.g. 1500 (overrides the plan's budget).")
  var amount: String

  @Option(help: "Budget period; only month is supported.")
  var period: String = "month"

  @Option(help: "Output format: table, md, csv or json.")
  var format: OutputFormat = .table

  func validate() throws {
    guard USD(decimal: amount) != nil else { throw ValidationError("--amount '\(amount)' must be a plain non-negative decimal such as 1500 or 1500.50.") }
    guard period == "month" else { throw ValidationError("--period must be month; other periods are not supported yet.") }
  }

  func run() throws {
    try reportingErrors {
      let priceBook = try book.load()
      do {
        let loaded = try PlanLoader.load(path: file, book: priceBook, inputs: .files)
        let plan = Plan(
          name: loaded.name, start: loaded.start, months: loaded.months, defaultProvider: loaded.defaultProvider,
          defaultDeploymentType: loaded.defaultDeploymentType, defaultRegion: loaded.defaultRegion, workloads: loaded.workloads,
          candidates: loaded.candidates, budget: Budget(amountPerMonth: USD(decimal: amount)!), capacity: loaded.capacity)
        let report = try PlanSimulator(book: priceBook).simulate(plan)
        Output.result(BudgetRenderer.render(report, as: format))
      } catch let error as PlanFileError {
        Output.diagnostic(error.description)
        throw ExitCode.failure
      } catch let error as PlanError {
        Output.diagnostic("error: \(error.description)")
        throw ExitCode.failure
      }
    }
  }
}
