import Foundation

/// Golden files: the expected output of a renderer, kept beside its tests and re-recorded on purpose.
public enum GoldenFile {
  /// The golden text at `url`; with `RECORD_GOLDEN` set, `actual` is written there first (so it matches).
  public static func expected(_ actual: String, at url: URL) throws -> String {
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      return actual
    }
    return try String(contentsOf: url, encoding: .utf8)
  }
}
