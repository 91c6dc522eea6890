import CostCore

/// Named values in a chosen order, encoded as one JSON object (keys are data: component kinds, candidate ids).
struct OrderedFields<Value: Codable & Sendable>: Codable, Sendable {
  var pairs: [(String, Value)]

  init(_ pairs: [(String, Value)]) { self.pairs = pairs }

  private struct Key: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    pairs = try container.allKeys.map { ($0.stringValue, try container.decode(Value.self, forKey: $0)) }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    for (key, value) in pairs { try container.encode(value, forKey: Key(stringValue: key)) }
  }
}

/// An assumption as reports list it.
struct AssumptionField: Codable, Sendable {
  var id: String
  var text: String

  init(_ assumption: Assumption) {
    id = assumption.id
    text = assumption.text
  }
}

/// The `price_book` object of a JSON report: which book priced it and how old it was.
struct PriceBookField: Codable, Sendable {
  var fingerprint: String
  @Nullable var asOf: String?
  @Nullable var reviewed: String?
  @Nullable var ageDays: Int?
  @Nullable var staleAfterDays: Int?
  @Nullable var stale: Bool?
  /// The day whose rates priced the report (the review date plus the age).
  var pricingDate: String?
  /// When and by which imagecost the report was generated (``ReportStamp``); absent when unset.
  var generatedAt: String?
  var imagecostVersion: String?

  enum CodingKeys: String, CodingKey {
    case fingerprint
    case asOf = "as_of"
    case reviewed
    case ageDays = "age_days"
    case staleAfterDays = "stale_after_days"
    case stale
    case pricingDate = "pricing_date"
    case generatedAt = "generated_at"
    case imagecostVersion = "imagecost_version"
  }

  init(fingerprint: String, asOf: CivilDate?, age: PriceBookAge?) {
    self.fingerprint = fingerprint
    self.asOf = asOf?.description
    reviewed = age?.reviewed.description
    ageDays = age?.ageDays
    staleAfterDays = age?.staleAfterDays
    stale = age?.isStale
    pricingDate = age.map { $0.reviewed.adding(days: $0.ageDays).description }
    generatedAt = ReportStamp.current?.generatedAt
    imagecostVersion = ReportStamp.current?.version
  }
}
