import Foundation
import O200k

/// Reads user text files strictly as UTF-8; an invalid byte is an error naming the file and offset.
enum TextFile {
  static func read(_ path: String) throws -> String {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw CLIError.unreadableFile(path, FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file")
    }
    return try O200kTokenizer.decodeUTF8([UInt8](data), file: path)
  }
}
