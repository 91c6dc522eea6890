/// Encodes an `Encodable` report document as a ``JSONValue``, so that a report's JSON is the encoding of one
/// Codable type, which `diff` decodes back.
///
/// Keys come out in the order the type encodes them (its `CodingKeys`), integers exactly, a nil optional is
/// left out as usual, and a ``Nullable`` value is written `null` when absent.
enum JSONValueEncoder {
  static func encode<T: Encodable>(_ value: T) -> JSONValue {
    let root = JSONNode()
    // The documents encode strings, integers, booleans and containers of them only: nothing here can fail.
    try? value.encode(to: NodeEncoder(node: root, codingPath: []))
    return root.value
  }
}

/// A value written `null` when absent (where a plain optional would be left out).
@propertyWrapper
struct Nullable<Value: Codable & Sendable>: Codable, Sendable {
  var wrappedValue: Value?

  init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

/// A node of the tree being encoded (a class, as the containers share it).
private final class JSONNode {
  var scalar: JSONValue = .null
  var pairs: [(String, JSONNode)]?
  var items: [JSONNode]?

  var value: JSONValue {
    if let pairs { return .object(pairs.map { ($0.0, $0.1.value) }) }
    if let items { return .array(items.map(\.value)) }
    return scalar
  }
}

private struct NodeEncoder: Encoder {
  let node: JSONNode
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if node.pairs == nil { node.pairs = [] }
    return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if node.items == nil { node.items = [] }
    return UnkeyedNodeContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

/// Encodes `value` into `node`: scalars directly, everything else through its own `encode(to:)`.
private func encode<T: Encodable>(_ value: T, into node: JSONNode, codingPath: [any CodingKey]) throws {
  switch value {
  case let string as String: node.scalar = .string(string)
  case let bool as Bool: node.scalar = .bool(bool)
  case let int as Int: node.scalar = .int(int)
  case let int as Int64: node.scalar = .int(int)
  case let int as Int32: node.scalar = .int(int)
  case let int as UInt64: node.scalar = .int(int)
  case let int as UInt32: node.scalar = .int(int)
  default: try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
  }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: JSONNode
  let codingPath: [any CodingKey]

  private func child(_ key: Key) -> JSONNode {
    let child = JSONNode()
    node.pairs!.append((key.stringValue, child))
    return child
  }

  mutating func encodeNil(forKey key: Key) throws { child(key).scalar = .null }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try CostReports.encode(value, into: child(key), codingPath: codingPath + [key])
  }
  mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).scalar = .bool(value) }
  mutating func encode(_ value: String, forKey key: Key) throws { child(key).scalar = .string(value) }
  mutating func encode(_ value: Double, forKey key: Key) throws { child(key).scalar = .number(String(value)) }
  mutating func encode(_ value: Float, forKey key: Key) throws { child(key).scalar = .number(String(value)) }
  mutating func encode(_ value: Int, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { child(key).scalar = .int(value) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { child(key).scalar = .int(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
    NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
  mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let node: JSONNode
  let codingPath: [any CodingKey]
  var count: Int { node.items!.count }

  private func next() -> JSONNode {
    let child = JSONNode()
    node.items!.append(child)
    return child
  }

  mutating func encodeNil() throws { next().scalar = .null }
  mutating func encode<T: Encodable>(_ value: T) throws { try CostReports.encode(value, into: next(), codingPath: codingPath) }
  mutating func encode(_ value: Bool) throws { next().scalar = .bool(value) }
  mutating func encode(_ value: String) throws { next().scalar = .string(value) }
  mutating func encode(_ value: Int) throws { next().scalar = .int(value) }
  mutating func encode(_ value: Int64) throws { next().scalar = .int(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    NodeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { NodeEncoder(node: next(), codingPath: codingPath).unkeyedContainer() }
  mutating func superEncoder() -> any Encoder { NodeEncoder(node: next(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
  let node: JSONNode
  let codingPath: [any CodingKey]

  mutating func encodeNil() throws { node.scalar = .null }
  mutating func encode<T: Encodable>(_ value: T) throws { try CostReports.encode(value, into: node, codingPath: codingPath) }
  mutating func encode(_ value: Bool) throws { node.scalar = .bool(value) }
  mutating func encode(_ value: String) throws { node.scalar = .string(value) }
  mutating func encode(_ value: Int) throws { node.scalar = .int(value) }
  mutating func encode(_ value: Int64) throws { node.scalar = .int(value) }
}
