/// The largest quantities imagecost accepts from a request log, a provider export, a plan, a ledger row or a
/// flag: one place for every bound (see "Plausibility bounds" in the README).
///
/// A logged quantity beyond its bound is a bad line (`file:line: usage.output_tokens 900000000000000000 is
/// beyond the plausible maximum of 10,000,000 tokens per request`), skipped with `--skip-bad` like any other;
/// a flag or plan value beyond its bound is a usage error. The bounds are far above anything the image APIs
/// return (a gpt-image request of 10 high-quality 1536x1024 images bills about 62,000 output tokens) and low
/// enough that no sum imagecost forms of a bounded value can overflow 64-bit nano-dollars before it is
/// checked: a record costs at most `tokensPerRequest` × the dearest rate, and every running total is added
/// with overflow checks, which turn into a typed error, never a crash.
///
/// They are constants here so that they can later move to the price book (a named, validated section).
public struct PlausibilityBounds: Sendable {
  /// Tokens in one request, for each usage field (input, output and their details).
  public static let tokensPerRequest: Int64 = 10_000_000
  /// Images per request (`n`).
  public static let imagesPerRequest: Int64 = 100
  /// Partial images per image (`partial_images`).
  public static let partialImagesPerImage: Int64 = 100
  /// Input images of one edit (`input_images`).
  public static let inputImagesPerRequest: Int64 = 1_000
  /// Pixels on either side of an image (`size`, `input_images`).
  public static let imageSide: Int64 = 100_000
  /// Images a pipeline stage makes per final image (a plan's `per_final`).
  public static let imagesPerFinal: Int64 = 1_000_000
  /// Requests priced at once (`quote --requests`, a plan's volumes, a mapped CSV's count column).
  public static let requestsPerQuote: Int64 = 1_000_000_000
  /// One line's amount in a provider cost export, either sign, in its currency: 10^8 units (1e17 nano-units).
  public static let exportAmountNanos: Int64 = 100_000_000 * 1_000_000_000
  /// Images or requests in one bucket of a usage export.
  public static let exportImagesPerLine: Int64 = 1_000_000_000
  /// The latest time accepted, in unix seconds (9999-12-31T23:59:59Z): `created`, an export bucket's `start_time`.
  public static let latestUnixSeconds: Int64 = 253_402_300_799

  /// Live mode: the most tokens one answer's usage may report in any field (10^12) before the call is charged its
  /// worst case instead — far below the 2^63 at which pricing the count would overflow. (A live answer is
  /// checked against its own call's worst case too: ``liveWorstCaseFactor``.)
  public static let liveUsageTokens: Int64 = 1_000_000_000_000
  /// Live mode: a usage is believed only when its input and output totals are at most this many times the
  /// call's whole worst-case token count, plus ``liveSlackTokens``.
  public static let liveWorstCaseFactor: Int64 = 10
  /// Live mode: tokens allowed above the scaled worst case (small calls, unexpected overheads).
  public static let liveSlackTokens: Int64 = 10_000

  /// "`name` `value` is beyond the plausible maximum of `max` `unit`" when `value` is above `max`, else nil.
  public static func excess(_ name: String, _ value: Int64, max: Int64, unit: String) -> String? {
    guard value > max else { return nil }
    return "\(name) \(value) is beyond the plausible maximum of \(FixedPoint.grouped(max)) \(unit)"
  }

  /// The first quantity of a logged record beyond its bound, as a sentence's first part; nil when all are
  /// plausible. Used by the request-log readers (a bad line) and for rows already in a ledger (unpriceable).
  public static func violation(of record: UsageRecord) -> String? {
    record.usage.flatMap(violation(of:)) ?? violation(of: record.request)
  }

  /// The first usage field beyond its bound (or negative), or nil.
  public static func violation(of usage: ImageUsage) -> String? {
    let fields: [(String, Int64?)] = [
      ("usage.input_tokens", usage.inputTokens), ("usage.input_tokens_details.text_tokens", usage.inputTextTokens),
      ("usage.input_tokens_details.image_tokens", usage.inputImageTokens), ("usage.output_tokens", usage.outputTokens),
      ("usage.output_tokens_details.image_tokens", usage.outputImageTokens), ("usage.output_tokens_details.text_tokens", usage.outputTextTokens),
    ]
    for case (let name, let value?) in fields {
      if let text = excess(name, value, max: tokensPerRequest, unit: "tokens per request") { return text }
      if value < 0 { return "\(name) \(value) is negative" }
    }
    return nil
  }

  /// Whether every usage field is within its bound (the replay scanner's quick test; the same answer as
  /// ``violation(of:)-(ImageUsage)`` being nil).
  @inline(__always) public static func plausible(_ usage: ImageUsage) -> Bool {
    func ok(_ v: Int64?) -> Bool { v.map { $0 >= 0 && $0 <= tokensPerRequest } ?? true }
    return ok(usage.inputTokens) && ok(usage.outputTokens) && ok(usage.inputTextTokens) && ok(usage.inputImageTokens)
      && ok(usage.outputImageTokens) && ok(usage.outputTextTokens)
  }

  /// The first request field beyond its bound, or nil.
  public static func violation(of r: ImageRequest) -> String? {
    if let text = excess("n", Int64(r.n), max: imagesPerRequest, unit: "images per request") { return text }
    if r.n < 0 { return "n \(r.n) is negative" }
    if let text = excess("partial_images", Int64(r.partialImages), max: partialImagesPerImage, unit: "partial images per image") { return text }
    if r.partialImages < 0 { return "partial_images \(r.partialImages) is negative" }
    if let text = excess("input_images", Int64(r.inputImages.count), max: inputImagesPerRequest, unit: "input images per request") { return text }
    if let size = r.size, let text = sideExcess("size", size) { return text }
    switch r.prompt {
    case .billed(let tokens), .counted(let tokens, _):
      if let text = excess("prompt tokens", Int64(tokens), max: tokensPerRequest, unit: "tokens per request") { return text }
    case .unspecified: break
    }
    if let tokens = r.textOutputTokens, let text = excess("text output tokens", Int64(tokens), max: tokensPerRequest, unit: "tokens per image") {
      return text
    }
    for (index, image) in r.inputImages.enumerated() {
      if let text = sideExcess("input_images[\(index)]", image) { return text }
    }
    return nil
  }

  static func sideExcess(_ name: String, _ size: ImageSize) -> String? {
    guard Int64(size.width) > imageSide || Int64(size.height) > imageSide || size.width <= 0 || size.height <= 0 else { return nil }
    return "\(name) \(size.width)x\(size.height) is beyond the plausible maximum of \(FixedPoint.grouped(imageSide)) pixels a side"
  }
}
