import CostCore
import Testing

@Suite struct ReconcileTests {
  /// A successful call with the given usage, predicted at 2026-11-24.
  func input(_ id: String, day: String = "2026-11-24", usage: TokenCounts?, state: CallState = .succeeded, partialImages: Int = 0) throws
    -> ReconcileInput
  {
    let call = Live.call(id, seq: 0, partialImages: partialImages)
    let prediction = try LiveCallPricer(book: Live.book).predict(call, date: Live.date)
    return ReconcileInput(
      callID: id, group: "g", request: call.request, state: state, predicted: prediction.predicted,
      predictedTokens: TokenCounts(predicted: prediction.tokens),
      usage: usage, charged: .zero, worstCase: prediction.worstCase, day: CivilDate(day)!)
  }

  func usage(text: Int64, imageOut: Int64) -> TokenCounts {
    TokenCounts(
      inputTokens: text, inputTextTokens: text, inputImageTokens: 0, outputTokens: imageOut, outputImageTokens: imageOut, outputTextTokens: 0)
  }

  @Test func causesAddUpToTheGapExactly() throws {
    let exact = try input("a", usage: nil)
    let tokens = exact.predictedTokens
    let calls = [
      try input("exact", usage: usage(text: tokens.inputTextTokens!, imageOut: tokens.outputImageTokens!)),
      try input("drift", usage: usage(text: tokens.inputTextTokens! + 6, imageOut: tokens.outputImageTokens! + 16)),
      try input("failed", usage: nil, state: .failed),
    ]
    let report = Reconciler(book: Live.book).reconcile(runID: "r", calls: calls, priceDate: Live.date)
    // The gap is over compared calls only: the failed call without usage has no actual, and is never counted as $0.
    let sum = report.total.attribution.values.reduce(USD.zero, +)
    #expect(sum == report.total.actual - report.total.predictedCompared)
    #expect(report.explanations.reduce(USD.zero) { $0 + $1.amount } == report.total.delta)
    #expect(report.total.attribution[.textTokenOverhead] == USD(nanos: 6 * 5_000))
    #expect(report.total.attribution[.outputTable] == USD(nanos: 16 * 40_000))
    #expect(report.total.attribution[.failedWithoutUsage] == nil)
    #expect(report.total.compared == 2 && report.total.predictedCompared == calls[0].predicted + calls[1].predicted)
    #expect(report.notCompared.map(\.cause) == [.failedWithoutUsage])
    #expect(report.notCompared.first?.amount == calls[2].predicted)
    #expect(report.total.predicted == report.total.predictedCompared + calls[2].predicted)
    #expect(report.calls[0].withinTolerance(basisPoints: 500) == true)
    #expect(report.calls[2].actual == nil)
    #expect(report.failedExposure == calls[2].worstCase)
  }

  @Test func aRateChangeBetweenPredictionAndCallIsAPriceChange() throws {
    var book = Live.book
    // The Azure global gpt-image-1 image-output rate rises from $40 to $44 per 1M tokens on 2026-11-25.
    let index = try #require(
      book.rates.firstIndex {
        $0.provider == "azure" && $0.deploymentType == "global" && $0.model == "gpt-image-1" && $0.component == .imageOutput && $0.effective.to == nil
      })
    let old = book.rates[index]
    book.rates[index] = RateRow(
      provider: old.provider, deploymentType: old.deploymentType, regions: old.regions, model: old.model, component: old.component, quality: nil,
      size: nil,
      price: old.price, effective: EffectiveRange(from: old.effective.from, to: CivilDate("2026-11-25")!), source: old.source, assumption: nil,
      meter: old.meter,
      location: old.location)
    book.rates.append(
      RateRow(
        provider: old.provider, deploymentType: old.deploymentType, regions: old.regions, model: old.model, component: old.component, quality: nil,
        size: nil,
        price: Price(amount: USD(decimal: "44")!, unit: .perMillionTokens), effective: EffectiveRange(from: CivilDate("2026-11-25")!, to: nil),
        source: old.source,
        assumption: nil, meter: old.meter, location: old.location))
    let base = try input("a", usage: nil)
    let call = try input("late", day: "2026-11-26", usage: usage(text: base.predictedTokens.inputTextTokens!, imageOut: 272))
    let report = Reconciler(book: book).reconcile(runID: "r", calls: [call], priceDate: Live.date)
    // 272 tokens × $4/1M more.
    #expect(report.total.attribution == [.priceChange: USD(nanos: 272 * 4_000)])
    #expect(report.explanations.first?.cause == .priceChange)
  }

  @Test func unbilledPartialImagesAreTheirOwnCause() throws {
    let call = try input("p", usage: nil, partialImages: 3)
    let billed = try input("p", usage: usage(text: call.predictedTokens.inputTextTokens!, imageOut: 272), partialImages: 3)
    let report = Reconciler(book: Live.book).reconcile(runID: "r", calls: [billed], priceDate: Live.date)
    #expect(report.total.attribution == [.partialImages: .zero - USD(nanos: 300 * 40_000)])
    #expect(report.calls[0].notes.contains { $0.contains("the 3 partial images were not billed") })
  }

  @Test func exportRowsMatchPerDayAndModel() throws {
    let tokens = try input("a", usage: nil).predictedTokens
    let ok = try input("ok", usage: usage(text: tokens.inputTextTokens!, imageOut: 272))
    let failed = try input("failed", usage: nil, state: .failed)
    let otherDay = try input("later", day: "2026-11-25", usage: usage(text: tokens.inputTextTokens!, imageOut: 272))
    let actual = Reconciler(book: Live.book).reconcile(Live.date, ok)
    let exports = [
      // The day of both calls: the successful call plus $0.005 that the failed call may explain.
      ActualCostLine(
        date: Live.date, item: "gpt-image-1-output-img-glbl Tokens", model: "gpt-image-1", amountNanos: actual.nanos + 5_000_000, currency: "USD",
        quantity: nil, unit: nil),
      ActualCostLine(date: Live.date, item: "Azure Storage", model: nil, amountNanos: 1_000_000, currency: "USD", quantity: nil, unit: nil),
      ActualCostLine(
        date: CivilDate("2026-11-23")!, item: "gpt-image-1-inp-txt-glbl", model: "gpt-image-1", amountNanos: 7, currency: "EUR", quantity: nil,
        unit: nil),
    ]
    let report = Reconciler(book: Live.book).reconcile(exports: exports, calls: [ok, failed, otherDay], since: CivilDate("2026-11-23")!, until: nil)
    #expect(report.rows.count == 2)
    #expect(report.rows[0].attribution == [.failedButBilled: USD(nanos: 5_000_000)])
    #expect(report.rows[1].attribution[.timeWindow] == .zero - actual)
    #expect(report.unmatchedItems == ["Azure Storage": 1_000_000])
    #expect(report.otherCurrencies == ["EUR": 7])
  }
}

extension Reconciler {
  /// The actual cost of one call with usage, at `date`.
  func reconcile(_ date: CivilDate, _ input: ReconcileInput) -> USD {
    reconcile(input, priceDate: date).actual ?? .zero
  }
}
