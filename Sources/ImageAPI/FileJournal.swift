import CostCore
import Foundation

/// A crash-safe, append-only JSONL journal: one JSON object per line, `fsync`ed before the call it
/// records is sent.
///
/// Lines (keys in snake_case, sorted):
/// - `{"entry":"run","run":{…RunInfo…}}`
/// - `{"entry":"pending","call":{…CallRecord…}}` — before every attempt (the latest one wins)
/// - `{"entry":"complete","call_id":"…","outcome":{…CallOutcome…}}`
///
/// Each line is written with a single `write(2)` on a descriptor opened with `O_APPEND`, then `fsync`ed,
/// so a kill at any moment leaves at most one torn last line, which the reader skips. Call ids must be
/// unique across runs (the CLI prefixes them with the run id).
public final class FileJournal: CallJournal, @unchecked Sendable {
  public let path: String
  private let lock = NSLock()
  private var descriptor: Int32 = -1

  /// Why a journal file could not be used.
  public struct JournalError: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  /// The journal at `path`; the file (and its folder) is created by the first write.
  public init(path: String) throws {
    self.path = path
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()

  private static func decoder() -> JSONDecoder { JSONDecoder() }

  private struct Line: Codable {
    var entry: String
    var run: RunInfo?
    var call: CallRecord?
    var callID: String?
    var outcome: CallOutcome?

    enum CodingKeys: String, CodingKey {
      case entry, run, call, outcome
      case callID = "call_id"
    }
  }

  private func append(_ line: Line) throws {
    var data = try FileJournal.encoder.encode(line)
    data.append(0x0A)
    try lock.withLock {
      if descriptor < 0 {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let created = !FileManager.default.fileExists(atPath: path)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw JournalError(description: "cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        if created { FileJournal.syncFolder(of: path) }
      }
      var offset = 0
      try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        while offset < buffer.count {
          let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            throw JournalError(description: "cannot write to \(path): \(String(cString: strerror(errno)))")
          }
          offset += written
        }
      }
      guard fsync(descriptor) == 0 else { throw JournalError(description: "cannot sync \(path) to disk: \(String(cString: strerror(errno)))") }
    }
  }

  /// Makes a newly created file's directory entry durable.
  private static func syncFolder(of path: String) {
    let folder = (path as NSString).deletingLastPathComponent
    let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      _ = fsync(fd)
      close(fd)
    }
  }

  public func beginRun(_ run: RunInfo) throws { try append(Line(entry: "run", run: run)) }

  public func recordPending(_ call: CallRecord) throws { try append(Line(entry: "pending", call: call)) }

  public func complete(callID: String, outcome: CallOutcome) throws { try append(Line(entry: "complete", callID: callID, outcome: outcome)) }

  /// The journal's contents folded into runs and calls. A torn or unreadable line is skipped and counted.
  public struct Contents: Sendable {
    public var runs: [RunInfo] = []
    public var entries: [JournalEntry] = []
    public var skippedLines = 0
  }

  /// Reads the whole journal (an absent file is an empty journal).
  public func read() throws -> Contents {
    guard FileManager.default.fileExists(atPath: path) else { return Contents() }
    guard let data = FileManager.default.contents(atPath: path) else { throw JournalError(description: "cannot read \(path)") }
    var contents = Contents()
    var index: [String: Int] = [:]
    let decoder = FileJournal.decoder()
    for slice in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
      guard let line = try? decoder.decode(Line.self, from: Data(slice)) else {
        contents.skippedLines += 1
        continue
      }
      switch line.entry {
      case "run":
        if let run = line.run { contents.runs.append(run) }
      case "pending":
        guard let call = line.call else { continue }
        if let at = index[call.callID] {
          contents.entries[at] = JournalEntry(record: call, outcome: nil)
        } else {
          index[call.callID] = contents.entries.count
          contents.entries.append(JournalEntry(record: call, outcome: nil))
        }
      case "complete":
        if let id = line.callID, let at = index[id] { contents.entries[at].outcome = line.outcome }
      default:
        contents.skippedLines += 1
      }
    }
    return contents
  }

  public func unfinishedCalls() throws -> [JournalEntry] { try read().entries.filter { $0.outcome == nil } }

  public func calls(run: String) throws -> [JournalEntry] {
    try read().entries.filter { $0.record.runID == run }.sorted { $0.record.seq < $1.record.seq }
  }

  public func lastRun() throws -> RunInfo? { try read().runs.last }

  /// Every run, oldest first.
  public func runs() throws -> [RunInfo] { try read().runs }
}
