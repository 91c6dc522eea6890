import CostCore
import Dispatch
import Foundation

extension RequestLogReader {
  /// Bytes given to one worker at a time; a batch holds ``blocksPerBatch`` of them.
  static let blockSize = 1 << 19
  static let blocksPerBatch = 8

  /// One worker's lasting state: its scanner and its aggregator (shapes and plans are kept between blocks).
  struct ReplayWorker {
    var scanner = RequestLogScanner()
    var aggregator: ReplayAggregator
    /// This worker's shape indices → the merged aggregator's.
    var shapeMap: [Int32] = []
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
    var sums: ReplayAccumulator?
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
  ///   - progress: called after each batch with the records read so far.
  public func replay(
    path: String, into aggregator: inout ReplayAggregator, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    progress: (Int64) -> Void = { _ in }
  ) throws -> Summary {
    try replay(path: path, into: &aggregator, workers: workers, blockSize: RequestLogReader.blockSize, progress: progress)
  }

  /// ``replay(path:into:workers:progress:)`` with a chosen block size (tests use small blocks).
  func replay(path: String, into aggregator: inout ReplayAggregator, workers: Int, blockSize: Int, progress: (Int64) -> Void = { _ in }) throws -> Summary {
    let source = try LogSource(path: path)
    var states = (0..<max(1, workers)).map { _ in ReplayWorker(aggregator: aggregator.worker()) }
    var summary = Summary()
    var buffer: [UInt8] = []
    let batchSize = blockSize * RequestLogReader.blocksPerBatch
    buffer.reserveCapacity(batchSize + RequestLogReader.chunkSize)
    var lineBase = 0
    var bomPending = true
    var atEnd = false
    var batch = batchSize
    while !atEnd {
      // Fill a batch (or reach the end of the file).
      while buffer.count < batch, !atEnd {
        let chunk = try source.next(line: lineBase)
        atEnd = chunk.isEmpty
        buffer.append(contentsOf: chunk)
      }
      if bomPending {
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
        bomPending = false
      }
      let consumed = try buffer.withUnsafeBufferPointer { bytes -> Int in
        let blocks = RequestLogReader.cut(bytes, atEnd: atEnd, blockSize: blockSize)
        let results = process(blocks, in: bytes, states: &states, path: path)
        for (index, result) in results.enumerated() {
          let worker = index % states.count
          try merge(
            result, block: UnsafeBufferPointer(rebasing: bytes[blocks[index]]), worker: &states[worker], into: &aggregator, lineBase: lineBase,
            summary: &summary, path: path)
          lineBase += result.lineCount
        }
        progress(summary.records)
        return blocks.last?.upperBound ?? 0
      }
      buffer.removeFirst(consumed)
      // A line longer than the whole batch: read on until its end.
      batch = consumed == 0 ? buffer.count + RequestLogReader.chunkSize : batchSize
    }
    return summary
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

  /// Processes `blocks` on the workers: worker `w` takes blocks `w`, `w + workers`, … in order.
  private func process(_ blocks: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>, states: inout [ReplayWorker], path: String) -> [BlockResult] {
    let results = UnsafeMutableBufferPointer<BlockResult>.allocate(capacity: blocks.count)
    results.initialize(repeating: BlockResult())
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    let workerCount = min(states.count, blocks.count)
    states.withUnsafeMutableBufferPointer { workers in
      nonisolated(unsafe) let workers = workers
      nonisolated(unsafe) let results = results
      nonisolated(unsafe) let bytes = bytes
      DispatchQueue.concurrentPerform(iterations: workerCount) { w in
        var index = w
        while index < blocks.count {
          results[index] = processBlock(UnsafeBufferPointer(rebasing: bytes[blocks[index]]), worker: &workers[w], path: path)
          index += workerCount
        }
      }
    }
    return Array(results)
  }

  /// Parses, prices and adds the lines of one block (line numbers relative to the block).
  private func processBlock(_ bytes: UnsafeBufferPointer<UInt8>, worker: inout ReplayWorker, path: String) -> BlockResult {
    var result = BlockResult()
    result.records.reserveCapacity(bytes.count / 256 + 1)
    var start = 0
    while start < bytes.count {
      var end = bytes.count
      if let found = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) {
        end = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      result.lineCount += 1
      var lineEnd = end
      if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      let lineStart = start
      let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
      start = end + 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      result.lines += 1
      do {
        let compact = try self.compact(line, number: result.lineCount, worker: &worker, path: path, unknown: &result.unknownFields)
        worker.aggregator.accumulate(shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: 1)
        result.records.append(CountedRecord(id: compact.id, start: Int32(lineStart), end: Int32(lineEnd), line: Int32(result.lineCount)))
      } catch let error as RequestLogError {
        result.skipped += 1
        if result.errors.count < 5 { result.errors.append(error) }
        if !skipBad { break }
      } catch {
        preconditionFailure("parse throws only RequestLogError")
      }
    }
    result.sums = worker.aggregator.takeAccumulator()
    return result
  }

  /// One line in compact form: by the byte scanner, or through the general parser when it declines.
  private func compact(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, worker: inout ReplayWorker, path: String, unknown: inout [String: Int64]
  ) throws -> RequestLogScanner.Compact {
    if let compact = worker.scanner.scanCompact(line, unknown: &unknown, into: &worker.aggregator) { return compact }
    let record = try parse(Array(line), file: path, line: number, unknown: &unknown)
    let shape = worker.aggregator.internShape(request: record.request, tags: record.tags)
    return RequestLogScanner.Compact(
      id: RequestIDHash.hash(record.id), shape: shape, day: Int32(record.date.daysSinceEpoch), status: record.status, usage: record.usage)
  }

  /// Adds one block's result to `aggregator` in file order: duplicates taken back, line numbers made absolute.
  private func merge(
    _ result: BlockResult, block: UnsafeBufferPointer<UInt8>, worker: inout ReplayWorker, into aggregator: inout ReplayAggregator, lineBase: Int,
    summary: inout Summary, path: String
  ) throws {
    let errors = result.errors.map { RequestLogError(file: $0.file, line: $0.line + lineBase, message: $0.message) }
    if !skipBad, let first = errors.first { throw first }
    var sums = result.sums!
    for record in result.records where !aggregator.insertID(record.id) {
      aggregator.countDuplicate()
      var ignored: [String: Int64] = [:]
      let line = UnsafeBufferPointer(rebasing: block[Int(record.start)..<Int(record.end)])
      let compact = try self.compact(line, number: Int(record.line), worker: &worker, path: path, unknown: &ignored)
      worker.aggregator.withAccumulator(&sums) {
        $0.accumulate(shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: -1)
      }
    }
    aggregator.merge(sums, from: worker.aggregator, shapeMap: &worker.shapeMap)
    summary.lines += result.lines
    summary.records += Int64(result.records.count)
    summary.skipped += result.skipped
    for error in errors where summary.firstSkipped.count < 5 { summary.firstSkipped.append(error) }
    for (key, count) in result.unknownFields { summary.unknownFields[key, default: 0] += count }
  }
}
