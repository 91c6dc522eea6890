import CostCore
import CostIO

/// The identity of a request id for duplicate detection: a 128-bit hash of its UTF-8 bytes.
///
/// Two different ids are taken for one only if their 128-bit hashes collide; for a billion distinct ids
/// the chance of that anywhere in a log is below 10⁻²⁰. The hash is fixed (no per-process seed), so
/// parallel readers and the sequential path agree.
public enum RequestIDHash {
  public static func hash(_ id: String) -> UInt128 {
    var id = id
    return id.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  /// The identity of a line without an id (replay's stand-in for the general parser's `sha256:` content
  /// id: equal lines, and only they, get equal identities, as there): a hash of the line's bytes, keyed
  /// apart from the hashes of ids.
  static func content(_ line: UnsafeRawBufferPointer) -> UInt128 { hash(line, key: 0x6A09_E667_F3BC_C908) }

  static func hash(_ bytes: UnsafeRawBufferPointer, key: UInt64 = 0) -> UInt128 {
    let length = UInt64(bytes.count)
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ length ^ key
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

  @inline(__always) static func mix(_ x: UInt64, _ k: UInt64) -> UInt64 {
    let m = (x ^ (x >> 29)) &* k
    return m ^ (m >> 32)
  }

  /// MurmurHash3's 64-bit finaliser.
  @inline(__always) static func finalize(_ x: UInt64) -> UInt64 {
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
/// the hash's top byte), 16 bytes a slot, each at most ``maxLoad`` full — about 21 bytes per distinct id.
/// Each table grows on its own, so growing never needs a second copy of the whole set. ``reserve(_:advise:)``
/// sizes every table at once in one allocation, which the caller may advise the system to back with
/// large pages (a million ids are far larger than the caches, and each insert would also miss the TLB).
public struct RequestIDSet: @unchecked Sendable {
  /// The fullest a table gets (in hundredths) before it doubles: linear probing stays short below it.
  static let maxLoad = 78
  static let shardCount = 256

  private struct Shard {
    var slots: UnsafeMutablePointer<UInt128>
    var capacity: Int
    var count = 0
    /// Whether `slots` was allocated for this table alone (else it lies in the storage's arena).
    var owned = true

    init(slots: UnsafeMutablePointer<UInt128>, capacity: Int) {
      self.slots = slots
      self.capacity = capacity
      owned = false
    }

    init(capacity: Int) {
      slots = .allocate(capacity: capacity)
      slots.initialize(repeating: 0, count: capacity)
      self.capacity = capacity
    }

    /// Where `hash` starts looking: its low 64 bits scaled to the table (any table size, not only powers of two).
    @inline(__always) func home(_ hash: UInt128) -> Int {
      Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: hash).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    mutating func insert(_ hash: UInt128) -> Bool {
      if (count + 1) * 100 > capacity * RequestIDSet.maxLoad { grow() }
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
        if i == capacity { i = 0 }
      }
    }

    mutating func grow() {
      let old = self
      self = Shard(capacity: old.capacity * 2)
      for i in 0..<old.capacity where old.slots[i] != 0 { _ = insert(old.slots[i]) }
      old.release()
    }

    func release() { if owned { slots.deallocate() } }
  }

  /// The tables, shared between copies of the set until one of them inserts.
  private final class Storage {
    let shards: UnsafeMutablePointer<Shard>
    var arena: UnsafeMutableRawPointer?

    init(capacity: Int = 16) {
      shards = .allocate(capacity: RequestIDSet.shardCount)
      for i in 0..<RequestIDSet.shardCount { (shards + i).initialize(to: Shard(capacity: capacity)) }
    }

    func copy() -> Storage {
      let copy = Storage(capacity: 1)
      for i in 0..<RequestIDSet.shardCount {
        copy.shards[i].release()
        var shard = Shard(capacity: shards[i].capacity)
        shard.slots.update(from: shards[i].slots, count: shard.capacity)
        shard.count = shards[i].count
        copy.shards[i] = shard
      }
      return copy
    }

    deinit {
      for i in 0..<RequestIDSet.shardCount { shards[i].release() }
      shards.deinitialize(count: RequestIDSet.shardCount)
      shards.deallocate()
      arena?.deallocate()
    }
  }

  private var storage = Storage()

  public init() {}

  private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
  }

  /// Sizes the set for about `count` distinct ids, so that it does not grow (and copy) its way there.
  /// Only an empty set is sized; an estimate too small costs the usual growth, one too large costs memory.
  /// - Parameter advise: called with the one region holding every table (2 MiB-aligned), before it is
  ///   first written: the place for a large-page hint.
  mutating func reserve(_ count: Int, advise: (UnsafeMutableRawPointer, Int) -> Void = { _, _ in }) {
    makeUnique()
    guard storage.arena == nil, (0..<RequestIDSet.shardCount).allSatisfy({ storage.shards[$0].count == 0 }) else { return }
    // Tables get different numbers of ids: leave room for four standard deviations above the mean.
    let mean = Double(count) / Double(RequestIDSet.shardCount)
    let perShard = Int(mean + 4 * mean.squareRoot()) + 1
    let capacity = max(16, perShard * 100 / RequestIDSet.maxLoad + 1)
    guard capacity > storage.shards[0].capacity else { return }
    let page = 2 << 20
    let bytes = (RequestIDSet.shardCount * capacity * MemoryLayout<UInt128>.stride + page - 1) / page * page
    let arena = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: page)
    advise(arena, bytes)
    let slots = arena.initializeMemory(as: UInt128.self, repeating: 0, count: bytes / MemoryLayout<UInt128>.stride)
    storage.arena = arena
    for i in 0..<RequestIDSet.shardCount {
      storage.shards[i].release()
      storage.shards[i] = Shard(slots: slots + i * capacity, capacity: capacity)
    }
  }

  /// Inserts `hash`; false when it was already present.
  public mutating func insert(_ hash: UInt128) -> Bool {
    makeUnique()
    return storage.shards[Int(truncatingIfNeeded: hash >> 120)].insert(hash)
  }

  /// Inserts `count` hashes in order (the `i`th is `hash(i)`), calling `duplicate(i)` for each one
  /// already present (earlier in the batch included): the same as inserting them one by one.
  ///
  /// A set of a million ids is far larger than the caches, so each insert waits for memory; here the
  /// home slots of a group of hashes are read first, independently, so those waits overlap.
  mutating func insert(count: Int, hash: (Int) -> UInt128, duplicate: (Int) -> Void) {
    makeUnique()
    let shards = storage.shards
    let group = 16
    var start = 0
    while start < count {
      let end = min(start + group, count)
      var touched: UInt128 = 0
      for i in start..<end {
        let h = hash(i)
        let shard = shards + Int(truncatingIfNeeded: h >> 120)
        touched ^= shard.pointee.slots[shard.pointee.home(h)]
      }
      sink ^= touched
      for i in start..<end {
        let h = hash(i)
        if !shards[Int(truncatingIfNeeded: h >> 120)].insert(h) { duplicate(i) }
      }
      start = end
    }
  }

  /// Keeps the look-ahead reads of ``insert(count:hash:duplicate:)`` from being optimised away.
  private var sink: UInt128 = 0
}
