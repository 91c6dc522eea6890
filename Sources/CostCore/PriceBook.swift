/// Where a value came from in the price book: file and 1-based line/column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int

  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line`, the prefix of every price-book diagnostic.
  public var description: String { "\(file):\(line)" }
}

/// A document the price book cites: URL, what it is, when it was read, and how much to trust it.
public struct PriceSource: Hashable, Sendable {
  /// Short id used by rates and rules, e.g. `S10`.
  public let id: String
  /// The URL, or where no public URL was recorded, a citation in words.
  public let url: String
  public let title: String
  /// The day the source was read (snapshot date).
  public let read: CivilDate
  /// `official`, `secondary`, `derived` or `unconfirmed`, as in the reference notes.
  public let label: String
  public let location: SourceLocation

  public init(id: String, url: String, title: String, read: CivilDate, label: String, location: SourceLocation) {
    self.id = id
    self.url = url
    self.title = title
    self.read = read
    self.label = label
    self.location = location
  }
}

/// A named assumption: something the sources leave open, which imagecost decides explicitly.
///
/// Every output that relies on an assumption lists it by id with this text.
public struct Assumption: Hashable, Sendable {
  public let id: String
  /// One or two sentences: what is assumed and why.
  public let text: String
  /// Source ids backing (or contradicting) it.
  public let sources: [String]
  public let location: SourceLocation

  public init(id: String, text: String, sources: [String], location: SourceLocation) {
    self.id = id
    self.text = text
    self.sources = sources
    self.location = location
  }
}

/// A provider (`openai`, `azure`) and the deployment types it sells image models under.
public struct ProviderSpec: Hashable, Sendable {
  public let id: String
  public let name: String
  public let deploymentTypes: [String]
  /// Used when `--deployment-type` is not given.
  public let defaultDeploymentType: String
  public let location: SourceLocation

  public init(id: String, name: String, deploymentTypes: [String], defaultDeploymentType: String, location: SourceLocation) {
    self.id = id
    self.name = name
    self.deploymentTypes = deploymentTypes
    self.defaultDeploymentType = defaultDeploymentType
    self.location = location
  }
}

/// The endpoint a request uses.
public enum ImageOperation: String, Hashable, Sendable, CaseIterable, Codable {
  case generate
  case edit
}

/// A billed cost component.
public enum ComponentKind: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
  case textInput = "text_input"
  case cachedTextInput = "cached_text_input"
  case imageInput = "image_input"
  case cachedImageInput = "cached_image_input"
  case imageOutput = "image_output"
  case textOutput = "text_output"
  /// Per-image price (DALL·E), keyed by quality and size.
  case image

  /// Human label for tables.
  public var label: String {
    switch self {
    case .textInput: return "text input"
    case .cachedTextInput: return "cached text input"
    case .imageInput: return "image input"
    case .cachedImageInput: return "cached image input"
    case .imageOutput: return "image output"
    case .textOutput: return "text output"
    case .image: return "images"
    }
  }

  public static func < (lhs: ComponentKind, rhs: ComponentKind) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// Width × height in pixels, written `1024x1536`.
public struct ImageSize: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let width: Int
  public let height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// Parses `WxH` (positive integers, lower-case `x`).
  public init?(_ text: String) {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0, w <= 1_000_000, h <= 1_000_000
    else { return nil }
    self.init(width: w, height: h)
  }

  public var description: String { "\(width)x\(height)" }
  public var pixels: Int { width * height }
  public var isSquare: Bool { width == height }
  public static func < (lhs: ImageSize, rhs: ImageSize) -> Bool { (lhs.width, lhs.height) < (rhs.width, rhs.height) }
}

/// How a model is billed.
public enum PricingKind: String, Hashable, Sendable {
  /// Per token: GPT image models.
  case tokens
  /// Per image by quality and size: DALL·E.
  case perImage = "per_image"
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

/// The end of a model on one provider.
public struct Retirement: Hashable, Sendable {
  public let provider: String
  /// First day the model no longer serves requests.
  public let retired: CivilDate
  public let successor: String?
  public let source: String
  public let note: String?
  public let location: SourceLocation

  public init(provider: String, retired: CivilDate, successor: String?, source: String, note: String?, location: SourceLocation) {
    self.provider = provider
    self.retired = retired
    self.successor = successor
    self.source = source
    self.note = note
    self.location = location
  }
}

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

/// How the book judges its own age and a model's end of life (`defaults` in the book).
public struct LifecyclePolicy: Hashable, Sendable {
  /// The day the book was last reviewed, when stated; otherwise the newest source's read date counts.
  public var reviewed: CivilDate?
  /// Reports warn when the book is older than this at the pricing date.
  public var staleAfterDays: Int
  /// A model whose retirement falls within this many days after a date is `retiring` on that date.
  public var retiringWindowDays: Int

  public init(reviewed: CivilDate? = nil, staleAfterDays: Int = 45, retiringWindowDays: Int = 90) {
    self.reviewed = reviewed
    self.staleAfterDays = staleAfterDays
    self.retiringWindowDays = retiringWindowDays
  }
}

/// The unit a price is quoted in, as published.
public enum PriceUnit: String, Hashable, Sendable, CaseIterable {
  case perMillionTokens = "1M tokens"
  case perThousandTokens = "1K tokens"
  case perImage = "image"
  case perHundredImages = "100 images"

  /// How many base units (tokens or images) one quoted price covers.
  public var block: Int64 {
    switch self {
    case .perMillionTokens: return 1_000_000
    case .perThousandTokens: return 1_000
    case .perImage: return 1
    case .perHundredImages: return 100
    }
  }

  public var isTokens: Bool { self == .perMillionTokens || self == .perThousandTokens }
}

/// An exact price: `amount` USD per ``PriceUnit``.
public struct Price: Hashable, Sendable {
  /// The published amount in nano-dollars per unit block.
  public let amount: USD
  public let unit: PriceUnit

  public init(amount: USD, unit: PriceUnit) {
    self.amount = amount
    self.unit = unit
  }

  /// The cost of `quantity` tokens or images: one exact 128-bit product, rounded half-even to the
  /// nano-dollar. This is imagecost's single rounding point for a priced line.
  public func cost(of quantity: Int64) -> USD {
    USD(nanos: Price.cost(of: quantity, amount: amount.nanos, block: unit.block))
  }

  /// ``cost(of:)`` that throws ``ArithmeticOverflow`` instead of trapping when the cost does not fit in
  /// 64-bit nano-dollars (a quantity near 2^63, say). Live mode charges through this.
  public func checkedCost(of quantity: Int64) throws(ArithmeticOverflow) -> USD {
    let exact = FixedPoint.divide(Int128(quantity) * Int128(amount.nanos), by: Int128(unit.block), rounding: .halfEven)
    guard exact >= Int128(Int64.min), exact <= Int128(Int64.max) else { throw ArithmeticOverflow("the cost of \(quantity) units") }
    return USD(nanos: Int64(exact))
  }

  /// ``cost(of:)`` in nano-dollars from a price's parts (the replay hot path keeps them as plain integers).
  @inline(__always) static func cost(of quantity: Int64, amount: Int64, block: Int64) -> Int64 {
    // The same rounding in 64-bit arithmetic when the product fits (every replayed record does).
    let (product, overflow) = quantity.multipliedReportingOverflow(by: amount)
    if !overflow, product >= 0 {
      // Per 1M tokens, the usual unit: a constant divisor (a multiplication, not a division).
      var quotient = block == 1_000_000 ? product / 1_000_000 : product / block
      let twice = (product % block) * 2
      if twice > block || (twice == block && quotient % 2 != 0) { quotient += 1 }
      return quotient
    }
    let exact = Int128(quantity) * Int128(amount)
    return Int64(FixedPoint.divide(exact, by: Int128(block), rounding: .halfEven))
  }

  /// The normalised rate as exact decimal text: USD per 1M tokens, or USD per image.
  public var normalizedText: String {
    if unit.isTokens {
      return FixedPoint.format(Int128(amount.nanos) * Int128(1_000_000 / unit.block), scale: 9, minimumFractionDigits: 2)
    }
    // Per image: divide by a power of ten exactly by widening the scale.
    let extra = String(unit.block).count - 1
    return FixedPoint.format(Int128(amount.nanos), scale: 9 + extra, minimumFractionDigits: 2)
  }

  /// `per 1M tokens` or `per image`.
  public var normalizedUnit: String { unit.isTokens ? "per 1M tokens" : "per image" }

  /// As published: `0.005 per 1K tokens`.
  public var publishedText: String { "\(amount.decimalString) per \(unit.rawValue)" }
}

/// One dated, sourced rate: provider × deployment type × (regions) × model × component.
public struct RateRow: Hashable, Sendable {
  public let provider: String
  public let deploymentType: String
  /// Regions this rate is limited to; empty means every region.
  public let regions: [String]
  public let model: String
  public let component: ComponentKind
  /// For per-image prices: the quality and size the price applies to.
  public let quality: String?
  public let size: ImageSize?
  public let price: Price
  public let effective: EffectiveRange
  /// Source id.
  public let source: String
  /// Assumption id when the rate itself is not confirmed (e.g. a derived batch price).
  public let assumption: String?
  /// Provider meter name, where known (Azure).
  public let meter: String?
  public let location: SourceLocation

  public init(
    provider: String, deploymentType: String, regions: [String], model: String, component: ComponentKind, quality: String?,
    size: ImageSize?, price: Price, effective: EffectiveRange, source: String, assumption: String?, meter: String?,
    location: SourceLocation
  ) {
    self.provider = provider
    self.deploymentType = deploymentType
    self.regions = regions
    self.model = model
    self.component = component
    self.quality = quality
    self.size = size
    self.price = price
    self.effective = effective
    self.source = source
    self.assumption = assumption
    self.meter = meter
    self.location = location
  }
}

/// A component a model emits but no meter bills, stated explicitly (never a silent zero).
public struct UnmeteredComponent: Hashable, Sendable {
  public let provider: String
  public let deploymentType: String
  public let model: String
  public let component: ComponentKind
  public let effective: EffectiveRange
  public let assumption: String
  public let location: SourceLocation

  public init(
    provider: String, deploymentType: String, model: String, component: ComponentKind, effective: EffectiveRange,
    assumption: String, location: SourceLocation
  ) {
    self.provider = provider
    self.deploymentType = deploymentType
    self.model = model
    self.component = component
    self.effective = effective
    self.assumption = assumption
    self.location = location
  }
}

/// A quality × size a per-image model offers but a provider does not sell in some regions (no meter there),
/// stated explicitly so the book's coverage check knows the gap is intended.
public struct NotOfferedCell: Hashable, Sendable {
  public let provider: String
  public let deploymentType: String
  public let regions: [String]
  public let model: String
  public let quality: String
  public let size: ImageSize
  public let location: SourceLocation

  public init(provider: String, deploymentType: String, regions: [String], model: String, quality: String, size: ImageSize, location: SourceLocation) {
    self.provider = provider
    self.deploymentType = deploymentType
    self.regions = regions
    self.model = model
    self.quality = quality
    self.size = size
    self.location = location
  }
}

/// A published default rate limit, as dated data (Azure image deployments are limited in RPM).
public struct RateLimit: Hashable, Sendable {
  public let provider: String
  public let deploymentType: String?
  public let model: String
  public let value: Int
  /// `rpm`, `ipm` or `concurrent_requests`.
  public let unit: String
  /// Usage tier or agreement the value applies to (e.g. `default`, `enterprise`, `tier-1`).
  public let tier: String
  public let effective: EffectiveRange
  public let source: String
  public let note: String?
  public let location: SourceLocation

  public init(
    provider: String, deploymentType: String?, model: String, value: Int, unit: String, tier: String,
    effective: EffectiveRange, source: String, note: String?, location: SourceLocation
  ) {
    self.provider = provider
    self.deploymentType = deploymentType
    self.model = model
    self.value = value
    self.unit = unit
    self.tier = tier
    self.effective = effective
    self.source = source
    self.note = note
    self.location = location
  }
}

/// The whole price book: sources, assumptions, providers, models, token rules, rates and limits.
///
/// It is a plain value. ``PriceBook/validate()`` checks it; the loader in `CostIO` builds it from
/// `pricing/*.yaml` and runs the same checks.
public struct PriceBook: Sendable {
  public var sources: [String: PriceSource]
  public var assumptions: [String: Assumption]
  public var providers: [String: ProviderSpec]
  /// Provider used when `--provider` is omitted.
  public var defaultProvider: String
  public var models: [String: ModelSpec]
  /// Text models (`kind: text`), priced by text tokens only.
  public var textModels: [String: TextModelSpec] = [:]
  /// Review date, staleness threshold and retiring window.
  public var lifecyclePolicy = LifecyclePolicy()
  public var tokenRules: TokenRules
  public var rates: [RateRow]
  public var unmetered: [UnmeteredComponent]
  /// Per-image cells deliberately absent from a rate row (e.g. DALL·E 3 HD HighRes outside four regions).
  public var notOffered: [NotOfferedCell] = []
  public var rateLimits: [RateLimit]
  /// SHA-256 over the book's files (names and bytes, in name order), set by the loader.
  public var fingerprint: String
  /// Meter-name patterns for `imagecost pricing sync` (section `meter_patterns`); empty when absent.
  public var meterPatterns = MeterPatterns()

  public init(
    sources: [String: PriceSource] = [:], assumptions: [String: Assumption] = [:], providers: [String: ProviderSpec] = [:],
    defaultProvider: String = "", models: [String: ModelSpec] = [:], tokenRules: TokenRules = TokenRules(),
    rates: [RateRow] = [], unmetered: [UnmeteredComponent] = [], rateLimits: [RateLimit] = [], fingerprint: String = ""
  ) {
    self.sources = sources
    self.assumptions = assumptions
    self.providers = providers
    self.defaultProvider = defaultProvider
    self.models = models
    self.tokenRules = tokenRules
    self.rates = rates
    self.unmetered = unmetered
    self.rateLimits = rateLimits
    self.fingerprint = fingerprint
  }

  /// The book's "as of" date: the newest day any of its sources was read.
  public var asOf: CivilDate? { sources.values.map(\.read).max() }

  /// The day the book was last reviewed: the explicit `reviewed:` date, else ``asOf``.
  public var reviewed: CivilDate? { lifecyclePolicy.reviewed ?? asOf }

  /// Model ids in a stable order (as listed: sorted by id).
  public var modelIDs: [String] { models.keys.sorted() }
}
