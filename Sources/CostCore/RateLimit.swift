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
