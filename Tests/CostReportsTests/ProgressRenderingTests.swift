import CostCore
import CostReports
import Foundation
import Testing

@testable import CostIO
@testable import Replay

/// The progress line: a bar when the size is known, a count otherwise; and the reader's reports behind it.
@Suite struct ProgressRenderingTests {
  @Test(arguments: [
    (0.0, "log [░░░░░░░░]   0%  0 records"),
    (0.5, "log [████░░░░]  50%  0 records"),
    (0.999, "log [███████░]  99%  0 records"),
    (1.0, "log [████████] 100%  0 records"),
    (1.7, "log [████████] 100%  0 records"),
    (-1.0, "log [░░░░░░░░]   0%  0 records"),
  ])
  func bar(fraction: Double, expected: String) {
    #expect(ProgressRendering.line(label: "log", records: 0, fraction: fraction, width: 8) == expected)
  }

  @Test func countWithoutASize() {
    #expect(ProgressRendering.line(label: "log.gz", records: 1_234_567, fraction: nil) == "log.gz: 1,234,567 records…")
    #expect(ProgressRendering.line(label: "x", records: 5, fraction: .nan) == "x: 5 records…")
  }

  @Test func liveRun() {
    let progress = LiveProgress(
      finished: 3, total: 10, charged: USD(decimal: "0.12")!, committed: USD(decimal: "0.4")!, cap: USD(decimal: "5")!, lastCall: "r/a#1",
      lastState: .succeeded)
    #expect(
      ProgressRendering.live(progress)
        == "live: 3/10 calls, \(USD(decimal: "0.12")!.display) charged, \(USD(decimal: "0.4")!.display) committed of \(USD(decimal: "5")!.display)")
    #expect(ProgressRendering.live(progress).hasPrefix("live: 3/10 calls, $0.12"))
  }
}
