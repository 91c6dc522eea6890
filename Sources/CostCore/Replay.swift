/// The API's `usage` object of an image response, as logged.
public struct ImageUsage: Hashable, Sendable {
  public var inputTokens: Int64
  public var inputTextTokens: Int64?
  public var inputImageTokens: Int64?
  public var outputTokens: Int64
  public var outputImageTokens: Int64?
  public var outputTextTokens: Int64?

  public init(
    inputTokens: Int64, inputTextTokens: Int64?, inputImageTokens: Int64?, outputTokens: Int64, outputImageTokens: Int64?,
    outputTextTokens: Int64?
  ) {
    self.inputTokens = inputTokens
    self.inputTextTokens = inputTextTokens
    self.inputImageTokens = inputImageTokens
    self.outputTokens = outputTokens
    self.outputImageTokens = outputImageTokens
    self.outputTextTokens = outputTextTokens
  }
}

/// One logged image request.
public struct UsageRecord: Hashable, Sendable {
  public var id: String
  /// The day of the request (UTC) and the full timestamp text as logged.
  public var date: CivilDate
  public var timestamp: String
  public var request: ImageRequest
  /// HTTP status; nil when not logged.
  public var status: Int?
  public var tags: [String: String]
  public var usage: ImageUsage?

  public init(id: String, date: CivilDate, timestamp: String, request: ImageRequest, status: Int?, tags: [String: String], usage: ImageUsage?) {
    self.id = id
    self.date = date
    self.timestamp = timestamp
    self.request = request
    self.status = status
    self.tags = tags
    self.usage = usage
  }
}

/// How a replayed record was priced.
public enum ReplayBasis: String, Hashable, Sendable, CaseIterable {
  /// From the logged usage, or for per-image models from the logged parameters (exact).
  case priced
  /// Estimated from the request parameters through the token model.
  case estimated
  /// A failed response without usage, counted but not billed (named assumption).
  case unbilled
  /// Could not be priced (unknown model, missing rate…): counted with its reason, never $0.
  case unpriced
}

/// The priced result of one record.
public struct PricedRecord: Hashable, Sendable {
  public let basis: ReplayBasis
  public let cost: USD
  public let components: [ComponentKind: USD]
  public let tokens: [ComponentKind: Int64]
  /// Why the record is unpriced.
  public let reason: String?
  public let assumptions: [String]
}

/// Prices logged requests at their own day's rates (or at a fixed `priceDate`).
public struct ReplayPricer: Sendable {
  public let book: PriceBook
  let pricer: Pricer

  public init(book: PriceBook) {
    self.book = book
    pricer = Pricer(book: book)
  }

  public static let failedNotBilled = "failed-responses-not-billed"
  public static let outputSplit = "output-split-by-token-table"

  public func price(_ record: UsageRecord, priceDate: CivilDate? = nil) -> PricedRecord {
    var cache = ReplayPriceCache()
    return price(record, priceDate: priceDate, cache: &cache)
  }

  /// ``price(_:priceDate:)`` with memoised look-ups: the same results, each distinct request shape
  /// resolved once and each rate looked up once per day.
  func price(_ record: UsageRecord, priceDate: CivilDate? = nil, cache: inout ReplayPriceCache) -> PricedRecord {
    let date = priceDate ?? record.date
    if let status = record.status, !(200..<300).contains(status), record.usage == nil {
      if let hit = cache.unbilled[status] { return hit }
      let priced = PricedRecord(basis: .unbilled, cost: .zero, components: [:], tokens: [:], reason: "HTTP \(status)", assumptions: [ReplayPricer.failedNotBilled])
      cache.unbilled[status] = priced
      return priced
    }
    guard let usage = record.usage else {
      let key = ReplayPriceCache.ShapeKey(request: record.request, date: date)
      if let hit = cache.estimates[key] { return hit }
      let priced = estimate(record.request, date: date)
      ReplayPriceCache.remember(&cache.estimates, key, priced)
      return priced
    }
    let key = ReplayPriceCache.ShapeKey(request: record.request, date: date)
    let plan = cache.plan(for: key, pricer: pricer)
    do {
      let resolution = try cache.plans[plan].resolution.get()
      guard resolution.model.pricing == .tokens else {
        // Per-image models carry no usage; price the images.
        if let hit = cache.perImage[key] { return hit }
        let priced: PricedRecord
        do {
          let quote = try pricer.quote(record.request, requests: 1, date: date)
          priced = PricedRecord(basis: .priced, cost: quote.total, components: [.image: quote.total], tokens: [.image: Int64(resolution.resolved.n)], reason: nil, assumptions: quote.assumptions.map(\.id))
        } catch {
          priced = PricedRecord(basis: .unpriced, cost: .zero, components: [:], tokens: [:], reason: "\(error)", assumptions: [])
        }
        ReplayPriceCache.remember(&cache.perImage, key, priced)
        return priced
      }
      var assumptions: [String] = []
      var quantities: [ComponentKind: Int64] = [:]
      let imageIn = usage.inputImageTokens ?? 0
      quantities[.textInput] = usage.inputTextTokens ?? (usage.inputTokens - imageIn)
      quantities[.imageInput] = imageIn
      if let image = usage.outputImageTokens {
        quantities[.imageOutput] = image
        quantities[.textOutput] = usage.outputTextTokens ?? (usage.outputTokens - image)
      } else if resolution.model.tokenRules?.textOutput != nil {
        // No output details: image part from the token table for the logged quality and size.
        let expected = try cache.expectedImageTokens(plan, book: book)
        let image = min(expected, usage.outputTokens)
        quantities[.imageOutput] = image
        quantities[.textOutput] = usage.outputTokens - image
        assumptions.append(ReplayPricer.outputSplit)
      } else {
        quantities[.imageOutput] = usage.outputTokens
      }
      var components: [ComponentKind: USD] = [:]
      var cost = USD.zero
      for (kind, quantity) in quantities where quantity > 0 {
        switch try cache.rate(plan, kind, book: book) {
        case .rate(let row):
          let value = row.price.cost(of: quantity)
          components[kind] = value
          cost += value
          if let a = row.assumption { assumptions.append(a) }
        case .unmetered(let row):
          components[kind] = .zero
          assumptions.append(row.assumption)
        }
      }
      return PricedRecord(basis: .priced, cost: cost, components: components, tokens: quantities.filter { $0.value > 0 }, reason: nil, assumptions: assumptions)
    } catch {
      return PricedRecord(basis: .unpriced, cost: .zero, components: [:], tokens: [:], reason: "\(error)", assumptions: [])
    }
  }

  /// A record without usage: estimated from the parameters; the prompt length is the book's assumption.
  func estimate(_ request: ImageRequest, date: CivilDate) -> PricedRecord {
    do {
      let quote = try pricer.quote(request, requests: 1, date: date)
      var components: [ComponentKind: USD] = [:]
      var tokens: [ComponentKind: Int64] = [:]
      for line in quote.lines {
        components[line.component, default: .zero] += line.costTotal
        tokens[line.component, default: 0] += line.quantityTotal
      }
      return PricedRecord(basis: quote.isEstimate ? .estimated : .priced, cost: quote.total, components: components, tokens: tokens, reason: nil, assumptions: quote.assumptions.map(\.id))
    } catch {
      return PricedRecord(basis: .unpriced, cost: .zero, components: [:], tokens: [:], reason: "\(error)", assumptions: [])
    }
  }
}

/// Memoised look-ups of one replay (a value type owned by one ``ReplayAggregator``).
///
/// Everything cached is a pure function of the price book and the key, so cached and uncached
/// pricing give identical results. Each table is cleared when it reaches ``limit`` entries, which
/// keeps memory bounded on logs with unusually many distinct request shapes.
struct ReplayPriceCache: Sendable {
  static let limit = 100_000

  struct ShapeKey: Hashable, Sendable {
    let request: ImageRequest
    let date: CivilDate
  }

  /// A resolved request shape (a reference, so that reading a cached plan copies one pointer, not a model spec).
  final class Resolution: Sendable {
    let resolved: ResolvedRequest
    let model: ModelSpec

    init(resolved: ResolvedRequest, model: ModelSpec) {
      self.resolved = resolved
      self.model = model
    }
  }

  /// Everything about one (request shape, day) that does not depend on the logged usage.
  struct Plan: Sendable {
    let key: ShapeKey
    let resolution: Result<Resolution, any Error>
    var expected: Result<Int64, any Error>?
    /// Rate look-ups by component (index in `ComponentKind.allCases`), filled when first needed.
    var rates: [Result<RateMatch, any Error>?] = Array(repeating: nil, count: ComponentKind.allCases.count)
  }

  static let componentIndex: [ComponentKind: Int] = Dictionary(uniqueKeysWithValues: ComponentKind.allCases.enumerated().map { ($1, $0) })

  var unbilled: [Int: PricedRecord] = [:]
  var estimates: [ShapeKey: PricedRecord] = [:]
  var perImage: [ShapeKey: PricedRecord] = [:]
  var plans: [Plan] = []
  var planIndex: [ShapeKey: Int] = [:]

  init() {}

  static func remember<Key: Hashable, Value>(_ table: inout [Key: Value], _ key: Key, _ value: Value) {
    if table.count >= ReplayPriceCache.limit { table.removeAll(keepingCapacity: true) }
    table[key] = value
  }

  /// The index in ``plans`` of `key`'s plan, resolving the request the first time it is seen.
  mutating func plan(for key: ShapeKey, pricer: Pricer) -> Int {
    if let index = planIndex[key] { return index }
    if plans.count >= ReplayPriceCache.limit {
      plans.removeAll(keepingCapacity: true)
      planIndex.removeAll(keepingCapacity: true)
    }
    let resolution = Result { () throws -> Resolution in
      let (resolved, model, _) = try pricer.resolve(key.request)
      return Resolution(resolved: resolved, model: model)
    }
    plans.append(Plan(key: key, resolution: resolution))
    planIndex[key] = plans.count - 1
    return plans.count - 1
  }

  /// Image output tokens from the token table for the plan's model, quality, size, partial images and n.
  mutating func expectedImageTokens(_ plan: Int, book: PriceBook) throws -> Int64 {
    if let hit = plans[plan].expected { return try hit.get() }
    let resolution = plans[plan].resolution
    let result = Result { () throws -> Int64 in
      let r = try resolution.get()
      let table = try TokenModel(rules: book.tokenRules).outputTokens(model: r.model, quality: r.resolved.pricedQuality, size: r.resolved.size)
      return Int64((table.tokens + r.resolved.partialImages * book.tokenRules.partialImageTokens) * r.resolved.n)
    }
    plans[plan].expected = result
    return try result.get()
  }

  /// ``PriceBook/rate(provider:deploymentType:region:model:component:quality:size:date:)`` for the plan's request and day.
  mutating func rate(_ plan: Int, _ component: ComponentKind, book: PriceBook) throws -> RateMatch {
    let slot = ReplayPriceCache.componentIndex[component]!
    if let hit = plans[plan].rates[slot] { return try hit.get() }
    let resolution = plans[plan].resolution
    let date = plans[plan].key.date
    let result = Result { () throws -> RateMatch in
      let r = try resolution.get().resolved
      return try book.rate(provider: r.provider, deploymentType: r.deploymentType, region: r.region, model: r.model, component: component, date: date)
    }
    plans[plan].rates[slot] = result
    return try result.get()
  }
}

/// A dimension to group replayed records by.
public enum ReplayDimension: Hashable, Sendable {
  case day, week, month, model, quality, size, operation, provider, deployment
  case tag(String)

  public init?(_ text: String) {
    switch text {
    case "day": self = .day
    case "week": self = .week
    case "month": self = .month
    case "model": self = .model
    case "quality": self = .quality
    case "size": self = .size
    case "operation": self = .operation
    case "provider": self = .provider
    case "deployment", "deployment_type": self = .deployment
    default:
      guard text.hasPrefix("tag:"), text.count > 4 else { return nil }
      self = .tag(String(text.dropFirst(4)))
    }
  }

  public var name: String {
    switch self {
    case .day: return "day"
    case .week: return "week"
    case .month: return "month"
    case .model: return "model"
    case .quality: return "quality"
    case .size: return "size"
    case .operation: return "operation"
    case .provider: return "provider"
    case .deployment: return "deployment_type"
    case .tag(let key): return "tag:\(key)"
    }
  }

  func value(of record: UsageRecord) -> String {
    let r = record.request
    switch self {
    case .day: return record.date.description
    case .week:
      // ISO-like week start (Monday) of the record's day.
      let days = record.date.daysSinceEpoch
      let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday → Monday = 0
      return "week of " + CivilDate(daysSinceEpoch: days - weekday).description
    case .month: return String(record.date.description.prefix(7))
    case .model: return r.model
    case .quality: return r.quality ?? "default"
    case .size: return r.size?.description ?? "default"
    case .operation: return r.operation.rawValue
    case .provider: return r.provider ?? "default"
    case .deployment: return r.deploymentType ?? "default"
    case .tag(let key): return record.tags[key] ?? "(none)"
    }
  }
}

/// Totals of one group (or of everything).
public struct ReplayTotals: Hashable, Sendable {
  public var requests: Int64 = 0
  public var images: Int64 = 0
  public var cost: USD = .zero
  public var byBasis: [ReplayBasis: Int64] = [:]
  public var components: [ComponentKind: USD] = [:]
  public var tokens: [ComponentKind: Int64] = [:]

  public init() {}

  mutating func add(_ record: UsageRecord, _ priced: PricedRecord) {
    requests += 1
    images += Int64(record.request.n)
    cost += priced.cost
    byBasis[priced.basis, default: 0] += 1
    for (k, v) in priced.components { components[k, default: .zero] += v }
    for (k, v) in priced.tokens { tokens[k, default: 0] += v }
  }
}

/// One group of the replay report.
public struct ReplayGroup: Hashable, Sendable {
  public let key: [String]
  public var totals: ReplayTotals
}

/// Unpriced records with the same reason.
public struct UnpricedBucket: Hashable, Sendable {
  public let reason: String
  public var requests: Int64
  public var images: Int64
}

/// The report model of `imagecost replay`.
public struct ReplayReport: Hashable, Sendable {
  public let dimensions: [String]
  public var groups: [ReplayGroup]
  public var totals: ReplayTotals
  public var unpriced: [UnpricedBucket]
  public var assumptions: [Assumption]
  public var warnings: [String]
  public let priceDate: CivilDate?
  public let priceBookFingerprint: String
  public let priceBookAsOf: CivilDate?
  /// What-if scenarios, in the order given.
  public var whatIfs: [WhatIfResult] = []
  /// Cost per day (as logged), for burn-down.
  public var daily: [CivilDate: USD] = [:]
  /// Budget burn-down when `--budget` was given.
  public var burnDown: BurnDown?
  /// Lines read, skipped as malformed, duplicates ignored, unknown fields seen.
  public var linesRead: Int64 = 0
  public var skipped: Int64 = 0
  public var duplicates: Int64 = 0
}

/// Streams records into a ``ReplayReport``: price each, aggregate, keep memory bounded by the groups.
public struct ReplayAggregator: Sendable {
  let pricer: ReplayPricer
  let dimensions: [ReplayDimension]
  let priceDate: CivilDate?
  private var groups: [[String]: ReplayTotals] = [:]
  private var totals = ReplayTotals()
  private var unpriced: [String: UnpricedBucket] = [:]
  private var assumptionIDs: [String] = []
  private var seenAssumptions = Set<String>()
  private var seenIDs = Set<String>()
  public private(set) var duplicates: Int64 = 0

  private var daily: [CivilDate: USD] = [:]
  private var cache = ReplayPriceCache()
  private var whatIfCache: [[ReplayPriceCache.ShapeKey: Result<USD, any Error>]]
  private let scenarios: [WhatIf]
  private var whatIfs: [WhatIfResult]

  public init(book: PriceBook, dimensions: [ReplayDimension], priceDate: CivilDate?, whatIfs: [WhatIf] = []) {
    pricer = ReplayPricer(book: book)
    scenarios = whatIfs
    self.whatIfs = whatIfs.map { WhatIfResult(scenario: $0.description) }
    whatIfCache = Array(repeating: [:], count: whatIfs.count)
    self.dimensions = dimensions
    self.priceDate = priceDate
  }

  /// Adds one record; a repeated request id is counted once.
  public mutating func add(_ record: UsageRecord) {
    guard seenIDs.insert(record.id).inserted else {
      duplicates += 1
      return
    }
    let priced = pricer.price(record, priceDate: priceDate, cache: &cache)
    for index in scenarios.indices {
      ReplayAggregator.whatIf(
        scenarios[index], record: record, asLogged: priced, pricer: pricer.pricer, priceDate: priceDate, into: &whatIfs[index], cache: &whatIfCache[index])
    }
    for id in priced.assumptions where seenAssumptions.insert(id).inserted { assumptionIDs.append(id) }
    daily[record.date, default: .zero] += priced.cost
    let key = dimensions.map { $0.value(of: record) }
    groups[key, default: ReplayTotals()].add(record, priced)
    totals.add(record, priced)
    if priced.basis == .unpriced {
      let reason = priced.reason ?? "unknown"
      unpriced[reason, default: UnpricedBucket(reason: reason, requests: 0, images: 0)].requests += 1
      unpriced[reason]!.images += Int64(record.request.n)
    }
  }

  public func report() -> ReplayReport {
    let book = pricer.book
    return ReplayReport(
      dimensions: dimensions.map(\.name), groups: groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { ReplayGroup(key: $0, totals: groups[$0]!) },
      totals: totals, unpriced: unpriced.values.sorted { ($0.requests, $0.reason) > ($1.requests, $1.reason) },
      assumptions: assumptionIDs.compactMap { book.assumptions[$0] }, warnings: [], priceDate: priceDate,
      priceBookFingerprint: book.fingerprint, priceBookAsOf: book.asOf, whatIfs: whatIfs, daily: daily, duplicates: duplicates)
  }
}

/// A what-if scenario: the same logged requests repriced with some request fields replaced.
public struct WhatIf: Hashable, Sendable, CustomStringConvertible {
  public let overrides: [(String, String)]

  public static func == (lhs: WhatIf, rhs: WhatIf) -> Bool { lhs.description == rhs.description }
  public func hash(into hasher: inout Hasher) { hasher.combine(description) }

  public static let keys = ["model", "quality", "size", "provider", "deployment_type", "region"]

  /// Parses `model=gpt-image-1-mini,quality=medium`; nil on an unknown key or a bad size.
  public init?(_ text: String) {
    var pairs: [(String, String)] = []
    for part in text.split(separator: ",") {
      let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard kv.count == 2, WhatIf.keys.contains(kv[0]), !kv[1].isEmpty else { return nil }
      if kv[0] == "size", ImageSize(kv[1]) == nil { return nil }
      pairs.append((kv[0], kv[1]))
    }
    guard !pairs.isEmpty else { return nil }
    overrides = pairs
  }

  public var description: String { overrides.map { "\($0.0)=\($0.1)" }.joined(separator: ",") }

  /// The record's request under this scenario. Logged prompt tokens are kept as billed tokens.
  public func apply(to record: UsageRecord) -> ImageRequest {
    var r = record.request
    for (key, value) in overrides {
      switch key {
      case "model": r.model = value
      case "quality": r.quality = value
      case "size": r.size = ImageSize(value)
      case "provider": r.provider = value
      case "deployment_type": r.deploymentType = value
      case "region": r.region = value
      default: break
      }
    }
    if let usage = record.usage { r.prompt = .billed(Int(usage.inputTextTokens ?? (usage.inputTokens - (usage.inputImageTokens ?? 0)))) }
    return r
  }
}

/// The result of one what-if scenario over all replayed records.
public struct WhatIfResult: Hashable, Sendable {
  public let scenario: String
  /// Cost of the records that could be repriced, and what the same records cost as logged.
  public var cost: USD = .zero
  public var asLogged: USD = .zero
  public var repriced: Int64 = 0
  /// Records the scenario cannot serve, by reason (capability checks: reported, not priced).
  public var infeasible: [String: Int64] = [:]

  public init(scenario: String) { self.scenario = scenario }

  public var savings: USD { asLogged - cost }
}

extension ReplayAggregator {
  /// Reprices `record` under `scenario` (only records priced as logged are compared).
  public static func whatIf(_ scenario: WhatIf, record: UsageRecord, asLogged: PricedRecord, pricer: Pricer, priceDate: CivilDate?, into result: inout WhatIfResult) {
    var cache: [ReplayPriceCache.ShapeKey: Result<USD, any Error>] = [:]
    whatIf(scenario, record: record, asLogged: asLogged, pricer: pricer, priceDate: priceDate, into: &result, cache: &cache)
  }

  /// ``whatIf(_:record:asLogged:pricer:priceDate:into:)`` with each distinct repriced request quoted once.
  static func whatIf(
    _ scenario: WhatIf, record: UsageRecord, asLogged: PricedRecord, pricer: Pricer, priceDate: CivilDate?, into result: inout WhatIfResult,
    cache: inout [ReplayPriceCache.ShapeKey: Result<USD, any Error>]
  ) {
    guard asLogged.basis == .priced || asLogged.basis == .estimated else { return }
    let key = ReplayPriceCache.ShapeKey(request: scenario.apply(to: record), date: priceDate ?? record.date)
    let quoted: Result<USD, any Error>
    if let hit = cache[key] {
      quoted = hit
    } else {
      quoted = Result { try pricer.quote(key.request, requests: 1, date: key.date).total }
      if cache.count >= ReplayPriceCache.limit { cache.removeAll(keepingCapacity: true) }
      cache[key] = quoted
    }
    switch quoted {
    case .success(let total):
      result.cost += total
      result.asLogged += asLogged.cost
      result.repriced += 1
    case .failure(let error):
      result.infeasible["\(error)", default: 0] += 1
    }
  }
}

/// Budget burn-down of the latest month in a replay.
public struct BurnDown: Hashable, Sendable {
  public let month: YearMonth
  public let budget: USD
  /// Spend from the first of the month through ``throughDay`` (the last logged day).
  public let spent: USD
  public let throughDay: CivilDate
  /// Average spend per elapsed day.
  public let runRatePerDay: USD
  /// Spend to date plus the run rate for the remaining days.
  public let projected: USD
  /// The day the budget was or is projected to be crossed, if within the month.
  public let crossing: CivilDate?
  /// True when the crossing already happened in the logged data.
  public let crossed: Bool

  /// Burn-down of the latest month in `daily` (cost per day) against `budget` per month.
  public static func compute(daily: [CivilDate: USD], budget: USD) -> BurnDown? {
    guard let last = daily.keys.max() else { return nil }
    let month = YearMonth(year: last.year, month: last.month)!
    let days = daily.filter { $0.key.year == last.year && $0.key.month == last.month }.sorted { $0.key < $1.key }
    var cumulative = USD.zero
    var crossing: CivilDate?
    for (day, cost) in days {
      cumulative += cost
      if crossing == nil, cumulative > budget { crossing = day }
    }
    let elapsed = Int64(last.day)
    let rate = USD(nanos: Int64(FixedPoint.divide(Int128(cumulative.nanos), by: Int128(elapsed), rounding: .halfEven)))
    let remaining = Int64(month.days - last.day)
    let projected = cumulative + USD(nanos: rate.nanos * remaining)
    let crossed = crossing != nil
    if crossing == nil, rate.nanos > 0, projected > budget {
      // First future day whose projected cumulative spend exceeds the budget.
      let gap = budget.nanos - cumulative.nanos
      let daysAhead = gap / rate.nanos + 1
      crossing = last.adding(days: Int(daysAhead))
    }
    return BurnDown(month: month, budget: budget, spent: cumulative, throughDay: last, runRatePerDay: rate, projected: projected, crossing: crossing, crossed: crossed)
  }
}
