/// The API a live call is sent to.
public enum LiveProvider: String, Hashable, Sendable, CaseIterable, Codable {
  /// Azure OpenAI: `api-key` header; the deployment name routes the request.
  case azure
  /// OpenAI API: `Authorization: Bearer` header; the body names the model.
  case openai
}

/// Where image requests go: a base URL and the path scheme of one provider.
public struct LiveEndpoint: Hashable, Sendable {
  /// The path scheme.
  public enum Style: Hashable, Sendable {
    /// `/openai/deployments/{deployment}/images/{generations|edits}?api-version=…`
    case azureClassic(apiVersion: String)
    /// `/openai/v1/images/{generations|edits}` (body `model` = deployment name), with an optional `api-version`.
    case azureV1(apiVersion: String?)
    /// `/v1/images/{generations|edits}`
    case openAI
  }

  /// The api-version imagecost uses on the classic Azure path (GPT image support arrived in it).
  public static let defaultAzureAPIVersion = "2025-04-01-preview"
  /// The OpenAI API's base URL.
  public static let openAIBaseURL = "https://api.openai.com"

  /// `scheme://host[:port][/prefix]` without a trailing slash, query or fragment.
  public let baseURL: String
  /// The query of the address given (`x=1` of `https://host/path?x=1`), kept on every request; nil when none.
  public let query: String?
  public let style: Style

  /// - Parameter baseURL: the resource or server address; a trailing `/` is removed, and for OpenAI a
  ///   trailing `/v1` too (so `https://api.openai.com/v1` and `https://api.openai.com` mean the same).
  ///   A query (`?x=1`) is kept and sent with every request after the API path; a fragment is dropped.
  public init(baseURL: String, style: Style) {
    var base = baseURL
    var query: String?
    if let hash = base.firstIndex(of: "#") { base = String(base[..<hash]) }
    if let mark = base.firstIndex(of: "?") {
      let text = String(base[base.index(after: mark)...])
      query = text.isEmpty ? nil : text
      base = String(base[..<mark])
    }
    while base.hasSuffix("/") { base.removeLast() }
    switch style {
    case .openAI where base.hasSuffix("/v1"): base.removeLast(3)
    case .azureV1 where base.hasSuffix("/openai/v1"): base.removeLast(10)
    default: break
    }
    self.baseURL = base
    self.query = query
    self.style = style
  }

  public var provider: LiveProvider {
    if case .openAI = style { return .openai }
    return .azure
  }

  /// The full URL of `operation` (for Azure classic, of `deployment`'s route): the API path goes after
  /// the base's path, and the base's query (if any) comes first in the query, before `api-version`
  /// (which is left out when the base's query already sets one).
  public func url(for operation: ImageOperation, deployment: String?) -> String {
    let tail = operation == .generate ? "images/generations" : "images/edits"
    let path: String
    var version: String?
    switch style {
    case .azureClassic(let v):
      path = "/openai/deployments/\(LiveEndpoint.pathSegment(deployment ?? ""))/\(tail)"
      version = v
    case .azureV1(let v):
      path = "/openai/v1/\(tail)"
      version = v
    case .openAI:
      path = "/v1/\(tail)"
    }
    var parameters: [String] = query.map { [$0] } ?? []
    let setsVersion = query?.split(separator: "&").contains { $0.hasPrefix("api-version=") } ?? false
    if let version, !setsVersion { parameters.append("api-version=\(LiveEndpoint.queryValue(version))") }
    return baseURL + path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
  }

  /// Percent-encodes everything but RFC 3986 unreserved characters.
  static func pathSegment(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF")
        out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
      }
    }
    return out
  }

  static func queryValue(_ text: String) -> String { pathSegment(text) }

  /// `url` without its query string and fragment: what error messages and journals show.
  public static func redactedURL(_ url: String) -> String {
    var cut = url.endIndex
    if let q = url.firstIndex(of: "?") { cut = q }
    if let f = url.firstIndex(of: "#"), f < cut { cut = f }
    var text = String(url[..<cut])
    // Drop any user:password@ part of the authority.
    let characters = Array(text)
    if let colon = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" }) {
      let authorityStart = colon + 3
      let authorityEnd = characters[authorityStart...].firstIndex(of: "/") ?? characters.count
      if let at = characters[authorityStart..<authorityEnd].lastIndex(of: "@") {
        text = String(characters[..<authorityStart]) + String(characters[(at + 1)...])
      }
    }
    return text
  }
}

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

/// A small JSON writer (sorted keys, no whitespace) for request bodies and journal columns.
public indirect enum JSONText: Hashable, Sendable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([JSONText])
  case object([(String, JSONText)])

  public static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.encoded == rhs.encoded }
  public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }

  /// The compact encoding; object keys sorted by their UTF-8 bytes.
  public var encoded: String {
    switch self {
    case .string(let text): return JSONText.quote(text)
    case .int(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let items): return "[" + items.map(\.encoded).joined(separator: ",") + "]"
    case .object(let pairs):
      let sorted = pairs.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
      return "{" + sorted.map { JSONText.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
    }
  }

  /// A JSON string literal with the mandatory escapes (and every control character as `\u00XX`).
  public static func quote(_ text: String) -> String { JSONString.quote(text) }
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

  /// The JSON body of a generation.
  public static func generationBody(_ call: LiveCall, endpoint: LiveEndpoint) -> [UInt8] {
    Array(JSONText.object(commonFields(call, endpoint: endpoint).map { ($0.0, $0.1) }).encoded.utf8)
  }

  /// The multipart form of an edit: the fields, then `image[]` (or `image` when there is exactly one
  /// input on a DALL·E model) for each input file, then `mask`.
  public static func editForm(_ call: LiveCall, endpoint: LiveEndpoint, images: [ImageFile], mask: ImageFile?, boundary: String) -> MultipartForm {
    var form = MultipartForm(boundary: boundary)
    for (name, value) in commonFields(call, endpoint: endpoint) {
      switch value {
      case .string(let text): form.addField(name, text)
      case .int(let number): form.addField(name, String(number))
      case .bool(let flag): form.addField(name, flag ? "true" : "false")
      default: form.addField(name, value.encoded)
      }
    }
    let imageField = call.request.model.hasPrefix("dall-e") ? "image" : "image[]"
    for image in images { form.addFile(imageField, filename: image.filename, contentType: image.contentType, content: image.bytes) }
    if let mask { form.addFile("mask", filename: mask.filename, contentType: mask.contentType, content: mask.bytes) }
    return form
  }

  /// The request for one attempt of `call`.
  public static func request(
    _ call: LiveCall, endpoint: LiveEndpoint, attempt: Int, images: [ImageFile] = [], mask: ImageFile? = nil, boundary: String = "imagecost-boundary"
  ) -> PreparedRequest {
    let url = endpoint.url(for: call.request.operation, deployment: call.deployment)
    var headers = [clientRequestIDHeader: "\(call.id)/\(attempt)"]
    headers["Accept"] = call.streams ? "text/event-stream" : "application/json"
    let body: [UInt8]
    switch call.request.operation {
    case .generate:
      headers["Content-Type"] = "application/json"
      body = generationBody(call, endpoint: endpoint)
    case .edit:
      let form = editForm(call, endpoint: endpoint, images: images, mask: mask, boundary: boundary)
      headers["Content-Type"] = form.contentType
      body = form.body()
    }
    return PreparedRequest(url: url, headers: headers, body: body, streams: call.streams)
  }

  /// Fields shared by both operations, in a fixed order.
  static func commonFields(_ call: LiveCall, endpoint: LiveEndpoint) -> [(String, JSONText)] {
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
    if r.model.hasPrefix("dall-e") { fields.append(("response_format", .string("b64_json"))) }
    if call.streams {
      fields.append(("stream", .bool(true)))
      fields.append(("partial_images", .int(r.partialImages)))
    }
    return fields
  }
}
