import Digest
import Foundation

/// The o200k_base mergeable ranks: token bytes ↔ rank, keyed by **bytes** (never by `String`).
///
/// Storage is flat and immutable after `init`: all token bytes concatenated in rank order, an offset table,
/// and an open-addressing hash table (linear probing, load factor ≈ 0.38). Each 16-byte slot holds the token's
/// first 8 bytes packed into a `UInt64`, its length, rank and a hash tag, so looking up a sequence of at most
/// 8 bytes (most byte-pair candidates) touches one cache line and compares integers; longer sequences are
/// confirmed with `memcmp` against the token bytes. No per-token arrays are allocated at load time and no
/// `String` equality (which is canonical equivalence, `"é" == "e\u{301}"`) is ever involved.
final class Vocabulary: @unchecked Sendable {
  // @unchecked Sendable: every buffer below is written only in `init` and read-only afterwards.

  /// Number of mergeable ranks in o200k_base (ranks 0…199997).
  static let tokenCount = 199_998
  /// Size in bytes of the official `o200k_base.tiktoken`.
  static let officialFileSize = 3_613_922
  /// sha256 of the official `o200k_base.tiktoken` (tiktoken's own `expected_hash`).
  static let officialSHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
  /// Longest token in o200k_base, in bytes. Concatenations longer than this are never looked up.
  static let maxTokenLength = 128
  /// "No rank" marker returned by `rank(_:_:)`.
  static let noRank = UInt32.max

  /// One hash-table slot. `info` is `rank | length << 32 | tag << 40`; 0 marks an empty slot (length ≥ 1).
  struct Slot {
    var key: UInt64
    var info: UInt64
  }

  private let tokenBytes: UnsafeMutableBufferPointer<UInt8>
  private let offsets: UnsafeMutableBufferPointer<UInt32>
  private let slots: UnsafeMutableBufferPointer<Slot>
  private let slotShift: UInt64
  private let slotMask: Int
  /// Rank of each single byte (all 256 are in o200k_base).
  let byteRanks: [UInt32]

  deinit {
    tokenBytes.deallocate()
    offsets.deallocate()
    slots.deallocate()
  }

  /// Parses the text of an `o200k_base.tiktoken` file.
  ///
  /// - Parameters:
  ///   - data: the whole file.
  ///   - path: used only in error messages.
  ///   - verifySHA256: also check the file's sha256 against the official value (costs one pass of SHA-256).
  init(fileContents data: [UInt8], path: String, verifySHA256: Bool) throws {
    guard data.count == Self.officialFileSize else {
      throw O200kError.vocabularyChecksumMismatch(
        path: path, expected: "\(Self.officialFileSize) bytes (sha256 \(Self.officialSHA256))",
        actual: "\(data.count) bytes")
    }
    if verifySHA256 {
      let actual = SHA256.hash(data).hex
      guard actual == Self.officialSHA256 else {
        throw O200kError.vocabularyChecksumMismatch(
          path: path, expected: "sha256 \(Self.officialSHA256)", actual: "sha256 \(actual)")
      }
    }
    let count = Self.tokenCount
    // Base64 never expands, so the file size bounds the decoded total.
    let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: data.count)
    let offsets = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: count + 1)
    var slotBits = 1
    while (1 << slotBits) < count * 5 / 2 { slotBits += 1 }  // load factor ≤ 0.4
    let slotCount = 1 << slotBits
    let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: slotCount)
    slots.initialize(repeating: Slot(key: 0, info: 0))
    offsets.initialize(repeating: 0)
    self.tokenBytes = bytes
    self.offsets = offsets
    self.slots = slots
    self.slotShift = UInt64(64 - slotBits)
    self.slotMask = slotCount - 1

    let parsed: Result<[UInt32], O200kError> = data.withUnsafeBufferPointer { file in
      Self.parse(file, path: path, into: bytes, offsets: offsets)
    }
    switch parsed {
    case .success(let ranks): self.byteRanks = ranks
    case .failure(let error):
      // `deinit` does not run for a partially initialized instance.
      bytes.deallocate()
      offsets.deallocate()
      slots.deallocate()
      throw error
    }
    for rank in 0..<count {
      let start = Int(offsets[rank])
      let length = Int(offsets[rank + 1]) - start
      let (slot, found) = find(UnsafePointer(bytes.baseAddress! + start), length)
      if found != Self.noRank {
        throw O200kError.vocabularyCorrupt(path: path, line: rank + 1, reason: "the token duplicates rank \(found)")
      }
      let (key, hash) = Self.keyAndHash(UnsafePointer(bytes.baseAddress! + start), length)
      slots[slot] = Slot(key: key, info: UInt64(rank) | UInt64(length) << 32 | (hash & 0xFF_FFFF) << 40)
    }
  }

  // MARK: Parsing

  private static let base64Table: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
    return table
  }()

  private static func parse(
    _ file: UnsafeBufferPointer<UInt8>, path: String,
    into bytes: UnsafeMutableBufferPointer<UInt8>, offsets: UnsafeMutableBufferPointer<UInt32>
  ) -> Result<[UInt32], O200kError> {
    func corrupt(_ line: Int, _ reason: String) -> Result<[UInt32], O200kError> {
      .failure(.vocabularyCorrupt(path: path, line: line, reason: reason))
    }
    let table = base64Table
    return table.withUnsafeBufferPointer { table -> Result<[UInt32], O200kError> in
      let n = file.count
      var position = 0
      var written = 0
      var rank = 0
      while position < n {
        let line = rank + 1
        guard rank < tokenCount else { return corrupt(line, "there are more than \(tokenCount) lines") }
        offsets[rank] = UInt32(written)
        // base64 up to the space
        var quad: UInt32 = 0
        var quadCount = 0
        var padding = 0
        while position < n && file[position] != 0x20 {
          let char = file[position]
          if char == 0x3D {  // '='
            padding += 1
          } else {
            let value = table[Int(char)]
            if value == 0xFF || padding > 0 { return corrupt(line, "the token is not valid base64") }
            quad = quad << 6 | UInt32(value)
          }
          quadCount += 1
          if quadCount == 4 {
            if padding > 2 { return corrupt(line, "the token is not valid base64") }
            quad <<= 6 * UInt32(padding)
            bytes[written] = UInt8(truncatingIfNeeded: quad >> 16)
            if padding < 2 { bytes[written + 1] = UInt8(truncatingIfNeeded: quad >> 8) }
            if padding < 1 { bytes[written + 2] = UInt8(truncatingIfNeeded: quad) }
            written += 3 - padding
            quad = 0
            quadCount = 0
          }
          position += 1
        }
        guard position < n, quadCount == 0, written > Int(offsets[rank]) else {
          return corrupt(line, "expected a non-empty base64 token followed by a space")
        }
        position += 1  // space
        var value = 0
        var digits = 0
        while position < n && file[position] != 0x0A {
          let digit = Int(file[position]) - 0x30
          guard digit >= 0 && digit <= 9, digits < 7 else { return corrupt(line, "the rank is not a number") }
          value = value * 10 + digit
          digits += 1
          position += 1
        }
        guard position < n, digits > 0 else { return corrupt(line, "the line does not end with a rank and a newline") }
        guard value == rank else { return corrupt(line, "expected rank \(rank), found \(value)") }
        position += 1  // LF
        let length = written - Int(offsets[rank])
        guard length <= maxTokenLength else { return corrupt(line, "the token is longer than \(maxTokenLength) bytes") }
        rank += 1
        offsets[rank] = UInt32(written)
      }
      guard rank == tokenCount else { return corrupt(rank + 1, "expected \(tokenCount) lines, found \(rank)") }
      // single-byte ranks
      var byteRanks = [UInt32](repeating: noRank, count: 256)
      for r in 0..<tokenCount where offsets[r + 1] - offsets[r] == 1 {
        byteRanks[Int(bytes[Int(offsets[r])])] = UInt32(r)
      }
      if let missing = byteRanks.firstIndex(of: noRank) {
        return corrupt(tokenCount, "the single byte 0x\(String(missing, radix: 16)) has no rank")
      }
      return .success(byteRanks)
    }
  }

  // MARK: Lookup

  /// The first (up to) 8 bytes packed little-endian, and a well-mixed 64-bit hash of all the bytes.
  @inline(__always)
  static func keyAndHash(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> (key: UInt64, hash: UInt64) {
    var key: UInt64 = 0
    let head = min(length, 8)
    var i = 0
    while i < head {
      key |= UInt64(pointer[i]) << (8 * UInt64(i))
      i += 1
    }
    var h = (key ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
    while i < length {  // bytes past the 8th: FNV-1a style
      h = (h ^ UInt64(pointer[i])) &* 0x0000_0100_0000_01b3
      i += 1
    }
    h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return (key, h ^ (h >> 31))
  }

  /// The slot holding `pointer[0..<length]` and its rank, or the empty slot where it would go and `noRank`.
  @inline(__always)
  private func find(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> (slot: Int, rank: UInt32) {
    let (key, hash) = Self.keyAndHash(pointer, length)
    let wanted = UInt64(length) << 32 | (hash & 0xFF_FFFF) << 40
    var slot = Int(truncatingIfNeeded: hash >> slotShift)
    while true {
      let entry = slots[slot]
      if entry.info == 0 { return (slot, Self.noRank) }
      if entry.key == key && entry.info & ~0xFFFF_FFFF == wanted {
        let rank = UInt32(truncatingIfNeeded: entry.info)
        if length <= 8 { return (slot, rank) }
        let start = Int(offsets[Int(rank)]) + 8
        if memcmp(tokenBytes.baseAddress! + start, pointer + 8, length - 8) == 0 { return (slot, rank) }
      }
      slot = (slot + 1) & slotMask
    }
  }

  /// The rank of the byte sequence `pointer[0..<length]`, or `noRank`.
  @inline(__always)
  func rank(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
    if length > Self.maxTokenLength { return Self.noRank }
    return find(pointer, length).rank
  }

  /// The bytes of the token with rank `rank` (0 ≤ rank < `tokenCount`).
  func bytes(ofRank rank: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(offsets[rank])
    return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(tokenBytes)[start..<Int(offsets[rank + 1])])
  }
}
