/// Interns values to dense indices (reasons, assumption lists, request shapes).
///
/// Each value is stored once, in ``values``, with its hash; the look-up table holds only indices (open
/// addressing, linear probing, at most half full), so interning tens of thousands of request shapes
/// costs their values plus 16 bytes each, not a second copy of every value in a `Dictionary`'s keys.
/// Values are compared only when their hashes are equal, and never hashed again when the table grows.
package struct Interned<Value: Hashable & Sendable>: Sendable {
  package private(set) var values: [Value] = []
  /// The hash of each value.
  @usableFromInline var hashes: [Int] = []
  /// Per slot, 1 + the index of a value in ``values`` (0: empty).
  @usableFromInline var slots = [Int32](repeating: 0, count: 16)

  @inlinable package init() {}

  /// The index of `value`, added at the end of ``values`` the first time.
  ///
  /// Specialised here for the replay's value types: other modules would otherwise call the generic
  /// code, which hashes and compares through protocol witnesses several times slower.
  @_specialize(exported:true,where Value == ImageRequest)
  @_specialize(exported:true,where Value == [String?])
  @_specialize(exported:true,where Value == [String: String])
  @_specialize(exported:true,where Value == [String])
  @_specialize(exported:true,where Value == String)
  @inlinable package mutating func intern(_ value: Value) -> Int32 {
    let mask = slots.count - 1
    let hash = value.hashValue
    var i = hash & mask
    while true {
      let entry = slots[i]
      if entry == 0 { break }
      if hashes[Int(entry - 1)] == hash, values[Int(entry - 1)] == value { return entry - 1 }
      i = (i + 1) & mask
    }
    values.append(value)
    hashes.append(hash)
    let index = Int32(values.count - 1)
    if values.count * 2 > slots.count {
      grow()
    } else {
      slots[i] = index + 1
    }
    return index
  }

  /// Doubles the table and places every value again.
  @usableFromInline mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (index, hash) in hashes.enumerated() {
      var i = hash & mask
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = Int32(index + 1)
    }
  }

  @inlinable package subscript(i: Int32) -> Value { values[Int(i)] }
}
