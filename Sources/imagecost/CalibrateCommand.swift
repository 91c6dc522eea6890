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
    try connection.settings.checkLifecycle(of: [model], book: priceBook, date: date)
    let calibrator = Calibrator(book: priceBook)
    let probes = try calibrator.probes(
      model: model, provider: connection.liveProvider.rawValue, deploymentType: connection.deploymentType, region: connection.region)
    let runID = LiveRun.newRunID()
    let deployment = try connection.settings.deployment(for: model, explicit: nil)
    // The probes' generated input images go next to the overlay.
    let overlayFolder = (overlay as NSString).deletingLastPathComponent
    let inputs = overlayFolder.isEmpty ? "calibration-inputs" : overlayFolder + "/calibration-inputs"
    let pricer = LiveCallPricer(book: priceBook)
    var calls: [String: LiveCall] = [:]
    func call(_ probe: CalibrationProbe, seq: Int) throws -> LiveCall {
      var request = probe.request
      let count = try PromptCounter.count(probe.prompt)
      request.prompt = .counted(tokens: count.tokens, exact: count.exact)
      request.promptCharacters = probe.prompt.unicodeScalars.count
      var files: [String] = []
      if let size = probe.inputImage { files.append("\(inputs)/input-\(size).png") }
      return LiveCall(
        id: "\(runID)/\(probe.id)#1", seq: seq, group: probe.id, deployment: deployment, request: request, prompt: probe.prompt, inputFiles: files,
        maskFile: probe.mask ? "\(inputs)/mask-1024x1024.png" : nil)
    }
    let plan = try calibrator.plan(model: model, probes: probes, cap: connection.cap) { probe in
      let live = try call(probe, seq: calls.count)
      calls[probe.id] = live
      return try pricer.predict(live, date: date)
    }
    Output.result(CalibrationRendering.plan(plan))
    guard !plan.selected.isEmpty else {
      throw JobFailure(
        "Not even the cheapest probe (worst case \(plan.skipped.first?.prediction.worstCase.display ?? "?")) fits under --max-spend \(connection.cap.display); nothing was sent."
      )
    }
    guard connection.yes else {
      Output.diagnostic("Nothing was sent. Re-run with --yes to make these \(plan.selected.count) calls (never more than \(connection.cap.display)).")
      return
    }
    // The probes' input image and mask, generated here (solid colour; the mask's left half is the edit region).
    try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
    for size in Set(plan.selected.compactMap(\.probe.inputImage)) {
      try Data(PNGWriter.solid(width: size.width, height: size.height, rgba: (240, 240, 240, 255))).write(
        to: URL(fileURLWithPath: "\(inputs)/input-\(size).png"))
    }
    if plan.selected.contains(where: \.probe.mask) {
      try Data(PNGWriter.solid(width: 1024, height: 1024, rgba: (0, 0, 0, 255), transparentColumns: 512)).write(
        to: URL(fileURLWithPath: "\(inputs)/mask-1024x1024.png"))
    }
    let planned = plan.selected.enumerated().map { index, item -> PlannedCall in
      let original = calls[item.probe.id]!
      let live = LiveCall(
        id: original.id, seq: index, group: original.group, deployment: original.deployment, request: original.request, prompt: original.prompt,
        inputFiles: original.inputFiles, maskFile: original.maskFile)
      return PlannedCall(call: live, prediction: item.prediction)
    }
    let preview = LiveRun.preview(planned, cap: connection.cap, planName: "calibration of \(model)", date: date)
    let result = try await connection.execute(
      planned, runID: runID, kind: "calibration", planFile: "(calibration)", planName: "calibration of \(model)", date: date, book: priceBook,
      saveImages: nil, seed: nil, preview: preview)
    let observations = result.entries.map { entry in
      CalibrationObservation(
        probeID: entry.record.group, callID: entry.record.callID, usage: entry.outcome?.usage,
        promptTokens: (try? PromptCounter.count(planned.first { $0.call.id == entry.record.callID }?.call.prompt ?? "").tokens) ?? 0,
        requestID: entry.outcome?.providerRequestID)
    }
    let checks = calibrator.evaluate(model: model, probes: plan.selected.map(\.probe), observations: observations)
    let endpoint = (try? connection.resolvedEndpoint(environment: ProcessInfo.processInfo.environment).baseURL).map(LiveEndpoint.redactedURL) ?? ""
    let redactor = (try? APICredential.fromEnvironment(connection.liveProvider, environment: ProcessInfo.processInfo.environment))?.redactor ?? .none
    let document = redactor(
      calibrator.overlay(
        checks: checks, date: date, runID: runID, provider: connection.liveProvider.rawValue, deployment: deployment, model: model, endpoint: endpoint
      ))
    let folder = (overlay as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    try Data(document.utf8).write(to: URL(fileURLWithPath: overlay), options: .atomic)
    Output.result(LiveRenderer.summary(result.summary, entries: result.entries, ledger: result.ledger, as: .table))
    Output.result(CalibrationRendering.checks(checks, overlay: overlay))
    if result.summary.succeeded < planned.count { throw ExitCode.failure }
  }
}

/// Text of the calibration plan and verdicts.
enum CalibrationRendering {
  static func plan(_ plan: CalibrationPlan) -> String {
    var table = TextTable(headers: ["Probe", "Checks", "Predicted", "Worst case", ""], alignments: [.left, .left, .right, .right, .left])
    for item in plan.selected {
      table.rows.append([
        item.probe.id, item.probe.checks.joined(separator: ", "), item.prediction.predicted.display, item.prediction.worstCase.display, "",
      ])
    }
    for item in plan.skipped {
      table.rows.append([
        item.probe.id, item.probe.checks.joined(separator: ", "), item.prediction.predicted.display, item.prediction.worstCase.display,
        "does not fit",
      ])
    }
    return
      "Calibration of \(plan.model): \(plan.selected.count) probe\(plan.selected.count == 1 ? "" : "s"), predicted \(plan.predicted.display), worst case \(plan.worstCase.display) of --max-spend \(plan.cap.display)\n\n"
      + table.renderPlain()
  }

  static func checks(_ checks: [AssumptionCheck], overlay: String) -> String {
    var table = TextTable(headers: ["Assumption", "Status", "Assumed", "Observed"], alignments: [.left, .left, .left, .left])
    for check in checks { table.rows.append([check.id, check.status.rawValue, check.assumed, check.observed]) }
    let contradicted = checks.filter { $0.status == .contradicted }.count
    let confirmed = checks.filter { $0.status == .confirmed }.count
    return "\n" + table.renderPlain()
      + "\n\(confirmed) confirmed, \(contradicted) contradicted. Observations and evidence: \(overlay) (pricing/ is unchanged).\n"
  }
}
