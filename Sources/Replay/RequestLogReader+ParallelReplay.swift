import CostCore
import CostIO
import Dispatch
import Foundation
import Synchronization

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
        let first = queued.isEmpty && merger.summary.lines == 0
        reader.consumed(blocks.last?.upperBound ?? 0)
        let job = Job(window: window, blocks: blocks)
        start(job, on: threads, states: states, path: path)
        queued.append(job)
        if first, !window.atEnd, let size = reader.expectedBytes, let used = blocks.last?.upperBound, used > 0 {
          // The id set sized once from the first window's lines per byte (capped at 100M ids, 3.2 GB),
          // while the workers read that window (clearing tens of megabytes of new memory takes a while).
          var lines = 0
          _ = RequestLogReader.forEachLine(in: UnsafeBufferPointer(rebasing: window.bytes[..<used]), atEnd: true) { _ in
            lines += 1
            return true
          }
          aggregator.reserveIDs(min(100_000_000, Int(Double(size) / Double(used) * Double(lines) * 1.02))) { region, bytes in
            _ = madvise(region, bytes, MADV_HUGEPAGE)  // large pages where the system allows them (a hint)
          }
        }
      }
      guard !queued.isEmpty else { break }
      let done = queued.removeFirst()
      done.group.wait()
      for (index, result) in done.results.enumerated() {
        try merger.merge(
          result, block: UnsafeBufferPointer(rebasing: done.window.bytes[done.blocks[index]]), into: &aggregator, reader: self, path: path)
      }
      bytesDone += Int64(done.blocks.last?.upperBound ?? 0)
      progress(ReadProgress(records: merger.summary.records, bytes: bytesDone, totalBytes: reader.size.map(Int64.init)))
    }
    // The workers' sums, kept across blocks, join the merged aggregator once, at the end.
    for w in 0..<states.count { aggregator.merge(states[w].aggregator.takeAccumulator(), names: states[w].aggregator.names) }
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
}
