import CostCore
import CostIO
import Dispatch
import Foundation
import Synchronization

/// How far a read has got: records so far, and bytes of the file when its size is known (not for
/// gzip-compressed logs).
public struct ReadProgress: Sendable, Equatable {
  public var records: Int64
  public var bytes: Int64
  public var totalBytes: Int64?

  /// The part of the file read, 0…1; nil when the size is unknown.
  public var fraction: Double? {
    guard let totalBytes, totalBytes > 0 else { return nil }
    return Double(bytes) / Double(totalBytes)
  }
}

extension RequestLogReader {
  /// Bytes given to one worker at a time; a batch holds ``blocksPerBatch`` of them.
  static let blockSize = 1 << 16
  static let blocksPerBatch = 32

  /// One worker's lasting state: its scanner and its aggregator (shapes and plans are kept between blocks).
  struct ReplayWorker {
    var scanner = RequestLogScanner()
    var aggregator: ReplayAggregator
  }

  /// A record counted by a worker: the merger checks its id against every earlier one and, when it is
  /// a duplicate, reads its line again (still in the batch buffer) to take it back.
  struct CountedRecord {
    let id: UInt128
    /// The line's bytes within the block, and its number within the block.
    let start: Int32
    let end: Int32
    let line: Int32
  }

  /// What one worker found in one block of whole lines.
  struct BlockResult {
    /// Assumption lists the worker used for the first time in this block (the sums stay with the worker
    /// until the end of the file: they add up the same in any order).
    var newAssumptions: [[String]] = []
    var records: [CountedRecord] = []
    /// Lines in the block (blank ones included, for numbering), non-blank lines, and malformed ones.
    var lineCount = 0
    var lines: Int64 = 0
    var errors: [RequestLogError] = []
    var skipped: Int64 = 0
    var unknownFields: [String: Int64] = [:]
  }

  /// Reads `path` into `aggregator`: parse, price and add, in parallel blocks of whole lines.
  ///
  /// The result equals ``read(path:_:)`` feeding ``ReplayAggregator/add(_:)`` line by line: blocks are
  /// merged in file order, a request id is counted at its first occurrence (later ones are taken back
  /// at merge time), and the first malformed line in file order is the one reported.
  /// - Parameters:
  ///   - workers: threads parsing and pricing (the default is one per core).
  ///   - progress: called after each batch with the records and bytes read so far.
  public func replay(
    path: String, into aggregator: inout ReplayAggregator, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    progress: (ReadProgress) -> Void = { _ in }
  ) throws -> Summary {
    try replay(path: path, into: &aggregator, workers: workers, blockSize: RequestLogReader.blockSize, progress: progress)
  }

  /// ``replay(path:into:workers:progress:)`` with a chosen block size (tests use small blocks).
  ///
  /// Pipelined: while the workers parse and price one batch, this thread checks the previous one's ids in
  /// file order (taking duplicates back) and notes its assumptions; each worker keeps its sums until the end.
  func replay(
    path: String, into aggregator: inout ReplayAggregator, workers: Int, blockSize: Int, progress: (ReadProgress) -> Void = { _ in }
  ) throws -> Summary {
    var reader = try BatchReader(path: path, batchSize: blockSize * RequestLogReader.blocksPerBatch)
    let states = UnsafeMutableBufferPointer<ReplayWorker>.allocate(capacity: max(1, workers))
    _ = states.initialize(from: (0..<states.count).map { _ in ReplayWorker(aggregator: aggregator.worker()) })
    var merger = Merger()
    let threads = WorkerThreads(count: states.count)
    // Two batches in flight: the workers go on to the next batch while this thread merges the last one.
    var queued: [Job] = []
    defer {
      for job in queued { job.group.wait() }
      threads.stop()
      _ = states.deinitialize()
      states.deallocate()
    }
    var more = true
    var bytesDone: Int64 = 0
    while more || !queued.isEmpty {
      while more, queued.count < 2 {
        guard let window = try reader.next() else {
          more = false
          break
        }
        let blocks = RequestLogReader.cut(window.bytes, atEnd: window.atEnd, blockSize: blockSize)
        if queued.isEmpty, merger.summary.lines == 0, !window.atEnd, let size = reader.expectedBytes, let used = blocks.last?.upperBound, used > 0 {
          // The id set sized once from the first window's lines per byte (capped at 100M ids, 3.2 GB).
          var lines = 0
          _ = RequestLogReader.forEachLine(in: UnsafeBufferPointer(rebasing: window.bytes[..<used]), atEnd: true) { _ in
            lines += 1
            return true
          }
          aggregator.reserveIDs(min(100_000_000, Int(Double(size) / Double(used) * Double(lines) * 1.02))) { region, bytes in
            _ = madvise(region, bytes, MADV_HUGEPAGE)  // large pages where the system allows them (a hint)
          }
        }
        reader.consumed(blocks.last?.upperBound ?? 0)
        let job = Job(window: window, blocks: blocks)
        start(job, on: threads, states: states, path: path)
        queued.append(job)
      }
      guard !queued.isEmpty else { break }
      let done = queued.removeFirst()
      done.group.wait()
      for (index, result) in done.results.enumerated() {
        try merger.merge(result, block: UnsafeBufferPointer(rebasing: done.window.bytes[done.blocks[index]]), into: &aggregator, reader: self, path: path)
      }
      bytesDone += Int64(done.blocks.last?.upperBound ?? 0)
      progress(ReadProgress(records: merger.summary.records, bytes: bytesDone, totalBytes: reader.size.map(Int64.init)))
    }
    // The workers' sums, kept across blocks, join the merged aggregator once, at the end.
    for w in 0..<states.count {
      var shapeMap: [Int32] = []
      aggregator.merge(states[w].aggregator.takeAccumulator(), names: states[w].aggregator.names, shapeMap: &shapeMap)
    }
    return merger.summary
  }

  /// One batch being processed: its window, blocks and (once `group` is done) results.
  final class Job: @unchecked Sendable {
    let window: BatchReader.Window
    let blocks: [Range<Int>]
    let results: UnsafeMutableBufferPointer<BlockResult>
    let group = DispatchGroup()
    /// The next block a free worker takes (blocks go to whichever worker is free, in file order).
    let next = Atomic<Int>(0)

    init(window: BatchReader.Window, blocks: [Range<Int>]) {
      self.window = window
      self.blocks = blocks
      results = .allocate(capacity: blocks.count)
      results.initialize(repeating: BlockResult())
    }

    deinit {
      _ = results.deinitialize()
      results.deallocate()
    }
  }

  /// Starts `job` on the workers: each takes the next unprocessed block until none is left.
  private func start(_ job: Job, on threads: WorkerThreads, states: UnsafeMutableBufferPointer<ReplayWorker>, path: String) {
    let workerCount = min(states.count, job.blocks.count)
    nonisolated(unsafe) let states = states
    let reader = self
    for w in 0..<workerCount {
      threads.run(w, in: job.group) {
        while true {
          let index = job.next.add(1, ordering: .relaxed).oldValue
          guard index < job.blocks.count else { return }
          job.results[index] = reader.processBlock(UnsafeBufferPointer(rebasing: job.window.bytes[job.blocks[index]]), worker: &states[w], path: path)
        }
      }
    }
  }

  /// The merging side: file-order state that the workers never touch.
  struct Merger {
    var summary = Summary()
    /// Lines before the next block (for absolute line numbers).
    var lineBase = 0
    /// Reads duplicate lines again to take them back (paired with the merged aggregator).
    var scanner = RequestLogScanner()

    /// Adds one block's result to `aggregator` in file order: duplicates taken back, line numbers made absolute.
    mutating func merge(_ result: BlockResult, block: UnsafeBufferPointer<UInt8>, into aggregator: inout ReplayAggregator, reader: RequestLogReader, path: String) throws {
      let errors = result.errors.map { RequestLogError(file: $0.file, line: $0.line + lineBase, message: $0.message) }
      if !reader.skipBad, let first = errors.first { throw first }
      aggregator.noteAssumptions(result.newAssumptions)
      var duplicates: [Int] = []
      result.records.withUnsafeBufferPointer { records in
        aggregator.insertIDs(count: records.count, hash: { records[$0].id }, duplicate: { duplicates.append($0) })
      }
      for record in duplicates.lazy.map({ result.records[$0] }) {
        aggregator.countDuplicate()
        var ignored: [String: Int64] = [:]
        let line = UnsafeBufferPointer(rebasing: block[Int(record.start)..<Int(record.end)])
        var compact = RequestLogScanner.Compact()
        try reader.compact(line, number: Int(record.line), scanner: &scanner, aggregator: &aggregator, path: path, unknown: &ignored, into: &compact)
        aggregator.accumulate(shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: -1)
      }
      lineBase += result.lineCount
      summary.lines += result.lines
      summary.records += Int64(result.records.count)
      summary.skipped += result.skipped
      for error in errors where summary.firstSkipped.count < 5 { summary.firstSkipped.append(error) }
      for (key, count) in result.unknownFields { summary.unknownFields[key, default: 0] += count }
    }
  }

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

  /// Parses, prices and adds the lines of one block (line numbers relative to the block).
  func processBlock(_ bytes: UnsafeBufferPointer<UInt8>, worker: inout ReplayWorker, path: String) -> BlockResult {
    var result = BlockResult()
    result.records.reserveCapacity(bytes.count / 256 + 1)
    var compact = RequestLogScanner.Compact()
    var start = 0
    while start < bytes.count {
      result.lineCount += 1
      // The scanner reads the line straight from the block and says where it ends; a line it declines
      // (or a blank one) is cut at its line feed and read the general way.
      var lineFeed: Int
      if let end = worker.scanner.scanCompact(
        UnsafeBufferPointer(rebasing: bytes[start...]), unknown: &result.unknownFields, into: &worker.aggregator, compact: &compact)
      {
        lineFeed = start + end
      } else {
        lineFeed = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start).map {
          bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
        } ?? bytes.count
        var lineEnd = lineFeed
        if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
        if RequestLogReader.isBlank(line) {
          start = lineFeed + 1
          continue
        }
        do {
          try general(line, number: result.lineCount, aggregator: &worker.aggregator, path: path, unknown: &result.unknownFields, into: &compact)
        } catch let error as RequestLogError {
          result.lines += 1
          result.skipped += 1
          if result.errors.count < 5 { result.errors.append(error) }
          guard skipBad else { break }
          start = lineFeed + 1
          continue
        } catch {
          preconditionFailure("parse throws only RequestLogError")
        }
      }
      result.lines += 1
      var lineEnd = lineFeed
      if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      worker.aggregator.accumulate(shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: 1)
      result.records.append(CountedRecord(id: compact.id, start: Int32(start), end: Int32(lineEnd), line: Int32(result.lineCount)))
      start = lineFeed + 1
    }
    result.newAssumptions = worker.aggregator.takeNewAssumptions()
    return result
  }

  func compact(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, scanner: inout RequestLogScanner, aggregator: inout ReplayAggregator, path: String,
    unknown: inout [String: Int64], into compact: inout RequestLogScanner.Compact
  ) throws {
    if scanner.scanCompact(line, unknown: &unknown, into: &aggregator, compact: &compact) == line.count { return }
    try general(line, number: number, aggregator: &aggregator, path: path, unknown: &unknown, into: &compact)
  }

  /// One line in compact form through the general parser.
  func general(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, aggregator: inout ReplayAggregator, path: String, unknown: inout [String: Int64],
    into compact: inout RequestLogScanner.Compact
  ) throws {
    let record = try parse(Array(line), file: path, line: number, unknown: &unknown)
    compact.shape = aggregator.internShape(request: record.request, tags: record.tags)
    compact.id = RequestIDHash.hash(record.id)
    compact.day = Int32(record.date.daysSinceEpoch)
    compact.status = record.status
    compact.usage = record.usage
  }

}
