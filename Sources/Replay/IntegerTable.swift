import CostCore
import CostIO

/// A map from 64-bit keys to dense 32-bit indices: open addressing with linear probing, at most half
/// full, hashed by one multiplication (the keys are packed small integers, not adversarial input).
///
/// The replay hot path looks up a cell per record; `Dictionary`'s seeded SipHash costs several times more.
struct IntegerTable: Sendable {
  /// Keys are stored with the sign bit flipped, so that 0 marks an empty slot and every Int64 but `.min`
  /// is a valid key (packed indices and day numbers never are `.min`).
  private var keys = [UInt64](repeating: 0, count: 64)
  private var values = [Int32](repeating: 0, count: 64)
  private(set) var count = 0

  init() {}

  @inline(__always) private static func stored(_ key: Int64) -> UInt64 { UInt64(bitPattern: key) ^ 1 << 63 }

  @inline(__always) private static func slot(_ stored: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  subscript(key: Int64) -> Int32? {
    get {
      let stored = IntegerTable.stored(key)
      return keys.withUnsafeBufferPointer { k in
        let mask = k.count - 1
        var i = IntegerTable.slot(stored, mask: mask)
        while true {
          let found = k[i]
          if found == stored { return values[i] }
          if found == 0 { return nil }
          i = (i + 1) & mask
        }
      }
    }
    set {
      precondition(key != .min, "IntegerTable cannot hold Int64.min")
      guard let newValue else { preconditionFailure("IntegerTable entries are never removed") }
      if (count + 1) * 2 > keys.count { grow() }
      let stored = IntegerTable.stored(key)
      let mask = keys.count - 1
      var i = IntegerTable.slot(stored, mask: mask)
      while keys[i] != 0, keys[i] != stored { i = (i + 1) & mask }
      if keys[i] == 0 { count += 1 }
      keys[i] = stored
      values[i] = newValue
    }
  }

  private mutating func grow() {
    let (oldKeys, oldValues) = (keys, values)
    keys = Array(repeating: 0, count: oldKeys.count * 2)
    values = Array(repeating: 0, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (stored, value) in zip(oldKeys, oldValues) where stored != 0 {
      var i = IntegerTable.slot(stored, mask: mask)
      while keys[i] != 0 { i = (i + 1) & mask }
      keys[i] = stored
      values[i] = value
    }
  }
}
