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

  public init(provider: String, deploymentType: String, regions: [String], model: String, quality: String, size: ImageSize, location: SourceLocation)
  {
    self.provider = provider
    self.deploymentType = deploymentType
    self.regions = regions
    self.model = model
    self.quality = quality
    self.size = size
    self.location = location
  }
}
