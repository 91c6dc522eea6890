import CostCore
import Foundation
import ImageAPI
import LiveTestDoubles
import StandInServer
import Testing

/// `--endpoint https://host/path?x=1`: the API path goes into the path, the query is kept.
@Suite struct EndpointQueryTests {
  @Test func theAPIPathGoesBeforeTheQuery() throws {
    let classic = LiveEndpoint(baseURL: "https://res.example/prefix/?tenant=a%20b&x=1#frag", style: .azureClassic(apiVersion: "2025-04-01-preview"))
    let url = classic.url(for: .generate, deployment: "img 1")
    #expect(url == "https://res.example/prefix/openai/deployments/img%201/images/generations?tenant=a%20b&x=1&api-version=2025-04-01-preview")
    let components = try #require(URLComponents(string: url))
    #expect(components.path == "/prefix/openai/deployments/img 1/images/generations")
    #expect(components.queryItems?.map(\.name) == ["tenant", "x", "api-version"])
    #expect(
      LiveEndpoint(baseURL: "https://api.example/v1?x=1", style: .openAI).url(for: .edit, deployment: nil)
        == "https://api.example/v1/images/edits?x=1")
    #expect(
      LiveEndpoint(baseURL: "https://h/openai/v1?x=1", style: .azureV1(apiVersion: nil)).url(for: .generate, deployment: nil)
        == "https://h/openai/v1/images/generations?x=1")
    // The base's own api-version wins.
    #expect(
      LiveEndpoint(baseURL: "https://h?api-version=2024-10-21", style: .azureClassic(apiVersion: "x")).url(for: .generate, deployment: "d")
        == "https://h/openai/deployments/d/images/generations?api-version=2024-10-21")
  }

  @Test func callsThroughAnEndpointWithAQuerySucceed() async throws {
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    for style in [LiveEndpoint.Style.azureClassic(apiVersion: LiveEndpoint.defaultAzureAPIVersion), .azureV1(apiVersion: "preview"), .openAI] {
      let provider = style == .openAI ? "openai" : "azure"
      let endpoint = LiveEndpoint(baseURL: server.baseURL + "/?tenant=t1", style: style)
      let credential = provider == "openai" ? APICredential.bearer(Live.key) : APICredential.azureKey(Live.key)
      let planned = try Live.planned([Live.call("q", seq: 0, provider: provider)])
      let configuration = LiveRunConfiguration(runID: "run-q", endpoint: endpoint, maxSpend: USD(decimal: "1")!, priceDate: Live.date)
      let runner = LiveRunner(
        configuration: configuration,
        effects: LiveEffects(client: .urlSession(credential: credential), journal: InMemoryJournal(), redactor: credential.redactor),
        book: Live.book)
      let summary = await runner.run(planned, info: Live.runInfo("run-q", planned, cap: USD(decimal: "1")!))
      #expect(summary.succeeded == 1, "\(style): \(summary)")
      let served = try #require(server.served.last)
      #expect(served.status == 200)
      #expect(served.query["tenant"] == "t1", "\(served.query)")
    }
  }
}
