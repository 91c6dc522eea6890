import Foundation

/// Finds the price book when `--pricing` is not given.
public enum PriceBookLocator {
  /// `$IMAGECOST_PRICING`, else `./pricing`, else a `pricing/` folder beside an ancestor of the
  /// running executable (so `.build/release/imagecost` works from anywhere in a checkout).
  public static func defaultDirectory(environment: [String: String], currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
    if let configured = environment["IMAGECOST_PRICING"], !configured.isEmpty { return configured }
    let manager = FileManager.default
    let local = currentDirectory + "/pricing"
    if manager.fileExists(atPath: local + "/models.yaml") { return "pricing" }
    var url = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = url.appendingPathComponent("pricing")
      if manager.fileExists(atPath: candidate.appendingPathComponent("models.yaml").path) { return candidate.path }
      url = url.deletingLastPathComponent()
    }
    return "pricing"
  }
}
