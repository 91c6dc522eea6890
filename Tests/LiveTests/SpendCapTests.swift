import CostCore
import CostIO
import Foundation
import ImageAPI
import Ledger
import LiveTestDoubles
import StandInServer
import Testing

@Suite struct SpendGateTests {
  let cap = USD(nanos: 100)

  @Test func admitsOnlyWhatFitsWithEverythingInFlightAtItsWorstCase() {
    var gate = SpendGate(cap: cap)
    #expect(gate.reserve("a/1", worstCase: USD(nanos: 60)) == .admitted)
    #expect(gate.reserve("b/1", worstCase: USD(nanos: 40)) == .admitted)
    // 60 + 40 in flight: nothing more fits now, but a 30 could once a reservation settles lower.
    #expect(gate.reserve("c/1", worstCase: USD(nanos: 30)) == .wait)
    gate.settle("a/1", charging: USD(nanos: 20))
    #expect(gate.charged == USD(nanos: 20))
    #expect(gate.reserve("c/1", worstCase: USD(nanos: 30)) == .admitted)
    #expect(gate.committed == USD(nanos: 90))
    // Can never fit: 20 charged + 81 > 100 even with nothing in flight.
    #expect(gate.reserve("d/1", worstCase: USD(nanos: 81)) == .refused)
    gate.settle("b/1", charging: .zero)
    gate.settle("c/1", charging: USD(nanos: 30))
    #expect(gate.charged == USD(nanos: 50))
    #expect(gate.peakCommitted <= cap)
  }

  @Test func anOverrunClosesTheGate() {
    var gate = SpendGate(cap: cap)
    #expect(gate.reserve("a/1", worstCase: USD(nanos: 10)) == .admitted)
    gate.settle("a/1", charging: USD(nanos: 15))
    #expect(gate.isClosed)
    #expect(gate.overruns == [SpendGate.Overrun(attempt: "a/1", reserved: USD(nanos: 10), charged: USD(nanos: 15))])
    #expect(gate.reserve("b/1", worstCase: .zero) == .refused)
  }

  @Test func exactFitIsAdmitted() {
    var gate = SpendGate(cap: cap)
    #expect(gate.reserve("a/1", worstCase: cap) == .admitted)
    #expect(gate.headroom == .zero)
  }
}

@Suite struct WorstCaseTests {
  @Test func worstCaseBoundsEveryPlausibleUsage() throws {
    let pricer = LiveCallPricer(book: Live.book)
    let call = Live.call("w", seq: 0, quality: "low", size: "1024x1024", partialImages: 2)
    let prediction = try pricer.predict(call, date: Live.date)
    // 272 + 2 × 100 image output tokens, × 1.5 → 708; text: (31 bytes + 64) × 2 = 190.
    #expect(prediction.tokens[.imageOutput] == 472)
    #expect(prediction.worstCaseTokens[.imageOutput] == 708)
    #expect(prediction.worstCaseTokens[.textInput] == 190)
    // 190 × $5/1M + 708 × $40/1M.
    #expect(prediction.worstCase == USD(decimal: "0.02927")!)
    #expect(prediction.predicted < prediction.worstCase)
  }

  @Test func autoQualityReservesTheDearestQuality() throws {
    let pricer = LiveCallPricer(book: Live.book)
    let prediction = try pricer.predict(Live.call("w", seq: 0, quality: nil, size: nil), date: Live.date)
    // Azure's default for gpt-image-1 is high; the largest size is 1024x1536 (6,240 tokens) × 1.5.
    #expect(prediction.worstCaseTokens[.imageOutput] == 9360)
    #expect(prediction.low < prediction.predicted)
  }

  @Test func editsReserveHighFidelityWithTheLargerAddend() throws {
    let pricer = LiveCallPricer(book: Live.book)
    let call = Live.call(
      "e", seq: 0, operation: .edit, inputFiles: ["a.png"], inputSizes: [ImageSize(width: 1024, height: 1024)], fidelity: "low", mask: "m.png")
    let prediction = try pricer.predict(call, date: Live.date)
    #expect(prediction.tokens[.imageInput] == 194)
    // (194 + 4160) × 2 images (input and mask) × 1.5.
    #expect(prediction.worstCaseTokens[.imageInput] == 13062)
  }
}

/// The spend cap under concurrency and faults: many runs, random faults and seeds; the cap holds
/// for what imagecost counted and for what the stand-in provider would bill.
@Suite(.serialized) struct SpendCapUnderFaultsTests {
  static let faults: [(StandInServer.Fault, Int)] = [
    (.none, 40), (.rateLimited(retryAfterMilliseconds: 5, retryAfterSeconds: nil), 8),
    (.rateLimited(retryAfterMilliseconds: nil, retryAfterSeconds: 0), 4),
    (.serverError(500), 5), (.serverError(503), 5), (.slow(milliseconds: 700), 3), (.truncatedStream, 6), (.droppedConnection, 6),
    (.malformedJSON, 4),
    (.moderation, 4),
  ]

  static func calls(_ seed: UInt64, inputFile: String) -> [LiveCall] {
    var rng = SplitMix64(seed: seed)
    return (0..<14).map { index in
      let kind = rng.next() % 5
      switch kind {
      case 0: return Live.call("s\(seed)-\(index)", seq: index, quality: "medium", partialImages: Int(rng.next() % 3))
      case 1: return Live.call("s\(seed)-\(index)", seq: index, deployment: "mini")  // gpt-image-1-mini through its deployment
      case 2:
        return Live.call(
          "s\(seed)-\(index)", seq: index, operation: .edit, inputFiles: [inputFile], inputSizes: [ImageSize(width: 64, height: 64)], fidelity: "high"
        )
      default: return Live.call("s\(seed)-\(index)", seq: index, n: 1 + Int(rng.next() % 2), partialImages: Int(rng.next() % 4))
      }
    }.map { call in
      // The mini deployment serves gpt-image-1-mini: price it as that model.
      guard call.deployment == "mini" else { return call }
      var request = call.request
      request.model = "gpt-image-1-mini"
      return LiveCall(id: call.id, seq: call.seq, group: "mini", deployment: "mini", request: request, prompt: call.prompt)
    }
  }

  @Test(arguments: Array(UInt64(1)...24))
  func capNeverExceeded(seed: UInt64) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-cap-\(seed)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("input.png")
    try Data(PNGWriter.solid(width: 64, height: 64, rgba: (200, 30, 30, 255))).write(to: input)

    let server = try await Live.server(faults: .random(seed: seed, weights: Self.faults), baseDelay: 5)
    defer { Task { await server.stop() } }
    let calls = Self.calls(seed, inputFile: input.path)
    let planned = try Live.planned(calls)
    let total = planned.reduce(USD.zero) { $0 + $1.prediction.worstCase }
    // Caps from "a third of the worst case" to "everything fits".
    let cap = USD(nanos: total.nanos * Int64(1 + seed % 3) / 3)
    let journal = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path).callJournal
    let (summary, gate) = try await Live.run(
      calls, server: server, cap: cap, concurrency: 1 + Int(seed % 4), journal: journal, seed: seed,
      timeouts: Timeouts(totalMilliseconds: 400, idleMilliseconds: 400))

    #expect(gate.overruns.isEmpty)
    #expect(gate.charged <= cap, "charged \(gate.charged.display) > cap \(cap.display)")
    #expect(gate.peakCommitted <= cap)
    #expect(gate.inFlight.isEmpty)
    let billed = server.billedCost(date: Live.date)
    #expect(billed <= cap, "the stand-in would bill \(billed.display) > cap \(cap.display)")
    #expect(billed <= gate.charged, "imagecost counted \(gate.charged.display) but the provider bills \(billed.display)")

    // Every request the server saw belongs to a journalled call, and no call is left pending.
    let entries = try journal.calls(run: "run-test")
    let journalled = Set(entries.map(\.record.callID))
    for request in server.served {
      let callID = try #require(request.clientRequestID?.split(separator: "/").first.map(String.init))
      #expect(journalled.contains(callID), "\(callID) reached the server without a journal record")
    }
    #expect(entries.allSatisfy { $0.outcome != nil })
    #expect(entries.reduce(USD.zero) { $0 + ($1.outcome?.charged ?? .zero) } == gate.charged)
    #expect(summary.sent + summary.notSent == calls.count)
    if summary.notSent > 0 { #expect(summary.stopReason != nil) }
  }

  @Test func aChargeAboveTheWorstCaseStopsTheRun() async throws {
    // 272 + 2,000 image output tokens: above the worst case (708) but within the plausibility bound (10 ×
    // the worst case); a usage beyond that is not believed and is charged the worst case (HostileUsageTests).
    let server = try await Live.server(drift: .init(imageOutputExtra: 2_000))
    defer { Task { await server.stop() } }
    let calls = (0..<5).map { Live.call("o\($0)", seq: $0) }
    let (summary, gate) = try await Live.run(calls, server: server, cap: USD(decimal: "10")!, concurrency: 1)
    #expect(gate.overruns.count == 1)
    #expect(summary.sent == 1)
    #expect(summary.stopReason?.contains("more than its worst case") == true)
  }

  @Test func moderationIsNotRetriedAndKeepsTheProviderCode() async throws {
    let server = try await Live.server(faults: .sequence([.moderation]))
    defer { Task { await server.stop() } }
    let journal = InMemoryJournal()
    let (summary, _) = try await Live.run([Live.call("m", seq: 0)], server: server, cap: USD(decimal: "1")!, journal: journal)
    #expect(server.served.count == 1)
    #expect(summary.failed == 1)
    let outcome = try #require(try journal.calls(run: "run-test").first?.outcome)
    #expect(outcome.errorCode == "contentFilter")
    #expect(outcome.httpStatus == 400)
    #expect(outcome.chargeBasis == .worstCase)
  }

  @Test func rateLimitsAreRetriedAfterTheServersDelay() async throws {
    let server = try await Live.server(faults: .sequence([.rateLimited(retryAfterMilliseconds: 15, retryAfterSeconds: nil), .serverError(503)]))
    defer { Task { await server.stop() } }
    let journal = InMemoryJournal()
    let (summary, gate) = try await Live.run([Live.call("r", seq: 0)], server: server, cap: USD(decimal: "1")!, journal: journal)
    #expect(server.served.count == 3)
    #expect(summary.succeeded == 1)
    let outcome = try #require(try journal.calls(run: "run-test").first?.outcome)
    #expect(outcome.attempts == 3)
    // The 429 is not billed; the 503 may have been, so it is charged at the worst case.
    let planned = try Live.planned([Live.call("r", seq: 0)])[0]
    #expect(gate.charged == planned.prediction.worstCase + outcome.actual!)
  }

  @Test func timeoutsAreReportedWithAClearMessage() async throws {
    let server = try await Live.server(faults: .sequence([.slow(milliseconds: 1500), .slow(milliseconds: 1500)]))
    defer { Task { await server.stop() } }
    let journal = InMemoryJournal()
    let calls = [Live.call("t", seq: 0)]
    let worst = try Live.planned(calls)[0].prediction.worstCase
    // Room for two attempts only: the second timeout leaves no room for a third.
    let (summary, _) = try await Live.run(
      calls, server: server, cap: USD(nanos: worst.nanos * 2), journal: journal, timeouts: Timeouts(totalMilliseconds: 300, idleMilliseconds: 300))
    #expect(summary.abandoned == 1)
    let outcome = try #require(try journal.calls(run: "run-test").first?.outcome)
    #expect(outcome.errorCode == "timeout")
    #expect(outcome.errorMessage?.contains("timed out after 0.3 s") == true)
    #expect(outcome.errorMessage?.contains("api-version") == false)
  }
}

/// The worst case the cap reserves covers what the price book's rules allow at their top: an estimated output
/// rule's range and input billed once per image.
@Suite struct WorstCaseReachTests {
  @Test(arguments: ["gpt-image-2.5-flare", "gpt-image-2.6-sunburst"])
  func anEstimatedOutputRuleReservesTheTopOfItsRange(model: String) throws {
    let call = Live.call("e", seq: 0, model: model, quality: "high", size: "1024x1024", n: 2, provider: "openai")
    let prediction = try #require(try Live.planned([call]).first?.prediction)
    let spec = try #require(Live.book.models[model])
    let output = try TokenModel(rules: Live.book.tokenRules).outputTokens(model: spec, quality: "max", size: ImageSize(width: 1024, height: 1024))
    let top = try #require(output.range?.upperBound)
    // quality high was asked for, yet the reservation must reach at least the top of the high cell's range × n.
    let high = try TokenModel(rules: Live.book.tokenRules).outputTokens(model: spec, quality: "high", size: ImageSize(width: 1024, height: 1024))
    #expect((prediction.worstCaseTokens[.imageOutput] ?? 0) >= Int64(try #require(high.range?.upperBound) * 2))
    #expect(top > high.tokens, "the range reaches above the estimate")
  }

  @Test func inputBilledOncePerImageIsReserved() throws {
    let one = Live.call("a", seq: 0, model: "gpt-image-2", quality: "low", n: 1, provider: "openai")
    let four = Live.call("b", seq: 1, model: "gpt-image-2", quality: "low", n: 4, provider: "openai")
    let planned = try Live.planned([one, four])
    let textOne = try #require(planned[0].prediction.worstCaseTokens[.textInput])
    let textFour = try #require(planned[1].prediction.worstCaseTokens[.textInput])
    #expect(textFour == textOne * 4)
  }
}
