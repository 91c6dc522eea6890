import CostCore
import CostIO
import Testing

/// Token rules of the reference (§4, §5) as the real price book and the pricer apply them.
@Suite struct OutputTokenTableTests {
  // §4a, one row per quality: 1024×1024, 1024×1536 (portrait), 1536×1024 (landscape).
  static let table: [(quality: String, cells: [(String, Int)])] = [
    ("low", [("1024x1024", 272), ("1024x1536", 408), ("1536x1024", 400)]),
    ("medium", [("1024x1024", 1056), ("1024x1536", 1584), ("1536x1024", 1568)]),
    ("high", [("1024x1024", 4160), ("1024x1536", 6240), ("1536x1024", 6208)]),
  ]

  struct Cell: Sendable, CustomTestStringConvertible {
    let model, quality, size: String
    let tokens: Int
    var testDescription: String { "\(model) \(quality) \(size) = \(tokens)" }
  }

  static let cells: [Cell] = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"].flatMap { model in
    table.flatMap { row in row.cells.map { Cell(model: model, quality: row.quality, size: $0.0, tokens: $0.1) } }
  }

  @Test(arguments: cells)
  func nineCells(cell: Cell) throws {
    for provider in ["openai", "azure"] {
      let quote = try RealBook.pricer.quote(
        ImageRequest(model: cell.model, provider: provider, quality: cell.quality, size: size(cell.size), prompt: .billed(0)),
        date: RealBook.snapshot)
      #expect(quote.tokens(.imageOutput) == Int64(cell.tokens), "\(provider)")
      #expect(quote.tokens(.textInput) == 0)
    }
  }

  @Test func derivedPatchFormulaMatchesTheTable() {
    // §4a DERIVED: tokens = rows × (cols + 1), patch 64/32/16 for low/medium/high. A check of the
    // typed-in table itself, so a typo there cannot pass silently.
    for row in Self.table {
      let patch = ["low": 64, "medium": 32, "high": 16][row.quality]!
      for (text, tokens) in row.cells {
        let s = size(text)
        #expect((s.height / patch) * (s.width / patch + 1) == tokens, "\(row.quality) \(text)")
      }
    }
  }
}

@Suite struct GPTImage2FormulaTests {
  // low / medium / high tokens; the first three from the reference (§4c), the rest computed
  // independently from its formula.
  @Test(arguments: [
    ("1024x1024", 196, 1756, 7024),
    ("1536x1024", 158, 1372, 5488),
    ("1024x1536", 158, 1372, 5488),
    ("2048x1152", 157, 1413, 5650),
    ("1152x2048", 157, 1413, 5650),
    ("1024x640", 107, 956, 3824),
    ("1280x720", 106, 947, 3787),
    ("2304x768", 76, 724, 2895),
    ("2560x1440", 205, 1843, 7370),
    ("2048x2048", 397, 3568, 14272),
    ("3840x1280", 139, 1328, 5311),
    ("3840x2160", 371, 3336, 13342),
  ])
  func tokensThroughThePricer(size text: String, low: Int, medium: Int, high: Int) throws {
    for (quality, tokens) in [("low", low), ("medium", medium), ("high", high)] {
      let quote = try RealBook.pricer.quote(
        ImageRequest(model: "gpt-image-2", quality: quality, size: size(text), prompt: .billed(0)), date: RealBook.snapshot)
      #expect(quote.tokens(.imageOutput) == Int64(tokens), "\(quality) \(text)")
      #expect(quote.assumptions.contains { $0.id == "gpt-image-2-formula" }, "the formula is a named assumption")
    }
  }

  // §4c: edges multiples of 16, ratio ≤ 3:1, 655,360–8,294,400 pixels, longest edge ≤ 3840.
  @Test(arguments: [
    ("1000x1000", "multiple"),
    ("1032x1000", "multiple"),
    ("2320x768", "3:1"),
    ("768x2320", "3:1"),
    ("768x768", "655,360"),
    ("1008x640", "655,360"),
    ("3840x2176", "8,294,400"),
    ("3856x1296", "3856"),
  ])
  func invalidSizesAreErrorsThatStateTheRule(size text: String, specific: String) {
    let error = #expect(throws: QuoteError.self) {
      try RealBook.pricer.quote(ImageRequest(model: "gpt-image-2", quality: "high", size: size(text)), date: RealBook.snapshot)
    }
    let message = error?.description ?? ""
    #expect(message.contains(text), "\(message)")
    #expect(message.contains(specific), "\(message)")
    // The whole rule is stated.
    for fact in ["16", "3:1", "655,360", "8,294,400", "3840"] { #expect(message.contains(fact), "\(message)") }
    if case .unsupportedSize = error {} else { Issue.record("expected unsupportedSize, got \(String(describing: error))") }
  }

  @Test(arguments: [
    ("2560x1440", false),  // exactly 3,686,400 px: not above
    ("2576x1440", true),
    ("3840x2160", true),  // the maximum, 8,294,400 px
    ("2048x1152", false),
    ("1024x640", false),  // the minimum, 655,360 px
  ])
  func experimentalWarningAbove3686400Pixels(size text: String, warns: Bool) throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: "gpt-image-2", quality: "low", size: size(text)), date: RealBook.snapshot)
    let warning = quote.allWarnings.first { $0.contains("experimental") }
    #expect((warning != nil) == warns, "\(quote.allWarnings)")
    if warns { #expect(warning?.contains("3,686,400") == true) }
  }
}

/// §3: OpenAI's published per-image table re-derived as output tokens × image-output rate.
@Suite struct PublishedPerImageTableTests {
  struct Row: Sendable, CustomTestStringConvertible {
    let model, quality, size: String
    let tokens: Int
    /// §3 DERIVED table (tokens × rate), exact.
    let derived: String
    /// §3 published table; nil for gpt-image-1-mini, whose published prices do not reconcile.
    let published: String?
    /// Whether the derived value, rounded to the published precision, equals the published one.
    let reconciles: Bool
    var testDescription: String { "\(model) \(quality) \(size)" }
  }

  static let rows: [Row] = [
    // gpt-image-1 ($40/M)
    Row(model: "gpt-image-1", quality: "low", size: "1024x1024", tokens: 272, derived: "0.01088", published: "0.011", reconciles: true),
    Row(model: "gpt-image-1", quality: "medium", size: "1024x1024", tokens: 1056, derived: "0.04224", published: "0.042", reconciles: true),
    // The known outlier (§3, disagreement 4): derived $0.1664, published $0.167 [S20: "inaccurate"].
    Row(model: "gpt-image-1", quality: "high", size: "1024x1024", tokens: 4160, derived: "0.16640", published: "0.167", reconciles: false),
    Row(model: "gpt-image-1", quality: "low", size: "1024x1536", tokens: 408, derived: "0.01632", published: "0.016", reconciles: true),
    Row(model: "gpt-image-1", quality: "medium", size: "1024x1536", tokens: 1584, derived: "0.06336", published: "0.063", reconciles: true),
    Row(model: "gpt-image-1", quality: "high", size: "1024x1536", tokens: 6240, derived: "0.24960", published: "0.25", reconciles: true),
    Row(model: "gpt-image-1", quality: "low", size: "1536x1024", tokens: 400, derived: "0.01600", published: "0.016", reconciles: true),
    Row(model: "gpt-image-1", quality: "medium", size: "1536x1024", tokens: 1568, derived: "0.06272", published: "0.063", reconciles: true),
    Row(model: "gpt-image-1", quality: "high", size: "1536x1024", tokens: 6208, derived: "0.24832", published: "0.25", reconciles: true),
    // gpt-image-1.5 ($32/M)
    Row(model: "gpt-image-1.5", quality: "low", size: "1024x1024", tokens: 272, derived: "0.008704", published: "0.009", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "medium", size: "1024x1024", tokens: 1056, derived: "0.033792", published: "0.034", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "high", size: "1024x1024", tokens: 4160, derived: "0.13312", published: "0.133", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "low", size: "1024x1536", tokens: 408, derived: "0.013056", published: "0.013", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "medium", size: "1024x1536", tokens: 1584, derived: "0.050688", published: "0.05", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "high", size: "1024x1536", tokens: 6240, derived: "0.19968", published: "0.2", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "low", size: "1536x1024", tokens: 400, derived: "0.0128", published: "0.013", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "medium", size: "1536x1024", tokens: 1568, derived: "0.050176", published: "0.05", reconciles: true),
    Row(model: "gpt-image-1.5", quality: "high", size: "1536x1024", tokens: 6208, derived: "0.198656", published: "0.2", reconciles: true),
    // gpt-image-2 ($30/M, §4c formula)
    Row(model: "gpt-image-2", quality: "low", size: "1024x1024", tokens: 196, derived: "0.00588", published: "0.006", reconciles: true),
    Row(model: "gpt-image-2", quality: "medium", size: "1024x1024", tokens: 1756, derived: "0.05268", published: "0.053", reconciles: true),
    Row(model: "gpt-image-2", quality: "high", size: "1024x1024", tokens: 7024, derived: "0.21072", published: "0.211", reconciles: true),
    Row(model: "gpt-image-2", quality: "low", size: "1024x1536", tokens: 158, derived: "0.00474", published: "0.005", reconciles: true),
    Row(model: "gpt-image-2", quality: "medium", size: "1024x1536", tokens: 1372, derived: "0.04116", published: "0.041", reconciles: true),
    Row(model: "gpt-image-2", quality: "high", size: "1024x1536", tokens: 5488, derived: "0.16464", published: "0.165", reconciles: true),
    Row(model: "gpt-image-2", quality: "low", size: "1536x1024", tokens: 158, derived: "0.00474", published: "0.005", reconciles: true),
    Row(model: "gpt-image-2", quality: "medium", size: "1536x1024", tokens: 1372, derived: "0.04116", published: "0.041", reconciles: true),
    Row(model: "gpt-image-2", quality: "high", size: "1536x1024", tokens: 5488, derived: "0.16464", published: "0.165", reconciles: true),
    // gpt-image-1-mini ($8/M): does NOT reconcile with its published table; the token-derived values are asserted.
    Row(model: "gpt-image-1-mini", quality: "low", size: "1024x1024", tokens: 272, derived: "0.002176", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "medium", size: "1024x1024", tokens: 1056, derived: "0.008448", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "high", size: "1024x1024", tokens: 4160, derived: "0.03328", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "low", size: "1024x1536", tokens: 408, derived: "0.003264", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "medium", size: "1024x1536", tokens: 1584, derived: "0.012672", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "high", size: "1024x1536", tokens: 6240, derived: "0.04992", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "low", size: "1536x1024", tokens: 400, derived: "0.0032", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "medium", size: "1536x1024", tokens: 1568, derived: "0.012544", published: nil, reconciles: false),
    Row(model: "gpt-image-1-mini", quality: "high", size: "1536x1024", tokens: 6208, derived: "0.049664", published: nil, reconciles: false),
  ]

  /// §3: gpt-image-1-mini's published per-image prices, which exceed tokens × $8/M by about $0.002–0.003.
  static let miniPublished: [String: String] = [
    "low 1024x1024": "0.005", "medium 1024x1024": "0.011", "high 1024x1024": "0.036",
    "low 1024x1536": "0.006", "medium 1024x1536": "0.015", "high 1024x1536": "0.052",
    "low 1536x1024": "0.006", "medium 1536x1024": "0.015", "high 1536x1024": "0.052",
  ]

  @Test(arguments: rows)
  func reDerived(row: Row) throws {
    // OpenAI standard, and Azure Global (the default), whose rates equal OpenAI's list prices.
    for provider in ["openai", "azure"] {
      let quote = try RealBook.pricer.quote(
        ImageRequest(model: row.model, provider: provider, quality: row.quality, size: size(row.size), prompt: .billed(0)),
        date: RealBook.snapshot)
      let output = try #require(quote.line(.imageOutput))
      #expect(output.quantityPerRequest == Int64(row.tokens), "\(provider)")
      #expect(output.costPerRequest == usd(row.derived), "\(provider): \(output.costPerRequest.decimalString)")
      #expect(quote.line(.textInput) == nil, "no prompt tokens were given")
      if let published = row.published {
        let rounded = roundedForDisplay(output.costPerRequest, decimals: decimals(of: published))
        #expect((rounded == usd(published)) == row.reconciles, "\(provider): \(rounded.decimalString) vs published \(published)")
      }
    }
  }

  @Test func knownOutlierGptImage1High1024() throws {
    // Documented disagreement (§3, disagreement 4): tokens give $0.1664, which rounds to $0.166,
    // while the published table says $0.167. imagecost prices by tokens.
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1", provider: "openai", quality: "high", size: size("1024x1024"), prompt: .billed(0)),
      date: RealBook.snapshot)
    #expect(quote.perRequest.decimalString == "0.1664")
    #expect(roundedForDisplay(quote.perRequest, decimals: 3).decimalString == "0.166")
  }

  @Test func miniDoesNotReconcileWithItsPublishedTable() throws {
    for row in Self.rows where row.model == "gpt-image-1-mini" {
      let published = usd(Self.miniPublished["\(row.quality) \(row.size)"]!)
      let derived = usd(row.derived)
      let gap = published - derived
      #expect(gap >= usd("0.002") && gap <= usd("0.003"), "\(row.testDescription): gap \(gap.decimalString)")
    }
    #expect(RealBook.book.models["gpt-image-1-mini"]?.assumptions.contains("gpt-image-1-mini-token-table") == true)
  }
}

/// §5: input-image tokens for edits.
@Suite struct InputImageTokenTests {
  // size, low-fidelity tokens, high-fidelity tokens (+4160 square, +6240 otherwise).
  @Test(arguments: [
    ("1024x1024", 194, 4354),
    ("1024x1536", 323, 6563),
    ("1536x1024", 323, 6563),
    ("4096x4096", 194, 4354),
    ("4096x1024", 581, 6821),
    ("3000x1000", 452, 6692),
    ("256x256", 194, 4354),
    ("1000x300", 323, 6563),
    ("1100x1000", 323, 6563),
    ("1024x1025", 194, 6434),  // near-square: 512×512.5 counts as one tile in whole pixels (measured 194, S62)
    ("1025x1024", 194, 6434),
    ("1024x1040", 323, 6563),  // 512×520: two tiles
  ])
  func oneImage(size text: String, low: Int, high: Int) throws {
    for (fidelity, expected) in [(String?.none, low), ("low", low), ("high", high)] {
      let quote = try RealBook.pricer.quote(
        ImageRequest(
          model: "gpt-image-1", operation: .edit, quality: "low", size: size("1024x1024"), inputImages: [size(text)],
          inputFidelity: fidelity, prompt: .billed(10)),
        date: RealBook.snapshot)
      #expect(quote.tokens(.imageInput) == Int64(expected), "fidelity \(fidelity ?? "default")")
    }
  }

  @Test func gptImage2IsAlwaysHighFidelity() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-2", operation: .edit, quality: "low", inputImages: [size("1024x1024"), size("1024x1536")]),
      date: RealBook.snapshot)
    #expect(quote.tokens(.imageInput) == 4354 + 6563)
  }

  @Test func miniWithoutFidelityIsLow() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1-mini", operation: .edit, quality: "low", inputImages: [size("1024x1024")]),
      date: RealBook.snapshot)
    #expect(quote.tokens(.imageInput) == 194)
  }

  @Test func sixteenImagesAreAllowed() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1", operation: .edit, inputImages: Array(repeating: size("1024x1024"), count: 16)),
      date: RealBook.snapshot)
    #expect(quote.tokens(.imageInput) == 16 * 194)
  }

  @Test func issueEditExample() throws {
    // imagecost quote --model gpt-image-1 --quality medium --size 1024x1536 --operation edit
    //   --input-image 1024x1024 --input-image 1536x1024 --input-fidelity high -n 2   (Azure Global default)
    let quote = try RealBook.pricer.quote(
      ImageRequest(
        model: "gpt-image-1", operation: .edit, quality: "medium", size: size("1024x1536"), n: 2,
        inputImages: [size("1024x1024"), size("1536x1024")], inputFidelity: "high", nBilling: .perRequest),
      date: RealBook.snapshot)
    #expect(quote.tokens(.textInput) == 50, "default prompt assumption, once per request")
    #expect(quote.tokens(.imageInput) == 4354 + 6563)
    #expect(quote.tokens(.imageOutput) == 1584 * 2)
    // 50 × $5/M + 10,917 × $10/M + 3,168 × $40/M = 0.00025 + 0.10917 + 0.12672
    #expect(quote.perRequest.decimalString == "0.23614")
    let ids = Set(quote.assumptions.map(\.id))
    for id in ["default-prompt-tokens", "prompt-billed-once-per-request", "input-images-billed-once-per-request", "cached-share-zero"] {
      #expect(ids.contains(id), "\(id) listed")
    }
  }
}

/// §4d partial images and n.
@Suite struct PartialImagesAndNTests {
  @Test(arguments: [(0, 1), (1, 1), (2, 1), (3, 1), (2, 3), (3, 10), (0, 4)])
  func partialImagesAdd100PerImageTimesN(partials: Int, n: Int) throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1", quality: "high", size: size("1024x1024"), n: n, partialImages: partials, prompt: .billed(50)),
      date: RealBook.snapshot)
    #expect(quote.tokens(.imageOutput) == Int64((4160 + 100 * partials) * n))
    #expect(quote.tokens(.textInput) == Int64(50 * n), "by default the prompt is billed once per image")
    #expect(quote.assumptions.contains { $0.id == "partial-images-per-image" } == (partials > 0))
    #expect(quote.assumptions.contains { $0.id == "input-billed-per-image" } == (n > 1))
  }

  @Test func issueGptImage2PartialExample() throws {
    // gpt-image-2 high 2048x1152 with 2 partial images: 5650 + 2 × 100.
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-2", quality: "high", size: size("2048x1152"), partialImages: 2), date: RealBook.snapshot)
    #expect(quote.tokens(.imageOutput) == 5850)
  }

  /// n > 1 bills input once per image by default (the book's n_billing), once per request when asked.
  @Test(arguments: [
    (1, NBilling?.none, 1), (4, NBilling?.none, 4), (4, NBilling.perImage, 4), (4, NBilling.perRequest, 1), (1, NBilling.perRequest, 1),
  ])
  func nBillingMultipliesInputAsChosen(n: Int, mode: NBilling?, copies: Int) throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(
        model: "gpt-image-1.5", operation: .edit, quality: "low", size: size("1024x1024"), n: n, inputImages: [size("1024x1536")],
        inputFidelity: "high", prompt: .billed(20), nBilling: mode),
      date: RealBook.snapshot)
    #expect(quote.tokens(.imageInput) == Int64(6563 * copies))
    #expect(quote.tokens(.textInput) == Int64(20 * copies))
    #expect(quote.tokens(.imageOutput) == Int64(272 * n))
    let ids = Set(quote.assumptions.map(\.id))
    #expect(ids.contains("input-billed-per-image") == (n > 1 && mode != .perRequest))
    #expect(ids.contains("input-images-billed-once-per-request") == (n > 1 && mode == .perRequest))
  }

  @Test(arguments: [("0", false), ("4", true)])
  func partialImagesOutOfRange(partials: String, fails: Bool) throws {
    let request = ImageRequest(model: "gpt-image-1", partialImages: Int(partials)!)
    if fails {
      let error = #expect(throws: QuoteError.self) { try RealBook.pricer.quote(request, date: RealBook.snapshot) }
      #expect(error?.description.contains("0–3") == true, "\(String(describing: error))")
    } else {
      _ = try RealBook.pricer.quote(request, date: RealBook.snapshot)
    }
  }

  @Test func dalle3HasNoPartialImages() {
    #expect(throws: QuoteError.partialImagesUnsupported(model: "dall-e-3")) {
      try RealBook.pricer.quote(ImageRequest(model: "dall-e-3", partialImages: 1), date: RealBook.snapshot)
    }
  }
}

/// §4a: gpt-image-1.5 and gpt-image-2 also emit text output tokens, a named assumption.
@Suite struct TextOutputTests {
  @Test func gptImage15DefaultIsTheNamedAssumption() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1.5", provider: "openai", quality: "high", size: size("1024x1024"), n: 2, prompt: .billed(0)),
      date: RealBook.snapshot)
    let line = try #require(quote.line(.textOutput))
    #expect(line.quantityPerRequest == 352 * 2)
    #expect(line.basis == .estimate)
    #expect(line.costPerRequest == usd("0.00704"), "704 × $10/M")
    #expect(quote.assumptions.contains { $0.id == "text-output-tokens-observed" })
    // Text output is not priced at the image rate (litellm #31142).
    #expect(quote.line(.imageOutput)?.costPerRequest == usd("0.26624"), "8320 × $32/M")
  }

  @Test func overrideTextOutputTokens() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-1.5", provider: "openai", quality: "high", n: 2, prompt: .billed(0), textOutputTokens: 439),
      date: RealBook.snapshot)
    #expect(quote.line(.textOutput)?.quantityPerRequest == 878)
    #expect(quote.line(.textOutput)?.costPerRequest == usd("0.00878"))
    #expect(quote.line(.textOutput)?.basis == .exact)
    #expect(!quote.assumptions.contains { $0.id == "text-output-tokens-observed" })
  }

  @Test func gptImage1HasNoTextOutput() throws {
    let quote = try RealBook.pricer.quote(ImageRequest(model: "gpt-image-1", provider: "openai"), date: RealBook.snapshot)
    #expect(quote.line(.textOutput) == nil)
  }

  /// gpt-image-2 bills no text output by the evidence (output_tokens = image tokens), on either provider.
  @Test(arguments: ["azure", "openai"])
  func gptImage2ExpectsNoTextOutput(provider: String) throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-2", provider: provider, quality: "medium", size: size("1024x1024"), prompt: .billed(0)),
      date: RealBook.snapshot)
    #expect(quote.line(.textOutput) == nil)
    #expect(quote.assumptions.contains { $0.id == "gpt-image-2-no-text-output" })
    #expect(quote.perRequest == usd("0.05268"), "1,756 image tokens × $30/M and nothing else")
  }

  /// The issue's check: gpt-image-2 low 1024×1024 on OpenAI with only model, quality, size and no prompt
  /// tokens is no dearer than OpenAI's published per-image figure ($0.006).
  @Test func gptImage2LowSquareIsNoDearerThanThePublishedFigure() throws {
    let quote = try RealBook.pricer.quote(
      ImageRequest(model: "gpt-image-2", provider: "openai", quality: "low", size: size("1024x1024"), prompt: .billed(0)),
      date: date("2026-12-02"))
    #expect(quote.total <= usd("0.006"))
    #expect(quote.total == usd("0.00588"), "196 tokens × $30/M")
  }
}

/// gpt-image-2's patch rule: a named alternative chosen per quote, never the default.
@Suite struct PatchRuleTests {
  // Worked by hand: 2048² scales to 60 % (1,228 px → 39 × 39 patches); 3072×1024 to 68 % (2,088 × 696 → 66 × 22).
  @Test(arguments: [("1024x1024", 1024), ("512x512", 1024), ("100x100", 1024), ("2048x2048", 1521), ("3072x1024", 1452)])
  func patchTokens(size text: String, tokens: Int) throws {
    let rule = try #require(RealBook.book.tokenRules.inputPatchRules["gpt-image-2-patches"])
    #expect(rule.tokens(for: size(text)) == tokens)
    #expect(rule.tokens(for: size(text)) <= rule.maxPatches)
  }

  @Test func chosenPerQuoteOnly() throws {
    let edit = ImageRequest(
      model: "gpt-image-2", provider: "openai", operation: .edit, quality: "low", size: size("1024x1024"), inputImages: [size("1024x1024")],
      prompt: .billed(10))
    let byTiles = try RealBook.pricer.quote(edit, date: date("2026-12-02"))
    #expect(byTiles.tokens(.imageInput) == 4354, "the default stays the tile rule with the high-fidelity addend")
    var patched = edit
    patched.inputImageRule = "gpt-image-2-patches"
    let byPatches = try RealBook.pricer.quote(patched, date: date("2026-12-02"))
    #expect(byPatches.tokens(.imageInput) == 1024)
    #expect(byPatches.assumptions.contains { $0.id == "gpt-image-2-input-patches" })
    var wrong = edit
    wrong.inputImageRule = "no-such-rule"
    #expect(throws: QuoteError.self) { try RealBook.pricer.quote(wrong, date: date("2026-12-02")) }
    var onOtherModel = edit
    onOtherModel.model = "gpt-image-1.5"
    onOtherModel.inputImageRule = "gpt-image-2-patches"
    #expect(throws: QuoteError.self, "only the models that list the alternative accept it") {
      try RealBook.pricer.quote(onOtherModel, date: date("2026-11-01"))
    }
  }
}
