/// A strict RFC 4180 CSV reader: quoted fields with `""` escapes and embedded line breaks, CRLF or LF
/// records, a UTF-8 BOM stripped. Malformed input is an error naming the line, never guessed at.
public enum CSVReader {
  public struct Failure: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// The records of `text` with the line each starts on.
  public static func records(_ text: String) throws -> [(line: Int, fields: [String])] {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records: [(Int, [String])] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var i = 0
    var quoted = false
    var fieldStarted = false
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      fieldStarted = false
    }
    while i < bytes.count {
      let b = bytes[i]
      if quoted {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
            field.append(b)
            i += 2
            continue
          }
          quoted = false
          i += 1
          if i < bytes.count, ![UInt8(ascii: ","), 0x0A, 0x0D].contains(bytes[i]) {
            throw Failure(line: line, message: "unexpected character after a closing quote")
          }
          continue
        }
        if b == 0x0A { line += 1 }
        field.append(b)
        i += 1
        continue
      }
      switch b {
      case UInt8(ascii: "\""):
        guard field.isEmpty, !fieldStarted else { throw Failure(line: line, message: "a quote inside an unquoted field") }
        quoted = true
        fieldStarted = true
      case UInt8(ascii: ","):
        endField()
      case 0x0D, 0x0A:
        endField()
        records.append((recordLine, fields))
        fields = []
        if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        line += 1
        recordLine = line
      default:
        field.append(b)
        fieldStarted = true
      }
      i += 1
    }
    if quoted { throw Failure(line: recordLine, message: "a quoted field is not closed before the end of the file") }
    if fieldStarted || !field.isEmpty || !fields.isEmpty {
      endField()
      records.append((recordLine, fields))
    }
    return records.filter { !($0.1.count == 1 && $0.1[0].isEmpty) }
  }
}
