import CostCore

/// One compared line item.
public struct DiffRow: Hashable, Sendable {
  public let item: String
  public let old: USD?
  public let new: USD?

  public init(item: String, old: USD?, new: USD?) {
    self.item = item
    self.old = old
    self.new = new
  }

  public var delta: USD { (new ?? .zero) - (old ?? .zero) }

  /// Δ as a percentage of old with one decimal (half-even), or nil when old is zero or absent.
  public var percent: String? {
    guard let old, old.nanos != 0 else { return nil }
    let tenths = FixedPoint.divide(Int128(delta.nanos) * 1_000, by: Int128(old.nanos < 0 ? -old.nanos : old.nanos), rounding: .halfEven)
    return (tenths > 0 ? "+" : "") + FixedPoint.format(tenths, scale: 1, minimumFractionDigits: 1) + "%"
  }
}

/// Infracost-style comparison of two saved reports.
public enum DiffRenderer {
  /// Pairs items by name: old order first, then items only in new.
  public static func rows(old: [(String, USD)], new: [(String, USD)]) -> [DiffRow] {
    var rows = old.map { item in DiffRow(item: item.0, old: item.1, new: new.first { $0.0 == item.0 }?.1) }
    rows += new.filter { item in !old.contains { $0.0 == item.0 } }.map { DiffRow(item: $0.0, old: nil, new: $0.1) }
    return rows
  }

  public static func render(_ rows: [DiffRow], oldName: String, newName: String, as format: OutputFormat) -> String {
    func money(_ value: USD?) -> String { value.map { $0.decimalString } ?? "" }
    switch format {
    case .json:
      return JSONValue.object(
        [
          ("schema", .string("imagecost.diff/1")), ("old", .string(oldName)), ("new", .string(newName)),
          (
            "items",
            .array(
              rows.map { row in
                .object([
                  ("item", .string(row.item)), ("old_usd", .optional(row.old?.decimalString)), ("new_usd", .optional(row.new?.decimalString)),
                  ("delta_usd", .string(row.delta.decimalString)), ("delta_percent", .optional(row.percent)),
                ])
              })
          ),
        ] + ReportStamp.jsonFields
      ).rendered()
    case .csv:
      var writer = CSVWriter(header: ["item", "old_usd", "new_usd", "delta_usd", "delta_percent"])
      for row in rows { writer.append([row.item, money(row.old), money(row.new), row.delta.decimalString, row.percent ?? ""]) }
      return writer.text
    case .table, .md:
      var table = TextTable(headers: ["Item", "Old", "New", "Δ", "Δ %"], alignments: [.left, .right, .right, .right, .right])
      for row in rows {
        let sign = row.delta.nanos > 0 ? "+" : ""
        table.rows.append([
          row.item, row.old?.roundedToCents.display ?? "—", row.new?.roundedToCents.display ?? "—",
          sign + row.delta.roundedToCents.display, row.percent ?? (row.old == nil ? "new" : "—"),
        ])
      }
      let title = "Diff: \(oldName) → \(newName)"
      return (format == .md ? "## \(title)\n\n" + table.renderMarkdown() : title + "\n\n" + table.renderPlain()) + ReportStamp.closingLine
    }
  }
}
