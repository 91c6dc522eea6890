import Foundation

/// A read position in one request-log line's UTF-8 bytes, with the JSON readers ``RequestLogScanner`` needs
/// (strings without escapes, non-negative integers, literals, objects walked member by member).
struct Cursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  /// The bits of every byte ``string()`` has looked at (a word may run past a string's end): when no
  /// byte had its top bit set, every string read so far is ASCII.
  var seen: UInt64 = 0

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

  /// The contents of a string without escapes or control characters; nil otherwise.
  mutating func string() -> Range<Int>? {
    guard take(0x22) else { return nil }
    let start = index
    // Eight bytes at a time to the first quote, backslash or control byte (the lowest flagged byte is exact).
    let base = UnsafeRawPointer(bytes.baseAddress!)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index + 8 <= bytes.count {
      let w = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      seen |= w
      let quote = w ^ (ones &* 0x22)
      let backslash = w ^ (ones &* 0x5C)
      let hit = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- ones &* 0x20) & ~w) & highs
      if hit != 0 {
        index += hit.trailingZeroBitCount / 8
        break
      }
      index += 8
    }
    while index < bytes.count {
      let b = bytes[index]
      seen |= UInt64(b)
      if b == 0x22 {
        index += 1
        return start..<(index - 1)
      }
      if b == 0x5C || b < 0x20 { return nil }
      index += 1
    }
    return nil
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
    case 0x22:
      guard let range = string() else { return false }
      return String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) != nil
    case 0x30...0x39: return unsigned() != nil
    default: return literal("null") || literal("true") || literal("false")
    }
  }
}
