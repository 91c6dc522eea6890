import CostCore
import CostIO
import Foundation
import Testing

/// The proposed book `--out` writes: changes as new dated rows, old rows closed, comments, a new source,
/// and always a book that passes its checks.
@Suite struct ProposalTests {
  static let citations: [PriceSyncSource: ProposedPriceBook.SourceCitation] = [
    .azureRetail: .init(url: "https://prices.azure.com/api/retail/prices", detail: "fixture pages")
  ]

  static func propose(_ report: PriceSyncReport, book: PriceBook = SyncFixtures.book) throws -> ProposedPriceBook.Proposal {
    let files = try PriceBookLoader.readFiles(directory: SyncFixtures.bookDirectory)
    return ProposedPriceBook.propose(files: files, book: book, report: report, citations: citations)
  }

  static func load(_ proposal: ProposedPriceBook.Proposal) -> (PriceBook, [PriceBookDiagnostic]) {
    PriceBookLoader.parse(files: proposal.files.map { (name: "proposed/\($0.name)", text: $0.text) })
  }

  static func price(
    _ book: PriceBook, _ provider: String, _ type: String, _ model: String, _ component: ComponentKind, _ date: String,
    quality: String? = nil, size: String? = nil
  ) -> RateRow? {
    guard
      case .rate(let row)? = try? book.rate(
        provider: provider, deploymentType: type, region: nil, model: model, component: component, quality: quality,
        size: size.flatMap(ImageSize.init), date: CivilDate(date)!)
    else { return nil }
    return row
  }

  @Test func theProposedBookPassesItsChecksAndCarriesTheChanges() throws {
    let proposal = try ProposalTests.propose(try SyncFixtures.report())
    let (book, problems) = ProposalTests.load(proposal)
    #expect(problems.isEmpty, "\(problems)")

    // The changed Azure price: a new row from 2026-11-01; the old row ends that day.
    let after = try #require(ProposalTests.price(book, "azure", "global", "gpt-image-1", .imageInput, "2026-11-15"))
    #expect(after.price.publishedText == "0.012 per 1K tokens")
    #expect(after.source == "SYNC-AZ-2026-12-02")
    #expect(after.meter == "gpt-image-1-inp-img-glbl Tokens")
    let before = try #require(ProposalTests.price(book, "azure", "global", "gpt-image-1", .imageInput, "2026-10-31"))
    #expect(before.price.publishedText == "0.01 per 1K tokens" && before.effective.to == CivilDate("2026-11-01"))
    // The components that did not change carry over into the new row unchanged.
    #expect(ProposalTests.price(book, "azure", "global", "gpt-image-1", .textInput, "2026-11-15")?.price.publishedText == "0.005 per 1K tokens")
    // New meters: a new row for gpt-image-1.5 on Azure Global.
    #expect(ProposalTests.price(book, "azure", "global", "gpt-image-1.5", .imageOutput, "2026-01-01")?.price.publishedText == "32.00 per 1M tokens")
    // The secondary change to a row citing a secondary source is applied from the run's date.
    #expect(ProposalTests.price(book, "openai", "standard", "gpt-image-1.5", .textOutput, "2026-12-02")?.price.publishedText == "12.00 per 1M tokens")
    // The secondary change to an official row is not.
    #expect(ProposalTests.price(book, "openai", "standard", "gpt-image-1", .imageOutput, "2026-12-02")?.price.publishedText == "40.00 per 1M tokens")

    // The sync's sources, read on the run's date.
    #expect(book.sources["SYNC-AZ-2026-12-02"]?.label == "official")
    #expect(book.sources["SYNC-LL-2026-12-02"]?.label == "secondary")
    #expect(book.asOf == CivilDate("2026-12-02"))

    // Each change is commented with its source.
    let azure = try #require(proposal.files.first { $0.name == "azure.yaml" }?.text)
    #expect(
      azure.contains(
        "# imagecost pricing sync 2026-12-02 (SYNC-AZ-2026-12-02, Azure Retail Prices API, official): image_input 0.01 per 1K tokens → 0.012 per 1K tokens from 2026-11-01"
      ))
    #expect(azure.contains("effective_from: 2025-04-01, effective_to: 2026-11-01, source: S10"))
    #expect(
      azure.contains(
        "# imagecost pricing sync 2026-12-02: the Azure Retail Prices API no longer lists gpt-image-1 on azure datazone: image_input; review (left unchanged)"
      ))

    // What happened to each finding.
    let findings = proposal.report.findings
    #expect(
      findings.first { $0.kind == .changed && $0.provider == "azure" }?.proposal?.hasPrefix("applied: new row from 2026-11-01 in azure.yaml") == true)
    #expect(findings.first { $0.kind == .changed && $0.model == "gpt-image-1" && $0.provider == "openai" }?.proposal == nil)
    #expect(proposal.report.proposedSources == ["SYNC-AZ-2026-12-02", "SYNC-LL-2026-12-02"])

    // Synced again, the proposed book agrees with the official source.
    var azureOnly = try SyncFixtures.azureInput()
    azureOnly.sources = [.azureRetail]
    let again = PriceSync.compare(book: book, input: azureOnly, date: SyncFixtures.runDate)
    #expect(again.count(.changed) == 0 && again.count(.newMeter) == 0, "\(again.findings.filter { $0.kind.isDifference })")
  }

  @Test func blockStyleRowsAndSameDayCorrections() throws {
    let page = """
      {"Items": [
        {"meterName": "Image-Dall-E-3 Std HighRes-glbl Images", "retailPrice": 9, "unitOfMeasure": "100", "armRegionName": "eastus",
         "effectiveStartDate": "2026-12-01T00:00:00Z", "currencyCode": "USD", "type": "Consumption"},
        {"meterName": "gpt-image-1-inp-txt-dzone Tokens", "retailPrice": 0.006, "unitOfMeasure": "1K", "armRegionName": "westeurope",
         "effectiveStartDate": "2025-04-01T00:00:00Z", "currencyCode": "USD", "type": "Consumption"}
      ], "NextPageLink": null}
      """
    let input = try AzureRetailReader.read(try AzureRetailReader.page(Array(page.utf8), file: "p.json"), file: "p.json", book: SyncFixtures.book)
    let report = PriceSync.compare(book: SyncFixtures.book, input: input, date: SyncFixtures.runDate)
    #expect(report.count(.changed) == 3)  // two DALL·E sizes, one correction
    let proposal = try ProposalTests.propose(report)
    let (book, problems) = ProposalTests.load(proposal)
    #expect(problems.isEmpty, "\(problems)")
    #expect(
      ProposalTests.price(book, "azure", "global", "dall-e-3", .image, "2026-12-05", quality: "standard", size: "1792x1024")?.price.publishedText
        == "9.00 per 100 images")
    #expect(
      ProposalTests.price(book, "azure", "global", "dall-e-3", .image, "2026-11-30", quality: "standard", size: "1792x1024")?.price.publishedText
        == "8.00 per 100 images")
    #expect(
      ProposalTests.price(book, "azure", "global", "dall-e-3", .image, "2026-12-05", quality: "hd", size: "1024x1792")?.price.publishedText
        == "12.00 per 100 images")
    #expect(
      ProposalTests.price(book, "azure", "global", "dall-e-3", .image, "2026-12-05", quality: "hd", size: "1024x1792")?.assumption
        == "azure-dalle3-resolution-meters")
    let azure = try #require(proposal.files.first { $0.name == "azure.yaml" }?.text)
    #expect(azure.contains("    effective_from: 2025-03-01\n    effective_to: 2026-12-01\n"))
    // Same start day, another price: corrected in place.
    #expect(ProposalTests.price(book, "azure", "datazone", "gpt-image-1", .textInput, "2025-04-01")?.price.publishedText == "0.006 per 1K tokens")
    #expect(azure.contains("text_input corrected 0.0055 per 1K tokens → 0.006 per 1K tokens"))
  }

  @Test func aChangeInSomeOfARowsRegionsIsNotAppliedToTheOthers() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-sync-regional-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(at: URL(fileURLWithPath: SyncFixtures.bookDirectory), to: dir)
    let regional = """
      schema_version: 1
      rates:
        - {provider: azure, deployment_type: regional, regions: [eastus, westus2], model: dall-e-3, unit: 100 images, effective_from: 2025-09-01,
           source: S10, assumption: azure-dalle3-resolution-meters,
           images: {standard: {1024x1024: 4.40, 1024x1792: 8.80, 1792x1024: 8.80}, hd: {1024x1024: 8.80, 1024x1792: 13.20, 1792x1024: 13.20}}}
      """
    try Data(regional.utf8).write(to: dir.appendingPathComponent("regional.yaml"))
    let files = try PriceBookLoader.readFiles(directory: dir.path)
    let (book, loadProblems) = PriceBookLoader.parse(files: files)
    #expect(loadProblems.isEmpty, "\(loadProblems)")
    func item(_ region: String, _ price: String) -> String {
      #"{"meterName": "Image-Dall-E-3 Std LowRes-regnl EP Images", "retailPrice": \#(price), "unitOfMeasure": "100", "armRegionName": "\#(region)", "effectiveStartDate": "2026-12-01T00:00:00Z"}"#
    }
    let page = #"{"Items": [\#(item("eastus", "5.00")), \#(item("westus2", "4.40"))]}"#
    let input = try AzureRetailReader.read(try AzureRetailReader.page(Array(page.utf8), file: "p.json"), file: "p.json", book: book)
    let report = PriceSync.compare(book: book, input: input, date: SyncFixtures.runDate)
    let changed = try #require(report.findings(.changed).first)
    #expect(changed.regions == ["eastus"] && changed.new?.publishedText == "5.00 per 100 images")
    #expect(report.findings(.unchanged, model: "dall-e-3").first?.regions == ["westus2"])
    let proposal = ProposedPriceBook.propose(files: files, book: book, report: report, citations: ProposalTests.citations)
    let finding = try #require(proposal.report.findings.first { $0.kind == .changed })
    #expect(!finding.applicable && finding.proposal == nil)
    #expect(finding.note.contains("westus2 keep(s) another price; split the row by region by hand"), "\(finding.note)")
    let text = try #require(proposal.files.first { $0.name == "regional.yaml" }?.text)
    #expect(!text.contains("effective_to") && text.hasSuffix(regional.split(separator: "\n").suffix(3).joined(separator: "\n")))
  }

  @Test func editsThatWouldBreakTheBookAreLeftOutAndSaySo() throws {
    // A new Azure Batch meter for gpt-image-1 with image input only: a token model's rows need text input and
    // image output, so that row would fail the book's checks.
    let observation = PriceObservation(
      source: .azureRetail, provider: "azure", deploymentType: "batch", model: "gpt-image-1", component: .imageInput,
      price: Price(amount: USD(decimal: "0.005")!, unit: .perThousandTokens), effective: CivilDate("2026-11-01"), meter: "x", origin: "p.json")
    let report = PriceSync.compare(
      book: SyncFixtures.book, input: PriceSyncInput(sources: [.azureRetail], observations: [observation]), date: SyncFixtures.runDate)
    let proposal = try ProposalTests.propose(report)
    #expect(ProposalTests.load(proposal).1.isEmpty)
    let finding = try #require(proposal.report.findings.first { $0.kind == .newMeter })
    #expect(finding.proposal?.hasPrefix("not applied: the proposed book would fail its checks") == true, "\(finding.proposal ?? "nil")")
    #expect(finding.proposal?.contains("no text_input rate") == true)
  }
}
