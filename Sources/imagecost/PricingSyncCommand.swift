import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI

extension PricingCommand {
  struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare the price book with the Azure Retail Prices API and/or LiteLLM's price map; optionally write a proposed book.",
      discussion: """
        Exit status: 0 when nothing differs, 3 when something does (review it), 1 on error, 64 on usage errors. \
        The book itself is never edited: --out writes a proposed copy that passes `imagecost pricing check`.
        """)

    @Flag(name: .customLong("azure-retail"), help: "Read the Azure Retail Prices API: saved pages (the files) or --fetch.")
    var azureRetail = false

    @Argument(help: ArgumentHelp("Saved Azure Retail Prices API pages (JSON), with --azure-retail.", valueName: "page.json"))
    var pages: [String] = []

    @Flag(help: "Fetch the public Azure Retail Prices API itself (no key), following NextPageLink.")
    var fetch = false

    @Option(help: ArgumentHelp("The Retail Prices endpoint, with --fetch (default: \(RetailPricesFetcher.defaultEndpoint)).", valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("The $filter of the first request, with --fetch (default: \(RetailPricesFetcher.defaultFilter)).", valueName: "odata"))
    var filter: String?

    @Option(name: .customLong("max-pages"), help: "At most this many pages, with --fetch (default 50).")
    var maxPages: Int?

    @Option(help: "Retries per page on 429/5xx or a failed connection, with --fetch (default 4, at most 10).")
    var retries: Int?

    @Option(help: "Seconds allowed per request, with --fetch (default 60).")
    var timeout: Int?

    @Option(help: ArgumentHelp("LiteLLM's model_prices_and_context_window.json (a secondary source).", valueName: "file"))
    var litellm: String?

    @Option(help: ArgumentHelp("Write a proposed copy of the book with the changes applied into this directory.", valueName: "dir"))
    var out: String?

    @Option(help: "Output format: table, md, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var excel: ExcelOption

    @OptionGroup var book: PriceBookOptions

    func validate() throws {
      try excel.check(writesCSV: format == .csv)
      if !azureRetail && litellm == nil { throw ValidationError("Give --azure-retail (saved pages or --fetch) and/or --litellm FILE.") }
      if !azureRetail && !pages.isEmpty { throw ValidationError("Page files are read with --azure-retail.") }
      if azureRetail && pages.isEmpty && !fetch { throw ValidationError("--azure-retail needs saved page files or --fetch.") }
      if fetch && !pages.isEmpty { throw ValidationError("Give saved pages or --fetch, not both.") }
      if fetch && !azureRetail { throw ValidationError("--fetch reads the Azure Retail Prices API; add --azure-retail.") }
      if !fetch && (endpoint != nil || filter != nil || maxPages != nil || retries != nil || timeout != nil) {
        throw ValidationError("--endpoint, --filter, --max-pages, --retries and --timeout apply only with --fetch.")
      }
      if let maxPages, maxPages < 1 { throw ValidationError("--max-pages must be 1 or more.") }
      if let retries, !(0...10).contains(retries) { throw ValidationError("--retries must be between 0 and 10.") }
      if let timeout, !(1...600).contains(timeout) { throw ValidationError("--timeout must be between 1 and 600 seconds.") }
    }

    func run() async throws {
      let options = RetailPricesFetcher.Options(
        endpoint: endpoint ?? RetailPricesFetcher.defaultEndpoint, filter: filter ?? RetailPricesFetcher.defaultFilter,
        maxPages: maxPages ?? 50, timeoutSeconds: timeout ?? 60, maxRetries: retries ?? 4)
      let report = try await PricingSync.run(
        bookDirectory: book.resolvedDirectory(), date: book.pricingDate(), azurePages: azureRetail ? (fetch ? .fetch(options) : .files(pages)) : nil,
        litellm: litellm, out: out)
      Output.result(excel.apply(PricingSyncRenderer.render(report, as: format)))
      if report.differs { throw ExitCode(ErrorPolicy.gateExitCode) }
    }
  }
}

/// The I/O of `pricing sync`: read the book and the sources, compare, write the proposal.
enum PricingSync {
  enum AzurePages {
    case files([String])
    case fetch(RetailPricesFetcher.Options)
  }

  static func run(bookDirectory: String, date: CivilDate, azurePages: AzurePages?, litellm: String?, out: String?) async throws -> PriceSyncReport {
    if let out {
      // Refuse before any work (the writer checks again).
      let a = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath().path
      let b = URL(fileURLWithPath: bookDirectory).standardizedFileURL.resolvingSymlinksInPath().path
      if a == b {
        throw PriceSyncError(
          file: out, key: "--out", "is the price book directory itself; pricing sync never edits the book in place (give another directory)")
      }
    }
    let files = try PriceBookLoader.readFiles(directory: bookDirectory)
    let (book, problems) = PriceBookLoader.parse(files: files)
    if !problems.isEmpty { throw PriceBookError(diagnostics: problems) }
    var input = PriceSyncInput()
    var citations: [PriceSyncSource: ProposedPriceBook.SourceCitation] = [:]
    switch azurePages {
    case .files(let paths)?:
      for path in paths {
        let page = try AzureRetailReader.page(try read(path), file: path)
        input.merge(try AzureRetailReader.read(page, file: path, book: book))
      }
      citations[.azureRetail] = .init(
        url: RetailPricesFetcher.defaultEndpoint, detail: "saved pages: \(paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
    case .fetch(let options)?:
      let pages = try await RetailPricesFetcher.fetch(
        options, nextLink: { bytes, name in try AzureRetailReader.page(bytes, file: name).nextPageLink })
      for page in pages {
        input.merge(try AzureRetailReader.read(try AzureRetailReader.page(page.bytes, file: page.name), file: page.name, book: book))
      }
      citations[.azureRetail] = .init(url: options.endpoint, detail: "\(pages.count) pages fetched, $filter \(options.filter ?? "none")")
    case nil: break
    }
    if let litellm {
      input.merge(try LiteLLMReader.read(try read(litellm), file: litellm, book: book))
      citations[.litellm] = .init(
        url: "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json", detail: (litellm as NSString).lastPathComponent)
    }
    var report = PriceSync.compare(book: book, input: input, date: date)
    if let out {
      let proposal = ProposedPriceBook.propose(files: files, book: book, report: report, citations: citations)
      try ProposedPriceBook.write(proposal.files, to: out, bookDirectory: bookDirectory)
      _ = try PriceBookLoader.load(directory: out)  // what `pricing check` runs
      report = proposal.report
      report.proposedDirectory = out
    }
    return report
  }

  static func read(_ path: String) throws -> [UInt8] {
    do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
      throw CLIError.unreadableFile(path, (error as NSError).localizedDescription)
    }
  }
}
