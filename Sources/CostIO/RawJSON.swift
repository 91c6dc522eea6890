/// A JSON value whose numbers keep their exact text (`2.75e-06` stays `"2.75e-06"`), so prices are never
/// read through `Double`. Objects keep their key order. Used by the price-sync readers.
public indirect enum RawJSON: Sendable, Equatable {
  case object([(String, RawJSON)])
  case array([RawJSON])
  case string(String)
  /// The number exactly as written.
  case number(String)
  case bool(Bool)
  case null

  public static func == (lhs: RawJSON, rhs: RawJSON) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let a), .array(let b)): return a == b
    case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    default: return false
    }
  }

  /// The value of `key` in an object (the first, if repeated).
  public subscript(_ key: String) -> RawJSON? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  public var string: String? { if case .string(let s) = self { return s } else { return nil } }
  /// A number's text, or a string's (some feeds quote numbers).
  public var numberText: String? {
    switch self {
    case .number(let text), .string(let text): return text
    default: return nil
    }
  }
  public var array: [RawJSON]? { if case .array(let a) = self { return a } else { return nil } }
  public var object: [(String, RawJSON)]? { if case .object(let o) = self { return o } else { return nil } }

  /// What kind of value this is, for messages.
  public var kind: String {
    switch self {
    case .object: return "an object"
    case .array: return "a list"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "true/false"
    case .null: return "null"
    }
  }
}

/// Why a JSON text could not be read: the byte offset and the problem.
public struct RawJSONError: Error, CustomStringConvertible, Sendable {
  public let offset: Int
  public let message: String
  public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// A strict RFC 8259 parser (UTF-8 input), bounded in nesting depth.
public struct RawJSONParser {
  private let bytes: [UInt8]
  private var index = 0
  private let maxDepth: Int

  public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(RawJSONError) -> RawJSON {
    var parser = RawJSONParser(bytes: bytes, maxDepth: maxDepth)
    if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the value") }
    return value
  }

  public static func parse(_ text: String) throws(RawJSONError) -> RawJSON { try parse(Array(text.utf8)) }

  private init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  private func error(_ message: String) -> RawJSONError { RawJSONError(offset: index, message: message) }

  private mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private mutating func literal(_ word: String, _ value: RawJSON) throws(RawJSONError) -> RawJSON {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
      throw error("unexpected character")
    }
    index += expected.count
    return value
  }

  private mutating func value(depth: Int) throws(RawJSONError) -> RawJSON {
    guard depth <= maxDepth else { throw error("nested more than \(maxDepth) levels deep") }
    guard index < bytes.count else { throw error("unexpected end of text") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var pairs: [(String, RawJSON)] = []
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(pairs)
      }
      while true {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
        let key = try string()
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        index += 1
        skipSpace()
        pairs.append((key, try value(depth: depth + 1)))
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end of text in an object") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        index += 1
        return .object(pairs)
      }
    case UInt8(ascii: "["):
      index += 1
      var items: [RawJSON] = []
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end of text in a list") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
        index += 1
        return .array(items)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try number())
    default:
      throw error("unexpected character")
    }
  }

  private mutating func number() throws(RawJSONError) -> String {
    let start = index
    func digits() -> Int {
      let from = index
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
      return index - from
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard digits() > 0 else { throw error("a number needs digits") }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw error("a number needs digits after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw error("a number needs digits in its exponent") }
    }
    guard index - start <= 400 else { throw error("a number longer than 400 characters") }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func hex4() throws(RawJSONError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw error("bad hex digit in a \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  private mutating func string() throws(RawJSONError) -> String {
    index += 1  // opening quote
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        index += 1
        break
      }
      guard b >= 0x20 else { throw error("control character in a string") }
      if b != UInt8(ascii: "\\") {
        out.append(b)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { throw error("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            throw error("unpaired surrogate in a \\u escape")
          }
          index += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
          throw error("unpaired surrogate in a \\u escape")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
      default:
        throw error("unknown escape")
      }
    }
    guard let text = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
    return text
  }
}
