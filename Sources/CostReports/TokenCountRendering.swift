import CostCore

/// One counted prompt (or line) for `imagecost tokens`.
public struct TokenCount: Sendable {
  /// 1-based line number with `--per-line`.
  public let line: Int?
  public let text: String
  /// Unicode code points.
  public let characters: Int
  /// Exact o200k_base tokens.
  public let tokens: Int
  /// Tokens plus the per-request overhead assumption (generations).
  public let billed: Int
  /// True for edits, whose overhead is unknown.
  public let approximate: Bool
  public let ids: [Int]
  public let pieces: [String]

  public init(line: Int?, text: String, characters: Int, tokens: Int, billed: Int, approximate: Bool, ids: [Int], pieces: [String]) {
    self.line = line
    self.text = text
    self.characters = characters
    self.tokens = tokens
    self.billed = billed
    self.approximate = approximate
    self.ids = ids
    self.pieces = pieces
  }
}

/// Renders `imagecost tokens`.
public enum TokenCountRenderer {
  public static func render(_ counts: [TokenCount], assumption: Assumption?, as format: OutputFormat) -> String {
    let perLine = counts.first?.line != nil
    let showIDs = counts.contains { !$0.ids.isEmpty }
    let showPieces = counts.contains { !$0.pieces.isEmpty }
    switch format {
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.tokens/1")),
          ("encoding", .string("o200k_base")),
          ("total_tokens", .int(counts.reduce(0) { $0 + $1.tokens })),
          (
            "items",
            .array(
              counts.map { c in
                var pairs: [(String, JSONValue)] = []
                if let line = c.line { pairs.append(("line", .int(line))) }
                pairs += [
                  ("characters", .int(c.characters)), ("tokens", .int(c.tokens)), ("billed_estimate", .int(c.billed)),
                  ("approximate", .bool(c.approximate)),
                ]
                if showIDs { pairs.append(("ids", .array(c.ids.map(JSONValue.int)))) }
                if showPieces { pairs.append(("pieces", .array(c.pieces.map(JSONValue.string)))) }
                return .object(pairs)
              })
          ),
          ("assumption", assumption.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) } ?? .null),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .csv:
      var header = ["line", "characters", "tokens", "billed_estimate", "approximate", "text"]
      if showIDs { header.append("ids") }
      if showPieces { header.append("pieces") }
      var writer = CSVWriter(header: header)
      for (index, c) in counts.enumerated() {
        var row = [String(c.line ?? index + 1), String(c.characters), String(c.tokens), String(c.billed), c.approximate ? "true" : "false", c.text]
        if showIDs { row.append(c.ids.map(String.init).joined(separator: " ")) }
        if showPieces { row.append(c.pieces.joined(separator: "\u{1F}")) }
        writer.append(row)
      }
      return writer.text
    case .table, .md:
      var out = ""
      if perLine || counts.count > 1 {
        var table = TextTable(
          headers: ["Line", "Characters", "Tokens", "Billed estimate"], alignments: [.right, .right, .right, .right])
        for c in counts {
          table.rows.append([
            String(c.line ?? 0), FixedPoint.grouped(Int64(c.characters)), FixedPoint.grouped(Int64(c.tokens)),
            FixedPoint.grouped(Int64(c.billed)) + (c.approximate ? " ≈" : ""),
          ])
        }
        out += format == .md ? table.renderMarkdown() : table.renderPlain()
        out += "Total: \(FixedPoint.grouped(Int64(counts.reduce(0) { $0 + $1.tokens }))) tokens\n"
      } else if let c = counts.first {
        out += "\(FixedPoint.grouped(Int64(c.tokens))) tokens (o200k_base), \(FixedPoint.grouped(Int64(c.characters))) characters\n"
        out += "Billed estimate for an image request: \(FixedPoint.grouped(Int64(c.billed))) text tokens\(c.approximate ? " (approximate)" : "")\n"
      }
      for c in counts where !c.ids.isEmpty || !c.pieces.isEmpty {
        if let line = c.line { out += "Line \(line):\n" }
        if !c.ids.isEmpty { out += "ids: " + c.ids.map(String.init).joined(separator: " ") + "\n" }
        if !c.pieces.isEmpty { out += "pieces: " + c.pieces.map { "[\($0)]" }.joined(separator: " ") + "\n" }
      }
      if let assumption { out += "Assumption \(assumption.id): \(assumption.text)\n" }
      return out
    }
  }
}
