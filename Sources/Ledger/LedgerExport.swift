import CostCore
import GRDB

extension Ledger {
  /// Writes every stored usage record as one line of imagecost's request-log JSONL, in import order.
  ///
  /// The lines read back to the same records (same ids, so importing them again adds nothing).
  /// `write` receives chunks of whole lines.
  /// - Returns: the number of records written.
  @discardableResult
  public func exportJSONL(_ write: (String) throws -> Void) throws -> Int64 {
    try read { db in
      let catalog = try ShapeCatalog.load(db)
      var buffer = ""
      buffer.reserveCapacity(1 << 20)
      var count: Int64 = 0
      try scanRecords(db, catalog: catalog) { _, _, record in
        buffer += Ledger.jsonLine(record)
        buffer += "\n"
        count += 1
        if buffer.utf8.count >= 1 << 20 {
          try write(buffer)
          buffer.removeAll(keepingCapacity: true)
        }
      }
      if !buffer.isEmpty { try write(buffer) }
      return count
    }
  }

  /// One record as a request-log line (the schema `RequestLogReader` reads).
  static func jsonLine(_ record: UsageRecord) -> String {
    let r = record.request
    var fields: [String] = [#""id":"# + JSONText.string(record.id)]
    if record.timestamp.hasPrefix("created:"), let seconds = Int64(record.timestamp.dropFirst(8)) {
      fields.append(#""created":\#(seconds)"#)
    } else {
      fields.append(#""time":"# + JSONText.string(record.timestamp))
    }
    func add(_ key: String, _ value: String?) {
      if let value { fields.append(JSONText.string(key) + ":" + JSONText.string(value)) }
    }
    add("provider", r.provider)
    add("deployment_type", r.deploymentType)
    add("region", r.region)
    add("model", r.model)
    add("operation", r.operation.rawValue)
    add("size", r.size?.description)
    add("quality", r.quality)
    fields.append(#""n":\#(r.n)"#)
    if !r.inputImages.isEmpty {
      fields.append(#""input_images":["# + r.inputImages.map { #"{"width":\#($0.width),"height":\#($0.height)}"# }.joined(separator: ",") + "]")
    }
    add("input_fidelity", r.inputFidelity)
    fields.append(#""partial_images":\#(r.partialImages)"#)
    if let status = record.status { fields.append(#""status":\#(status)"#) }
    fields.append(#""tags":"# + JSONText.object(record.tags))
    if let u = record.usage {
      var usage = [#""input_tokens":\#(u.inputTokens)"#]
      var inDetails: [String] = []
      if let t = u.inputTextTokens { inDetails.append(#""text_tokens":\#(t)"#) }
      if let t = u.inputImageTokens { inDetails.append(#""image_tokens":\#(t)"#) }
      if !inDetails.isEmpty { usage.append(#""input_tokens_details":{"# + inDetails.joined(separator: ",") + "}") }
      usage.append(#""output_tokens":\#(u.outputTokens)"#)
      var outDetails: [String] = []
      if let t = u.outputImageTokens { outDetails.append(#""image_tokens":\#(t)"#) }
      if let t = u.outputTextTokens { outDetails.append(#""text_tokens":\#(t)"#) }
      if !outDetails.isEmpty { usage.append(#""output_tokens_details":{"# + outDetails.joined(separator: ",") + "}") }
      fields.append(#""usage":{"# + usage.joined(separator: ",") + "}")
    }
    return "{" + fields.joined(separator: ",") + "}"
  }
}
