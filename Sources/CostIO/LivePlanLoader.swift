import CostCore
import Foundation
import Yams

/// Reads live plans (YAML, `schema_version: 1`, `kind: live`); every problem is reported as
/// `file:line:column: key.path: message`, like plan files.
public enum LivePlanLoader {
  static let callKeys: Set<String> = [
    "model", "operation", "quality", "size", "n", "repeat", "prompt", "prompts", "partial_images", "images", "mask", "input_fidelity",
    "output_format",
    "background", "deployment",
  ]

  /// Loads and checks `path`; image paths are resolved against the plan's folder.
  public static func load(path: String) throws -> LivePlan {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PlanFileError(diagnostics: [PriceBookDiagnostic(SourceLocation(file: path, line: 0), "the live plan does not exist or cannot be read")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw PlanFileError(diagnostics: [PriceBookDiagnostic(SourceLocation(file: path, line: 1), "the live plan is not valid UTF-8 text")])
    }
    return try parse(text, file: path)
  }

  /// Parses live-plan text (no I/O).
  public static func parse(_ text: String, file: String) throws -> LivePlan {
    let reader = YAMLReader(file: file)
    guard let root = reader.compose(text) else {
      if reader.diagnostics.isEmpty { reader.report(SourceLocation(file: file, line: 1), "the live plan is empty") }
      throw PlanFileError(diagnostics: reader.diagnostics)
    }
    let directory = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : "."
    guard
      let top = reader.fields(
        root, "", allowed: ["schema_version", "kind", "name", "defaults", "calls"], required: ["schema_version", "kind", "calls"])
    else {
      throw PlanFileError(diagnostics: reader.diagnostics)
    }
    if let version = top.int("schema_version"), version != 1 {
      top.report("schema_version", "schema_version \(version) is not supported; this imagecost reads schema_version 1")
    }
    if let kind = top.string("kind"), kind != "live" { top.report("kind", "kind must be 'live' for a live plan, not '\(kind)'") }
    let defaults = top["defaults"].flatMap { reader.fields($0, "defaults", allowed: callKeys) }
    var calls: [LivePlanCall] = []
    if let node = top["calls"], let pairs = reader.mapping(node, "calls") {
      if pairs.isEmpty { reader.report(node, "calls", "list at least one call") }
      for (id, value) in pairs {
        guard let fields = reader.fields(value, "calls.\(id)", allowed: callKeys) else { continue }
        if let call = readCall(id, fields, defaults: defaults, directory: directory) { calls.append(call) }
      }
    }
    guard reader.diagnostics.isEmpty else { throw PlanFileError(diagnostics: reader.diagnostics) }
    return LivePlan(name: top.string("name") ?? (file as NSString).lastPathComponent, calls: calls)
  }

  private static func readCall(_ id: String, _ f: Fields, defaults: Fields?, directory: String) -> LivePlanCall? {
    func pick<T>(_ key: String, _ read: (Fields) -> T?) -> T? {
      if f.has(key) { return read(f) }
      if let defaults, defaults.has(key) { return read(defaults) }
      return nil
    }
    guard let model = pick("model", { $0.string("model") }) else {
      f.report("model", "missing required key 'model'")
      return nil
    }
    let operationText = pick("operation", { $0.string("operation") }) ?? "generate"
    guard let operation = ImageOperation(rawValue: operationText) else {
      f.report("operation", "operation must be generate or edit, not '\(operationText)'")
      return nil
    }
    var prompts: [String] = []
    if let prompt = pick("prompt", { $0.string("prompt") }) { prompts.append(prompt) }
    if let list = pick("prompts", { $0.strings("prompts") }) { prompts += list }
    if prompts.isEmpty {
      f.report("prompt", "give the prompt text (prompt: …) or a list (prompts: […])")
      return nil
    }
    func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : directory + "/" + path }
    let images = (pick("images", { $0.strings("images") }) ?? []).map(resolve)
    if operation == .edit, images.isEmpty { f.report("images", "an edit needs at least one input image file (images: [a.png])") }
    if operation == .generate, !images.isEmpty { f.report("images", "input images are only sent with operation: edit") }
    let n = pick("n", { $0.int("n", min: 1) }) ?? 1
    let repeatCount = pick("repeat", { $0.int("repeat", min: 1) }) ?? 1
    if repeatCount > 1000 { f.report("repeat", "repeat is limited to 1000 calls per entry") }
    return LivePlanCall(
      id: id, model: model, operation: operation, quality: pick("quality", { $0.string("quality") }), size: pick("size", { $0.size("size") }), n: n,
      repeatCount: repeatCount, prompts: prompts, partialImages: pick("partial_images", { $0.int("partial_images", min: 0) }) ?? 0, images: images,
      mask: pick("mask", { $0.string("mask") }).map(resolve), inputFidelity: pick("input_fidelity", { $0.string("input_fidelity") }),
      outputFormat: pick("output_format", { $0.string("output_format") }), background: pick("background", { $0.string("background") }),
      deployment: pick("deployment", { $0.string("deployment") }))
  }
}
