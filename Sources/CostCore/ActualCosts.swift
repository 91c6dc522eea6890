/// One line of a provider's actual-cost export (OpenAI Costs API, Azure Cost Management).
public struct ActualCostLine: Hashable, Sendable {
  public let date: CivilDate
  /// The provider's line item or meter name, as billed.
  public let item: String
  /// The image model the item belongs to, when the price book's meter patterns tell it from the name.
  public let model: String?
  /// Amount in nano-units of ``currency`` (negative for credits).
  public let amountNanos: Int64
  /// Billing currency code, upper case (`USD`, `EUR`, …): kept as billed, never converted.
  public let currency: String
  public let quantity: String?
  public let unit: String?

  public init(date: CivilDate, item: String, model: String?, amountNanos: Int64, currency: String, quantity: String?, unit: String?) {
    self.date = date
    self.item = item
    self.model = model
    self.amountNanos = amountNanos
    self.currency = currency
    self.quantity = quantity
    self.unit = unit
  }
}

/// Actual costs aggregated by a key, per billing currency.
public struct ActualCostReport: Hashable, Sendable {
  public struct Group: Hashable, Sendable {
    public let key: [String]
    public var lines: Int64
    /// Amount per currency code, in nano-units.
    public var amounts: [String: Int64]
  }

  public let source: String
  public let dimensions: [String]
  public var groups: [Group]
  public var totals: [String: Int64]
  public var lines: Int64
  /// Items whose model could not be told from the name (still counted in the totals).
  public var unmatchedItems: [String: Int64]
  /// True when a sum went beyond 64-bit nano-units: the commands stop with an error instead of a wrong total.
  public var overflowed = false

  /// Aggregates `lines` by `dimensions` (`day`, `month`, `model`, `item`).
  public static func aggregate(_ lines: [ActualCostLine], source: String, dimensions: [String]) -> ActualCostReport {
    var groups: [[String]: Group] = [:]
    var totals: [String: Int64] = [:]
    var unmatched: [String: Int64] = [:]
    var overflowed = false
    for line in lines {
      let key = dimensions.map { d -> String in
        switch d {
        case "day": return line.date.description
        case "month": return String(line.date.description.prefix(7))
        case "model": return line.model ?? "(not an image model)"
        default: return line.item
        }
      }
      groups[key, default: Group(key: key, lines: 0, amounts: [:])].lines += 1
      let (groupSum, groupOverflow) = (groups[key]!.amounts[line.currency] ?? 0).addingReportingOverflow(line.amountNanos)
      groups[key]!.amounts[line.currency] = groupSum
      let (totalSum, totalOverflow) = (totals[line.currency] ?? 0).addingReportingOverflow(line.amountNanos)
      totals[line.currency] = totalSum
      if groupOverflow || totalOverflow { overflowed = true }
      if line.model == nil { unmatched[line.item, default: 0] += 1 }
    }
    return ActualCostReport(
      source: source, dimensions: dimensions, groups: groups.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }, totals: totals,
      lines: Int64(lines.count), unmatchedItems: unmatched, overflowed: overflowed)
  }
}

/// One result of OpenAI's Usage API images export: counts only, no quality and no tokens.
public struct ImageUsageCount: Hashable, Sendable {
  public let date: CivilDate
  public let model: String?
  public let size: String?
  public let source: String?
  public let images: Int64
  public let requests: Int64

  public init(date: CivilDate, model: String?, size: String?, source: String?, images: Int64, requests: Int64) {
    self.date = date
    self.model = model
    self.size = size
    self.source = source
    self.images = images
    self.requests = requests
  }
}

/// Image counts priced as a range over what the export leaves open (quality; size when absent or
/// not a size the model has): the cheapest and the dearest possibility, each exact.
public struct UsageRangeReport: Hashable, Sendable {
  public struct Row: Hashable, Sendable {
    public let key: [String]
    public var images: Int64
    public var requests: Int64
    public var low: USD
    public var high: USD
    /// Images that could not be priced (unknown model, no rate), with the reason.
    public var unpriced: Int64
    public var reasons: [String]
  }

  public var rows: [Row]
  public var low: USD
  public var high: USD
  public var images: Int64
  public var unpriced: Int64
  public let assumptions: [Assumption]
  /// True when a sum went beyond 64-bit nano-dollars: the commands stop with an error instead of a wrong total.
  public var overflowed = false

  /// Prices counts on `provider`'s default deployment type at each day's rates.
  public static func price(_ counts: [ImageUsageCount], book: PriceBook, provider: String = "openai", by dimensions: [String]) -> UsageRangeReport {
    let pricer = Pricer(book: book)
    var rows: [[String]: Row] = [:]
    var assumptionIDs: [String] = []
    var overflowed = false
    for count in counts {
      let key = dimensions.map { d -> String in
        switch d {
        case "day": return count.date.description
        case "month": return String(count.date.description.prefix(7))
        case "size": return count.size ?? "(any)"
        default: return count.model ?? "(any)"
        }
      }
      var row = rows[key] ?? Row(key: key, images: 0, requests: 0, low: .zero, high: .zero, unpriced: 0, reasons: [])
      row.images += count.images
      row.requests += count.requests
      var low: USD?
      var high: USD?
      var reason: String?
      if let modelID = count.model, let model = book.model(named: modelID) {
        let sizes: [ImageSize?] = {
          if let text = count.size, let size = ImageSize(text), model.capabilities.sizeFormula != nil || model.capabilities.sizes.contains(size) {
            return [size]
          }
          return model.capabilities.sizeFormula != nil ? [model.capabilities.defaultSize] : model.capabilities.sizes.map { $0 }
        }()
        for quality in model.capabilities.qualities {
          for size in sizes {
            let request = ImageRequest(
              model: modelID, provider: provider, operation: count.source == "image.edit" && model.pricing == .perImage ? .edit : .generate,
              quality: quality, size: size)
            do {
              let quote = try pricer.quote(request, requests: max(1, count.images), date: count.date)
              assumptionIDs += quote.assumptions.map(\.id)
              low = min(low ?? quote.total, quote.total)
              high = max(high ?? quote.total, quote.total)
            } catch {
              reason = "\(error)"
            }
          }
        }
      } else {
        reason = count.model.map { "unknown model '\($0)'" } ?? "no model in the export (group by model)"
      }
      if let low, let high, count.images > 0 {
        let (l, o1) = row.low.nanos.addingReportingOverflow(low.nanos)
        let (h, o2) = row.high.nanos.addingReportingOverflow(high.nanos)
        (row.low, row.high) = (USD(nanos: l), USD(nanos: h))
        if o1 || o2 { overflowed = true }
      } else if count.images > 0 {
        row.unpriced += count.images
        if let reason, !row.reasons.contains(reason) { row.reasons.append(reason) }
      }
      rows[key] = row
    }
    let sorted = rows.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    var seen = Set<String>()
    func sum(_ values: [Int64]) -> Int64 {
      values.reduce(Int64(0)) { total, value in
        let (next, overflow) = total.addingReportingOverflow(value)
        if overflow { overflowed = true }
        return next
      }
    }
    return UsageRangeReport(
      rows: sorted, low: USD(nanos: sum(sorted.map(\.low.nanos))), high: USD(nanos: sum(sorted.map(\.high.nanos))),
      images: sum(sorted.map(\.images)), unpriced: sum(sorted.map(\.unpriced)),
      assumptions: (["usage-export-quality-range"] + assumptionIDs).filter { seen.insert($0).inserted }.compactMap { book.assumptions[$0] },
      overflowed: overflowed)
  }
}
