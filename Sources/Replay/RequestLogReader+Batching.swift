import CostIO
import Foundation

extension RequestLogReader {
  /// The bytes of a log a window at a time, a UTF-8 BOM at the start removed: a plain file is mapped into
  /// memory one window at a time (no copy; unmapped when the window is released), a gzip-compressed one is
  /// decompressed into a buffer.
  struct BatchReader {
    /// Bytes of whole lines and the rest of the file after them; released when the last reference goes.
    final class Window: @unchecked Sendable {
      let bytes: UnsafeBufferPointer<UInt8>
      let atEnd: Bool
      private let release: () -> Void

      init(bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, release: @escaping () -> Void) {
        self.bytes = bytes
        self.atEnd = atEnd
        self.release = release
      }

      deinit { release() }
    }

    let path: String
    let batchSize: Int
    private var source: LogSource?
    private var leftover: [UInt8] = []
    private var last: Window?
    private var fd: Int32 = -1
    private var fileSize = 0
    /// The size of a plain file (nil when compressed).
    var size: Int? { source == nil ? fileSize : nil }
    /// The bytes to expect in all: a plain file's size, or a gzip file's recorded decompressed size.
    var expectedBytes: Int? { size ?? decompressedSize }
    private var offset = 0
    private var window: Int
    private var done = false

    init(path: String, batchSize: Int) throws {
      self.path = path
      var batchSize = batchSize
      let source = try LogSource(path: path)
      if source.gzip == nil, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
        fd = open(path, O_RDONLY)
        fileSize = size
        done = size == 0
      }
      if fd < 0 {
        // Decompressed windows are buffers of their own (mapped windows share the page cache): half as big.
        self.source = source
        decompressedSize = BatchReader.gzipSize(path)
        batchSize = max(1, batchSize / 2)
      }
      self.batchSize = batchSize
      window = batchSize
    }

    /// About how many bytes a gzip file holds decompressed (its last member's recorded length): a hint.
    private(set) var decompressedSize: Int?

    /// The uncompressed length a gzip file records in its last four bytes, when plausible (not smaller
    /// than the compressed file: larger files wrap it, and concatenated members record only the last).
    static func gzipSize(_ path: String) -> Int? {
      guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
      defer { try? handle.close() }
      guard let end = try? handle.seekToEnd(), end >= 18, (try? handle.seek(toOffset: end - 4)) != nil,
        let tail = try? handle.read(upToCount: 4), tail.count == 4
      else { return nil }
      let size = tail.reversed().reduce(0) { $0 << 8 | Int($1) }
      return size >= Int(end) ? size : nil
    }

    /// The next window, or nil when the file is done. Call ``consumed(_:)`` before the next call.
    mutating func next() throws -> Window? {
      guard !done else {
        if fd >= 0 {
          close(fd)
          fd = -1
        }
        return nil
      }
      if let source {
        // Decompressed straight into the window's own buffer, a quarter megabyte at a time.
        var atEnd = false
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: leftover.count + window + 1)
        var count = buffer.initialize(from: leftover).1
        while count < window, !atEnd {
          let chunk = try source.next(line: 0, upTo: min(1 << 18, buffer.count - count))
          atEnd = chunk.isEmpty
          count += chunk.copyBytes(to: UnsafeMutableBufferPointer(rebasing: buffer[count...]))
        }
        var start = 0
        if offset == 0, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        offset = 1
        last = Window(bytes: UnsafeBufferPointer(rebasing: buffer[start..<count]), atEnd: atEnd, release: { buffer.deallocate() })
        done = atEnd
        return last
      }
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      let start = offset / page * page
      let length = min(offset - start + window, fileSize - start)
      guard let map = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, off_t(start)), map != MAP_FAILED else {
        throw RequestLogError(file: path, line: 0, message: "the file could not be mapped into memory (\(String(cString: strerror(errno))))")
      }
      _ = madvise(map, length, MADV_SEQUENTIAL)
      var bytes = UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self) + (offset - start), count: length - (offset - start))
      if offset == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        bytes = UnsafeBufferPointer(rebasing: bytes[3...])
        offset = 3
      }
      let atEnd = start + length == fileSize
      done = atEnd
      nonisolated(unsafe) let region = map
      last = Window(bytes: bytes, atEnd: atEnd, release: { munmap(region, length) })
      return last
    }

    /// `count` bytes of the last window were whole lines, used; the rest comes again in the next window.
    mutating func consumed(_ count: Int) {
      guard let last else { return }
      if source != nil {
        leftover = Array(last.bytes[count...])
      } else {
        offset += count
      }
      if !last.atEnd, count == 0 {
        window *= 2  // a line longer than the window: widen it until the line fits
        done = false
      } else {
        window = batchSize
      }
      self.last = nil
    }
  }

  /// Cuts `bytes` into blocks of about ``blockSize`` ending after a line break (the last block takes the
  /// rest of the file when `atEnd`; otherwise a trailing partial line waits for more bytes).
  static func cut(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, blockSize: Int) -> [Range<Int>] {
    func lastBreak(_ range: Range<Int>) -> Int? {
      var i = range.upperBound
      while i > range.lowerBound {
        i -= 1
        if bytes[i] == 0x0A { return i }
      }
      return nil
    }
    var blocks: [Range<Int>] = []
    var start = 0
    while start < bytes.count {
      var end = min(start + blockSize, bytes.count)
      if end < bytes.count {
        if let found = lastBreak(start..<end) {
          end = found + 1
        } else if let found = memchr(bytes.baseAddress! + end, 0x0A, bytes.count - end) {
          end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1  // a line longer than a block
        } else {
          end = bytes.count
        }
      }
      if end == bytes.count, !atEnd, bytes[end - 1] != 0x0A {
        guard let found = lastBreak(start..<end) else { break }  // a partial line: wait for more bytes
        end = found + 1
      }
      blocks.append(start..<end)
      start = end
    }
    return blocks
  }
}
