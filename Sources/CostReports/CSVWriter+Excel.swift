import CostCore

/// CSV for Microsoft Excel (`--excel`). Excel reads a CSV as UTF-8 only when it starts with a byte-order mark,
/// and it keeps 15 significant digits of a number. So the text gets a BOM, and each numeric column in which
/// some value has more than 15 significant digits (an exact nano-dollar amount of $1,000,000 or more, say) gets
/// a `<column>_excel` column right after it: every value of the column rounded half-even to 15 significant
/// digits, which Excel keeps exactly. The exact column stays as it is. A CSV of several tables (separated by a
/// blank line, each with its own header) is treated table by table.
extension CSVWriter {
  public static let byteOrderMark = "\u{FEFF}"
  /// The significant digits Excel keeps of a number.
  public static let excelDigits = 15

  /// `csv` (as ``CSVWriter`` writes it) made for Excel.
  public static func excel(_ csv: String) -> String {
    var out = byteOrderMark
    var table: [[String]] = []
    func flush() {
      guard let header = table.first else { return }
      let body = table.dropFirst()
      let wide = header.indices.filter { column in
        let cells = body.map { column < $0.count ? $0[column] : "" }.filter { !$0.isEmpty }
        return !cells.isEmpty && cells.allSatisfy { decimalParts($0) != nil } && cells.contains { significantDigits($0) > excelDigits }
      }
      func widen(_ record: [String], isHeader: Bool) -> [String] {
        var result: [String] = []
        for (column, field) in record.enumerated() {
          result.append(field)
          if wide.contains(column) { result.append(isHeader ? field + "_excel" : excelRounded(field)) }
        }
        return result
      }
      out += widen(header, isHeader: true).map(escape).joined(separator: ",") + "\r\n"
      for record in body { out += widen(record, isHeader: false).map(escape).joined(separator: ",") + "\r\n" }
      table = []
    }
    for record in records(csv) {
      if record == [""] {
        flush()
        out += "\r\n"
      } else {
        table.append(record)
      }
    }
    flush()
    return out
  }

  /// The records of `csv`: RFC 4180 fields (quotes doubled inside quoted fields); a blank line is `[""]`.
  static func records(_ csv: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var iterator = csv.unicodeScalars.makeIterator()
    var pending = iterator.next()
    while let c = pending {
      pending = iterator.next()
      if quoted {
        if c == "\"" {
          if pending == "\"" {
            field.unicodeScalars.append("\"")
            pending = iterator.next()
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        record.append(field)
        field = ""
      } else if c == "\r" || c == "\n" {
        if c == "\r", pending == "\n" { pending = iterator.next() }
        record.append(field)
        records.append(record)
        record = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    return records
  }

  /// A plain decimal (`-12.5`, `103.7232`, `75600`) as its digits and scale; nil for anything else.
  static func decimalParts(_ text: String) -> (value: Int128, scale: Int)? {
    var body = Substring(text)
    let negative = body.first == "-"
    if negative { body = body.dropFirst() }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }) else { return nil }
    let digits = parts.joined()
    guard !digits.isEmpty, digits.count <= 37, let magnitude = Int128(digits) else { return nil }
    return (negative ? -magnitude : magnitude, parts.count == 2 ? parts[1].count : 0)
  }

  /// Significant digits of a plain decimal: leading zeros and trailing fractional zeros do not count.
  static func significantDigits(_ text: String) -> Int {
    guard var (value, scale) = decimalParts(text) else { return 0 }
    while scale > 0, value % 10 == 0 {
      value /= 10
      scale -= 1
    }
    return value == 0 ? 0 : String(value.magnitude).count
  }

  /// `text` rounded half-even to ``excelDigits`` significant digits (unchanged when it has no more).
  static func excelRounded(_ text: String) -> String {
    guard let (value, scale) = decimalParts(text) else { return text }
    let extra = String(value.magnitude).count - excelDigits
    guard extra > 0 else { return FixedPoint.format(value, scale: scale) }
    var power: Int128 = 1
    for _ in 0..<extra { power *= 10 }
    let rounded = FixedPoint.divide(value, by: power, rounding: .halfEven) * power
    return FixedPoint.format(rounded, scale: scale)
  }
}
