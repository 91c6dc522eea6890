/// Interns values to dense indices (reasons, assumption lists, request shapes).
package struct Interned<Value: Hashable & Sendable>: Sendable {
  package var values: [Value] = []
  @usableFromInline var index: [Value: Int32] = [:]

  @inlinable package init() {}

  @inlinable package mutating func intern(_ value: Value) -> Int32 {
    if let hit = index[value] { return hit }
    values.append(value)
    index[value] = Int32(values.count - 1)
    return Int32(values.count - 1)
  }

  @inlinable package subscript(i: Int32) -> Value { values[Int(i)] }
}
