import CostCore
import CostIO
import Foundation
import ImageAPI

/// A calibration without a command line: the probes planned cheapest first under the cap and the calls that send
/// them (``prepare(model:book:date:settings:inputsFolder:countPrompt:runID:)``), their input files
/// (``writeInputs()``), and after the run the verdicts and the overlay document (``verdicts(of:book:date:endpoint:redactor:countPrompt:)``).
public struct CalibrationRun: Sendable {
  public let model: String
  public let runID: String
  /// The Azure deployment the probes go to; nil on OpenAI.
  public let deployment: String?
  public let plan: CalibrationPlan
  /// The selected probes as calls, in order, each with its prediction.
  public let planned: [PlannedCall]
  /// Where the probes' generated input image and mask are written.
  public let inputsFolder: String
  public let cap: USD
  public let date: CivilDate

  /// The run's name in the journal and reports.
  public var planName: String { "calibration of \(model)" }

  /// The priced preview of the selected probes.
  public var preview: LivePreview { LiveRun.preview(planned, cap: cap, planName: planName, date: date) }

  /// Plans the probes of `model` under `settings.cap`, refusing a retired model, and prices each as a call.
  public static func prepare(
    model: String, book: PriceBook, date: CivilDate, settings: LiveRunSettings, inputsFolder: String, countPrompt: LiveRun.PromptCounter,
    runID: String = LiveRun.newRunID()
  ) throws -> CalibrationRun {
    try settings.checkLifecycle(of: [model], book: book, date: date)
    let calibrator = Calibrator(book: book)
    let probes = try calibrator.probes(
      model: model, provider: settings.provider.rawValue, deploymentType: settings.deploymentType, region: settings.region)
    let deployment = try settings.deployment(for: model, explicit: nil)
    let pricer = LiveCallPricer(book: book)
    var calls: [String: LiveCall] = [:]
    func call(_ probe: CalibrationProbe, seq: Int) throws -> LiveCall {
      var request = probe.request
      let count = try countPrompt(probe.prompt)
      request.prompt = .counted(tokens: count.tokens, exact: count.exact)
      request.promptCharacters = probe.prompt.unicodeScalars.count
      return LiveCall(
        id: "\(runID)/\(probe.id)#1", seq: seq, group: probe.id, deployment: deployment, request: request, prompt: probe.prompt,
        inputFiles: probe.inputImage.map { ["\(inputsFolder)/input-\($0).png"] } ?? [],
        maskFile: probe.mask ? "\(inputsFolder)/mask-1024x1024.png" : nil)
    }
    let plan = try calibrator.plan(model: model, probes: probes, cap: settings.cap) { probe in
      let live = try call(probe, seq: calls.count)
      calls[probe.id] = live
      return try pricer.predict(live, date: date)
    }
    // The selected probes, numbered in the order they are sent.
    let planned = plan.selected.enumerated().map { index, item -> PlannedCall in
      let original = calls[item.probe.id]!
      let live = LiveCall(
        id: original.id, seq: index, group: original.group, deployment: original.deployment, request: original.request, prompt: original.prompt,
        inputFiles: original.inputFiles, maskFile: original.maskFile)
      return PlannedCall(call: live, prediction: item.prediction)
    }
    return CalibrationRun(
      model: model, runID: runID, deployment: deployment, plan: plan, planned: planned, inputsFolder: inputsFolder, cap: settings.cap, date: date)
  }

  /// Writes the selected probes' input image and mask (solid colour; the mask's left half is the edit region).
  public func writeInputs() throws {
    try FileManager.default.createDirectory(atPath: inputsFolder, withIntermediateDirectories: true)
    for size in Set(plan.selected.compactMap(\.probe.inputImage)) {
      try Data(PNGWriter.solid(width: size.width, height: size.height, rgba: (240, 240, 240, 255))).write(
        to: URL(fileURLWithPath: "\(inputsFolder)/input-\(size).png"))
    }
    if plan.selected.contains(where: \.probe.mask) {
      try Data(PNGWriter.solid(width: 1024, height: 1024, rgba: (0, 0, 0, 255), transparentColumns: 512)).write(
        to: URL(fileURLWithPath: "\(inputsFolder)/mask-1024x1024.png"))
    }
  }

  /// Each assumption's verdict from what the run observed, and the overlay document (secrets redacted).
  public func verdicts(
    of result: LiveRunResult, book: PriceBook, provider: String, endpoint: String, redactor: SecretRedactor, countPrompt: LiveRun.PromptCounter
  ) -> (checks: [AssumptionCheck], overlay: String) {
    let calibrator = Calibrator(book: book)
    let observations = result.entries.map { entry in
      CalibrationObservation(
        probeID: entry.record.group, callID: entry.record.callID, usage: entry.outcome?.usage,
        promptTokens: (try? countPrompt(planned.first { $0.call.id == entry.record.callID }?.call.prompt ?? "").tokens) ?? 0,
        requestID: entry.outcome?.providerRequestID)
    }
    let checks = calibrator.evaluate(model: model, probes: plan.selected.map(\.probe), observations: observations)
    let document = calibrator.overlay(
      checks: checks, date: date, runID: runID, provider: provider, deployment: deployment, model: model, endpoint: endpoint)
    return (checks, redactor(document))
  }
}
