import CostCore
import Foundation
import ImageAPI
import Ledger
import StandInServer
import Testing

/// `kill -9` in the middle of a run: every call that reached the server has a journal record, and
/// `live status` lists the ones that never completed.
@Suite(.serialized) struct KilledRunTests {
  @Test func journalIsCompleteAfterAKilledRun() async throws {
    let folder = try temporaryFolder("killed")
    defer { try? FileManager.default.removeItem(at: folder) }
    // Slow answers keep calls in flight; streamed calls are cut mid-stream by the kill.
    let server = try await Live.server(baseDelay: 300, eventDelay: 150)
    defer { Task { await server.stop() } }
    let plan = try writePlan(
      folder,
      """
      schema_version: 1
      kind: live
      name: killed
      defaults: {model: gpt-image-1, quality: low, size: 1024x1024}
      calls:
        plain: {prompt: A red bicycle, repeat: 12}
        streamed: {prompt: A lighthouse, partial_images: 3, repeat: 6}
      """)
    let db = folder.appendingPathComponent("ledger.sqlite").path
    let (process, _, _) = Binary.process(
      [
        "live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "5", "--yes", "--concurrency", "4",
        "--db", db,
      ], environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    try process.run()
    // Wait until several calls were journalled in the ledger and some are in flight, then kill -9.
    let deadline = Date().addingTimeInterval(180)  // generous: a loaded CI machine can be slow to start the run
    while Date() < deadline {
      // A read-only look from this process while the run writes (WAL: readers never block the writer).
      if FileManager.default.fileExists(atPath: db), let look = try? Ledger(path: db, access: .read).callJournal,
        let calls = try? look.allCalls(), calls.count >= 6, calls.contains(where: { $0.outcome == nil })
      {
        break
      }
      try await Task.sleep(nanoseconds: 20_000_000)
    }
    kill(process.processIdentifier, SIGKILL)
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        process.waitUntilExit()
        continuation.resume()
      }
    }
    #expect(process.terminationReason == .uncaughtSignal)
    try await Task.sleep(nanoseconds: 100_000_000)

    let journal = try Ledger(path: db).callJournal
    let entries = try journal.allCalls()
    let journalled = Set(entries.map(\.record.callID))
    let served = server.served
    #expect(!served.isEmpty)
    for request in served {
      let attempt = try #require(request.clientRequestID)
      let callID = String(attempt[..<attempt.lastIndex(of: "/")!])
      #expect(journalled.contains(callID), "\(callID) reached the server but is not in the journal")
    }
    let unfinished = try journal.unfinishedCalls()
    #expect(unfinished == entries.filter { $0.outcome == nil })
    #expect(!unfinished.isEmpty, "the kill should leave calls in flight")
    #expect(try journal.runs().count == 1)
    #expect(Ledger.check(path: db).passed)

    let status = try await Binary.run(["live", "status", "--db", db], in: folder)
    #expect(status.status == 0, "\(status.stderr)")
    #expect(status.stdout.contains("\(unfinished.count) call\(unfinished.count == 1 ? " was" : "s were") sent but never completed"))
    for entry in unfinished {
      let local = entry.record.callID.split(separator: "/").dropFirst().joined(separator: "/")
      #expect(status.stdout.contains(local), "live status does not list \(local)")
    }
    let json = try await Binary.run(["live", "status", "--db", db, "--format", "json"], in: folder)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect((object["unfinished"] as? [Any])?.count == unfinished.count)
  }
}
