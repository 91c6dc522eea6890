/// A live plan (`kind: live`): a short list of real calls to make, e.g. a smoke test.
///
/// Unlike a planning workload, a live call says exactly what is sent: the prompt text, the input image
/// files of an edit, how many identical calls. See `examples/smoke.yaml`.
public struct LivePlan: Hashable, Sendable {
  public let name: String
  public let calls: [LivePlanCall]

  public init(name: String, calls: [LivePlanCall]) {
    self.name = name
    self.calls = calls
  }

  /// The number of API calls the plan makes.
  public var callCount: Int { calls.reduce(0) { $0 + $1.callCount } }
}

/// One entry of a live plan: a request shape, its prompts and how often to send it.
public struct LivePlanCall: Hashable, Sendable {
  /// The key in the plan (the group for reconciliation).
  public let id: String
  public let model: String
  public let operation: ImageOperation
  public let quality: String?
  public let size: ImageSize?
  public let n: Int
  /// Identical calls per prompt.
  public let repeatCount: Int
  /// One call per prompt (× ``repeatCount``).
  public let prompts: [String]
  /// Streamed partial images (0 = no streaming).
  public let partialImages: Int
  /// Input image files of an edit, resolved against the plan's folder.
  public let images: [String]
  public let mask: String?
  public let inputFidelity: String?
  public let outputFormat: String?
  public let background: String?
  /// The Azure deployment to use (default: the `--deployment` that maps to the model).
  public let deployment: String?

  public init(
    id: String, model: String, operation: ImageOperation, quality: String?, size: ImageSize?, n: Int, repeatCount: Int, prompts: [String],
    partialImages: Int, images: [String], mask: String?, inputFidelity: String?, outputFormat: String?, background: String?, deployment: String?
  ) {
    self.id = id
    self.model = model
    self.operation = operation
    self.quality = quality
    self.size = size
    self.n = n
    self.repeatCount = repeatCount
    self.prompts = prompts
    self.partialImages = partialImages
    self.images = images
    self.mask = mask
    self.inputFidelity = inputFidelity
    self.outputFormat = outputFormat
    self.background = background
    self.deployment = deployment
  }

  public var callCount: Int { prompts.count * repeatCount }
}
