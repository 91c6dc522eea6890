import CostCore

/// Who a FOCUS row is billed to: a plan or a log has no billing account of its own, so the id is the one the
/// user names (`--billing-account`), else the literal `unassigned` (FOCUS allows no null BillingAccountId).
public struct FocusAccount: Hashable, Sendable {
  public var id: String
  public var name: String?

  public init(id: String? = nil, name: String? = nil) {
    self.id = id ?? "unassigned"
    self.name = name
  }
}

/// A FOCUS 1.2 cost-and-usage CSV (FinOps Open Cost and Usage Specification) with the FOCUS 1.3 provider
/// columns (ServiceProviderName, HostProviderName): one row per charge period × group × cost component.
/// `plan` rows are a forecast (month by month, at list prices); `replay` and `report` rows are the priced
/// log (day by day). Unpriced requests have no row (FOCUS costs cannot be null) and are counted in
/// `x_UnpricedRequests` of their group and in the command's warning, never written as $0.
public enum FocusRenderer {
  public static let columns = [
    "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice", "BillingCurrency",
    "BillingAccountId", "BillingAccountName", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
    "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "PricingCategory",
    "PricingQuantity", "PricingUnit", "InvoiceId", "InvoiceIssuerName", "ProviderName", "PublisherName", "ServiceProviderName",
    "HostProviderName", "ServiceName", "ServiceCategory", "ServiceSubcategory", "RegionId", "RegionName", "SkuId", "SkuMeter",
    "SkuPriceId", "Tags", "x_Workload", "x_Model", "x_DeploymentType", "x_Quality", "x_Size", "x_Operation", "x_Basis", "x_Requests",
    "x_UnpricedRequests", "x_PriceSource", "x_Forecast",
  ]

  /// One cost component of one group in one charge period, before it is written.
  struct Row {
    var periodStart: CivilDate
    var periodEnd: CivilDate
    var provider: String
    var deploymentType: String
    var region: String?
    var model: String
    var quality: String
    var size: String
    var operation: String
    var component: ComponentKind
    /// Tokens or images consumed.
    var quantity: Int64
    var cost: USD
    var rate: RateRow?
    var unmetered: UnmeteredComponent?
    var description: String
    var tags: [String: String]
    var workload: String?
    var basis: String
    var requests: Int64
    var unpricedRequests: Int64
    var forecast: Bool
  }

  /// The plan as written, month × workload × component, at list prices.
  public static func render(_ report: PlanReport, account: FocusAccount = FocusAccount()) -> String {
    let workloads = Dictionary(uniqueKeysWithValues: report.plan.workloads.map { ($0.id, $0) })
    var rows: [Row] = []
    for line in report.asPlanned.lines {
      let request = workloads[line.workload]?.request
      let model = line.model.isEmpty ? request?.model ?? "" : line.model
      for priced in line.priced {
        rows.append(
          Row(
            periodStart: line.month.firstDay, periodEnd: line.month.dayAfter, provider: line.provider,
            deploymentType: line.deploymentType, region: line.region, model: model, quality: request?.quality ?? "",
            size: request?.size?.description ?? "", operation: request?.operation.rawValue ?? "", component: priced.component,
            quantity: priced.quantityTotal, cost: priced.costTotal, rate: priced.rate, unmetered: priced.unmetered,
            description: "\(model) \(priced.component.label) (\(line.workload)), forecast", tags: workloads[line.workload]?.tags ?? [:],
            workload: line.workload, basis: priced.basis.rawValue, requests: line.requests + line.billedRetries, unpricedRequests: 0,
            forecast: true))
      }
    }
    return write(rows, account: account)
  }

  /// The replay (or ledger) report's groups, day × provider × deployment type × region × model × quality × size ×
  /// operation (× any `tag:KEY` dimension), one row per priced component. Each group's rate is looked up in
  /// `book` at the group's day (or the report's price date) for the unit price, SKU and meter.
  /// - Returns: the CSV and one sentence per group whose rate could not be found again (its unit price is left empty).
  public static func render(_ report: ReplayReport, book: PriceBook, account: FocusAccount = FocusAccount()) -> (csv: String, problems: [String]) {
    let index = Dictionary(report.dimensions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    func value(_ key: [String], _ name: String) -> String? {
      guard let i = index[name], i < key.count, key[i] != "default" else { return nil }
      return key[i]
    }
    let pricer = Pricer(book: book)
    var rows: [Row] = []
    var problems: [String] = []
    var resolutions: [[String]: (ResolvedRequest, ModelSpec, [QuoteError])?] = [:]
    for group in report.groups {
      guard let dayText = value(group.key, "day"), let day = CivilDate(dayText), let model = value(group.key, "model") else { continue }
      let totals = group.totals
      let priced = (totals.byBasis[.priced] ?? 0) + (totals.byBasis[.estimated] ?? 0)
      guard priced > 0 else { continue }
      let request = ImageRequest(
        model: model, provider: value(group.key, "provider"), deploymentType: value(group.key, "deployment_type"),
        region: value(group.key, "region"), operation: value(group.key, "operation").flatMap(ImageOperation.init(rawValue:)) ?? .generate,
        quality: value(group.key, "quality"), size: value(group.key, "size").flatMap(ImageSize.init))
      // Groups of one shape differ only by day: resolve each shape once.
      let shapeKey = group.key.enumerated().filter { $0.offset != index["day"] }.map(\.element)
      let resolved: (ResolvedRequest, ModelSpec, [QuoteError])?
      if let hit = resolutions[shapeKey] {
        resolved = hit
      } else {
        resolved = try? pricer.resolveLogged(request)
        resolutions[shapeKey] = resolved
      }
      let tags = Dictionary(
        report.dimensions.enumerated().compactMap { i, name -> (String, String)? in
          guard name.hasPrefix("tag:"), i < group.key.count, group.key[i] != "(none)" else { return nil }
          return (String(name.dropFirst(4)), group.key[i])
        }, uniquingKeysWith: { first, _ in first })
      let basis =
        totals.byBasis[.estimated] == nil ? "usage" : (totals.byBasis[.priced] == nil ? "estimate" : "usage+estimate")
      for component in ComponentKind.allCases {
        guard let cost = totals.components[component] else { continue }
        let quantity = totals.tokens[component] ?? 0
        var rate: RateRow?
        var unmetered: UnmeteredComponent?
        if let (r, spec, _) = resolved {
          let perImage = component == .image
          switch try? book.rate(
            provider: r.provider, deploymentType: r.deploymentType, region: r.region, model: spec.id, component: component,
            quality: perImage ? r.pricedQuality : nil, size: perImage ? r.size : nil, date: report.priceDate ?? day)
          {
          case .rate(let row): rate = row
          case .unmetered(let row): unmetered = row
          case nil:
            // No region known (the ledger keeps none in its report keys): the regional rate whose price the cost shows.
            if r.region == nil {
              rate = regionalRate(
                book, provider: r.provider, deploymentType: r.deploymentType, model: spec.id, component: component,
                quality: perImage ? r.pricedQuality : nil, size: perImage ? r.size : nil, date: report.priceDate ?? day, quantity: quantity,
                cost: cost)
            }
          }
        }
        if rate == nil, unmetered == nil {
          problems.append("The \(component.label) rate of \(model) on \(dayText) (\(group.key.joined(separator: ", "))) could not be found again.")
        }
        let label = "\(model) \(component.label)"
        rows.append(
          Row(
            periodStart: day, periodEnd: day.adding(days: 1), provider: resolved?.0.provider ?? request.provider ?? "",
            deploymentType: resolved?.0.deploymentType ?? request.deploymentType ?? "", region: request.region,
            model: resolved?.1.id ?? model, quality: value(group.key, "quality") ?? "", size: value(group.key, "size") ?? "",
            operation: request.operation.rawValue, component: component, quantity: quantity, cost: cost, rate: rate, unmetered: unmetered,
            description: label, tags: tags, workload: nil, basis: basis, requests: totals.requests, unpricedRequests: totals.unpricedRequests,
            forecast: false))
      }
    }
    return (write(rows, account: account), problems)
  }

  /// The regional rate of a component whose region is not known: the one price every region has on `date`, else the
  /// one price whose cost of `quantity` is exactly `cost` (per-image prices, whose costs are not rounded); nil when
  /// that does not tell one price.
  static func regionalRate(
    _ book: PriceBook, provider: String, deploymentType: String, model: String, component: ComponentKind, quality: String?, size: ImageSize?,
    date: CivilDate, quantity: Int64, cost: USD
  ) -> RateRow? {
    let rows = book.rates.filter {
      $0.provider == provider && $0.deploymentType == deploymentType && $0.model == model && $0.component == component
        && (quality == nil || $0.quality == quality) && (size == nil || $0.size == size) && $0.effective.contains(date) && !$0.regions.isEmpty
    }
    let matching = Set(rows.map(\.price)).count == 1 ? rows : rows.filter { $0.price.cost(of: quantity) == cost }
    guard let first = matching.first, matching.allSatisfy({ $0.price == first.price }) else { return nil }
    return first
  }

  /// The company behind a provider id of the price book, for ProviderName, PublisherName and InvoiceIssuerName.
  static func company(_ provider: String) -> String {
    switch provider {
    case "azure": return "Microsoft"
    case "openai": return "OpenAI"
    default: return provider
    }
  }

  /// The service a provider id sells the models as.
  static func service(_ provider: String) -> String {
    switch provider {
    case "azure": return "Azure OpenAI"
    case "openai": return "OpenAI API"
    default: return provider
    }
  }

  /// FOCUS's Unit Format for a price unit: `1000000 Tokens`, `1000 Tokens`, `Images`, `100 Images`.
  static func pricingUnit(_ unit: PriceUnit) -> String {
    switch unit {
    case .perMillionTokens: return "1000000 Tokens"
    case .perThousandTokens: return "1000 Tokens"
    case .perImage: return "Images"
    case .perHundredImages: return "100 Images"
    }
  }

  /// A date as FOCUS's date/time: `2026-12-01T00:00:00Z` (UTC, midnight).
  static func dateTime(_ day: CivilDate) -> String { "\(day)T00:00:00Z" }

  static func write(_ rows: [Row], account: FocusAccount) -> String {
    var writer = CSVWriter(header: columns)
    for row in rows {
      let isImage = row.component == .image
      let consumedUnit = isImage ? "Images" : "Tokens"
      let sku =
        [row.provider, row.deploymentType, row.model, row.component.rawValue] + (isImage ? [row.quality, row.size].filter { !$0.isEmpty } : [])
      let skuId = sku.joined(separator: "/")
      let unitPrice: String
      let pricingQuantity: String
      let pricingUnit: String
      let skuPriceId: String
      let skuMeter: String
      let source: String
      if let rate = row.rate {
        unitPrice = rate.price.amount.decimalString
        // The quantity in the price's own unit (per 1M, per 1K, per 100 images), exact.
        let digits = String(rate.price.unit.block).count - 1
        pricingQuantity = FixedPoint.format(Int128(row.quantity), scale: digits, minimumFractionDigits: 0)
        pricingUnit = FocusRenderer.pricingUnit(rate.price.unit)
        skuPriceId = skuId + "@" + rate.effective.from.description + (rate.regions.isEmpty || row.region == nil ? "" : "#" + row.region!)
        skuMeter = rate.meter ?? row.component.label.capitalizedFirst
        source = rate.source
      } else if let unmetered = row.unmetered {
        // Not billed by a named assumption: a zero list price per consumed unit.
        unitPrice = "0"
        pricingQuantity = String(row.quantity)
        pricingUnit = consumedUnit
        skuPriceId = skuId + "@" + unmetered.effective.from.description
        skuMeter = row.component.label.capitalizedFirst + " (not metered)"
        source = unmetered.assumption
      } else {
        unitPrice = ""
        pricingQuantity = String(row.quantity)
        pricingUnit = consumedUnit
        skuPriceId = ""
        skuMeter = row.component.label.capitalizedFirst
        source = ""
      }
      let month = YearMonth(containing: row.periodStart)
      let tagJSON = JSONValue.object(row.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        .rendered().split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
      let cost = row.cost.decimalString
      let company = FocusRenderer.company(row.provider)
      writer.append([
        cost, cost, cost, cost, unitPrice, unitPrice, "USD", account.id, account.name ?? "", dateTime(month.firstDay),
        dateTime(month.dayAfter), dateTime(row.periodStart), dateTime(row.periodEnd), "Usage", "", row.description,
        "Usage-Based", String(row.quantity), consumedUnit, "Standard", pricingQuantity, pricingUnit, "", company, company, company,
        company, company, service(row.provider), "AI and Machine Learning", "Generative AI", row.region ?? "", row.region ?? "", skuId,
        skuMeter, skuPriceId, tagJSON, row.workload ?? "", row.model, row.deploymentType, row.quality, row.size, row.operation, row.basis,
        String(row.requests), String(row.unpricedRequests), source, row.forecast ? "true" : "false",
      ])
    }
    return writer.text
  }
}
