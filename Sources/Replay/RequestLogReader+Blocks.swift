import CostCore
import CostIO
import Foundation

extension RequestLogReader {
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
      if let end = worker.scanner.scanCompact(UnsafeBufferPointer(rebasing: bytes[start...]), into: &worker.aggregator, compact: &compact) {
        lineFeed = start + end
      } else {
        lineFeed =
          memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start).map {
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
      if compact.entry >= 0 {
        worker.scanner.accumulate(compact, into: &worker.aggregator)
      } else {
        worker.aggregator.accumulate(shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: 1)
      }
      result.records.append(CountedRecord(id: compact.id, start: Int32(start), end: Int32(lineEnd), line: Int32(result.lineCount)))
      start = lineFeed + 1
    }
    worker.scanner.drainUnknown(into: &result.unknownFields)
    result.newAssumptions = worker.aggregator.takeNewAssumptions()
    return result
  }

  func compact(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, scanner: inout RequestLogScanner, aggregator: inout ReplayAggregator, path: String,
    unknown: inout [String: Int64], into compact: inout RequestLogScanner.Compact
  ) throws {
    if scanner.scanCompact(line, into: &aggregator, compact: &compact) == line.count {
      scanner.drainUnknown(into: &unknown)
      return
    }
    try general(line, number: number, aggregator: &aggregator, path: path, unknown: &unknown, into: &compact)
  }

  /// One line in compact form through the general parser.
  func general(
    _ line: UnsafeBufferPointer<UInt8>, number: Int, aggregator: inout ReplayAggregator, path: String, unknown: inout [String: Int64],
    into compact: inout RequestLogScanner.Compact
  ) throws {
    var identifiedByContent = false
    let record = try parse(Array(line), file: path, line: number, unknown: &unknown, identifiedByContent: &identifiedByContent)
    compact.shape = aggregator.internShape(request: record.request, tags: record.tags, usageLogged: record.usage != nil)
    compact.entry = -1
    compact.id = identifiedByContent ? RequestIDHash.content(UnsafeRawBufferPointer(line)) : RequestIDHash.hash(record.id)
    compact.day = Int32(record.date.daysSinceEpoch)
    compact.status = record.status
    compact.usage = record.usage
  }
}
