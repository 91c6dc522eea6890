import CostCore
import CostIO

extension RequestLogReader {
  /// The merging side: file-order state that the workers never touch.
  struct Merger {
    var summary = Summary()
    /// Lines before the next block (for absolute line numbers).
    var lineBase = 0
    /// Reads duplicate lines again to take them back (paired with the merged aggregator).
    var scanner = RequestLogScanner()

    /// Adds one block's result to `aggregator` in file order: duplicates taken back, line numbers made absolute.
    mutating func merge(
      _ result: BlockResult, block: UnsafeBufferPointer<UInt8>, into aggregator: inout ReplayAggregator, reader: RequestLogReader, path: String
    ) throws {
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
}
