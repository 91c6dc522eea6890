/// One planned live call: what is sent, and the request shape it is priced as.
public struct LiveCall: Hashable, Sendable {
  /// Unique within the run, e.g. `gen-low#2`.
  public let id: String
  /// Position in the run (0-based); calls start in this order.
  public let seq: Int
  /// The workload (or calibration probe) the call belongs to, for per-group reconciliation.
  public let group: String
  /// The Azure deployment name (routes the call; the v1 path sends it as `model`); nil on OpenAI.
  public let deployment: String?
  /// The request as priced: model, operation, quality, size, n, input-image sizes, fidelity, partial images, prompt tokens.
  public let request: ImageRequest
  /// The prompt text sent.
  public let prompt: String
  /// Paths of the input images (edits) and of the mask, read by the edge when the call is sent.
  public let inputFiles: [String]
  public let maskFile: String?
  /// `png`, `jpeg` or `webp` (GPT image models); nil leaves the provider default.
  public let outputFormat: String?
  /// `transparent`, `opaque` or `auto`; nil leaves the provider default.
  public let background: String?

  public init(
    id: String, seq: Int, group: String, deployment: String?, request: ImageRequest, prompt: String, inputFiles: [String] = [],
    maskFile: String? = nil, outputFormat: String? = nil, background: String? = nil
  ) {
    self.id = id
    self.seq = seq
    self.group = group
    self.deployment = deployment
    self.request = request
    self.prompt = prompt
    self.inputFiles = inputFiles
    self.maskFile = maskFile
    self.outputFormat = outputFormat
    self.background = background
  }

  /// True when the call asks for a stream of partial images (SSE).
  public var streams: Bool { request.partialImages > 0 }

  /// The request parameters as a JSON object with sorted keys (for the journal's `request` column):
  /// no secrets, no image bytes — input files are listed by path.
  public var parametersJSON: String {
    var fields: [(String, JSONText)] = [
      ("model", .string(request.model)), ("operation", .string(request.operation.rawValue)), ("n", .int(request.n)),
      ("prompt", .string(prompt)),
    ]
    if let deployment { fields.append(("deployment", .string(deployment))) }
    if let quality = request.quality { fields.append(("quality", .string(quality))) }
    if let size = request.size { fields.append(("size", .string(size.description))) }
    if request.partialImages > 0 { fields.append(("partial_images", .int(request.partialImages))) }
    if let fidelity = request.inputFidelity { fields.append(("input_fidelity", .string(fidelity))) }
    if !inputFiles.isEmpty { fields.append(("input_files", .array(inputFiles.map { .string($0) }))) }
    if !request.inputImages.isEmpty { fields.append(("input_sizes", .array(request.inputImages.map { .string($0.description) }))) }
    if let maskFile { fields.append(("mask_file", .string(maskFile))) }
    if let outputFormat { fields.append(("output_format", .string(outputFormat))) }
    if let background { fields.append(("background", .string(background))) }
    if let provider = request.provider { fields.append(("provider", .string(provider))) }
    if let type = request.deploymentType { fields.append(("deployment_type", .string(type))) }
    if let region = request.region { fields.append(("region", .string(region))) }
    return JSONText.object(fields).encoded
  }
}
