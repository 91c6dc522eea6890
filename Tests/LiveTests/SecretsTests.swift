import CostCore
import Foundation
import ImageAPI
import Ledger
import StandInServer
import Testing

/// The API key never appears in any artefact: stdout, stderr, the ledger's journal, reports, overlays — even
/// when the server echoes it back in its error messages.
@Suite(.serialized) struct SecretsTests {
  static let plan = """
    schema_version: 1
    kind: live
    name: secrets
    defaults: {model: gpt-image-1, quality: low, size: 1024x1024}
    calls:
      plain: {prompt: A red bicycle, repeat: 6}
      streamed: {prompt: A lighthouse, partial_images: 1, repeat: 2}
    """

  /// Every file under `folder`, as text (binary files decoded leniently).
  static func artefacts(_ folder: URL) -> [(String, String)] {
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.compactMap { url in
      guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
      return (url.path, String(decoding: data, as: UTF8.self))
    }
  }

  static func expectNoSecret(_ text: String, _ place: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let key = Live.key
    #expect(!text.contains(key), "the key leaked into \(place)", sourceLocation: sourceLocation)
    #expect(!text.contains(String(key.prefix(12))), "a key prefix leaked into \(place)", sourceLocation: sourceLocation)
    #expect(!text.contains(String(key.suffix(12))), "a key suffix leaked into \(place)", sourceLocation: sourceLocation)
  }

  @Test func keyNeverAppearsInAnyArtefact() async throws {
    let folder = try temporaryFolder("secrets")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server(
      faults: .sequence([
        .moderation, .serverError(500), .rateLimited(retryAfterMilliseconds: 1, retryAfterSeconds: nil), .malformedJSON, .truncatedStream,
      ]),
      echo: true)
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let environment = ["AZURE_OPENAI_API_KEY": Live.key]
    let db = folder.appendingPathComponent("ledger.sqlite").path
    var outputs: [(String, Binary.Result)] = []
    for format in ["table", "json"] {
      outputs.append(
        (
          "live run --format \(format)",
          try await Binary.run(
            [
              "live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes", "--format", format,
              "--save-images", "images", "--concurrency", "1", "--db", db,
            ], environment: environment, in: folder)
        ))
    }
    // The server echoed the key in its error bodies: the redaction was really exercised.
    #expect(server.served.contains { $0.status >= 400 })
    for format in ["table", "json", "csv", "md"] {
      outputs.append(
        (
          "reconcile \(format)",
          try await Binary.run(["reconcile", "--run", "last", "--format", format, "--db", db], environment: environment, in: folder)
        ))
    }
    outputs.append(("live status", try await Binary.run(["live", "status", "--format", "json", "--db", db], environment: environment, in: folder)))
    outputs.append(
      (
        "calibrate",
        try await Binary.run(
          [
            "calibrate", "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "0.5", "--yes", "--overlay", "overlay.yaml",
            "--db", db,
          ],
          environment: environment, in: folder)
      ))
    // A wrong key: the server answers 401 and quotes the key it was given.
    server.update { $0.apiKey = "another-key" }
    outputs.append(
      (
        "live run with a rejected key",
        try await Binary.run(
          [
            "live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes", "--format", "json",
            "--db", db,
          ],
          environment: environment, in: folder)
      ))
    #expect(outputs.last!.1.stdout.contains("\"http_status\" : 401") || outputs.last!.1.stdout.contains("401"))
    for (name, result) in outputs {
      Self.expectNoSecret(result.stdout, "\(name) stdout")
      Self.expectNoSecret(result.stderr, "\(name) stderr")
    }
    let files = Self.artefacts(folder)
    // The ledger's bytes (its WAL included, if not yet checkpointed) hold every journalled call, and no key.
    #expect(files.contains { $0.0.hasSuffix("/ledger.sqlite") })
    let journal = try Ledger(path: db).callJournal
    #expect(try journal.runs().count == 4)
    #expect(try journal.allCalls().contains { $0.outcome?.httpStatus == 401 })
    #expect(files.contains { $0.0.hasSuffix("overlay.yaml") })
    for (path, text) in files { Self.expectNoSecret(text, path) }
    #expect(outputs[0].1.stdout.contains("[REDACTED]") || files.contains { $0.1.contains("[REDACTED]") })
  }

  @Test func credentialDescriptionsHideTheKey() {
    let credential = APICredential.azureKey(Live.key)
    Self.expectNoSecret("\(credential)", "description")
    Self.expectNoSecret(String(reflecting: credential), "debug description")
    var dumped = ""
    dump(credential, to: &dumped)
    Self.expectNoSecret(dumped, "dump")
    let redactor = credential.redactor
    #expect(redactor("key=\(Live.key).") == "key=[REDACTED].")
    #expect(redactor("masked: \(Live.key.prefix(10))…\(Live.key.suffix(8))") == "masked: [REDACTED]")
  }
}

@Suite(.serialized) struct CalibrateCLITests {
  @Test func calibrationConfirmsAndContradictsAssumptionsAndWritesAnOverlay() async throws {
    let folder = try temporaryFolder("calibrate")
    defer { try? FileManager.default.removeItem(at: folder) }
    // The stand-in bills 12 text tokens of overhead instead of the book's 6.
    let server = try await Live.server(drift: .init(textTokenOverhead: 12))
    defer { Task { await server.stop() } }
    let run = try await Binary.run(
      [
        "calibrate", "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "0.75", "--yes", "--overlay",
        "out/overlay.yaml",
      ],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
    let overlay = try String(contentsOf: folder.appendingPathComponent("out/overlay.yaml"), encoding: .utf8)
    #expect(overlay.contains("kind: calibration-overlay"))
    #expect(overlay.contains("calibrated_on: 2026-10-01"))
    func status(_ id: String) -> String? {
      guard let range = overlay.range(of: "- id: \"\(id)\"\n    status: ") else { return nil }
      return String(overlay[range.upperBound...].prefix { $0 != "\n" })
    }
    #expect(status("generation-prompt-overhead") == "contradicted")
    #expect(overlay.contains("observed: \"+12\""))
    #expect(status("output-table:gpt-image-1-table") == "confirmed")
    #expect(status("partial-images-per-image") == "confirmed")
    #expect(status("prompt-billed-once-per-request") == "confirmed")
    #expect(status("input-image-tile-rule-all-models") == "confirmed")
    #expect(status("input-image-no-upscale") == "confirmed")
    #expect(status("high-fidelity-addend-newer") == "confirmed")
    #expect(status("mask-image-tokens") == "measured")
    #expect(run.stdout.contains("contradicted"))
    // The cheapest probes first, within the cap: a tiny cap leaves the edits out.
    let small = try await Binary.run(
      ["calibrate", "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "0.03"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key], in: folder)
    #expect(small.status == 0, "\(small.stderr)")
    #expect(small.stdout.contains("gen-low-square"))
    #expect(small.stdout.contains("does not fit"))
  }

  @Test func theOverlayIsNeverWrittenIntoThePriceBook() async throws {
    let folder = try temporaryFolder("calibrate-refuse")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try await Binary.run(
      [
        "calibrate", "--deployment", "img1=gpt-image-1", "--max-spend", "0.5", "--overlay",
        Live.root.appendingPathComponent("pricing/observed.yaml").path,
      ],
      in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("never edits pricing/"))
  }
}

/// `live run` and `calibrate` refuse a model retired on the provider at the run's date before anything is sent.
@Suite(.serialized) struct RetiredModelRefusalTests {
  static let plan = """
    schema_version: 1
    kind: live
    name: retired
    defaults: {model: gpt-image-1, quality: low, size: 1024x1024}
    calls:
      one:
        prompt: A red bicycle

    """

  @Test(arguments: [("2026-11-24", true), ("2026-10-01", false)])
  func liveRunRefusesARetiredModel(day: String, refused: Bool) async throws {
    let folder = try temporaryFolder("retired")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(
      ["live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key, "IMAGECOST_TODAY": day], in: folder)
    #expect((run.status != 0) == refused, "\(run.stderr)")
    if refused {
      #expect(run.stderr.contains("gpt-image-1 was retired on azure on 2026-10-23; use its successor gpt-image-2"), "\(run.stderr)")
      #expect(server.served.isEmpty, "no request reached the stand-in")
    } else {
      #expect(server.served.count == 1)
    }
  }

  @Test func allowRetiredSendsAnyway() async throws {
    let folder = try temporaryFolder("retired-allowed")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let plan = try writePlan(folder, Self.plan)
    let run = try await Binary.run(
      ["live", "run", plan, "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "1", "--yes", "--allow-retired"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key, "IMAGECOST_TODAY": "2026-11-24"], in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(server.served.count == 1)
  }

  @Test func calibrateRefusesARetiredModel() async throws {
    let folder = try temporaryFolder("retired-calibrate")
    defer { try? FileManager.default.removeItem(at: folder) }
    let server = try await Live.server()
    defer { Task { await server.stop() } }
    let run = try await Binary.run(
      ["calibrate", "--deployment", "img1=gpt-image-1", "--endpoint", server.baseURL, "--max-spend", "0.75", "--yes", "--overlay", "o.yaml"],
      environment: ["AZURE_OPENAI_API_KEY": Live.key, "IMAGECOST_TODAY": "2026-11-24"], in: folder)
    #expect(run.status != 0)
    #expect(run.stderr.contains("was retired on azure"), "\(run.stderr)")
    #expect(server.served.isEmpty)
  }
}
