import CZlib
import Foundation

/// Streams the decompressed bytes of a gzip file in chunks (system zlib), so compressed logs are
/// read with flat memory like plain ones. Concatenated gzip members are read one after another.
public final class GzipReader {
  private let handle: FileHandle
  private let path: String
  private var stream = z_stream()
  private let inputCapacity = 1 << 20
  private let input: UnsafeMutablePointer<UInt8>
  private var inputEOF = false
  private var finished = false

  /// True when `prefix` starts with the gzip magic bytes.
  public static func isGzip(_ prefix: Data) -> Bool {
    prefix.count >= 2 && prefix[prefix.startIndex] == 0x1F && prefix[prefix.startIndex + 1] == 0x8B
  }

  public init(handle: FileHandle, path: String) throws {
    self.handle = handle
    self.path = path
    input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
    guard imagecost_inflate_init_auto(&stream) == Z_OK else {
      input.deallocate()
      throw RequestLogError(file: path, line: 0, message: "cannot start gzip decompression")
    }
  }

  deinit {
    inflateEnd(&stream)
    input.deallocate()
  }

  private func refill() throws {
    let data = try handle.read(upToCount: inputCapacity) ?? Data()
    inputEOF = data.isEmpty
    data.copyBytes(to: input, count: data.count)
    stream.next_in = input
    stream.avail_in = uInt(data.count)
  }

  /// The next decompressed chunk of at most `count` bytes; empty at the end.
  public func read(upToCount count: Int) throws -> Data {
    guard !finished else { return Data() }
    let output = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
    defer { output.deallocate() }
    stream.next_out = output
    stream.avail_out = uInt(count)
    while stream.avail_out > 0 {
      if stream.avail_in == 0 {
        try refill()
        if inputEOF {
          // Clean end only right after a finished member.
          if stream.total_out == 0 && stream.total_in == 0 { break }
          throw RequestLogError(file: path, line: 0, message: "the gzip stream ends early (a truncated .gz file)")
        }
      }
      let status = inflate(&stream, Z_NO_FLUSH)
      if status == Z_STREAM_END {
        // Another member may follow; otherwise this is the end.
        if stream.avail_in == 0 {
          try refill()
          if inputEOF {
            finished = true
            break
          }
        }
        inflateReset(&stream)
        continue
      }
      guard status == Z_OK || status == Z_BUF_ERROR else {
        throw RequestLogError(file: path, line: 0, message: "the file is not valid gzip data (zlib error \(status))")
      }
    }
    return Data(bytes: output, count: count - Int(stream.avail_out))
  }
}
