/// One calibration call: a request chosen to check specific token rules and assumptions.
public struct CalibrationProbe: Hashable, Sendable {
  /// Short id, e.g. `gen-low-square`.
  public let id: String
  /// What the probe checks, for people.
  public let purpose: String
  /// Assumption ids (or `output-table:<id>` / `output-formula:<id>` for token rules) the probe checks.
  public let checks: [String]
  public let request: ImageRequest
  public let prompt: String
  /// Size of the generated input image of an edit (the CLI writes the PNG), and whether a mask is sent.
  public let inputImage: ImageSize?
  public let mask: Bool
}

/// The probes that fit under the cap, and those left out.
public struct CalibrationPlan: Sendable {
  public let model: String
  public let selected: [(probe: CalibrationProbe, prediction: CallPrediction)]
  public let skipped: [(probe: CalibrationProbe, prediction: CallPrediction)]
  public let cap: USD

  public var worstCase: USD { selected.reduce(.zero) { $0 + $1.prediction.worstCase } }
  public var predicted: USD { selected.reduce(.zero) { $0 + $1.prediction.predicted } }
}

/// What a probe observed (from the journal).
public struct CalibrationObservation: Hashable, Sendable {
  public let probeID: String
  public let callID: String
  public let usage: TokenCounts?
  /// The exact o200k count of the probe's prompt.
  public let promptTokens: Int
  public let requestID: String?

  public init(probeID: String, callID: String, usage: TokenCounts?, promptTokens: Int, requestID: String?) {
    self.probeID = probeID
    self.callID = callID
    self.usage = usage
    self.promptTokens = promptTokens
    self.requestID = requestID
  }
}

/// The verdict on one assumption or token rule.
public struct AssumptionCheck: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable {
    case confirmed
    case contradicted
    /// A value the book leaves open was measured (no verdict).
    case measured
    /// No probe that fit under the cap (or no usage) could check it.
    case notChecked = "not-checked"
  }

  public let id: String
  public let status: Status
  public let assumed: String
  public let observed: String
  public let evidence: [String]
}

/// Plans the smallest set of calls that checks the token rules and assumptions the price book relies on
/// for one model, and judges them from the usage the calls reported.
///
/// Probes (cheapest first; each checks what the cheaper ones cannot):
/// 1. `gen-low-square` — low 1024x1024: the output table (or formula) cell, the generation prompt overhead,
///    text output tokens (gpt-image-1.5 / 2), mini's token table;
/// 2. `gen-low-landscape` — low 1536x1024: a non-square cell;
/// 3. `gen-low-partial` — probe 1 streamed with one partial image: the +100 partial-image tokens;
/// 4. `gen-low-n2` — probe 1 with n=2: the prompt billed once per request;
/// 5. `edit-low-fidelity` — a 1024x1024 input at low fidelity: the input-image tile rule and the edit prompt overhead;
/// 6. `edit-tall-small` — a 256x768 input: whether small images are scaled up before tiling;
/// 7. `edit-high-fidelity` — the 1024x1024 input at high fidelity: which published addend applies;
/// 8. `edit-mask` — probe 5 with a mask: whether the mask is billed as image tokens.
/// Probes are taken in order of their worst case while the sum stays within the cap.
public struct Calibrator: Sendable {
  public let book: PriceBook
  public static let prompt = "A plain white cube on a grey table"
  public static let editPrompt = "Make the square blue"

  public init(book: PriceBook) { self.book = book }

  /// Every probe for `model` on `provider`.
  public func probes(model: String, provider: String, deploymentType: String?, region: String?) throws -> [CalibrationProbe] {
    guard let spec = book.model(named: model) else { throw QuoteError.unknownModel(model, known: book.modelIDs) }
    guard spec.pricing == .tokens, let rules = spec.tokenRules else { throw CalibrationError.perImageModel(model) }
    let isTable = book.tokenRules.outputTables[rules.output] != nil
    let rule = isTable ? "output-table:\(rules.output)" : "output-formula:\(rules.output)"
    let low = spec.capabilities.qualities.first ?? "low"
    let square = ImageSize(width: 1024, height: 1024)
    let landscape = ImageSize(width: 1536, height: 1024)
    func request(
      _ operation: ImageOperation = .generate, size: ImageSize = square, n: Int = 1, partials: Int = 0, inputs: [ImageSize] = [],
      fidelity: String? = nil
    ) -> ImageRequest {
      ImageRequest(
        model: model, provider: provider, deploymentType: deploymentType, region: region, operation: operation, quality: low, size: size, n: n,
        inputImages: inputs, inputFidelity: fidelity, partialImages: partials)
    }
    var probes: [CalibrationProbe] = []
    var firstChecks = [rule, "generation-prompt-overhead"]
    if rules.textOutput != nil { firstChecks.append("text-output-tokens-observed") }
    firstChecks += spec.assumptions.filter { $0.hasSuffix("token-table") || $0.hasSuffix("formula") }
    probes.append(
      CalibrationProbe(
        id: "gen-low-square", purpose: "\(low) \(square): output tokens and the prompt overhead", checks: firstChecks, request: request(),
        prompt: Calibrator.prompt, inputImage: nil, mask: false))
    probes.append(
      CalibrationProbe(
        id: "gen-low-landscape", purpose: "\(low) \(landscape): a non-square output cell", checks: [rule], request: request(size: landscape),
        prompt: Calibrator.prompt, inputImage: nil, mask: false))
    if spec.capabilities.streaming, spec.capabilities.partialImages.contains(1) {
      probes.append(
        CalibrationProbe(
          id: "gen-low-partial", purpose: "one streamed partial image: +\(book.tokenRules.partialImageTokens) output tokens",
          checks: ["partial-images-per-image"], request: request(partials: 1), prompt: Calibrator.prompt, inputImage: nil, mask: false))
    }
    if spec.capabilities.n.contains(2) {
      probes.append(
        CalibrationProbe(
          id: "gen-low-n2", purpose: "n=2: is the prompt billed once per request?", checks: ["prompt-billed-once-per-request"],
          request: request(n: 2), prompt: Calibrator.prompt, inputImage: nil, mask: false))
    }
    if spec.capabilities.operations.contains(.edit), rules.inputImage != nil {
      let lowFidelity: String? = spec.capabilities.inputFidelity == .optional ? "low" : nil
      probes.append(
        CalibrationProbe(
          id: "edit-low-fidelity", purpose: "a \(square) input: the tile rule and the edit prompt overhead",
          checks: ["input-image-tile-rule-all-models", "edit-prompt-overhead-unknown"],
          request: request(.edit, inputs: [square], fidelity: lowFidelity), prompt: Calibrator.editPrompt, inputImage: square, mask: false))
      let tall = ImageSize(width: 256, height: 768)
      probes.append(
        CalibrationProbe(
          id: "edit-tall-small", purpose: "a \(tall) input: are small images scaled up?", checks: ["input-image-no-upscale"],
          request: request(.edit, inputs: [tall], fidelity: lowFidelity), prompt: Calibrator.editPrompt, inputImage: tall, mask: false))
      if spec.capabilities.inputFidelity == .optional {
        probes.append(
          CalibrationProbe(
            id: "edit-high-fidelity", purpose: "high fidelity: which published addend applies", checks: ["high-fidelity-addend-newer"],
            request: request(.edit, inputs: [square], fidelity: "high"), prompt: Calibrator.editPrompt, inputImage: square, mask: false))
      }
      probes.append(
        CalibrationProbe(
          id: "edit-mask", purpose: "a mask: is it billed as image tokens?", checks: ["mask-image-tokens"],
          request: request(.edit, inputs: [square], fidelity: lowFidelity), prompt: Calibrator.editPrompt, inputImage: square, mask: true))
    }
    return probes
  }

  /// Takes the probes in order while their worst cases fit under `cap` (the run's spend gate enforces it
  /// again while calling). `predict` prices a probe (the CLI builds the call and uses ``LiveCallPricer``).
  public func plan(model: String, probes: [CalibrationProbe], cap: USD, predict: (CalibrationProbe) throws -> CallPrediction) throws
    -> CalibrationPlan
  {
    var selected: [(CalibrationProbe, CallPrediction)] = []
    var skipped: [(CalibrationProbe, CallPrediction)] = []
    var committed = USD.zero
    for probe in probes {
      let prediction = try predict(probe)
      if committed + prediction.worstCase <= cap {
        committed += prediction.worstCase
        selected.append((probe, prediction))
      } else {
        skipped.append((probe, prediction))
      }
    }
    return CalibrationPlan(
      model: model, selected: selected.map { (probe: $0.0, prediction: $0.1) }, skipped: skipped.map { (probe: $0.0, prediction: $0.1) }, cap: cap)
  }

  /// Judges every check of the planned probes from what they observed.
  public func evaluate(model: String, probes: [CalibrationProbe], observations: [CalibrationObservation]) -> [AssumptionCheck] {
    guard let spec = book.model(named: model), let rules = spec.tokenRules else { return [] }
    let byProbe = Dictionary(observations.map { ($0.probeID, $0) }, uniquingKeysWith: { first, _ in first })
    func usage(_ id: String) -> (CalibrationObservation, TokenCounts)? {
      guard let o = byProbe[id], let u = o.usage, u.inputTokens != nil else { return nil }
      return (o, u)
    }
    func cite(_ o: CalibrationObservation, _ text: String) -> String {
      "call \(o.callID)" + (o.requestID.map { " (request \($0))" } ?? "") + ": " + text
    }
    let tokenModel = TokenModel(rules: book.tokenRules)
    func expectedOutput(_ size: ImageSize) -> Int? {
      try? tokenModel.outputTokens(model: spec, quality: spec.capabilities.qualities.first ?? "low", size: size).tokens
    }
    /// Image output tokens of a probe: `output_tokens_details.image_tokens`, or all output tokens on a model without text output.
    func imageOut(_ u: TokenCounts) -> Int64? { u.outputImageTokens ?? (rules.textOutput == nil ? u.outputTokens : nil) }
    let planned = Set(probes.map(\.id))
    var checks: [AssumptionCheck] = []
    func notChecked(_ id: String, _ assumed: String, _ why: String) {
      checks.append(AssumptionCheck(id: id, status: .notChecked, assumed: assumed, observed: "", evidence: [why]))
    }
    func why(_ probe: String) -> String {
      planned.contains(probe) ? "probe \(probe) reported no usage" : "probe \(probe) did not fit under --max-spend"
    }

    // Output table or formula.
    let rule = book.tokenRules.outputTables[rules.output] != nil ? "output-table:\(rules.output)" : "output-formula:\(rules.output)"
    var ruleEvidence: [String] = []
    var ruleStatus: AssumptionCheck.Status?
    var observedCells: [String] = []
    for (probe, size) in [("gen-low-square", ImageSize(width: 1024, height: 1024)), ("gen-low-landscape", ImageSize(width: 1536, height: 1024))] {
      guard let (o, u) = usage(probe), let expected = expectedOutput(size) else { continue }
      guard let out = imageOut(u) else {
        ruleEvidence.append(cite(o, "output_tokens \(u.outputTokens ?? 0) without output_tokens_details; the image part cannot be told"))
        continue
      }
      observedCells.append("\(size): \(out)")
      ruleEvidence.append(cite(o, "\(size) image output tokens \(out), the rule says \(expected)"))
      let ok = out == Int64(expected)
      ruleStatus = (ruleStatus == .contradicted || !ok) ? .contradicted : .confirmed
    }
    let assumedCells = ["1024x1024", "1536x1024"].compactMap { ImageSize($0) }.compactMap { s in expectedOutput(s).map { "\(s): \($0)" } }.joined(
      separator: ", ")
    if let ruleStatus {
      checks.append(
        AssumptionCheck(id: rule, status: ruleStatus, assumed: assumedCells, observed: observedCells.joined(separator: ", "), evidence: ruleEvidence))
      for assumption in spec.assumptions where assumption.hasSuffix("token-table") || assumption.hasSuffix("formula") {
        checks.append(
          AssumptionCheck(
            id: assumption, status: ruleStatus, assumed: assumedCells, observed: observedCells.joined(separator: ", "), evidence: ruleEvidence))
      }
    } else {
      notChecked(rule, assumedCells, ruleEvidence.first ?? why("gen-low-square"))
    }

    // Prompt overhead on generations.
    let overhead = book.tokenRules.generationPromptOverhead
    if let (o, u) = usage("gen-low-square"), let text = u.inputTextTokens {
      let measured = text - Int64(o.promptTokens)
      checks.append(
        AssumptionCheck(
          id: overhead.assumption, status: measured == Int64(overhead.tokens) ? .confirmed : .contradicted, assumed: "+\(overhead.tokens)",
          observed: FixedPoint.signedGrouped(measured),
          evidence: [cite(o, "text_tokens \(text) for a prompt of \(o.promptTokens) o200k tokens")]))
    } else {
      notChecked(overhead.assumption, "+\(overhead.tokens)", why("gen-low-square"))
    }

    // Text output tokens (gpt-image-1.5, gpt-image-2).
    if let estimateID = rules.textOutput, let estimate = book.tokenRules.textOutputEstimates[estimateID] {
      let split: (TokenCounts) -> Int64? = { u in
        if let text = u.outputTextTokens { return text }
        guard let image = u.outputImageTokens, let total = u.outputTokens else { return nil }
        return total - image
      }
      if let (o, u) = usage("gen-low-square"), let text = split(u) {
        let inRange = text >= Int64(estimate.low) && text <= Int64(estimate.high)
        checks.append(
          AssumptionCheck(
            id: estimate.assumption, status: inRange ? .confirmed : .contradicted,
            assumed: "\(estimate.typical) (observed \(estimate.low)–\(estimate.high))",
            observed: String(text), evidence: [cite(o, "text output tokens \(text)")]))
      } else {
        notChecked(
          estimate.assumption, String(estimate.typical),
          planned.contains("gen-low-square") ? "probe gen-low-square reported no output_tokens_details" : why("gen-low-square"))
      }
    }

    // Partial images.
    if planned.contains("gen-low-partial") || spec.capabilities.streaming {
      let per = book.tokenRules.partialImageTokens
      if let (base, bu) = usage("gen-low-square"), let (o, u) = usage("gen-low-partial"), let a = imageOut(bu) ?? bu.outputTokens,
        let b = imageOut(u) ?? u.outputTokens
      {
        let extra = b - a
        checks.append(
          AssumptionCheck(
            id: "partial-images-per-image", status: extra == Int64(per) ? .confirmed : .contradicted, assumed: "+\(per) per partial image",
            observed: FixedPoint.signedGrouped(extra),
            evidence: [cite(base, "output tokens \(a) without partial images"), cite(o, "output tokens \(b) with 1 partial image")]))
      } else {
        notChecked("partial-images-per-image", "+\(per) per partial image", why("gen-low-partial"))
      }
    }

    // Prompt billed once per request.
    if spec.capabilities.n.contains(2) {
      if let (base, bu) = usage("gen-low-square"), let (o, u) = usage("gen-low-n2"), let a = bu.inputTextTokens, let b = u.inputTextTokens {
        checks.append(
          AssumptionCheck(
            id: "prompt-billed-once-per-request", status: a == b ? .confirmed : .contradicted, assumed: "\(a) text tokens with n=2",
            observed: String(b),
            evidence: [cite(base, "text_tokens \(a) with n=1"), cite(o, "text_tokens \(b) with n=2")]))
      } else {
        notChecked("prompt-billed-once-per-request", "once per request", why("gen-low-n2"))
      }
    }

    // Input images.
    if let ruleID = rules.inputImage, let tile = book.tokenRules.inputImageRules[ruleID] {
      let square = ImageSize(width: 1024, height: 1024)
      let tall = ImageSize(width: 256, height: 768)
      if let (o, u) = usage("edit-low-fidelity"), let image = u.inputImageTokens {
        let expected = Int64(tile.tokens(for: square, highFidelity: spec.capabilities.inputFidelity == .alwaysHigh))
        checks.append(
          AssumptionCheck(
            id: "input-image-tile-rule-all-models", status: image == expected ? .confirmed : .contradicted, assumed: "\(square) → \(expected)",
            observed: String(image),
            evidence: [cite(o, "image input tokens \(image) for one \(square) input")]))
        if let text = u.inputTextTokens {
          let measured = text - Int64(o.promptTokens)
          checks.append(
            AssumptionCheck(
              id: "edit-prompt-overhead-unknown", status: .measured, assumed: "unknown",
              observed: "\(FixedPoint.signedGrouped(measured)) per edit with 1 input image",
              evidence: [cite(o, "text_tokens \(text) for a prompt of \(o.promptTokens) o200k tokens")]))
        }
      } else {
        notChecked("input-image-tile-rule-all-models", "\(square) → \(tile.tokens(for: square, highFidelity: false))", why("edit-low-fidelity"))
      }
      if let (o, u) = usage("edit-tall-small"), let image = u.inputImageTokens {
        let noUpscale = Int64(tile.tokens(for: tall, highFidelity: spec.capabilities.inputFidelity == .alwaysHigh))
        let upscaled = TileRule(
          id: tile.id, fitWithin: tile.fitWithin, shortestSide: tile.shortestSide, tileSize: tile.tileSize, baseTokens: tile.baseTokens,
          tokensPerTile: tile.tokensPerTile, upscaleSmallImages: !tile.upscaleSmallImages, highFidelitySquare: tile.highFidelitySquare,
          highFidelityNonSquare: tile.highFidelityNonSquare, alternativeAddends: [], source: tile.source, assumptions: [], location: tile.location)
        let other = Int64(upscaled.tokens(for: tall, highFidelity: spec.capabilities.inputFidelity == .alwaysHigh))
        let status: AssumptionCheck.Status = image == (tile.upscaleSmallImages ? other : noUpscale) ? .confirmed : .contradicted
        checks.append(
          AssumptionCheck(
            id: "input-image-no-upscale", status: status,
            assumed: "\(tall) → \(tile.upscaleSmallImages ? other : noUpscale) (scaled up: \(tile.upscaleSmallImages ? noUpscale : other))",
            observed: String(image), evidence: [cite(o, "image input tokens \(image) for one \(tall) input")]))
      } else {
        notChecked("input-image-no-upscale", "\(tall) → \(tile.tokens(for: tall, highFidelity: false))", why("edit-tall-small"))
      }
      if spec.capabilities.inputFidelity == .optional {
        let newer = Int64(tile.tokens(for: square, highFidelity: true))
        let older = tile.alternativeAddends.map { Int64(tile.tokens(for: square, highFidelity: false) + $0.square) }
        if let (o, u) = usage("edit-high-fidelity"), let image = u.inputImageTokens {
          checks.append(
            AssumptionCheck(
              id: "high-fidelity-addend-newer", status: image == newer ? .confirmed : .contradicted,
              assumed: "\(square) → \(newer)" + (older.isEmpty ? "" : " (older guide: \(older.map(String.init).joined(separator: ", ")))"),
              observed: String(image),
              evidence: [cite(o, "image input tokens \(image) for one \(square) input at high fidelity")]))
        } else {
          notChecked("high-fidelity-addend-newer", "\(square) → \(newer)", why("edit-high-fidelity"))
        }
      }
      if let (base, bu) = usage("edit-low-fidelity"), let (o, u) = usage("edit-mask"), let a = bu.inputImageTokens, let b = u.inputImageTokens {
        checks.append(
          AssumptionCheck(
            id: "mask-image-tokens", status: .measured, assumed: "unknown (the worst case counts the mask as an input image)",
            observed: "\(FixedPoint.signedGrouped(b - a)) image input tokens for the mask",
            evidence: [cite(base, "image input tokens \(a) without a mask"), cite(o, "image input tokens \(b) with a mask")]))
      } else if planned.contains("edit-mask") || spec.capabilities.operations.contains(.edit) {
        notChecked("mask-image-tokens", "unknown", why("edit-mask"))
      }
    }
    return checks
  }

  /// The overlay document: observed values with date and evidence, for people to review and, if they
  /// agree, to copy into the price book by hand. imagecost never edits `pricing/` itself.
  public func overlay(
    checks: [AssumptionCheck], date: CivilDate, runID: String, provider: String, deployment: String?, model: String, endpoint: String
  ) -> String {
    func quoted(_ text: String) -> String { JSONText.quote(text) }
    var out = """
      # imagecost calibration overlay: what live calls observed, against the price book's assumptions.
      # Written by `imagecost calibrate`; imagecost never edits pricing/ itself. Review each observation and,
      # if you agree, change the named assumption or token rule in pricing/ by hand (with this file as evidence).
      schema_version: 1
      kind: calibration-overlay
      calibrated_on: \(date)
      run_id: \(quoted(runID))
      provider: \(provider)

      """
    if let deployment { out += "deployment: \(quoted(deployment))\n" }
    out += "model: \(model)\nendpoint: \(quoted(endpoint))\nprice_book_fingerprint: \(book.fingerprint)\nobservations:\n"
    for check in checks {
      out +=
        "  - id: \(quoted(check.id))\n    status: \(check.status.rawValue)\n    assumed: \(quoted(check.assumed))\n    observed: \(quoted(check.observed))\n"
      out += "    evidence:\n" + check.evidence.map { "      - \(quoted($0))\n" }.joined()
    }
    return out
  }
}

/// Why a model cannot be calibrated.
public enum CalibrationError: Error, Hashable, Sendable, CustomStringConvertible {
  case perImageModel(String)
  case overlayInsidePriceBook(String)

  public var description: String {
    switch self {
    case .perImageModel(let model): return "\(model) is priced per image, so there are no token rules to calibrate."
    case .overlayInsidePriceBook(let path):
      return "The overlay \(path) would be written inside the price book; imagecost never edits pricing/ — choose another --overlay path."
    }
  }
}
