/// How a replay, import or report speaks of a logged request the capability table would refuse: of what the
/// log says, never of command-line flags (the request was sent by someone else, not typed here).
extension QuoteError {
  /// For a record priced from its logged usage despite the capability table, what the records did, as the
  /// middle of "N record(s) … ; priced from their usage" (nil: not a capability check).
  public var loggedDisagreement: String? {
    switch self {
    case .unsupportedOperation(let model, let operation, _):
      return "used the \(operation.rawValue) operation on \(model), which the price book says lacks it"
    case .unsupportedQuality(let model, let quality, _):
      return "used quality \(quality) on \(model), which the price book does not list for it"
    case .unsupportedSize(let model, let size, _):
      return "used size \(size) on \(model), which the price book's size rules do not allow"
    case .invalidN(let model, _, let range):
      return "logged an n outside \(model)'s range of \(range.lowerBound)–\(range.upperBound) in the price book"
    case .inputImagesOnGenerate:
      return "logged input images on a generate request"
    case .missingInputImage(let model):
      return "logged an edit with \(model) without its input images"
    case .tooManyInputImages(let model, _, let max):
      return "sent more input images than the price book allows for \(model) (\(max))"
    case .fidelityUnsupported(let model):
      return "used input_fidelity on \(model), which the price book says lacks it"
    case .fidelityMustBeOmitted(let model):
      return "set input_fidelity on \(model), which the price book says always uses high fidelity"
    case .fidelityOnGenerate:
      return "logged input_fidelity on a generate request"
    case .invalidFidelity(let value):
      return "logged input_fidelity=\(value), which is neither low nor high"
    case .partialImagesUnsupported(let model):
      return "logged partial_images on \(model), which the price book says does not stream them"
    case .invalidPartialImages(let model, _, let range):
      return "logged partial_images outside \(model)'s range of \(range.lowerBound)–\(range.upperBound) in the price book"
    case .promptTooLong(let model, _, let limit):
      return "had prompts longer than the \(limit) characters the price book allows for \(model)"
    default:
      return nil
    }
  }

  /// Why a logged request cannot be priced without its usage (an estimate) or repriced (a what-if), said
  /// of the log's own values (`subject` "logged"; a what-if says "repriced"); `consequence` ends the sentence.
  public func loggedDescription(
    of request: ImageRequest, as subject: String = "logged", consequence: String = "without usage it cannot be estimated"
  ) -> String {
    switch self {
    case .unsupportedOperation(let model, let operation, let supported):
      return
        "The \(subject) operation=\(operation.rawValue) is not one \(model) supports (\(supported.map(\.rawValue).joined(separator: ", "))); \(consequence)."
    case .unsupportedQuality(let model, let quality, let supported):
      return "The \(subject) quality=\(quality) is not one the price book lists for \(model) (\(supported.joined(separator: ", "))); \(consequence)."
    case .unsupportedSize(let model, let size, let rule):
      return "The \(subject) size=\(size) is not one \(model) supports (\(rule)); \(consequence)."
    case .invalidN(let model, let n, let range):
      return "The \(subject) n=\(n) is outside \(model)'s range of \(range.lowerBound)–\(range.upperBound); \(consequence)."
    case .inputImagesOnGenerate:
      return "The \(subject) generate request has input_images, which only edits take; \(consequence)."
    case .missingInputImage(let model):
      return "The \(subject) \(model) edit has neither usage nor input_images sizes, so its image input cannot be estimated."
    case .tooManyInputImages(let model, let count, let max):
      return "The \(subject) edit has \(count) input images; \(model) accepts at most \(max), so \(consequence)."
    case .fidelityUnsupported(let model):
      return "The \(subject) input_fidelity=\(request.inputFidelity ?? "") is not supported by \(model) in the price book; \(consequence)."
    case .fidelityMustBeOmitted(let model):
      return "The \(subject) input_fidelity=\(request.inputFidelity ?? "") conflicts with \(model), which always uses high fidelity; \(consequence)."
    case .fidelityOnGenerate:
      return "The \(subject) input_fidelity=\(request.inputFidelity ?? "") is on a generate request (edits only); \(consequence)."
    case .invalidFidelity(let value):
      return "The \(subject) input_fidelity=\(value) is neither low nor high; \(consequence)."
    case .partialImagesUnsupported(let model):
      return
        "The \(subject) partial_images=\(request.partialImages) is not supported by \(model), which does not stream partial images; \(consequence)."
    case .invalidPartialImages(let model, let count, let range):
      return "The \(subject) partial_images=\(count) is outside \(model)'s range of \(range.lowerBound)–\(range.upperBound); \(consequence)."
    case .regionRequired(let model, let provider, let deploymentType, let regions):
      return
        "\(provider) \(deploymentType) prices for \(model) differ by region and the \(subject) request names none (one of \(regions.joined(separator: ", ")))."
    default:
      return undatedDescription
    }
  }
}

/// Records priced from their logged usage although the price book's capability table would refuse the
/// request: counted and listed like an assumption, never left unpriced.
public struct CapabilityDisagreement: Hashable, Sendable {
  /// What the records did (``QuoteError/loggedDisagreement``).
  public let text: String
  public var records: Int64

  public init(text: String, records: Int64) {
    self.text = text
    self.records = records
  }

  /// "12,340 records used input_fidelity on …; priced from their usage."
  public var sentence: String {
    "\(FixedPoint.grouped(records)) record\(records == 1 ? "" : "s") \(text); priced from \(records == 1 ? "its" : "their") usage."
  }
}
