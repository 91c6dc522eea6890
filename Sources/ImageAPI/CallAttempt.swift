import CostCore
import Foundation

/// The result of one attempt of one call.
public struct AttemptResult: Sendable {
  /// The HTTP status, when a response head arrived.
  public var status: Int?
  /// Nil when the attempt succeeded.
  public var failure: AttemptFailure?
  /// One redacted sentence describing the failure.
  public var message: String?
  public var usage: ImageUsage?
  public var images: [[UInt8]]
  public var partialImages: Int
  public var requestID: String?
  public var latencyMs: Int

  public init(
    status: Int?, failure: AttemptFailure?, message: String?, usage: ImageUsage?, images: [[UInt8]], partialImages: Int, requestID: String?,
    latencyMs: Int
  ) {
    self.status = status
    self.failure = failure
    self.message = message
    self.usage = usage
    self.images = images
    self.partialImages = partialImages
    self.requestID = requestID
    self.latencyMs = latencyMs
  }
}

/// Sends one attempt of a call and interprets the answer: JSON, or an SSE stream of partial images
/// ending in a `*.completed` event that carries the usage.
public struct CallAttempt: Sendable {
  public let client: ImageAPIClient
  public let endpoint: LiveEndpoint
  public let redactor: SecretRedactor
  /// Reads an input image or mask (edits).
  public let readFile: @Sendable (String) throws -> [UInt8]
  /// Monotonic nanoseconds, for latency.
  public let now: @Sendable () -> UInt64

  public init(
    client: ImageAPIClient, endpoint: LiveEndpoint, redactor: SecretRedactor, readFile: @escaping @Sendable (String) throws -> [UInt8],
    now: @escaping @Sendable () -> UInt64
  ) {
    self.client = client
    self.endpoint = endpoint
    self.redactor = redactor
    self.readFile = readFile
    self.now = now
  }

  /// The content type of an input file from its extension.
  static func contentType(_ path: String) -> String {
    let lower = path.lowercased()
    if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return "image/jpeg" }
    if lower.hasSuffix(".webp") { return "image/webp" }
    return "image/png"
  }

  /// Builds the request of attempt `attempt` (reads the input files of an edit); `capabilities` are the model's.
  public func prepare(_ call: LiveCall, attempt: Int, boundary: String, capabilities: Capabilities? = nil) throws -> PreparedRequest {
    func file(_ path: String) throws -> ImageFile {
      ImageFile(filename: (path as NSString).lastPathComponent, contentType: CallAttempt.contentType(path), bytes: try readFile(path))
    }
    let images = try call.inputFiles.map(file)
    let mask = try call.maskFile.map(file)
    return ImageCallRequestBuilder.request(
      call, endpoint: endpoint, attempt: attempt, images: images, mask: mask, boundary: boundary, capabilities: capabilities)
  }

  /// Sends `request` and reads the answer.
  public func perform(_ request: PreparedRequest) async -> AttemptResult {
    let started = now()
    func elapsed() -> Int { Int((now() &- started) / 1_000_000) }
    func failed(
      _ failure: AttemptFailure, _ message: String, status: Int? = nil, requestID: String? = nil, usage: ImageUsage? = nil, images: [[UInt8]] = [],
      partials: Int = 0
    ) -> AttemptResult {
      AttemptResult(
        status: status, failure: failure, message: redactor(message), usage: usage, images: images, partialImages: partials,
        requestID: requestID.map(redactor.redact),
        latencyMs: elapsed())
    }
    let url = LiveEndpoint.redactedURL(request.url)
    let response: StreamingResponse
    do {
      response = try await client.stream(request)
    } catch let error as TransportError {
      return failed(error.failure, error.description)
    } catch {
      return failed(.connectionLost, "The request to \(url) failed before an answer arrived.")
    }
    let head = response.head
    let requestID = head.requestID
    guard (200..<300).contains(head.status) else {
      var body: [UInt8] = []
      do {
        for try await chunk in response.body {
          body += chunk
          if body.count > 1_048_576 { break }
        }
      } catch {}
      let parsed = ImageResponseParser.error(body)
      let shouldRetry = head.headers["x-should-retry"].map { $0.lowercased() == "true" }
      let failure = AttemptFailure.http(
        status: head.status, errorCode: parsed.code, retryAfterMilliseconds: RetryPolicy.serverDelay(headers: head.headers), shouldRetry: shouldRetry,
        safetyRefusal: AttemptFailure.looksLikeSafetyRefusal(type: parsed.type, message: parsed.message))
      var message = "HTTP \(head.status) from \(url)"
      if let code = parsed.code { message += " (\(code))" }
      if let text = parsed.message { message += ": " + String(text.prefix(300)) }
      return failed(failure, message.hasSuffix(".") ? message : message + ".", status: head.status, requestID: requestID)
    }
    let contentType = head.headers["content-type"]?.lowercased() ?? ""
    if request.streams || contentType.hasPrefix("text/event-stream") {
      return await readStream(response, url: url, started: started, failed: failed)
    }
    var body: [UInt8] = []
    do {
      for try await chunk in response.body { body += chunk }
    } catch let error as TransportError {
      return failed(error.failure, error.description, status: head.status, requestID: requestID)
    } catch {
      return failed(.connectionLost, "The answer from \(url) was cut off.", status: head.status, requestID: requestID)
    }
    do {
      let parsed = try ImageResponseParser.images(body)
      return AttemptResult(
        status: head.status, failure: nil, message: nil, usage: parsed.usage, images: parsed.images, partialImages: 0,
        requestID: requestID.map(redactor.redact),
        latencyMs: elapsed())
    } catch {
      return failed(
        .malformedResponse, "HTTP \(head.status) from \(url) but the body could not be read: \(error).", status: head.status, requestID: requestID)
    }
  }

  private func readStream(
    _ response: StreamingResponse, url: String, started: UInt64,
    failed: (AttemptFailure, String, Int?, String?, ImageUsage?, [[UInt8]], Int) -> AttemptResult
  ) async -> AttemptResult {
    var parser = SSEParser()
    var partials = 0
    var images: [[UInt8]] = []
    var usage: ImageUsage?
    var completed = 0
    let head = response.head
    func add(_ next: ImageUsage?) {
      guard let next else { return }
      guard let current = usage else {
        usage = next
        return
      }
      // Several completed events (n > 1): their usages are added, so the spend cap never under-counts.
      // Saturating: a sum beyond 64 bits stays at the largest count, which the plausibility check refuses.
      func plus(_ a: Int64, _ b: Int64) -> Int64 {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int64.min : Int64.max) : total
      }
      func sum(_ a: Int64?, _ b: Int64?) -> Int64? { a == nil && b == nil ? nil : plus(a ?? 0, b ?? 0) }
      usage = ImageUsage(
        inputTokens: plus(current.inputTokens, next.inputTokens), inputTextTokens: sum(current.inputTextTokens, next.inputTextTokens),
        inputImageTokens: sum(current.inputImageTokens, next.inputImageTokens), outputTokens: plus(current.outputTokens, next.outputTokens),
        outputImageTokens: sum(current.outputImageTokens, next.outputImageTokens),
        outputTextTokens: sum(current.outputTextTokens, next.outputTextTokens))
    }
    do {
      for try await chunk in response.body {
        for event in parser.feed(chunk) {
          switch try ImageResponseParser.streamEvent(event) {
          case .partialImage:
            partials += 1
          case .completed(let eventUsage, let image):
            completed += 1
            add(eventUsage)
            if let image { images.append(image) }
          case .error(let body):
            let failure = AttemptFailure.http(
              status: 400, errorCode: body.code, retryAfterMilliseconds: nil, shouldRetry: false,
              safetyRefusal: AttemptFailure.looksLikeSafetyRefusal(type: body.type, message: body.message))
            var message = "The stream from \(url) reported an error"
            if let code = body.code { message += " (\(code))" }
            if let text = body.message { message += ": " + String(text.prefix(300)) }
            return failed(failure, message + ".", head.status, head.requestID, usage, images, partials)
          case .other:
            break
          }
        }
      }
    } catch let error as TransportError {
      return failed(error.failure, error.description, head.status, head.requestID, usage, images, partials)
    } catch let error as ImageResponseParser.MalformedResponse {
      return failed(
        .malformedResponse, "The stream from \(url) could not be read: \(error.description).", head.status, head.requestID, usage, images, partials)
    } catch {
      return failed(.connectionLost, "The stream from \(url) was cut off.", head.status, head.requestID, usage, images, partials)
    }
    let cut = parser.finish()
    guard completed > 0 else {
      let detail = cut ? "in the middle of an event" : "without a completed event"
      return failed(
        .connectionLost,
        "The stream from \(url) ended \(detail) after \(partials) partial image\(partials == 1 ? "" : "s"); the call may still have been billed.",
        head.status, head.requestID, usage, images, partials)
    }
    return AttemptResult(
      status: head.status, failure: nil, message: nil, usage: usage, images: images, partialImages: partials,
      requestID: head.requestID.map(redactor.redact),
      latencyMs: Int((now() &- started) / 1_000_000))
  }
}
