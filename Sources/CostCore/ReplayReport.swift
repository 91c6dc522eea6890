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

  public init(book: PriceBook) { self.book = book }

  public static let failedNotBilled = "failed-responses-not-billed"
  public static let outputSplit = "output-split-by-token-table"

  /// Prices one record: from its usage when logged, else estimated from its parameters; a failed
  /// response without usage is unbilled (named assumption); anything unknown is unpriced with its reason.
  public func price(_ record: UsageRecord, priceDate: CivilDate? = nil) -> PricedRecord {
    var table = ShapePriceTable(book: book)
    let plan = table.plan(shape: table.requests.intern(record.request), day: priceDate ?? record.date)
    let line = table.price(plan: plan, status: record.status, usage: record.usage)  // interns the reason first
    return table.record(line)
  }
}

/// A dimension to group replayed records by.
public enum ReplayDimension: Hashable, Sendable {
  case day, week, month, model, quality, size, operation, provider, deployment
  /// The logged region (`default` when none); not a `--by` name, since the ledger's report keys keep no region
  /// (the FOCUS export of `replay` groups by it).
  case region
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
    case .region: return "region"
    case .tag(let key): return "tag:\(key)"
    }
  }

  func value(of record: UsageRecord) -> String { value(request: record.request, tags: record.tags, date: record.date) }

  package func value(request r: ImageRequest, tags: [String: String], date: CivilDate) -> String {
    switch self {
    case .day: return date.description
    case .week:
      // ISO-like week start (Monday) of the record's day.
      let days = date.daysSinceEpoch
      let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday → Monday = 0
      return "week of " + CivilDate(daysSinceEpoch: days - weekday).description
    case .month: return String(date.description.prefix(7))
    case .model: return r.model
    case .quality: return r.quality ?? "default"
    case .size: return r.size?.description ?? "default"
    case .operation: return r.operation.rawValue
    case .provider: return r.provider ?? "default"
    case .deployment: return r.deploymentType ?? "default"
    case .region: return r.region ?? "default"
    case .tag(let key): return tags[key] ?? "(none)"
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
  /// Images of the unpriced requests (``byBasis`` `[.unpriced]` counts the requests).
  public var unpricedImages: Int64 = 0
  /// Records priced from their logged usage although the price book's capability table would refuse the
  /// request, by what they did (``QuoteError/loggedDisagreement``).
  public var disagreements: [String: Int64] = [:]
  /// True when a sum went beyond the largest amount of nano-dollars a 64-bit integer holds: the totals are
  /// then not to be trusted, and the commands stop with ``ReplayOverflow`` (never a wrapped number).
  public var overflowed = false

  public init() {}

  /// Requests that could not be priced.
  public var unpricedRequests: Int64 { byBasis[.unpriced] ?? 0 }

  /// True when every request is unpriced: the cost is unknown, not $0.
  public var allUnpriced: Bool { unpricedRequests > 0 && unpricedRequests == requests }

  /// The disagreements as sentences' parts, most records first.
  public var disagreementList: [CapabilityDisagreement] {
    disagreements.map { CapabilityDisagreement(text: $0.key, records: $0.value) }.sorted { ($0.records, $1.text) > ($1.records, $0.text) }
  }

  /// Adds `other` (sums of per-record rounded amounts, so totals of parts add up to the whole exactly).
  public mutating func merge(_ other: ReplayTotals) {
    requests += other.requests
    images += other.images
    let (sum, overflow) = cost.nanos.addingReportingOverflow(other.cost.nanos)
    cost = USD(nanos: sum)
    if overflow || other.overflowed { overflowed = true }
    unpricedImages += other.unpricedImages
    for (k, v) in other.disagreements { disagreements[k, default: 0] += v }
    for (k, v) in other.byBasis { byBasis[k, default: 0] += v }
    // Parts of the cost (no larger than it) and token counts of bounded records: wrapping only where the
    // cost already overflowed (flagged above).
    for (k, v) in other.components { components[k] = USD(nanos: (components[k]?.nanos ?? 0) &+ v.nanos) }
    for (k, v) in other.tokens { tokens[k, default: 0] &+= v }
  }
}

/// One group of the replay report.
public struct ReplayGroup: Hashable, Sendable {
  public let key: [String]
  public var totals: ReplayTotals

  public init(key: [String], totals: ReplayTotals) {
    self.key = key
    self.totals = totals
  }
}

/// Unpriced records with the same reason.
public struct UnpricedBucket: Hashable, Sendable {
  public let reason: String
  public var requests: Int64
  public var images: Int64

  public init(reason: String, requests: Int64, images: Int64) {
    self.reason = reason
    self.requests = requests
    self.images = images
  }
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
  /// The price book's review date and age at the pricing date (`--price-date`, else the newest logged day).
  public var priceBookAge: PriceBookAge?
  /// What-if scenarios, in the order given.
  public var whatIfs: [WhatIfResult] = []
  /// Cost per day (as logged), for burn-down.
  public var daily: [CivilDate: USD] = [:]
  /// Unpriced requests per day, for the days that have some (their cost is not in ``daily``).
  public var dailyUnpriced: [CivilDate: Int64] = [:]
  /// Budget burn-down when `--budget` was given.
  public var burnDown: BurnDown?
  /// Lines read, skipped as malformed, duplicates ignored, unknown fields seen.
  public var linesRead: Int64 = 0
  public var skipped: Int64 = 0
  public var duplicates: Int64 = 0
  /// What the report is of, when not a replay of files (`report`: "Report of the ledger PATH"), the period it
  /// covers and its sources (the imported files).
  public var title: String?
  public var period: String?
  public var sources: [String] = []

  public init(
    dimensions: [String], groups: [ReplayGroup], totals: ReplayTotals, unpriced: [UnpricedBucket], assumptions: [Assumption],
    warnings: [String], priceDate: CivilDate?, priceBookFingerprint: String, priceBookAsOf: CivilDate?, whatIfs: [WhatIfResult] = [],
    daily: [CivilDate: USD] = [:], duplicates: Int64 = 0
  ) {
    self.dimensions = dimensions
    self.groups = groups
    self.totals = totals
    self.unpriced = unpriced
    self.assumptions = assumptions
    self.warnings = warnings
    self.priceDate = priceDate
    self.priceBookFingerprint = priceBookFingerprint
    self.priceBookAsOf = priceBookAsOf
    self.whatIfs = whatIfs
    self.daily = daily
    self.duplicates = duplicates
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
  public func apply(to record: UsageRecord) -> ImageRequest { apply(to: record.request, usage: record.usage) }

  /// `request` under this scenario, with the logged prompt tokens of `usage` kept as billed tokens.
  public func apply(to request: ImageRequest, usage: ImageUsage?) -> ImageRequest {
    var r = request
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
    if let usage {
      // The logged count is the whole request's billed text input (n copies already in it when billed per image).
      r.prompt = .billed(Int(usage.inputTextTokens ?? (usage.inputTokens - (usage.inputImageTokens ?? 0))))
      r.nBilling = .perRequest
    }
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
    return BurnDown(
      month: month, budget: budget, spent: cumulative, throughDay: last, runRatePerDay: rate, projected: projected, crossing: crossing,
      crossed: crossed)
  }
}

extension WhatIf {
  /// The first override naming a model, quality, size, provider or deployment type the price book does not
  /// know, as one sentence with the nearest valid values (a usage error); nil when every value is known.
  /// A quality or size is checked against the scenario's model when it names one, else against every model.
  public func unknownValue(in book: PriceBook) -> String? {
    let model = overrides.last { $0.0 == "model" }.flatMap { book.models[$0.1] }
    let models = model.map { [$0] } ?? book.models.values.sorted { $0.id < $1.id }
    let providerName = overrides.last { $0.0 == "provider" }?.1
    func problem(_ key: String, _ value: String, _ what: String, _ known: [String]) -> String {
      let hint = NearestNames.didYouMean(value, in: known)
      return "--what-if \(key)=\(value): \(what)" + (hint.isEmpty ? "" : "; \(hint)") + " (known: \(known.joined(separator: ", ")))."
    }
    for (key, value) in overrides {
      switch key {
      case "model":
        if book.models[value] == nil { return problem(key, value, "the price book has no such model", book.modelIDs) }
      case "quality":
        var known: [String] = []
        for m in models {
          for q in m.capabilities.qualities + (m.pricing == .tokens ? ["auto"] : []) where !known.contains(q) { known.append(q) }
        }
        if !known.contains(value) {
          return problem(key, value, model.map { "\($0.id) has no such quality" } ?? "no model in the price book has such a quality", known)
        }
      case "size":
        guard let size = ImageSize(value) else { return "--what-if size=\(value) is not WIDTHxHEIGHT." }
        let accepted = models.contains { m in
          if let formula = m.capabilities.sizeFormula.flatMap({ book.tokenRules.outputFormulas[$0] }) {
            return formula.constraints.violation(size) == nil
          }
          return m.capabilities.sizes.contains(size)
        }
        if !accepted {
          var listed: [String] = []
          for m in models { for s in m.capabilities.sizes.map(\.description) where !listed.contains(s) { listed.append(s) } }
          return problem(key, value, model.map { "\($0.id) does not accept that size" } ?? "no model in the price book accepts that size", listed)
        }
      case "provider":
        if book.providers[value] == nil { return problem(key, value, "the price book has no such provider", book.providers.keys.sorted()) }
      case "deployment_type":
        let providers = providerName.flatMap { book.providers[$0] }.map { [$0] } ?? Array(book.providers.values)
        var known: [String] = []
        for p in providers.sorted(by: { $0.id < $1.id }) { for t in p.deploymentTypes where !known.contains(t) { known.append(t) } }
        if !known.contains(value) { return problem(key, value, "the price book has no such deployment type", known) }
      default:
        break
      }
    }
    return nil
  }
}

/// A replay or report whose total went beyond what 64-bit nano-dollars hold (about $9.2 billion).
public struct ReplayOverflow: Error, CustomStringConvertible, Sendable {
  public init() {}
  public var description: String {
    "The total exceeds $9,223,372,036.85, the largest amount imagecost adds up exactly; report a shorter period or fewer files."
  }
}
