import CostCore
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The status line and headers of an HTTP response. Header names are lower-cased.
public struct HTTPResponseHead: Hashable, Sendable {
  public let status: Int
  public let headers: [String: String]

  public init(status: Int, headers: [String: String]) {
    self.status = status
    self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// The provider's request id: OpenAI `x-request-id`, Azure `apim-request-id` or `x-ms-request-id`.
  public var requestID: String? { headers["x-request-id"] ?? headers["apim-request-id"] ?? headers["x-ms-request-id"] }
}

/// A response whose body arrives in chunks (SSE streams arrive event by event).
public struct StreamingResponse: Sendable {
  public let head: HTTPResponseHead
  public let body: AsyncThrowingStream<[UInt8], any Error>

  public init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], any Error>) {
    self.head = head
    self.body = body
  }
}

/// Why an HTTP exchange failed below the HTTP level. Messages name the URL without its query.
public enum TransportError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No complete answer within the time limit.
  case timeout(url: String, milliseconds: Int)
  /// The connection could not be made, so nothing was sent.
  case notSent(url: String, reason: String)
  /// The connection broke after the request was sent (or the body was cut off).
  case connectionLost(url: String, reason: String)
  /// The body exceeded the size limit.
  case bodyTooLarge(url: String, limit: Int)

  public var description: String {
    switch self {
    case .timeout(let url, let milliseconds):
      return "The request to \(url) timed out after \(Timeouts.text(milliseconds)) without a complete answer; it may still have been billed."
    case .notSent(let url, let reason):
      return "Could not connect to \(url) (\(reason)); nothing was sent."
    case .connectionLost(let url, let reason):
      return "The connection to \(url) broke before the answer was complete (\(reason)); the call may still have been billed."
    case .bodyTooLarge(let url, let limit):
      return "The answer from \(url) is larger than \(limit / 1_048_576) MB; it was not read."
    }
  }

  /// The retry/billing view of the error.
  public var failure: AttemptFailure {
    switch self {
    case .timeout: return .timeout
    case .notSent: return .notSent
    case .connectionLost: return .connectionLost
    case .bodyTooLarge: return .malformedResponse
    }
  }
}

/// Time limits of one HTTP exchange.
public struct Timeouts: Hashable, Sendable {
  /// The whole exchange, from sending to the last byte.
  public var totalMilliseconds: Int
  /// Longest silence between bytes.
  public var idleMilliseconds: Int

  public init(totalSeconds: Int = 300, idleSeconds: Int = 120) {
    totalMilliseconds = totalSeconds * 1000
    idleMilliseconds = idleSeconds * 1000
  }

  public init(totalMilliseconds: Int, idleMilliseconds: Int) {
    self.totalMilliseconds = totalMilliseconds
    self.idleMilliseconds = idleMilliseconds
  }

  /// `300 s` or `0.25 s`.
  static func text(_ milliseconds: Int) -> String {
    milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : FixedPoint.format(Int128(milliseconds), scale: 3) + " s"
  }
}

/// The HTTP edge of live mode, as a struct of closures so tests can replace it.
///
/// The live implementation (``urlSession(credential:timeouts:)``) uses URLSession from
/// FoundationNetworking with a data delegate, so the body arrives as it is sent (SSE partial images);
/// `URLSession.bytes` does not exist on Linux. The credential is captured by the closure: callers never
/// see the key, and no header is ever logged.
public struct ImageAPIClient: Sendable {
  /// Sends a request and returns its head and a stream of body chunks.
  /// - Throws: ``TransportError`` when no response head arrives.
  public var stream: @Sendable (PreparedRequest) async throws -> StreamingResponse

  public init(stream: @escaping @Sendable (PreparedRequest) async throws -> StreamingResponse) {
    self.stream = stream
  }

  /// Sends a request and reads the whole body (at most `limit` bytes).
  public func send(_ request: PreparedRequest, limit: Int = 256 * 1_048_576) async throws -> (HTTPResponseHead, [UInt8]) {
    let response = try await stream(request)
    var body: [UInt8] = []
    for try await chunk in response.body {
      body += chunk
      if body.count > limit { throw TransportError.bodyTooLarge(url: LiveEndpoint.redactedURL(request.url), limit: limit) }
    }
    return (response.head, body)
  }
}

/// An API credential and the header that carries it. Its description never shows the value.
public struct APICredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// `api-key` (Azure) or `Authorization` (OpenAI).
  public let headerName: String
  let headerValue: String
  /// The secret itself, for the redactor only.
  let secret: String

  /// An Azure key, sent as `api-key: KEY`.
  public static func azureKey(_ key: String) -> APICredential { APICredential(headerName: "api-key", headerValue: key, secret: key) }
  /// An OpenAI key (or Entra token), sent as `Authorization: Bearer KEY`.
  public static func bearer(_ key: String) -> APICredential { APICredential(headerName: "Authorization", headerValue: "Bearer \(key)", secret: key) }

  /// The credential for `provider` from the environment: `AZURE_OPENAI_API_KEY` (api-key header) or
  /// `OPENAI_API_KEY` (bearer).
  public static func fromEnvironment(_ provider: LiveProvider, environment: [String: String]) throws -> APICredential {
    switch provider {
    case .azure:
      guard let key = environment["AZURE_OPENAI_API_KEY"], !key.isEmpty else { throw LiveSetupError.missingKey(variable: "AZURE_OPENAI_API_KEY") }
      return .azureKey(key)
    case .openai:
      guard let key = environment["OPENAI_API_KEY"], !key.isEmpty else { throw LiveSetupError.missingKey(variable: "OPENAI_API_KEY") }
      return .bearer(key)
    }
  }

  /// A redactor that hides this credential.
  public var redactor: SecretRedactor { SecretRedactor(secrets: [secret]) }

  public var description: String { "\(headerName): [REDACTED]" }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: ["headerName": headerName], displayStyle: .struct) }
}

/// Problems setting up a live command (before anything is sent).
public enum LiveSetupError: Error, Hashable, Sendable, CustomStringConvertible {
  case missingKey(variable: String)
  case missingEndpoint(variable: String)
  case invalidEndpoint(String)

  public var description: String {
    switch self {
    case .missingKey(let variable): return "The environment variable \(variable) is not set; live calls need an API key."
    case .missingEndpoint(let variable): return "No endpoint: set \(variable) or pass --endpoint URL."
    case .invalidEndpoint(let url): return "The endpoint '\(url)' is not an http:// or https:// URL."
    }
  }
}

extension ImageAPIClient {
  /// The live client: URLSession (FoundationNetworking on Linux) with one data delegate per exchange.
  public static func urlSession(credential: APICredential, timeouts: Timeouts = Timeouts()) -> ImageAPIClient {
    ImageAPIClient { request in
      try await URLSessionExchange.start(request, credential: credential, timeouts: timeouts)
    }
  }
}

/// One request through a dedicated URLSession whose delegate feeds an AsyncThrowingStream.
final class URLSessionExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  private let lock = NSLock()
  private var headContinuation: CheckedContinuation<HTTPResponseHead, any Error>?
  private let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
  let body: AsyncThrowingStream<[UInt8], any Error>
  private let displayURL: String
  private let timeouts: Timeouts
  private var timedOut = false
  private var finished = false
  private var task: URLSessionDataTask?
  private var session: URLSession?

  init(displayURL: String, timeouts: Timeouts) {
    self.displayURL = displayURL
    self.timeouts = timeouts
    (body, bodyContinuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
    super.init()
    // A reader that stops early (an error event, a size limit) ends the transfer too.
    bodyContinuation.onTermination = { [weak self] termination in
      if case .cancelled = termination { self?.cancel() }
    }
  }

  static func start(_ request: PreparedRequest, credential: APICredential, timeouts: Timeouts) async throws -> StreamingResponse {
    let display = LiveEndpoint.redactedURL(request.url)
    guard let url = URL(string: request.url) else { throw TransportError.notSent(url: display, reason: "the URL is malformed") }
    var urlRequest = URLRequest(url: url)
    urlRequest.httpMethod = request.method
    // FoundationNetworking truncates sub-second intervals (0.4 s fires at once); whole seconds, rounded
    // up, for libcurl's idle limit — the watchdog enforces the exact total.
    let idleSeconds = TimeInterval(max(1, (timeouts.idleMilliseconds + 999) / 1000))
    urlRequest.timeoutInterval = idleSeconds
    for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
    urlRequest.setValue(credential.headerValue, forHTTPHeaderField: credential.headerName)
    urlRequest.httpBody = Data(request.body)

    let exchange = URLSessionExchange(displayURL: display, timeouts: timeouts)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = idleSeconds
    configuration.timeoutIntervalForResource = TimeInterval((timeouts.totalMilliseconds + 999) / 1000 + 5)
    configuration.httpCookieStorage = nil
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: queue)
    let task = session.dataTask(with: urlRequest)
    exchange.lock.withLock {
      exchange.task = task
      exchange.session = session
    }
    let head = try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponseHead, any Error>) in
        exchange.lock.withLock { exchange.headContinuation = continuation }
        task.resume()
        exchange.startWatchdog()
      }
    } onCancel: {
      exchange.cancel()
    }
    return StreamingResponse(head: head, body: exchange.body)
  }

  /// Cancels the exchange after the total time limit.
  private func startWatchdog() {
    let milliseconds = timeouts.totalMilliseconds
    Task { [weak self] in
      try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
      guard let self else { return }
      let running = self.lock.withLock { () -> Bool in
        guard !self.finished else { return false }
        self.timedOut = true
        return true
      }
      if running { self.lock.withLock { self.task }?.cancel() }
    }
  }

  func cancel() { lock.withLock { task }?.cancel() }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    var headers: [String: String] = [:]
    var status = 0
    if let http = response as? HTTPURLResponse {
      status = http.statusCode
      for (key, value) in http.allHeaderFields {
        if let name = key as? String, let text = value as? String { headers[name.lowercased()] = text }
      }
    }
    let continuation = lock.withLock { () -> CheckedContinuation<HTTPResponseHead, any Error>? in
      defer { headContinuation = nil }
      return headContinuation
    }
    continuation?.resume(returning: HTTPResponseHead(status: status, headers: headers))
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    bodyContinuation.yield([UInt8](data))
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    let (continuation, timedOut) = lock.withLock { () -> (CheckedContinuation<HTTPResponseHead, any Error>?, Bool) in
      finished = true
      defer { headContinuation = nil }
      return (headContinuation, self.timedOut)
    }
    session.finishTasksAndInvalidate()
    guard let error else {
      if let continuation {
        // A completed exchange always delivers its head first; if not, treat it as a broken answer.
        continuation.resume(throwing: TransportError.connectionLost(url: displayURL, reason: "no response head"))
      }
      bodyContinuation.finish()
      return
    }
    let mapped = map(error, timedOut: timedOut, headReceived: continuation == nil)
    continuation?.resume(throwing: mapped)
    bodyContinuation.finish(throwing: mapped)
  }

  private func map(_ error: any Error, timedOut: Bool, headReceived: Bool) -> TransportError {
    if timedOut { return .timeout(url: displayURL, milliseconds: timeouts.totalMilliseconds) }
    guard let urlError = error as? URLError else {
      return headReceived ? .connectionLost(url: displayURL, reason: "transfer failed") : .notSent(url: displayURL, reason: "transfer failed")
    }
    switch urlError.code {
    case .timedOut:
      return .timeout(url: displayURL, milliseconds: timeouts.idleMilliseconds)
    case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL, .unsupportedURL:
      return .notSent(url: displayURL, reason: URLSessionExchange.reason(urlError.code))
    case .cancelled:
      return .connectionLost(url: displayURL, reason: "cancelled")
    default:
      return .connectionLost(url: displayURL, reason: URLSessionExchange.reason(urlError.code))
    }
  }

  /// A fixed description per error code (URLError's own text may quote the URL with its query).
  static func reason(_ code: URLError.Code) -> String {
    switch code {
    case .cannotConnectToHost: return "connection refused"
    case .cannotFindHost, .dnsLookupFailed: return "host not found"
    case .notConnectedToInternet: return "no network"
    case .networkConnectionLost: return "connection lost"
    case .badServerResponse: return "bad server response"
    case .secureConnectionFailed: return "TLS handshake failed"
    default: return "URL error \(code.rawValue)"
    }
  }
}
