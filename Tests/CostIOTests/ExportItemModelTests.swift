import CostCore
import CostIO
import Testing

/// Which image model a provider's export line names (an OpenAI Costs API line item, an Azure Cost Management
/// meter). The table is what the hard-coded `MeterNames` (CostCore, until the names became the book's meter
/// patterns) told: the names of the tests and bundled exports, and every shape its code handled.
@Suite struct ExportItemModelTests {
  static let table: [(name: String, model: String?)] = [
    // examples/exports/azure-costs.csv
    ("gpt-image-1-output-img-glbl Tokens", "gpt-image-1"), ("gpt-image-1-inp-txt-glbl Tokens", "gpt-image-1"),
    ("gpt img 1 mini out img glbl Tokens", "gpt-image-1-mini"), ("Image 2 img opt Gl 1M Tokens", "gpt-image-2"),
    ("Image-Dall-E-3 HD HighRes-regnl EP Images", "dall-e-3"), ("LRS Data Stored", nil),
    // examples/exports/openai-costs.json, the live tests' export, the fuzz corpus
    ("gpt-image-1, input", "gpt-image-1"), ("gpt-image-1, output", "gpt-image-1"), ("gpt-image-1.5, output", "gpt-image-1.5"),
    ("gpt-4o-2024-08-06, input", nil), ("gpt-image-1, input and output", "gpt-image-1"), ("Image models, gpt-image-1", "gpt-image-1"),
    ("(all line items)", nil),
    // Tests/CostReportsTests/ExportTests.swift
    ("gpt-image-1-output-img-dzone Tokens", "gpt-image-1"), ("gpt img 1 mini inp cchd txt glbl Tokens", "gpt-image-1-mini"),
    ("gpt img 1.5 out txt gl 1M Tokens", "gpt-image-1.5"), ("Image-DALL-E-2-glbl Images", "dall-e-2"),
    ("gpt-image-1-mini, input", "gpt-image-1-mini"),
    // The shapes MeterNames' code handled: gpt image|img 1 mini|1mini|1.5|2|1, "Image 2 …", dall-e-3, dall-e-2.
    ("gpt-image-1-inp-txt-glbl", "gpt-image-1"), ("gpt img 1 inp txt glbl Tokens", "gpt-image-1"),
    ("gpt-image-1-mini-inp-txt-glbl", "gpt-image-1-mini"), ("gpt img 1mini out img glbl Tokens", "gpt-image-1-mini"),
    ("gpt-image-1mini, output", "gpt-image-1-mini"), ("gpt_image_1mini", "gpt-image-1-mini"),
    ("gpt-image-1.5-inp-img-dzone Tokens", "gpt-image-1.5"), ("gpt img 1.5 cchd inp img glbl Tokens", "gpt-image-1.5"),
    ("gpt-image-2, input", "gpt-image-2"), ("gpt img 2 out img glbl Tokens", "gpt-image-2"), ("Image 2 txt inp DZ 1M Tokens", "gpt-image-2"),
    ("IMAGE-2 cached inp img glbl", "gpt-image-2"), ("Image-Dall-E-3 Std LowRes-glbl Images", "dall-e-3"), ("dall-e-3, images", "dall-e-3"),
    ("Image/DALL-E-3 (HD, HighRes)", "dall-e-3"), ("dall-e-2, images", "dall-e-2"), ("Dall E 2 Images", "dall-e-2"),
    // Names of text models and other services are not image models.
    ("gpt 4o mini 0718 Inp glbl Tokens", nil), ("gpt-4o-mini, input", nil), ("gpt-5-mini, output", nil), ("5.4 mini Inp Gl", nil),
    ("gpt-4.1-mini Provisioned Managed", nil), ("Standard D2 v3", nil), ("", nil), ("gpt image", nil), ("image", nil),
  ]

  /// The bundled book's `meter_patterns.models` (of image models) tell the same model for every name but the
  /// `1mini` spelling, which no export seen has and the book does not list (see the next test).
  @Test func theBooksMeterPatternsTellTheSameModel() {
    let patterns = RealBook.book.exportPatterns
    for (name, model) in Self.table where !name.lowercased().contains("1mini") {
      #expect(patterns.exportModel(of: name) == model, "\(name)")
    }
  }

  static let miniWords = "    - {model: gpt-image-1-mini, words: [gpt, image, \"1\", mini]}\n"
  static let oneMiniWords = "    - {model: gpt-image-1-mini, words: [gpt, image, 1mini]}\n"

  /// With one more line in `pricing/meters.yaml` the book tells every name of the table: a spelling is data.
  @Test func oneLineOfMetersYAMLAddsASpelling() throws {
    let files = try #require(RealBook.files(editing: "meters.yaml", replacing: Self.miniWords, with: Self.miniWords + Self.oneMiniWords))
    let (book, diagnostics) = PriceBookLoader.parse(files: files)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    for (name, model) in Self.table { #expect(book.exportPatterns.exportModel(of: name) == model, "\(name)") }
  }
}
