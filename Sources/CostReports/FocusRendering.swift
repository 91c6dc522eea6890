import CostCore

/// A FOCUS-style cost CSV (FinOps Open Cost and Usage Specification columns) of a plan forecast:
/// one row per month × workload × cost component of the plan as written, at list prices.
public enum FocusRenderer {
  public static let columns = [
    "BilledCost", "EffectiveCost", "ListCost", "ListUnitPrice", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd",
    "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeDescription", "ConsumedQuantity", "ConsumedUnit",
    "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceName", "ServiceCategory", "RegionId", "SkuId",
    "SkuPriceId", "Tags", "x_Workload", "x_Model", "x_DeploymentType", "x_Basis", "x_PriceSource", "x_Forecast",
  ]

  public static func render(_ report: PlanReport) -> String {
    var writer = CSVWriter(header: columns)
    let tags = Dictionary(uniqueKeysWithValues: report.plan.workloads.map { ($0.id, $0.tags) })
    let models = Dictionary(uniqueKeysWithValues: report.plan.workloads.map { ($0.id, $0.request.model) })
    for line in report.asPlanned.lines {
      let start = line.month.firstDay.description
      let end = line.month.adding(months: 1).firstDay.description
      let model = models[line.workload] ?? ""
      let tagJSON = JSONValue.object((tags[line.workload] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        .rendered().split(separator: "\n").map { $0.trimmingLeadingSpaces }.joined()
      for priced in line.priced {
        let unit = priced.unit == "images" ? "Images" : "Tokens"
        let pricingUnit = priced.rate.map { $0.price.unit.rawValue } ?? "unmetered"
        let pricingQuantity: String
        if let rate = priced.rate {
          // Quantity in the price's own unit (per 1M, per 1K, per 100 images), exact.
          let digits = String(rate.price.unit.block).count - 1
          pricingQuantity = FixedPoint.format(Int128(priced.quantityTotal), scale: digits, minimumFractionDigits: 0)
        } else {
          pricingQuantity = "0"
        }
        let sku = priced.rate?.meter ?? "\(line.provider)/\(line.deploymentType)/\(model)/\(priced.component.rawValue)"
        let skuPrice = sku + (priced.rate.map { "@\($0.effective.from)" } ?? "")
        writer.append([
          priced.costTotal.decimalString, priced.costTotal.decimalString, priced.costTotal.decimalString,
          priced.rate?.price.amount.decimalString ?? "0", "USD", start, end, start, end, "Usage",
          "\(model) \(priced.component.label) (\(line.workload))", String(priced.quantityTotal), unit, pricingQuantity, pricingUnit,
          line.provider == "azure" ? "Microsoft" : "OpenAI", line.provider == "azure" ? "Microsoft" : "OpenAI",
          line.provider == "azure" ? "Azure OpenAI" : "OpenAI API", "AI and Machine Learning", line.region ?? "", sku, skuPrice,
          tagJSON, line.workload, model, line.deploymentType, priced.basis.rawValue, priced.rate?.source ?? priced.unmetered?.assumption ?? "",
          "true",
        ])
      }
    }
    return writer.text
  }
}

extension Substring {
  fileprivate var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
