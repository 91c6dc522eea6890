import CostCore
import Foundation
import ImageAPI

/// A ``CallJournal`` in memory, for tests (and the shape every journal must behave like).
public final class InMemoryJournal: CallJournal, @unchecked Sendable {
  private let lock = NSLock()
  private var runs: [RunInfo] = []
  private var entries: [String: JournalEntry] = [:]
  private var order: [String] = []
  /// When set, ``recordPending(_:)`` throws once this many pending records were written (fault injection).
  public var failAfterPending: Int?
  private var pendingWrites = 0

  public init() {}

  public func beginRun(_ run: RunInfo) throws { lock.withLock { runs.append(run) } }

  public func recordPending(_ call: CallRecord) throws {
    try lock.withLock {
      if let limit = failAfterPending, pendingWrites >= limit { throw LiveRunError.journal("injected failure") }
      pendingWrites += 1
      if entries[call.callID] == nil { order.append(call.callID) }
      entries[call.callID] = JournalEntry(record: call, outcome: nil)
    }
  }

  public func complete(callID: String, outcome: CallOutcome) throws {
    try lock.withLock {
      guard entries[callID] != nil else { throw LiveRunError.journal("call \(callID) was never recorded as pending") }
      entries[callID]?.outcome = outcome
    }
  }

  public func unfinishedCalls() throws -> [JournalEntry] {
    lock.withLock { order.compactMap { entries[$0] }.filter { $0.outcome == nil } }
  }

  public func calls(run: String) throws -> [JournalEntry] {
    lock.withLock { order.compactMap { entries[$0] }.filter { $0.record.runID == run }.sorted { $0.record.seq < $1.record.seq } }
  }

  public func lastRun() throws -> RunInfo? { lock.withLock { runs.last } }

  /// Every run, oldest first.
  public func allRuns() -> [RunInfo] { lock.withLock { runs } }
}
