/// One image model: lifecycle, capabilities and the token rules it follows.
public struct ModelSpec: Hashable, Sendable {
  public let id: String
  public let name: String
  public let pricing: PricingKind
  public let released: CivilDate?
  public let retirements: [Retirement]
  public let capabilities: Capabilities
  public let tokenRules: ModelTokenRules?
  /// Assumption ids that apply to every quote of this model.
  public let assumptions: [String]
  /// Other names a log, an export or a user may write for it: dated snapshots, provider spellings.
  public let aliases: [String]
  public let location: SourceLocation

  public init(
    id: String, name: String, pricing: PricingKind, released: CivilDate?, retirements: [Retirement],
    capabilities: Capabilities, tokenRules: ModelTokenRules?, assumptions: [String], aliases: [String] = [],
    location: SourceLocation
  ) {
    self.id = id
    self.name = name
    self.pricing = pricing
    self.released = released
    self.retirements = retirements
    self.capabilities = capabilities
    self.tokenRules = tokenRules
    self.assumptions = assumptions
    self.aliases = aliases
    self.location = location
  }

  /// The retirement on `provider` in effect on `date`, if any.
  public func retirement(on provider: String, at date: CivilDate) -> Retirement? {
    retirements.first { $0.provider == provider && $0.retired <= date }
  }
}

/// How a model is billed.
public enum PricingKind: String, Hashable, Sendable {
  /// Per token: GPT image models.
  case tokens
  /// Per image by quality and size: DALL·E.
  case perImage = "per_image"
}

/// Which token rules a token-priced model uses (ids into ``TokenRules``).
public struct ModelTokenRules: Hashable, Sendable {
  /// An output table id or an output formula id.
  public let output: String
  /// An input-image rule id (edits).
  public let inputImage: String?
  /// A text-output estimate id, for models that emit billed text tokens.
  public let textOutput: String?
  /// Other input-image rules a quote may choose instead (named alternatives, e.g. gpt-image-2's patch rule).
  public var inputImageAlternatives: [String] = []

  public init(output: String, inputImage: String?, textOutput: String?, inputImageAlternatives: [String] = []) {
    self.output = output
    self.inputImage = inputImage
    self.textOutput = textOutput
    self.inputImageAlternatives = inputImageAlternatives
  }
}

/// A text model that planners use to refine prompts before calling an image model (`kind: text` in
/// the book): rates for text input, cached text input and text output, and a lifecycle; no image
/// capabilities.
public struct TextModelSpec: Hashable, Sendable {
  public let id: String
  public let name: String
  public let released: CivilDate?
  public let retirements: [Retirement]
  public let aliases: [String]
  public let location: SourceLocation

  public init(id: String, name: String, released: CivilDate?, retirements: [Retirement], aliases: [String], location: SourceLocation) {
    self.id = id
    self.name = name
    self.released = released
    self.retirements = retirements
    self.aliases = aliases
    self.location = location
  }

  /// The components a text model is billed for.
  public static let components: [ComponentKind] = [.textInput, .cachedTextInput, .textOutput]
}
