/// How provider meter names map to models, components and deployment types (price-book data,
/// section `meter_patterns`, used by `imagecost pricing sync`), and which image model a line of a provider's
/// cost export names (``exportModel(of:)``: Azure Cost Management meters, OpenAI Costs API line items).
///
/// Azure names its meters inconsistently (`glbl`/`gl`/`Gl`, `dzone`/`DZ`, `rgnl`/`regnl`,
/// `cchd`/`cd`/`cached`, `out`/`output`/`opt`), so a name is split into lower-case words, each word
/// is replaced by its canonical spelling (``synonyms``), and then:
/// 1. the model is the longest run of words equal to one of a model's ``ModelPattern/words`` (the
///    words matched are removed);
/// 2. the deployment type is the first ``Rule`` whose `all` words are all present and `none` absent;
/// 3. the component is the first component rule that matches, or for a per-image model the first
///    ``ImageRule`` of that model that matches (quality and the sizes the meter bills).
public struct MeterPatterns: Hashable, Sendable {
  /// Meter-name words of one model.
  public struct ModelPattern: Hashable, Sendable {
    public let model: String
    /// Canonical words, in order (e.g. `[gpt, image, 1, mini]`).
    public let words: [String]
    public let location: SourceLocation
    public init(model: String, words: [String], location: SourceLocation) {
      self.model = model
      self.words = words
      self.location = location
    }
  }

  /// A deployment type or component chosen by the words present in a name.
  public struct Rule: Hashable, Sendable {
    public let value: String
    public let all: [String]
    public let none: [String]
    /// Deployment types only: the provider prices this type per region (`armRegionName` matters).
    public let perRegion: Bool
    public let location: SourceLocation
    public init(value: String, all: [String], none: [String], perRegion: Bool = false, location: SourceLocation) {
      self.value = value
      self.all = all
      self.none = none
      self.perRegion = perRegion
      self.location = location
    }

    func matches(_ words: Set<String>) -> Bool { all.allSatisfy(words.contains) && !none.contains(where: words.contains) }
  }

  /// A per-image meter: which quality and sizes it bills.
  public struct ImageRule: Hashable, Sendable {
    public let model: String
    public let all: [String]
    public let quality: String
    public let sizes: [ImageSize]
    public let location: SourceLocation
    public init(model: String, all: [String], quality: String, sizes: [ImageSize], location: SourceLocation) {
      self.model = model
      self.all = all
      self.quality = quality
      self.sizes = sizes
      self.location = location
    }
  }

  /// A known error of a secondary source: its rows for this provider and model are never used.
  public struct SecondaryError: Hashable, Sendable {
    public let source: String
    public let provider: String
    public let model: String
    public let reason: String
    public let location: SourceLocation
    public init(source: String, provider: String, model: String, reason: String, location: SourceLocation) {
      self.source = source
      self.provider = provider
      self.model = model
      self.reason = reason
      self.location = location
    }
  }

  /// What a meter name means.
  public struct Match: Hashable, Sendable {
    public let model: String
    public let deploymentType: String
    public let perRegion: Bool
    public let component: ComponentKind
    /// Per-image meters: the quality and the sizes billed at this price.
    public let quality: String?
    public let sizes: [ImageSize]
    public init(model: String, deploymentType: String, perRegion: Bool, component: ComponentKind, quality: String?, sizes: [ImageSize]) {
      self.model = model
      self.deploymentType = deploymentType
      self.perRegion = perRegion
      self.component = component
      self.quality = quality
      self.sizes = sizes
    }
  }

  /// The provider whose meters these are (`azure`).
  public var provider: String
  /// Spelling → canonical word (lower case).
  public var synonyms: [String: String]
  /// A meter with any of these (canonical) words is not one the book prices (fine-tuning, realtime,
  /// provisioned throughput, …), even when it names a known model.
  public var skipWords: Set<String> = []
  public var models: [ModelPattern]
  public var deploymentTypes: [Rule]
  /// `value` is a ``ComponentKind`` raw value (never `image`: per-image meters use ``images``).
  public var components: [Rule]
  public var images: [ImageRule]
  public var secondaryErrors: [SecondaryError]
  /// Where the section was read (nil when the book has none).
  public var location: SourceLocation?

  public init(
    provider: String = "", synonyms: [String: String] = [:], models: [ModelPattern] = [], deploymentTypes: [Rule] = [],
    components: [Rule] = [], images: [ImageRule] = [], secondaryErrors: [SecondaryError] = [], location: SourceLocation? = nil
  ) {
    self.provider = provider
    self.synonyms = synonyms
    self.models = models
    self.deploymentTypes = deploymentTypes
    self.components = components
    self.images = images
    self.secondaryErrors = secondaryErrors
    self.location = location
  }

  public var isEmpty: Bool { models.isEmpty }

  /// The canonical words of a meter name: lower case, split at spaces, `-`, `_`, `/`, `,`, `(`, `)`.
  public func words(_ name: String) -> [String] {
    name.lowercased().split(whereSeparator: { " -_/,()\t".contains($0) }).map { synonyms[String($0)] ?? String($0) }
  }

  /// The model named by a meter (or a LiteLLM key's last part), the longest pattern winning.
  public func model(in words: [String]) -> (model: String, range: Range<Int>)? {
    var best: (model: String, range: Range<Int>)?
    for pattern in models where !pattern.words.isEmpty && pattern.words.count <= words.count {
      for start in 0...(words.count - pattern.words.count) where Array(words[start..<start + pattern.words.count]) == pattern.words {
        if best == nil || pattern.words.count > best!.range.count { best = (pattern.model, start..<start + pattern.words.count) }
        break
      }
    }
    return best
  }

  /// The patterns of `models` only, in their order.
  public func restricted(to models: Set<String>) -> MeterPatterns {
    var copy = self
    copy.models = self.models.filter { models.contains($0.model) }
    return copy
  }

  /// The model a line of a cost export names (`gpt-image-1-inp-txt-glbl Tokens`, `Image 2 img opt Gl 1M Tokens`,
  /// `gpt-image-1, output`): the longest run of words equal to a model's words, or nil. Unlike ``match(meterName:perImageModels:)``
  /// nothing else is required and skip words do not apply: an export bills every meter, and the line keeps its amount.
  public func exportModel(of name: String) -> String? {
    model(in: words(name))?.model
  }

  /// What `meterName` bills, or nil when the name is not a known model's meter.
  /// - Parameter perImageModels: models priced per image (their meters use ``images``).
  public func match(meterName: String, perImageModels: Set<String>) -> Match? {
    let all = words(meterName)
    guard !all.contains(where: skipWords.contains), let found = model(in: all) else { return nil }
    var rest = all
    rest.removeSubrange(found.range)
    let present = Set(rest)
    guard let deployment = deploymentTypes.first(where: { $0.matches(present) }) else { return nil }
    if perImageModels.contains(found.model) {
      guard let rule = images.first(where: { $0.model == found.model && $0.all.allSatisfy(present.contains) }) else { return nil }
      return Match(
        model: found.model, deploymentType: deployment.value, perRegion: deployment.perRegion, component: .image, quality: rule.quality,
        sizes: rule.sizes)
    }
    guard let rule = components.first(where: { $0.matches(present) }), let component = ComponentKind(rawValue: rule.value) else { return nil }
    return Match(model: found.model, deploymentType: deployment.value, perRegion: deployment.perRegion, component: component, quality: nil, sizes: [])
  }

  /// The known error of `source` for `provider` and `model`, if any.
  public func secondaryError(source: String, provider: String, model: String) -> SecondaryError? {
    secondaryErrors.first { $0.source == source && $0.provider == provider && $0.model == model }
  }
}

extension PriceBook {
  /// The meter patterns that tell an export line's image model: those of the book's image models (a text
  /// model's line is "not an image model").
  public var exportPatterns: MeterPatterns { meterPatterns.restricted(to: Set(models.keys)) }
}
