import Foundation

/// Where the tests find the `imagecost` binary SwiftPM built beside them (CLI and live-mode tests).
public enum ImagecostBinary {
  /// The checkout's root (for examples, the price book and the fallback path).
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The binary next to the test bundle, else `.build/debug/imagecost` in the checkout.
  public static let url: URL = {
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for dir in candidates {
      let url = dir.appendingPathComponent("imagecost")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return root.appendingPathComponent(".build/debug/imagecost")
  }()
}
