/// `imagecost pricing sync`: what a price source says, compared with the book. Pure: the readers of the
/// wire formats (CostIO) and the HTTP client (ImageAPI) produce a ``PriceSyncInput``; ``PriceSync/compare``
/// turns it into a ``PriceSyncReport``.

/// Where fresh prices come from.
public enum PriceSyncSource: String, Hashable, Sendable, CaseIterable, Comparable {
  /// The Azure Retail Prices API (official).
  case azureRetail = "azure-retail"
  /// LiteLLM's `model_prices_and_context_window.json` (secondary, community-maintained).
  case litellm

  public var title: String {
    switch self {
    case .azureRetail: return "Azure Retail Prices API"
    case .litellm: return "LiteLLM model_prices_and_context_window.json"
    }
  }

  /// `official` or `secondary`, as in the price book's source labels.
  public var label: String { self == .azureRetail ? "official" : "secondary" }
  public var isOfficial: Bool { self == .azureRetail }

  public static func < (lhs: PriceSyncSource, rhs: PriceSyncSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One price a source lists, already mapped to the book's vocabulary.
public struct PriceObservation: Hashable, Sendable {
  public let source: PriceSyncSource
  public let provider: String
  public let deploymentType: String
  /// Whether the provider prices this deployment type region by region.
  public let perRegion: Bool
  public let region: String?
  public let model: String
  public let component: ComponentKind
  public let quality: String?
  public let size: ImageSize?
  /// In the source's own unit.
  public let price: Price
  /// The source's effective date (nil: the source has none; compared at the run's date).
  public let effective: CivilDate?
  /// The meter name or source key.
  public let meter: String
  /// Where it was read: `file: Items[3]`.
  public let origin: String
  /// A rounded approximation (LiteLLM's per-pixel DALL·E prices): equal to the book within 0.1 %.
  public let approximate: Bool

  public init(
    source: PriceSyncSource, provider: String, deploymentType: String, perRegion: Bool = false, region: String? = nil, model: String,
    component: ComponentKind, quality: String? = nil, size: ImageSize? = nil, price: Price, effective: CivilDate?, meter: String,
    origin: String, approximate: Bool = false
  ) {
    self.source = source
    self.provider = provider
    self.deploymentType = deploymentType
    self.perRegion = perRegion
    self.region = region
    self.model = model
    self.component = component
    self.quality = quality
    self.size = size
    self.price = price
    self.effective = effective
    self.meter = meter
    self.origin = origin
    self.approximate = approximate
  }
}

/// A retirement or deprecation date a source gives for a model on a provider.
public struct LifecycleObservation: Hashable, Sendable {
  public let source: PriceSyncSource
  public let provider: String
  public let model: String
  public let date: CivilDate
  public let key: String

  public init(source: PriceSyncSource, provider: String, model: String, date: CivilDate, key: String) {
    self.source = source
    self.provider = provider
    self.model = model
    self.date = date
    self.key = key
  }
}

/// Something a reader saw and chose not to use, with why.
public struct SyncIgnoredItem: Hashable, Sendable {
  public let source: PriceSyncSource
  public let meter: String
  public let origin: String
  public let reason: String

  public init(source: PriceSyncSource, meter: String, origin: String, reason: String) {
    self.source = source
    self.meter = meter
    self.origin = origin
    self.reason = reason
  }
}

/// Everything the readers produced.
public struct PriceSyncInput: Sendable {
  public var sources: Set<PriceSyncSource>
  public var observations: [PriceObservation]
  public var lifecycle: [LifecycleObservation]
  public var ignored: [SyncIgnoredItem]
  /// Items read that are not about a known model (other services, provisioned units, …).
  public var skipped: Int

  public init(
    sources: Set<PriceSyncSource> = [], observations: [PriceObservation] = [], lifecycle: [LifecycleObservation] = [],
    ignored: [SyncIgnoredItem] = [], skipped: Int = 0
  ) {
    self.sources = sources
    self.observations = observations
    self.lifecycle = lifecycle
    self.ignored = ignored
    self.skipped = skipped
  }

  public mutating func merge(_ other: PriceSyncInput) {
    sources.formUnion(other.sources)
    observations += other.observations
    lifecycle += other.lifecycle
    ignored += other.ignored
    skipped += other.skipped
  }
}

/// One line of the sync report.
public struct PriceSyncFinding: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable, CaseIterable, Comparable {
    /// The source's price differs from the book's at the source's effective date.
    case changed
    /// A model the book does not have.
    case newModel = "new_model"
    /// A known model's meter (deployment type, component, region, size) the book has no rate for.
    case newMeter = "new_meter"
    /// A rate the book has in force that the (official) source no longer lists.
    case missing
    /// The source's retirement/deprecation date differs from the book's.
    case retirementDiffers = "retirement_differs"
    /// Read but not used (known secondary errors, $0 rows, disagreements with official values, …).
    case ignored
    /// The same price as the book.
    case unchanged

    /// Whether the book should be reviewed for this finding (exit code 3).
    public var isDifference: Bool { ![.ignored, .unchanged].contains(self) }

    public static func < (lhs: Kind, rhs: Kind) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
  }

  public let kind: Kind
  public let source: PriceSyncSource
  public let provider: String
  public let deploymentType: String
  public var regions: [String]
  public let model: String
  public let component: ComponentKind?
  public let quality: String?
  public let size: ImageSize?
  /// The book's price (changed, missing, and ignored disagreements).
  public let old: Price?
  /// The source's price.
  public let new: Price?
  /// The source's effective date (changed, new; the earliest of the regions that list it).
  public var effective: CivilDate?
  public let meter: String?
  /// The book's row (changed, missing, unchanged).
  public let bookRow: RateRow?
  /// Retirement findings: the book's date (nil: none) and the source's date.
  public let bookRetirement: CivilDate?
  public let sourceRetirement: CivilDate?
  public var note: String
  /// Whether ``PriceSync`` considers the change fit to apply to a proposed book (official source, or a
  /// secondary source correcting a row that cites no official source).
  public var applicable: Bool
  /// What the proposed book did with it (set when `--out` writes one).
  public var proposal: String?

  public init(
    kind: Kind, source: PriceSyncSource, provider: String, deploymentType: String = "", regions: [String] = [], model: String,
    component: ComponentKind? = nil, quality: String? = nil, size: ImageSize? = nil, old: Price? = nil, new: Price? = nil,
    effective: CivilDate? = nil, meter: String? = nil, bookRow: RateRow? = nil, bookRetirement: CivilDate? = nil,
    sourceRetirement: CivilDate? = nil, note: String = "", applicable: Bool = false, proposal: String? = nil
  ) {
    self.kind = kind
    self.source = source
    self.provider = provider
    self.deploymentType = deploymentType
    self.regions = regions
    self.model = model
    self.component = component
    self.quality = quality
    self.size = size
    self.old = old
    self.new = new
    self.effective = effective
    self.meter = meter
    self.bookRow = bookRow
    self.bookRetirement = bookRetirement
    self.sourceRetirement = sourceRetirement
    self.note = note
    self.applicable = applicable
    self.proposal = proposal
  }

  /// `image_output`, `images standard 1024x1024`, or `lifecycle`.
  public var what: String {
    guard let component else { return "lifecycle" }
    var text = component.rawValue
    if let quality { text += " \(quality)" }
    if let size { text += " \(size)" }
    return text
  }
}

/// The result of a sync: findings, most important first.
public struct PriceSyncReport: Sendable {
  /// The run's date (`--date`, default today): new sources are read on it; missing rates are checked at it.
  public let date: CivilDate
  public let sources: [PriceSyncSource]
  public var findings: [PriceSyncFinding]
  public let skipped: Int
  /// Set when a proposed book was written.
  public var proposedDirectory: String?
  /// Source ids the proposed book cites for this sync.
  public var proposedSources: [String]

  public init(
    date: CivilDate, sources: [PriceSyncSource], findings: [PriceSyncFinding], skipped: Int, proposedDirectory: String? = nil,
    proposedSources: [String] = []
  ) {
    self.date = date
    self.sources = sources
    self.findings = findings
    self.skipped = skipped
    self.proposedDirectory = proposedDirectory
    self.proposedSources = proposedSources
  }

  /// Whether anything needs review (exit 3).
  public var differs: Bool { findings.contains { $0.kind.isDifference } }

  public func count(_ kind: PriceSyncFinding.Kind) -> Int { findings.lazy.filter { $0.kind == kind }.count }
}

extension Price {
  /// Nano-dollars per 1M tokens, or per 100 images: one scale for comparing prices quoted in different units.
  public var comparable: (tokens: Bool, value: Int128) {
    unit.isTokens
      ? (true, Int128(amount.nanos) * Int128(1_000_000 / unit.block))
      : (false, Int128(amount.nanos) * Int128(100 / unit.block))
  }

  /// The same price, exactly (`approximately`: within 0.1 %, for rounded secondary values).
  public func sameAs(_ other: Price, approximately: Bool = false) -> Bool {
    let a = comparable
    let b = other.comparable
    guard a.tokens == b.tokens else { return false }
    if !approximately { return a.value == b.value }
    let difference = a.value > b.value ? a.value - b.value : b.value - a.value
    return difference * 1_000 <= max(a.value, b.value)
  }
}

/// The comparison (pure).
public enum PriceSync {
  /// Compares what the sources say with `book`: each price at its own effective date (or `date` when the
  /// source has none), rates in force on `date` the official source no longer lists, and lifecycle dates.
  public static func compare(book: PriceBook, input: PriceSyncInput, date: CivilDate) -> PriceSyncReport {
    var findings: [PriceSyncFinding] = input.ignored.map {
      PriceSyncFinding(kind: .ignored, source: $0.source, provider: "", model: "", meter: $0.meter, note: "\($0.reason) (\($0.origin))")
    }
    let (observations, conflicts) = deduplicate(input.observations)
    findings += conflicts
    struct Key: Hashable {
      let provider, deploymentType, model: String
      let component: ComponentKind
      let quality: String?
      let size: ImageSize?
    }
    func key(_ o: PriceObservation) -> Key {
      Key(provider: o.provider, deploymentType: o.deploymentType, model: o.model, component: o.component, quality: o.quality, size: o.size)
    }
    var official: [Key: [Observed]] = [:]
    for o in observations where o.observation.source.isOfficial { official[key(o.observation), default: []].append(o) }

    for item in observations {
      let o = item.observation
      func finding(
        _ kind: PriceSyncFinding.Kind, old: RateRow? = nil, oldPrice: Price? = nil, note: String = "", applicable: Bool = false
      ) -> PriceSyncFinding {
        PriceSyncFinding(
          kind: kind, source: o.source, provider: o.provider, deploymentType: o.deploymentType, regions: item.regions, model: o.model,
          component: o.component, quality: o.quality, size: o.size, old: oldPrice ?? old?.price, new: o.price, effective: item.effective,
          meter: o.meter, bookRow: old, note: note, applicable: applicable)
      }
      if !o.source.isOfficial {
        if o.price.amount.nanos == 0 {
          findings.append(finding(.ignored, note: "a $0 row in a secondary source is never used"))
          continue
        }
        if let error = book.meterPatterns.secondaryError(source: o.source.rawValue, provider: o.provider, model: o.model) {
          findings.append(finding(.ignored, note: "known error of this secondary source: \(error.reason)"))
          continue
        }
        if let officials = official[key(o)] {
          if let disagreeing = officials.first(where: { !$0.observation.price.sameAs(o.price, approximately: o.approximate) }) {
            findings.append(
              finding(
                .ignored, oldPrice: disagreeing.observation.price,
                note: "\(o.source.title) (secondary) disagrees with the \(disagreeing.observation.source.title) (official), which is used"))
          }
          continue
        }
      }
      // A model is known by its spec or, for models the book keeps elsewhere (text models), by its rates.
      let model = book.models[o.model]
      guard model != nil || book.rates.contains(where: { $0.model == o.model }) else {
        findings.append(finding(.newModel, note: "no model \(o.model) in the book; add it (capabilities, lifecycle) before its rates"))
        continue
      }
      let at = item.effective ?? date
      // Every item is compared in its own region: a row listing the region wins over a row for every region.
      let region = o.region
      func lookup(_ day: CivilDate) -> Result<RateMatch, QuoteError> {
        Result {
          try book.rate(
            provider: o.provider, deploymentType: o.deploymentType, region: region, model: o.model, component: o.component,
            quality: o.quality, size: o.size, date: day)
        }.mapError { $0 as? QuoteError ?? .unknownModel(o.model, known: []) }
      }
      func compareWith(_ row: RateRow, note: String = "") {
        if row.price.sameAs(o.price, approximately: o.approximate) {
          findings.append(finding(.unchanged, old: row, note: note))
        } else {
          var applicable = o.source.isOfficial || book.sources[row.source]?.label != "official"
          var why = note
          if !applicable { why = join(note, "not applied: the book's value cites an official source (\(row.source)); check before changing it") }
          if row.effective.to != nil {
            applicable = false
            why = join(why, "not applied: the book's row already ends on \(row.effective.to!); review by hand")
          }
          if model?.retirement(on: o.provider, at: date) != nil { why = join(why, "the model is retired on \(o.provider)") }
          findings.append(finding(.changed, old: row, note: why, applicable: applicable))
        }
      }
      switch lookup(at) {
      case .success(.rate(let row)):
        compareWith(row)
      case .success(.unmetered(let entry)):
        if o.source.isOfficial {
          findings.append(
            finding(.newMeter, note: "the book marks this component unmetered (assumption \(entry.assumption)); review it", applicable: false))
        } else {
          findings.append(
            finding(
              .ignored, note: "the book marks this component unmetered (assumption \(entry.assumption)); a secondary source does not change that"))
        }
      case .failure(.noRateAtDate) where at < date:
        if case .success(.rate(let row)) = lookup(date) {
          compareWith(row, note: "the book's rate starts on \(row.effective.from), the source's on \(at)")
        } else {
          findings.append(finding(.newMeter, applicable: o.source.isOfficial))
        }
      case .failure:
        findings.append(
          finding(
            .newMeter, note: o.source.isOfficial ? "" : "secondary source: add it only after an official source confirms it",
            applicable: o.source.isOfficial))
      }
    }
    findings += missing(book: book, observations: observations, sources: input.sources, date: date)
    findings += lifecycle(book: book, input.lifecycle)
    return PriceSyncReport(date: date, sources: input.sources.sorted(), findings: partial(collapse(findings)), skipped: input.skipped)
  }

  private static func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : "\(a); \(b)" }

  /// An observation after merging the regions that list it.
  struct Observed {
    var observation: PriceObservation
    var regions: [String]
    var effective: CivilDate?
  }

  /// Merges repeated items of one meter in one region (earliest effective date); reports a meter with
  /// different prices in one region (e.g. tiered prices), which imagecost does not model.
  static func deduplicate(_ observations: [PriceObservation]) -> ([Observed], [PriceSyncFinding]) {
    struct Key: Hashable {
      let source: PriceSyncSource
      let provider, deploymentType, model: String
      let region: String?
      let component: ComponentKind
      let quality: String?
      let size: ImageSize?
    }
    var groups: [Key: [PriceObservation]] = [:]
    var order: [Key] = []
    for o in observations {
      let key = Key(
        source: o.source, provider: o.provider, deploymentType: o.deploymentType, model: o.model, region: o.region,
        component: o.component, quality: o.quality, size: o.size)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(o)
    }
    var result: [Observed] = []
    var conflicts: [PriceSyncFinding] = []
    for key in order {
      let list = groups[key]!
      let first = list.min { ($0.effective ?? .distantFuture) < ($1.effective ?? .distantFuture) }!
      let regions = Array(Set(list.compactMap(\.region))).sorted()
      if list.contains(where: { !$0.price.sameAs(first.price) }) {
        let prices = Set(list.map(\.price.publishedText)).sorted().joined(separator: ", ")
        conflicts.append(
          PriceSyncFinding(
            kind: .ignored, source: key.source, provider: key.provider, deploymentType: key.deploymentType, regions: regions, model: key.model,
            component: key.component, quality: key.quality, size: key.size, meter: first.meter,
            note: "the source lists different prices for one meter (\(prices)); review by hand"))
        continue
      }
      result.append(Observed(observation: first, regions: regions, effective: list.compactMap(\.effective).min()))
    }
    return (result, conflicts)
  }

  /// Rates in force on `date` (for a provider an official source covered) that no observation matches.
  static func missing(book: PriceBook, observations: [Observed], sources: Set<PriceSyncSource>, date: CivilDate) -> [PriceSyncFinding] {
    var findings: [PriceSyncFinding] = []
    let covered: [String: PriceSyncSource] =
      sources.contains(.azureRetail) ? [book.meterPatterns.provider.isEmpty ? "azure" : book.meterPatterns.provider: .azureRetail] : [:]
    for row in book.rates {
      guard let source = covered[row.provider], row.effective.contains(date) else { continue }
      if let model = book.models[row.model], model.retirement(on: row.provider, at: date) != nil { continue }
      let listed = observations.contains { item in
        let o = item.observation
        return o.source == source && o.deploymentType == row.deploymentType && o.model == row.model && o.component == row.component
          && o.quality == row.quality && o.size == row.size && (row.regions.isEmpty || !Set(item.regions).isDisjoint(with: row.regions))
      }
      if listed { continue }
      findings.append(
        PriceSyncFinding(
          kind: .missing, source: source, provider: row.provider, deploymentType: row.deploymentType, regions: row.regions, model: row.model,
          component: row.component, quality: row.quality, size: row.size, old: row.price, meter: row.meter, bookRow: row,
          note: "in force on \(date) in the book (\(row.location)), not listed by the source; not applied: review by hand"))
    }
    return findings
  }

  static func lifecycle(book: PriceBook, _ items: [LifecycleObservation]) -> [PriceSyncFinding] {
    var seen = Set<LifecycleObservation>()
    var findings: [PriceSyncFinding] = []
    for item in items {
      let plain = LifecycleObservation(source: item.source, provider: item.provider, model: item.model, date: item.date, key: "")
      guard let model = book.models[item.model], seen.insert(plain).inserted else { continue }
      let retirement = model.retirements.first { $0.provider == item.provider }
      if retirement?.retired == item.date { continue }
      findings.append(
        PriceSyncFinding(
          kind: .retirementDiffers, source: item.source, provider: item.provider, model: item.model, meter: item.key,
          bookRetirement: retirement?.retired, sourceRetirement: item.date,
          note:
            "\(item.source.title) (\(item.source.label)) gives \(item.date); the book \(retirement.map { "says \($0.retired) (\($0.source))" } ?? "has no retirement") on \(item.provider); not applied: review by hand"
        ))
    }
    return findings
  }

  /// A change the source lists for some regions of a book row while other regions keep another price is
  /// reported but not applied: the row would need splitting by region.
  static func partial(_ findings: [PriceSyncFinding]) -> [PriceSyncFinding] {
    struct Key: Hashable {
      let source: PriceSyncSource
      let provider, deploymentType, model: String
      let component: ComponentKind?
      let quality: String?
      let size: ImageSize?
      let row: SourceLocation
    }
    func key(_ f: PriceSyncFinding) -> Key? {
      guard let row = f.bookRow, f.kind == .changed || f.kind == .unchanged else { return nil }
      return Key(
        source: f.source, provider: f.provider, deploymentType: f.deploymentType, model: f.model, component: f.component, quality: f.quality,
        size: f.size, row: row.location)
    }
    var byKey: [Key: [Int]] = [:]
    for (index, f) in findings.enumerated() { if let k = key(f) { byKey[k, default: []].append(index) } }
    var result = findings
    for indices in byKey.values where indices.count > 1 {
      for i in indices where result[i].kind == .changed && result[i].applicable {
        let others = indices.filter { $0 != i }.flatMap { findings[$0].regions }
        result[i].applicable = false
        result[i].note = join(
          result[i].note, "not applied: \(others.sorted().joined(separator: ", ")) keep(s) another price; split the row by region by hand")
      }
    }
    return result
  }

  /// Merges findings that differ only in their regions (and effective date: the earliest is kept), and sorts them.
  static func collapse(_ findings: [PriceSyncFinding]) -> [PriceSyncFinding] {
    var merged: [PriceSyncFinding] = []
    var index: [PriceSyncFinding: Int] = [:]
    for finding in findings {
      var plain = finding
      plain.regions = []
      plain.effective = nil
      if let at = index[plain] {
        merged[at].regions = Array(Set(merged[at].regions + finding.regions)).sorted()
        if let day = finding.effective, merged[at].effective.map({ day < $0 }) ?? true { merged[at].effective = day }
      } else {
        index[plain] = merged.count
        merged.append(finding)
      }
    }
    return merged.sorted {
      if $0.kind != $1.kind { return $0.kind < $1.kind }
      return [$0.provider, $0.model, $0.deploymentType, $0.what, $0.regions.joined(separator: ","), $0.meter ?? "", $0.note]
        .lexicographicallyPrecedes([$1.provider, $1.model, $1.deploymentType, $1.what, $1.regions.joined(separator: ","), $1.meter ?? "", $1.note])
    }
  }
}

extension CivilDate {
  /// A day after any real effective date (sorting only).
  static let distantFuture = CivilDate(year: 9999, month: 12, day: 31)!
}

/// A price source that cannot be read: the file (or URL), the key, and what is wrong, in one sentence.
public struct PriceSyncError: Error, CustomStringConvertible, Sendable {
  public let file: String
  public let key: String
  public let message: String

  public init(file: String, key: String, _ message: String) {
    self.file = file
    self.key = key
    self.message = message
  }

  public var description: String { key.isEmpty ? "\(file): \(message)" : "\(file): \(key): \(message)" }
}
