import CostCore
import Yams

/// Reads a YAML document node by node, keeping each value's file position and collecting problems
/// as `file:line: key.path: message` diagnostics instead of stopping at the first.
///
/// Used for every human-edited data file (price book, plans): unknown keys are rejected, types are
/// checked, and numbers that mean money are parsed from their decimal text, never through `Double`.
final class YAMLReader {
  let file: String
  private(set) var diagnostics: [PriceBookDiagnostic] = []

  init(file: String) { self.file = file }

  /// Parses `text`; a syntax error becomes a diagnostic with the parser's position.
  ///
  /// Every scalar is read as its text (this reader types values itself), so the composer resolves no
  /// tags: Yams' default resolver matches each scalar against regular expressions, which took about a
  /// fifth of a command's start-up (8 ms of 48 ms CPU loading the price book, measured on `replay` of a
  /// one-line log).
  func compose(_ text: String) -> Node? {
    do {
      return try Yams.compose(yaml: text, .basic)
    } catch let error as YamlError {
      switch error {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
        report(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax error: \(problem)")
      case .duplicatedKeysInMapping(let duplicates, let context):
        let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
        report(
          SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
          "duplicate key \(keys) in this mapping; each key may appear once")
      case .reader(let problem, let offset, _, _):
        report(SourceLocation(file: file, line: 1), "cannot read the file as YAML text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
      default:
        report(SourceLocation(file: file, line: 1), "YAML error: \(error)")
      }
    } catch {
      report(SourceLocation(file: file, line: 1), "YAML error: \(error)")
    }
    return nil
  }

  func location(_ node: Node?) -> SourceLocation {
    guard let mark = node?.mark else { return SourceLocation(file: file, line: 1) }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  func report(_ location: SourceLocation, _ message: String) {
    diagnostics.append(PriceBookDiagnostic(location, message))
  }

  func report(_ node: Node?, _ path: String, _ message: String) {
    report(location(node), path.isEmpty ? message : "\(path): \(message)")
  }

  /// The pairs of a mapping, in file order. Reports a non-mapping, unknown keys, duplicate keys and
  /// missing required keys; returns nil only when `node` is not a mapping.
  func mapping(_ node: Node, _ path: String, allowed: Set<String>? = nil, required: [String] = []) -> [(String, Node)]? {
    guard case .mapping(let mapping) = node else {
      report(node, path, "expected a mapping of keys to values, found \(kind(node))")
      return nil
    }
    var pairs: [(String, Node)] = []
    var seen = Set<String>()
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        report(keyNode, path, "keys must be plain text")
        continue
      }
      let key = scalar.string
      let keyPath = path.isEmpty ? key : "\(path).\(key)"
      if !seen.insert(key).inserted {
        report(keyNode, keyPath, "duplicate key; each key may appear once")
        continue
      }
      if let allowed, !allowed.contains(key) {
        report(keyNode, keyPath, "unknown key '\(key)'; allowed here: \(allowed.sorted().joined(separator: ", "))")
        continue
      }
      pairs.append((key, value))
    }
    for key in required where !seen.contains(key) {
      report(node, path, "missing required key '\(key)'")
    }
    return pairs
  }

  /// A mapping as a dictionary (after ``mapping(_:_:allowed:required:)``'s checks).
  func fields(_ node: Node, _ path: String, allowed: Set<String>, required: [String] = []) -> Fields? {
    guard let pairs = mapping(node, path, allowed: allowed, required: required) else { return nil }
    return Fields(reader: self, node: node, path: path, values: Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
  }

  func sequence(_ node: Node, _ path: String) -> [Node]? {
    guard case .sequence(let sequence) = node else {
      report(node, path, "expected a list, found \(kind(node))")
      return nil
    }
    return Array(sequence)
  }

  func string(_ node: Node, _ path: String) -> String? {
    guard case .scalar(let scalar) = node else {
      report(node, path, "expected text, found \(kind(node))")
      return nil
    }
    guard !scalar.string.isEmpty else {
      report(node, path, "must not be empty")
      return nil
    }
    return scalar.string
  }

  /// A whole number, optionally bounded (bounds keep price-book arithmetic far from overflow).
  func int(_ node: Node, _ path: String, min: Int? = nil, max: Int? = nil) -> Int? {
    guard let text = string(node, path) else { return nil }
    guard let value = Int(text), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
      report(node, path, "expected a whole number, found '\(text)'")
      return nil
    }
    if let min, value < min {
      report(node, path, "must be at least \(min), found \(value)")
      return nil
    }
    if let max, value > max {
      report(node, path, "must be at most \(max), found \(value)")
      return nil
    }
    return value
  }

  func bool(_ node: Node, _ path: String) -> Bool? {
    guard let text = string(node, path) else { return nil }
    switch text {
    case "true": return true
    case "false": return false
    default:
      report(node, path, "expected true or false, found '\(text)'")
      return nil
    }
  }

  func date(_ node: Node, _ path: String) -> CivilDate? {
    guard let text = string(node, path) else { return nil }
    guard let date = CivilDate(text) else {
      report(node, path, "expected a date written YYYY-MM-DD, found '\(text)'")
      return nil
    }
    return date
  }

  /// A price: a non-negative decimal with at most 9 decimals, parsed exactly from its text.
  func money(_ node: Node, _ path: String) -> USD? {
    guard let text = string(node, path) else { return nil }
    if text.hasPrefix("-") {
      report(node, path, "price '\(text)' is negative; prices must be zero or more")
      return nil
    }
    guard let value = USD(decimal: text) else {
      report(node, path, "'\(text)' is not a valid price (write a plain decimal such as 0.04, at most 9 decimals)")
      return nil
    }
    return value
  }

  func size(_ node: Node, _ path: String) -> ImageSize? {
    guard let text = string(node, path) else { return nil }
    guard let size = ImageSize(text) else {
      report(node, path, "expected a size written WIDTHxHEIGHT such as 1024x1536, found '\(text)'")
      return nil
    }
    return size
  }

  func strings(_ node: Node, _ path: String) -> [String]? {
    guard let items = sequence(node, path) else { return nil }
    return items.enumerated().compactMap { string($1, "\(path)[\($0)]") }
  }

  func kind(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return "'\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }
}

/// The checked keys of one mapping, with typed accessors that report problems at the value's line.
struct Fields {
  let reader: YAMLReader
  let node: Node
  let path: String
  let values: [String: Node]

  var location: SourceLocation { reader.location(node) }
  func has(_ key: String) -> Bool { values[key] != nil }
  func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
  subscript(_ key: String) -> Node? { values[key] }

  func string(_ key: String) -> String? { values[key].flatMap { reader.string($0, path(key)) } }
  func int(_ key: String, min: Int? = nil, max: Int? = nil) -> Int? { values[key].flatMap { reader.int($0, path(key), min: min, max: max) } }
  func bool(_ key: String) -> Bool? { values[key].flatMap { reader.bool($0, path(key)) } }
  func date(_ key: String) -> CivilDate? { values[key].flatMap { reader.date($0, path(key)) } }
  func size(_ key: String) -> ImageSize? { values[key].flatMap { reader.size($0, path(key)) } }
  func strings(_ key: String) -> [String]? { values[key].flatMap { reader.strings($0, path(key)) } }
  func fields(_ key: String, allowed: Set<String>, required: [String] = []) -> Fields? {
    values[key].flatMap { reader.fields($0, path(key), allowed: allowed, required: required) }
  }
  func report(_ key: String, _ message: String) { reader.report(values[key] ?? node, path(key), message) }
}
