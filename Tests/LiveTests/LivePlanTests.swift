import CostCore
import CostIO
import Foundation
import StandInServer
import Testing

@Suite struct LivePlanLoaderTests {
  @Test func theBundledSmokePlanLoads() throws {
    let plan = try LivePlanLoader.load(path: Live.root.appendingPathComponent("examples/smoke.yaml").path)
    #expect(plan.name == "Smoke test")
    #expect(plan.callCount == 5)
    let edit = try #require(plan.calls.first { $0.operation == .edit })
    #expect(edit.model == "gpt-image-2")
    #expect(edit.images.count == 1 && edit.images[0].hasSuffix("examples/inputs/square-256.png"))
    #expect(plan.calls.first { $0.id == "low-streamed" }?.partialImages == 2)
  }

  @Test func problemsAreReportedWithFileAndLine() {
    let text = """
      schema_version: 1
      kind: live
      calls:
        a:
          model: gpt-image-1
          operation: edit
          prompt: x
          colour: red
        b:
          prompt: y
      """
    #expect {
      try LivePlanLoader.parse(text, file: "bad.yaml")
    } throws: { error in
      let text = "\(error)"
      return text.contains("bad.yaml:8:") && text.contains("unknown key 'colour'") && text.contains("an edit needs at least one input image")
        && text.contains("missing required key 'model'")
    }
  }
}

@Suite(.serialized) struct OpenAICLITests {
  @Test func openAIRunUsesBearerAuthAndSavesImages() async throws {
    let folder = try temporaryFolder("openai")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let plan = try writePlan(
      folder,
      """
      schema_version: 1
      kind: live
      calls:
        one: {model: gpt-image-1-mini, quality: low, size: 1024x1024, prompt: A teapot, partial_images: 1}
      """)
    let run = try await Binary.run(
      ["live", "run", plan, "--provider", "openai", "--max-spend", "1", "--yes", "--save-images", "out", "--format", "json"],
      environment: ["OPENAI_API_KEY": Live.key, "OPENAI_BASE_URL": server.baseURL + "/v1"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let request = try #require(server.served.first)
    #expect(request.path == "/v1/images/generations" && request.authorized && request.streamed)
    #expect(request.fields["model"] == "gpt-image-1-mini")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
    #expect(files == ["one-1-1.png"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(json["succeeded"] as? Int == 1)
  }

  @Test func missingKeyIsOneClearSentence() async throws {
    let folder = try temporaryFolder("nokey")
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = try writePlan(folder, "schema_version: 1\nkind: live\ncalls:\n  one: {model: gpt-image-1-mini, quality: low, prompt: A teapot}\n")
    let run = try await Binary.run(["live", "run", plan, "--provider", "openai", "--max-spend", "1", "--yes"], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("error: The environment variable OPENAI_API_KEY is not set; live calls need an API key."))
  }
}
