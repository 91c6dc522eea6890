import CostCore
import Foundation
import GRDB

/// The fields reports group and filter by (one `report_keys` row): everything a `--by` dimension or a
/// `report` filter reads, apart from the day.
public struct ReportKey: Hashable, Sendable {
  public let model: String
  public let quality: String?
  public let size: String?
  public let operation: String
  public let provider: String?
  public let deploymentType: String?
  public let tags: [String: String]

  public init(model: String, quality: String?, size: String?, operation: String, provider: String?, deploymentType: String?, tags: [String: String]) {
    self.model = model
    self.quality = quality
    self.size = size
    self.operation = operation
    self.provider = provider
    self.deploymentType = deploymentType
    self.tags = tags
  }

  init(_ record: UsageRecord) {
    let r = record.request
    self.init(
      model: r.model, quality: r.quality, size: r.size?.description, operation: r.operation.rawValue, provider: r.provider,
      deploymentType: r.deploymentType,
      tags: record.tags)
  }

  /// The unique text of the key (`report_keys.key_text`).
  var text: String {
    JSONText.array([
      JSONText.string(model), JSONText.optional(quality), JSONText.optional(size), JSONText.string(operation), JSONText.optional(provider),
      JSONText.optional(deploymentType), JSONText.object(tags),
    ])
  }

  /// A request with these fields (the rest at their defaults).
  var request: ImageRequest {
    ImageRequest(
      model: model, provider: provider, deploymentType: deploymentType, operation: ImageOperation(rawValue: operation) ?? .generate, quality: quality,
      size: size.flatMap(ImageSize.init))
  }
}

/// The request fields reports neither group nor filter by (one `request_details` row).
struct RequestDetail: Hashable, Sendable {
  let region: String?
  let n: Int
  let inputImages: [ImageSize]
  let inputFidelity: String?
  let partialImages: Int
  let status: Int?

  init(_ record: UsageRecord) {
    let r = record.request
    self.init(
      region: r.region, n: r.n, inputImages: r.inputImages, inputFidelity: r.inputFidelity, partialImages: r.partialImages, status: record.status)
  }

  init(region: String?, n: Int, inputImages: [ImageSize], inputFidelity: String?, partialImages: Int, status: Int?) {
    self.region = region
    self.n = n
    self.inputImages = inputImages
    self.inputFidelity = inputFidelity
    self.partialImages = partialImages
    self.status = status
  }

  var inputImagesText: String { inputImages.map(\.description).joined(separator: ",") }

  /// The unique text of the detail (`request_details.detail_text`).
  var text: String {
    JSONText.array([
      JSONText.optional(region), String(n), JSONText.string(inputImagesText), JSONText.optional(inputFidelity), String(partialImages),
      status.map(String.init) ?? "null",
    ])
  }
}

/// Report keys and request details by id, loaded once per read (there are few of them), with the
/// requests they make up.
final class ShapeCatalog: @unchecked Sendable {
  var keys: [Int64: ReportKey] = [:]
  var details: [Int64: RequestDetail] = [:]
  private var composed: [Pair: (ImageRequest, Int?, [String: String])] = [:]

  private struct Pair: Hashable {
    let key: Int64
    let detail: Int64
  }

  /// Loads every key and detail. Each row must decode and match its own unique text (`key_text`,
  /// `detail_text`, written from the same fields), so a damaged value is an error, never a wrong group.
  /// - Throws: ``StoredRowDamage`` (the ledger maps it to ``LedgerError/corrupt(path:detail:)``).
  static func load(_ db: Database) throws -> ShapeCatalog {
    let catalog = ShapeCatalog()
    func damaged(_ table: String, _ id: DatabaseValue) -> StoredRowDamage {
      StoredRowDamage(detail: "\(table) row \(Int64.fromDatabaseValue(id).map(String.init) ?? "?") does not match its stored text")
    }
    func text(_ value: DatabaseValue) -> String?? {
      if value.isNull { return .some(nil) }
      return String.fromDatabaseValue(value).map { .some($0) }
    }
    for row in try Row.fetchAll(db, sql: "SELECT key_id, model, quality, size, operation, provider, deployment_type, tags, key_text FROM report_keys")
    {
      let v = (0..<9).map { row[$0] as DatabaseValue }
      guard let id = Int64.fromDatabaseValue(v[0]), let model = String.fromDatabaseValue(v[1]), let quality = text(v[2]), let size = text(v[3]),
        let operation = String.fromDatabaseValue(v[4]), let provider = text(v[5]), let deploymentType = text(v[6]),
        let tagsText = String.fromDatabaseValue(v[7]), let tags = JSONText.parseObject(tagsText), let stored = String.fromDatabaseValue(v[8])
      else { throw damaged("report_keys", v[0]) }
      let key = ReportKey(
        model: model, quality: quality, size: size, operation: operation, provider: provider, deploymentType: deploymentType, tags: tags)
      guard key.text == stored else { throw damaged("report_keys", v[0]) }
      catalog.keys[id] = key
    }
    for row in try Row.fetchAll(
      db, sql: "SELECT detail_id, region, n, input_images, input_fidelity, partial_images, status, detail_text FROM request_details")
    {
      let v = (0..<8).map { row[$0] as DatabaseValue }
      guard let id = Int64.fromDatabaseValue(v[0]), let region = text(v[1]), let n = Int.fromDatabaseValue(v[2]),
        let inputs = String.fromDatabaseValue(v[3]),
        let fidelity = text(v[4]), let partials = Int.fromDatabaseValue(v[5]), let stored = String.fromDatabaseValue(v[7])
      else { throw damaged("request_details", v[0]) }
      let status: Int? = v[6].isNull ? nil : Int.fromDatabaseValue(v[6])
      if !v[6].isNull, status == nil { throw damaged("request_details", v[0]) }
      let detail = RequestDetail(
        region: region, n: n, inputImages: inputs.split(separator: ",").compactMap { ImageSize(String($0)) }, inputFidelity: fidelity,
        partialImages: partials,
        status: status)
      guard detail.text == stored else { throw damaged("request_details", v[0]) }
      catalog.details[id] = detail
    }
    return catalog
  }

  /// The request, status and tags of a stored key and detail; nil when either is missing.
  func request(key keyID: Int64, detail detailID: Int64) -> (ImageRequest, Int?, [String: String])? {
    let pair = Pair(key: keyID, detail: detailID)
    if let hit = composed[pair] { return hit }
    guard let key = keys[keyID], let detail = details[detailID] else { return nil }
    var request = key.request
    request.region = detail.region
    request.n = detail.n
    request.inputImages = detail.inputImages
    request.inputFidelity = detail.inputFidelity
    request.partialImages = detail.partialImages
    let value = (request, detail.status, key.tags)
    composed[pair] = value
    return value
  }
}

/// Report keys and request details of the records being read, numbered in the reading thread so that
/// the writer finds a record's stored ids by index instead of hashing the record again.
struct ShapeNumbering {
  private var keyIndex: [ReportKey: Int32] = [:]
  private var detailIndex: [RequestDetail: Int32] = [:]
  private(set) var keys: [ReportKey] = []
  private(set) var details: [RequestDetail] = []

  /// The local numbers of `record`'s report key and request detail.
  mutating func number(_ record: UsageRecord) -> (key: Int32, detail: Int32) {
    let key = ReportKey(record)
    let k: Int32
    if let hit = keyIndex[key] {
      k = hit
    } else {
      k = Int32(keys.count)
      keys.append(key)
      keyIndex[key] = k
    }
    let detail = RequestDetail(record)
    if let hit = detailIndex[detail] { return (k, hit) }
    let d = Int32(details.count)
    details.append(detail)
    detailIndex[detail] = d
    return (k, d)
  }
}

/// Writes report keys and request details, remembering their ids by local number (one per import;
/// forgotten when a transaction fails, since its rows are gone).
struct ShapeWriter {
  private var keyIDs: [Int64] = []
  private var detailIDs: [Int64] = []

  mutating func forget() {
    keyIDs.removeAll()
    detailIDs.removeAll()
  }

  /// The stored ids of a record's report key and request detail (local numbers `key`, `detail` with their
  /// values), inserting them when new (inside the caller's transaction).
  mutating func ids(
    key: Int32, _ keyValue: @autoclosure () -> ReportKey, detail: Int32, _ detailValue: @autoclosure () -> RequestDetail, db: Database
  )
    throws -> (keyID: Int64, detailID: Int64)
  {
    let k = Int(key)
    let d = Int(detail)
    if k < keyIDs.count, d < detailIDs.count, keyIDs[k] >= 0, detailIDs[d] >= 0 { return (keyIDs[k], detailIDs[d]) }
    if k >= keyIDs.count { keyIDs.append(contentsOf: repeatElement(-1, count: k - keyIDs.count + 1)) }
    if d >= detailIDs.count { detailIDs.append(contentsOf: repeatElement(-1, count: d - detailIDs.count + 1)) }
    if keyIDs[k] < 0 {
      let key = keyValue()
      let text = key.text
      try db.cachedStatement(
        sql: """
          INSERT INTO report_keys (key_text, model, quality, size, operation, provider, deployment_type, tags)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key_text) DO NOTHING
          """
      ).execute(arguments: [text, key.model, key.quality, key.size, key.operation, key.provider, key.deploymentType, JSONText.object(key.tags)])
      keyIDs[k] = try Int64.fetchOne(db.cachedStatement(sql: "SELECT key_id FROM report_keys WHERE key_text = ?"), arguments: [text])!
    }
    if detailIDs[d] < 0 {
      let detail = detailValue()
      let text = detail.text
      try db.cachedStatement(
        sql: """
          INSERT INTO request_details (detail_text, region, n, input_images, input_fidelity, partial_images, status)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(detail_text) DO NOTHING
          """
      ).execute(arguments: [text, detail.region, detail.n, detail.inputImagesText, detail.inputFidelity, detail.partialImages, detail.status])
      detailIDs[d] = try Int64.fetchOne(db.cachedStatement(sql: "SELECT detail_id FROM request_details WHERE detail_text = ?"), arguments: [text])!
    }
    return (keyIDs[k], detailIDs[d])
  }
}

/// Minimal JSON text for the ledger's canonical keys, notes and exports (strings escaped per RFC 8259).
enum JSONText {
  static func string(_ text: String) -> String { JSONString.quote(text) }

  static func optional(_ text: String?) -> String { text.map(string) ?? "null" }

  static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

  /// An object of strings with its keys sorted (so equal dictionaries give equal text).
  static func object(_ dict: [String: String]) -> String {
    "{" + dict.keys.sorted().map { string($0) + ":" + string(dict[$0]!) }.joined(separator: ",") + "}"
  }

  static func stringArray(_ items: [String]) -> String { array(items.map(string)) }

  static func parseObject(_ text: String) -> [String: String]? {
    guard let data = text.data(using: .utf8), let any = try? JSONSerialization.jsonObject(with: data), let dict = any as? [String: Any] else {
      return nil
    }
    var out: [String: String] = [:]
    for (k, v) in dict { out[k] = (v as? String) ?? "\(v)" }
    return out
  }

  static func parseStringArray(_ text: String) -> [String] {
    guard let data = text.data(using: .utf8), let any = try? JSONSerialization.jsonObject(with: data), let list = any as? [String] else { return [] }
    return list
  }
}

/// A stored row whose values do not decode or do not match their own redundant text: the file is damaged.
struct StoredRowDamage: Error, CustomStringConvertible {
  let detail: String
  var description: String { detail }
}
