import CostCore
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Reads the public Azure Retail Prices API (no key) page by page for `imagecost pricing sync --fetch`:
/// the first request carries a `$filter`, later ones follow each page's `NextPageLink`. Polite: a bounded
/// number of retries with exponential backoff on 429 and 5xx (honouring `Retry-After`), a page cap and a
/// timeout per request. Works against any server that answers in the same shape.
public enum RetailPricesFetcher {
  public static let defaultEndpoint = "https://prices.azure.com/api/retail/prices"
  /// Azure OpenAI meters are listed under the `Foundry Models` service (earlier `Cognitive Services`),
  /// with product names such as `Azure OpenAI`, `Azure OpenAI Media` and `Azure OpenAI GPT5`.
  public static let defaultFilter = "serviceName eq 'Foundry Models' and priceType eq 'Consumption' and contains(productName, 'OpenAI')"

  public struct Options: Sendable {
    public var endpoint: String
    /// The `$filter` of the first request (nil or empty: none).
    public var filter: String?
    public var maxPages: Int
    public var timeoutSeconds: Int
    /// Retries after the first attempt of each page.
    public var maxRetries: Int
    public var baseDelayMilliseconds: Int
    /// The longest wait between attempts, whatever `Retry-After` asks.
    public var maxDelayMilliseconds: Int
    public var maxBodyBytes: Int

    public init(
      endpoint: String = RetailPricesFetcher.defaultEndpoint, filter: String? = RetailPricesFetcher.defaultFilter, maxPages: Int = 50,
      timeoutSeconds: Int = 60, maxRetries: Int = 4, baseDelayMilliseconds: Int = 1_000, maxDelayMilliseconds: Int = 60_000,
      maxBodyBytes: Int = 64 * 1_048_576
    ) {
      self.endpoint = endpoint
      self.filter = filter
      self.maxPages = maxPages
      self.timeoutSeconds = timeoutSeconds
      self.maxRetries = maxRetries
      self.baseDelayMilliseconds = baseDelayMilliseconds
      self.maxDelayMilliseconds = maxDelayMilliseconds
      self.maxBodyBytes = maxBodyBytes
    }
  }

  public struct Response: Sendable {
    public let status: Int
    /// Lower-case names.
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
      self.status = status
      self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
      self.body = body
    }
  }

  /// One GET with a timeout in seconds.
  public typealias Get = @Sendable (URL, Int) async throws -> Response

  /// The first page's URL: the endpoint with `$filter` added to its query.
  public static func firstURL(_ options: Options) throws(PriceSyncError) -> URL {
    guard var components = URLComponents(string: options.endpoint), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
      components.host?.isEmpty == false
    else { throw PriceSyncError(file: options.endpoint, key: "--endpoint", "is not an http:// or https:// URL") }
    if let filter = options.filter, !filter.isEmpty {
      components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "$filter", value: filter)]
    }
    guard let url = components.url else { throw PriceSyncError(file: options.endpoint, key: "--filter", "cannot be written into a URL") }
    return url
  }

  /// Fetches every page. `nextLink` reads a page and returns its `NextPageLink` (nil on the last page).
  /// - Returns: each page's bytes, named `URL (page N)` for messages.
  /// - Throws: ``PriceSyncError`` (HTTP status, page cap, loops, bad links) or the reader's error.
  public static func fetch(
    _ options: Options, nextLink: @Sendable ([UInt8], String) throws -> String?, get: Get = live,
    sleep: @Sendable (Int) async -> Void = { try? await Task.sleep(nanoseconds: UInt64($0) * 1_000_000) }
  ) async throws -> [(name: String, bytes: [UInt8])] {
    var url = try firstURL(options)
    var pages: [(name: String, bytes: [UInt8])] = []
    var visited = Set<String>()
    while true {
      let name = "\(display(url)) (page \(pages.count + 1))"
      guard pages.count < options.maxPages else {
        throw PriceSyncError(file: name, key: "NextPageLink", "more than \(options.maxPages) pages; narrow --filter or raise --max-pages")
      }
      guard visited.insert(url.absoluteString).inserted else {
        throw PriceSyncError(file: name, key: "NextPageLink", "points back to a page already read")
      }
      let body = try await fetchPage(url, name: name, options: options, get: get, sleep: sleep)
      pages.append((name, body))
      guard let link = try nextLink(body, name) else { return pages }
      guard let next = URL(string: link), let scheme = next.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
        throw PriceSyncError(file: name, key: "NextPageLink", "'\(link)' is not an http:// or https:// URL")
      }
      url = next
    }
  }

  static func fetchPage(
    _ url: URL, name: String, options: Options, get: Get, sleep: @Sendable (Int) async -> Void
  ) async throws -> [UInt8] {
    var attempt = 0
    while true {
      var why: String
      var delay = min(options.maxDelayMilliseconds, options.baseDelayMilliseconds << min(attempt, 20))
      do {
        let response = try await get(url, options.timeoutSeconds)
        if response.status == 200 {
          guard response.body.count <= options.maxBodyBytes else {
            throw PriceSyncError(file: name, key: "", "the page is larger than \(options.maxBodyBytes / 1_048_576) MiB")
          }
          return response.body
        }
        guard response.status == 429 || (500...599).contains(response.status) else {
          throw PriceSyncError(file: name, key: "", "the server answered HTTP \(response.status)")
        }
        why = "HTTP \(response.status)"
        if let retryAfter = response.headers["retry-after"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), retryAfter >= 0 {
          delay = min(
            options.maxDelayMilliseconds, retryAfter > options.maxDelayMilliseconds / 1_000 ? options.maxDelayMilliseconds : retryAfter * 1_000)
        }
      } catch let error as PriceSyncError {
        throw error
      } catch {
        why = "\(error)"
      }
      guard attempt < options.maxRetries else {
        throw PriceSyncError(file: name, key: "", "gave up after \(attempt + 1) attempts (last: \(why))")
      }
      attempt += 1
      await sleep(delay)
    }
  }

  /// The URL without its query, for messages.
  static func display(_ url: URL) -> String {
    var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
    let hadQuery = components?.query != nil
    components?.query = nil
    return (components?.string ?? url.absoluteString) + (hadQuery ? "?…" : "")
  }

  /// URLSession (FoundationNetworking on Linux), no credentials, no cookies, no cache.
  public static let live: Get = { url, timeout in
    var request = URLRequest(url: url)
    request.httpMethod = "GET"
    request.timeoutInterval = TimeInterval(max(1, timeout))
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    request.setValue("imagecost-pricing-sync", forHTTPHeaderField: "User-Agent")
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = TimeInterval(max(1, timeout))
    configuration.timeoutIntervalForResource = TimeInterval(max(1, timeout))
    configuration.httpCookieStorage = nil
    configuration.urlCache = nil
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    return try await withCheckedThrowingContinuation { continuation in
      let task = session.dataTask(with: request) { data, response, error in
        if let error {
          continuation.resume(throwing: error)
          return
        }
        guard let http = response as? HTTPURLResponse else {
          continuation.resume(throwing: URLError(.badServerResponse))
          return
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
          if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        continuation.resume(returning: Response(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
      }
      task.resume()
    }
  }
}
