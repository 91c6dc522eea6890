import Foundation

/// A read position in one request-log line's UTF-8 bytes, with the JSON readers ``RequestLogScanner`` needs
/// (strings without escapes, non-negative integers, literals, objects walked member by member).
struct Cursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  /// The bits of every byte ``string()`` has looked at (a word may run past a string's end): when no
  /// byte had its top bit set, every string read so far is ASCII.
  var seen: UInt64 = 0
  /// Whether the contents of the last string ``string()`` returned are ASCII (so valid UTF-8).
  private(set) var lastStringASCII = false

  /// Whether every string read so far is ASCII (false may be a false alarm; never the other way).
  var stringsASCII: Bool { seen & 0x8080_8080_8080_8080 == 0 }

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  var atEnd: Bool { index >= bytes.count }

  /// Skips spaces, tabs and carriage returns; a line feed ends a record (JSON Lines), so it is not skipped.
  @inline(__always) mutating func skipWhitespace() {
    while index < bytes.count {
      let b = bytes[index]
      // Every JSON token starts above 0x20: one comparison settles the usual case (no whitespace).
      guard b <= 0x20, b == 0x20 || b == 0x09 || b == 0x0D else { return }
      index += 1
    }
  }

  mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  /// `null`, consumed.
  @inline(__always) mutating func null() -> Bool { index < bytes.count && bytes[index] == 0x6E && literal("null") }

  /// Walks an object `{ "key": value, … }`: for each member, consumes `"key":` and calls `member`
  /// with the cursor at the value and the key's byte range; `member` consumes the value. Returns
  /// false when the object is malformed or `member` declines.
  mutating func members(_ member: (inout Cursor, Range<Int>) -> Bool) -> Bool {
    guard take(0x7B) else { return false }  // {
    skipWhitespace()
    if take(0x7D) { return true }  // }
    repeat {
      skipWhitespace()
      guard let key = string() else { return false }
      skipWhitespace()
      guard take(0x3A) else { return false }  // :
      skipWhitespace()
      guard member(&self, key) else { return false }
      skipWhitespace()
    } while take(0x2C)  // ,
    return take(0x7D)
  }

  mutating func literal(_ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard index + n <= bytes.count, bytes[index] == word.utf8Start[0] else { return false }
    for i in 1..<n where bytes[index + i] != word.utf8Start[i] { return false }
    if index + n < bytes.count, Cursor.isWordByte(bytes[index + n]) { return false }
    index += n
    return true
  }

  static func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2E || b == 0x2D || b == 0x2B
  }

  /// The contents of a string without escapes or control characters; nil otherwise (the cursor then
  /// stays at the backslash or control byte).
  mutating func string() -> Range<Int>? {
    guard take(0x22) else { return nil }
    let start = index
    let own = skipPlain()
    guard index < bytes.count, bytes[index] == 0x22 else { return nil }
    index += 1
    lastStringASCII = own & 0x8080_8080_8080_8080 == 0
    return start..<(index - 1)
  }

  /// Advances to the first quote, backslash or control byte (or the end), eight bytes at a time, and
  /// returns the bits of the bytes passed over.
  @inline(__always) private mutating func skipPlain() -> UInt64 {
    // The lowest flagged byte of a word is exact (higher ones may be false alarms, never looked at).
    let base = UnsafeRawPointer(bytes.baseAddress!)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var own: UInt64 = 0
    while index + 8 <= bytes.count {
      let w = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      seen |= w
      let quote = w ^ (ones &* 0x22)
      let backslash = w ^ (ones &* 0x5C)
      let hit = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- ones &* 0x20) & ~w) & highs
      if hit != 0 {
        let bytesBefore = hit.trailingZeroBitCount / 8
        if bytesBefore > 0 { own |= w & (~0 >> (64 - 8 * UInt64(bytesBefore))) }
        index += bytesBefore
        return own
      }
      own |= w
      index += 8
    }
    while index < bytes.count {
      let b = bytes[index]
      seen |= UInt64(b)
      if b == 0x22 || b == 0x5C || b < 0x20 { break }
      own |= UInt64(b)
      index += 1
    }
    return own
  }

  /// A non-negative integer written plainly (no sign, fraction, exponent or leading zero), up to 18 digits.
  mutating func unsigned() -> Int64? {
    let start = index
    var value: Int64 = 0
    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
      value = value &* 10 &+ Int64(bytes[index] &- 0x30)
      index += 1
    }
    let digits = index - start
    guard digits > 0, digits <= 18, digits == 1 || bytes[start] != 0x30 else { return nil }
    if index < bytes.count, Cursor.isWordByte(bytes[index]) { return nil }
    return value
  }

  /// Skips a string, plain integer, `true`, `false` or `null`; false for anything else.
  mutating func skipScalar() -> Bool {
    guard index < bytes.count else { return false }
    switch bytes[index] {
    case 0x22: return escapedString() != nil
    case 0x30...0x39: return unsigned() != nil
    default: return literal("null") || literal("true") || literal("false")
    }
  }

  /// A string's contents, escapes allowed: the range between the quotes and whether it holds an escape.
  /// nil for anything the general parser might read differently or reject: a control character, an
  /// unknown escape, a `\u` escape of a surrogate, of U+0000 or of U+FEFF, or bytes that are not UTF-8.
  mutating func escapedString() -> (range: Range<Int>, escaped: Bool)? {
    let start = index
    if let range = string() {
      guard lastStringASCII || Cursor.isUTF8(UnsafeBufferPointer(rebasing: bytes[range])) else { return nil }
      return (range, false)
    }
    // string() stopped at a backslash, a control character or the end: go on past valid escapes, and
    // between them eight bytes at a time.
    guard index > start, index < bytes.count, bytes[index] == 0x5C else { return nil }
    let contents = start + 1
    while true {
      // At a backslash.
      guard index + 1 < bytes.count else { return nil }
      switch bytes[index + 1] {
      case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: index += 2  // " \ / b f n r t
      case 0x75:  // u
        guard let scalar = Cursor.hex4(bytes, at: index + 2), scalar != 0, scalar != 0xFEFF, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        index += 6
      default: return nil
      }
      _ = skipPlain()
      guard index < bytes.count else { return nil }
      if bytes[index] == 0x22 {
        index += 1
        let range = contents..<(index - 1)
        guard Cursor.isUTF8(UnsafeBufferPointer(rebasing: bytes[range])) else { return nil }
        return (range, true)
      }
      guard bytes[index] == 0x5C else { return nil }  // a control character
    }
  }

  /// The four hex digits at `at`, or nil.
  static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at: Int) -> UInt32? {
    guard at + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for i in at..<(at + 4) {
      let b = bytes[i]
      let digit: UInt8
      switch b {
      case 0x30...0x39: digit = b - 0x30
      case 0x41...0x46: digit = b - 0x41 + 10
      case 0x61...0x66: digit = b - 0x61 + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// The text of a string's contents (as ``escapedString()`` accepted them) with its escapes decoded.
  static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      guard b == 0x5C, i + 1 < bytes.count else {
        out.append(b)
        i += 1
        continue
      }
      switch bytes[i + 1] {
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        let scalar = Unicode.Scalar(hex4(bytes, at: i + 2) ?? 0xFFFD) ?? "\u{FFFD}"
        out.append(contentsOf: String(scalar).utf8)
        i += 6
        continue
      default: out.append(bytes[i + 1])
      }
      i += 2
    }
    return out
  }

  /// Whether `bytes` are well-formed UTF-8 (Unicode's table 3-7: no overlong forms, surrogates or
  /// code points above U+10FFFF), ASCII checked a word at a time, without allocating.
  static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    guard count > 0 else { return true }
    let raw = UnsafeRawPointer(bytes.baseAddress!)
    var i = 0
    @inline(__always) func continuation(_ at: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
      at < count && bytes[at] >= low && bytes[at] <= high
    }
    while i < count {
      if i + 8 <= count, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
        continue
      }
      let lead = bytes[i]
      switch lead {
      case 0x00...0x7F: i += 1
      case 0xC2...0xDF:
        guard continuation(i + 1) else { return false }
        i += 2
      case 0xE0...0xEF:
        let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
        let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
        guard continuation(i + 1, low, high), continuation(i + 2) else { return false }
        i += 3
      case 0xF0...0xF4:
        let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
        guard continuation(i + 1, low, high), continuation(i + 2), continuation(i + 3) else { return false }
        i += 4
      default: return false
      }
    }
    return true
  }

  /// Skips any JSON value the general parser reads the same way (see ``escapedString()`` and ``number()``),
  /// nested at most `depth` levels; false for anything else.
  mutating func skipValue(depth: Int = 16) -> Bool {
    guard index < bytes.count, depth > 0 else { return false }
    switch bytes[index] {
    case 0x22: return escapedString() != nil
    case 0x2D, 0x30...0x39: return number()
    case 0x7B: return members { cursor, _ in cursor.skipValue(depth: depth - 1) }
    case 0x5B:
      index += 1
      skipWhitespace()
      if take(0x5D) { return true }
      repeat {
        skipWhitespace()
        guard skipValue(depth: depth - 1) else { return false }
        skipWhitespace()
      } while take(0x2C)
      return take(0x5D)
    default: return literal("null") || literal("true") || literal("false")
    }
  }

  /// A JSON number: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, at most 17 significant digits and an
  /// exponent of at most two digits (so that any reader represents it).
  mutating func number() -> Bool {
    let start = index
    _ = take(0x2D)
    func digits() -> Int {
      let from = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - from
    }
    let integer = index
    let whole = digits()
    guard whole > 0, whole == 1 || bytes[integer] != 0x30 else { return false }
    var fraction = 0
    if take(0x2E) {
      fraction = digits()
      guard fraction > 0 else { return false }
    }
    if index < bytes.count, bytes[index] | 0x20 == 0x65 {
      index += 1
      if !take(0x2B) { _ = take(0x2D) }
      let exponent = digits()
      guard exponent > 0, exponent <= 2 else { return false }
    }
    guard whole + fraction <= 17, index - start <= 24 else { return false }
    return index >= bytes.count || !Cursor.isWordByte(bytes[index])
  }
}
