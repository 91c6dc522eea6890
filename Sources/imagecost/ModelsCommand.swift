import ArgumentParser
import CostCore
import CostReports

struct ModelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "models",
    abstract: "List models on a provider at a date: status, retirement and successor, priced deployment types, capabilities, limits.")

  @OptionGroup var book: PriceBookOptions

  @Option(help: "Provider: azure or openai (default from the price book).")
  var provider: String?

  @Option(help: "Output format: table, json, md or csv.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func run() throws {
    try excel.check(writesCSV: format == .csv)
    let priceBook = try book.load()
    let providerID = provider ?? priceBook.defaultProvider
    guard priceBook.providers[providerID] != nil else {
      throw QuoteError.unknownProvider(providerID, known: priceBook.providers.keys.sorted())
    }
    let date = book.pricingDate()
    Output.result(
      excel.apply(
        ModelsRenderer.render(
          ModelStatus.all(in: priceBook, provider: providerID, date: date),
          textModels: TextModelStatus.all(in: priceBook, provider: providerID, date: date), provider: providerID, date: date, as: format)))
  }
}
