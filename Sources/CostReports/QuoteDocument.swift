import CostCore

/// The JSON form of a ``Quote`` (schema `imagecost.quote/1`): `quote --format json` writes its encoding and
/// `diff` decodes it, so the schema is stated here only. Amounts are exact decimal strings in USD.
public struct QuoteDocument: Codable, Sendable {
  public static let schemaID = "imagecost.quote/1"

  var schema = QuoteDocument.schemaID
  var model: String
  var provider: String
  var deploymentType: String
  @Nullable var region: String?
  var operation: String
  var quality: String
  var pricedQuality: String
  var size: String
  var n: Int
  var inputImages: [String]
  @Nullable var inputFidelity: String?
  var partialImages: Int
  @Nullable var cachedShare: String?
  var date: String
  var requests: Int64
  var components: [Component]
  var perRequestUSD: String
  var totalUSD: String
  var estimate: Bool
  var rounding = "half-even to 1e-9 USD per component line"
  var assumptions: [AssumptionField]
  var warnings: [String]
  var sources: [Source]
  var priceBook: PriceBookField

  enum CodingKeys: String, CodingKey {
    case schema, model, provider
    case deploymentType = "deployment_type"
    case region, operation, quality
    case pricedQuality = "priced_quality"
    case size, n
    case inputImages = "input_images"
    case inputFidelity = "input_fidelity"
    case partialImages = "partial_images"
    case cachedShare = "cached_share"
    case date, requests, components
    case perRequestUSD = "per_request_usd"
    case totalUSD = "total_usd"
    case estimate, rounding, assumptions, warnings, sources
    case priceBook = "price_book"
  }

  /// One priced component, per request; `rate_usd` is null for a component with no meter.
  struct Component: Codable, Sendable {
    var kind: String
    var quantity: Int64
    var unit: String
    var detail: String
    var basis: String
    var rate: Rate?
    var unmetered: Unmetered?
    var costUSD: String
    var quantityTotal: Int64
    var costTotalUSD: String

    /// The dated rate that priced the component.
    struct Rate: Sendable {
      var rateUSD: String
      var rateUnit: String
      var publishedRate: String
      var effectiveFrom: String
      @Nullable var effectiveTo: String?
      var source: String
      @Nullable var region: String?
      @Nullable var meter: String?
    }

    /// The assumption under which an unmetered component is not billed.
    struct Unmetered: Sendable {
      var assumption: String
    }

    /// The rate's fields sit in the component's object, not nested.
    enum CodingKeys: String, CodingKey {
      case kind, quantity, unit, detail, basis
      case rateUSD = "rate_usd"
      case rateUnit = "rate_unit"
      case publishedRate = "published_rate"
      case effectiveFrom = "effective_from"
      case effectiveTo = "effective_to"
      case source, region, meter, unmetered, assumption
      case costUSD = "cost_usd"
      case quantityTotal = "quantity_total"
      case costTotalUSD = "cost_total_usd"
    }

    init(
      kind: String, quantity: Int64, unit: String, detail: String, basis: String, rate: Rate?, unmetered: Unmetered?, costUSD: String,
      quantityTotal: Int64, costTotalUSD: String
    ) {
      (self.kind, self.quantity, self.unit, self.detail, self.basis) = (kind, quantity, unit, detail, basis)
      (self.rate, self.unmetered) = (rate, unmetered)
      (self.costUSD, self.quantityTotal, self.costTotalUSD) = (costUSD, quantityTotal, costTotalUSD)
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      kind = try c.decode(String.self, forKey: .kind)
      quantity = try c.decode(Int64.self, forKey: .quantity)
      unit = try c.decode(String.self, forKey: .unit)
      detail = try c.decode(String.self, forKey: .detail)
      basis = try c.decode(String.self, forKey: .basis)
      if let rateUSD = try c.decodeIfPresent(String.self, forKey: .rateUSD) {
        rate = Rate(
          rateUSD: rateUSD, rateUnit: try c.decode(String.self, forKey: .rateUnit),
          publishedRate: try c.decode(String.self, forKey: .publishedRate), effectiveFrom: try c.decode(String.self, forKey: .effectiveFrom),
          effectiveTo: try c.decodeIfPresent(String.self, forKey: .effectiveTo), source: try c.decode(String.self, forKey: .source),
          region: try c.decodeIfPresent(String.self, forKey: .region), meter: try c.decodeIfPresent(String.self, forKey: .meter))
      }
      if try c.decodeIfPresent(Bool.self, forKey: .unmetered) == true {
        unmetered = Unmetered(assumption: try c.decode(String.self, forKey: .assumption))
      }
      costUSD = try c.decode(String.self, forKey: .costUSD)
      quantityTotal = try c.decode(Int64.self, forKey: .quantityTotal)
      costTotalUSD = try c.decode(String.self, forKey: .costTotalUSD)
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(kind, forKey: .kind)
      try c.encode(quantity, forKey: .quantity)
      try c.encode(unit, forKey: .unit)
      try c.encode(detail, forKey: .detail)
      try c.encode(basis, forKey: .basis)
      if let rate {
        try c.encode(rate.rateUSD, forKey: .rateUSD)
        try c.encode(rate.rateUnit, forKey: .rateUnit)
        try c.encode(rate.publishedRate, forKey: .publishedRate)
        try c.encode(rate.effectiveFrom, forKey: .effectiveFrom)
        try c.encode(Nullable(wrappedValue: rate.effectiveTo), forKey: .effectiveTo)
        try c.encode(rate.source, forKey: .source)
        try c.encode(Nullable(wrappedValue: rate.region), forKey: .region)
        try c.encode(Nullable(wrappedValue: rate.meter), forKey: .meter)
      } else if let unmetered {
        try c.encodeNil(forKey: .rateUSD)
        try c.encode(true, forKey: .unmetered)
        try c.encode(unmetered.assumption, forKey: .assumption)
      }
      try c.encode(costUSD, forKey: .costUSD)
      try c.encode(quantityTotal, forKey: .quantityTotal)
      try c.encode(costTotalUSD, forKey: .costTotalUSD)
    }
  }

  /// A source the quote's rates cite.
  struct Source: Codable, Sendable {
    var id: String
    var title: String
    var url: String
    var read: String
    var label: String

    init(_ s: PriceSource) { (id, title, url, read, label) = (s.id, s.title, s.url, s.read.description, s.label) }
  }
}

extension QuoteDocument {
  /// The document of `quote`.
  public init(_ quote: Quote) {
    let r = quote.request
    self.init(
      model: r.model, provider: r.provider, deploymentType: r.deploymentType, region: r.region, operation: r.operation.rawValue,
      quality: r.quality, pricedQuality: r.pricedQuality, size: r.size.description, n: r.n, inputImages: r.inputImages.map(\.description),
      inputFidelity: r.inputFidelity, partialImages: r.partialImages, cachedShare: r.cachedShare?.description,
      date: quote.date.description, requests: quote.requests,
      components: quote.lines.map { line in
        Component(
          kind: line.component.rawValue, quantity: line.quantityPerRequest, unit: line.unit, detail: line.detail, basis: line.basis.rawValue,
          rate: line.rate.map { rate in
            Component.Rate(
              rateUSD: rate.price.normalizedText, rateUnit: rate.price.normalizedUnit, publishedRate: rate.price.publishedText,
              effectiveFrom: rate.effective.from.description, effectiveTo: rate.effective.to?.description, source: rate.source,
              region: rate.regions.isEmpty ? nil : (r.region ?? ""), meter: rate.meter)
          },
          unmetered: line.rate == nil ? line.unmetered.map { Component.Unmetered(assumption: $0.assumption) } : nil,
          costUSD: line.costPerRequest.decimalString, quantityTotal: line.quantityTotal, costTotalUSD: line.costTotal.decimalString)
      },
      perRequestUSD: quote.perRequest.decimalString, totalUSD: quote.total.decimalString, estimate: quote.isEstimate,
      assumptions: quote.assumptions.map(AssumptionField.init), warnings: quote.allWarnings, sources: quote.sources.map(Source.init),
      priceBook: PriceBookField(fingerprint: quote.priceBookFingerprint, asOf: quote.priceBookAsOf, age: quote.priceBookAge))
  }
}

extension QuoteDocument {
  /// The document as imagecost writes it: two-space indentation, keys in schema order, a trailing newline.
  public func renderedJSON() -> String { JSONValueEncoder.encode(self).rendered() }
}
