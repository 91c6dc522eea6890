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

  /// The first bytes of a file, for detecting its kind.
  static func readPrefix(_ path: String, count: Int = 4096) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CLIError.unreadableFile(path, FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
    }
    defer { try? handle.close() }
    return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
  }
}
