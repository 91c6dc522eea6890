import CostCore
import Testing

@Suite struct RetryPolicyTests {
  let policy = RetryPolicy(
    maxAttempts: 4, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000, jitterPercent: 25, maxServerDelayMilliseconds: 60_000)

  @Test func honoursRetryAfterMillisecondsThenSeconds() {
    #expect(RetryPolicy.serverDelay(headers: ["Retry-After-Ms": "1500.5", "retry-after": "9"]) == 1501)
    #expect(RetryPolicy.serverDelay(headers: ["retry-after": "3"]) == 3000)
    #expect(RetryPolicy.serverDelay(headers: ["retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"]) == nil)
    var rng = SplitMix64(seed: 1)
    #expect(
      policy.decision(after: .http(status: 429, errorCode: nil, retryAfterMilliseconds: 1501, shouldRetry: nil), attempt: 1, rng: &rng)
        == .retry(afterMilliseconds: 1501))
    #expect(
      policy.decision(after: .http(status: 429, errorCode: nil, retryAfterMilliseconds: 600_000, shouldRetry: nil), attempt: 1, rng: &rng)
        == .retry(afterMilliseconds: 60_000))
  }

  @Test func exponentialBackoffWithSeededJitter() {
    var a = SplitMix64(seed: 3)
    var b = SplitMix64(seed: 3)
    var delays: [Int] = []
    for attempt in 1...3 {
      guard
        case .retry(let ms) = policy.decision(
          after: .http(status: 503, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil), attempt: attempt, rng: &a)
      else {
        Issue.record("no retry")
        return
      }
      #expect(
        policy.decision(after: .http(status: 503, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil), attempt: attempt, rng: &b)
          == .retry(afterMilliseconds: ms))
      delays.append(ms)
    }
    #expect((375...500).contains(delays[0]) && (750...1000).contains(delays[1]) && (1500...2000).contains(delays[2]))
    guard case .giveUp = policy.decision(after: .timeout, attempt: 4, rng: &a) else {
      Issue.record("the fourth failure must give up")
      return
    }
  }

  @Test func moderationAndClientErrorsAreNeverRetried() {
    var rng = SplitMix64(seed: 1)
    for code in ["moderation_blocked", "content_policy_violation", "contentFilter", "content_filter"] {
      let failure = AttemptFailure.http(status: 400, errorCode: code, retryAfterMilliseconds: 1, shouldRetry: true)
      #expect(failure.isModeration)
      #expect(failure.mayBeBilled)
      guard case .giveUp(let reason) = policy.decision(after: failure, attempt: 1, rng: &rng) else {
        Issue.record("\(code) was retried")
        continue
      }
      #expect(reason.contains(code))
    }
    guard
      case .giveUp = policy.decision(
        after: .http(status: 400, errorCode: "invalid_value", retryAfterMilliseconds: nil, shouldRetry: nil), attempt: 1, rng: &rng)
    else {
      Issue.record("a 400 was retried")
      return
    }
    guard
      case .giveUp = policy.decision(
        after: .http(status: 500, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: false), attempt: 1, rng: &rng)
    else {
      Issue.record("x-should-retry: false was ignored")
      return
    }
    #expect(!AttemptFailure.http(status: 429, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil).mayBeBilled)
    #expect(AttemptFailure.http(status: 500, errorCode: nil, retryAfterMilliseconds: nil, shouldRetry: nil).mayBeBilled)
    #expect(!AttemptFailure.notSent.mayBeBilled)
  }
}

@Suite struct RateLimiterTests {
  @Test func spacesRequestsEvenlyAtTheRPM() {
    var limiter = RateLimiter(requestsPerMinute: 60)
    let first = limiter.reserve(now: 0)
    let second = limiter.reserve(now: 0)
    let third = limiter.reserve(now: 500_000_000)
    // After an idle period the next request goes at once.
    let later = limiter.reserve(now: 10_000_000_000)
    #expect([first, second, third, later] == [0, 1_000_000_000, 2_000_000_000, 10_000_000_000])
  }

  @Test func burstAllowsThatManyAtOnce() {
    var limiter = RateLimiter(requestsPerMinute: 6, burst: 3)
    var slots: [UInt64] = []
    for _ in 0..<4 { slots.append(limiter.reserve(now: 0)) }
    #expect(slots == [0, 0, 0, 10_000_000_000])
  }
}
