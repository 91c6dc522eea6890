import CostCore
import Foundation
import ImageAPI
import LiveRun
import Testing

/// `CalibrationRun.prepare` without the command line: probes planned cheapest first under the cap, as calls
/// numbered in sending order, their input files in the folder given; nothing is sent or written.
@Suite struct CalibrationRunTests {
  @Test(arguments: ["0.05", "0.50", "5.00"])
  func plansProbesUnderTheCap(cap: String) throws {
    let settings = LiveRunPrepareTests.settings(cap: cap)
    let run = try CalibrationRun.prepare(
      model: "gpt-image-2", book: Live.book, date: Live.date, settings: settings, inputsFolder: "in", countPrompt: { ($0.count, true) },
      runID: "run-c")
    #expect(run.deployment == "img2")
    #expect(run.planned.map(\.call.seq) == Array(0..<run.planned.count))
    #expect(run.planned.map(\.call.group) == run.plan.selected.map(\.probe.id))
    // Every selected probe's worst case together fits under the cap; the preview prices the same calls.
    let worst = run.planned.reduce(USD.zero) { $0 + $1.prediction.worstCase }
    #expect(worst <= USD(decimal: cap)!)
    #expect(run.preview.worstCase == worst)
    #expect(run.planned.allSatisfy { $0.call.id.hasPrefix("run-c/") })
    #expect(run.planned.flatMap(\.call.inputFiles).allSatisfy { $0.hasPrefix("in/input-") })
    // $5 affords the cheap probes.
    if cap == "5.00" { #expect(!run.planned.isEmpty) }
  }

  @Test func refusesARetiredModel() {
    let settings = LiveRunPrepareTests.settings(deployments: ["d3": "dall-e-3"], cap: "1.00")
    #expect(throws: LivePreparationError.self) {
      _ = try CalibrationRun.prepare(
        model: "dall-e-3", book: Live.book, date: CivilDate(year: 2026, month: 11, day: 1)!, settings: settings, inputsFolder: "in",
        countPrompt: { ($0.count, true) })
    }
  }
}
