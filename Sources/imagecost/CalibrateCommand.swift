import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import LiveRun

struct CalibrateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Check the price book's token tables and overheads with the fewest real calls that fit under --max-spend.",
    discussion: """
      Plans probes cheapest first (low-quality generations, a streamed partial image, n=2, small edits), sends them \
      like `live run` (same cap, journal and retries), then reports each assumption as confirmed, contradicted or \
      measured and writes the observations with date and evidence to an overlay file. pricing/ is never edited.
      """)

  @OptionGroup var book: PriceBookOptions
  @OptionGroup var connection: LiveConnectionOptions

  @Option(help: "The model to calibrate (default: the model of the only --deployment).")
  var model: String?

  @Option(help: "Where to write the overlay (YAML).")
  var overlay: String = ".imagecost/calibration-overlay.yaml"

  func run() async throws {
    let priceBook = try book.load()
    guard let model = model ?? connection.deploymentMap.first?.model else {
      throw ValidationError("Give --model MODEL (or --deployment NAME=MODEL on Azure).")
    }
    let overlayURL = URL(fileURLWithPath: overlay).standardizedFileURL.path
    let pricingURL = URL(fileURLWithPath: book.resolvedDirectory()).standardizedFileURL.path
    if overlayURL.hasPrefix(pricingURL + "/") { throw CalibrationError.overlayInsidePriceBook(overlay) }
    let date = book.pricingDate()
    // The probes' generated input images go next to the overlay.
    let folder = (overlay as NSString).deletingLastPathComponent
    let calibration = try CalibrationRun.prepare(
      model: model, book: priceBook, date: date, settings: connection.settings,
      inputsFolder: folder.isEmpty ? "calibration-inputs" : folder + "/calibration-inputs", countPrompt: PromptCounter.count)
    Output.result(CalibrationRendering.plan(calibration.plan))
    guard !calibration.plan.selected.isEmpty else {
      throw JobFailure(
        "Not even the cheapest probe (worst case \(calibration.plan.skipped.first?.prediction.worstCase.display ?? "?")) fits under --max-spend \(connection.cap.display); nothing was sent."
      )
    }
    guard connection.yes else {
      Output.diagnostic(
        "Nothing was sent. Re-run with --yes to make these \(calibration.plan.selected.count) calls (never more than \(connection.cap.display)).")
      return
    }
    try calibration.writeInputs()
    let result = try await connection.execute(
      calibration.planned, runID: calibration.runID, kind: "calibration", planFile: "(calibration)", planName: calibration.planName, date: date,
      book: priceBook, saveImages: nil, seed: nil, preview: calibration.preview)
    let environment = ProcessInfo.processInfo.environment
    let endpoint = (try? connection.resolvedEndpoint(environment: environment).baseURL).map(LiveEndpoint.redactedURL) ?? ""
    let redactor = (try? APICredential.fromEnvironment(connection.liveProvider, environment: environment))?.redactor ?? .none
    let (checks, document) = calibration.verdicts(
      of: result, book: priceBook, provider: connection.liveProvider.rawValue, endpoint: endpoint, redactor: redactor,
      countPrompt: PromptCounter.count)
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    try Data(document.utf8).write(to: URL(fileURLWithPath: overlay), options: .atomic)
    Output.result(LiveRenderer.summary(result.summary, entries: result.entries, ledger: result.ledger, as: .table))
    Output.result(CalibrationRendering.checks(checks, overlay: overlay))
    if result.summary.succeeded < calibration.planned.count { throw ExitCode.failure }
  }
}
