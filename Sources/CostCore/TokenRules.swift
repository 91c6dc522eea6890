/// The published output-token table: quality × size → image output tokens per image.
public struct OutputTokenTable: Hashable, Sendable {
  public let id: String
  public let cells: [String: [ImageSize: Int]]
  public let source: String
  public let location: SourceLocation

  public init(id: String, cells: [String: [ImageSize: Int]], source: String, location: SourceLocation) {
    self.id = id
    self.cells = cells
    self.source = source
    self.location = location
  }
}

/// Size rules of an arbitrary-size model (gpt-image-2).
public struct SizeConstraints: Hashable, Sendable {
  /// Both edges must be multiples of this.
  public let edgeMultiple: Int
  /// Long edge ÷ short edge at most this (3 means 3:1).
  public let maxRatio: Int
  public let minPixels: Int
  public let maxPixels: Int
  public let maxEdge: Int
  /// Sizes above this many pixels are "experimental": priced, with a warning.
  public let experimentalAbovePixels: Int?

  public init(edgeMultiple: Int, maxRatio: Int, minPixels: Int, maxPixels: Int, maxEdge: Int, experimentalAbovePixels: Int?) {
    self.edgeMultiple = edgeMultiple
    self.maxRatio = maxRatio
    self.minPixels = minPixels
    self.maxPixels = maxPixels
    self.maxEdge = maxEdge
    self.experimentalAbovePixels = experimentalAbovePixels
  }

  /// A sentence stating the rule, used in errors.
  public var ruleText: String {
    "both edges multiples of \(edgeMultiple), long:short at most \(maxRatio):1, "
      + "\(FixedPoint.grouped(Int64(minPixels)))–\(FixedPoint.grouped(Int64(maxPixels))) pixels, longest edge at most \(maxEdge) px"
  }

  /// Why `size` breaks the rule, or nil when it is valid.
  public func violation(_ size: ImageSize) -> String? {
    let long = max(size.width, size.height)
    let short = min(size.width, size.height)
    if size.width % edgeMultiple != 0 || size.height % edgeMultiple != 0 {
      return "edges must be multiples of \(edgeMultiple)"
    }
    if long > short * maxRatio { return "the aspect ratio \(long):\(short) exceeds \(maxRatio):1" }
    if size.pixels < minPixels {
      return "\(FixedPoint.grouped(Int64(size.pixels))) pixels is below the minimum of \(FixedPoint.grouped(Int64(minPixels)))"
    }
    if size.pixels > maxPixels {
      return "\(FixedPoint.grouped(Int64(size.pixels))) pixels is above the maximum of \(FixedPoint.grouped(Int64(maxPixels)))"
    }
    if long > maxEdge { return "the longest edge \(long) px exceeds \(maxEdge) px" }
    return nil
  }
}

/// gpt-image-2's output-token formula (reverse-engineered from OpenAI's calculator):
/// `q = factor[quality]`, `s = round(q·short/long)` as `(2·q·short + long) ÷ (2·long)`,
/// `tokens = ceil(q · s · (offset + W·H) / divisor)`. All constants are data.
public struct PatchAreaFormula: Hashable, Sendable {
  public let id: String
  public let qualityFactors: [String: Int]
  public let areaOffset: Int
  public let areaDivisor: Int
  public let constraints: SizeConstraints
  public let source: String
  public let assumption: String?
  public let location: SourceLocation

  public init(
    id: String, qualityFactors: [String: Int], areaOffset: Int, areaDivisor: Int, constraints: SizeConstraints, source: String,
    assumption: String?, location: SourceLocation
  ) {
    self.id = id
    self.qualityFactors = qualityFactors
    self.areaOffset = areaOffset
    self.areaDivisor = areaDivisor
    self.constraints = constraints
    self.source = source
    self.assumption = assumption
    self.location = location
  }

  /// Output image tokens for one image, or nil for an unknown quality.
  public func tokens(quality: String, size: ImageSize) -> Int? {
    guard let q = qualityFactors[quality] else { return nil }
    let long = max(size.width, size.height)
    let short = min(size.width, size.height)
    let s = (2 * q * short + long) / (2 * long)
    let numerator = q * s * (areaOffset + size.pixels)
    return (numerator + areaDivisor - 1) / areaDivisor
  }
}

/// Output tokens of a model for which no table or calculator is published: another model's formula
/// borrowed as an *estimate*, with its own quality factors and a range (per cent of the borrowed
/// figure) that Monte Carlo draws from. Always a named assumption; quotes label it an estimate.
public struct OutputEstimate: Hashable, Sendable {
  public let id: String
  /// The id of the output formula whose shape is borrowed.
  public let borrows: String
  /// Quality factors for the borrowed formula (qualities the lender lacks, such as `xhigh`, need one here).
  public let qualityFactors: [String: Int]
  /// The plausible range as per cent of the estimate (e.g. 50...200).
  public let rangePercent: ClosedRange<Int>
  public let assumption: String
  public let location: SourceLocation

  public init(
    id: String, borrows: String, qualityFactors: [String: Int], rangePercent: ClosedRange<Int>, assumption: String,
    location: SourceLocation
  ) {
    self.id = id
    self.borrows = borrows
    self.qualityFactors = qualityFactors
    self.rangePercent = rangePercent
    self.assumption = assumption
    self.location = location
  }
}

/// Input-image tokens by 512-px tiles (OpenAI vision guide, "GPT Image 1"):
/// fit within `fitWithin`², scale the shortest side to `shortestSide`, count `tileSize` tiles,
/// `base + perTile × tiles`, plus the high-fidelity addend when fidelity is high.
public struct TileRule: Hashable, Sendable {
  public let id: String
  public let fitWithin: Int
  public let shortestSide: Int
  public let tileSize: Int
  public let baseTokens: Int
  public let tokensPerTile: Int
  /// Whether images whose shortest side is below ``shortestSide`` are scaled up (assumption).
  public let upscaleSmallImages: Bool
  /// Whether tiles are counted on the scaled edges rounded down to whole pixels (a 1024×1025 input → 512×512,
  /// one tile, as measured) rather than on the exact scaled edges (512×512.5, two tiles, as OpenAI's calculator).
  public var tilesFromWholePixels = false
  public let highFidelitySquare: Int
  public let highFidelityNonSquare: Int
  /// The other published addends, kept for reference and for `pricing export`.
  public let alternativeAddends: [HighFidelityAddend]
  public let source: String
  public let assumptions: [String]
  public let location: SourceLocation

  public init(
    id: String, fitWithin: Int, shortestSide: Int, tileSize: Int, baseTokens: Int, tokensPerTile: Int,
    upscaleSmallImages: Bool, highFidelitySquare: Int, highFidelityNonSquare: Int,
    alternativeAddends: [HighFidelityAddend], source: String, assumptions: [String], location: SourceLocation
  ) {
    self.id = id
    self.fitWithin = fitWithin
    self.shortestSide = shortestSide
    self.tileSize = tileSize
    self.baseTokens = baseTokens
    self.tokensPerTile = tokensPerTile
    self.upscaleSmallImages = upscaleSmallImages
    self.highFidelitySquare = highFidelitySquare
    self.highFidelityNonSquare = highFidelityNonSquare
    self.alternativeAddends = alternativeAddends
    self.source = source
    self.assumptions = assumptions
    self.location = location
  }

  /// The scaled dimensions (rounded to whole pixels) and tile count for an input image.
  public func tiles(for size: ImageSize) -> (scaled: ImageSize, tiles: Int) {
    // Work in exact rationals: scale = num/den applied to both edges.
    var num = 1
    var den = 1
    let long = max(size.width, size.height)
    let short = min(size.width, size.height)
    if long > fitWithin {
      num = fitWithin
      den = long
    }
    let shortAfterFit = short * num  // over den
    if shortAfterFit > shortestSide * den || upscaleSmallImages {
      num = shortestSide
      den = short
    }
    func scaled(_ edge: Int) -> Int { max(1, (edge * num * 2 + den) / (den * 2)) }
    func tilesAlong(_ edge: Int) -> Int {
      if tilesFromWholePixels { return (max(1, edge * num / den) + tileSize - 1) / tileSize }
      return (edge * num + tileSize * den - 1) / (tileSize * den)
    }
    let w = scaled(size.width)
    let h = scaled(size.height)
    return (ImageSize(width: w, height: h), max(1, tilesAlong(size.width)) * max(1, tilesAlong(size.height)))
  }

  /// Tokens for one input image at the given fidelity.
  public func tokens(for size: ImageSize, highFidelity: Bool) -> Int {
    let base = baseTokens + tokensPerTile * tiles(for: size).tiles
    guard highFidelity else { return base }
    return base + (size.isSquare ? highFidelitySquare : highFidelityNonSquare)
  }
}

/// Input-image tokens by small square patches (a community study of gpt-image-2 edits, a named alternative to
/// the tile rule): images whose long side is under ``upscaleTo`` are scaled up to it, the aspect is capped at
/// ``maxRatio``:1, and the image is scaled down until its patches fit ``maxPatches``; one token per patch.
public struct PatchRule: Hashable, Sendable {
  public let id: String
  public let patchSize: Int
  public let maxPatches: Int
  public let upscaleTo: Int
  public let maxRatio: Int
  public let source: String
  public let assumptions: [String]
  public let location: SourceLocation

  public init(
    id: String, patchSize: Int, maxPatches: Int, upscaleTo: Int, maxRatio: Int, source: String, assumptions: [String],
    location: SourceLocation
  ) {
    self.id = id
    self.patchSize = patchSize
    self.maxPatches = maxPatches
    self.upscaleTo = upscaleTo
    self.maxRatio = maxRatio
    self.source = source
    self.assumptions = assumptions
    self.location = location
  }

  /// Tokens (patches) for one input image. Geometry only: exact integer steps, no money involved.
  public func tokens(for size: ImageSize) -> Int {
    var long = max(size.width, size.height)
    var short = min(size.width, size.height)
    if long > short * maxRatio { short = (long + maxRatio - 1) / maxRatio }
    if long < upscaleTo {
      short = max(1, short * upscaleTo / long)
      long = upscaleTo
    }
    func patches(_ l: Int, _ s: Int) -> Int { ((l + patchSize - 1) / patchSize) * ((s + patchSize - 1) / patchSize) }
    // Scale down in 1 % steps until the patches fit the budget (at most 100 steps).
    var percent = 100
    while percent > 1, patches(long * percent / 100, max(1, short * percent / 100)) > maxPatches { percent -= 1 }
    return patches(long * percent / 100, max(1, short * percent / 100))
  }
}

/// One published version of the `input_fidelity=high` addend.
public struct HighFidelityAddend: Hashable, Sendable {
  public let square: Int
  public let nonSquare: Int
  public let source: String

  public init(square: Int, nonSquare: Int, source: String) {
    self.square = square
    self.nonSquare = nonSquare
    self.source = source
  }
}

/// An estimate of billed text output tokens per image (gpt-image-1.5, gpt-image-2): a named
/// assumption with its observed range.
public struct TextOutputEstimate: Hashable, Sendable {
  public let id: String
  public let typical: Int
  public let low: Int
  public let high: Int
  public let assumption: String
  public let location: SourceLocation

  public init(id: String, typical: Int, low: Int, high: Int, assumption: String, location: SourceLocation) {
    self.id = id
    self.typical = typical
    self.low = low
    self.high = high
    self.assumption = assumption
    self.location = location
  }
}

/// The book's choice for how n > 1 bills input, and the assumption each choice relies on.
public struct NBillingRule: Hashable, Sendable {
  /// The mode used when a quote or plan does not say.
  public var defaultMode: NBilling
  /// Assumption ids per mode, listed by every figure priced that way.
  public var assumptionsByMode: [NBilling: [String]]

  public init(defaultMode: NBilling = .perRequest, assumptionsByMode: [NBilling: [String]] = [:]) {
    self.defaultMode = defaultMode
    self.assumptionsByMode = assumptionsByMode
  }

  public func assumptions(for mode: NBilling) -> [String] { assumptionsByMode[mode] ?? [] }
}

/// A token count that is an assumption (per-request prompt overhead, default prompt length).
public struct AssumedTokens: Hashable, Sendable {
  public let tokens: Int
  public let assumption: String

  public init(tokens: Int, assumption: String) {
    self.tokens = tokens
    self.assumption = assumption
  }
}

/// Every token rule the price book holds.
public struct TokenRules: Hashable, Sendable {
  public var outputTables: [String: OutputTokenTable]
  public var outputFormulas: [String: PatchAreaFormula]
  /// Output rules that borrow a formula as a labelled estimate (models with no published table).
  public var outputEstimates: [String: OutputEstimate] = [:]
  public var inputImageRules: [String: TileRule]
  /// Patch rules for input images (named alternatives, chosen with `--input-image-rule`).
  public var inputPatchRules: [String: PatchRule] = [:]
  public var textOutputEstimates: [String: TextOutputEstimate]
  /// Extra image output tokens per streamed partial image (official: 100).
  public var partialImageTokens: Int
  public var partialImageSource: String
  /// Tokens added per generation request on top of the o200k prompt count (community-measured).
  public var generationPromptOverhead: AssumedTokens
  /// Prompt tokens assumed when neither `--prompt-tokens` nor prompt text is given.
  public var defaultPromptTokens: AssumedTokens
  /// How n > 1 bills the prompt and input images.
  public var nBilling = NBillingRule()
  /// How far above these rules a live call's worst case reaches, and the assumption naming them.
  public var worstCaseMargins: WorstCaseMargins = .none
  public var worstCaseAssumption = ""

  public init(
    outputTables: [String: OutputTokenTable] = [:], outputFormulas: [String: PatchAreaFormula] = [:],
    inputImageRules: [String: TileRule] = [:], textOutputEstimates: [String: TextOutputEstimate] = [:],
    partialImageTokens: Int = 0, partialImageSource: String = "",
    generationPromptOverhead: AssumedTokens = AssumedTokens(tokens: 0, assumption: ""),
    defaultPromptTokens: AssumedTokens = AssumedTokens(tokens: 0, assumption: "")
  ) {
    self.outputTables = outputTables
    self.outputFormulas = outputFormulas
    self.inputImageRules = inputImageRules
    self.textOutputEstimates = textOutputEstimates
    self.partialImageTokens = partialImageTokens
    self.partialImageSource = partialImageSource
    self.generationPromptOverhead = generationPromptOverhead
    self.defaultPromptTokens = defaultPromptTokens
  }
}

extension TokenRules {
  /// Tokens for one input image under rule `id` (a tile rule or a patch rule), or nil when no such rule exists.
  public func inputImageTokens(rule id: String, size: ImageSize, highFidelity: Bool) -> Int? {
    if let tiles = inputImageRules[id] { return tiles.tokens(for: size, highFidelity: highFidelity) }
    if let patches = inputPatchRules[id] { return patches.tokens(for: size) }
    return nil
  }

  /// The assumption ids an input-image rule relies on.
  public func assumptions(ofInputRule id: String) -> [String] {
    inputImageRules[id]?.assumptions ?? inputPatchRules[id]?.assumptions ?? []
  }
}
