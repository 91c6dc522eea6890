import CostCore
import Foundation

/// Reads usage from any CSV through a column map (`--map field=column,…`), one request per row.
///
/// Fields: `id`, `time` (required), `model` (required), `provider`, `deployment_type`, `region`, `operation`,
/// `size`, `quality`, `n`, `status`, `input_tokens`, `input_text_tokens`, `input_image_tokens`, `output_tokens`,
/// `output_image_tokens`, `output_text_tokens`, and `tag:KEY`. A row with `input_tokens` and `output_tokens` is
/// priced from that usage; otherwise it is estimated from its parameters.
public struct GenericCSVReader: Sendable {
  public static let fields = [
    "id", "time", "model", "provider", "deployment_type", "region", "operation", "size", "quality", "n", "status", "input_tokens",
    "input_text_tokens", "input_image_tokens", "output_tokens", "output_image_tokens", "output_text_tokens",
  ]

  /// field → CSV column name.
  public let map: [String: String]

  /// Parses `field=column,…`; nil with the reason on an unknown field or a missing required one.
  public static func parseMap(_ text: String) -> Result<[String: String], RequestLogError> {
    var map: [String: String] = [:]
    for part in text.split(separator: ",") {
      let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard kv.count == 2, !kv[1].isEmpty, fields.contains(kv[0]) || (kv[0].hasPrefix("tag:") && kv[0].count > 4) else {
        return .failure(
          RequestLogError(
            file: "--map", line: 0, message: "'\(part)' must be FIELD=COLUMN with FIELD one of \(fields.joined(separator: ", ")) or tag:KEY"))
      }
      map[kv[0]] = kv[1]
    }
    for required in ["time", "model"] where map[required] == nil {
      return .failure(RequestLogError(file: "--map", line: 0, message: "the map needs \(required)=COLUMN"))
    }
    return .success(map)
  }

  public init(map: [String: String]) { self.map = map }

  /// Reads `text` (from `file`), calling `body` for each row.
  public func read(_ text: String, file: String, _ body: (UsageRecord) throws -> Void) throws -> Int {
    let records: [(line: Int, fields: [String])]
    do {
      records = try CSVReader.records(text)
    } catch let failure as CSVReader.Failure {
      throw RequestLogError(file: file, line: failure.line, message: failure.message)
    }
    guard let header = records.first else { return 0 }
    var index: [String: Int] = [:]
    for (field, column) in map {
      guard let position = header.fields.firstIndex(of: column) else {
        throw RequestLogError(
          file: file, line: header.line,
          message: "no column '\(column)' (mapped from \(field)); the header has \(header.fields.joined(separator: ", "))")
      }
      index[field] = position
    }
    var count = 0
    for row in records.dropFirst() {
      func fail(_ message: String) -> RequestLogError { RequestLogError(file: file, line: row.line, message: message) }
      guard row.fields.count == header.fields.count else { throw fail("expected \(header.fields.count) fields, found \(row.fields.count)") }
      func value(_ field: String) -> String? {
        guard let i = index[field] else { return nil }
        let text = row.fields[i].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
      }
      func int(_ field: String) throws -> Int64? {
        guard let text = value(field) else { return nil }
        guard let number = Int64(text), number >= 0 else {
          throw fail("column '\(map[field]!)' (\(field)) must be a non-negative whole number, found '\(text)'")
        }
        return number
      }
      guard let time = value("time"), time.count >= 10, let date = CivilDate(String(time.prefix(10))) else {
        throw fail("column '\(map["time"]!)' (time) must be an ISO 8601 timestamp or YYYY-MM-DD")
      }
      guard let model = value("model") else { throw fail("column '\(map["model"]!)' (model) is empty") }
      let operationText = value("operation") ?? "generate"
      guard let operation = ImageOperation(rawValue: operationText) else {
        throw fail("operation must be generate or edit, found '\(operationText)'")
      }
      var size: ImageSize?
      if let text = value("size"), text != "auto" {
        guard let parsed = ImageSize(text) else { throw fail("size '\(text)' is not WIDTHxHEIGHT") }
        size = parsed
      }
      var usage: ImageUsage?
      if let input = try int("input_tokens"), let output = try int("output_tokens") {
        usage = ImageUsage(
          inputTokens: input, inputTextTokens: try int("input_text_tokens"), inputImageTokens: try int("input_image_tokens"),
          outputTokens: output, outputImageTokens: try int("output_image_tokens"), outputTextTokens: try int("output_text_tokens"))
      }
      var tags: [String: String] = [:]
      for (field, _) in map where field.hasPrefix("tag:") { tags[String(field.dropFirst(4))] = value(field) }
      let request = ImageRequest(
        model: model, provider: value("provider"), deploymentType: value("deployment_type"), region: value("region"), operation: operation,
        quality: value("quality"), size: size, n: Int(try int("n") ?? 1))
      let id = value("id") ?? "\(file):\(row.line)"
      let record = UsageRecord(
        id: id, date: date, timestamp: time, request: request, status: (try int("status")).map { Int($0) }, tags: tags, usage: usage)
      if let text = PlausibilityBounds.violation(of: record) { throw fail(text) }
      try body(record)
      count += 1
    }
    return count
  }
}
