import CostCore
import CostIO
import Digest
import Foundation

/// Reads imagecost's request-log JSONL (one request per line, the API's `usage` verbatim when present).
///
/// Accepts a UTF-8 BOM, CRLF line ends, blank lines and a last line without a line break. Unknown
/// fields are ignored but counted. A line without `id` gets a content hash as its identity.
public struct RequestLogReader: Sendable {
  /// What reading one file found besides records.
  public struct Summary: Sendable {
    public var lines: Int64 = 0
    public var records: Int64 = 0
    public var skipped: Int64 = 0
    public var firstSkipped: [RequestLogError] = []
    public var unknownFields: [String: Int64] = [:]

    public init() {}
  }

  public let skipBad: Bool
  /// Deployment name → model, for logs that record the Azure deployment instead of the model.
  public let deployments: [String: String]

  public init(skipBad: Bool, deployments: [String: String] = [:]) {
    self.skipBad = skipBad
    self.deployments = deployments
  }

  /// Bytes read from the file at a time; memory stays flat whatever the file size.
  static let chunkSize = 4 << 20

  /// Reads `path`, calling `body` for each record in file order.
  ///
  /// Streams the file in chunks of ``chunkSize`` bytes. Each line goes through ``RequestLogScanner``
  /// first and through the general JSON parser when the scanner declines it, with identical results.
  /// - Throws: ``RequestLogError`` at the first malformed line unless `skipBad`.
  public func read(path: String, _ body: (UsageRecord) throws -> Void) throws -> Summary {
    let source = try LogSource(path: path)
    var summary = Summary()
    var scanner = RequestLogScanner()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(RequestLogReader.chunkSize + 64 * 1024)
    var lineNumber = 0
    var bomPending = true
    var atEnd = false
    while !atEnd {
      let chunk = try source.next(line: lineNumber)
      atEnd = chunk.isEmpty
      buffer.append(contentsOf: chunk)
      if bomPending {
        guard buffer.count >= 3 || atEnd else { continue }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
        bomPending = false
      }
      let consumed = try buffer.withUnsafeBufferPointer { bytes -> Int in
        try RequestLogReader.forEachLine(in: bytes, atEnd: atEnd) { range in
          lineNumber += 1
          let line = UnsafeBufferPointer(rebasing: bytes[range])
          if RequestLogReader.isBlank(line) { return true }
          summary.lines += 1
          do {
            let record: UsageRecord
            if let fast = scanner.scan(line, unknown: &summary.unknownFields) {
              record = fast
            } else {
              record = try parse(Array(line), file: path, line: lineNumber, unknown: &summary.unknownFields)
            }
            summary.records += 1
            try body(record)
          } catch let error as RequestLogError {
            guard skipBad else { throw error }
            summary.skipped += 1
            if summary.firstSkipped.count < 5 { summary.firstSkipped.append(error) }
          }
          return true
        }
      }
      buffer.removeFirst(consumed)
    }
    return summary
  }

  /// Walks the lines of `bytes`: each ends at a line feed (a carriage return before it is dropped); a last
  /// line without one counts only when `atEnd` (otherwise it waits for more bytes). `body` gets each line's
  /// range, blank lines included, and returns false to stop.
  /// - Returns: how many bytes the lines walked took, line feeds included.
  static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, _ body: (Range<Int>) throws -> Bool) rethrows -> Int {
    var start = 0
    while start < bytes.count {
      var end = bytes.count
      if let found = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) {
        end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      } else if !atEnd {
        break  // a partial line: wait for the next chunk
      }
      var lineEnd = end
      if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      let range = start..<lineEnd
      start = min(end + 1, bytes.count)
      guard try body(range) else { break }
    }
    return start
  }

  /// Spaces and tabs only (or nothing): skipped, though counted for line numbers.
  static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

  /// A log file read in chunks, decompressed when gzip-compressed (by magic bytes, whatever the name).
  struct LogSource {
    let path: String
    let handle: FileHandle
    let gzip: GzipReader?

    init(path: String) throws {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
        let handle = FileHandle(forReadingAtPath: path)
      else {
        throw RequestLogError(file: path, line: 0, message: "the file does not exist or cannot be read")
      }
      let magic = (try? handle.read(upToCount: 2)) ?? Data()
      try? handle.seek(toOffset: 0)
      self.path = path
      self.handle = handle
      gzip = GzipReader.isGzip(magic) ? try GzipReader(handle: handle, path: path) : nil
    }

    /// The next chunk of at most `count` bytes; empty at the end (and the file is closed).
    func next(line: Int, upTo count: Int = RequestLogReader.chunkSize) throws -> Data {
      do {
        let chunk = try gzip?.read(upToCount: count) ?? handle.read(upToCount: count) ?? Data()
        if chunk.isEmpty { try? handle.close() }
        return chunk
      } catch let error as RequestLogError {
        throw error
      } catch {
        throw RequestLogError(file: path, line: line, message: "the file does not exist or cannot be read")
      }
    }
  }

  /// Reads one line through the general parser only (the reference for ``RequestLogScanner``).
  func parseWithoutScanner(_ line: [UInt8], file: String = "-", line number: Int = 1) throws -> (UsageRecord, [String: Int64]) {
    var unknown: [String: Int64] = [:]
    let record = try parse(line, file: file, line: number, unknown: &unknown)
    return (record, unknown)
  }

  func parse(_ line: [UInt8], file: String, line number: Int, unknown: inout [String: Int64]) throws -> UsageRecord {
    var identifiedByContent = false
    return try parse(line, file: file, line: number, unknown: &unknown, identifiedByContent: &identifiedByContent)
  }

  /// ``parse(_:file:line:unknown:)``, saying whether the record's id is its content hash (the line has no `id`).
  func parse(_ line: [UInt8], file: String, line number: Int, unknown: inout [String: Int64], identifiedByContent: inout Bool) throws
    -> UsageRecord
  {
    func fail(_ message: String) -> RequestLogError { RequestLogError(file: file, line: number, message: message) }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(line))
    } catch {
      throw fail("not valid JSON (a truncated or malformed line)")
    }
    guard let json = object as? [String: Any] else { throw fail("expected a JSON object per line") }
    for key in json.keys where !RequestLogField.knownKeys.contains(key) { unknown[key, default: 0] += 1 }
    func string(_ field: RequestLogField) throws -> String? {
      let key = field.key
      guard let value = json[key], !(value is NSNull) else { return nil }
      guard let text = value as? String else { throw fail("'\(key)' must be a string") }
      return text
    }
    func wholeNumber(_ field: RequestLogField) throws -> Int64? { try int(field.key) }
    func int(_ key: String, in dict: [String: Any]? = nil, path: String? = nil) throws -> Int64? {
      let source = dict ?? json
      guard let value = source[key], !(value is NSNull) else { return nil }
      // Whole numbers only: compare the integer value with the number's own text.
      guard let number = value as? NSNumber, number.int64Value >= 0, number.stringValue == String(number.int64Value)
      else { throw fail("'\(path ?? key)' must be a non-negative whole number") }
      return number.int64Value
    }
    // `time`, or a raw Images API response's `created` (unix seconds).
    let time: String
    let date: CivilDate
    if let text = try string(.time) {
      guard text.count >= 10, let day = CivilDate(String(text.prefix(10))) else { throw fail("'time' \(text) is not an ISO 8601 timestamp") }
      time = text
      date = day
    } else if let created = try wholeNumber(.created) {
      if let text = PlausibilityBounds.excess("'created'", created, max: PlausibilityBounds.latestUnixSeconds, unit: "unix seconds (9999-12-31)") {
        throw fail(text)
      }
      time = "created:\(created)"
      date = CivilDate(daysSinceEpoch: Int(created / 86_400))
    } else {
      throw fail("missing 'time' (an ISO 8601 timestamp such as 2026-10-01T09:30:00Z) or 'created' (unix seconds)")
    }
    guard let model = try string(.model) ?? string(.deployment).flatMap({ deployments[$0] }) else {
      if let deployment = try string(.deployment) {
        throw fail("'deployment' \(deployment) has no model: map it with --deployment \(deployment)=MODEL")
      }
      throw fail("missing 'model'")
    }
    let operationText = try string(.operation) ?? "generate"
    guard let operation = ImageOperation(rawValue: operationText) else { throw fail("'operation' must be generate or edit, not '\(operationText)'") }
    var size: ImageSize?
    if let text = try string(.size), text != "auto" {
      guard let parsed = ImageSize(text) else { throw fail("'size' \(text) is not WIDTHxHEIGHT") }
      size = parsed
    }
    var inputs: [ImageSize] = []
    if let list = json[RequestLogField.inputImages.key] {
      guard let items = list as? [[String: Any]] else { throw fail("'input_images' must be a list of {\"width\":…,\"height\":…}") }
      for (index, item) in items.enumerated() {
        guard let w = try int("width", in: item, path: "input_images[\(index)].width"),
          let h = try int("height", in: item, path: "input_images[\(index)].height"), w > 0, h > 0
        else { throw fail("'input_images[\(index)]' needs positive width and height") }
        inputs.append(ImageSize(width: Int(w), height: Int(h)))
      }
    }
    var tags: [String: String] = [:]
    if let value = json[RequestLogField.tags.key] {
      guard let dict = value as? [String: Any] else { throw fail("'tags' must be an object of strings") }
      for (k, v) in dict { tags[k] = (v as? String) ?? "\(v)" }
    }
    var usage: ImageUsage?
    if let value = json[RequestLogField.usage.key], !(value is NSNull) {
      guard let u = value as? [String: Any] else { throw fail("'usage' must be an object") }
      guard let input = try int("input_tokens", in: u, path: "usage.input_tokens"),
        let output = try int("output_tokens", in: u, path: "usage.output_tokens")
      else { throw fail("'usage' needs input_tokens and output_tokens") }
      let inDetails = u["input_tokens_details"] as? [String: Any]
      let outDetails = u["output_tokens_details"] as? [String: Any]
      usage = ImageUsage(
        inputTokens: input,
        inputTextTokens: try inDetails.flatMap { try int("text_tokens", in: $0, path: "usage.input_tokens_details.text_tokens") },
        inputImageTokens: try inDetails.flatMap { try int("image_tokens", in: $0, path: "usage.input_tokens_details.image_tokens") },
        outputTokens: output,
        outputImageTokens: try outDetails.flatMap { try int("image_tokens", in: $0, path: "usage.output_tokens_details.image_tokens") },
        outputTextTokens: try outDetails.flatMap { try int("text_tokens", in: $0, path: "usage.output_tokens_details.text_tokens") })
    }
    let request = ImageRequest(
      model: model, provider: try string(.provider), deploymentType: try string(.deploymentType), region: try string(.region),
      operation: operation, quality: try string(.quality), size: size, n: Int(try wholeNumber(.n) ?? 1), inputImages: inputs,
      inputFidelity: try string(.inputFidelity), partialImages: Int(try wholeNumber(.partialImages) ?? 0))
    let given = try string(.id)
    identifiedByContent = given == nil
    let id = given ?? "sha256:" + SHA256.hash(line).hex
    let record = UsageRecord(
      id: id, date: date, timestamp: time, request: request, status: (try wholeNumber(.status)).map { Int($0) }, tags: tags, usage: usage)
    // Quantities beyond the plausibility bounds make a bad line (never a crash or an absurd total later).
    if let text = PlausibilityBounds.violation(of: record) { throw fail(text) }
    return record
  }
}
