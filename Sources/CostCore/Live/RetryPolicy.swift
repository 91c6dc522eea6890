/// How one attempt of a live call ended, as far as retrying and billing are concerned.
public enum AttemptFailure: Hashable, Sendable {
  /// The server answered with an error status. `errorCode` is the provider's `error.code`
  /// (`moderation_blocked`, `contentFilter`, `rate_limit_exceeded`, …) when the body had one.
  case http(status: Int, errorCode: String?, retryAfterMilliseconds: Int?, shouldRetry: Bool?, safetyRefusal: Bool = false)
  /// No complete answer within the time limit, after the request was sent.
  case timeout
  /// The connection failed before the request could be sent (refused, DNS): nothing reached the server.
  case notSent
  /// The connection broke after the request was sent, or the stream ended before its completed event.
  case connectionLost
  /// A 2xx answer whose body could not be understood (malformed JSON, no completed event data).
  case malformedResponse
  /// An answer whose `usage` is not believable (negative, inconsistent, or far above the call's worst
  /// case; see ``UsagePlausibility``): handled like a malformed answer — charged its worst case, not retried.
  case implausibleUsage

  /// True for the provider's refusals on safety grounds (OpenAI `moderation_blocked` /
  /// `content_policy_violation`, Azure `contentFilter` / `content_filter` / `ResponsibleAIPolicyViolation`).
  public var isModeration: Bool {
    guard case .http(let status, let code, _, _, let safety) = self, status == 400 else { return false }
    return safety || code.map(AttemptFailure.moderationCodes.contains) == true
  }

  /// True when an error's type or message says it is a safety refusal even without a known code (older
  /// OpenAI answers: `code: null`, "…rejected as a result of our safety system").
  public static func looksLikeSafetyRefusal(type: String?, message: String?) -> Bool {
    if type == "image_generation_user_error" { return true }
    guard let message = message?.lowercased() else { return false }
    return ["safety system", "content policy", "content_policy", "moderation", "content filter", "responsible ai"].contains { message.contains($0) }
  }

  /// Error codes that mean a safety refusal; never retried.
  public static let moderationCodes: Set<String> = [
    "moderation_blocked", "content_policy_violation", "contentFilter", "content_filter", "ResponsibleAIPolicyViolation",
  ]

  /// Whether the provider may have billed the attempt. Only answers that show the request was not
  /// processed — 429, 401/403/404, a non-moderation 400/422, or a failure before sending — are taken
  /// as unbilled; everything else (timeouts, cut streams, 5xx, moderation refusals, malformed 2xx) may
  /// have been billed, and the spend cap charges it at its worst case.
  public var mayBeBilled: Bool {
    switch self {
    case .notSent: return false
    case .timeout, .connectionLost, .malformedResponse, .implausibleUsage: return true
    case .http(let status, _, _, _, _):
      if isModeration { return true }
      if status == 429 || status == 401 || status == 403 || status == 404 || status == 400 || status == 422 || status == 413 { return false }
      return true
    }
  }

  /// A short machine code for the journal: the provider's code, else `http_<status>`, `timeout`, ….
  public var code: String {
    switch self {
    case .http(let status, let code, _, _, let safety): return code ?? (safety ? "safety_refusal" : "http_\(status)")
    case .timeout: return "timeout"
    case .notSent: return "not_sent"
    case .connectionLost: return "connection_lost"
    case .malformedResponse: return "malformed_response"
    case .implausibleUsage: return "implausible_usage"
    }
  }
}

/// What to do after a failed attempt.
public enum RetryDecision: Hashable, Sendable {
  /// Try again after this many milliseconds.
  case retry(afterMilliseconds: Int)
  /// Give up; the reason is one sentence.
  case giveUp(String)
}

/// Retries with exponential backoff and jitter, honouring the server's `retry-after-ms` and then
/// `retry-after` headers, as openai-python does.
///
/// - Retried: 429, 408, 409, every 5xx, timeouts, lost connections and connections that could not be
///   made (each retry is a new attempt that must fit under the spend cap again).
/// - Never retried: moderation and content-filter refusals, other 4xx, malformed 2xx answers, and any
///   answer with `x-should-retry: false`; `x-should-retry: true` forces a retry of anything else.
/// - Delay for attempt k (1-based, after k failures): the server's hint when it is given and at most
///   ``maxServerDelayMilliseconds``, else `min(maxDelay, base × 2^(k-1))` scaled by a jitter factor drawn
///   uniformly from `1 - jitter … 1` (the generator is injected, so delays are reproducible).
public struct RetryPolicy: Hashable, Sendable {
  /// Attempts per call, the first included.
  public var maxAttempts: Int
  public var baseDelayMilliseconds: Int
  public var maxDelayMilliseconds: Int
  /// Fraction of the backoff removed at random (0 = none, 0.25 = up to 25 % shorter).
  public var jitterPercent: Int
  /// Server hints longer than this are capped to it.
  public var maxServerDelayMilliseconds: Int

  public init(
    maxAttempts: Int = 4, baseDelayMilliseconds: Int = 500, maxDelayMilliseconds: Int = 8_000, jitterPercent: Int = 25,
    maxServerDelayMilliseconds: Int = 60_000
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelayMilliseconds = baseDelayMilliseconds
    self.maxDelayMilliseconds = maxDelayMilliseconds
    self.jitterPercent = jitterPercent
    self.maxServerDelayMilliseconds = maxServerDelayMilliseconds
  }

  /// The decision after `failure` ended attempt number `attempt` (1-based).
  public func decision<G: RandomNumberGenerator>(after failure: AttemptFailure, attempt: Int, rng: inout G) -> RetryDecision {
    if failure.isModeration {
      return .giveUp("The provider refused the request on safety grounds (\(failure.code)); it is not retried.")
    }
    var retryable: Bool
    var hint: Int?
    switch failure {
    case .http(let status, _, let retryAfter, let shouldRetry, _):
      retryable = status == 429 || status == 408 || status == 409 || (500...599).contains(status)
      if let shouldRetry { retryable = shouldRetry }
      hint = retryAfter
    case .timeout, .connectionLost, .notSent:
      retryable = true
    case .malformedResponse, .implausibleUsage:
      retryable = false
    }
    guard retryable else { return .giveUp("The answer (\(failure.code)) is not one that a retry can fix.") }
    guard attempt < maxAttempts else {
      return .giveUp("The call failed \(attempt) time\(attempt == 1 ? "" : "s"), the most attempts allowed (last: \(failure.code)).")
    }
    if let hint, hint >= 0 { return .retry(afterMilliseconds: min(hint, maxServerDelayMilliseconds)) }
    let exponent = min(attempt - 1, 30)
    let backoff = min(maxDelayMilliseconds, baseDelayMilliseconds << exponent)
    let jitterRange = UInt64(backoff * jitterPercent / 100)
    let cut = jitterRange == 0 ? 0 : Int(rng.next() % (jitterRange + 1))
    return .retry(afterMilliseconds: backoff - cut)
  }

  /// The server's retry hint: `retry-after-ms` (milliseconds, may be fractional) first, then `retry-after`
  /// in seconds (an HTTP date is not used: it would need the wall clock). Header names are matched
  /// case-insensitively. Nil when neither is usable.
  public static func serverDelay(headers: [String: String]) -> Int? {
    func value(_ name: String) -> String? {
      headers.first { $0.key.lowercased() == name }?.value.trimmingSpaces
    }
    if let ms = value("retry-after-ms"), let parsed = milliseconds(ms, scale: 1) { return parsed }
    if let seconds = value("retry-after"), let parsed = milliseconds(seconds, scale: 1000) { return parsed }
    return nil
  }

  /// Parses `12`, `12.5` (non-negative decimal) × `scale`, rounded up to whole milliseconds.
  static func milliseconds(_ text: String, scale: Int) -> Int? {
    guard let value = DecimalText(text), value.scale <= 6, value.significand < 1_000_000_000_000 else { return nil }
    var divisor: Int128 = 1
    for _ in 0..<value.scale { divisor *= 10 }
    let numerator = value.significand * Int128(scale)
    return Int((numerator + divisor - 1) / divisor)
  }
}

extension String {
  var trimmingSpaces: String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
