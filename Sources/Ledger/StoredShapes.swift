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
      model: r.model, quality: r.quality, size: r.size?.description, operation: r.operation.rawValue, provider: r.provider, deploymentType: r.deploymentType,
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
    self.init(region: r.region, n: r.n, inputImages: r.inputImages, inputFidelity: r.inputFidelity, partialImages: r.partialImages, status: record.status)
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

  static func load(_ db: Database) throws -> ShapeCatalog {
    let catalog = ShapeCatalog()
    for row in try Row.fetchAll(db, sql: "SELECT key_id, model, quality, size, operation, provider, deployment_type, tags FROM report_keys") {
      catalog.keys[row[0]] = ReportKey(
        model: row[1], quality: row[2], size: row[3], operation: row[4], provider: row[5], deploymentType: row[6], tags: JSONText.parseObject(row[7]) ?? [:])
    }
    for row in try Row.fetchAll(db, sql: "SELECT detail_id, region, n, input_images, input_fidelity, partial_images, status FROM request_details") {
      let inputs: String = row[3]
      catalog.details[row[0]] = RequestDetail(
        region: row[1], n: row[2], inputImages: inputs.split(separator: ",").compactMap { ImageSize(String($0)) }, inputFidelity: row[4],
        partialImages: row[5], status: row[6])
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

/// Writes report keys and request details, remembering their ids (one per import; forgotten when a
/// transaction fails, since its rows are gone).
struct ShapeWriter {
  private var keyIDs: [ReportKey: Int64] = [:]
  private var detailIDs: [RequestDetail: Int64] = [:]

  mutating func forget() {
    keyIDs.removeAll()
    detailIDs.removeAll()
  }

  /// The ids of `record`'s report key and request detail, inserting them when new (inside the caller's transaction).
  mutating func ids(_ record: UsageRecord, db: Database) throws -> (keyID: Int64, detailID: Int64) {
    let key = ReportKey(record)
    let keyID: Int64
    if let known = keyIDs[key] {
      keyID = known
    } else {
      let text = key.text
      try db.cachedStatement(
        sql: """
          INSERT INTO report_keys (key_text, model, quality, size, operation, provider, deployment_type, tags)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key_text) DO NOTHING
          """
      ).execute(arguments: [text, key.model, key.quality, key.size, key.operation, key.provider, key.deploymentType, JSONText.object(key.tags)])
      keyID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT key_id FROM report_keys WHERE key_text = ?"), arguments: [text])!
      keyIDs[key] = keyID
    }
    let detail = RequestDetail(record)
    if let known = detailIDs[detail] { return (keyID, known) }
    let text = detail.text
    try db.cachedStatement(
      sql: """
        INSERT INTO request_details (detail_text, region, n, input_images, input_fidelity, partial_images, status)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(detail_text) DO NOTHING
        """
    ).execute(arguments: [text, detail.region, detail.n, detail.inputImagesText, detail.inputFidelity, detail.partialImages, detail.status])
    let detailID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT detail_id FROM request_details WHERE detail_text = ?"), arguments: [text])!
    detailIDs[detail] = detailID
    return (keyID, detailID)
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
    guard let data = text.data(using: .utf8), let any = try? JSONSerialization.jsonObject(with: data), let dict = any as? [String: Any] else { return nil }
    var out: [String: String] = [:]
    for (k, v) in dict { out[k] = (v as? String) ?? "\(v)" }
    return out
  }

  static func parseStringArray(_ text: String) -> [String] {
    guard let data = text.data(using: .utf8), let any = try? JSONSerialization.jsonObject(with: data), let list = any as? [String] else { return [] }
    return list
  }
}
