import Foundation

/// Reads user text files strictly as UTF-8, naming the byte offset of the first invalid sequence.
enum TextFile {
  static func read(_ path: String) throws -> String {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw CLIError.unreadableFile(path, FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file")
    }
    let bytes = [UInt8](data)
    if let offset = firstInvalidUTF8Offset(bytes) { throw CLIError.invalidUTF8(file: path, offset: offset) }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
