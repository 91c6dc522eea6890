/// Splits text into lines exactly as written: at LF, with a CR before it treated as part of the line
/// break; nothing is trimmed, and a final line break does not start an empty last line.
public enum TextLines {
  public static func split(_ text: String) -> [String] {
    // Split on scalars: "\r\n" is one Character, so Character-based splitting would miss it.
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      var scalars = String.UnicodeScalarView(line)
      if scalars.last == "\r" { scalars.removeLast() }
      return String(scalars)
    }
    if lines.count > 1, lines.last == "" { lines.removeLast() }
    return lines
  }
}
