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
    /// Requests (refine: calls) of the month at the point estimate of the volume.
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
    /// A refine stage: `prompt` is the input and `textOutput` the output tokens of each text-model call.
    var isRefine = false

    /// The cost of the month for one draw; `outputPercent` scales estimated output tokens (100 = the estimate);
    /// `requests` replaces the point estimate's when the volume is drawn.
    func cost(prompt: Int64, quality: Int, textOutput: Int64, retryPPM: Int64, outputPercent: Int64 = 100, requests: Int64? = nil) -> USD {
      let requests = requests ?? self.requests
      let retries = Share(partsPerMillion: retryPPM).of(requests)
      let billed = requests + (failuresBilled ? retries : 0)
      if let perImage { return perImage.cost(of: n * billed) }
      var total = USD.zero
      func add(_ kind: ComponentKind, _ perRequest: Int64) {
        guard perRequest > 0, let price = prices[kind] else { return }
        total += price.cost(of: perRequest * billed)
      }
      if isRefine {
        let cached = cachedShare?.of(prompt) ?? 0
        add(.textInput, prompt - cached)
        add(.cachedTextInput, cached)
        add(.textOutput, textOutput)
        return total
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

  /// Runs `trials` trials of the plan as written; with `budget`, also counts the trials in which each budget period
  /// and the whole plan go over, and the cost of each period at `percentile`.
  /// - Throws: ``QuoteError`` if a workload cannot be priced (the deterministic run reports it first), ``PlanError``
  ///   when a drawn volume overflows.
  public func run(_ plan: Plan, trials: Int, seed: UInt64, budget: Budget? = nil, percentile: Int = 90) throws -> PlanRanges {
    precondition(trials > 0, "trials must be positive")
    let months = (0..<plan.months).map { plan.start.adding(months: $0) }
    let pricer = Pricer(book: book)
    var drivers: [String] = []
    // Per workload: models per month, and how to draw its inputs.
    struct Draws {
      let id: String
      let prompt: TokenDistribution?
      let promptPoint: Int64
      let promptOverhead: Int64
      let retry: ClosedRange<Int64>?
      let retryPoint: Int64
      let textOutput: ClosedRange<Int64>?
      /// A refine stage's output tokens per call, when drawn.
      let refineOutput: TokenDistribution?
      /// Per cent of the estimated output tokens to draw from, for models whose output rule is an estimate.
      let outputPercent: ClosedRange<Int64>?
      let qualities: Int
      let months: [CostModel]
      /// Index of the volume group (the workload, or its pipeline) whose drawn volume, growth and acceptance it uses.
      let group: Int
      let volume: Volume
      let n: Int64
      let isRefine: Bool
      let rounds: ValueDistribution?
    }
    // Volume, growth and acceptance are drawn per group, so every stage of a pipeline sees the same finals.
    struct Group {
      let id: String
      let volume: ValueDistribution?
      let growth: ValueDistribution?
      let acceptance: ValueDistribution?
    }
    var groups: [Group] = []
    var workloads: [Draws] = []
    let tokenModel = TokenModel(rules: book.tokenRules)
    for workload in plan.workloads {
      let request = plan.resolvedRequest(workload)
      let groupID = workload.pipeline?.pipeline ?? workload.id
      let group: Int
      if let index = groups.firstIndex(where: { $0.id == groupID }) {
        group = index
      } else {
        group = groups.count
        let u = workload.uncertainty
        groups.append(Group(id: groupID, volume: u.volume, growth: u.growth, acceptance: u.acceptance))
        if let d = u.volume {
          drivers.append(
            "\(groupID): \(workload.pipeline == nil ? "images" : "finals") per \(workload.volume.period.rawValue) \(d.description), drawn every month"
          )
        }
        if let d = u.growth { drivers.append("\(groupID): growth per month \(d.description)") }
        if let d = u.acceptance { drivers.append("\(groupID): acceptance rate \(d.description)") }
      }
      var monthModels: [CostModel] = []
      if let refine = workload.refine {
        let provider = request.provider ?? book.defaultProvider
        let deploymentType = request.deploymentType ?? book.providers[provider]?.defaultDeploymentType ?? ""
        if let d = workload.uncertainty.refineRounds { drivers.append("\(workload.id): rounds per final \(d.description)") }
        if let samples = refine.sampleConversations, case .empirical(let inputs)? = workload.uncertainty.refineInput,
          case .empirical(let outputs)? = workload.uncertainty.refineOutput
        {
          drivers.append(
            "\(workload.id): tokens per call from \(samples) sample conversations, input \(inputs.min() ?? 0)–\(inputs.max() ?? 0), "
              + "output \(outputs.min() ?? 0)–\(outputs.max() ?? 0)")
        } else {
          if let d = workload.uncertainty.refineInput { drivers.append("\(workload.id): input tokens per call \(d.description)") }
          if let d = workload.uncertainty.refineOutput { drivers.append("\(workload.id): output tokens per call \(d.description)") }
        }
        for (index, month) in months.enumerated() {
          guard let calls = workload.volume.images(inMonth: index, of: month) else {
            throw PlanError.volumeOverflow(workload: workload.id, month: month)
          }
          var prices: [ComponentKind: Price] = [:]
          for kind in TextModelSpec.components {
            prices[kind] = try RefineStage.price(
              kind, model: refine.model, book: book, provider: provider, deploymentType: deploymentType, region: request.region,
              date: plan.pricingDay(for: month))?.price
          }
          var model = CostModel(
            requests: calls, failuresBilled: false, n: 1, perImage: nil, prices: prices, cachedShare: refine.cachedShare, imageInputTokens: 0,
            outputTokens: [0], partialTokens: 0, textOutput: nil, inputCopies: 1)
          model.isRefine = true
          monthModels.append(model)
        }
        workloads.append(
          Draws(
            id: workload.id, prompt: workload.uncertainty.refineInput, promptPoint: refine.inputTokens, promptOverhead: 0, retry: nil, retryPoint: 0,
            textOutput: refine.outputTokens...refine.outputTokens, refineOutput: workload.uncertainty.refineOutput, outputPercent: nil,
            qualities: 1, months: monthModels, group: group, volume: workload.volume, n: 1, isRefine: true,
            rounds: workload.uncertainty.refineRounds))
        continue
      }
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
          id: workload.id, prompt: workload.uncertainty.promptTokens, promptPoint: promptPoint, promptOverhead: promptOverhead,
          retry: workload.uncertainty.retryRange, retryPoint: workload.retryRate?.partsPerMillion ?? 0, textOutput: textRange,
          refineOutput: nil, outputPercent: outputPercent, qualities: max(1, qualities.count), months: monthModels, group: group,
          volume: workload.volume, n: Int64(resolved.n), isRefine: false, rounds: nil))
    }

    var rng = SplitMix64(seed: seed)
    var reservoirRNG = SplitMix64(seed: seed ^ 0xA5A5_A5A5_A5A5_A5A5)
    let limit = MonteCarlo.sampleLimit
    var totals: [USD] = []
    var monthly = Array(repeating: [USD](), count: months.count)
    totals.reserveCapacity(min(trials, limit))
    var monthCosts = Array(repeating: USD.zero, count: months.count)
    let windows = budget?.windows(of: months) ?? []
    var windowSamples = Array(repeating: [USD](), count: windows.count)
    var windowOver = Array(repeating: 0, count: windows.count)
    var planOver = 0
    var windowCosts = Array(repeating: USD.zero, count: windows.count)
    // Per group and trial: drawn growth (ppm), acceptance (ppm) and base volume of each month (nil: the point value).
    var groupGrowth = [Int64?](repeating: nil, count: groups.count)
    var groupAcceptance = [Int64?](repeating: nil, count: groups.count)
    var groupBase = Array(repeating: [Int64](), count: groups.count)
    var drawnRequests = Array(repeating: Int64(0), count: months.count)
    for trial in 0..<trials {
      for index in monthCosts.indices { monthCosts[index] = .zero }
      for (g, group) in groups.enumerated() {
        groupGrowth[g] = group.growth.map { ValueDistribution.whole($0.draw(&rng), scale: 1_000_000, in: -999_999...10_000_000) }
        groupAcceptance[g] = group.acceptance.map { ValueDistribution.whole($0.draw(&rng), scale: 1_000_000, in: 1...1_000_000) }
        if let volume = group.volume {
          groupBase[g] = months.map { _ in ValueDistribution.whole(volume.draw(&rng), in: 0...1_000_000_000_000) }
        }
      }
      for w in workloads {
        var prompt: Int64
        var refineOutput: Int64?
        switch w.prompt {
        case .uniform(let low, let high)?: prompt = Int64(Int.random(in: low...high, using: &rng))
        case .normal(let mean, let sd)?: prompt = max(0, Int64((Double(mean) + Double(sd) * MonteCarlo.gaussian(&rng)).rounded()))
        case .empirical(let counts)?:
          let index = Int.random(in: 0..<counts.count, using: &rng)
          prompt = Int64(counts[index]) + w.promptOverhead
          // A sample conversation gives its input and output together.
          if case .empirical(let outputs)? = w.refineOutput, outputs.count == counts.count { refineOutput = Int64(outputs[index]) }
        case nil: prompt = w.promptPoint
        }
        if w.isRefine, refineOutput == nil, let d = w.refineOutput { refineOutput = MonteCarlo.drawTokens(d, &rng) }
        let retry = w.retry.map { Int64.random(in: $0, using: &rng) } ?? w.retryPoint
        let text = refineOutput ?? w.textOutput.map { Int64.random(in: $0, using: &rng) } ?? 0
        let quality = w.qualities > 1 ? Int.random(in: 0..<w.qualities, using: &rng) : 0
        let outputPercent = w.outputPercent.map { Int64.random(in: $0, using: &rng) } ?? 100
        let rounds = w.rounds.map { ValueDistribution.whole($0.draw(&rng), scale: 1_000_000, in: 0...PlausibilityBounds.imagesPerFinal * 1_000_000) }
        let drawsVolume = groups[w.group].volume != nil || groupGrowth[w.group] != nil || groupAcceptance[w.group] != nil || rounds != nil
        if drawsVolume {
          let v = w.volume
          for (index, month) in months.enumerated() {
            let volume = Volume(
              base: groups[w.group].volume != nil ? groupBase[w.group][index] : v.base, period: v.period,
              growthPPMPerMonth: groupGrowth[w.group] ?? v.growthPPMPerMonth, multiplierNumerator: rounds ?? v.multiplierNumerator,
              multiplierDenominator: w.volume.multiplierDenominator == 1 ? 1 : (groupAcceptance[w.group] ?? v.multiplierDenominator))
            guard let images = volume.images(inMonth: index, of: month) else { throw PlanError.volumeOverflow(workload: w.id, month: month) }
            drawnRequests[index] = w.isRefine ? images : (images + w.n - 1) / w.n
          }
        }
        for (index, model) in w.months.enumerated() {
          monthCosts[index] += model.cost(
            prompt: prompt, quality: quality, textOutput: text, retryPPM: retry, outputPercent: outputPercent,
            requests: drawsVolume ? drawnRequests[index] : nil)
        }
      }
      let total = monthCosts.reduce(USD.zero, +)
      var anyOver = false
      for (index, window) in windows.enumerated() {
        windowCosts[index] = monthCosts[window.first...window.last].reduce(USD.zero, +)
        if windowCosts[index] > window.amount {
          windowOver[index] += 1
          anyOver = true
        }
      }
      if anyOver { planOver += 1 }
      if trial < limit {
        totals.append(total)
        for index in monthCosts.indices { monthly[index].append(monthCosts[index]) }
        for index in windowCosts.indices { windowSamples[index].append(windowCosts[index]) }
      } else {
        let slot = Int.random(in: 0...trial, using: &reservoirRNG)
        if slot < limit {
          totals[slot] = total
          for index in monthCosts.indices { monthly[index][slot] = monthCosts[index] }
          for index in windowCosts.indices { windowSamples[index][slot] = windowCosts[index] }
        }
      }
    }
    if drivers.isEmpty { drivers.append("no uncertain inputs: every trial equals the point estimate") }
    var ranges = PlanRanges(
      trials: trials, seed: seed, total: RangeSummary(values: totals), monthly: monthly.map { RangeSummary(values: $0) }, drivers: drivers)
    if !windows.isEmpty {
      ranges.budgetOdds = BudgetOdds(
        windows: windows, overTrials: windowOver, planOverTrials: planOver, percentile: percentile,
        costAtPercentile: windowSamples.map { RangeSummary.percentile(percentile, of: $0) })
    }
    return ranges
  }

  /// One draw of a whole-number distribution (a refine stage's output tokens).
  static func drawTokens(_ d: TokenDistribution, _ rng: inout SplitMix64) -> Int64 {
    switch d {
    case .uniform(let low, let high): return Int64(Int.random(in: low...high, using: &rng))
    case .normal(let mean, let sd):
      // Clamped into 0...Int64.max by the one Double-to-count conversion: no draw can trap.
      return ValueDistribution.whole(Double(mean) + Double(sd) * MonteCarlo.gaussian(&rng), in: 0...Int64.max)
    case .empirical(let counts): return Int64(counts[Int.random(in: 0..<counts.count, using: &rng)])
    }
  }

  /// A standard normal draw (Box–Muller). Only token counts are drawn this way, never money.
  static func gaussian(_ rng: inout SplitMix64) -> Double {
    let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
    let u2 = Double(rng.next() >> 11) / Double(1 << 53)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}
