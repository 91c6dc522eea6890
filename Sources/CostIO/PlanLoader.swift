import CostCore
import Foundation
import Yams

/// A plan file could not be used; every problem is listed as `file:line:column: key.path: message`.
public struct PlanFileError: Error, CustomStringConvertible, Sendable {
  public let diagnostics: [PriceBookDiagnostic]

  public var description: String {
    diagnostics.map { "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)" }.joined(separator: "\n")
      + "\nThe plan has \(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s"); nothing was written."
  }
}

/// Reads plan files (YAML, `schema_version: 1`) and checks every workload against the price book.
public enum PlanLoader {
  public static let supportedSchemaVersion = 1

  /// What a plan may read besides itself: sample-prompt files, counted with a tokenizer.
  /// Injected so the loader stays testable (the CLI passes the o200k tokenizer).
  public struct Inputs: Sendable {
    /// Text of a file, by path (relative paths are resolved against the plan's folder by the loader).
    public var readText: @Sendable (String) throws -> String
    /// Exact prompt tokens of a text.
    public var countTokens: @Sendable (String) throws -> Int

    public init(readText: @escaping @Sendable (String) throws -> String, countTokens: @escaping @Sendable (String) throws -> Int) {
      self.readText = readText
      self.countTokens = countTokens
    }

    /// No prompt files: `prompt_file` is reported as unavailable.
    public static let none = Inputs(
      readText: { path in throw PlanInputError("prompt files cannot be read here (\(path))") },
      countTokens: { _ in throw PlanInputError("no tokenizer is available") })
  }

  /// Why a plan input (a sample-prompt file) could not be used.
  public struct PlanInputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
  }

  /// Loads and checks `path`.
  public static func load(path: String, book: PriceBook, inputs: Inputs = .none) throws -> Plan {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw PlanFileError(diagnostics: [PriceBookDiagnostic(SourceLocation(file: path, line: 0), "the plan file does not exist or cannot be read")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw PlanFileError(diagnostics: [PriceBookDiagnostic(SourceLocation(file: path, line: 1), "the plan file is not valid UTF-8 text")])
    }
    return try parse(text, file: path, book: book, inputs: inputs)
  }

  /// Parses plan text (no I/O) and checks it against `book`.
  public static func parse(_ text: String, file: String, book: PriceBook, inputs: Inputs = .none) throws -> Plan {
    let reader = YAMLReader(file: file)
    guard let root = reader.compose(text) else {
      if reader.diagnostics.isEmpty { reader.report(SourceLocation(file: file, line: 1), "the plan is empty") }
      throw PlanFileError(diagnostics: reader.diagnostics)
    }
    let directory = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : "."
    let context = Context(inputs: inputs, directory: directory)
    let plan = read(root, reader: reader, book: book, context: context)
    if let plan, reader.diagnostics.isEmpty { return plan }
    throw PlanFileError(diagnostics: reader.diagnostics)
  }

  struct Context {
    let inputs: Inputs
    let directory: String
  }

  private static func read(_ root: Node, reader: YAMLReader, book: PriceBook, context: Context) -> Plan? {
    guard
      let top = reader.fields(
        root, "", allowed: ["schema_version", "name", "start", "months", "defaults", "budget", "workloads", "candidates", "capacity", "currency"],
        required: ["schema_version", "name", "start", "months", "workloads"])
    else { return nil }
    if let version = top.int("schema_version"), version != supportedSchemaVersion {
      top.report("schema_version", "schema_version \(version) is not supported; this imagecost reads version \(supportedSchemaVersion)")
    }
    let start = top.string("start").flatMap { text -> YearMonth? in
      guard let month = YearMonth(text) else {
        top.report("start", "start must be a month written YYYY-MM, found '\(text)'")
        return nil
      }
      return month
    }
    let months = top.int("months", min: 1)
    if let months, months > 120 { top.report("months", "months must be at most 120 (10 years), found \(months)") }
    // The last month must be a calendar month imagecost can name (9999-12 at the latest).
    let horizonOK = start.map { s in months.map { $0 <= 120 && s.year * 12 + s.month - 1 + $0 - 1 <= 9999 * 12 + 11 } ?? true } ?? true
    if let months, months <= 120, !horizonOK { top.report("months", "the plan's \(months) months run past 9999-12") }
    let defaults = top.fields("defaults", allowed: ["provider", "deployment_type", "region", "on_retirement"])
    var budget: Budget?
    if let b = top.fields("budget", allowed: ["amount", "period"], required: ["amount", "period"]) {
      let period = b.string("period").flatMap { text -> BudgetPeriod? in
        guard let period = BudgetPeriod(rawValue: text) else {
          b.report("period", "period must be month, quarter or total, found '\(text)'")
          return nil
        }
        return period
      }
      if let node = b["amount"], let amount = reader.money(node, b.path("amount")), let period { budget = Budget(amount: amount, period: period) }
    }
    var workloads: [Workload] = []
    if let node = top["workloads"], let pairs = reader.mapping(node, "workloads") {
      if pairs.isEmpty { reader.report(node, "workloads", "the plan has no workloads; add at least one") }
      for (id, value) in pairs {
        workloads += readWorkloads(id, value, reader: reader, book: book, context: context)
      }
    }
    var candidates: [Candidate] = []
    if let node = top["candidates"], let pairs = reader.mapping(node, "candidates") {
      for (id, value) in pairs {
        let path = "candidates.\(id)"
        guard let c = reader.fields(value, path, allowed: ["model", "quality", "size", "provider", "deployment_type", "region"]) else { continue }
        if let model = c.string("model"), book.model(named: model) == nil {
          let hint = NearestNames.didYouMean(model, in: book.imageModelNames)
          c.report(
            "model", "unknown model '\(model)'; " + (hint.isEmpty ? "" : hint + " ") + "the price book knows \(book.modelIDs.joined(separator: ", "))"
          )
        }
        candidates.append(
          Candidate(
            id: id, model: c.string("model"), quality: c.string("quality"), size: c.size("size"), provider: c.string("provider"),
            deploymentType: c.string("deployment_type"), region: c.string("region")))
      }
    }
    var capacity = CapacityProfile()
    if let c = top.fields("capacity", allowed: ["active_hours_per_day", "peak_factor", "tier", "limits"]) {
      let hours = c.int("active_hours_per_day", min: 1) ?? 24
      if hours > 24 { c.report("active_hours_per_day", "a day has at most 24 hours, found \(hours)") }
      var peak: Int64 = 1_000_000
      if let node = c["peak_factor"], let text = reader.string(node, c.path("peak_factor")) {
        if let value = DecimalText(text), let ppm = value.scaled(to: 6), ppm >= 1_000_000, ppm <= 1_000_000_000 {
          peak = ppm
        } else {
          reader.report(node, c.path("peak_factor"), "peak_factor must be a decimal from 1 to 1000 such as 2.5, found '\(text)'")
        }
      }
      var overrides: [String: Int] = [:]
      if let node = c["limits"], let pairs = reader.mapping(node, c.path("limits")) {
        for (model, value) in pairs {
          if book.model(named: model) == nil { reader.report(value, "\(c.path("limits")).\(model)", "unknown model '\(model)'") }
          if let limit = reader.int(value, "\(c.path("limits")).\(model)", min: 1) { overrides[model] = limit }
        }
      }
      capacity = CapacityProfile(
        activeHoursPerDay: min(hours, 24), peakFactorPPM: peak, tier: c.string("tier") ?? "default", limitOverrides: overrides, isDefault: false)
    }
    var currency: CurrencyConversion?
    if let c = top.fields("currency", allowed: ["code", "rate", "date"], required: ["code", "rate"]), let code = c.string("code"),
      let rate = c.string("rate")
    {
      currency = CurrencyConversion(code: code, rate: rate, date: c.date("date"))
      if currency == nil {
        reader.report(
          c.node, "currency", "code must be three capital letters (e.g. JPY) and rate a positive decimal with at most 6 decimals (units per USD)")
      }
    }
    guard let name = top.string("name"), let start, let months, months <= 120, horizonOK else { return nil }
    var plan = Plan(
      name: name, start: start, months: months, defaultProvider: defaults?.string("provider"),
      defaultDeploymentType: defaults?.string("deployment_type"), defaultRegion: defaults?.string("region"), workloads: workloads,
      candidates: candidates, budget: budget, capacity: capacity, currency: currency)
    plan.onRetirement = onRetirement(defaults) ?? .infeasible
    // Each workload must be priceable as written: report the pricer's sentence at the workload.
    let pricer = Pricer(book: book)
    if let node = top["workloads"], case .mapping(let mapping) = node {
      for workload in workloads {
        let entry = mapping.first { $0.key.string == (workload.pipeline?.pipeline ?? workload.id) }
        do {
          if let refine = workload.refine {
            // The text model's rates on the pipeline's provider, at the first month.
            let request = plan.resolvedRequest(workload)
            let provider = request.provider ?? book.defaultProvider
            let deploymentType = request.deploymentType ?? book.providers[provider]?.defaultDeploymentType ?? ""
            for kind in TextModelSpec.components {
              _ = try RefineStage.price(
                kind, model: refine.model, book: book, provider: provider, deploymentType: deploymentType, region: request.region,
                date: start.firstDay)
            }
          } else {
            _ = try pricer.resolve(plan.resolvedRequest(workload))
          }
          if workload.volume.images(inMonth: months - 1, of: start.adding(months: months - 1)) == nil {
            reader.report(
              entry?.value, "workloads.\(workload.id).growth_per_month",
              "the volume overflows within \(months) months; lower the growth or the horizon")
          }
        } catch let error as QuoteError {
          reader.report(entry?.value, "workloads.\(workload.id)", error.description)
        } catch {
          reader.report(entry?.value, "workloads.\(workload.id)", "\(error)")
        }
      }
    }
    return plan
  }

  static let requestKeys: Set<String> = [
    "model", "operation", "quality", "size", "n", "prompt_tokens", "prompt_file", "input_images", "input_fidelity", "partial_images",
    "cached_share", "text_output_tokens", "n_billing", "complexity", "output_format",
  ]
  static let volumeKeys = ["images_per_month", "images_per_week", "images_per_day"]
  static let finalsKeys = ["finals_per_month", "finals_per_week", "finals_per_day"]
  static let commonKeys: Set<String> = [
    "growth_per_month", "retry_rate", "failures_billed", "provider", "deployment_type", "region", "tags", "on_retirement",
  ]

  /// `on_retirement: infeasible | successor`, where given.
  static func onRetirement(_ f: Fields?) -> OnRetirement? {
    guard let f, let text = f.string("on_retirement") else { return nil }
    guard let value = OnRetirement(rawValue: text) else {
      f.report("on_retirement", "on_retirement must be infeasible or successor, found '\(text)'")
      return nil
    }
    return value
  }

  /// One plan entry: a plain workload, or a pipeline expanded into one workload per stage (`id/stage`).
  private static func readWorkloads(_ id: String, _ node: Node, reader: YAMLReader, book: PriceBook, context: Context) -> [Workload] {
    let path = "workloads.\(id)"
    let isPipeline: Bool = {
      if case .mapping(let m) = node { return m.contains { $0.key.string == "pipeline" } }
      return false
    }()
    let allowed =
      isPipeline
      ? commonKeys.union(finalsKeys).union(["pipeline", "acceptance_rate"]) : commonKeys.union(requestKeys).union(volumeKeys)
    guard let f = reader.fields(node, path, allowed: allowed, required: isPipeline ? ["pipeline"] : ["model"]) else { return [] }
    // Volume: exactly one of the per-period keys.
    let keys = (isPipeline ? finalsKeys : volumeKeys).filter { f.has($0) }
    if keys.count != 1 {
      reader.report(node, path, "give exactly one of \((isPipeline ? finalsKeys : volumeKeys).joined(separator: ", "))")
    }
    var uncertainty = Uncertainty()
    let base = keys.first.flatMap { key -> Int64? in
      if let node = f[key], isMapping(node) {
        guard let d = distribution(node, f.path(key), reader, bounds: .volume) else { return nil }
        uncertainty.volume = d
        return ValueDistribution.whole(d.mean, in: 0...1_000_000_000_000)
      }
      guard let node = f[key], let text = reader.string(node, f.path(key)) else { return nil }
      if text.hasPrefix("-") {
        reader.report(node, f.path(key), "volume must not be negative, found \(text)")
        return nil
      }
      guard let value = Int64(text), value <= 1_000_000_000_000 else {
        reader.report(node, f.path(key), "expected a whole number of images (at most 10^12), found '\(text)'")
        return nil
      }
      return value
    }
    let period: VolumePeriod = keys.first.map { $0.hasSuffix("week") ? .week : ($0.hasSuffix("day") ? .day : .month) } ?? .month
    var growth: Int64 = 0
    if let node = f["growth_per_month"], isMapping(node) {
      if let d = distribution(node, f.path("growth_per_month"), reader, bounds: .growth) {
        uncertainty.growth = d
        growth = ValueDistribution.whole(d.mean, scale: 1_000_000, in: -999_999...10_000_000)
      }
    } else if let node = f["growth_per_month"], let text = reader.string(node, f.path("growth_per_month")) {
      let negative = text.hasPrefix("-")
      if let value = DecimalText(negative ? String(text.dropFirst()) : text), let ppm = value.scaled(to: 6), ppm <= 10_000_000,
        !(negative && ppm >= 1_000_000)
      {
        growth = negative ? -ppm : ppm
      } else {
        reader.report(
          node, f.path("growth_per_month"),
          "growth must be a decimal share per month such as 0.10 (+10 %) or -0.05, above -1, at most 10, with at most 6 decimals; found '\(text)'")
      }
    }
    var retry: Share?
    if let node = f["retry_rate"] {
      if case .mapping = node {
        if let r = reader.fields(node, f.path("retry_rate"), allowed: ["min", "max"], required: ["min", "max"]),
          let low = r["min"].flatMap({ share($0, r.path("min"), reader) }), let high = r["max"].flatMap({ share($0, r.path("max"), reader) })
        {
          if low.partsPerMillion > high.partsPerMillion {
            reader.report(node, f.path("retry_rate"), "min is greater than max")
          } else {
            uncertainty.retryRange = low.partsPerMillion...high.partsPerMillion
            retry = Share(partsPerMillion: (low.partsPerMillion + high.partsPerMillion) / 2)
          }
        }
      } else {
        retry = share(node, f.path("retry_rate"), reader)
      }
    }
    var tags: [String: String] = [:]
    if let node = f["tags"], let pairs = reader.mapping(node, f.path("tags")) {
      for (key, value) in pairs { tags[key] = reader.string(value, "\(f.path("tags")).\(key)") }
    }
    let failuresBilled = f.bool("failures_billed") ?? true
    func request(_ r: Fields, uncertainty: inout Uncertainty) -> ImageRequest? {
      var req = readRequest(r, reader: reader, context: context, uncertainty: &uncertainty)
      req?.provider = f.string("provider")
      req?.deploymentType = f.string("deployment_type")
      req?.region = f.string("region")
      return req
    }
    let retirementPolicy = onRetirement(f)
    guard isPipeline else {
      guard let req = request(f, uncertainty: &uncertainty), let base else { return [] }
      var workload = Workload(
        id: id, request: req, volume: Volume(base: base, period: period, growthPPMPerMonth: growth), retryRate: retry,
        failuresBilled: failuresBilled, tags: tags, uncertainty: uncertainty)
      workload.onRetirement = retirementPolicy
      return [workload]
    }
    var acceptance: Int64 = 1_000_000
    var acceptanceWithout: Int64?
    if let node = f["acceptance_rate"], isMapping(node) {
      let path = f.path("acceptance_rate")
      let keys = reader.mapping(node, path)?.map(\.0) ?? []
      if keys.contains("with_refinement") || keys.contains("without") {
        // {with_refinement, without}: the plan has a refine stage; imagecost also prices the pipeline without it.
        if let a = reader.fields(node, path, allowed: ["with_refinement", "without"], required: ["with_refinement", "without"]),
          let with = a["with_refinement"].flatMap({ share($0, a.path("with_refinement"), reader) }),
          let without = a["without"].flatMap({ share($0, a.path("without"), reader) })
        {
          if with.partsPerMillion == 0 || without.partsPerMillion == 0 {
            reader.report(node, path, "acceptance rates must be above 0")
          } else {
            (acceptance, acceptanceWithout) = (with.partsPerMillion, without.partsPerMillion)
          }
        }
      } else if let d = distribution(node, path, reader, bounds: .share) {
        uncertainty.acceptance = d
        acceptance = ValueDistribution.whole(d.mean, scale: 1_000_000, in: 1...1_000_000)
      }
    } else if let node = f["acceptance_rate"] {
      if let value = share(node, f.path("acceptance_rate"), reader) {
        if value.partsPerMillion == 0 {
          reader.report(node, f.path("acceptance_rate"), "acceptance_rate must be above 0")
        } else {
          acceptance = value.partsPerMillion
        }
      }
    }
    guard let stagesNode = f["pipeline"], let stages = reader.sequence(stagesNode, f.path("pipeline")) else { return [] }
    if stages.isEmpty { reader.report(stagesNode, f.path("pipeline"), "a pipeline needs at least one stage") }
    var workloads: [Workload] = []
    var seen = Set<String>()
    var hasRefine = false
    for (index, stageNode) in stages.enumerated() {
      let stagePath = "\(f.path("pipeline"))[\(index)]"
      let isRefine: Bool = {
        if case .mapping(let m) = stageNode { return m.contains { $0.key.string == "kind" && $0.value.string == "refine" } }
        return false
      }()
      if isRefine {
        hasRefine = true
        guard let st = reader.fields(stageNode, stagePath, allowed: refineKeys, required: ["id", "model", "rounds_per_final"]),
          let stageID = st.string("id")
        else { continue }
        if !seen.insert(stageID).inserted { st.report("id", "stage id '\(stageID)' is used twice in this pipeline") }
        if index == stages.count - 1 { st.report("kind", "a refine stage comes before the image stages; the last stage must make the final images") }
        guard let (refine, refineUncertainty) = readRefine(st, reader: reader, book: book, context: context), let base else { continue }
        var stageUncertainty = refineUncertainty
        (stageUncertainty.volume, stageUncertainty.growth, stageUncertainty.acceptance) = (
          uncertainty.volume, uncertainty.growth, uncertainty.acceptance
        )
        var stage = PipelineStage(
          pipeline: id, stage: stageID, isFinal: false, perFinal: (refine.roundsPerFinalPPM + 999_999) / 1_000_000, acceptancePPM: acceptance)
        stage.acceptanceWithoutRefinementPPM = acceptanceWithout
        var request = ImageRequest(model: refine.model)
        (request.provider, request.deploymentType, request.region) = (f.string("provider"), f.string("deployment_type"), f.string("region"))
        var workload = Workload(
          id: "\(id)/\(stageID)", request: request,
          volume: Volume(
            base: base, period: period, growthPPMPerMonth: growth, multiplierNumerator: refine.roundsPerFinalPPM, multiplierDenominator: acceptance),
          retryRate: nil, failuresBilled: false, tags: tags, uncertainty: stageUncertainty, pipeline: stage)
        workload.refine = refine
        workload.onRetirement = retirementPolicy
        workloads.append(workload)
        continue
      }
      guard
        let st = reader.fields(
          stageNode, stagePath, allowed: requestKeys.union(["id", "per_final", "kind"]), required: ["id", "model", "per_final"]),
        let stageID = st.string("id")
      else { continue }
      if let kind = st.string("kind"), kind != "image" { st.report("kind", "kind must be image (the default) or refine, found '\(kind)'") }
      if !seen.insert(stageID).inserted { st.report("id", "stage id '\(stageID)' is used twice in this pipeline") }
      var stageUncertainty = Uncertainty(promptTokens: nil, retryRange: uncertainty.retryRange)
      (stageUncertainty.volume, stageUncertainty.growth, stageUncertainty.acceptance) = (
        uncertainty.volume, uncertainty.growth, uncertainty.acceptance
      )
      guard let req = request(st, uncertainty: &stageUncertainty), let perFinal = st.int("per_final", min: 1), let base else { continue }
      if let text = PlausibilityBounds.excess("per_final", Int64(perFinal), max: PlausibilityBounds.imagesPerFinal, unit: "images per final") {
        st.report("per_final", text)
        continue
      }
      var stage = PipelineStage(
        pipeline: id, stage: stageID, isFinal: index == stages.count - 1, perFinal: Int64(perFinal), acceptancePPM: acceptance)
      stage.acceptanceWithoutRefinementPPM = acceptanceWithout
      var workload = Workload(
        id: "\(id)/\(stageID)", request: req,
        volume: Volume(
          base: base, period: period, growthPPMPerMonth: growth, multiplierNumerator: Int64(perFinal) * 1_000_000,
          multiplierDenominator: acceptance), retryRate: retry, failuresBilled: failuresBilled, tags: tags, uncertainty: stageUncertainty,
        pipeline: stage)
      workload.onRetirement = retirementPolicy
      workloads.append(workload)
    }
    if acceptanceWithout != nil, !hasRefine {
      reader.report(
        f["acceptance_rate"], f.path("acceptance_rate"), "acceptance_rate: {with_refinement, without} needs a stage of kind: refine in the pipeline")
    }
    return workloads
  }

  private static func share(_ node: Node, _ path: String, _ reader: YAMLReader) -> Share? {
    guard let text = reader.string(node, path) else { return nil }
    guard let value = Share(decimal: text) else {
      reader.report(node, path, "expected a share from 0 to 1 such as 0.05, found '\(text)'")
      return nil
    }
    return value
  }

  /// The request fields of a workload or pipeline stage (provider fields are set by the caller).
  private static func readRequest(_ f: Fields, reader: YAMLReader, context: Context, uncertainty: inout Uncertainty) -> ImageRequest? {
    let operationText = f.string("operation") ?? "generate"
    let operation = ImageOperation(rawValue: operationText)
    if operation == nil { f.report("operation", "operation must be generate or edit, found '\(operationText)'") }
    let inputImages =
      f["input_images"].flatMap { node in
        reader.sequence(node, f.path("input_images")).map { $0.enumerated().compactMap { reader.size($1, "\(f.path("input_images"))[\($0)]") } }
      } ?? []
    var promptTokens: Int?
    if let node = f["prompt_tokens"], let (point, distribution) = tokenCount(node, f.path("prompt_tokens"), reader) {
      // Beyond the plausibility bound: one sentence at the key (never an overflow in the simulation).
      if let text = PlausibilityBounds.excess(
        "prompt_tokens", Int64(largest(point, distribution)), max: PlausibilityBounds.tokensPerRequest, unit: "tokens per request")
      {
        f.report("prompt_tokens", text)
      } else {
        (promptTokens, uncertainty.promptTokens) = (point, distribution)
      }
    }
    var counted: Int?
    if let node = f["prompt_file"], let name = reader.string(node, f.path("prompt_file")) {
      if f.has("prompt_tokens") { reader.report(node, f.path("prompt_file"), "give prompt_tokens or prompt_file, not both") }
      let path = name.hasPrefix("/") ? name : context.directory + "/" + name
      do {
        // One prompt per line, counted exactly as written (line breaks excluded); blank lines are skipped.
        let lines = TextLines.split(try context.inputs.readText(path)).filter { !$0.isEmpty }
        let counts = try lines.map { try context.inputs.countTokens($0) }
        if counts.isEmpty {
          reader.report(node, f.path("prompt_file"), "\(path) has no prompts (one per line)")
        } else {
          uncertainty.promptTokens = .empirical(counts)
          counted = uncertainty.promptTokens?.pointValue
        }
      } catch {
        reader.report(node, f.path("prompt_file"), "cannot use \(path): \(error)")
      }
    }
    let cached = f["cached_share"].flatMap { share($0, f.path("cached_share"), reader) }
    var nBilling: NBilling?
    if let text = f.string("n_billing") {
      nBilling = NBilling(rawValue: text)
      if nBilling == nil { f.report("n_billing", "n_billing must be per_image or per_request, found '\(text)'") }
    }
    // Request options of the 2.6 models: accepted, checked, not priced (assumption request-options-not-priced).
    if let complexity = f.string("complexity"), !["low", "medium", "high"].contains(complexity) {
      f.report("complexity", "complexity must be low, medium or high, found '\(complexity)'")
    }
    if let format = f.string("output_format"), !["png", "jpeg", "webp", "gif", "svg"].contains(format) {
      f.report("output_format", "output_format must be png, jpeg, webp, gif or svg, found '\(format)'")
    }
    guard let model = f.string("model"), let operation else { return nil }
    let prompt: PromptTokens = counted.map { .counted(tokens: $0, exact: true) } ?? promptTokens.map(PromptTokens.billed) ?? .unspecified
    return ImageRequest(
      model: model, operation: operation, quality: f.string("quality"), size: f.size("size"), n: f.int("n", min: 1) ?? 1,
      inputImages: inputImages, inputFidelity: f.string("input_fidelity"), partialImages: f.int("partial_images", min: 0) ?? 0,
      prompt: prompt, textOutputTokens: f.int("text_output_tokens", min: 0), cachedShare: cached, nBilling: nBilling)
  }
}
