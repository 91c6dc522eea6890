import CostCore

/// An input file of an edit, read by the edge and handed to the body builder.
public struct ImageFile: Hashable, Sendable {
  public let filename: String
  public let contentType: String
  public let bytes: [UInt8]

  public init(filename: String, contentType: String, bytes: [UInt8]) {
    self.filename = filename
    self.contentType = contentType
    self.bytes = bytes
  }
}

/// A fully built HTTP request, without credentials (the edge adds the auth header).
public struct PreparedRequest: Hashable, Sendable {
  public let method: String
  public let url: String
  /// Non-secret headers (content type, accept, the client request id).
  public let headers: [String: String]
  public let body: [UInt8]
  /// True for SSE requests (`stream: true`).
  public let streams: Bool

  public init(method: String = "POST", url: String, headers: [String: String], body: [UInt8], streams: Bool) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.streams = streams
  }
}

/// Builds the HTTP request of a ``LiveCall``: JSON for generations, `multipart/form-data` for edits.
public enum ImageCallRequestBuilder {
  /// The header that carries imagecost's id of one attempt (`callID/attempt`), so a call can be matched
  /// to server logs; OpenAI accepts it as its client request id, other servers ignore it.
  public static let clientRequestIDHeader = "X-Client-Request-Id"

  /// The JSON body of a generation; `capabilities` are the model's (its `response_format`), nil for the defaults.
  public static func generationBody(_ call: LiveCall, endpoint: LiveEndpoint, capabilities: Capabilities? = nil) -> [UInt8] {
    Array(JSONText.object(commonFields(call, endpoint: endpoint, capabilities: capabilities).map { ($0.0, $0.1) }).encoded.utf8)
  }

  /// The multipart form of an edit: the fields, then the model's edit image field (`image[]`, or `image` on
  /// DALL·E: `capabilities.editImageField`) for each input file, then `mask`.
  public static func editForm(
    _ call: LiveCall, endpoint: LiveEndpoint, images: [ImageFile], mask: ImageFile?, boundary: String, capabilities: Capabilities? = nil
  ) -> MultipartForm {
    var form = MultipartForm(boundary: boundary)
    for (name, value) in commonFields(call, endpoint: endpoint, capabilities: capabilities) {
      switch value {
      case .string(let text): form.addField(name, text)
      case .int(let number): form.addField(name, String(number))
      case .bool(let flag): form.addField(name, flag ? "true" : "false")
      default: form.addField(name, value.encoded)
      }
    }
    let imageField = capabilities?.editImageField ?? Capabilities.defaultEditImageField
    for image in images { form.addFile(imageField, filename: image.filename, contentType: image.contentType, content: image.bytes) }
    if let mask { form.addFile("mask", filename: mask.filename, contentType: mask.contentType, content: mask.bytes) }
    return form
  }

  /// The request for one attempt of `call`; `capabilities` are the model's in the price book (nil for the defaults).
  public static func request(
    _ call: LiveCall, endpoint: LiveEndpoint, attempt: Int, images: [ImageFile] = [], mask: ImageFile? = nil, boundary: String = "imagecost-boundary",
    capabilities: Capabilities? = nil
  ) -> PreparedRequest {
    let url = endpoint.url(for: call.request.operation, deployment: call.deployment)
    var headers = [clientRequestIDHeader: "\(call.id)/\(attempt)"]
    headers["Accept"] = call.streams ? "text/event-stream" : "application/json"
    let body: [UInt8]
    switch call.request.operation {
    case .generate:
      headers["Content-Type"] = "application/json"
      body = generationBody(call, endpoint: endpoint, capabilities: capabilities)
    case .edit:
      let form = editForm(call, endpoint: endpoint, images: images, mask: mask, boundary: boundary, capabilities: capabilities)
      headers["Content-Type"] = form.contentType
      body = form.body()
    }
    return PreparedRequest(url: url, headers: headers, body: body, streams: call.streams)
  }

  /// Fields shared by both operations, in a fixed order.
  static func commonFields(_ call: LiveCall, endpoint: LiveEndpoint, capabilities: Capabilities?) -> [(String, JSONText)] {
    let r = call.request
    var fields: [(String, JSONText)] = []
    switch endpoint.style {
    case .openAI: fields.append(("model", .string(r.model)))
    case .azureV1: fields.append(("model", .string(call.deployment ?? r.model)))
    case .azureClassic: break
    }
    fields.append(("prompt", .string(call.prompt)))
    fields.append(("n", .int(r.n)))
    if let size = r.size { fields.append(("size", .string(size.description))) }
    if let quality = r.quality { fields.append(("quality", .string(quality))) }
    if r.operation == .edit, let fidelity = r.inputFidelity { fields.append(("input_fidelity", .string(fidelity))) }
    if let format = call.outputFormat { fields.append(("output_format", .string(format))) }
    if let background = call.background { fields.append(("background", .string(background))) }
    if let format = capabilities?.responseFormat { fields.append(("response_format", .string(format))) }
    if call.streams {
      fields.append(("stream", .bool(true)))
      fields.append(("partial_images", .int(r.partialImages)))
    }
    return fields
  }
}
