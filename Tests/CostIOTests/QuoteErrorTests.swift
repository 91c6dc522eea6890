import CostCore
import CostIO
import Testing

/// Invalid combinations are errors with a clear sentence naming the key fact — never a silent $0.
@Suite struct QuoteErrorTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let request: ImageRequest
    /// Every fragment must appear in the message.
    let mentions: [String]
    var testDescription: String { name }
  }

  static let thirtyTwoThousandAndOne = 32_001

  @Test(arguments: [
    Case(name: "unknown model", request: ImageRequest(model: "gpt-image-9"), mentions: ["gpt-image-9", "gpt-image-1", "dall-e-3"]),
    Case(
      name: "size not supported by gpt-image-1", request: ImageRequest(model: "gpt-image-1", size: size("2048x2048")),
      mentions: ["2048x2048", "gpt-image-1", "1024x1024", "1536x1024", "1024x1536"]),
    Case(
      name: "dall-e-3 size", request: ImageRequest(model: "dall-e-3", size: size("1024x1536")),
      mentions: ["1024x1536", "1792x1024", "1024x1792"]),
    Case(name: "n=2 on dall-e-3", request: ImageRequest(model: "dall-e-3", n: 2), mentions: ["dall-e-3", "n=1", "n=2"]),
    Case(name: "n=11 on gpt-image-1", request: ImageRequest(model: "gpt-image-1", n: 11), mentions: ["n=11", "1–10"]),
    Case(name: "n=0 on gpt-image-1", request: ImageRequest(model: "gpt-image-1", n: 0), mentions: ["n=0", "1–10"]),
    Case(
      name: "input_fidelity on gpt-image-1-mini",
      request: ImageRequest(model: "gpt-image-1-mini", operation: .edit, inputImages: [size("1024x1024")], inputFidelity: "high"),
      mentions: ["gpt-image-1-mini", "input_fidelity"]),
    Case(
      name: "input_fidelity on gpt-image-2",
      request: ImageRequest(model: "gpt-image-2", operation: .edit, inputImages: [size("1024x1024")], inputFidelity: "high"),
      mentions: ["gpt-image-2", "input_fidelity", "omitted"]),
    Case(
      name: "input_fidelity low on gpt-image-2 too",
      request: ImageRequest(model: "gpt-image-2", operation: .edit, inputImages: [size("1024x1024")], inputFidelity: "low"),
      mentions: ["gpt-image-2", "omitted"]),
    Case(
      name: "input_fidelity on a generation", request: ImageRequest(model: "gpt-image-1", inputFidelity: "high"),
      mentions: ["input_fidelity", "edit"]),
    Case(
      name: "input_fidelity value",
      request: ImageRequest(model: "gpt-image-1", operation: .edit, inputImages: [size("1024x1024")], inputFidelity: "max"),
      mentions: ["'max'", "low", "high"]),
    Case(name: "quality hd on gpt-image-1", request: ImageRequest(model: "gpt-image-1", quality: "hd"), mentions: ["'hd'", "gpt-image-1", "high"]),
    Case(name: "quality hd on gpt-image-2", request: ImageRequest(model: "gpt-image-2", quality: "hd"), mentions: ["'hd'", "gpt-image-2"]),
    Case(name: "quality high on dall-e-3", request: ImageRequest(model: "dall-e-3", quality: "high"), mentions: ["'high'", "standard", "hd"]),
    Case(name: "quality auto on dall-e-3", request: ImageRequest(model: "dall-e-3", quality: "auto"), mentions: ["'auto'", "dall-e-3"]),
    Case(
      name: "17 input images",
      request: ImageRequest(model: "gpt-image-1", operation: .edit, inputImages: Array(repeating: size("1024x1024"), count: 17)),
      mentions: ["16", "17", "gpt-image-1"]),
    Case(
      name: "2 input images on dall-e-2",
      request: ImageRequest(model: "dall-e-2", operation: .edit, inputImages: [size("1024x1024"), size("1024x1024")]),
      mentions: ["dall-e-2", "1 input image", "2"]),
    Case(
      name: "edit on dall-e-3", request: ImageRequest(model: "dall-e-3", operation: .edit, inputImages: [size("1024x1024")]),
      mentions: ["edit", "dall-e-3"]),
    Case(
      name: "regional gpt-image-1 on azure (no meter)", request: ImageRequest(model: "gpt-image-1", deploymentType: "regional"),
      mentions: ["gpt-image-1", "regional", "global", "datazone"]),
    Case(
      name: "batch gpt-image-1.5 on azure (no meter)", request: ImageRequest(model: "gpt-image-1.5", deploymentType: "batch"),
      mentions: ["gpt-image-1.5", "batch"]),
    Case(
      name: "dall-e-3 regional without region", request: ImageRequest(model: "dall-e-3", deploymentType: "regional"),
      mentions: ["--region", "swedencentral", "eastus"]),
    Case(
      name: "mini regional without region", request: ImageRequest(model: "gpt-image-1-mini", deploymentType: "regional"),
      mentions: ["--region", "northeurope"]),
    Case(
      name: "unknown region", request: ImageRequest(model: "dall-e-3", deploymentType: "regional", region: "marsnorth"),
      mentions: ["marsnorth", "swedencentral"]),
    Case(
      name: "mini in a region without a meter",
      request: ImageRequest(model: "gpt-image-1-mini", deploymentType: "regional", region: "eastus"), mentions: ["eastus", "northeurope"]),
    Case(name: "unknown provider", request: ImageRequest(model: "gpt-image-1", provider: "gcp"), mentions: ["gcp", "azure", "openai"]),
    Case(
      name: "deployment type of the other provider", request: ImageRequest(model: "gpt-image-1", provider: "openai", deploymentType: "global"),
      mentions: ["global", "standard", "batch"]),
    Case(
      name: "edit without input image", request: ImageRequest(model: "gpt-image-1", operation: .edit), mentions: ["--input-image", "gpt-image-1"]),
    Case(
      name: "input image on a generation", request: ImageRequest(model: "gpt-image-1", inputImages: [size("1024x1024")]),
      mentions: ["edit"]),
    Case(
      name: "prompt over 32,000 characters", request: ImageRequest(model: "gpt-image-1", promptCharacters: thirtyTwoThousandAndOne),
      mentions: ["32001", "32000"]),
    Case(
      name: "prompt over 4,000 characters on dall-e-3", request: ImageRequest(model: "dall-e-3", promptCharacters: 4001), mentions: ["4001", "4000"]),
    Case(
      name: "prompt over 1,000 characters on dall-e-2", request: ImageRequest(model: "dall-e-2", promptCharacters: 1001), mentions: ["1001", "1000"]),
    Case(
      name: "gpt-image-2 size not a multiple of 16", request: ImageRequest(model: "gpt-image-2", size: size("1000x1000")),
      mentions: ["1000x1000", "16"]),
  ])
  func invalidRequest(c: Case) {
    let error = #expect(throws: QuoteError.self) { try RealBook.pricer.quote(c.request, date: RealBook.snapshot) }
    let message = error?.description ?? ""
    for fragment in c.mentions { #expect(message.contains(fragment), "\(message)") }
    #expect(message.hasSuffix("."), "a full sentence: \(message)")
  }

  @Test(arguments: [(32_000, true), (32_001, false)])
  func promptLimitBoundary(characters: Int, allowed: Bool) {
    let request = ImageRequest(model: "gpt-image-1", promptCharacters: characters)
    if allowed {
      #expect(throws: Never.self) { try RealBook.pricer.quote(request, date: RealBook.snapshot) }
    } else {
      #expect(throws: QuoteError.promptTooLong(model: "gpt-image-1", characters: 32_001, limit: 32_000)) {
        try RealBook.pricer.quote(request, date: RealBook.snapshot)
      }
    }
  }

  @Test func requestsMustBePositive() {
    #expect(throws: QuoteError.self) { try RealBook.pricer.quote(ImageRequest(model: "gpt-image-1"), requests: 0, date: RealBook.snapshot) }
  }

  @Test func retiredModelStillPricesWithAWarning() throws {
    // gpt-image-1 shut down on OpenAI on 2026-10-23; the API reference names gpt-image-2.5-sunburst as successor.
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1", provider: "openai", quality: "high", size: size("1024x1024"), prompt: .billed(50)),
      requests: 1000, date: date("2026-11-24"))
    #expect(quote.total.decimalString == "166.65")
    #expect(quote.retirement?.retired == date("2026-10-23"))
    #expect(quote.retirement?.successor == "gpt-image-2.5-sunburst")
    let warning = try #require(quote.allWarnings.first { $0.contains("retired") })
    #expect(warning.contains("2026-10-23"))
    #expect(warning.contains("gpt-image-2.5-sunburst"))
  }

  @Test(arguments: [
    ("gpt-image-1", "openai", "2026-10-22", false),
    ("gpt-image-1", "openai", "2026-10-23", true),
    ("gpt-image-1", "azure", "2026-10-22", false),
    ("gpt-image-1", "azure", "2026-10-23", true),  // Foundry retirement schedule
    ("gpt-image-1-mini", "openai", "2026-11-30", false),
    ("gpt-image-1-mini", "openai", "2026-12-01", true),
    ("gpt-image-1-mini", "azure", "2027-04-06", false),
    ("gpt-image-1-mini", "azure", "2027-04-07", true),
    ("gpt-image-1.5", "openai", "2026-12-01", true),
    ("gpt-image-1.5", "azure", "2026-12-15", false),
    ("gpt-image-1.5", "azure", "2026-12-16", true),
    ("dall-e-3", "openai", "2026-05-11", false),
    ("dall-e-3", "openai", "2026-05-12", true),
    ("dall-e-2", "openai", "2026-05-12", true),
    ("dall-e-3", "azure", "2026-03-03", false),
    ("dall-e-3", "azure", "2026-03-04", true),
    ("dall-e-2", "azure", "2025-03-01", true),
    ("gpt-image-2", "openai", "2026-11-24", false),
    ("gpt-image-2", "azure", "2027-10-21", true),
  ])
  func retirementWarnings(model: String, provider: String, day: String, warns: Bool) throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: model, provider: provider), date: date(day))
    #expect(quote.allWarnings.contains { $0.contains(" was retired ") } == warns, "\(quote.allWarnings)")
    #expect((quote.retirement != nil) == warns)
    #expect(quote.total > .zero, "never a silent $0")
  }

  /// Retiring models (within the book's 90-day window) price with a warning that names the date and successor.
  @Test(arguments: [
    ("gpt-image-1.5", "azure", "2026-12-02", true),  // retires 2026-12-16
    ("gpt-image-1.5", "azure", "2026-09-16", false),  // 91 days before
    ("gpt-image-1.5", "azure", "2026-09-17", true),  // 90 days before
    ("gpt-image-2", "azure", "2026-12-02", false),  // retires 2027-10-21
    ("gpt-image-1-mini", "azure", "2027-01-07", true),  // retires 2027-04-07
  ])
  func retiringWarnings(model: String, provider: String, day: String, warns: Bool) throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: model, provider: provider), date: date(day))
    #expect(quote.allWarnings.contains { $0.contains(" retires on ") } == warns, "\(quote.allWarnings)")
    #expect(quote.retirement == nil, "a retiring model is not retired")
  }
}
