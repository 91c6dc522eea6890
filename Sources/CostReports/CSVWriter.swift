/// RFC 4180 CSV: fields with `,` `"` CR or LF are quoted, quotes doubled, records end in CRLF.
///
/// Safe in a spreadsheet (OWASP CSV injection): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return — tags and names come from users' logs — is prefixed with `'`, so no spreadsheet runs it as
/// a formula. Numbers (`-12.5`, `+3`, `1e-9`) are written as they are.
public struct CSVWriter: Sendable {
  public private(set) var text = ""

  public init(header: [String]) { append(header) }

  public mutating func append(_ fields: [String]) {
    text += fields.map(CSVWriter.escape).joined(separator: ",") + "\r\n"
  }

  public static func escape(_ field: String) -> String {
    let field = neutralized(field)
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
    return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }

  /// `field`, prefixed with `'` when a spreadsheet would read it as a formula (see the type's comment).
  static func neutralized(_ field: String) -> String {
    guard let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return field }
    return isNumber(field) ? field : "'" + field
  }

  /// A plain decimal number as imagecost writes them: optionally signed, with an optional exponent or a
  /// trailing `%` (`-12.5`, `+3.0%`, `1e-9`).
  static func isNumber(_ text: String) -> Bool {
    var scalars = Array(text.unicodeScalars)
    if scalars.last == "%" { scalars.removeLast() }
    if let sign = scalars.first, sign == "+" || sign == "-" { scalars.removeFirst() }
    var digits = 0
    var dots = 0
    var exponent = false
    var previous: Unicode.Scalar?
    for c in scalars {
      if ("0"..."9").contains(c) {
        digits += 1
      } else if c == ".", !exponent, dots == 0 {
        dots += 1
      } else if c == "e" || c == "E", !exponent, digits > 0 {
        exponent = true
      } else if c == "+" || c == "-", previous == "e" || previous == "E" {
        // the exponent's sign
      } else {
        return false
      }
      previous = c
    }
    return digits > 0 && previous.map { ("0"..."9").contains($0) } == true
  }
}
