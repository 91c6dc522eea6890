/// How sure a quantity is.
public enum Basis: String, Hashable, Sendable, Codable {
  /// Given by the user as billed, or fixed by a published rule.
  case exact
  /// Follows from a named assumption (default prompt length, text-output tokens, …).
  case estimate
}

/// One priced component of a quote: quantity × dated rate = cost.
public struct QuoteLine: Hashable, Sendable {
  public let component: ComponentKind
  /// Tokens or images per request.
  public let quantityPerRequest: Int64
  /// Tokens or images for all requests.
  public let quantityTotal: Int64
  /// `tokens` or `images`.
  public let unit: String
  /// How the quantity was obtained, for people: `4,160 × 2 images + 2 partial images × 100`.
  public let detail: String
  public let basis: Basis
  /// The rate; nil when the component is explicitly not metered.
  public let rate: RateRow?
  /// Set when no meter bills this component (cost is then zero, by the named assumption).
  public let unmetered: UnmeteredComponent?
  public let costPerRequest: USD
  public let costTotal: USD

  public init(
    component: ComponentKind, quantityPerRequest: Int64, quantityTotal: Int64, unit: String, detail: String, basis: Basis,
    rate: RateRow?, unmetered: UnmeteredComponent?, costPerRequest: USD, costTotal: USD
  ) {
    self.component = component
    self.quantityPerRequest = quantityPerRequest
    self.quantityTotal = quantityTotal
    self.unit = unit
    self.detail = detail
    self.basis = basis
    self.rate = rate
    self.unmetered = unmetered
    self.costPerRequest = costPerRequest
    self.costTotal = costTotal
  }
}

/// A request after defaults were applied and checked.
public struct ResolvedRequest: Hashable, Sendable {
  public let model: String
  public let provider: String
  public let deploymentType: String
  public let region: String?
  public let operation: ImageOperation
  /// The quality asked for (may be `auto`).
  public let quality: String
  /// The quality priced (`auto` is priced as `high`).
  public let pricedQuality: String
  public let size: ImageSize
  public let n: Int
  public let inputImages: [ImageSize]
  public let inputFidelity: String?
  public let partialImages: Int
  public let cachedShare: Share?
  /// How n > 1 bills the prompt and input images.
  public var nBilling: NBilling = .perRequest

  /// How many times the prompt and input images are billed: n when billed per image, else once.
  public var inputCopies: Int { nBilling == .perImage ? n : 1 }
}

/// The priced result for one request shape × `requests`.
public struct Quote: Hashable, Sendable {
  public let request: ResolvedRequest
  /// The day prices were looked up for.
  public let date: CivilDate
  public let requests: Int64
  public let lines: [QuoteLine]
  public let perRequest: USD
  public let total: USD
  /// Every assumption the numbers rely on, in first-use order.
  public let assumptions: [Assumption]
  /// Warnings about the figures (unmetered components, experimental sizes).
  public let warnings: [String]
  /// Set when the model is retired on the provider at the quote's date (priced for history).
  public let retirement: Retirement?
  /// Price-book sources cited by the lines, in first-use order.
  public let sources: [PriceSource]
  public let priceBookFingerprint: String
  public let priceBookAsOf: CivilDate?
  /// The price book's review date and age at ``date``.
  public var priceBookAge: PriceBookAge? = nil
  /// The model's lifecycle on the provider at ``date`` (retired and retiring models warn).
  public var lifecycle: ModelLifecycle? = nil

  /// The lifecycle notice (if any), the other warnings, then the staleness warning (if any).
  public var allWarnings: [String] {
    let stale = priceBookAge?.warning.map { [$0] } ?? []
    guard let notice = lifecycle?.warning else { return warnings + stale }
    let history = lifecycle?.status == .retired ? " Priced for history at the rates effective on \(date)." : ""
    return [notice + history] + warnings + stale
  }

  /// True when any quantity follows from an assumption.
  public var isEstimate: Bool { lines.contains { $0.basis == .estimate } }

  /// Tokens per request by component (for token-priced models).
  public func tokens(_ component: ComponentKind) -> Int64 {
    lines.filter { $0.component == component }.reduce(0) { $0 + $1.quantityPerRequest }
  }
}
