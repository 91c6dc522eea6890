import Foundation
import Testing

/// A new model is a YAML edit: a copy of the bundled price book gets a model, `gpt-image-9-nova`, by editing its
/// files only — a source, the model with an alias, capabilities and a token-rule reference (models.yaml), rates on
/// OpenAI and Azure (openai.yaml, azure.yaml) and meter patterns for an Azure meter and an OpenAI Costs API line
/// item (meters.yaml) — and the built binary prices it through `quote`, `plan`, `replay`, and reads it from an
/// Azure Cost Management export and an OpenAI Costs export (`replay`, `import` + `report --actual`).
/// Every figure is computed here from the rates written below, not read back from an output.
@Suite struct AddModelByYAMLTests {
  static let model = "gpt-image-9-nova"
  static let alias = "gpt-image-9-nova-2026-11-01"

  // Rates per 1M tokens, as written into the book.
  static let openAITextInput = "3.00", openAIImageOutput = "24.00"
  static let azureTextInput = "3.30", azureImageOutput = "26.40"

  // The model's output rule is a reference to the bundled `gpt-image-1-table` (pricing/token-rules.yaml).
  static let highSquareTokens: Int64 = 4160, lowSquareTokens: Int64 = 272

  /// Nano-dollars of a decimal text such as `3.30` or `0.109956` (the test's own reading, up to 9 decimals).
  static func nanos(_ text: String) -> Int64 {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    return Int64(parts[0])! * 1_000_000_000 + Int64(fraction.padding(toLength: 9, withPad: "0", startingAt: 0))!
  }

  /// The cost of `tokens` at `rate` per 1M tokens, in nano-dollars (exact for the figures used here).
  static func cost(_ tokens: Int64, at rate: String) -> Int64 {
    let product = tokens * nanos(rate)
    #expect(product % 1_000_000 == 0, "\(tokens) tokens at \(rate) per 1M is not a whole nano-dollar")
    return product / 1_000_000
  }

  /// Inserts `text` after the one line `anchor` of `file` in `book`.
  static func insert(_ text: String, after anchor: String, in file: String, of book: URL) throws {
    let url = book.appendingPathComponent(file)
    let original = try String(contentsOf: url, encoding: .utf8)
    try #require(original.components(separatedBy: anchor).count == 2, "\(file) has no single '\(anchor)'")
    try original.replacingOccurrences(of: anchor, with: anchor + text).write(to: url, atomically: true, encoding: .utf8)
  }

  /// A temporary folder holding a copy of `pricing/` with the new model added (folder `book`).
  static func folderWithNewModel() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imagecost-add-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let book = folder.appendingPathComponent("book")
    try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("pricing"), to: book)
    try insert(
      """
        S900:
          title: GPT Image 9 Nova model page (the model the add-a-model test adds)
          citation: imagecost Tests/CLITests/AddModelByYAMLTests.swift
          read: 2026-11-20
          label: official

      """, after: "sources:\n", in: "sources.yaml", of: book)
    try insert(
      """
        \(model):
          name: GPT Image 9 Nova
          pricing: tokens
          released: 2026-11-01
          aliases: [\(alias)]
          capabilities:
            operations: [generate, edit]
            sizes: [1024x1024, 1536x1024, 1024x1536]
            default_size: 1024x1024
            qualities: [low, medium, high]
            default_quality: {openai: auto, azure: high}
            n: {min: 1, max: 10}
            input_fidelity: optional
            streaming: true
            partial_images: {min: 0, max: 3}
            max_input_images: 16
            prompt_max_chars: 32000
            transparent_background: supported
          tokens: {output: gpt-image-1-table, input_image: tiles-512}

      """, after: "models:\n", in: "models.yaml", of: book)
    try insert(
      """
        - {provider: openai, deployment_type: standard, model: \(model), unit: 1M tokens, effective_from: 2026-11-01, source: S900,
           prices: {text_input: \(openAITextInput), cached_text_input: 0.75, image_input: 6.00, cached_image_input: 1.50, image_output: \(openAIImageOutput)}}

      """, after: "rates:\n", in: "openai.yaml", of: book)
    try insert(
      """
        - {provider: azure, deployment_type: global, model: \(model), unit: 1M tokens, effective_from: 2026-11-01, source: S900,
           prices: {text_input: \(azureTextInput), cached_text_input: 0.825, image_input: 6.60, cached_image_input: 1.65, image_output: \(azureImageOutput)}}

      """, after: "rates:\n", in: "azure.yaml", of: book)
    try insert(
      """
          - {model: \(model), words: [nova, "9"]}                 # Azure meters: "Nova 9 img opt Gl 1M Tokens"
          - {model: \(model), words: [gpt, image, "9", nova]}    # OpenAI Costs line items: "gpt-image-9-nova, output"

      """, after: "  models:\n", in: "meters.yaml", of: book)
    return folder
  }

  /// Runs the binary in `folder` with the edited book.
  static func run(_ arguments: [String], in folder: URL) throws -> CLIRun {
    let run = try CLI.run(arguments + ["--pricing", folder.appendingPathComponent("book").path], in: folder)
    #expect(run.status == 0, "\(arguments): \(run.stderr)")
    return run
  }

  @Test func theEditedBookPassesItsChecks() throws {
    let folder = try Self.folderWithNewModel()
    defer { try? FileManager.default.removeItem(at: folder) }
    let check = try CLI.run(["pricing", "check", folder.appendingPathComponent("book").path], in: folder)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let models = try CLI.run(["models", "--pricing", folder.appendingPathComponent("book").path, "--format", "json"], in: folder)
    #expect(models.status == 0, "\(models.stderr)")
    #expect(models.stdout.contains("\"\(Self.model)\""))
  }

  @Test func quoteByIDAndByAlias() throws {
    let folder = try Self.folderWithNewModel()
    defer { try? FileManager.default.removeItem(at: folder) }
    let request = ["--quality", "high", "--size", "1024x1024", "--prompt-tokens", "50", "--requests", "1000", "--format", "json"]
    for (name, provider, text, image) in [
      (Self.model, "openai", Self.openAITextInput, Self.openAIImageOutput), (Self.alias, "azure", Self.azureTextInput, Self.azureImageOutput),
    ] {
      let json = try CLI.json(try Self.run(["quote", "--model", name, "--provider", provider] + request, in: folder))
      #expect(json["model"] as? String == Self.model)
      let perRequest = Self.cost(50, at: text) + Self.cost(Self.highSquareTokens, at: image)
      #expect((json["per_request_usd"] as? String).map(Self.nanos) == perRequest, "\(provider)")
      #expect(
        (json["total_usd"] as? String).map(Self.nanos) == Self.cost(50 * 1000, at: text) + Self.cost(Self.highSquareTokens * 1000, at: image),
        "\(provider)")
    }
  }

  @Test func planPricesBothWorkloads() throws {
    let folder = try Self.folderWithNewModel()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    schema_version: 1
    name: Nova trial
    start: 2026-12
    months: 2
    defaults: {provider: openai, deployment_type: standard}
    workloads:
      posters: {model: \(Self.model), quality: high, size: 1024x1024, images_per_month: 1000, prompt_tokens: 50}
      drafts: {model: \(Self.alias), provider: azure, deployment_type: global, quality: low, size: 1024x1024, images_per_month: 2000, prompt_tokens: 40}

    """.write(to: folder.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
    let json = try CLI.json(try Self.run(["plan", "plan.yaml", "--format", "json"], in: folder))
    let posters = Self.cost(50 * 1000, at: Self.openAITextInput) + Self.cost(Self.highSquareTokens * 1000, at: Self.openAIImageOutput)
    let drafts = Self.cost(40 * 2000, at: Self.azureTextInput) + Self.cost(Self.lowSquareTokens * 2000, at: Self.azureImageOutput)
    #expect((json["total_usd"] as? String).map(Self.nanos) == 2 * (posters + drafts))
    let lines = try #require((json["as_planned"] as? [String: Any])?["lines"] as? [[String: Any]])
    #expect(lines.count == 4)
    for line in lines {
      #expect(line["model"] as? String == Self.model)
      #expect(line["estimate"] as? Bool == false)
      let expected = line["workload"] as? String == "posters" ? posters : drafts
      #expect((line["cost_usd"] as? String).map(Self.nanos) == expected, "\(line)")
    }
  }

  @Test func replayPricesTheLogByIDAndAlias() throws {
    let folder = try Self.folderWithNewModel()
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    {"id":"nova_1","time":"2026-11-20T09:00:00Z","provider":"openai","deployment_type":"standard","model":"\(Self.model)","operation":"generate","size":"1024x1024","quality":"high","n":1,"status":200,"usage":{"input_tokens":50,"input_tokens_details":{"text_tokens":50,"image_tokens":0},"output_tokens":4160,"total_tokens":4210}}
    {"id":"nova_2","time":"2026-11-21T09:00:00Z","provider":"azure","deployment_type":"global","model":"\(Self.alias)","operation":"generate","size":"1024x1024","quality":"high","n":1,"status":200,"usage":{"input_tokens":40,"input_tokens_details":{"text_tokens":40,"image_tokens":0},"output_tokens":4160,"total_tokens":4200}}

    """.write(to: folder.appendingPathComponent("log.jsonl"), atomically: true, encoding: .utf8)
    let json = try CLI.json(try Self.run(["replay", "log.jsonl", "--by", "model", "--format", "json"], in: folder))
    let expected =
      Self.cost(50, at: Self.openAITextInput) + Self.cost(4160, at: Self.openAIImageOutput)
      + Self.cost(40, at: Self.azureTextInput) + Self.cost(4160, at: Self.azureImageOutput)
    #expect((json["total_usd"] as? String).map(Self.nanos) == expected)
    let groups = try #require(json["groups"] as? [[String: Any]])
    #expect(groups.count == 1)
    #expect((groups.first?["key"] as? [String: Any])?["model"] as? String == Self.model)
    #expect(groups.first?["requests"] as? Int == 2)
    #expect(groups.first?["unpriced_requests"] as? Int == 0)
    #expect((json["unpriced"] as? [Any])?.isEmpty == true)
  }

  /// Actual costs stay as billed: the figures are the export's, and the test checks they are attributed to the
  /// new model (not "(not an image model)") by the meter patterns added above.
  @Test func exportsAreAttributedToTheNewModel() throws {
    let folder = try Self.folderWithNewModel()
    defer { try? FileManager.default.removeItem(at: folder) }
    let azureOutput = Self.cost(4160, at: Self.azureImageOutput)
    let azureInput = Self.cost(40, at: Self.azureTextInput)
    let openAIOutput = Self.cost(4160, at: Self.openAIImageOutput)
    let openAIInput = Self.cost(50, at: Self.openAITextInput)
    func decimal(_ nanos: Int64) -> String { "\(nanos / 1_000_000_000).\(String(String(nanos % 1_000_000_000 + 1_000_000_000).dropFirst()))" }
    try """
    Date,MeterCategory,MeterSubCategory,MeterName,Quantity,UnitOfMeasure,CostInBillingCurrency,BillingCurrency
    2026-11-21,Cognitive Services,Azure OpenAI Media,Nova 9 img opt Gl 1M Tokens,0.00416,1M,\(decimal(azureOutput)),USD
    2026-11-21,Cognitive Services,Azure OpenAI Media,Nova 9 txt inp Gl 1M Tokens,0.00004,1M,\(decimal(azureInput)),USD
    2026-11-21,Storage,Tables,LRS Data Stored,1,1 GB/Month,0.05,USD

    """.write(to: folder.appendingPathComponent("azure.csv"), atomically: true, encoding: .utf8)
    // start_time 1795219200 is 2026-11-20T00:00:00Z.
    try """
    {"object":"page","data":[{"object":"bucket","start_time":1795219200,"end_time":1795305600,"results":[\
    {"object":"organization.costs.result","amount":{"value":\(decimal(openAIOutput)),"currency":"usd"},"line_item":"\(Self.model), output","project_id":null},\
    {"object":"organization.costs.result","amount":{"value":\(decimal(openAIInput)),"currency":"usd"},"line_item":"\(Self.model), input","project_id":null}]}],\
    "has_more":false,"next_page":null}

    """.write(to: folder.appendingPathComponent("openai-costs.json"), atomically: true, encoding: .utf8)

    /// The amount per model of an `imagecost.actual/1` report, and its unattributed items.
    func byModel(_ json: [String: Any]) -> (amounts: [String: Int64], unmatched: [String]) {
      var amounts: [String: Int64] = [:]
      for group in (json["groups"] as? [[String: Any]]) ?? [] {
        guard let model = (group["key"] as? [String: Any])?["model"] as? String, let usd = (group["amounts"] as? [String: Any])?["USD"] as? String
        else { continue }
        amounts[model] = Self.nanos(usd)
      }
      return (amounts, ((json["items_without_image_model"] as? [String: Any]) ?? [:]).keys.sorted())
    }
    let azure = byModel(try CLI.json(try Self.run(["replay", "azure.csv", "--by", "model", "--format", "json"], in: folder)))
    #expect(azure.amounts == [Self.model: azureOutput + azureInput, "(not an image model)": 50_000_000])
    #expect(azure.unmatched == ["LRS Data Stored"])
    let openAI = byModel(try CLI.json(try Self.run(["replay", "openai-costs.json", "--by", "model", "--format", "json"], in: folder)))
    #expect(openAI.amounts == [Self.model: openAIOutput + openAIInput])
    #expect(openAI.unmatched.isEmpty)

    let db = folder.appendingPathComponent("ledger.sqlite").path
    _ = try Self.run(["import", "--db", db, "azure.csv", "openai-costs.json"], in: folder)
    let stored = byModel(try CLI.json(try CLI.run(["report", "--db", db, "--actual", "--by", "model", "--format", "json"], in: folder)))
    #expect(stored.amounts == [Self.model: azureOutput + azureInput + openAIOutput + openAIInput, "(not an image model)": 50_000_000])
    #expect(stored.unmatched == ["LRS Data Stored"])
  }
}
