/// What a model accepts. Checked before anything is priced.
public struct Capabilities: Hashable, Sendable {
  public var operations: [ImageOperation]
  /// Listed sizes, or empty when ``sizeFormula`` decides.
  public var sizes: [ImageSize]
  /// Id of an output-token formula whose size constraints decide valid sizes (gpt-image-2).
  public var sizeFormula: String?
  public var defaultSize: ImageSize
  public var qualities: [String]
  /// Default quality per provider id when `--quality` is omitted.
  public var defaultQuality: [String: String]
  public var n: ClosedRange<Int>
  public var inputFidelity: FidelitySupport
  public var streaming: Bool
  public var partialImages: ClosedRange<Int>
  public var maxInputImages: Int
  public var promptMaxChars: Int
  /// `supported`, `unsupported` or `preview`.
  public var transparentBackground: String
  /// The form field an edit's input images are sent in: `image[]`, or `image` (DALL·E).
  public var editImageField: String
  /// The `response_format` a request sends so that images come back as bytes (`b64_json` on DALL·E); nil sends none.
  public var responseFormat: String?

  public init(
    operations: [ImageOperation], sizes: [ImageSize], sizeFormula: String?, defaultSize: ImageSize, qualities: [String],
    defaultQuality: [String: String], n: ClosedRange<Int>, inputFidelity: FidelitySupport, streaming: Bool,
    partialImages: ClosedRange<Int>, maxInputImages: Int, promptMaxChars: Int, transparentBackground: String,
    editImageField: String = Capabilities.defaultEditImageField, responseFormat: String? = nil
  ) {
    self.operations = operations
    self.sizes = sizes
    self.sizeFormula = sizeFormula
    self.defaultSize = defaultSize
    self.qualities = qualities
    self.defaultQuality = defaultQuality
    self.n = n
    self.inputFidelity = inputFidelity
    self.streaming = streaming
    self.partialImages = partialImages
    self.maxInputImages = maxInputImages
    self.promptMaxChars = promptMaxChars
    self.transparentBackground = transparentBackground
    self.editImageField = editImageField
    self.responseFormat = responseFormat
  }

  /// The edit image field when the book names none.
  public static let defaultEditImageField = "image[]"
  /// The values `edit_image_field` may take.
  public static let editImageFields = ["image[]", "image"]
  /// The values `response_format` may take.
  public static let responseFormats = ["b64_json", "url"]
}

/// How a model treats `input_fidelity`.
public enum FidelitySupport: String, Hashable, Sendable {
  /// The parameter is rejected.
  case unsupported
  /// `low` (default) or `high`.
  case optional
  /// Always processed at high fidelity; the parameter must be omitted (gpt-image-2).
  case alwaysHigh = "always_high"
}
