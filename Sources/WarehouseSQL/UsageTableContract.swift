/// The usage table `imagecost_priced` reads (default `image_requests`): the request-log fields flattened, one
/// column per field, `usage_*` for the `usage` object, and `log_seq`, the record's position in the log.
///
/// This is a documented contract (README, "Warehouse SQL"): a warehouse table with these columns (extra
/// columns are ignored) can be priced in place.
public enum UsageColumn: String, CaseIterable, Sendable {
  case logSeq = "log_seq"
  case id, time, created, provider
  case deploymentType = "deployment_type"
  case region, model, operation, size, quality, n
  case inputImages = "input_images"
  case inputFidelity = "input_fidelity"
  case partialImages = "partial_images"
  case status, tags
  case usageInputTokens = "usage_input_tokens"
  case usageInputTextTokens = "usage_input_text_tokens"
  case usageInputImageTokens = "usage_input_image_tokens"
  case usageOutputTokens = "usage_output_tokens"
  case usageOutputImageTokens = "usage_output_image_tokens"
  case usageOutputTextTokens = "usage_output_text_tokens"

  /// What a column holds.
  public enum Kind: Sendable {
    case integer, text
    /// A list of `{width, height}` structs.
    case imageSizes
    /// A map of text to text.
    case tags
  }

  public var kind: Kind {
    switch self {
    case .id, .time, .provider, .deploymentType, .region, .model, .operation, .size, .quality, .inputFidelity: return .text
    case .inputImages: return .imageSizes
    case .tags: return .tags
    default: return .integer
    }
  }

  /// The field's path in a request-log line (`usage.input_tokens_details.text_tokens`); `log_seq` has none.
  public var logPath: [String] {
    switch self {
    case .logSeq: return []
    case .usageInputTokens: return ["usage", "input_tokens"]
    case .usageInputTextTokens: return ["usage", "input_tokens_details", "text_tokens"]
    case .usageInputImageTokens: return ["usage", "input_tokens_details", "image_tokens"]
    case .usageOutputTokens: return ["usage", "output_tokens"]
    case .usageOutputImageTokens: return ["usage", "output_tokens_details", "image_tokens"]
    case .usageOutputTextTokens: return ["usage", "output_tokens_details", "text_tokens"]
    default: return [rawValue]
    }
  }

  /// The top-level request-log keys the loaders read, with the columns each fills.
  static var logKeys: [String] {
    var keys: [String] = []
    for column in allCases where !column.logPath.isEmpty && !keys.contains(column.logPath[0]) { keys.append(column.logPath[0]) }
    return keys
  }
}
