import CostCore
import CostIO
import CostReports
import Foundation
import O200k
import TestSupport
import Testing

/// Golden files for every output format. Re-record with `RECORD_GOLDEN=1 swift test --filter GoldenTests`.
enum Golden {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  /// The real price book with a fixed fingerprint, so goldens change only when output changes.
  static let book: PriceBook = {
    var book = try! PriceBookLoader.load(directory: root.appendingPathComponent("pricing").path)
    book.fingerprint = "0000golden0000fingerprint"
    return book
  }()

  /// Real files counted with the o200k tokenizer, as the CLI does.
  static let inputs = PlanLoader.Inputs(
    readText: { try String(contentsOfFile: $0, encoding: .utf8) }, countTokens: { try O200kTokenizer.shared.count($0) })

  static func check(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let expected = try GoldenFile.expected(actual, at: directory.appendingPathComponent(name))
    #expect(actual == expected, "output differs from golden file \(name); re-record with RECORD_GOLDEN=1 if intended", sourceLocation: sourceLocation)
  }
}

@Suite struct GoldenTests {
  static let date = CivilDate("2026-11-24")!

  static let cases: [(String, ImageRequest, Int64)] = [
    ("seed-gpt-image-1-high", ImageRequest(model: "gpt-image-1", quality: "high", size: ImageSize("1024x1024"), prompt: .billed(50)), 1000),
    (
      "edit-high-fidelity",
      ImageRequest(
        model: "gpt-image-1", operation: .edit, quality: "medium", size: ImageSize("1024x1536"), n: 2,
        inputImages: [ImageSize("1024x1024")!, ImageSize("1536x1024")!], inputFidelity: "high", prompt: .billed(47)), 1
    ),
    (
      "gpt-image-2-partials",
      ImageRequest(model: "gpt-image-2", quality: "high", size: ImageSize("2048x1152"), partialImages: 2, prompt: .counted(tokens: 3, exact: true)),
      10
    ),
    (
      "dall-e-3-regional",
      ImageRequest(model: "dall-e-3", deploymentType: "regional", region: "swedencentral", quality: "hd", size: ImageSize("1792x1024")), 100
    ),
    (
      "gpt-image-1.5-openai-retired-cached",
      ImageRequest(model: "gpt-image-1.5", provider: "openai", quality: "auto", cachedShare: Share(decimal: "0.25")), 3
    ),
  ]

  @Test(arguments: cases.map(\.0))
  func quoteFormats(name: String) throws {
    let (_, request, requests) = try #require(GoldenTests.cases.first { $0.0 == name })
    let quote = try Pricer(book: Golden.book).quote(request, requests: requests, date: GoldenTests.date)
    for format in OutputFormat.allCases {
      try Golden.check(QuoteRenderer.render(quote, as: format), "quote-\(name).\(format.rawValue)")
    }
  }

  @Test(arguments: ["azure", "openai"])
  func modelsFormats(provider: String) throws {
    let statuses = ModelStatus.all(in: Golden.book, provider: provider, date: GoldenTests.date)
    for format in OutputFormat.allCases {
      try Golden.check(
        ModelsRenderer.render(statuses, provider: provider, date: GoldenTests.date, as: format), "models-\(provider).\(format.rawValue)")
    }
  }

  @Test func pricingExportFormats() throws {
    for format in OutputFormat.allCases {
      try Golden.check(RateTableRenderer.render(Golden.book, as: format), "rates.\(format.rawValue)")
    }
  }

  @Test func tokenCountFormats() throws {
    let counts = [
      TokenCount(
        line: 1, text: "a red bicycle", characters: 13, tokens: 3, billed: 9, approximate: false, ids: [64, 3592, 42292],
        pieces: ["a", " red", " bicycle"]),
      TokenCount(
        line: 2, text: "x, \"y\"", characters: 6, tokens: 4, billed: 10, approximate: false, ids: [87, 11, 392, 88], pieces: ["x", ",", " \"", "y"]),
    ]
    let assumption = Golden.book.assumptions["generation-prompt-overhead"]
    for format in OutputFormat.allCases {
      try Golden.check(TokenCountRenderer.render(counts, assumption: assumption, as: format), "tokens.\(format.rawValue)")
    }
  }
}

@Suite struct RendererUnitTests {
  @Test func csvQuotesOnlyWhenNeeded() {
    #expect(CSVWriter.escape("plain") == "plain")
    #expect(CSVWriter.escape("a,b") == "\"a,b\"")
    #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
    #expect(CSVWriter.escape("crlf\r\nline") == "\"crlf\r\nline\"")
  }

  @Test func displayWidthIgnoresEscapesAndCountsWideCharacters() {
    #expect(TextTable.displayWidth("abc") == 3)
    #expect(TextTable.displayWidth("\u{1B}[31mred\u{1B}[0m") == 3)
    #expect(TextTable.displayWidth("桜の花") == 6)
    #expect(TextTable.displayWidth("e\u{301}") == 1)
  }

  @Test func jsonEscapesControlCharacters() {
    #expect(JSONValue.string("a\"b\\c\n\u{01}").rendered() == "\"a\\\"b\\\\c\\n\\u0001\"\n")
  }
}

@Suite struct BudgetAndDiffGoldenTests {
  @Test func budgetFormats() throws {
    let report = try PlanSimulator(book: Golden.book).simulate(
      try PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs))
    for format in OutputFormat.allCases {
      try Golden.check(BudgetRenderer.render(report, as: format), "budget-spring-campaign.\(format.rawValue)")
    }
  }

  @Test func diffFormats() throws {
    let rows = DiffRenderer.rows(
      old: [("total", USD(nanos: 100_000_000_000)), ("month 2026-12", USD(nanos: 40_000_000_000)), ("candidate gone", USD(nanos: 5))],
      new: [("total", USD(nanos: 112_345_000_000)), ("month 2026-12", USD(nanos: 39_999_000_000)), ("candidate new", USD(nanos: 7))])
    #expect(rows.map(\.item) == ["total", "month 2026-12", "candidate gone", "candidate new"])
    #expect(rows[0].percent == "+12.3%")
    #expect(rows[1].percent == "-0.0%" || rows[1].percent == "0.0%")
    #expect(rows[3].percent == nil)
    for format in OutputFormat.allCases {
      try Golden.check(DiffRenderer.render(rows, oldName: "old.json", newName: "new.json", as: format), "diff.\(format.rawValue)")
    }
  }
}

/// Issue 17 §4: every CSV imagecost writes is safe in a spreadsheet.
@Suite struct CSVInjectionTests {
  @Test(arguments: [
    ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+1+1", "'+1+1"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("brand", "brand"), ("-12.5", "-12.5"), ("+3", "+3"), ("1e-9", "1e-9"), ("-", "'-"),
    ("-1e", "'-1e"), ("a=b", "a=b"),
  ])
  func formulaCellsAreNeutralised(field: String, written: String) {
    #expect(CSVWriter.escape(field) == written)
  }
}
