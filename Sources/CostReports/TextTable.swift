/// Column alignment in a rendered table.
public enum Alignment: Sendable {
  case left
  case right
}

/// A plain-text or Markdown table whose column widths count terminal columns: ANSI escapes count
/// zero and East Asian wide characters and emoji count two.
public struct TextTable: Sendable {
  public var headers: [String]
  public var alignments: [Alignment]
  public var rows: [[String]]
  /// Row indices after which a rule line is drawn (plain style only), e.g. before a total.
  public var rulesAfter: Set<Int>

  public init(headers: [String], alignments: [Alignment], rows: [[String]] = [], rulesAfter: Set<Int> = []) {
    self.headers = headers
    self.alignments = alignments
    self.rows = rows
    self.rulesAfter = rulesAfter
  }

  /// Aligned columns separated by two spaces, with a dashed rule under the header.
  public func renderPlain() -> String {
    let widths = columnWidths()
    var lines = [line(headers, widths), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    for (index, row) in rows.enumerated() {
      lines.append(line(row, widths))
      if rulesAfter.contains(index) { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    return lines.map { $0.trailingSpacesTrimmed }.joined(separator: "\n") + "\n"
  }

  /// A GitHub-flavoured Markdown table; `|` in cells is escaped.
  public func renderMarkdown() -> String {
    func cells(_ values: [String]) -> String {
      "| " + values.map { $0.replacingPipes }.joined(separator: " | ") + " |"
    }
    var lines = [cells(headers)]
    lines.append("|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined())
    lines += rows.map(cells)
    return lines.joined(separator: "\n") + "\n"
  }

  private func columnWidths() -> [Int] {
    var widths = headers.map(TextTable.displayWidth)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], TextTable.displayWidth(cell))
      }
    }
    return widths
  }

  private func line(_ cells: [String], _ widths: [Int]) -> String {
    var parts: [String] = []
    for (index, width) in widths.enumerated() {
      let cell = index < cells.count ? cells[index] : ""
      let padding = String(repeating: " ", count: max(0, width - TextTable.displayWidth(cell)))
      parts.append(alignments[index] == .right ? padding + cell : cell + padding)
    }
    return parts.joined(separator: "  ")
  }

  /// Terminal columns `text` occupies.
  public static func displayWidth(_ text: String) -> Int {
    var width = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if (0x40...0x7E).contains(scalar.value), scalar != "[" { inEscape = false }
        continue
      }
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      let v = scalar.value
      if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
        || v == 0x200D || (0xFE00...0xFE0F).contains(v)
      {
        continue
      }
      let wide =
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
      width += wide ? 2 : 1
    }
    return width
  }
}

extension String {
  fileprivate var trailingSpacesTrimmed: String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }

  fileprivate var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}

/// Word-wraps plain text for an 80–100-column terminal.
public enum TextWrap {
  /// Wraps `text` at `width` display columns; continuation lines start with `indent`. Words longer
  /// than a line are kept whole.
  public static func wrap(_ text: String, width: Int = 100, indent: String = "    ") -> String {
    var lines: [String] = []
    var current = ""
    var startOfLine = true
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      let candidate = startOfLine ? String(word) : current + " " + word
      startOfLine = false
      if TextTable.displayWidth(candidate) > width, !current.trimmingSpaces.isEmpty {
        lines.append(current)
        current = indent + word
      } else {
        current = candidate
      }
    }
    lines.append(current)
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate var trimmingSpaces: Substring { drop { $0 == " " } }
}
