/// What a rate look-up found.
public enum RateMatch: Sendable {
  /// A dated, sourced rate.
  case rate(RateRow)
  /// The component is explicitly not metered (with the assumption that says so).
  case unmetered(UnmeteredComponent)
}

extension PriceBook {
  /// Deployment types of `provider` with at least one rate for `model`.
  public func deploymentTypes(pricing model: String, provider: String) -> [String] {
    let types = Set(rates.lazy.filter { $0.provider == provider && $0.model == model }.map(\.deploymentType))
    return (providers[provider]?.deploymentTypes ?? []).filter(types.contains)
  }

  /// Finds the rate for one component of one request.
  ///
  /// Matching: provider, deployment type, model, component (and quality/size for per-image
  /// prices); then `effective_from ≤ date < effective_to`; then region: a row listing `region`
  /// wins over a row for every region, and without `--region` only rows for every region match.
  /// - Throws: ``QuoteError`` naming what is missing, never a silent zero.
  public func rate(
    provider: String, deploymentType: String, region: String?, model: String, component: ComponentKind,
    quality: String? = nil, size: ImageSize? = nil, date: CivilDate
  ) throws -> RateMatch {
    let forDeployment = rates.filter { $0.provider == provider && $0.deploymentType == deploymentType && $0.model == model }
    let unmeteredRow = unmetered.first {
      $0.provider == provider && $0.deploymentType == deploymentType && $0.model == model && $0.component == component
        && $0.effective.contains(date)
    }
    if forDeployment.isEmpty {
      throw QuoteError.noMeter(
        model: model, provider: provider, deploymentType: deploymentType,
        available: deploymentTypes(pricing: model, provider: provider))
    }
    let forComponent = forDeployment.filter {
      $0.component == component && (quality == nil || $0.quality == quality) && (size == nil || $0.size == size)
    }
    if forComponent.isEmpty {
      if let unmeteredRow { return .unmetered(unmeteredRow) }
      var what = component.rawValue
      if let quality { what += " (\(quality)" + (size.map { " \($0)" } ?? "") + ")" }
      throw QuoteError.missingComponentRate(model: model, provider: provider, deploymentType: deploymentType, component: what)
    }
    let dated = forComponent.filter { $0.effective.contains(date) }
    if dated.isEmpty {
      if let unmeteredRow { return .unmetered(unmeteredRow) }
      let ranges = Array(Set(forComponent.map(\.effective))).sorted { $0.from < $1.from }
      throw QuoteError.noRateAtDate(
        model: model, provider: provider, deploymentType: deploymentType, component: component, date: date, ranges: ranges)
    }
    let regional = dated.filter { !$0.regions.isEmpty }
    let everywhere = dated.filter { $0.regions.isEmpty }
    if let region {
      if let row = regional.first(where: { $0.regions.contains(region) }) ?? everywhere.first { return .rate(row) }
      throw QuoteError.noRateInRegion(
        model: model, provider: provider, deploymentType: deploymentType, region: region,
        regions: Array(Set(regional.flatMap(\.regions))).sorted())
    }
    if let row = everywhere.first { return .rate(row) }
    throw QuoteError.regionRequired(
      model: model, provider: provider, deploymentType: deploymentType, regions: Array(Set(regional.flatMap(\.regions))).sorted())
  }

  /// Published rate limits for a model on a provider (and deployment type) in force on `date`.
  public func rateLimits(model: String, provider: String, deploymentType: String?, date: CivilDate) -> [RateLimit] {
    rateLimits.filter {
      $0.model == model && $0.provider == provider && $0.effective.contains(date)
        && ($0.deploymentType == nil || deploymentType == nil || $0.deploymentType == deploymentType)
    }
  }
}
