/// Where a request's prompt token count comes from.
public enum PromptTokens: Hashable, Sendable {
  /// Billed text tokens, as the API reports them (`--prompt-tokens`). Used as is.
  case billed(Int)
  /// Counted from prompt text. `exact` is true for an o200k count; the per-request overhead
  /// assumption is added on generations.
  case counted(tokens: Int, exact: Bool)
  /// Nothing given: the price book's default prompt length (an assumption) is used.
  case unspecified
}

/// A fraction in parts per million, parsed from decimal text such as `0.25`.
public struct Share: Hashable, Sendable, CustomStringConvertible {
  public let partsPerMillion: Int64

  /// A share of `partsPerMillion` / 1,000,000 (clamped to 0…1,000,000).
  public init(partsPerMillion: Int64) { self.partsPerMillion = min(max(partsPerMillion, 0), 1_000_000) }

  public init?(decimal text: String) {
    guard let value = DecimalText(text), value.scale <= 6, let ppm = value.scaled(to: 6), ppm <= 1_000_000 else { return nil }
    partsPerMillion = ppm
  }

  /// `part × tokens`, rounded half-even to a whole token.
  public func of(_ tokens: Int64) -> Int64 {
    Int64(FixedPoint.divide(Int128(tokens) * Int128(partsPerMillion), by: 1_000_000, rounding: .halfEven))
  }

  public var description: String { FixedPoint.format(Int128(partsPerMillion), scale: 6, minimumFractionDigits: 1) }
}

/// How a request with n > 1 images bills its input (prompt text and input images).
public enum NBilling: String, Hashable, Sendable, CaseIterable, Codable {
  /// Once per image: a request for n images is billed as n separate calls (community measurements).
  case perImage = "per_image"
  /// Once per request, whatever n is.
  case perRequest = "per_request"
}

/// One image API request to price, as the user describes it. Unset fields take the price book's
/// defaults; ``Pricer`` validates everything against the model's capabilities.
public struct ImageRequest: Hashable, Sendable {
  public var model: String
  public var provider: String?
  public var deploymentType: String?
  public var region: String?
  public var operation: ImageOperation
  public var quality: String?
  public var size: ImageSize?
  public var n: Int
  public var inputImages: [ImageSize]
  /// `low` or `high`, as passed to `input_fidelity`.
  public var inputFidelity: String?
  public var partialImages: Int
  public var prompt: PromptTokens
  /// Prompt length in Unicode code points, when text was given (checked against the model limit).
  public var promptCharacters: Int?
  /// Overrides the text-output assumption (`--text-output-tokens`), per image.
  public var textOutputTokens: Int?
  /// Share of input tokens billed at cached rates (`--cached-share`); nil means 0 by assumption.
  public var cachedShare: Share?
  /// How a request with n > 1 bills its prompt and input images; nil takes the price book's default.
  public var nBilling: NBilling?
  /// An input-image rule to use instead of the model's default (one of its named alternatives).
  public var inputImageRule: String?

  public init(
    model: String, provider: String? = nil, deploymentType: String? = nil, region: String? = nil,
    operation: ImageOperation = .generate, quality: String? = nil, size: ImageSize? = nil, n: Int = 1,
    inputImages: [ImageSize] = [], inputFidelity: String? = nil, partialImages: Int = 0,
    prompt: PromptTokens = .unspecified, promptCharacters: Int? = nil, textOutputTokens: Int? = nil, cachedShare: Share? = nil,
    nBilling: NBilling? = nil
  ) {
    self.nBilling = nBilling
    self.model = model
    self.provider = provider
    self.deploymentType = deploymentType
    self.region = region
    self.operation = operation
    self.quality = quality
    self.size = size
    self.n = n
    self.inputImages = inputImages
    self.inputFidelity = inputFidelity
    self.partialImages = partialImages
    self.prompt = prompt
    self.promptCharacters = promptCharacters
    self.textOutputTokens = textOutputTokens
    self.cachedShare = cachedShare
  }

  /// Hashes the fields a logged request fills (equal requests hash alike; equality compares every field):
  /// a replay interns tens of thousands of distinct requests, and the rest are the same in all of them.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(model)
    hasher.combine(provider)
    hasher.combine(deploymentType)
    hasher.combine(region)
    hasher.combine(operation)
    hasher.combine(quality)
    hasher.combine(size)
    hasher.combine(n)
    hasher.combine(inputImages.count)
    hasher.combine(inputFidelity)
    hasher.combine(partialImages)
  }
}

/// Why a request cannot be priced. Each case reads as one full sentence.
public enum QuoteError: Error, Equatable, CustomStringConvertible, Sendable {
  case unknownModel(String, known: [String])
  case unknownInputImageRule(model: String, rule: String, known: [String])
  /// A plan month in which the workload's model is no longer served (the plan's on_retirement is infeasible).
  case retiredInPlan(model: String, provider: String, retired: CivilDate, successor: String?, month: String)
  case unknownProvider(String, known: [String])
  case unknownDeploymentType(String, provider: String, known: [String])
  case unsupportedOperation(model: String, operation: ImageOperation, supported: [ImageOperation])
  case unsupportedQuality(model: String, quality: String, supported: [String])
  case unsupportedSize(model: String, size: ImageSize, rule: String)
  case invalidN(model: String, n: Int, range: ClosedRange<Int>)
  case inputImagesOnGenerate
  case missingInputImage(model: String)
  case tooManyInputImages(model: String, count: Int, max: Int)
  case fidelityUnsupported(model: String)
  case fidelityMustBeOmitted(model: String)
  case fidelityOnGenerate
  case invalidFidelity(String)
  case partialImagesUnsupported(model: String)
  case invalidPartialImages(model: String, count: Int, range: ClosedRange<Int>)
  case promptTooLong(model: String, characters: Int, limit: Int)
  case noMeter(model: String, provider: String, deploymentType: String, available: [String])
  case noRateAtDate(model: String, provider: String, deploymentType: String, component: ComponentKind, date: CivilDate, ranges: [EffectiveRange])
  case regionRequired(model: String, provider: String, deploymentType: String, regions: [String])
  case noRateInRegion(model: String, provider: String, deploymentType: String, region: String, regions: [String])
  case missingComponentRate(model: String, provider: String, deploymentType: String, component: String)
  case missingTokenRule(model: String, rule: String)
  case invalidCount(name: String, value: Int)
  /// A quantity or amount beyond what imagecost adds up exactly (a plausibility bound, or 64-bit nano-dollars).
  case tooLarge(String)

  /// The description, but for a rate missing on a date, said of the logged requests' days rather than
  /// of one date: a replay groups unpriced records by this text, and every day between two rate changes
  /// gets the same answer, so the bucket does not depend on which day was priced first.
  public var undatedDescription: String {
    if case .noRateAtDate(let model, let provider, let deploymentType, let component, _, let ranges) = self {
      return QuoteError.noRate(
        model: model, provider: provider, deploymentType: deploymentType, component: component, on: "these requests' days", ranges: ranges)
    }
    return description
  }

  private static func noRate(
    model: String, provider: String, deploymentType: String, component: ComponentKind, on day: String, ranges: [EffectiveRange]
  ) -> String {
    let known = ranges.map { "from \($0.from)" + ($0.to.map { " to \($0)" } ?? "") }.joined(separator: "; ")
    return "No \(component.label) rate for \(model) on \(provider) \(deploymentType) is effective on \(day) (rates exist \(known))."
  }

  public var description: String {
    switch self {
    case .retiredInPlan(let model, let provider, let retired, let successor, let month):
      return "\(model) is retired on \(provider) on \(retired), so it cannot serve \(month) or later"
        + (successor.map { " (successor \($0)); set on_retirement: successor to move to it" } ?? "") + "."
    case .unknownInputImageRule(let model, let rule, let known):
      return "\(model) has no input-image rule '\(rule)'; use one of \(known.joined(separator: ", "))."
    case .unknownModel(let model, let known):
      let hint = NearestNames.didYouMean(model, in: known)
      return "Unknown model '\(model)'; " + (hint.isEmpty ? "" : hint + " ") + "The price book knows \(known.joined(separator: ", "))."
    case .unknownProvider(let provider, let known):
      return "Unknown provider '\(provider)'; use one of \(known.joined(separator: ", "))."
    case .unknownDeploymentType(let type, let provider, let known):
      return "Provider \(provider) has no deployment type '\(type)'; use one of \(known.joined(separator: ", "))."
    case .unsupportedOperation(let model, let operation, let supported):
      return "\(model) does not support the \(operation.rawValue) operation; it supports \(supported.map(\.rawValue).joined(separator: ", "))."
    case .unsupportedQuality(let model, let quality, let supported):
      return "Quality '\(quality)' is not available for \(model); use one of \(supported.joined(separator: ", "))."
    case .unsupportedSize(let model, let size, let rule):
      return "Size \(size) is not supported by \(model): \(rule)."
    case .invalidN(let model, let n, let range):
      if range.lowerBound == range.upperBound {
        return "\(model) accepts only n=\(range.lowerBound) per request, not n=\(n)."
      }
      return "n=\(n) is outside \(model)'s range of \(range.lowerBound)–\(range.upperBound) images per request."
    case .inputImagesOnGenerate:
      return "Input images are only sent with --operation edit; a generate request has none."
    case .missingInputImage(let model):
      return "An edit with \(model) needs at least one --input-image WxH."
    case .tooManyInputImages(let model, let count, let max):
      return "\(model) accepts at most \(max) input image\(max == 1 ? "" : "s") per edit, not \(count)."
    case .fidelityUnsupported(let model):
      return "\(model) does not support input_fidelity; omit --input-fidelity."
    case .fidelityMustBeOmitted(let model):
      return "\(model) always processes input images at high fidelity; input_fidelity must be omitted."
    case .fidelityOnGenerate:
      return "input_fidelity applies to edits only; use --operation edit with --input-image."
    case .invalidFidelity(let value):
      return "input_fidelity must be 'low' or 'high', not '\(value)'."
    case .partialImagesUnsupported(let model):
      return "\(model) does not stream partial images; omit --partial-images."
    case .invalidPartialImages(let model, let count, let range):
      return "partial_images=\(count) is outside \(model)'s range of \(range.lowerBound)–\(range.upperBound)."
    case .promptTooLong(let model, let characters, let limit):
      return "The prompt has \(characters) characters; \(model) accepts at most \(limit)."
    case .noMeter(let model, let provider, let deploymentType, let available):
      let alternatives = available.isEmpty ? "no deployment type of \(provider) prices it" : "it is priced under \(available.joined(separator: ", "))"
      return "No meter prices \(model) in \(provider) \(deploymentType) deployments; \(alternatives)."
    case .noRateAtDate(let model, let provider, let deploymentType, let component, let date, let ranges):
      return QuoteError.noRate(model: model, provider: provider, deploymentType: deploymentType, component: component, on: "\(date)", ranges: ranges)
    case .regionRequired(let model, let provider, let deploymentType, let regions):
      return "\(provider) \(deploymentType) prices for \(model) differ by region; pass --region (one of \(regions.joined(separator: ", ")))."
    case .noRateInRegion(let model, let provider, let deploymentType, let region, let regions):
      return "\(provider) \(deploymentType) has no price for \(model) in region \(region); priced regions: \(regions.joined(separator: ", "))."
    case .missingComponentRate(let model, let provider, let deploymentType, let component):
      return "The price book has no \(component) rate for \(model) on \(provider) \(deploymentType)."
    case .missingTokenRule(let model, let rule):
      return "The price book has no token rule '\(rule)' for \(model)."
    case .invalidCount(let name, let value):
      return "\(name) must be a non-negative whole number, not \(value)."
    case .tooLarge(let what):
      return what
    }
  }
}

/// The endpoint a request uses.
public enum ImageOperation: String, Hashable, Sendable, CaseIterable, Codable {
  case generate
  case edit
}
