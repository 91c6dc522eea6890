import CostCore
import FlyingFox
import FlyingSocks
import Foundation
import O200k

/// A stand-in for the OpenAI and Azure OpenAI Images APIs, on 127.0.0.1 with a free port, for tests.
///
/// It speaks the OpenAI path (`/v1/images/{generations|edits}`, bearer auth), the classic Azure path
/// (`/openai/deployments/{deployment}/images/…?api-version=…`, `api-key` auth) and the Azure v1 path
/// (`/openai/v1/images/…`). It answers with realistic `usage` computed from the price book's token rules
/// and the exact o200k prompt count, adjusted by a configurable ``Drift``; streams SSE partial images with
/// delays; and injects faults (429 with retry headers, 5xx, slow answers, cut streams, dropped
/// connections, malformed JSON, moderation refusals). Every request is logged with what a real provider
/// would have billed for it.
public final class StandInServer: Sendable {
  /// How the server's usage differs from imagecost's token model.
  public struct Drift: Sendable, Hashable {
    /// Text tokens billed on top of the o200k prompt count (the price book assumes 6 on generations).
    public var textTokenOverhead: Int
    /// Extra text tokens per input image on edits.
    public var editTextTokensPerImage: Int
    /// Added to each image's output tokens.
    public var imageOutputExtra: Int
    /// Whether the 100 tokens per partial image appear in the usage.
    public var partialImagesInUsage: Bool
    /// Text output tokens per image for models that emit them (gpt-image-1.5, gpt-image-2).
    public var textOutputTokens: Int
    /// Added to each input image's tokens.
    public var imageInputExtra: Int
    /// Whether non-streaming answers carry `output_tokens_details`.
    public var outputDetails: Bool
    /// Sent as the `usage` object instead of the computed one (hostile answers: `{"input_tokens": -5, …}`).
    /// The provider's bill (``Served/billed``) stays the computed usage.
    public var rawUsage: String?

    public init(
      textTokenOverhead: Int = 6, editTextTokensPerImage: Int = 0, imageOutputExtra: Int = 0, partialImagesInUsage: Bool = true,
      textOutputTokens: Int = 352,
      imageInputExtra: Int = 0, outputDetails: Bool = true, rawUsage: String? = nil
    ) {
      self.textTokenOverhead = textTokenOverhead
      self.editTextTokensPerImage = editTextTokensPerImage
      self.imageOutputExtra = imageOutputExtra
      self.partialImagesInUsage = partialImagesInUsage
      self.textOutputTokens = textOutputTokens
      self.imageInputExtra = imageInputExtra
      self.outputDetails = outputDetails
      self.rawUsage = rawUsage
    }
  }

  /// A fault injected into one answer.
  public enum Fault: Sendable, Hashable, CustomStringConvertible {
    case none
    /// 429 with `retry-after-ms` and/or `retry-after` (seconds).
    case rateLimited(retryAfterMilliseconds: Int?, retryAfterSeconds: Int?)
    /// A 5xx status; 500 counts as billed, others as not billed.
    case serverError(Int)
    /// Answers only after this many milliseconds (the work is done and billed).
    case slow(milliseconds: Int)
    /// A stream that ends cleanly in the middle of an event, without its completed event (billed).
    case truncatedStream
    /// The connection is dropped in the middle of the body (billed).
    case droppedConnection
    /// 200 with a body that is not JSON (billed).
    case malformedJSON
    /// 400 moderation refusal (`moderation_blocked` on OpenAI, `contentFilter` on Azure), billed for its input.
    case moderation

    public var description: String {
      switch self {
      case .none: return "none"
      case .rateLimited(let ms, let s): return "429(ms:\(ms.map(String.init) ?? "-"),s:\(s.map(String.init) ?? "-"))"
      case .serverError(let status): return "\(status)"
      case .slow(let ms): return "slow(\(ms)ms)"
      case .truncatedStream: return "truncated"
      case .droppedConnection: return "dropped"
      case .malformedJSON: return "malformed"
      case .moderation: return "moderation"
      }
    }
  }

  /// Which faults the server injects.
  public enum FaultScript: Sendable {
    case none
    /// The n-th request (0-based, in arrival order) gets the n-th fault; later ones none.
    case sequence([Fault])
    /// Each request draws a fault with the given weights from a seeded generator.
    case random(seed: UInt64, weights: [(Fault, Int)])
  }

  public struct Configuration: Sendable {
    public var apiKey: String
    /// Azure deployment name → model.
    public var deployments: [String: String]
    public var book: PriceBook
    public var drift: Drift
    public var faults: FaultScript
    /// Delay between streamed events.
    public var eventDelayMilliseconds: Int
    /// Error messages quote the credential the client presented (to test redaction).
    public var echoCredentialInErrors: Bool
    /// Every answer is delayed this long (to keep calls in flight).
    public var baseDelayMilliseconds: Int

    public init(
      apiKey: String, deployments: [String: String] = [:], book: PriceBook, drift: Drift = Drift(), faults: FaultScript = .none,
      eventDelayMilliseconds: Int = 10, echoCredentialInErrors: Bool = false, baseDelayMilliseconds: Int = 0
    ) {
      self.apiKey = apiKey
      self.deployments = deployments
      self.book = book
      self.drift = drift
      self.faults = faults
      self.eventDelayMilliseconds = eventDelayMilliseconds
      self.echoCredentialInErrors = echoCredentialInErrors
      self.baseDelayMilliseconds = baseDelayMilliseconds
    }
  }

  /// One request as the server saw it.
  public struct Served: Sendable {
    public let index: Int
    public let path: String
    public let apiVersion: String?
    /// The query parameters as received.
    public let query: [String: String]
    public let provider: String
    public let deployment: String?
    public let model: String?
    /// The `X-Client-Request-Id` header (imagecost's `callID/attempt`).
    public let clientRequestID: String?
    public let authorized: Bool
    public let fault: Fault
    public let status: Int
    public let streamed: Bool
    public let prompt: String?
    public let quality: String?
    public let size: String?
    public let n: Int
    public let partialImages: Int
    public let inputImages: [ImageSize]
    public let fields: [String: String]
    /// The usage a real provider would bill for this request (nil: not billed).
    public let billed: ImageUsage?
    public let request: ImageRequest?
  }

  let configuration: Configuration
  let server: HTTPServer
  let task: Task<Void, any Error>
  let state: Locked
  /// `http://127.0.0.1:PORT`
  public let baseURL: String

  final class Locked: @unchecked Sendable {
    let lock = NSLock()
    var served: [Served] = []
    var arrivals = 0
    var inFlight = 0
    var maxInFlight = 0
    var rng: SplitMix64
    var configuration: Configuration
    init(seed: UInt64, configuration: Configuration) {
      rng = SplitMix64(seed: seed)
      self.configuration = configuration
    }
  }

  /// Starts a server on 127.0.0.1 with a free port and waits until it listens.
  public static func start(_ configuration: Configuration) async throws -> StandInServer {
    let seed: UInt64
    if case .random(let s, _) = configuration.faults { seed = s } else { seed = 1 }
    let state = Locked(seed: seed, configuration: configuration)
    let handler = Handler(state: state)
    let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 60, logger: .disabled, handler: handler)
    let task = Task { try await server.run() }
    try await server.waitUntilListening(timeout: 60)  // generous: a loaded CI machine can take seconds to schedule the listener
    guard case .ip4(_, let port)? = await server.listeningAddress else { throw StandInError("the stand-in server has no IPv4 address") }
    return StandInServer(configuration: configuration, server: server, task: task, state: state, baseURL: "http://127.0.0.1:\(port)")
  }

  init(configuration: Configuration, server: HTTPServer, task: Task<Void, any Error>, state: Locked, baseURL: String) {
    self.configuration = configuration
    self.server = server
    self.task = task
    self.state = state
    self.baseURL = baseURL
  }

  /// Stops listening and drops open connections.
  public func stop() async {
    await server.stop(timeout: 0)
    task.cancel()
  }

  /// The most requests the server was handling at once.
  public var maxConcurrent: Int { state.lock.withLock { state.maxInFlight } }

  /// Every request so far, in arrival order.
  public var served: [Served] { state.lock.withLock { state.served } }

  /// Changes the drift or faults of later requests.
  public func update(_ change: @Sendable (inout Configuration) -> Void) { state.lock.withLock { change(&state.configuration) } }

  /// What a provider would have billed for everything served, priced at `date` like a replay.
  public func billedCost(date: CivilDate) -> USD {
    let pricer = ReplayPricer(book: configuration.book)
    return served.reduce(USD.zero) { total, request in
      guard let billedRequest = request.request else { return total }
      if billedRequest.model.hasPrefix("dall-e") {
        guard request.billed != nil || request.status == 200 else { return total }
        let record = UsageRecord(id: "\(request.index)", date: date, timestamp: "", request: billedRequest, status: 200, tags: [:], usage: nil)
        return total + pricer.price(record).cost
      }
      guard let usage = request.billed else { return total }
      let record = UsageRecord(id: "\(request.index)", date: date, timestamp: "", request: billedRequest, status: 200, tags: [:], usage: usage)
      return total + pricer.price(record).cost
    }
  }
}

struct StandInError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// A one-pixel PNG, the image every answer carries.
let onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

struct Handler: HTTPHandler {
  let state: StandInServer.Locked

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    state.lock.withLock {
      state.inFlight += 1
      state.maxInFlight = max(state.maxInFlight, state.inFlight)
    }
    defer { state.lock.withLock { state.inFlight -= 1 } }
    let (index, configuration, fault) = state.lock.withLock { () -> (Int, StandInServer.Configuration, StandInServer.Fault) in
      let index = state.arrivals
      state.arrivals += 1
      var fault = StandInServer.Fault.none
      switch state.configuration.faults {
      case .none: break
      case .sequence(let faults): fault = index < faults.count ? faults[index] : .none
      case .random(_, let weights):
        let total = weights.reduce(0) { $0 + $1.1 }
        if total > 0 {
          var pick = Int(state.rng.next() % UInt64(total))
          for (candidate, weight) in weights {
            if pick < weight {
              fault = candidate
              break
            }
            pick -= weight
          }
        }
      }
      return (index, state.configuration, fault)
    }
    let body = try await request.bodyData
    var route = Route.parse(request.path, query: request.query.map { ($0.name, $0.value) })
    guard let parsedRoute = route else {
      return json(404, ["error": ["code": "404", "message": "Resource not found"]])
    }
    route = parsedRoute
    // Authentication.
    let presented: String?
    let authorized: Bool
    switch parsedRoute.provider {
    case "openai":
      presented = request.headers[HTTPHeader("Authorization")]
      authorized = presented == "Bearer \(configuration.apiKey)"
    default:
      presented = request.headers[HTTPHeader("api-key")]
      authorized = presented == configuration.apiKey
    }
    let clientID = request.headers[HTTPHeader("X-Client-Request-Id")]
    let echo = configuration.echoCredentialInErrors ? " (credential presented: \(presented ?? "none"))" : ""

    // Parameters.
    var fields: [String: String] = [:]
    var inputImages: [ImageSize] = []
    var hasMask = false
    let contentType = request.headers[HTTPHeader("Content-Type")] ?? ""
    if parsedRoute.operation == .edit {
      guard let form = Multipart.parse(Array(body), contentType: contentType) else {
        return record(
          index, parsedRoute, clientID, authorized, fault, 400, fields, [], nil, nil, streamed: false,
          json(400, ["error": ["code": "invalid_multipart", "message": "The body is not multipart/form-data\(echo)."]]))
      }
      fields = form.fields
      for file in form.files where file.name == "image[]" || file.name == "image" {
        if let size = ImageDimensions.read(file.bytes) { inputImages.append(size) }
      }
      hasMask = form.files.contains { $0.name == "mask" }
    } else {
      guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
        return record(
          index, parsedRoute, clientID, authorized, fault, 400, fields, [], nil, nil, streamed: false,
          json(400, ["error": ["code": "invalid_json", "message": "The body is not JSON\(echo)."]]))
      }
      for (key, value) in object {
        fields[key] = (value as? String) ?? "\(value)"
      }
    }
    guard authorized else {
      return record(
        index, parsedRoute, clientID, false, .none, 401, fields, inputImages, nil, nil, streamed: false,
        json(401, ["error": ["code": "401", "message": "Access denied due to invalid subscription key or wrong API endpoint\(echo)."]]))
    }
    let model: String? = {
      switch parsedRoute.provider {
      case "azure-classic": return configuration.deployments[parsedRoute.deployment ?? ""]
      case "azure-v1": return configuration.deployments[fields["model"] ?? ""] ?? fields["model"]
      default: return fields["model"]
      }
    }()
    guard let model, let spec = configuration.book.models[model] else {
      return record(
        index, parsedRoute, clientID, true, .none, 404, fields, inputImages, nil, nil, streamed: false,
        json(404, ["error": ["code": "DeploymentNotFound", "message": "The deployment or model does not exist\(echo)."]]))
    }
    let n = Int(fields["n"] ?? "1") ?? 1
    let stream = fields["stream"] == "true" || fields["stream"] == "1"
    let partials = stream ? Int(fields["partial_images"] ?? "0") ?? 0 : 0
    let quality = fields["quality"]
    let size = fields["size"].flatMap(ImageSize.init)
    let prompt = fields["prompt"] ?? ""
    let fidelity = fields["input_fidelity"]
    let imageRequest = ImageRequest(
      model: model, provider: parsedRoute.provider == "openai" ? "openai" : "azure", operation: parsedRoute.operation, quality: quality, size: size,
      n: n,
      inputImages: inputImages, inputFidelity: spec.capabilities.inputFidelity == .optional ? fidelity : nil, partialImages: partials)
    let usage = Usage.compute(
      book: configuration.book, spec: spec, request: imageRequest, prompt: prompt, fidelity: fidelity, hasMask: hasMask, drift: configuration.drift)
    let perImage = spec.pricing == .perImage

    if configuration.baseDelayMilliseconds > 0 { try? await Task.sleep(nanoseconds: UInt64(configuration.baseDelayMilliseconds) * 1_000_000) }

    func done(_ status: Int, _ billed: ImageUsage?, streamed: Bool = false, _ response: HTTPResponse) -> HTTPResponse {
      record(index, parsedRoute, clientID, true, fault, status, fields, inputImages, billed, imageRequest, streamed: streamed, response, model: model)
    }
    let usageJSON = usage.map { configuration.drift.rawUsage ?? Usage.json($0, details: configuration.drift.outputDetails && !stream) }
    switch fault {
    case .rateLimited(let ms, let seconds):
      var headers: [HTTPHeader: String] = [:]
      if let ms { headers[HTTPHeader("retry-after-ms")] = String(ms) }
      if let seconds { headers[HTTPHeader("retry-after")] = String(seconds) }
      return done(
        429, nil, json(429, ["error": ["code": "rate_limit_exceeded", "message": "Rate limit reached for images\(echo)."]], headers: headers))
    case .serverError(let status):
      return done(
        status, status == 500 ? usage : nil,
        json(status, ["error": ["code": "server_error", "message": "The server had an error while processing your request\(echo)."]]))
    case .moderation:
      let code = parsedRoute.provider == "openai" ? "moderation_blocked" : "contentFilter"
      let inputOnly = usage.map {
        ImageUsage(
          inputTokens: $0.inputTokens, inputTextTokens: $0.inputTextTokens, inputImageTokens: $0.inputImageTokens, outputTokens: 0,
          outputImageTokens: 0, outputTextTokens: 0)
      }
      return done(
        400, inputOnly,
        json(
          400,
          [
            "error": [
              "code": code, "type": "image_generation_user_error", "message": "Your request was rejected by the safety system\(echo).",
              "moderation_details": ["moderation_stage": "input"],
            ]
          ]))
    case .malformedJSON:
      return done(
        200, usage,
        HTTPResponse(
          statusCode: .ok, headers: [.contentType: "application/json"], body: Data("{\"created\": 17640, \"data\": [{\"b64_json\": \"iVBOR".utf8)))
    case .slow(let ms):
      try? await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000)
    default:
      break
    }
    let requestID = "req_standin_\(index)"
    if stream {
      let prefix = parsedRoute.operation == .generate ? "image_generation" : "image_edit"
      var events: [(delay: Int, bytes: [UInt8])] = []
      for k in 0..<partials {
        let event =
          "event: \(prefix).partial_image\ndata: {\"type\":\"\(prefix).partial_image\",\"b64_json\":\"\(onePixelPNG)\",\"partial_image_index\":\(k),\"size\":\"\(size?.description ?? "1024x1024")\"}\n\n"
        events.append((configuration.eventDelayMilliseconds, Array(event.utf8)))
      }
      var completed = "{\"type\":\"\(prefix).completed\",\"b64_json\":\"\(onePixelPNG)\",\"created_at\":1764000000"
      if let usageJSON { completed += ",\"usage\":\(usageJSON)" }
      completed += "}"
      var failAtEnd = false
      switch fault {
      case .truncatedStream:
        events.append((configuration.eventDelayMilliseconds, Array("event: \(prefix).completed\ndata: {\"type\":\"\(prefix).comp".utf8)))
      case .droppedConnection:
        events.append((configuration.eventDelayMilliseconds, Array("event: \(prefix).completed\ndata: {\"type\"".utf8)))
        failAtEnd = true
      default:
        events.append((configuration.eventDelayMilliseconds, Array("event: \(prefix).completed\ndata: \(completed)\n\n".utf8)))
      }
      let sequence = DelayedChunks(chunks: events, failAtEnd: failAtEnd)
      return done(
        200, usage, streamed: true,
        HTTPResponse(
          statusCode: .ok,
          headers: [.contentType: "text/event-stream", HTTPHeader("x-request-id"): requestID, HTTPHeader("Cache-Control"): "no-cache"],
          body: HTTPBodySequence(from: sequence)))
    }
    var object =
      "{\"created\":1764000000,\"data\":[" + Array(repeating: "{\"b64_json\":\"\(onePixelPNG)\"}", count: max(1, n)).joined(separator: ",") + "]"
    if let size { object += ",\"size\":\"\(size)\"" }
    if let quality { object += ",\"quality\":\"\(quality)\"" }
    if let usageJSON, !perImage { object += ",\"usage\":\(usageJSON)" }
    object += "}"
    if case .droppedConnection = fault {
      let bytes = Array(object.utf8)
      return done(
        200, usage,
        HTTPResponse(
          statusCode: .ok, headers: [.contentType: "application/json", HTTPHeader("x-request-id"): requestID],
          body: HTTPBodySequence(from: DelayedChunks(chunks: [(0, Array(bytes.prefix(bytes.count / 2)))], failAtEnd: true))))
    }
    let idHeader = parsedRoute.provider == "openai" ? "x-request-id" : "apim-request-id"
    return done(
      200, usage,
      HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", HTTPHeader(idHeader): requestID], body: Data(object.utf8)))
  }

  private func record(
    _ index: Int, _ route: Route, _ clientID: String?, _ authorized: Bool, _ fault: StandInServer.Fault, _ status: Int, _ fields: [String: String],
    _ inputs: [ImageSize], _ billed: ImageUsage?, _ request: ImageRequest?, streamed: Bool, _ response: HTTPResponse, model: String? = nil
  ) -> HTTPResponse {
    let served = StandInServer.Served(
      index: index, path: route.path, apiVersion: route.apiVersion, query: route.query, provider: route.provider, deployment: route.deployment,
      model: model,
      clientRequestID: clientID, authorized: authorized, fault: fault, status: status, streamed: streamed, prompt: fields["prompt"],
      quality: fields["quality"],
      size: fields["size"], n: Int(fields["n"] ?? "1") ?? 1, partialImages: Int(fields["partial_images"] ?? "0") ?? 0, inputImages: inputs,
      fields: fields,
      billed: billed, request: request)
    state.lock.withLock { state.served.append(served) }
    return response
  }

  private func json(_ status: Int, _ object: [String: Any], headers: [HTTPHeader: String] = [:]) -> HTTPResponse {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    var all = headers
    all[.contentType] = "application/json"
    return HTTPResponse(
      statusCode: HTTPStatusCode(status, phrase: status == 429 ? "Too Many Requests" : "Error"), headers: HTTPHeaders(all), body: data)
  }
}

/// The parsed route of a request.
struct Route {
  let path: String
  /// `openai`, `azure-classic` or `azure-v1`.
  let provider: String
  let deployment: String?
  let operation: ImageOperation
  let apiVersion: String?
  var query: [String: String] = [:]

  static func parse(_ path: String, query: [(String, String)]) -> Route? {
    var route = parseRoute(path, query: query)
    for (name, value) in query { route?.query[name] = value }
    return route
  }

  static func parseRoute(_ path: String, query: [(String, String)]) -> Route? {
    let parts = path.split(separator: "/").map(String.init)
    let apiVersion = query.first { $0.0 == "api-version" }?.1
    func operation(_ last: String) -> ImageOperation? { last == "generations" ? .generate : last == "edits" ? .edit : nil }
    if parts.count == 3, parts[0] == "v1", parts[1] == "images", let op = operation(parts[2]) {
      return Route(path: path, provider: "openai", deployment: nil, operation: op, apiVersion: apiVersion)
    }
    if parts.count == 5, parts[0] == "openai", parts[1] == "deployments", parts[3] == "images", let op = operation(parts[4]) {
      guard apiVersion != nil else { return nil }
      return Route(
        path: path, provider: "azure-classic", deployment: parts[2].removingPercentEncoding ?? parts[2], operation: op, apiVersion: apiVersion)
    }
    if parts.count == 4, parts[0] == "openai", parts[1] == "v1", parts[2] == "images", let op = operation(parts[3]) {
      return Route(path: path, provider: "azure-v1", deployment: nil, operation: op, apiVersion: apiVersion)
    }
    return nil
  }
}

/// The stand-in's usage model: the price book's rules, the exact o200k prompt count, and the drift.
enum Usage {
  static func compute(
    book: PriceBook, spec: ModelSpec, request: ImageRequest, prompt: String, fidelity: String?, hasMask: Bool, drift: StandInServer.Drift
  ) -> ImageUsage? {
    guard spec.pricing == .tokens, let rules = spec.tokenRules else { return nil }
    let promptTokens = (try? O200kTokenizer.shared.count(prompt)) ?? prompt.utf8.count / 4
    var text = promptTokens + drift.textTokenOverhead
    var imageIn = 0
    if request.operation == .edit {
      text += drift.editTextTokensPerImage * request.inputImages.count
      if let ruleID = rules.inputImage, let rule = book.tokenRules.inputImageRules[ruleID] {
        let high = spec.capabilities.inputFidelity == .alwaysHigh || fidelity == "high"
        for size in request.inputImages { imageIn += rule.tokens(for: size, highFidelity: high) + drift.imageInputExtra }
      }
    }
    let quality = request.quality.flatMap { $0 == "auto" ? nil : $0 } ?? "high"
    let size = request.size ?? spec.capabilities.defaultSize
    let table = (try? TokenModel(rules: book.tokenRules).outputTokens(model: spec, quality: quality, size: size).tokens) ?? 0
    let partials = drift.partialImagesInUsage ? request.partialImages * book.tokenRules.partialImageTokens : 0
    let imageOut = (table + drift.imageOutputExtra + partials) * request.n
    let textOut = book.emitsTextOutput(spec) ? drift.textOutputTokens * request.n : 0
    return ImageUsage(
      inputTokens: Int64(text + imageIn), inputTextTokens: Int64(text), inputImageTokens: Int64(imageIn), outputTokens: Int64(imageOut + textOut),
      outputImageTokens: Int64(imageOut), outputTextTokens: Int64(textOut))
  }

  static func json(_ usage: ImageUsage, details: Bool) -> String {
    var text =
      "{\"input_tokens\":\(usage.inputTokens),\"input_tokens_details\":{\"image_tokens\":\(usage.inputImageTokens ?? 0),\"text_tokens\":\(usage.inputTextTokens ?? 0)},"
    text += "\"output_tokens\":\(usage.outputTokens),\"total_tokens\":\(usage.inputTokens + usage.outputTokens)"
    if details {
      text += ",\"output_tokens_details\":{\"image_tokens\":\(usage.outputImageTokens ?? 0),\"text_tokens\":\(usage.outputTextTokens ?? 0)}"
    }
    return text + "}"
  }
}

/// A minimal multipart/form-data reader for the stand-in.
enum Multipart {
  struct File {
    let name: String
    let filename: String?
    let bytes: [UInt8]
  }

  static func parse(_ body: [UInt8], contentType: String) -> (fields: [String: String], files: [File])? {
    guard let range = contentType.range(of: "boundary=") else { return nil }
    var boundary = String(contentType[range.upperBound...])
    if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
    boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    let delimiter = Array("--\(boundary)".utf8)
    var positions: [Int] = []
    var i = 0
    while i + delimiter.count <= body.count {
      if body[i] == delimiter[0], Array(body[i..<i + delimiter.count]) == delimiter {
        positions.append(i)
        i += delimiter.count
      } else {
        i += 1
      }
    }
    guard positions.count >= 2 else { return nil }
    var fields: [String: String] = [:]
    var files: [File] = []
    for (start, end) in zip(positions, positions.dropFirst()) {
      var partStart = start + delimiter.count
      guard partStart + 2 <= end, body[partStart] == 0x0D, body[partStart + 1] == 0x0A else { continue }
      partStart += 2
      let part = Array(body[partStart..<end])
      guard
        let split = (0..<max(0, part.count - 3)).first(where: {
          part[$0] == 0x0D && part[$0 + 1] == 0x0A && part[$0 + 2] == 0x0D && part[$0 + 3] == 0x0A
        })
      else { continue }
      let headers = String(decoding: part[..<split], as: UTF8.self)
      var content = Array(part[(split + 4)...])
      if content.count >= 2, content[content.count - 2] == 0x0D, content.last == 0x0A { content.removeLast(2) }
      func attribute(_ name: String) -> String? {
        guard let r = headers.range(of: "\(name)=\"") else { return nil }
        let rest = headers[r.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
      }
      guard let name = attribute("name") else { continue }
      if let filename = attribute("filename") {
        files.append(File(name: name, filename: filename, bytes: content))
      } else {
        fields[name] = String(decoding: content, as: UTF8.self)
      }
    }
    return (fields, files)
  }
}

/// Body chunks with a delay before each; optionally fails at the end (the connection is dropped).
struct DelayedChunks: AsyncBufferedSequence, Sendable {
  typealias Element = UInt8
  let chunks: [(delay: Int, bytes: [UInt8])]
  let failAtEnd: Bool

  func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks, failAtEnd: failAtEnd) }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var chunks: [(delay: Int, bytes: [UInt8])]
    let failAtEnd: Bool
    var current: ArraySlice<UInt8> = []
    var index = 0

    init(chunks: [(delay: Int, bytes: [UInt8])], failAtEnd: Bool) {
      self.chunks = chunks
      self.failAtEnd = failAtEnd
    }

    mutating func next() async throws -> UInt8? {
      guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
      return buffer.first
    }

    mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
      while current.isEmpty {
        guard index < chunks.count else {
          if failAtEnd { throw StandInError("connection dropped by the stand-in") }
          return nil
        }
        let chunk = chunks[index]
        index += 1
        if chunk.delay > 0 { try await Task.sleep(nanoseconds: UInt64(chunk.delay) * 1_000_000) }
        current = chunk.bytes[...]
      }
      let take = current.prefix(Swift.max(1, count))
      current = current.dropFirst(take.count)
      return take
    }
  }
}
