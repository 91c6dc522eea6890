/// RFC 4180 CSV: fields with `,` `"` CR or LF are quoted, quotes doubled, records end in CRLF.
public struct CSVWriter: Sendable {
  public private(set) var text = ""

  public init(header: [String]) { append(header) }

  public mutating func append(_ fields: [String]) {
    text += fields.map(CSVWriter.escape).joined(separator: ",") + "\r\n"
  }

  public static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
    return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}
