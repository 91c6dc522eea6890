import ArgumentParser
import CostCore
import CostIO
import CostReports
import O200k

struct TokensCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokens",
    abstract: "Count prompt tokens exactly (o200k_base, offline) and the billed estimate for an image request.",
    discussion: """
      The billed estimate adds the price book's per-request overhead assumption on generations; for edits \
      the overhead is unknown and the estimate is marked approximate.
      """)

  @OptionGroup var book: PriceBookOptions

  @Argument(help: "Prompt text (or use --file).")
  var text: String?

  @Option(help: "Read the prompt from this UTF-8 file.")
  var file: String?

  @Flag(name: .customLong("per-line"), help: "Count each line of the text as written (line breaks excluded, nothing trimmed).")
  var perLine = false

  @Flag(help: "Also print the token ids.")
  var ids = false

  @Flag(help: "Also print each token's text piece.")
  var pieces = false

  @Option(help: "Check the prompt against this model's character limit.")
  var model: String?

  @Option(help: "generate or edit: how the billed estimate is formed.")
  var operation: String = "generate"

  @Option(help: "Output format: table, json, md or csv.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func validate() throws {
    try excel.check(writesCSV: format == .csv)
    if (text == nil) == (file == nil) { throw ValidationError("Give the prompt text as an argument or with --file, not both.") }
    guard ImageOperation(rawValue: operation) != nil else { throw ValidationError("--operation must be generate or edit, not '\(operation)'.") }
  }

  func run() throws {
    let priceBook = try book.load()
    let whole = try text ?? TextFile.read(file ?? "")
    let segments = perLine ? TextLines.split(whole) : [whole]
    let limit: Int?
    if let model {
      guard let spec = priceBook.model(named: model) else { throw QuoteError.unknownModel(model, known: priceBook.modelIDs) }
      limit = spec.capabilities.promptMaxChars
    } else {
      limit = nil
    }
    let edit = operation == ImageOperation.edit.rawValue
    let overhead = priceBook.tokenRules.generationPromptOverhead
    var counts: [TokenCount] = []
    for (index, segment) in segments.enumerated() {
      let characters = O200kTokenizer.characterCount(segment)
      if let limit, let model, characters > limit {
        throw QuoteError.promptTooLong(model: model, characters: characters, limit: limit)
      }
      let tokenIDs = try O200kTokenizer.shared.encode(segment)
      let piecesText = pieces ? try O200kTokenizer.shared.pieces(segment).map { String(decoding: $0, as: UTF8.self) } : []
      counts.append(
        TokenCount(
          line: perLine ? index + 1 : nil, text: segment, characters: characters, tokens: tokenIDs.count,
          billed: tokenIDs.count + (edit ? 0 : overhead.tokens), approximate: edit, ids: ids ? tokenIDs : [],
          pieces: piecesText))
    }
    let assumption = priceBook.assumptions[edit ? Pricer.AssumptionID.editPromptOverheadUnknown : overhead.assumption]
    Output.result(excel.apply(TokenCountRenderer.render(counts, assumption: assumption, as: format)))
  }

}
