/// A JSON value with ordered object keys, so rendered JSON is stable and reads in a sensible order.
///
/// Money is always a ``string(_:)`` holding exact decimal text (`"166.65"`), never a JSON number.
public indirect enum JSONValue: Hashable, Sendable {
  case string(String)
  /// A number written exactly as given (integers only in imagecost output).
  case number(String)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func int<I: BinaryInteger>(_ value: I) -> JSONValue { .number(String(value)) }
  public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
  public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

  /// Pretty-printed with two-space indentation and a trailing newline.
  public func rendered() -> String {
    var out = ""
    write(into: &out, indent: 0)
    out.append("\n")
    return out
  }

  private func write(into out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent + 1)
    let closePad = String(repeating: "  ", count: indent)
    switch self {
    case .string(let s): JSONValue.escape(s, into: &out)
    case .number(let n): out.append(n)
    case .bool(let b): out.append(b ? "true" : "false")
    case .null: out.append("null")
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
        return
      }
      out.append("[\n")
      for (index, item) in items.enumerated() {
        out.append(pad)
        item.write(into: &out, indent: indent + 1)
        out.append(index == items.count - 1 ? "\n" : ",\n")
      }
      out.append(closePad + "]")
    case .object(let pairs):
      if pairs.isEmpty {
        out.append("{}")
        return
      }
      out.append("{\n")
      for (index, (key, value)) in pairs.enumerated() {
        out.append(pad)
        JSONValue.escape(key, into: &out)
        out.append(": ")
        value.write(into: &out, indent: indent + 1)
        out.append(index == pairs.count - 1 ? "\n" : ",\n")
      }
      out.append(closePad + "}")
    }
  }

  static func escape(_ s: String, into out: inout String) {
    out.append("\"")
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out.append("\"")
  }
}
