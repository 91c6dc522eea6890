import CostCore
import CostReports
import Foundation
import Replay

/// A throttled `records` counter on stderr for long inputs: only on a terminal, at most ~10 updates a
/// second, erased when done, never mixed into stdout.
struct ProgressLine {
  let label: String
  let enabled = isatty(STDERR_FILENO) != 0
  private var count: Int64 = 0
  private var lastDraw = Date.distantPast
  private var drawn = false

  init(label: String) { self.label = label }

  mutating func tick() {
    count += 1
    guard count & 0x3FFF == 0 else { return }
    update(count)
  }

  /// Shows `records` read so far (at most ten times a second).
  mutating func update(_ records: Int64) { update(records: records, fraction: nil) }

  /// Shows a bar for the part of the file read (at most ten times a second).
  mutating func update(_ progress: ReadProgress) { update(records: progress.records, fraction: progress.fraction) }

  private mutating func update(records: Int64, fraction: Double?) {
    count = records
    guard enabled else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
    lastDraw = now
    drawn = true
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(ProgressRendering.line(label: label, records: count, fraction: fraction))".utf8))
  }

  func finish() {
    guard drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}

/// The live-run progress line on stderr (terminal only).
final class LiveProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled = isatty(STDERR_FILENO) != 0
  private var drawn = false
  let total: Int

  init(total: Int) { self.total = total }

  func update(_ progress: LiveProgress) {
    guard enabled else { return }
    lock.withLock {
      drawn = true
      FileHandle.standardError.write(Data("\r\u{1B}[2K\(ProgressRendering.live(progress))".utf8))
    }
  }

  func finish() {
    lock.withLock {
      if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
  }
}
