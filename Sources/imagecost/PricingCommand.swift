import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation

struct PricingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pricing",
    abstract: "Check, export or sync the price book.",
    subcommands: [Check.self, Export.self, Sync.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a price book directory; each problem is printed as file:line: message (exit 1 if any).")

    @Argument(help: "Price book directory (default: the one imagecost uses).")
    var directory: String?

    func run() throws {
      let dir = directory ?? PriceBookLocator.defaultDirectory(environment: ProcessInfo.processInfo.environment)
      let files = try PriceBookLoader.readFiles(directory: dir)
      let (book, problems) = PriceBookLoader.parse(files: files)
      if !problems.isEmpty { throw PriceBookError(diagnostics: problems) }
      Output.result(
        "\(dir): OK — \(files.count) files, \(book.models.count) image models, \(book.textModels.count) text models, \(book.rates.count) rates, "
          + "\(book.assumptions.count) assumptions, \(book.sources.count) sources; reviewed \(book.reviewed?.description ?? "?"), fingerprint \(book.fingerprint)\n"
      )
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the price book as one flat, tidy rate table (CSV or JSON) for spreadsheets and warehouses.")

    @OptionGroup var book: PriceBookOptions

    @Option(help: "Output format: csv, json, md or table.")
    var format: OutputFormat = .csv

    @OptionGroup var excel: ExcelOption

    func run() throws {
      try excel.check(writesCSV: format == .csv)
      Output.result(excel.apply(RateTableRenderer.render(try book.load(), as: format)))
    }
  }
}
