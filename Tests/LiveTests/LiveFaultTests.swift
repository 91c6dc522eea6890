import CostCore
import CostIO
import Foundation
import ImageAPI
import LiveTestDoubles
import StandInServer
import Testing

/// What the stand-in provider billed, priced in the test from the price book's rates (a rate look-up,
/// then the arithmetic here: not through imagecost's pricing). `floor` and `ceiling` bracket the exact
/// amount (rounding per component is imagecost's business, not the test's).
struct IndependentBill {
  var floorNanos: Int128 = 0
  var ceilingNanos: Int128 = 0

  init(_ served: [StandInServer.Served], book: PriceBook, date: CivilDate) throws {
    for request in served {
      guard let usage = request.billed, let imageRequest = request.request else { continue }
      let (resolved, _, _) = try Pricer(book: book).resolve(imageRequest)
      let parts: [(ComponentKind, Int64)] = [
        (.textInput, usage.inputTextTokens ?? usage.inputTokens), (.imageInput, usage.inputImageTokens ?? 0),
        (.imageOutput, usage.outputImageTokens ?? usage.outputTokens), (.textOutput, usage.outputTextTokens ?? 0),
      ]
      for (component, tokens) in parts where tokens > 0 {
        let match = try book.rate(
          provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: resolved.model, component: component,
          date: date)
        guard case .rate(let row) = match else { continue }  // unmetered: billed nothing
        let exact = Int128(tokens) * Int128(row.price.amount.nanos)
        let block = Int128(row.price.unit.block)
        floorNanos += exact / block
        ceilingNanos += (exact + block - 1) / block
      }
    }
  }
}

/// Usage without `output_tokens_details`, image output 40 % above the token table (inside the worst
/// case's margin): the cap holds against what the provider bills, on every model and provider.
@Suite(.serialized) struct UnknownSplitCapTests {
  /// Long enough that a loaded CI machine never turns an answer into a timeout (which would be retried).
  static let patient = Timeouts(totalSeconds: 120, idleSeconds: 120)
  static let models: [(deployment: String, model: String)] = [
    ("img1", "gpt-image-1"), ("mini", "gpt-image-1-mini"), ("img15", "gpt-image-1.5"), ("img2", "gpt-image-2"),
  ]
  static let styles: [(String, LiveEndpoint.Style)] = [
    ("azure-classic", .azureClassic(apiVersion: LiveEndpoint.defaultAzureAPIVersion)), ("azure-v1", .azureV1(apiVersion: "preview")),
    ("openai", .openAI),
  ]

  @Test(arguments: 0..<12)
  func capHoldsAgainstTheProvidersBill(combination: Int) async throws {
    let (deployment, model) = Self.models[combination % 4]
    let (styleName, style) = Self.styles[combination / 4]
    let provider = styleName == "openai" ? "openai" : "azure"
    let spec = try #require(Live.book.models[model])
    let table = try TokenModel(rules: Live.book.tokenRules).outputTokens(model: spec, quality: "medium", size: ImageSize(width: 1024, height: 1024))
      .tokens
    let server = try await Live.server(drift: .init(imageOutputExtra: table * 4 / 10, outputDetails: false))
    defer { Task { await server.stop() } }
    // Every other call streams (a streamed answer never carries output details either).
    let calls = (0..<12).map {
      Live.call("u\($0)", seq: $0, model: model, quality: "medium", partialImages: $0 % 2, provider: provider, deployment: deployment)
    }
    let planned = try Live.planned(calls)
    let worst = planned.reduce(Int128(0)) { $0 + Int128($1.prediction.worstCase.nanos) }
    let cap = USD(nanos: Int64(worst / 2))
    let (summary, gate) = try await Live.run(calls, server: server, style: style, cap: cap, concurrency: 3, timeouts: Self.patient)
    let bill = try IndependentBill(server.served, book: Live.book, date: Live.date)

    #expect(summary.sent > 0 && summary.sent < 12, "the cap binds: \(summary.sent) of 12 sent")
    #expect(summary.overruns.isEmpty, "\(summary.overruns)")
    #expect(bill.ceilingNanos <= Int128(cap.nanos), "\(model) on \(styleName): billed \(bill.ceilingNanos) nanos over a cap of \(cap.nanos)")
    #expect(gate.charged <= cap)
    // What imagecost counted covers the bill.
    #expect(Int128(gate.charged.nanos) >= bill.floorNanos, "\(model) on \(styleName): charged \(gate.charged.nanos), billed ≥ \(bill.floorNanos)")
  }

  /// The issue's run: 20 gpt-image-2 calls on Azure under a cap that binds (low quality, --max-spend 0.15).
  /// Replay's split rule would have put the extra image tokens at the (unmetered) text-output rate; the cap must not.
  @Test func gptImage2OnAzureUnderATightCap() async throws {
    let spec = try #require(Live.book.models["gpt-image-2"])
    let table = try TokenModel(rules: Live.book.tokenRules).outputTokens(model: spec, quality: "low", size: ImageSize(width: 1024, height: 1024))
      .tokens
    let server = try await Live.server(drift: .init(imageOutputExtra: table * 4 / 10, outputDetails: false))
    defer { Task { await server.stop() } }
    let calls = (0..<20).map { Live.call("i\($0)", seq: $0, model: "gpt-image-2", quality: "low", deployment: "img2") }
    let cap = USD(decimal: "0.15")!
    let journal = InMemoryJournal()
    let (summary, gate) = try await Live.run(calls, server: server, cap: cap, concurrency: 4, journal: journal, timeouts: Self.patient)
    let bill = try IndependentBill(server.served, book: Live.book, date: Live.date)
    let worstCase = try Live.planned(calls)[0].prediction.worstCase
    print(
      "gpt-image-2 on Azure, cap \(cap.display): \(summary.sent) of 20 sent, charged \(gate.charged.display), provider's bill \(bill.floorNanos)–\(bill.ceilingNanos) nanos"
    )
    #expect(summary.sent > 1 && summary.sent < 20, "the cap binds: \(summary.sent) sent, worst case \(worstCase)")
    #expect(bill.ceilingNanos <= Int128(cap.nanos), "billed \(bill.ceilingNanos) nanos over a cap of \(cap.nanos)")
    #expect(Int128(gate.charged.nanos) >= bill.floorNanos)
    #expect(summary.overruns.isEmpty)
    // gpt-image-2 emits no text output (the book's evidence): replay prices output usage without a split as image
    // output, so what it charges for the reported usage is the bill, not the old undercharge.
    let replay = ReplayPricer(book: Live.book)
    let replayed = try journal.calls(run: "run-test").compactMap { entry -> USD? in
      guard let usage = entry.outcome?.usage?.usage else { return nil }
      return replay.price(UsageRecord(id: "", date: Live.date, timestamp: "", request: calls[0].request, status: 200, tags: [:], usage: usage)).cost
    }.reduce(USD.zero, +)
    #expect(
      Int128(replayed.nanos) >= bill.floorNanos && Int128(replayed.nanos) <= bill.ceilingNanos, "replay \(replayed.nanos), billed \(bill.floorNanos)")
    #expect(try journal.calls(run: "run-test").allSatisfy { $0.outcome == nil || $0.outcome?.chargeBasis != .pricedSplitAssumed })
  }

  /// Reconcile says the split was assumed and names the extra image tokens, not text output tokens.
  @Test func reconcileNamesExtraImageTokensOnGptImage15() async throws {
    let spec = try #require(Live.book.models["gpt-image-1.5"])
    let table = try TokenModel(rules: Live.book.tokenRules).outputTokens(model: spec, quality: "medium", size: ImageSize(width: 1024, height: 1024))
      .tokens
    let extra = table * 4 / 10
    let server = try await Live.server(drift: .init(imageOutputExtra: extra, outputDetails: false))
    defer { Task { await server.stop() } }
    let calls = (0..<3).map { Live.call("r\($0)", seq: $0, model: "gpt-image-1.5", quality: "medium", deployment: "img15") }
    let journal = InMemoryJournal()
    let (summary, _) = try await Live.run(calls, server: server, cap: USD(decimal: "5")!, journal: journal, timeouts: Self.patient)
    #expect(summary.succeeded == 3)
    let inputs = try journal.calls(run: "run-test").compactMap { $0.reconcileInput(fallbackDay: Live.date) }
    let report = Reconciler(book: Live.book).reconcile(runID: "run-test", calls: inputs, priceDate: Live.date)
    let predictedText = try #require(inputs.first?.predictedTokens.outputTextTokens)
    // The server emitted 352 text tokens per image; the reconcile takes text output as predicted.
    let textDelta = 352 - predictedText
    let outputTable = try #require(report.explanations.first { $0.cause == .outputTable })
    #expect(outputTable.detail.contains("split assumed for 3 calls"), "\(outputTable.detail)")
    #expect(report.total.attribution[.textOutputTokens] == nil, "\(report.total.attribution)")
    #expect(report.calls.allSatisfy { $0.notes.contains { $0.hasPrefix("split assumed") } })
    // The image-output gap is the extra image tokens plus the text the prediction did not expect.
    let imageOutput = try #require(report.total.components.first { $0.component == .imageOutput })
    #expect(imageOutput.tokenDelta == 3 * (Int64(extra) + textDelta))
  }
}

extension UnknownSplitCapTests {
  /// Text drift inside the observed range stays a text-output gap when the split is unknown.
  @Test func reconcileKeepsTextDriftInsideTheObservedRangeAsText() async throws {
    let server = try await Live.server(drift: .init(textOutputTokens: 420, outputDetails: false))
    defer { Task { await server.stop() } }
    let calls = (0..<2).map { Live.call("x\($0)", seq: $0, model: "gpt-image-1.5", quality: "medium", deployment: "img15") }
    let journal = InMemoryJournal()
    let (summary, _) = try await Live.run(calls, server: server, cap: USD(decimal: "5")!, journal: journal, timeouts: Self.patient)
    #expect(summary.succeeded == 2)
    let inputs = try journal.calls(run: "run-test").compactMap { $0.reconcileInput(fallbackDay: Live.date) }
    let report = Reconciler(book: Live.book).reconcile(runID: "run-test", calls: inputs, priceDate: Live.date)
    let predictedText = try #require(inputs.first?.predictedTokens.outputTextTokens)
    let text = try #require(report.total.components.first { $0.component == .textOutput })
    #expect(text.tokenDelta == 2 * (420 - predictedText))
    #expect(report.total.attribution[.outputTable] == nil, "\(report.total.attribution)")
    #expect(report.calls.allSatisfy { $0.notes.contains { $0.contains("inside the observed text-output range") } })
  }
}

/// A 200 whose usage cannot be believed is charged its worst case, journalled, never retried, and the
/// run stops cleanly once the cap no longer fits — it never traps.
@Suite(.serialized) struct HostileUsageTests {
  static let hostile: [String] = [
    #"{"input_tokens":9223372036854775000,"output_tokens":9223372036854775000}"#,
    #"{"input_tokens":20,"output_tokens":9223372036854775807,"output_tokens_details":{"image_tokens":9223372036854775807,"text_tokens":0}}"#,
    #"{"input_tokens":-5,"output_tokens":272}"#,
    #"{"input_tokens":20,"output_tokens":-272,"output_tokens_details":{"image_tokens":-272,"text_tokens":0}}"#,
    #"{"input_tokens":"20","output_tokens":"272"}"#,
    #"{"input_tokens":20.5,"output_tokens":272.25}"#,
    #"{"input_tokens":1e30,"output_tokens":1e30}"#,
    #"{"input_tokens":20,"output_tokens":5000000000}"#,
    #"{"input_tokens":20,"input_tokens_details":{"text_tokens":20,"image_tokens":900000},"output_tokens":272}"#,
    #"{"input_tokens":20,"output_tokens":272,"output_tokens_details":{"image_tokens":272,"text_tokens":9000000000000000000}}"#,
    #"[1,2,3]"#,
  ]

  @Test(arguments: 0..<11)
  func hostileUsageIsChargedItsWorstCase(index: Int) async throws {
    let server = try await Live.server(drift: .init(rawUsage: Self.hostile[index]))
    defer { Task { await server.stop() } }
    // One streamed call (the usage arrives in the completed event) and plain ones.
    let calls = [
      Live.call("h0", seq: 0, partialImages: 1), Live.call("h1", seq: 1), Live.call("h2", seq: 2), Live.call("h3", seq: 3),
    ]
    let planned = try Live.planned(calls)
    let worst = planned.map(\.prediction.worstCase)
    // Room for the first two at their worst case, not for a third.
    let cap = USD(nanos: worst[0].nanos + worst[1].nanos + worst[2].nanos / 2)
    let journal = InMemoryJournal()
    let (summary, gate) = try await Live.run(
      calls, server: server, cap: cap, concurrency: 1, journal: journal, timeouts: UnknownSplitCapTests.patient)
    let entries = try journal.calls(run: "run-test")
    #expect(summary.sent == 2, "\(Self.hostile[index]): \(summary)")
    #expect(summary.attempts == 2, "never retried")
    #expect(summary.overruns.isEmpty)
    #expect(gate.charged == worst[0] + worst[1])
    #expect(gate.charged <= cap)
    #expect(summary.stopReason?.contains("does not fit under --max-spend") == true, "\(summary.stopReason ?? "no stop reason")")
    #expect(entries.count == 2)
    for entry in entries {
      #expect(entry.state == .failed)
      #expect(["implausible_usage", "malformed_response"].contains(entry.outcome?.errorCode ?? ""), "\(entry.outcome?.errorCode ?? "nil")")
      #expect(entry.outcome?.chargeBasis == .worstCase)
      #expect(entry.outcome?.usage == nil, "an unbelievable usage is not kept for later pricing")
      #expect(entry.outcome?.charged == entry.record.worstCase)
    }
    // The run's reconciliation (which prices journalled usage) does not trap either.
    let report = Reconciler(book: Live.book).reconcile(
      runID: "run-test", calls: entries.compactMap { $0.reconcileInput(fallbackDay: Live.date) }, priceDate: Live.date)
    #expect(report.calls.count == 2)
  }

  @Test func plausibilityBounds() throws {
    let call = Live.call("p", seq: 0)
    let prediction = try LiveCallPricer(book: Live.book).predict(call, date: Live.date)
    let worst = prediction.worstCaseTokens.values.reduce(0, +)
    func usage(_ input: Int64, _ output: Int64) -> ImageUsage {
      ImageUsage(inputTokens: input, inputTextTokens: nil, inputImageTokens: nil, outputTokens: output, outputImageTokens: nil, outputTextTokens: nil)
    }
    let limit = worst * UsagePlausibility.worstCaseFactor + UsagePlausibility.slackTokens
    #expect(UsagePlausibility.problem(with: usage(20, limit), worstCaseTokens: prediction.worstCaseTokens) == nil)
    #expect(UsagePlausibility.problem(with: usage(20, limit + 1), worstCaseTokens: prediction.worstCaseTokens) != nil)
    #expect(UsagePlausibility.problem(with: usage(-1, 272), worstCaseTokens: prediction.worstCaseTokens) != nil)
    #expect(UsagePlausibility.problem(with: usage(Int64.max, Int64.max), worstCaseTokens: [.imageOutput: Int64.max, .textInput: Int64.max]) != nil)
    // A cost that would not fit in 64 bits is a typed error, not a trap.
    let price = Price(amount: USD(decimal: "40")!, unit: .perMillionTokens)
    #expect(throws: ArithmeticOverflow.self) { try price.checkedCost(of: Int64.max) }
    #expect(try price.checkedCost(of: 1_000_000) == USD(decimal: "40")!)
    #expect(throws: ArithmeticOverflow.self) { try USD(nanos: .max).adding(USD(nanos: 1)) }
  }
}

/// The documented retry policy (README, live mode): 429, 408, 409 and 5xx, timeouts, cut connections and
/// cut streams are retried; every attempt that may have been billed is charged its worst case.
@Suite(.serialized) struct RetryPolicyAsDocumentedTests {
  @Test func transportFailuresAreRetriedAndEachFailedAttemptIsCharged() async throws {
    // The slow answer outlasts the 8 s limit by far; the limit itself is far above a loaded machine's latency.
    let faults: [StandInServer.Fault] = [.slow(milliseconds: 30_000), .droppedConnection, .truncatedStream]
    let server = try await Live.server(faults: .sequence(faults))
    defer { Task { await server.stop() } }
    // Streamed, so the cut stream is a stream cut.
    let calls = [Live.call("t", seq: 0, partialImages: 1)]
    let worst = try Live.planned(calls)[0].prediction.worstCase
    let journal = InMemoryJournal()
    let (summary, gate) = try await Live.run(
      calls, server: server, cap: USD(decimal: "1")!, concurrency: 1, journal: journal, timeouts: Timeouts(totalSeconds: 8, idleSeconds: 8))
    #expect(summary.succeeded == 1, "\(summary)")
    #expect(summary.attempts == 4)
    let outcome = try #require(try journal.calls(run: "run-test").first?.outcome)
    let actual = try #require(outcome.actual)
    // Three failed attempts at their worst case, then the priced success.
    #expect(gate.charged == USD(nanos: 3 * worst.nanos + actual.nanos))
    #expect(outcome.charged.nanos == 3 * worst.nanos + actual.nanos)
  }

  @Test func whatIsAndIsNotRetried() {
    var rng = SplitMix64(seed: 1)
    let policy = RetryPolicy()
    let retried: [AttemptFailure] = [
      .timeout, .connectionLost, .notSent, .http(status: 429, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 500, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 503, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 408, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 409, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
    ]
    let notRetried: [AttemptFailure] = [
      .malformedResponse, .implausibleUsage, .http(status: 400, errorCode: "moderation_blocked", retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 400, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 401, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil),
      .http(status: 500, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: false),
    ]
    for failure in retried {
      if case .retry = policy.decision(after: failure, attempt: 1, rng: &rng) {} else { Issue.record("\(failure) should be retried") }
    }
    for failure in notRetried {
      if case .giveUp = policy.decision(after: failure, attempt: 1, rng: &rng) {} else { Issue.record("\(failure) should not be retried") }
    }
    // Billing: timeouts, cut connections, malformed and implausible answers may have been billed; a
    // connection that was never made was not.
    #expect([AttemptFailure.timeout, .connectionLost, .malformedResponse, .implausibleUsage].allSatisfy { $0.mayBeBilled })
    #expect(!AttemptFailure.notSent.mayBeBilled)
  }
}

/// The binary against a stand-in whose answers carry a usage near 2^63: the run ends cleanly (no trap),
/// every call is journalled as `implausible_usage` at its worst case, and the read commands work after it.
@Suite(.serialized) struct HostileUsageCLITests {
  @Test func aRunWithUsageNearTwoToTheSixtyThirdEndsCleanly() async throws {
    let folder = try temporaryFolder("hostile")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server(drift: .init(rawUsage: #"{"input_tokens":9223372036854775000,"output_tokens":9223372036854775000}"#))
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, LiveCLITests.plan)
    let db = folder.appendingPathComponent("ledger.sqlite").path
    let run = try await Binary.run(
      [
        "live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes", "--format", "json",
        "--db", db,
      ],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(run.status == 0 || run.status == 1, "exit \(run.status): \(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"), "\(run.stderr)")
    #expect(!run.stdout.contains(Live.key) && !run.stderr.contains(Live.key))
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
    #expect(summary["run_id"] is String)
    // Each call answered once, was not retried, and was charged its worst case.
    #expect(server.served.count == 4)
    let status = try await Binary.run(["live", "status", "--db", db, "--format", "json"], in: folder)
    #expect(status.status == 0, "\(status.stderr)")
    let reconcile = try await Binary.run(["reconcile", "--run", "last", "--format", "json", "--db", db], in: folder)
    #expect(reconcile.status == 0, "\(reconcile.stderr)")
    let calls = try #require(summary["calls"] as? [[String: Any]])
    #expect(calls.count == 4)
    for call in calls {
      #expect(call["error_code"] as? String == "implausible_usage", "\(call)")
      #expect(call["charged_usd"] as? String == call["worst_case_usd"] as? String, "\(call)")
      #expect(call["charge_basis"] as? String == "worst_case")
    }
    let check = try await Binary.run(["ledger", "check", "--db", db], in: folder)
    #expect(check.status == 0, "\(check.stderr)")
  }
}
