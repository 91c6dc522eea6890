#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A planner's uncertain estimate of a volume, a growth rate, an acceptance rate or a number of refinement rounds:
/// `{min, max}` (uniform), `{mean, sd}` (normal truncated below at ``floor``) or `{p10, p90}` (lognormal fitted to
/// the two quantiles). The point estimate is the distribution's mean; trials draw from it. Only inputs are drawn
/// as floating point — every drawn value is rounded to a whole number (images, parts per million) before pricing.
public enum ValueDistribution: Hashable, Sendable {
  case uniform(min: Double, max: Double)
  /// Normal, truncated below at `floor` (0 for volumes and shares, -1 for growth): draws below are redrawn.
  case normal(mean: Double, sd: Double, floor: Double)
  /// Lognormal whose 10th and 90th percentiles are `p10` and `p90`.
  case lognormal(p10: Double, p90: Double)

  /// z of the 90th percentile of the standard normal.
  static let z90 = 1.2815515655446004

  /// The lognormal's log-mean and log-sd: μ = (ln p10 + ln p90) ÷ 2, σ = (ln p90 − ln p10) ÷ (2 × z90).
  var logParameters: (mu: Double, sigma: Double)? {
    guard case .lognormal(let p10, let p90) = self else { return nil }
    return ((log(p10) + log(p90)) / 2, (log(p90) - log(p10)) / (2 * ValueDistribution.z90))
  }

  /// The mean: (min + max) ÷ 2; the truncated normal's mean, μ + σ·φ(α) ÷ (1 − Φ(α)) with α = (floor − μ) ÷ σ;
  /// the lognormal's exp(μ + σ² ÷ 2).
  public var mean: Double {
    switch self {
    case .uniform(let low, let high): return (low + high) / 2
    case .normal(let mean, let sd, let floor):
      guard sd > 0 else { return Swift.max(mean, floor) }
      let alpha = (floor - mean) / sd
      let density = exp(-alpha * alpha / 2) / (2 * Double.pi).squareRoot()
      let survival = 0.5 * erfc(alpha / 2.0.squareRoot())
      return mean + sd * density / survival
    case .lognormal:
      let (mu, sigma) = logParameters!
      return exp(mu + sigma * sigma / 2)
    }
  }

  /// One draw.
  public func draw(_ rng: inout SplitMix64) -> Double {
    switch self {
    case .uniform(let low, let high): return low + (high - low) * ValueDistribution.unit(&rng)
    case .normal(let mean, let sd, let floor):
      guard sd > 0 else { return Swift.max(mean, floor) }
      // The loader keeps mean ≥ floor, so at least half of all draws are kept.
      while true {
        let value = mean + sd * MonteCarlo.gaussian(&rng)
        if value >= floor { return value }
      }
    case .lognormal:
      let (mu, sigma) = logParameters!
      return exp(mu + sigma * MonteCarlo.gaussian(&rng))
    }
  }

  /// A uniform draw in [0, 1).
  static func unit(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) / Double(UInt64(1) << 53) }

  /// `value` scaled by `scale` and rounded half-even to a whole number, clamped to `bounds`.
  public static func whole(_ value: Double, scale: Double = 1, in bounds: ClosedRange<Int64>) -> Int64 {
    let scaled = (value * scale).rounded(.toNearestOrEven)
    guard scaled.isFinite else { return scaled > 0 ? bounds.upperBound : bounds.lowerBound }
    if scaled <= Double(bounds.lowerBound) { return bounds.lowerBound }
    if scaled >= Double(bounds.upperBound) { return bounds.upperBound }
    return Int64(scaled)
  }

  /// For people: `uniform 400–800`, `normal mean 600, sd 100`, `lognormal P10 300, P90 900`.
  public var description: String {
    func text(_ value: Double) -> String {
      value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
    switch self {
    case .uniform(let low, let high): return "uniform \(text(low))–\(text(high))"
    case .normal(let mean, let sd, _): return "normal mean \(text(mean)), sd \(text(sd))"
    case .lognormal(let p10, let p90): return "lognormal P10 \(text(p10)), P90 \(text(p90))"
    }
  }
}
