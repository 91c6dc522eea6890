import CostCore

/// Readers of the price sources `imagecost pricing sync` compares with the book. No I/O: they take bytes.
public enum AzureRetailReader {
  /// One page of the Azure Retail Prices API: `{"BillingCurrency", "CustomerEntityId", "Items": [...],
  /// "NextPageLink", "Count"}`.
  public struct Page: Sendable {
    public let items: [RawJSON]
    public let nextPageLink: String?
  }

  /// Parses one page.
  /// - Throws: ``PriceSyncError`` naming the file and key.
  public static func page(_ bytes: [UInt8], file: String) throws(PriceSyncError) -> Page {
    let root: RawJSON
    do { root = try RawJSONParser.parse(bytes) } catch { throw PriceSyncError(file: file, key: "", "\(error)") }
    guard case .object = root else {
      throw PriceSyncError(file: file, key: "", "expected an Azure Retail Prices page (a JSON object), found \(root.kind)")
    }
    guard let itemsNode = root["Items"] else { throw PriceSyncError(file: file, key: "Items", "the page has no Items list") }
    guard let items = itemsNode.array else { throw PriceSyncError(file: file, key: "Items", "expected a list, found \(itemsNode.kind)") }
    var next: String?
    switch root["NextPageLink"] {
    case nil, .null?: next = nil
    case .string(let link)?: next = link.isEmpty ? nil : link
    case let other?: throw PriceSyncError(file: file, key: "NextPageLink", "expected a URL string or null, found \(other.kind)")
    }
    return Page(items: items, nextPageLink: next)
  }

  /// The unit a Retail Prices `unitOfMeasure` names (`1K`, `1M`, `100`, `1`, optionally followed by words).
  public static func unit(_ text: String) -> PriceUnit? {
    switch text.split(separator: " ").first.map(String.init) ?? "" {
    case "1K": return .perThousandTokens
    case "1M": return .perMillionTokens
    case "100": return .perHundredImages
    case "1": return .perImage
    default: return nil
    }
  }

  /// Maps the items of one page to observations. Items that are not a known model's meter are counted as
  /// skipped; items of a known model that cannot be used are listed as ignored, with why.
  public static func read(_ page: Page, file: String, book: PriceBook) throws(PriceSyncError) -> PriceSyncInput {
    let patterns = book.meterPatterns
    let provider = patterns.provider.isEmpty ? "azure" : patterns.provider
    let perRegionTypes = Set(patterns.deploymentTypes.filter(\.perRegion).map(\.value))
    let perImageModels = Set(book.models.values.filter { $0.pricing == .perImage }.map(\.id))
      .union(patterns.images.map(\.model))
    var exact: [String: RateRow] = [:]
    for row in book.rates where row.provider == provider { if let meter = row.meter, exact[meter] == nil { exact[meter] = row } }

    var input = PriceSyncInput(sources: [.azureRetail])
    for (index, item) in page.items.enumerated() {
      let at = "Items[\(index)]"
      guard case .object = item else { throw PriceSyncError(file: file, key: at, "expected an object, found \(item.kind)") }
      func text(_ key: String, required: Bool = true) throws(PriceSyncError) -> String? {
        switch item[key] {
        case .string(let s)?: return s
        case nil, .null?:
          if required { throw PriceSyncError(file: file, key: "\(at).\(key)", "missing") }
          return nil
        case let other?: throw PriceSyncError(file: file, key: "\(at).\(key)", "expected a string, found \(other.kind)")
        }
      }
      guard let meter = try text("meterName") else { continue }
      let match: MeterPatterns.Match
      if let row = exact[meter] {
        match = MeterPatterns.Match(
          model: row.model, deploymentType: row.deploymentType, perRegion: perRegionTypes.contains(row.deploymentType), component: row.component,
          quality: row.quality, sizes: row.size.map { [$0] } ?? [])
      } else if let found = patterns.match(meterName: meter, perImageModels: perImageModels) {
        match = found
      } else {
        input.skipped += 1
        continue
      }
      if let type = try text("type", required: false), type != "Consumption" {
        input.skipped += 1  // reservations, dev/test prices
        continue
      }
      if let currency = try text("currencyCode", required: false), currency != "USD" {
        throw PriceSyncError(
          file: file, key: "\(at).currencyCode", "prices are in \(currency); imagecost compares USD retail prices (request currencyCode 'USD')")
      }
      let unitText = try text("unitOfMeasure") ?? ""
      guard let unit = unit(unitText) else {
        input.ignored.append(
          SyncIgnoredItem(source: .azureRetail, meter: meter, origin: "\(file): \(at)", reason: "unit '\(unitText)' is not one imagecost reads"))
        continue
      }
      guard unit.isTokens == (match.component != .image) else {
        input.ignored.append(
          SyncIgnoredItem(
            source: .azureRetail, meter: meter, origin: "\(file): \(at)",
            reason: "unit '\(unitText)' does not fit a \(match.component.rawValue) meter"))
        continue
      }
      guard let priceNode = item["retailPrice"] else { throw PriceSyncError(file: file, key: "\(at).retailPrice", "missing") }
      guard case .number(let priceText) = priceNode else {
        throw PriceSyncError(file: file, key: "\(at).retailPrice", "expected a number, found \(priceNode.kind)")
      }
      guard let decimal = ExactDecimal(priceText), !decimal.negative, let nanos = decimal.nanos() else {
        throw PriceSyncError(
          file: file, key: "\(at).retailPrice", "'\(priceText)' is not a price imagecost can hold (zero or more, below $9.2 billion)")
      }
      let dateText = try text("effectiveStartDate") ?? ""
      guard let effective = CivilDate(String(dateText.prefix(10))) else {
        throw PriceSyncError(file: file, key: "\(at).effectiveStartDate", "'\(dateText)' is not a date (YYYY-MM-DD…)")
      }
      let region = try text("armRegionName", required: false).flatMap { $0.isEmpty ? nil : $0 }
      let price = Price(amount: USD(nanos: nanos), unit: unit)
      for size in match.sizes.isEmpty ? [nil] : match.sizes.map(Optional.some) {
        input.observations.append(
          PriceObservation(
            source: .azureRetail, provider: provider, deploymentType: match.deploymentType, perRegion: match.perRegion, region: region,
            model: match.model, component: match.component, quality: match.quality, size: size, price: price, effective: effective,
            meter: meter, origin: "\(file): \(at)"))
      }
    }
    return input
  }
}

/// Reads LiteLLM's `model_prices_and_context_window.json` (a secondary source): per-token costs become
/// exact per-1M-token prices, per-pixel DALL·E costs per-image prices (marked approximate), and
/// `deprecation_date` a lifecycle date.
public enum LiteLLMReader {
  static let tokenFields: [(String, ComponentKind)] = [
    ("input_cost_per_token", .textInput), ("cache_read_input_token_cost", .cachedTextInput),
    ("input_cost_per_image_token", .imageInput), ("cache_read_input_image_token_cost", .cachedImageInput),
    ("output_cost_per_image_token", .imageOutput),
  ]
  static let qualities: Set<String> = ["standard", "hd", "low", "medium", "high", "auto"]

  public static func read(_ bytes: [UInt8], file: String, book: PriceBook) throws(PriceSyncError) -> PriceSyncInput {
    let root: RawJSON
    do { root = try RawJSONParser.parse(bytes) } catch { throw PriceSyncError(file: file, key: "", "\(error)") }
    guard let entries = root.object else {
      throw PriceSyncError(file: file, key: "", "expected LiteLLM's model price map (a JSON object), found \(root.kind)")
    }
    let patternModels = Set(book.meterPatterns.models.map(\.model))
    var input = PriceSyncInput(sources: [.litellm])
    for (key, entry) in entries {
      guard entry.object != nil, key != "sample_spec" else { continue }
      var parts = key.split(separator: "/").map(String.init)
      let declared = entry["litellm_provider"]?.string
      var provider: String
      var deploymentType: String
      if parts.first == "azure" || (parts.count == 1 && declared == "azure") {
        if parts.first == "azure" { parts.removeFirst() }
        provider = "azure"
        deploymentType = "global"  // LiteLLM's Azure entries carry the Global prices
        if parts.count > 1 {
          switch parts[0] {
          case "global", "global-standard": parts.removeFirst()
          case "eu", "us", "datazone":
            deploymentType = "datazone"
            parts.removeFirst()
          default: break
          }
        }
      } else if parts.first == "openai" || declared == "openai" {
        if parts.first == "openai" { parts.removeFirst() }
        provider = "openai"
        deploymentType = "standard"
      } else {
        input.skipped += 1
        continue
      }
      guard let model = parts.last, !model.isEmpty else { continue }
      let mode = entry["mode"]?.string
      guard
        book.models[model] != nil || patternModels.contains(model) || mode == "image_generation" || book.rates.contains(where: { $0.model == model })
      else {
        input.skipped += 1
        continue
      }
      let qualifiers = parts.dropLast()
      let size = qualifiers.lazy.compactMap { ImageSize($0.replacingOccurrences(of: "-x-", with: "x")) }.first
      let quality = qualifiers.first { qualities.contains($0) }
      func decimal(_ field: String) throws(PriceSyncError) -> ExactDecimal? {
        guard let node = entry[field], node != .null else { return nil }
        guard let text = node.numberText, let value = ExactDecimal(text), !value.negative else {
          throw PriceSyncError(
            file: file, key: "\(key).\(field)", "expected a non-negative number, found \(node.numberText.map { "'\($0)'" } ?? node.kind)")
        }
        return value
      }
      func observation(_ component: ComponentKind, _ nanos: Int64?, unit: PriceUnit, field: String, approximate: Bool = false) throws(PriceSyncError)
      {
        guard let nanos else { throw PriceSyncError(file: file, key: "\(key).\(field)", "the price is too large to hold") }
        input.observations.append(
          PriceObservation(
            source: .litellm, provider: provider, deploymentType: deploymentType, model: model, component: component,
            quality: component == .image ? (quality ?? "standard") : nil, size: component == .image ? size : nil,
            price: Price(amount: USD(nanos: nanos), unit: unit), effective: nil, meter: key, origin: "\(file): \(key)", approximate: approximate))
      }
      if let size {
        // Per-image entries: only for per-image models (token models' size entries are derived from tokens).
        guard book.models[model].map({ $0.pricing == .perImage }) ?? true else {
          input.skipped += 1
          continue
        }
        if let perImage = try decimal("output_cost_per_image") {
          try observation(.image, perImage.nanos(), unit: .perImage, field: "output_cost_per_image")
        } else {
          for field in ["input_cost_per_pixel", "output_cost_per_pixel"] {
            guard let perPixel = try decimal(field) else { continue }
            try observation(.image, perPixel.multiplied(by: size.pixels)?.nanos(), unit: .perImage, field: field, approximate: true)
            break
          }
        }
        continue
      }
      for (field, component) in tokenFields {
        if let value = try decimal(field) { try observation(component, value.nanos(shift: 6), unit: .perMillionTokens, field: field) }
      }
      if let value = try decimal("output_cost_per_token") {
        // Image models: text output when image output has its own field, else all output is image output.
        let component: ComponentKind = mode == "image_generation" && entry["output_cost_per_image_token"] == nil ? .imageOutput : .textOutput
        try observation(component, value.nanos(shift: 6), unit: .perMillionTokens, field: "output_cost_per_token")
      }
      if let node = entry["deprecation_date"], node != .null {
        guard let text = node.string, let date = CivilDate(String(text.prefix(10))) else {
          throw PriceSyncError(file: file, key: "\(key).deprecation_date", "expected a date written YYYY-MM-DD")
        }
        input.lifecycle.append(LifecycleObservation(source: .litellm, provider: provider, model: model, date: date, key: key))
      }
    }
    return input
  }
}
