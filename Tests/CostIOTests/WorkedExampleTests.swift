import CostCore
import CostIO
import Testing

/// The seed report's worked example (§6.3, also in the issue): 1,000 images with 50-token prompts.
@Suite struct WorkedExampleTests {
  struct Example: Sendable, CustomTestStringConvertible {
    let model, quality: String
    let provider: String?
    let perRequest, total: String
    let outputTokens: Int64
    var testDescription: String { "\(model) \(quality) on \(provider ?? "default (azure global)")" }
  }

  @Test(arguments: [
    // 50 × $5/M + 4,160 × $40/M = $0.00025 + $0.1664 = $0.16665; × 1,000 = $166.65
    Example(model: "gpt-image-1", quality: "high", provider: nil, perRequest: "0.16665", total: "166.65", outputTokens: 4160),
    Example(model: "gpt-image-1", quality: "high", provider: "azure", perRequest: "0.16665", total: "166.65", outputTokens: 4160),
    Example(model: "gpt-image-1", quality: "high", provider: "openai", perRequest: "0.16665", total: "166.65", outputTokens: 4160),
    // 50 × $2/M + 1,056 × $8/M = $0.0001 + $0.008448 = $0.008548; × 1,000 = $8.548 (the seed rounds to $8.55)
    Example(model: "gpt-image-1-mini", quality: "medium", provider: nil, perRequest: "0.008548", total: "8.548", outputTokens: 1056),
    Example(model: "gpt-image-1-mini", quality: "medium", provider: "azure", perRequest: "0.008548", total: "8.548", outputTokens: 1056),
    Example(model: "gpt-image-1-mini", quality: "medium", provider: "openai", perRequest: "0.008548", total: "8.548", outputTokens: 1056),
  ])
  func seedExample(example e: Example) throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: e.model, provider: e.provider, quality: e.quality, size: size("1024x1024"), prompt: .billed(50)),
      requests: 1000, date: RealBook.snapshot)
    #expect(quote.total.decimalString == e.total)
    #expect(quote.perRequest.decimalString == e.perRequest)
    #expect(quote.requests == 1000)
    #expect(quote.request.provider == (e.provider ?? "azure"))
    #expect(quote.request.deploymentType == (e.provider == "openai" ? "standard" : "global"))
    #expect(quote.tokens(.textInput) == 50)
    #expect(quote.tokens(.imageOutput) == e.outputTokens)
    #expect(quote.line(.textInput)?.quantityTotal == 50_000)
    #expect(quote.line(.imageOutput)?.quantityTotal == e.outputTokens * 1000)
    #expect(quote.lines.map(\.component) == [.textInput, .imageOutput])
    // On 2026-07-31 gpt-image-1 (OpenAI, 2026-10-23) was within the 90-day retiring window: that warning only.
    #expect(quote.allWarnings.allSatisfy { $0.contains(" retires on ") }, "\(quote.allWarnings)")
    #expect(!quote.isEstimate, "billed prompt tokens and a published table: nothing is estimated")
    #expect(quote.assumptions.contains { $0.id == "cached-share-zero" })
    #expect(quote.sources.contains { $0.id == (e.provider == "openai" ? (e.model == "gpt-image-1" ? "S12" : "S13") : "S10") })
  }

  @Test func miniSeedRoundsTo855() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1-mini", quality: "medium", size: size("1024x1024"), prompt: .billed(50)), requests: 1000,
      date: RealBook.snapshot)
    #expect(quote.total.roundedToCents.decimalString == "8.55")
    #expect(quote.total.display == "$8.548")
  }

  @Test func defaultQualityPerProvider() throws {
    // Azure default quality: high for gpt-image-1 and 1.5, medium for mini; OpenAI default auto, priced as high (§7).
    let cases: [(String, String?, String, String, Bool)] = [
      ("gpt-image-1", "azure", "high", "high", false), ("gpt-image-1.5", "azure", "high", "high", false),
      ("gpt-image-1-mini", "azure", "medium", "medium", false), ("gpt-image-1", "openai", "auto", "high", true),
      ("gpt-image-1-mini", "openai", "auto", "high", true),
    ]
    for (model, provider, quality, priced, autoAssumption) in cases {
      let quote = try RealBook.pricer.quote(ImageRequest(model: model, provider: provider, size: size("1024x1024")), date: RealBook.snapshot)
      #expect(quote.request.quality == quality, "\(model) \(provider ?? "")")
      #expect(quote.request.pricedQuality == priced, "\(model) \(provider ?? "")")
      #expect(quote.assumptions.contains { $0.id == "quality-auto-priced-as-high" } == autoAssumption)
    }
  }

  @Test func defaultsAreNamedAssumptions() throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: "gpt-image-1"), date: RealBook.snapshot)
    let ids = Set(quote.assumptions.map(\.id))
    #expect(ids.isSuperset(of: ["default-size", "default-prompt-tokens", "cached-share-zero"]))
    #expect(quote.request.n == 1 && quote.request.operation == .generate && quote.requests == 1)
    #expect(quote.isEstimate, "the default prompt length is an estimate")
    #expect(quote.priceBookFingerprint.count == 64)
    #expect(quote.priceBookAsOf != nil)
  }

  @Test func cachedShareSplitsInputTokens() throws {
    // 25% of 1,000 prompt tokens and of 4,354 image tokens at cached rates (OpenAI gpt-image-1).
    let quote = try RealBook.pricer.quote(
      ImageRequest(
        model: "gpt-image-1", provider: "openai", operation: .edit, quality: "low", size: size("1024x1024"),
        inputImages: [size("1024x1024")], inputFidelity: "high", prompt: .billed(1000), cachedShare: Share(decimal: "0.25")),
      date: RealBook.snapshot)
    #expect(quote.tokens(.textInput) == 750)
    #expect(quote.tokens(.cachedTextInput) == 250)
    #expect(quote.tokens(.imageInput) == 4354 - 1088)  // 1088.5 → 1088 (half-even)
    #expect(quote.tokens(.cachedImageInput) == 1088)
    // 750×5 + 250×1.25 + 3266×10 + 1088×2.5 + 272×40 = 3750 + 312.5 + 32660 + 2720 + 10880 = 50322.5 µ$
    #expect(quote.perRequest.decimalString == "0.0503225")
    #expect(!quote.assumptions.contains { $0.id == "cached-share-zero" })
  }
}
