import CostCore
import CostIO
import Testing

/// Prices are looked up at a date; superseded rates stop on `effective_to` (exclusive).
@Suite struct EffectiveDateTests {
  /// The real book with OpenAI's gpt-image-1 standard rate ending on 2026-09-01 and a new
  /// (fictitious) rate from that day: image output $36/M, text input $4/M.
  static let switched: [(name: String, text: String)]? = {
    let old = "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23, source: S12,"
    let edited = RealBook.files(
      editing: "openai.yaml", replacing: old,
      with: "model: gpt-image-1, unit: 1M tokens, effective_from: 2025-04-23, effective_to: 2026-09-01, source: S12,")
    guard let edited else { return nil }
    let anchor = "\n  # Batch API accepts"
    let newRow =
      "\n  - {provider: openai, deployment_type: standard, model: gpt-image-1, unit: 1M tokens, effective_from: 2026-09-01, source: S12,"
      + "\n     prices: {text_input: 4.00, cached_text_input: 1.00, image_input: 8.00, cached_image_input: 2.00, image_output: 36.00}}"
    return edited.map { file in
      file.name == "pricing/openai.yaml" ? (file.name, file.text.replacingOccurrences(of: anchor, with: newRow + anchor)) : file
    }
  }()

  static let switchedBook: PriceBook? = {
    guard let files = switched else { return nil }
    let (book, diagnostics) = PriceBookLoader.parse(files: files)
    return diagnostics.isEmpty ? book : nil
  }()

  @Test func fixtureParsesWithoutDiagnostics() throws {
    let files = try #require(Self.switched)
    let (_, diagnostics) = PriceBookLoader.parse(files: files)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test(arguments: [
    // date, text input rate and image output rate in force (USD per 1M tokens)
    ("2025-04-23", "5.00", "40.00"),
    ("2026-08-31", "5.00", "40.00"),
    ("2026-09-01", "4.00", "36.00"),
    ("2027-01-01", "4.00", "36.00"),
  ])
  func quoteUsesTheRateInForceOnTheDay(day: String, textRate: String, outputRate: String) throws {
    let book = try #require(Self.switchedBook)
    let quote = try Pricer(book: book).quote(
      ImageRequest(model: "gpt-image-1", provider: "openai", quality: "high", size: size("1024x1024"), prompt: .billed(50)),
      date: date(day))
    #expect(quote.line(.textInput)?.rate?.price.normalizedText == textRate)
    #expect(quote.line(.imageOutput)?.rate?.price.normalizedText == outputRate)
    let expected =
      Price(amount: usd(textRate), unit: .perMillionTokens).cost(of: 50)
      + Price(amount: usd(outputRate), unit: .perMillionTokens).cost(of: 4160)
    #expect(quote.perRequest == expected)
    let from = date(day) < date("2026-09-01") ? "2025-04-23" : "2026-09-01"
    #expect(quote.line(.imageOutput)?.rate?.effective.from == date(from))
  }

  @Test func switchedValuesWorkedByHand() throws {
    let book = try #require(Self.switchedBook)
    let quote = try Pricer(book: book).quote(
      ImageRequest(model: "gpt-image-1", provider: "openai", quality: "high", size: size("1024x1024"), prompt: .billed(50)),
      requests: 1000, date: date("2026-09-01"))
    // 50 × $4/M + 4,160 × $36/M = $0.0002 + $0.14976
    #expect(quote.perRequest.decimalString == "0.14996")
    #expect(quote.total.decimalString == "149.96")
  }

  @Test func aDateBeforeAnyRateThrows() throws {
    let book = try #require(Self.switchedBook)
    let error = #expect(throws: QuoteError.self) {
      try Pricer(book: book).quote(ImageRequest(model: "gpt-image-1", provider: "openai", prompt: .billed(50)), date: date("2025-04-22"))
    }
    guard case .noRateAtDate(let model, let provider, _, _, let day, let ranges) = error else {
      Issue.record("expected noRateAtDate, got \(String(describing: error))")
      return
    }
    #expect(model == "gpt-image-1" && provider == "openai" && day == date("2025-04-22"))
    #expect(ranges.map(\.from) == [date("2025-04-23"), date("2026-09-01")])
    let message = error?.description ?? ""
    #expect(message.contains("2025-04-22") && message.contains("2025-04-23") && message.contains("2026-09-01"), "\(message)")
  }

  @Test func realBookAzureGptImage1CachedRatesStart20250601() throws {
    let request = ImageRequest(
      model: "gpt-image-1", quality: "low", size: size("1024x1024"), prompt: .billed(100), cachedShare: Share(decimal: "0.5"))
    let error = #expect(throws: QuoteError.self) { try RealBook.pricer.quote(request, date: date("2025-05-15")) }
    guard case .noRateAtDate(_, "azure", "global", .cachedTextInput, _, _) = error else {
      Issue.record("expected noRateAtDate for cached text input, got \(String(describing: error))")
      return
    }
    #expect(error?.description.contains("2025-06-01") == true)
    // Without a cached share the same day prices (uncached meters start 2025-04-01).
    var uncached = request
    uncached.cachedShare = nil
    #expect(try RealBook.pricer.quote(uncached, date: date("2025-05-15")).perRequest == usd("0.01138"))  // 100×5 + 272×40 µ$
    // From 2025-06-01 the cached share prices: 50 × $5/M + 50 × $1.25/M + 272 × $40/M = 250 + 62.5 + 10,880 µ$
    let quote = try RealBook.pricer.quote(request, date: date("2025-06-01"))
    #expect(quote.perRequest.decimalString == "0.0111925")
    // Before the uncached meters start, nothing prices.
    #expect(throws: QuoteError.self) { try RealBook.pricer.quote(uncached, date: date("2025-03-31")) }
  }

  @Test func realBookRegionalMiniStarts20260601() throws {
    let request = ImageRequest(
      model: "gpt-image-1-mini", deploymentType: "regional", region: "northeurope", quality: "medium", size: size("1024x1024"),
      prompt: .billed(50))
    let error = #expect(throws: QuoteError.self) { try RealBook.pricer.quote(request, date: date("2026-05-31")) }
    guard case .noRateAtDate = error else {
      Issue.record("expected noRateAtDate, got \(String(describing: error))")
      return
    }
    #expect(error?.description.contains("2026-06-01") == true)
    let quote = try RealBook.pricer.quote(request, date: date("2026-06-01"))
    // 50 × $2.64/M + 1,056 × $10.56/M = 0.000132 + 0.01115136
    #expect(quote.perRequest.decimalString == "0.01128336")
  }

  @Test func realBookGptImage2NotPricedBeforeItsRates() {
    // Azure gpt-image-2 meters start 2026-05-01; OpenAI from 2026-04-21.
    #expect(throws: QuoteError.self) { try RealBook.pricer.quote(ImageRequest(model: "gpt-image-2"), date: date("2026-04-30")) }
    #expect(throws: Never.self) {
      try RealBook.pricer.quote(ImageRequest(model: "gpt-image-2", provider: "openai"), date: date("2026-04-21"))
    }
  }

  @Test func realBookRateLimitsSwitchOn20260421() {
    // §7 quotas: gpt-image-1 on Azure 6 RPM (2025 docs) → 9 RPM (later docs).
    let before = RealBook.book.rateLimits(model: "gpt-image-1", provider: "azure", deploymentType: "global", date: date("2026-04-20"))
    let after = RealBook.book.rateLimits(model: "gpt-image-1", provider: "azure", deploymentType: "global", date: date("2026-04-21"))
    #expect(before.first { $0.tier == "default" }?.value == 6)
    #expect(before.first { $0.tier == "enterprise" }?.value == 20)
    #expect(after.map(\.value) == [9])
    #expect(
      RealBook.book.rateLimits(model: "gpt-image-1-mini", provider: "azure", deploymentType: "global", date: RealBook.snapshot).map(\.value) == [12])
  }
}
