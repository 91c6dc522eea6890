import CostCore

/// The one-line progress display of a long read (stderr, terminals only): a bar and percentage when the
/// input's size is known, else a running record count.
public enum ProgressRendering {
  /// `label [██████░░░░]  60%  600,000 records` — `fraction` in 0…1 (clamped), or nil for a count only.
  public static func line(label: String, records: Int64, fraction: Double?, width: Int = 24) -> String {
    let count = "\(FixedPoint.grouped(records)) records"
    guard let fraction, fraction.isFinite else { return "\(label): \(count)…" }
    let clamped = min(1, max(0, fraction))
    let filled = Int((clamped * Double(width)).rounded(.down))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let percent = Int((clamped * 100).rounded(.down))
    return "\(label) [\(bar)] \(String(repeating: " ", count: 3 - String(percent).count))\(percent)%  \(count)"
  }

  /// `live: 3/10 calls, $0.12 charged, $0.40 committed of $5.00` — a live run's progress.
  public static func live(_ progress: LiveProgress) -> String {
    "live: \(progress.finished)/\(progress.total) calls, \(progress.charged.display) charged, \(progress.committed.display) committed of \(progress.cap.display)"
  }
}
