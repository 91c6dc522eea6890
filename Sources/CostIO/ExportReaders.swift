import CostCore
import Foundation

/// Which kind of usage or cost file an input is.
public enum InputSource: String, CaseIterable, Sendable {
  case requestLog = "request-log"
  case openAICosts = "openai-costs"
  case azureExport = "azure-export"
  case openAIUsageImages = "openai-usage-images"
  /// Any CSV read through `--map`.
  case csv

  /// Detects the kind from the first bytes: an OpenAI Costs API page, an Azure Cost Management CSV
  /// header, or otherwise imagecost's request-log JSONL.
  public static func detect(_ prefix: String) -> InputSource {
    let head = prefix.prefix(4096)
    if head.contains("\"organization.costs.result\"") { return .openAICosts }
    if head.contains("\"organization.usage.images.result\"") { return .openAIUsageImages }
    let firstLine =
      head.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init)?.lowercased()
      ?? ""
    if firstLine.contains("metername") || firstLine.contains("billedcost")
      || firstLine.contains("costinbillingcurrency")
    {
      return .azureExport
    }
    return .requestLog
  }
}

/// An export that cannot be read: file, line (or JSON path) and what is wrong.
public struct ExportError: Error, CustomStringConvertible, Sendable {
  public let file: String
  public let location: String
  public let message: String
  public var description: String { "\(file):\(location): \(message)" }
}

/// Readers of provider exports into ``ActualCostLine``s (actual amounts, kept in the billed currency).
public enum ExportReaders {
  /// An exact amount from JSON number or decimal text, in nano-units (up to 9 decimals; exponents allowed);
  /// nil when it is not a number or does not fit 64-bit nano-units.
  public static func nanos(_ text: String) -> Int64? {
    if case .success(let value) = amount(text) { return value }
    return nil
  }

  /// Why an amount cannot be read.
  public enum AmountProblem: Error, Equatable, Sendable {
    /// Not a decimal number.
    case malformed
    /// A number beyond ``PlausibilityBounds/exportAmountNanos``.
    case implausible
  }

  /// An export amount in nano-units, or why it cannot be one: not a number, or beyond the plausibility bound
  /// (`1e308`). Amounts smaller than a nano-unit (`1e-320`) round half-even to 0. Never traps, whatever the text.
  public static func amount(_ text: String) -> Result<Int64, AmountProblem> {
    var t = text.trimmingCharacters(in: .whitespaces)
    var negative = false
    if t.hasPrefix("-") {
      negative = true
      t.removeFirst()
    }
    var exponent = 0
    if let e = t.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      // Any exponent beyond ±400 is settled below without its exact value (a zero, or an implausible amount).
      var digits = t[t.index(after: e)...]
      let negativeExponent = digits.first == "-"
      if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
      guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return .failure(.malformed) }
      let significant = digits.drop { $0 == "0" }
      let magnitude = significant.count > 4 ? 400 : min(400, Int(significant) ?? 0)
      exponent = negativeExponent ? -magnitude : magnitude
      t = String(t[..<e])
    }
    guard let decimal = DecimalText(t) else { return .failure(.malformed) }
    let scale = decimal.scale - exponent
    var value = decimal.significand
    if value == 0 { return .success(0) }
    if scale > 9 {
      // More precision than a nano-unit: round half-even (a significand has at most 39 digits, so a divisor
      // beyond 10^39 leaves 0).
      guard scale - 9 <= 38 else { return .success(0) }
      var divisor: Int128 = 1
      for _ in 0..<(scale - 9) { divisor *= 10 }
      value = FixedPoint.divide(value, by: divisor, rounding: .halfEven)
    } else {
      for _ in 0..<(9 - scale) {
        let (product, overflow) = value.multipliedReportingOverflow(by: 10)
        guard !overflow, product <= Int128(PlausibilityBounds.exportAmountNanos) else { return .failure(.implausible) }
        value = product
      }
    }
    guard value <= Int128(PlausibilityBounds.exportAmountNanos) else { return .failure(.implausible) }
    return .success(negative ? -Int64(value) : Int64(value))
  }

  /// The error for an amount that cannot be read, at `location` of `file`.
  static func amountError(_ problem: AmountProblem, _ text: String, what: String, file: String, location: String) -> ExportError {
    switch problem {
    case .malformed:
      return ExportError(file: file, location: location, message: "\(what) '\(text)' is not a decimal amount")
    case .implausible:
      return ExportError(
        file: file, location: location,
        message:
          "\(what) \(text) is beyond the plausible maximum of \(FixedPoint.grouped(PlausibilityBounds.exportAmountNanos / 1_000_000_000)) per line")
    }
  }

  /// A bucket's `start_time` (unix seconds) as a day, within 1970…9999.
  static func startDay(_ bucket: [String: Any], file: String, location: String) throws -> CivilDate {
    guard let number = bucket["start_time"] as? NSNumber else {
      throw ExportError(file: file, location: location, message: "missing bucket start_time (unix seconds)")
    }
    let start = number.int64Value
    guard number.stringValue == String(start), start >= 0, start <= PlausibilityBounds.latestUnixSeconds else {
      throw ExportError(file: file, location: location, message: "start_time \(number) is not unix seconds between 1970 and 9999")
    }
    return CivilDate(daysSinceEpoch: Int(start / 86_400))
  }

  /// The `data` bucket lists of OpenAI admin API pages: one JSON document (a page or a list of pages),
  /// or one page per line.
  static func bucketLists(_ text: String, file: String, api: String) throws -> [[[String: Any]]] {
    var objects: [Any] = []
    if let whole = try? JSONSerialization.jsonObject(with: Data(text.utf8)) {
      objects = [whole]
    } else {
      for (index, line) in text.split(separator: "\n").enumerated()
      where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
          throw ExportError(
            file: file, location: "\(index + 1)",
            message: "not valid JSON (expected a \(api) API page)")
        }
        objects.append(object)
      }
    }
    return try objects.flatMap { object in
      try ((object as? [[String: Any]]) ?? [(object as? [String: Any]) ?? [:]]).map { page in
        guard let buckets = page["data"] as? [[String: Any]] else {
          throw ExportError(
            file: file, location: "data",
            message: "a \(api) API page needs a 'data' list of buckets")
        }
        return buckets
      }
    }
  }

  /// OpenAI `GET /v1/organization/costs` pages (one page object, or several, one per line); a line item's image
  /// model is told by the book's meter patterns (``PriceBook/exportPatterns``).
  public static func openAICosts(_ text: String, file: String, book: PriceBook) throws -> [ActualCostLine] {
    let patterns = book.exportPatterns
    var lines: [ActualCostLine] = []
    for buckets in try bucketLists(text, file: file, api: "Costs") {
      for (b, bucket) in buckets.enumerated() {
        let date = try startDay(bucket, file: file, location: "data[\(b)].start_time")
        for (r, result) in ((bucket["results"] as? [[String: Any]]) ?? []).enumerated() {
          let location = "data[\(b)].results[\(r)].amount.value"
          guard let amount = result["amount"] as? [String: Any], let value = amount["value"] as? NSNumber else {
            throw ExportError(file: file, location: location, message: "missing or malformed amount")
          }
          let nanos: Int64
          switch self.amount(value.description) {
          case .success(let v): nanos = v
          case .failure(let problem): throw amountError(problem, value.description, what: "amount", file: file, location: location)
          }
          let item = (result["line_item"] as? String) ?? "(all line items)"
          lines.append(
            ActualCostLine(
              date: date, item: item, model: patterns.exportModel(of: item), amountNanos: nanos,
              currency: ((amount["currency"] as? String) ?? "usd").uppercased(),
              quantity: (result["quantity"] as? NSNumber)?.description,
              unit: result["quantity_unit"] as? String))
        }
      }
    }
    return lines
  }

  /// OpenAI `GET /v1/organization/usage/images` pages: image and request counts by bucket.
  public static func openAIUsageImages(_ text: String, file: String) throws -> [ImageUsageCount] {
    var counts: [ImageUsageCount] = []
    for buckets in try bucketLists(text, file: file, api: "Usage") {
      for (b, bucket) in buckets.enumerated() {
        let date = try startDay(bucket, file: file, location: "data[\(b)].start_time")
        for (r, result) in ((bucket["results"] as? [[String: Any]]) ?? []).enumerated() {
          func count(_ key: String, required: Bool) throws -> Int64 {
            let location = "data[\(b)].results[\(r)].\(key)"
            guard let number = result[key] as? NSNumber else {
              if required { throw ExportError(file: file, location: location, message: "missing or negative image count") }
              return 0
            }
            let value = number.int64Value
            guard number.stringValue == String(value), value >= 0 else {
              throw ExportError(file: file, location: location, message: "\(key) \(number) is not a non-negative whole number")
            }
            if let text = PlausibilityBounds.excess(key, value, max: PlausibilityBounds.exportImagesPerLine, unit: "per bucket") {
              throw ExportError(file: file, location: location, message: text)
            }
            return value
          }
          counts.append(
            ImageUsageCount(
              date: date, model: result["model"] as? String, size: result["size"] as? String,
              source: result["source"] as? String, images: try count("images", required: true),
              requests: try count("num_model_requests", required: false)))
        }
      }
    }
    return counts
  }

  /// Azure Cost Management exports: classic usage details (EA, MCA, PAYG column names) or FOCUS; a meter's image
  /// model is told by the book's meter patterns (``PriceBook/exportPatterns``).
  public static func azureExport(_ text: String, file: String, book: PriceBook) throws -> [ActualCostLine] {
    let records: [(line: Int, fields: [String])]
    do {
      records = try CSVReader.records(text)
    } catch let failure as CSVReader.Failure {
      throw ExportError(file: file, location: String(failure.line), message: failure.message)
    }
    guard let header = records.first else { return [] }
    let names = header.fields.map { $0.lowercased().filter { $0 != " " && $0 != "_" } }
    func column(_ candidates: [String]) -> Int? {
      candidates.lazy.compactMap { names.firstIndex(of: $0) }.first
    }
    guard let dateColumn = column(["date", "usagedatetime", "chargeperiodstart", "usagedate"])
    else {
      throw ExportError(
        file: file, location: "1",
        message: "no date column (Date, UsageDateTime or ChargePeriodStart)")
    }
    guard
      let costColumn = column([
        "costinbillingcurrency", "billedcost", "cost", "pretaxcost", "costinusd",
      ])
    else {
      throw ExportError(
        file: file, location: "1",
        message: "no cost column (CostInBillingCurrency, Cost, PreTaxCost or BilledCost)")
    }
    guard let meterColumn = column(["metername", "xskumetername", "skuid", "chargedescription"])
    else {
      throw ExportError(
        file: file, location: "1", message: "no meter column (MeterName, x_SkuMeterName or SkuId)")
    }
    let currencyColumn = column(["billingcurrency", "billingcurrencycode", "currency"])
    let quantityColumn = column(["quantity", "consumedquantity", "usagequantity"])
    let unitColumn = column(["unitofmeasure", "consumedunit"])
    let patterns = book.exportPatterns
    var lines: [ActualCostLine] = []
    for record in records.dropFirst() {
      let f = record.fields
      guard f.count == header.fields.count else {
        throw ExportError(
          file: file, location: String(record.line),
          message: "expected \(header.fields.count) fields, found \(f.count)")
      }
      let dateText = f[dateColumn]
      guard let date = parseDate(dateText) else {
        throw ExportError(
          file: file, location: String(record.line),
          message: "'\(dateText)' is not a date (YYYY-MM-DD, MM/DD/YYYY or ISO 8601)")
      }
      let amount: Int64
      switch self.amount(f[costColumn]) {
      case .success(let v): amount = v
      case .failure(let problem): throw amountError(problem, f[costColumn], what: "cost", file: file, location: String(record.line))
      }
      let meter = f[meterColumn]
      lines.append(
        ActualCostLine(
          date: date, item: meter, model: patterns.exportModel(of: meter), amountNanos: amount,
          currency: currencyColumn.map { f[$0].uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
            ?? "USD",
          quantity: quantityColumn.map { f[$0] }, unit: unitColumn.map { f[$0] }))
    }
    return lines
  }

  static func parseDate(_ text: String) -> CivilDate? {
    if text.count >= 10, let date = CivilDate(String(text.prefix(10))) { return date }
    let parts = text.split(separator: " ").first?.split(separator: "/") ?? []
    if parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) {
      return CivilDate(year: y, month: m, day: d)
    }
    return nil
  }
}
