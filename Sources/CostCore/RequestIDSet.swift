/// The identity of a request id for duplicate detection: a 128-bit hash of its UTF-8 bytes.
///
/// Two different ids are taken for one only if their 128-bit hashes collide; for a billion distinct ids
/// the chance of that anywhere in a log is below 10⁻²⁰. The hash is fixed (no per-process seed), so
/// parallel readers and the sequential path agree.
package enum RequestIDHash {
  package static func hash(_ id: String) -> UInt128 {
    var id = id
    return id.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt128 {
    let length = UInt64(bytes.count)
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ length
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ length
    var i = 0
    while i + 8 <= bytes.count {
      let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      a = mix(a ^ word, 0xFF51_AFD7_ED55_8CCD)
      b = mix(b &+ (word >> 32 | word << 32), 0xC4CE_B9FE_1A85_EC53)
      i += 8
    }
    if i < bytes.count {
      var word: UInt64 = 0
      for j in i..<bytes.count { word |= UInt64(bytes[j]) << (8 * UInt64(j - i)) }
      a = mix(a ^ word ^ 0x5555_5555_5555_5555, 0xFF51_AFD7_ED55_8CCD)
      b = mix(b &+ word, 0xC4CE_B9FE_1A85_EC53)
    }
    a = finalize(a &+ b)
    b = finalize(b ^ a)
    let value = UInt128(a) << 64 | UInt128(b)
    return value == 0 ? 1 : value  // 0 marks an empty slot in ``RequestIDSet``
  }

  @inline(__always) package static func mix(_ x: UInt64, _ k: UInt64) -> UInt64 {
    let m = (x ^ (x >> 29)) &* k
    return m ^ (m >> 32)
  }

  /// MurmurHash3's 64-bit finaliser.
  @inline(__always) package static func finalize(_ x: UInt64) -> UInt64 {
    var h = x
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h = h &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }
}

/// The request ids already counted: 256 open-addressing tables of ``RequestIDHash`` values (chosen by
/// the hash's top byte), 16 bytes a slot, each at most ``maxLoad`` full — about 25 bytes per distinct id.
/// Each table grows on its own, so growing never needs a second copy of the whole set.
package struct RequestIDSet: Sendable {
  /// The fullest a table gets (in hundredths) before it doubles: linear probing stays short below it.
  static let maxLoad = 65

  private struct Shard: Sendable {
    var slots = [UInt128](repeating: 0, count: 16)
    var count = 0

    /// Where `hash` starts looking: its low 64 bits scaled to the table (any table size, not only powers of two).
    @inline(__always) func home(_ hash: UInt128) -> Int {
      Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: hash).multipliedFullWidth(by: UInt64(slots.count)).high)
    }

    mutating func insert(_ hash: UInt128) -> Bool {
      if (count + 1) * 100 > slots.count * RequestIDSet.maxLoad { grow() }
      var i = home(hash)
      while true {
        let slot = slots[i]
        if slot == 0 {
          slots[i] = hash
          count += 1
          return true
        }
        if slot == hash { return false }
        i += 1
        if i == slots.count { i = 0 }
      }
    }

    /// The home slot of `hash` (read only to bring it into the cache).
    @inline(__always) func peek(_ hash: UInt128) -> UInt128 { slots[home(hash)] }

    mutating func grow() {
      let old = slots
      slots = Array(repeating: 0, count: old.count * 2)
      count = 0
      for hash in old where hash != 0 { _ = insert(hash) }
    }
  }

  private var shards = [Shard](repeating: Shard(), count: 256)

  package init() {}

  /// Sizes the set for about `count` distinct ids, so that it does not grow (and copy) its way there.
  /// Only ever enlarges; an estimate too small costs the usual growth, one too large costs memory.
  package mutating func reserve(_ count: Int) {
    // Shards get different numbers of ids: leave room for four standard deviations above the mean.
    let mean = Double(count) / Double(shards.count)
    let perShard = Int(mean + 4 * mean.squareRoot()) + 1
    let slots = max(16, perShard * 100 / RequestIDSet.maxLoad + 1)
    for i in shards.indices where shards[i].slots.count < slots && shards[i].count == 0 {
      shards[i].slots = Array(repeating: 0, count: slots)
    }
  }

  /// Inserts `hash`; false when it was already present.
  package mutating func insert(_ hash: UInt128) -> Bool {
    shards[Int(truncatingIfNeeded: hash >> 120)].insert(hash)
  }

  /// Inserts `count` hashes in order (the `i`th is `hash(i)`), calling `duplicate(i)` for each one
  /// already present (earlier in the batch included): the same as inserting them one by one.
  ///
  /// A set of a million ids is far larger than the caches, so each insert waits for memory; here the
  /// home slots of a group of hashes are read first, independently, so those waits overlap.
  package mutating func insert(count: Int, hash: (Int) -> UInt128, duplicate: (Int) -> Void) {
    let group = 16
    var start = 0
    while start < count {
      let end = min(start + group, count)
      var touched: UInt128 = 0
      for i in start..<end {
        let h = hash(i)
        let shard = Int(truncatingIfNeeded: h >> 120)
        touched ^= shards[shard].peek(h)
      }
      sink ^= touched
      for i in start..<end where !insert(hash(i)) { duplicate(i) }
      start = end
    }
  }

  /// Keeps the look-ahead reads of ``insert(count:hash:duplicate:)`` from being optimised away.
  private var sink: UInt128 = 0
}
