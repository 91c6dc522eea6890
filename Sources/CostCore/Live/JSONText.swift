/// A small JSON writer (sorted keys, no whitespace) for request bodies and journal columns.
public indirect enum JSONText: Hashable, Sendable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([JSONText])
  case object([(String, JSONText)])

  public static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.encoded == rhs.encoded }
  public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }

  /// The compact encoding; object keys sorted by their UTF-8 bytes.
  public var encoded: String {
    switch self {
    case .string(let text): return JSONText.quote(text)
    case .int(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let items): return "[" + items.map(\.encoded).joined(separator: ",") + "]"
    case .object(let pairs):
      let sorted = pairs.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
      return "{" + sorted.map { JSONText.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
    }
  }

  /// A JSON string literal with the mandatory escapes (and every control character as `\u00XX`).
  public static func quote(_ text: String) -> String { JSONString.quote(text) }
}
