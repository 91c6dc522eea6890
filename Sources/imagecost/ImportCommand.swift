import ArgumentParser
import CostCore
import CostIO
import Ledger
import Replay

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Store request logs and provider cost exports in the ledger (idempotent: a re-import adds nothing).",
    discussion: """
      A record's identity is its request id, or a content hash when it has none; records already in the ledger are \
      counted as already present. Each batch of \(Ledger.batchSize) records is one transaction, so an import that is \
      interrupted (even by kill -9) is completed by running it again. New request-log records are priced at their own \
      day's rates with the price book (fingerprint recorded) for `imagecost report`.
      """)

  @OptionGroup var ledger: LedgerOptions
  @OptionGroup var book: PriceBookOptions

  @Argument(help: "Request logs (JSONL, gzip too), OpenAI Costs exports (JSON), Azure cost exports or mapped CSV files.")
  var files: [String]

  @OptionGroup var input: LogInputOptions

  @Flag(
    name: .customLong("defer-pricing"),
    help: "Only store the records (fastest bulk load); the next report prices them at their own day's rates.")
  var deferPricing = false

  func validate() throws {
    if files.isEmpty { throw ValidationError("Give at least one file to import.") }
  }

  func run() throws {
    let kinds = try files.map(input.kind(of:))
    if let index = kinds.firstIndex(of: .openAIUsageImages) {
      throw CLIError.unreadableFile(
        files[index], "an OpenAI Usage API images export holds counts without quality or tokens, which the ledger does not store; replay it instead")
    }
    // Request logs are priced with the book; exports' models are told by its meter patterns.
    let priceBook = try book.load()
    let store = try ledger.openForWriting()
    let reader = RequestLogReader(skipBad: input.skipBad, deployments: input.deployments)
    for (file, kind) in zip(files, kinds) {
      let result: ImportResult
      do {
        switch kind {
        case .requestLog:
          var progress = ProgressLine(label: file)
          var unknown: [String: Int64] = [:]
          result = try store.importUsage(file: file, kind: kind.rawValue, book: priceBook, deferPricing: deferPricing) { sink in
            let summary = try reader.read(path: file) { record in
              try sink(record)
              progress.tick()
            }
            unknown = summary.unknownFields
            return ReadSummary(
              lines: summary.lines, skipped: summary.skipped, notes: summary.firstSkipped.map { "skipped \($0.description)" },
              unknownFields: summary.unknownFields)
          }
          progress.finish()
          for key in unknown.keys.sorted() { Output.diagnostic("warning: \(file): unknown field '\(key)' ignored on \(unknown[key]!) line(s)") }
        case .csv:
          guard let columns = input.columns else {
            throw CLIError.unreadableFile(file, "a CSV file needs --map FIELD=COLUMN,…")
          }
          let text = try TextFile.read(file)
          result = try store.importUsage(file: file, kind: kind.rawValue, book: priceBook, deferPricing: deferPricing) { sink in
            ReadSummary(lines: Int64(try GenericCSVReader(map: columns).read(text, file: file, sink)))
          }
        case .openAICosts, .azureExport:
          let text = try TextFile.read(file)
          let lines =
            kind == .openAICosts
            ? try ExportReaders.openAICosts(text, file: file, book: priceBook) : try ExportReaders.azureExport(text, file: file, book: priceBook)
          result = try store.importActualCosts(file: file, kind: kind.rawValue, lines: lines)
        case .openAIUsageImages:
          continue
        }
      } catch let error as RequestLogError {
        throw JobFailure("\(error.description)\n(use --skip-bad to skip malformed lines; the batches before it are stored)")
      }
      Output.result("\(file): \(result.summary)\n")
      for note in result.notes { Output.diagnostic("  \(note)") }
    }
  }
}
