import CostCore

/// The JSON form of a ``ReplayReport`` (schema `imagecost.replay/1`), written by `replay` and `report`: its
/// encoding is the JSON, so the schema is stated here only. Amounts are exact decimal strings in USD; a cost that
/// is unknown (every request UNPRICED) is `null`, never 0.
public struct ReplayDocument: Codable, Sendable {
  public static let schemaID = "imagecost.replay/1"

  var schema = ReplayDocument.schemaID
  /// What the report is of, its period and sources: present for `report` (the ledger), absent for `replay`.
  var title: String?
  var period: Nullable<String>?
  var sources: [String]?
  var by: [String]
  @Nullable var priceDate: String?
  @Nullable var totalUSD: String?
  var totals: Totals
  var groups: [Totals]
  var whatIf: [WhatIfField]
  @Nullable var burnDown: BurnDownField?
  var unpriced: [UnpricedField]
  var pricedFromUsageDespiteCapabilities: [DisagreementField]
  var linesRead: Int64
  var skippedLines: Int64
  var duplicateIDs: Int64
  var assumptions: [AssumptionField]
  var warnings: [String]
  var priceBook: PriceBookField

  enum CodingKeys: String, CodingKey {
    case schema, title, period, sources, by
    case priceDate = "price_date"
    case totalUSD = "total_usd"
    case totals, groups
    case whatIf = "what_if"
    case burnDown = "burn_down"
    case unpriced
    case pricedFromUsageDespiteCapabilities = "priced_from_usage_despite_capabilities"
    case linesRead = "lines_read"
    case skippedLines = "skipped_lines"
    case duplicateIDs = "duplicate_ids"
    case assumptions, warnings
    case priceBook = "price_book"
  }

  /// The totals of the whole report or of one group (then with its `key` first).
  struct Totals: Codable, Sendable {
    var key: OrderedFields<String>?
    var requests: Int64
    var images: Int64
    @Nullable var costUSD: String?
    var unpricedRequests: Int64
    var unpricedImages: Int64
    var pricedDespiteCapabilities: Int64
    var coverage: OrderedFields<Int64>
    var componentsUSD: OrderedFields<String>
    var tokens: OrderedFields<Int64>

    enum CodingKeys: String, CodingKey {
      case key, requests, images
      case costUSD = "cost_usd"
      case unpricedRequests = "unpriced_requests"
      case unpricedImages = "unpriced_images"
      case pricedDespiteCapabilities = "priced_despite_capabilities"
      case coverage
      case componentsUSD = "components_usd"
      case tokens
    }

    init(_ t: ReplayTotals, key: OrderedFields<String>? = nil) {
      self.key = key
      requests = t.requests
      images = t.images
      costUSD = ReplayRenderer.costValue(t)
      unpricedRequests = t.unpricedRequests
      unpricedImages = t.unpricedImages
      pricedDespiteCapabilities = t.disagreements.values.reduce(0, +)
      coverage = OrderedFields(ReplayBasis.allCases.map { ($0.rawValue, t.byBasis[$0] ?? 0) })
      componentsUSD = OrderedFields(ComponentKind.allCases.compactMap { k in t.components[k].map { (k.rawValue, $0.decimalString) } })
      tokens = OrderedFields(ComponentKind.allCases.compactMap { k in t.tokens[k].map { (k.rawValue, $0) } })
    }
  }

  struct WhatIfField: Codable, Sendable {
    var scenario: String
    var repricedRequests: Int64
    @Nullable var asLoggedUSD: String?
    @Nullable var whatIfUSD: String?
    @Nullable var savingsUSD: String?
    var infeasible: [Infeasible]

    struct Infeasible: Codable, Sendable {
      var reason: String
      var requests: Int64
    }

    enum CodingKeys: String, CodingKey {
      case scenario
      case repricedRequests = "repriced_requests"
      case asLoggedUSD = "as_logged_usd"
      case whatIfUSD = "what_if_usd"
      case savingsUSD = "savings_usd"
      case infeasible
    }
  }

  struct BurnDownField: Codable, Sendable {
    var month: String
    var budgetUSD: String
    var spentUSD: String
    var through: String
    var runRatePerDayUSD: String
    var projectedUSD: String
    @Nullable var crossing: String?
    var crossed: Bool

    enum CodingKeys: String, CodingKey {
      case month
      case budgetUSD = "budget_usd"
      case spentUSD = "spent_usd"
      case through
      case runRatePerDayUSD = "run_rate_per_day_usd"
      case projectedUSD = "projected_usd"
      case crossing, crossed
    }
  }

  struct UnpricedField: Codable, Sendable {
    var reason: String
    var requests: Int64
    var images: Int64
  }

  struct DisagreementField: Codable, Sendable {
    var records: Int64
    var what: String
    var text: String
  }

  public init(_ report: ReplayReport) {
    if let title = report.title {
      self.title = title
      period = Nullable(wrappedValue: report.period)
      sources = report.sources
    }
    by = report.dimensions
    priceDate = report.priceDate?.description
    totalUSD = ReplayRenderer.costValue(report.totals)
    totals = Totals(report.totals)
    groups = report.groups.map { g in Totals(g.totals, key: OrderedFields(Array(zip(report.dimensions, g.key)))) }
    whatIf = report.whatIfs.map { w in
      let unpriced = ReplayRenderer.whatIfUnpriced(w)
      return WhatIfField(
        scenario: w.scenario, repricedRequests: w.repriced, asLoggedUSD: unpriced ? nil : w.asLogged.decimalString,
        whatIfUSD: unpriced ? nil : w.cost.decimalString, savingsUSD: unpriced ? nil : w.savings.decimalString,
        infeasible: w.infeasible.keys.sorted().map { WhatIfField.Infeasible(reason: $0, requests: w.infeasible[$0]!) })
    }
    burnDown = report.burnDown.map { b in
      BurnDownField(
        month: b.month.description, budgetUSD: b.budget.decimalString, spentUSD: b.spent.decimalString, through: b.throughDay.description,
        runRatePerDayUSD: b.runRatePerDay.decimalString, projectedUSD: b.projected.decimalString, crossing: b.crossing?.description,
        crossed: b.crossed)
    }
    unpriced = report.unpriced.map { UnpricedField(reason: $0.reason, requests: $0.requests, images: $0.images) }
    pricedFromUsageDespiteCapabilities = report.totals.disagreementList.map {
      DisagreementField(records: $0.records, what: $0.text, text: $0.sentence)
    }
    linesRead = report.linesRead
    skippedLines = report.skipped
    duplicateIDs = report.duplicates
    assumptions = report.assumptions.map(AssumptionField.init)
    warnings = report.warnings
    priceBook = PriceBookField(fingerprint: report.priceBookFingerprint, asOf: report.priceBookAsOf, age: report.priceBookAge)
  }

  /// The document as JSON text.
  public func renderedJSON() -> String { JSONValueEncoder.encode(self).rendered() }
}
