import ArgumentParser
import CostCore
import CostIO
import Foundation
import WarehouseSQL

extension SQLDialectName: ExpressibleByArgument {}

struct SQLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sql",
    abstract: "Print the price book and replay's pricing as one SQL script for DuckDB, Spark, BigQuery or Snowflake.",
    discussion: """
      Defines imagecost_rates and the token-rule tables, the view imagecost_priced over the usage table (one row per \
      distinct request id, priced as `imagecost replay` prices it) and the roll-up imagecost_daily. The usage table's \
      columns are described in the README ("Warehouse SQL").
      """)

  @Option(help: "Engine: duckdb, spark, bigquery or snowflake.")
  var dialect: SQLDialectName

  @Option(
    help: ArgumentHelp("Price every record at the rates effective on this day, YYYY-MM-DD (default: each record's own day).", valueName: "date"))
  var date: String?

  @Option(help: ArgumentHelp("The usage table (optionally qualified: schema.table).", valueName: "name"))
  var table = "image_requests"

  @Option(
    name: .customLong("from-jsonl"), help: ArgumentHelp("Load this request-log JSONL file into the table first (duckdb, spark).", valueName: "path"))
  var requestLog: String?

  @Option(
    name: .customLong("pricing"),
    help: ArgumentHelp("Price book directory (default: $IMAGECOST_PRICING, ./pricing, or the pricing/ folder of the checkout).", valueName: "dir"))
  var pricingDirectory: String?

  func validate() throws {
    if let date, CivilDate(date) == nil { throw ValidationError("--date '\(date)' is not a date written YYYY-MM-DD.") }
    if let problem = script(book: PriceBook()).problem { throw ValidationError(problem) }
  }

  func run() throws {
    let directory = pricingDirectory ?? PriceBookLocator.defaultDirectory(environment: ProcessInfo.processInfo.environment)
    Output.result(script(book: try PriceBookLoader.load(directory: directory)).render())
  }

  private func script(book: PriceBook) -> WarehouseScript {
    WarehouseScript(book: book, dialect: dialect.dialect, table: table, priceDate: date.flatMap(CivilDate.init), requestLog: requestLog)
  }
}
