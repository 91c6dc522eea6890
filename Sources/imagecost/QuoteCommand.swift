import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation

struct QuoteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quote",
    abstract: "Price one image request (× --requests) exactly, component by component.",
    discussion: """
      Defaults come from the price book: provider azure, its default deployment type (global), the \
      model's default size and quality. Invalid combinations are errors, never a silent $0.
      """)

  @OptionGroup var book: PriceBookOptions

  @Option(help: "Model id, e.g. gpt-image-1, gpt-image-2, dall-e-3.")
  var model: String

  @Option(help: "Provider: azure or openai (default from the price book: azure).")
  var provider: String?

  @Option(name: .customLong("deployment-type"), help: "Deployment type, e.g. global, datazone, regional, batch (Azure) or standard, batch (OpenAI).")
  var deploymentType: String?

  @Option(help: "Region, for deployment types whose prices differ by region (e.g. swedencentral).")
  var region: String?

  @Option(help: "generate or edit.")
  var operation: String = "generate"

  @Option(help: "Quality: low, medium, high, auto (GPT image); standard, hd (DALL·E 3).")
  var quality: String?

  @Option(help: "Output size WxH, e.g. 1024x1536 (default: the model's default size).")
  var size: String?

  @Option(name: .customShort("n"), help: "Images per request.")
  var n: Int = 1

  @Option(name: .customLong("input-image"), help: "Size WxH of an input image (edits); repeat for several.")
  var inputImages: [String] = []

  @Option(name: .customLong("input-fidelity"), help: "low or high (edits, models that support it).")
  var inputFidelity: String?

  @Option(name: .customLong("partial-images"), help: "Streamed partial images per image (0–3), +100 output tokens each.")
  var partialImages: Int = 0

  @Option(name: .customLong("prompt-tokens"), help: "Billed prompt text tokens per request, used as given.")
  var promptTokens: Int?

  @Option(help: "Prompt text; its tokens are counted (o200k) plus the per-request overhead assumption.")
  var prompt: String?

  @Option(name: .customLong("prompt-file"), help: "File holding the prompt text (UTF-8).")
  var promptFile: String?

  @Option(
    name: .customLong("text-output-tokens"),
    help: "Text output tokens per image (models with a text-output rule, e.g. gpt-image-1.5), overriding the assumption.")
  var textOutputTokens: Int?

  @Option(name: .customLong("cached-share"), help: "Share of input tokens billed at cached rates, 0–1 (default 0).")
  var cachedShare: String?

  @Option(
    name: .customLong("n-billing"),
    help: "With -n above 1, bill the prompt and input images per_image (n times; the book's default, by measurement) or per_request (once).")
  var nBilling: String?

  @Option(
    name: .customLong("input-image-rule"),
    help: "Input-image rule for edits: the model's default, or a named alternative from the price book (e.g. gpt-image-2-patches).")
  var inputImageRule: String?

  @Option(help: "Number of identical requests to price.")
  var requests: Int64 = 1

  @Option(help: "Output format: table, json, md or csv.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func validate() throws {
    try excel.check(writesCSV: format == .csv)
    guard ImageOperation(rawValue: operation) != nil else {
      throw ValidationError("--operation must be generate or edit, not '\(operation)'.")
    }
    if let size, ImageSize(size) == nil { throw ValidationError("--size '\(size)' is not a size written WIDTHxHEIGHT, e.g. 1024x1536.") }
    for image in inputImages where ImageSize(image) == nil {
      throw ValidationError("--input-image '\(image)' is not a size written WIDTHxHEIGHT, e.g. 1024x1024.")
    }
    if n < 1 { throw ValidationError("-n must be 1 or more, not \(n).") }
    if requests < 1 { throw ValidationError("--requests must be 1 or more, not \(requests).") }
    if partialImages < 0 { throw ValidationError("--partial-images must be 0 or more, not \(partialImages).") }
    if let promptTokens, promptTokens < 0 { throw ValidationError("--prompt-tokens must be 0 or more, not \(promptTokens).") }
    if let textOutputTokens, textOutputTokens < 0 { throw ValidationError("--text-output-tokens must be 0 or more, not \(textOutputTokens).") }
    if [promptTokens != nil, prompt != nil, promptFile != nil].filter({ $0 }).count > 1 {
      throw ValidationError("Give only one of --prompt-tokens, --prompt and --prompt-file.")
    }
    // Beyond the plausibility bounds: one sentence each (a usage error), never an overflow later.
    let bounds: [(String, Int64?, Int64, String)] = [
      ("--requests", requests, PlausibilityBounds.requestsPerQuote, "requests"),
      ("-n", Int64(n), PlausibilityBounds.imagesPerRequest, "images per request"),
      ("--partial-images", Int64(partialImages), PlausibilityBounds.partialImagesPerImage, "partial images per image"),
      ("--prompt-tokens", promptTokens.map(Int64.init), PlausibilityBounds.tokensPerRequest, "tokens per request"),
      ("--text-output-tokens", textOutputTokens.map(Int64.init), PlausibilityBounds.tokensPerRequest, "tokens per request"),
      ("--input-image", Int64(inputImages.count), PlausibilityBounds.inputImagesPerRequest, "input images per request"),
    ]
    for case (let flag, let value?, let max, let unit) in bounds {
      if let text = PlausibilityBounds.excess(flag, value, max: max, unit: unit) { throw ValidationError(text + ".") }
    }
    for (flag, text) in [("--size", size)] + inputImages.map({ ("--input-image", Optional($0)) }) {
      if let text, let parsed = ImageSize(text), parsed.width > PlausibilityBounds.imageSide || parsed.height > PlausibilityBounds.imageSide {
        throw ValidationError("\(flag) \(text) is beyond the plausible maximum of \(FixedPoint.grouped(PlausibilityBounds.imageSide)) pixels a side.")
      }
    }
    if let nBilling, NBilling(rawValue: nBilling) == nil {
      throw ValidationError("--n-billing must be per_image or per_request, not '\(nBilling)'.")
    }
    if let cachedShare, Share(decimal: cachedShare) == nil {
      throw ValidationError("--cached-share '\(cachedShare)' must be a decimal from 0 to 1 with at most 6 decimals, e.g. 0.25.")
    }
  }

  func run() throws {
    let priceBook = try book.load()
    var request = ImageRequest(
      model: model, provider: provider, deploymentType: deploymentType, region: region,
      operation: ImageOperation(rawValue: operation) ?? .generate, quality: quality, size: size.flatMap(ImageSize.init),
      n: n, inputImages: inputImages.compactMap(ImageSize.init), inputFidelity: inputFidelity, partialImages: partialImages,
      textOutputTokens: textOutputTokens, cachedShare: cachedShare.flatMap(Share.init(decimal:)),
      nBilling: nBilling.flatMap(NBilling.init(rawValue:)))
    request.inputImageRule = inputImageRule
    if let promptTokens {
      request.prompt = .billed(promptTokens)
    } else if let text = try promptText() {
      let count = try PromptCounter.count(text)
      request.prompt = .counted(tokens: count.tokens, exact: count.exact)
      request.promptCharacters = text.unicodeScalars.count
    }
    let quote = try Pricer(book: priceBook).quote(request, requests: requests, date: book.pricingDate())
    for warning in quote.allWarnings where format != .table { Output.diagnostic("warning: \(warning)") }
    Output.result(excel.apply(QuoteRenderer.render(quote, as: format)))
  }

  private func promptText() throws -> String? {
    if let prompt { return prompt }
    guard let promptFile else { return nil }
    return try TextFile.read(promptFile)
  }
}
