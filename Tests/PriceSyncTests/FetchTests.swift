import CostCore
import CostIO
import FlyingFox
import FlyingSocks
import Foundation
import ImageAPI
import Testing

/// A stand-in for the Azure Retail Prices API on 127.0.0.1: serves the fixture pages (the first page's
/// `NextPageLink` rewritten to point back at the stand-in), answers scripted faults, and logs requests.
final class RetailPricesStandIn: @unchecked Sendable {
  struct Logged: Sendable {
    let path: String
    let query: [String: String]
  }

  private let lock = NSLock()
  private var logged: [Logged] = []
  /// Status and headers for the Nth request (0-based); anything else is served normally.
  private let faults: [Int: (Int, [String: String])]
  /// Page served for a request without `$skip`, and for `$skip=100`.
  private let first: String
  private let second: String
  private var server: HTTPServer?
  private var task: Task<Void, any Error>?
  private(set) var baseURL = ""

  var requests: [Logged] { lock.withLock { logged } }

  init(first: String = "azure-page1.json", second: String = "azure-page2.json", faults: [Int: (Int, [String: String])] = [:]) {
    self.first = first
    self.second = second
    self.faults = faults
  }

  static func start(first: String = "azure-page1.json", second: String = "azure-page2.json", faults: [Int: (Int, [String: String])] = [:])
    async throws
    -> RetailPricesStandIn
  {
    let standIn = RetailPricesStandIn(first: first, second: second, faults: faults)
    let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled, handler: RetailHandler(standIn: standIn))
    standIn.server = server
    standIn.task = Task { try await server.run() }
    try await server.waitUntilListening(timeout: 60)
    guard case .ip4(_, let port)? = await server.listeningAddress else { throw PriceSyncError(file: "stand-in", key: "", "no IPv4 port") }
    standIn.baseURL = "http://127.0.0.1:\(port)"
    return standIn
  }

  func stop() async {
    await server?.stop(timeout: 0)
    task?.cancel()
  }

  var endpoint: String { baseURL + "/api/retail/prices" }

  func answer(_ request: HTTPRequest) async -> HTTPResponse {
    var query: [String: String] = [:]
    for item in request.query { query[item.name] = item.value }
    let index = lock.withLock {
      logged.append(Logged(path: request.path, query: query))
      return logged.count - 1
    }
    if let (status, headers) = faults[index] {
      var all: [HTTPHeader: String] = [:]
      for (name, value) in headers { all[HTTPHeader(name)] = value }
      return HTTPResponse(
        statusCode: HTTPStatusCode(status, phrase: "Scripted"), headers: HTTPHeaders(all), body: Data("{\"error\": \"scripted\"}".utf8))
    }
    guard request.path == "/api/retail/prices" else { return HTTPResponse(statusCode: .notFound) }
    let name = query["$skip"] == "100" ? second : first
    var text = String(decoding: SyncFixtures.bytes(name), as: UTF8.self)
    text = text.replacingOccurrences(of: "https://prices.azure.com", with: baseURL)
    return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data(text.utf8))
  }
}

struct RetailHandler: HTTPHandler {
  let standIn: RetailPricesStandIn
  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse { await standIn.answer(request) }
}

/// Records the waits instead of sleeping.
final class Waits: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Int] = []
  var all: [Int] { lock.withLock { values } }
  func record(_ milliseconds: Int) { lock.withLock { values.append(milliseconds) } }
}

@Suite(.serialized) struct FetchTests {
  static func nextLink(_ bytes: [UInt8], _ name: String) throws -> String? { try AzureRetailReader.page(bytes, file: name).nextPageLink }

  @Test func followsNextPageLinkWithTheFilterAndRetriesPolitely() async throws {
    // Page 2: first a 429 asking for 2 s, then a 503 (backoff 2 × 1 s), then the page.
    let standIn = try await RetailPricesStandIn.start(faults: [1: (429, ["Retry-After": "2"]), 2: (503, [:])])
    let waits = Waits()
    let options = RetailPricesFetcher.Options(
      endpoint: standIn.endpoint, maxPages: 5, timeoutSeconds: 120, maxRetries: 3, baseDelayMilliseconds: 1_000)
    let pages = try await RetailPricesFetcher.fetch(options, nextLink: FetchTests.nextLink, sleep: { waits.record($0) })
    await standIn.stop()
    #expect(pages.count == 2)
    #expect(waits.all == [2_000, 2_000])
    let requests = standIn.requests
    #expect(requests.count == 4)
    #expect(requests.first?.query["$filter"] == RetailPricesFetcher.defaultFilter)
    #expect(requests.dropFirst().allSatisfy { $0.query["$skip"] == "100" })
    // The fetched pages say what the saved pages say.
    var input = PriceSyncInput()
    for page in pages {
      input.merge(try AzureRetailReader.read(try AzureRetailReader.page(page.bytes, file: page.name), file: page.name, book: SyncFixtures.book))
    }
    let fetched = PriceSync.compare(book: SyncFixtures.book, input: input, date: SyncFixtures.runDate)
    let saved = try SyncFixtures.report(litellm: false)
    #expect(fetched.findings.map(\.kind) == saved.findings.map(\.kind))
    #expect(fetched.findings.map(\.new) == saved.findings.map(\.new))
  }

  @Test func givesUpAfterBoundedRetriesAndStopsAtOnceOnOtherStatuses() async throws {
    let failing = try await RetailPricesStandIn.start(faults: [0: (500, [:]), 1: (500, [:]), 2: (500, [:])])
    let waits = Waits()
    let options = RetailPricesFetcher.Options(endpoint: failing.endpoint, timeoutSeconds: 120, maxRetries: 2, baseDelayMilliseconds: 100)
    await #expect(throws: PriceSyncError.self) {
      try await RetailPricesFetcher.fetch(options, nextLink: FetchTests.nextLink, sleep: { waits.record($0) })
    }
    #expect(waits.all == [100, 200])  // two retries, exponential backoff, then it gives up
    // Past the scripted failures the same server answers normally.
    let pages = try await RetailPricesFetcher.fetch(options, nextLink: FetchTests.nextLink, sleep: { waits.record($0) })
    await failing.stop()
    #expect(pages.count == 2)
    #expect(failing.requests.count == 3 + 2)

    let missing = try await RetailPricesStandIn.start(faults: [0: (404, [:])])
    do {
      _ = try await RetailPricesFetcher.fetch(RetailPricesFetcher.Options(endpoint: missing.endpoint), nextLink: FetchTests.nextLink, sleep: { _ in })
      Issue.record("no error")
    } catch let error as PriceSyncError {
      #expect(error.description.hasSuffix("the server answered HTTP 404"))
    }
    await missing.stop()
    #expect(missing.requests.count == 1)
  }

  @Test func capsPagesAndRefusesLoops() async throws {
    let standIn = try await RetailPricesStandIn.start()
    do {
      _ = try await RetailPricesFetcher.fetch(
        RetailPricesFetcher.Options(endpoint: standIn.endpoint, maxPages: 1), nextLink: FetchTests.nextLink, sleep: { _ in })
      Issue.record("no error")
    } catch let error as PriceSyncError {
      #expect(error.description.contains("NextPageLink: more than 1 pages; narrow --filter or raise --max-pages"))
    }
    await standIn.stop()
    let looping = try await RetailPricesStandIn.start(second: "azure-page1.json")
    do {
      _ = try await RetailPricesFetcher.fetch(RetailPricesFetcher.Options(endpoint: looping.endpoint), nextLink: FetchTests.nextLink, sleep: { _ in })
      Issue.record("no error")
    } catch let error as PriceSyncError {
      #expect(error.description.contains("NextPageLink: points back to a page already read"))
    }
    await looping.stop()
    #expect(throws: PriceSyncError.self) { try RetailPricesFetcher.firstURL(RetailPricesFetcher.Options(endpoint: "ftp://example.com/x")) }
  }

  @Test func theCommandFetchesFromAnyCompatibleServer() async throws {
    let standIn = try await RetailPricesStandIn.start(faults: [1: (429, ["Retry-After": "1"])])
    let run = try SyncCLI.run(
      ["pricing", "sync", "--azure-retail", "--fetch", "--endpoint", standIn.endpoint, "--timeout", "120", "--format", "json"] + SyncCLI.book)
    await standIn.stop()
    #expect(run.status == 3, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let counts = try #require(json["counts"] as? [String: Int])
    #expect(counts["changed"] == 1 && counts["new_meter"] == 3 && counts["missing"] == 1 && counts["unchanged"] == 12)
    // Page 1, the 429, page 2 (more only if a loaded machine made a request time out and it was retried).
    #expect(standIn.requests.count >= 3)
    #expect(standIn.requests.first?.query["$filter"] == RetailPricesFetcher.defaultFilter)
    #expect(standIn.requests.last?.query["$skip"] == "100")

    let failing = try await RetailPricesStandIn.start(faults: [0: (503, [:]), 1: (503, [:])])
    let failed = try SyncCLI.run(
      ["pricing", "sync", "--azure-retail", "--fetch", "--endpoint", failing.endpoint, "--retries", "1", "--filter", "serviceName eq 'X'"]
        + SyncCLI.book)
    await failing.stop()
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("gave up after 2 attempts (last: HTTP 503)"), "\(failed.stderr)")
    #expect(failing.requests.first?.query["$filter"] == "serviceName eq 'X'")
  }
}
