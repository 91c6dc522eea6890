/// The top-level fields of a request-log line, stated once: each field's name and what it holds.
///
/// ``RequestLogScanner`` builds its key table from ``allCases`` (a field's raw value is its key code and
/// bit position); the general parser (``RequestLogReader``) reads each field by its ``key``, and both
/// count any key outside ``allCases`` as unknown.
enum RequestLogField: Int, CaseIterable, Sendable {
  case id, time, provider, deploymentType, model, deployment, operation, size, quality, n, inputImages, inputFidelity
  case partialImages, stream, status, tags, usage, region
  // Fields of a raw Images API response (`created` stands for `time` when that is absent).
  case created, data, background, outputFormat

  /// What a field holds.
  enum Kind: Sendable {
    /// A string, or null.
    case text
    /// A non-negative whole number, or null.
    case wholeNumber
    /// Any JSON value: read past, never used.
    case ignored
    /// A list of `{"width":…,"height":…}`.
    case imageSizes
    /// An object of strings.
    case tags
    /// The API's `usage` object, or null.
    case usage
  }

  /// The field's JSON key.
  var name: StaticString {
    switch self {
    case .id: return "id"
    case .time: return "time"
    case .provider: return "provider"
    case .deploymentType: return "deployment_type"
    case .model: return "model"
    case .deployment: return "deployment"
    case .operation: return "operation"
    case .size: return "size"
    case .quality: return "quality"
    case .n: return "n"
    case .inputImages: return "input_images"
    case .inputFidelity: return "input_fidelity"
    case .partialImages: return "partial_images"
    case .stream: return "stream"
    case .status: return "status"
    case .tags: return "tags"
    case .usage: return "usage"
    case .region: return "region"
    case .created: return "created"
    case .data: return "data"
    case .background: return "background"
    case .outputFormat: return "output_format"
    }
  }

  /// ``name`` as a `String`.
  var key: String { name.description }

  var kind: Kind {
    switch self {
    case .id, .time, .provider, .deploymentType, .model, .deployment, .operation, .size, .quality, .inputFidelity, .region: return .text
    case .n, .partialImages, .status, .created: return .wholeNumber
    case .stream, .data, .background, .outputFormat: return .ignored
    case .inputImages: return .imageSizes
    case .tags: return .tags
    case .usage: return .usage
    }
  }

  /// The keys of every field: anything else on a line is counted as unknown.
  static let knownKeys: Set<String> = Set(allCases.map(\.key))
}
