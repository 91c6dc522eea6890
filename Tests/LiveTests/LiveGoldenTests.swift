import CostCore
import CostReports
import Foundation
import ImageAPI
import TestSupport
import Testing

/// Golden files for live mode's outputs in every format: the plan preview and a reconciliation with known
/// drift (re-record with `RECORD_GOLDEN=1 swift test`).
@Suite struct LiveGoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static func check(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let expected = try GoldenFile.expected(actual, at: directory.appendingPathComponent(name))
    #expect(actual == expected, "output differs from golden file \(name); re-record with RECORD_GOLDEN=1 if intended", sourceLocation: sourceLocation)
  }

  static func planned() throws -> [PlannedCall] {
    try Live.planned([
      Live.call("plan/low#1", seq: 0, group: "low"),
      Live.call("plan/low#2", seq: 1, group: "low"),
      Live.call("plan/streamed#1", seq: 2, group: "streamed", model: "gpt-image-1-mini", partialImages: 2),
      Live.call(
        "plan/edit#1", seq: 3, group: "edit", quality: "medium", operation: .edit, inputFiles: ["in.png"],
        inputSizes: [ImageSize(width: 512, height: 512)], fidelity: "high"),
    ])
  }

  @Test func previewInEveryFormat() throws {
    let planned = try LiveGoldenTests.planned()
    let preview = LivePreview(
      planName: "Golden plan", date: Live.date, cap: USD(decimal: "0.50")!,
      rows: planned.map {
        LivePreview.Row(
          callID: $0.call.id, group: $0.call.group, model: $0.call.request.model, predicted: $0.prediction.predicted, low: $0.prediction.low,
          high: $0.prediction.high, worstCase: $0.prediction.worstCase)
      })
    for format in OutputFormat.allCases {
      try LiveGoldenTests.check(LiveRenderer.preview(preview, as: format), "live-preview.\(format.rawValue)")
    }
  }

  @Test func reconciliationWithKnownDriftInEveryFormat() throws {
    let planned = try LiveGoldenTests.planned()
    // Drift: +6 text tokens on every call, +16 image output tokens on the second, the edit failed without usage.
    let calls = planned.enumerated().map { index, p -> ReconcileInput in
      let t = TokenCounts(predicted: p.prediction.tokens)
      let failed = p.call.request.operation == .edit
      let usage =
        failed
        ? nil
        : TokenCounts(
          inputTokens: t.inputTextTokens! + 6 + (t.inputImageTokens ?? 0), inputTextTokens: t.inputTextTokens! + 6,
          inputImageTokens: t.inputImageTokens ?? 0,
          outputTokens: t.outputImageTokens! + (index == 1 ? 16 : 0), outputImageTokens: t.outputImageTokens! + (index == 1 ? 16 : 0),
          outputTextTokens: 0)
      return ReconcileInput(
        callID: p.call.id, group: p.call.group, request: p.call.request, state: failed ? .failed : .succeeded, predicted: p.prediction.predicted,
        predictedTokens: t, usage: usage, charged: .zero, worstCase: p.prediction.worstCase, day: Live.date)
    }
    let report = Reconciler(book: Live.book).reconcile(runID: "golden-run", calls: calls, priceDate: Live.date)
    #expect(report.total.attribution.values.reduce(USD.zero, +) == report.total.actual - report.total.predictedCompared)
    for format in OutputFormat.allCases {
      try LiveGoldenTests.check(LiveRenderer.reconciliation(report, as: format), "live-reconcile.\(format.rawValue)")
    }
    let html = LiveRenderer.reconciliationHTML(report)
    try LiveGoldenTests.check(html, "live-reconcile.html")
    // The page's gap, its causes and the group total agree; the failed call is "not compared", never $0.
    #expect(html.contains("<td><strong>Gap</strong></td><td class=\"num\"><strong>\(report.total.delta.display)</strong></td>"))
    #expect(html.contains("Not compared") && html.contains(report.notCompared[0].amount.display))
    #expect(!html.contains("<script"))
  }
}
