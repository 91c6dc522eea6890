import CostCore
import CostIO
import Foundation

/// `"name":` of one known key as three masked machine words, so that a predicted key is checked in
/// place with three loads instead of scanned as a string and then looked up.
struct KeyPattern: Sendable {
  private let w0: UInt64, w1: UInt64, w2: UInt64
  private let m0: UInt64, m1: UInt64, m2: UInt64
  /// Bytes of `"name":`.
  let length: Int
  /// Bytes a match reads: a cursor needs this many bytes left (the caller falls back to scanning otherwise).
  static let span = 24

  init(_ name: StaticString) { self.init(bytes: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) }

  /// The pattern of a key whose text is `name` (without escapes).
  init(bytes name: UnsafeBufferPointer<UInt8>) {
    var bytes: [UInt8] = [0x22]
    bytes += name
    bytes += [0x22, 0x3A]
    precondition(bytes.count <= KeyPattern.span, "a key pattern holds at most 22 bytes of name")
    length = bytes.count
    func word(_ at: Int) -> (UInt64, UInt64) {
      var value: UInt64 = 0
      var mask: UInt64 = 0
      for i in 0..<8 where at + i < bytes.count {
        value |= UInt64(bytes[at + i]) << (8 * UInt64(i))
        mask |= 0xFF << (8 * UInt64(i))
      }
      return (value, mask)
    }
    (w0, m0) = word(0)
    (w1, m1) = word(8)
    (w2, m2) = word(16)
  }

  /// Whether the ``span`` bytes at `p` start with this pattern (little-endian loads).
  @inline(__always) func matches(_ p: UnsafeRawPointer) -> Bool {
    (p.loadUnaligned(as: UInt64.self) & m0) == w0 && (p.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & m1) == w1
      && (p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & m2) == w2
  }
}

/// The keys of one kind of object and, per pair of consecutive keys, the ``ways`` keys that most recently
/// followed it: lines written by one program repeat their key order (optional fields make two orders
/// common, and a log written by several programs has a few; two keys of context tell the programs apart
/// better than one), so the next key is usually known and is matched in place
/// (``KeyPattern``); anything else is scanned and identified the general way. The first ``maxLearned``
/// unknown keys seen (short ASCII ones: an application's own fields, such as a latency) are learnt too,
/// so that they and the keys after them are predicted as well; they are still reported as unknown.
struct KeyPredictor: Sendable {
  private var patterns: [KeyPattern]
  private var names: [[UInt8]]
  /// The number of known keys (codes from here on are learnt unknown keys).
  let known: Int

  /// The text of a learnt unknown key (`code` at least ``known``).
  func learntName(_ code: Int) -> [UInt8] { names[code] }
  static let maxLearned = 8
  /// Per context (the codes of the last two keys, `previous << 5 | last`, the start of the object
  /// counting as code 31), the ``ways`` codes expected next, most recent first; −1 for none.
  private var successors: [Int8]
  static let ways = 4
  /// The code that stands for the start of an object; codes fit in five bits.
  private static let startCode = 31

  init(_ keys: [StaticString]) {
    precondition(keys.count + KeyPredictor.maxLearned <= KeyPredictor.startCode)
    patterns = keys.map(KeyPattern.init)
    names = keys.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
    known = keys.count
    successors = Array(repeating: -1, count: KeyPredictor.ways << 10)
  }

  /// The context of the first key of an object (the `previous` of its first key).
  var start: Int { KeyPredictor.startCode << 5 | KeyPredictor.startCode }

  /// The context after a key of code `code` in context `context`.
  @inline(__always) private static func context(_ context: Int, then code: Int) -> Int { (context & 31) << 5 | code }

  /// Consumes `"key":` (with any whitespace before the colon) at the cursor, which is at the key's quote.
  /// - Parameter previous: the context of this key (``start`` for the first): updated with this key's
  ///   code when it is known or learnt.
  /// - Returns: the key's code (at least ``known`` for a learnt unknown key, −1 for another unknown key)
  ///   and its text's range; nil when malformed.
  @inline(__always) mutating func key(_ cursor: inout Cursor, previous: inout Int) -> (code: Int, range: Range<Int>)? {
    if cursor.index + KeyPattern.span <= cursor.bytes.count {
      let p = UnsafeRawPointer(cursor.bytes.baseAddress! + cursor.index)
      for guess in 0..<KeyPredictor.ways {
        let expected = Int(successors[KeyPredictor.ways * previous + guess])
        guard expected >= 0 else { break }
        if patterns[expected].matches(p) {
          let start = cursor.index + 1
          cursor.index += patterns[expected].length
          previous = KeyPredictor.context(previous, then: expected)
          return (expected, start..<(cursor.index - 2))
        }
      }
    }
    return scanKey(&cursor, previous: &previous)
  }

  /// ``key(_:previous:)`` when no predicted key is at the cursor: the key is scanned and identified (an
  /// unknown one learnt while there is room), and the prediction for its context updated.
  @inline(never) private mutating func scanKey(_ cursor: inout Cursor, previous: inout Int) -> (code: Int, range: Range<Int>)? {
    guard let range = cursor.string() else { return nil }
    cursor.skipWhitespace()
    guard cursor.take(0x3A) else { return nil }  // :
    var code = identify(UnsafeBufferPointer(rebasing: cursor.bytes[range]))
    if code < 0, names.count < known + KeyPredictor.maxLearned, range.count + 3 <= KeyPattern.span,
      !cursor.bytes[range].contains(where: { $0 >= 0x80 })
    {
      // An unknown key is learnt (its text is plain: string() found no escape).
      let name = Array(cursor.bytes[range])
      patterns.append(name.withUnsafeBufferPointer { KeyPattern(bytes: $0) })
      names.append(name)
      code = names.count - 1
    }
    if code >= 0 {
      // Most recent first: the code moves to the front, the others down (the last one drops out).
      let row = KeyPredictor.ways * previous
      var at = KeyPredictor.ways - 1
      for i in 0..<KeyPredictor.ways where successors[row + i] == Int8(code) || successors[row + i] < 0 {
        at = i
        break
      }
      while at > 0 {
        successors[row + at] = successors[row + at - 1]
        at -= 1
      }
      successors[row] = Int8(code)
      previous = KeyPredictor.context(previous, then: code)
    }
    return (code, range)
  }

  private func identify(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    for code in names.indices where names[code].count == bytes.count {
      let equal = names[code].withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
      if equal { return code }
    }
    return -1
  }
}
