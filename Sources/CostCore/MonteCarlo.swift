#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SplitMix64: a small, fast, seedable generator, so every run with the same `--seed` is identical.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Monte Carlo over a plan's uncertain inputs: prompt length (when given as a range or a mean/sd),
/// retry rate (range), text output tokens (the price book's observed range, unless overridden), image
/// output tokens of models whose output rule is an estimate (its range) and `quality: auto` (each quality
/// equally likely).
///
/// Each trial draws every uncertain input once per workload (they are the planner's uncertain
/// estimates, not per-request noise) and prices every month exactly as ``Pricer`` would for those
/// inputs: the same rates, quantities and per-line half-even rounding. Memory is bounded: at most
/// ``sampleLimit`` totals per series are kept (reservoir sampling), whatever the trial count.
public struct MonteCarlo: Sendable {
  public let book: PriceBook

  /// Percentiles are exact up to this many trials and estimated from a uniform reservoir beyond.
  public static let sampleLimit = 20_000

  public init(book: PriceBook) { self.book = book }

  /// One workload-month reduced to integer arithmetic.
  struct CostModel {
    let requests: Int64
    let failuresBilled: Bool
    let n: Int64
    let perImage: Price?
    let prices: [ComponentKind: Price]
    let cachedShare: Share?
    let imageInputTokens: Int64
    /// Output tokens per image, one entry per quality that may be drawn.
    let outputTokens: [Int64]
    let partialTokens: Int64
    let textOutput: ClosedRange<Int64>?
    /// Times the prompt and input images are billed per request (n when billed per image).
    let inputCopies: Int64

    /// The cost of the month for one draw; `outputPercent` scales estimated output tokens (100 = the estimate).
    func cost(prompt: Int64, quality: Int, textOutput: Int64, retryPPM: Int64, outputPercent: Int64 = 100) -> USD {
      let retries = Share(partsPerMillion: retryPPM).of(requests)
      let billed = requests + (failuresBilled ? retries : 0)
      if let perImage { return perImage.cost(of: n * billed) }
      var total = USD.zero
      func add(_ kind: ComponentKind, _ perRequest: Int64) {
        guard perRequest > 0, let price = prices[kind] else { return }
        total += price.cost(of: perRequest * billed)
      }
      let prompt = prompt * inputCopies
      let imageInputTokens = imageInputTokens * inputCopies
      let cachedText = cachedShare?.of(prompt) ?? 0
      let cachedImage = cachedShare?.of(imageInputTokens) ?? 0
      add(.textInput, prompt - cachedText)
      add(.cachedTextInput, cachedText)
      add(.imageInput, imageInputTokens - cachedImage)
      add(.cachedImageInput, cachedImage)
      add(.imageOutput, (outputTokens[quality] * outputPercent / 100 + partialTokens) * n)
      if self.textOutput != nil { add(.textOutput, textOutput * n) }
      return total
    }
  }

  /// Runs `trials` trials of the plan as written.
  /// - Throws: ``QuoteError`` if a workload cannot be priced (the deterministic run reports it first).
  public func run(_ plan: Plan, trials: Int, seed: UInt64) throws -> PlanRanges {
    precondition(trials > 0, "trials must be positive")
    let months = (0..<plan.months).map { plan.start.adding(months: $0) }
    let pricer = Pricer(book: book)
    var drivers: [String] = []
    // Per workload: models per month, and how to draw its inputs.
    struct Draws {
      let prompt: TokenDistribution?
      let promptPoint: Int64
      let promptOverhead: Int64
      let retry: ClosedRange<Int64>?
      let retryPoint: Int64
      let textOutput: ClosedRange<Int64>?
      /// Per cent of the estimated output tokens to draw from, for models whose output rule is an estimate.
      let outputPercent: ClosedRange<Int64>?
      let qualities: Int
      let months: [CostModel]
    }
    var workloads: [Draws] = []
    let tokenModel = TokenModel(rules: book.tokenRules)
    for workload in plan.workloads {
      let request = plan.resolvedRequest(workload)
      let (resolved, model, _) = try pricer.resolve(request)
      let qualities = resolved.quality == "auto" ? model.capabilities.qualities : [resolved.pricedQuality]
      if qualities.count > 1 { drivers.append("\(workload.id): quality auto, each of \(qualities.joined(separator: ", ")) equally likely") }
      var textRange: ClosedRange<Int64>?
      if let id = model.tokenRules?.textOutput, let estimate = book.tokenRules.textOutputEstimates[id] {
        if let fixed = request.textOutputTokens {
          textRange = Int64(fixed)...Int64(fixed)
        } else {
          textRange = Int64(estimate.low)...Int64(estimate.high)
          drivers.append("\(workload.id): text output tokens \(estimate.low)–\(estimate.high) per image (assumption \(estimate.assumption))")
        }
      }
      var outputPercent: ClosedRange<Int64>?
      if let id = model.tokenRules?.output, let estimate = book.tokenRules.outputEstimates[id] {
        outputPercent = Int64(estimate.rangePercent.lowerBound)...Int64(estimate.rangePercent.upperBound)
        drivers.append(
          "\(workload.id): image output tokens \(estimate.rangePercent.lowerBound)–\(estimate.rangePercent.upperBound) % of the estimate (assumption \(estimate.assumption))"
        )
      }
      if let prompt = workload.uncertainty.promptTokens { drivers.append("\(workload.id): prompt tokens \(prompt.description)") }
      if let retry = workload.uncertainty.retryRange {
        drivers.append("\(workload.id): retry rate \(Share(partsPerMillion: retry.lowerBound))–\(Share(partsPerMillion: retry.upperBound))")
      }
      // Counted prompt text is billed with the per-request overhead on generations, as the Pricer does.
      var promptOverhead: Int64 = 0
      if case .counted = request.prompt, resolved.operation == .generate {
        promptOverhead = Int64(book.tokenRules.generationPromptOverhead.tokens)
      }
      let promptPoint: Int64
      switch request.prompt {
      case .billed(let tokens): promptPoint = Int64(tokens)
      case .counted(let tokens, _): promptPoint = Int64(tokens) + promptOverhead
      case .unspecified: promptPoint = Int64(book.tokenRules.defaultPromptTokens.tokens)
      }
      var monthModels: [CostModel] = []
      for (index, month) in months.enumerated() {
        guard let images = workload.volume.images(inMonth: index, of: month) else {
          throw PlanError.volumeOverflow(workload: workload.id, month: month)
        }
        let date = plan.pricingDay(for: month)
        func price(_ kind: ComponentKind, quality: String? = nil, size: ImageSize? = nil) throws -> Price? {
          switch try book.rate(
            provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: model.id,
            component: kind, quality: quality, size: size, date: date)
          {
          case .rate(let row): return row.price
          case .unmetered: return nil
          }
        }
        var prices: [ComponentKind: Price] = [:]
        var perImage: Price?
        var outputs: [Int64] = []
        var imageInput: Int64 = 0
        if model.pricing == .perImage {
          perImage = try price(.image, quality: resolved.pricedQuality, size: resolved.size)
        } else {
          prices[.textInput] = try price(.textInput)
          prices[.imageOutput] = try price(.imageOutput)
          if resolved.cachedShare != nil {
            prices[.cachedTextInput] = try price(.cachedTextInput)
          }
          if resolved.operation == .edit, model.tokenRules?.inputImage != nil {
            imageInput = try tokenModel.inputImageTokens(model: model, request: resolved, rule: request.inputImageRule).tokens
            prices[.imageInput] = try price(.imageInput)
            if resolved.cachedShare != nil { prices[.cachedImageInput] = try price(.cachedImageInput) }
          }
          if textRange != nil { prices[.textOutput] = try price(.textOutput) }
          outputs = try qualities.map {
            Int64(try tokenModel.outputTokens(model: model, quality: $0 == "auto" ? "high" : $0, size: resolved.size).tokens)
          }
        }
        monthModels.append(
          CostModel(
            requests: (images + Int64(resolved.n) - 1) / Int64(resolved.n), failuresBilled: workload.failuresBilled, n: Int64(resolved.n),
            perImage: perImage, prices: prices, cachedShare: resolved.cachedShare, imageInputTokens: imageInput, outputTokens: outputs,
            partialTokens: try tokenModel.partialImageTokens(resolved.partialImages), textOutput: textRange,
            inputCopies: Int64(resolved.inputCopies)))
      }
      workloads.append(
        Draws(
          prompt: workload.uncertainty.promptTokens, promptPoint: promptPoint, promptOverhead: promptOverhead, retry: workload.uncertainty.retryRange,
          retryPoint: workload.retryRate?.partsPerMillion ?? 0, textOutput: textRange, outputPercent: outputPercent,
          qualities: max(1, qualities.count),
          months: monthModels))
    }

    var rng = SplitMix64(seed: seed)
    var reservoirRNG = SplitMix64(seed: seed ^ 0xA5A5_A5A5_A5A5_A5A5)
    let limit = MonteCarlo.sampleLimit
    var totals: [USD] = []
    var monthly = Array(repeating: [USD](), count: months.count)
    totals.reserveCapacity(min(trials, limit))
    var monthCosts = Array(repeating: USD.zero, count: months.count)
    for trial in 0..<trials {
      for index in monthCosts.indices { monthCosts[index] = .zero }
      for w in workloads {
        let prompt: Int64
        switch w.prompt {
        case .uniform(let low, let high)?: prompt = Int64(Int.random(in: low...high, using: &rng))
        case .normal(let mean, let sd)?: prompt = max(0, Int64((Double(mean) + Double(sd) * MonteCarlo.gaussian(&rng)).rounded()))
        case .empirical(let counts)?: prompt = Int64(counts[Int.random(in: 0..<counts.count, using: &rng)]) + w.promptOverhead
        case nil: prompt = w.promptPoint
        }
        let retry = w.retry.map { Int64.random(in: $0, using: &rng) } ?? w.retryPoint
        let text = w.textOutput.map { Int64.random(in: $0, using: &rng) } ?? 0
        let quality = w.qualities > 1 ? Int.random(in: 0..<w.qualities, using: &rng) : 0
        let outputPercent = w.outputPercent.map { Int64.random(in: $0, using: &rng) } ?? 100
        for (index, model) in w.months.enumerated() {
          monthCosts[index] += model.cost(prompt: prompt, quality: quality, textOutput: text, retryPPM: retry, outputPercent: outputPercent)
        }
      }
      let total = monthCosts.reduce(USD.zero, +)
      if trial < limit {
        totals.append(total)
        for index in monthCosts.indices { monthly[index].append(monthCosts[index]) }
      } else {
        let slot = Int.random(in: 0...trial, using: &reservoirRNG)
        if slot < limit {
          totals[slot] = total
          for index in monthCosts.indices { monthly[index][slot] = monthCosts[index] }
        }
      }
    }
    if drivers.isEmpty { drivers.append("no uncertain inputs: every trial equals the point estimate") }
    return PlanRanges(
      trials: trials, seed: seed, total: RangeSummary(values: totals), monthly: monthly.map { RangeSummary(values: $0) }, drivers: drivers)
  }

  /// A standard normal draw (Box–Muller). Only token counts are drawn this way, never money.
  static func gaussian(_ rng: inout SplitMix64) -> Double {
    let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
    let u2 = Double(rng.next() >> 11) / Double(1 << 53)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}
