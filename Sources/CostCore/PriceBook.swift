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
