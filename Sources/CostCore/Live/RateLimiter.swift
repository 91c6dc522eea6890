/// A requests-per-minute limit as a token bucket, driven by an injected monotonic clock.
///
/// The bucket holds at most ``burst`` permits and refills at `rpm / 60` permits a second; a request
/// takes one permit. ``reserve(now:)`` hands out permits in order: it returns the instant (in the same
/// nanosecond clock as `now`) at which the caller may send, which is `now` when a permit is free.
/// With the default burst of 1, requests are spaced evenly at `60 / rpm` seconds, which keeps Azure's
/// per-deployment RPM quota (evaluated over short windows) from answering 429.
public struct RateLimiter: Hashable, Sendable {
  public let requestsPerMinute: Int
  public let burst: Int
  /// Nanoseconds per permit.
  private let interval: UInt64
  /// The instant at which the bucket would be full again if nothing else were taken ("theoretical arrival time").
  private var nextFree: UInt64?

  /// - Parameters:
  ///   - requestsPerMinute: permits per minute (at least 1).
  ///   - burst: permits that may be taken at once after an idle period (at least 1).
  public init(requestsPerMinute: Int, burst: Int = 1) {
    self.requestsPerMinute = max(1, requestsPerMinute)
    self.burst = max(1, burst)
    interval = 60_000_000_000 / UInt64(max(1, requestsPerMinute))
  }

  /// Takes the next permit and returns when it may be used (≥ `now`).
  public mutating func reserve(now: UInt64) -> UInt64 {
    // Generic cell rate algorithm: a request conforms if it is no earlier than tat - (burst-1)·interval.
    let tolerance = UInt64(burst - 1) * interval
    let tat = nextFree ?? now
    let earliest = max(now, tat > tolerance ? tat - tolerance : 0)
    nextFree = max(tat, earliest) + interval
    return earliest
  }
}
