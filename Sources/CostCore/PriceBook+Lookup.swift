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

  /// The days on which a rate row or unmetered component that ``rate(provider:deploymentType:region:model:component:quality:size:date:)``
  /// may match starts or stops applying (nil for a field: rows of any value), as ``RateChangeDays``.
  package func rateChangeDays(provider: String? = nil, deploymentType: String? = nil, model: String? = nil) -> RateChangeDays {
    // The look-up matches provider, deployment type and model exactly: other rows cannot change its answer.
    func matches(_ p: String, _ d: String, _ m: String) -> Bool {
      (provider ?? p) == p && (deploymentType ?? d) == d && (model ?? m) == m
    }
    let ranges =
      rates.filter { matches($0.provider, $0.deploymentType, $0.model) }.map(\.effective)
      + unmetered.filter { matches($0.provider, $0.deploymentType, $0.model) }.map(\.effective)
    return RateChangeDays(days: Set(ranges.flatMap { [$0.from.daysSinceEpoch] + ($0.to.map { [$0.daysSinceEpoch] } ?? []) }).sorted())
  }

  /// Published rate limits for a model on a provider (and deployment type) in force on `date`.
  public func rateLimits(model: String, provider: String, deploymentType: String?, date: CivilDate) -> [RateLimit] {
    rateLimits.filter {
      $0.model == model && $0.provider == provider && $0.effective.contains(date)
        && ($0.deploymentType == nil || deploymentType == nil || $0.deploymentType == deploymentType)
    }
  }
}

/// Days on which some rates start or stop applying, sorted: between two of them every dated look-up of
/// those rates gives the same answer, so a price worked out on one day of such a stretch holds for all of it.
package struct RateChangeDays: Sendable {
  package let days: [Int]

  /// The stretch `day` falls in: its number (how many change days fall on or before `day`) and its
  /// bounds, from `from` up to but not including `to` (nil: unbounded).
  package func stretch(of day: Int) -> (number: Int, from: Int?, to: Int?) {
    var low = 0
    var high = days.count
    while low < high {
      let mid = (low + high) / 2
      if days[mid] <= day { low = mid + 1 } else { high = mid }
    }
    return (low, low == 0 ? nil : days[low - 1], low == days.count ? nil : days[low])
  }
}
