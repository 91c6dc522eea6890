import ArgumentParser
import CostCore
import CostIO

/// How `replay` and `import` read their input files: the kind, CSV column map, deployment names and bad lines.
struct LogInputOptions: ParsableArguments {
  @Flag(name: .customLong("skip-bad"), help: "Skip malformed lines (counted and listed) instead of stopping at the first.")
  var skipBad = false

  @Option(
    name: .customLong("deployment"),
    help: "Map an Azure deployment name to its model, e.g. img1=gpt-image-1 (repeatable), for logs that record the deployment.")
  var deploymentMap: [String] = []

  @Option(help: "Input kind: \(InputSource.allCases.map(\.rawValue).joined(separator: ", ")) (default: detected per file; --map implies csv).")
  var source: String?

  @Option(
    help:
      "For --source csv: FIELD=COLUMN pairs, e.g. time=created_at,model=model,quality=q,size=size,input_tokens=in,output_tokens=out,tag:team=team.")
  var map: String?

  func validate() throws {
    if let source, InputSource(rawValue: source) == nil {
      throw ValidationError("--source must be one of \(InputSource.allCases.map(\.rawValue).joined(separator: ", ")), not '\(source)'.")
    }
    for entry in deploymentMap where entry.split(separator: "=").count != 2 {
      throw ValidationError("--deployment '\(entry)' must be NAME=MODEL, e.g. img1=gpt-image-1.")
    }
    if let map, case .failure(let error) = GenericCSVReader.parseMap(map) { throw ValidationError(error.message + ".") }
    if source == InputSource.csv.rawValue, map == nil { throw ValidationError("--source csv needs --map FIELD=COLUMN,….") }
  }

  /// Deployment name → model (the last mapping of a name wins).
  var deployments: [String: String] {
    Dictionary(
      deploymentMap.map { entry -> (String, String) in
        let kv = entry.split(separator: "=").map(String.init)
        return (kv[0], kv[1])
      }, uniquingKeysWith: { _, last in last })
  }

  /// The kind of `file`: forced by `--source`, CSV with `--map`, else detected from its first bytes.
  func kind(of file: String) throws -> InputSource {
    if let source { return InputSource(rawValue: source)! }
    if map != nil { return .csv }
    return InputSource.detect(String(decoding: try TextFile.readPrefix(file), as: UTF8.self))
  }

  /// The parsed `--map` columns, when given.
  var columns: [String: String]? {
    guard let map, case .success(let columns) = GenericCSVReader.parseMap(map) else { return nil }
    return columns
  }
}
