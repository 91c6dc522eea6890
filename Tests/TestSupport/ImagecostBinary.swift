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

/// What one run of the binary printed and how it ended.
public struct ImagecostRun: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
}

extension ImagecostBinary {
  /// Runs the binary with `arguments` in `directory` (default: the checkout), its clock pinned to `today`
  /// (`IMAGECOST_TODAY`) and colour off, plus `environment`; `launcher` runs it through another program
  /// (e.g. `setpriv … ` to drop privileges). Waits for it to end.
  public static func run(
    _ arguments: [String], today: String, environment extra: [String: String] = [:], in directory: URL? = nil, launcher: [String] = []
  ) throws -> ImagecostRun {
    let process = Process()
    if let program = launcher.first {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = Array(launcher.dropFirst()) + [url.path] + arguments
    } else {
      process.executableURL = url
      process.arguments = arguments
    }
    process.currentDirectoryURL = directory ?? root
    var environment = ProcessInfo.processInfo.environment
    environment["IMAGECOST_TODAY"] = today
    environment["NO_COLOR"] = "1"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ImagecostRun(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }
}
