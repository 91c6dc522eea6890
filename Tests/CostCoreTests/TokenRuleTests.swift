import CostCore
import Testing

/// The token rules of the reference (§4c, §5), built by hand from the published constants, so the
/// arithmetic is tested independently of the price-book data. (The same rules loaded from
/// `pricing/` are tested in CostIOTests.)
@Suite struct PatchAreaFormulaTests {
  static let here = SourceLocation(file: "test", line: 1)
  /// gpt-image-2 (§4c): q = {16, 48, 96}, offset 2,000,000, divisor 4,000,000; size rules from the guide.
  static let formula = PatchAreaFormula(
    id: "gpt-image-2-formula", qualityFactors: ["low": 16, "medium": 48, "high": 96], areaOffset: 2_000_000,
    areaDivisor: 4_000_000,
    constraints: SizeConstraints(
      edgeMultiple: 16, maxRatio: 3, minPixels: 655_360, maxPixels: 8_294_400, maxEdge: 3840, experimentalAbovePixels: 3_686_400),
    source: "S35", assumption: nil, location: here)

  // Low / medium / high tokens. The first three rows are the reference's nine cells (§4c);
  // the rest were computed from the reference's formula outside this code base.
  @Test(arguments: [
    ("1024x1024", 196, 1756, 7024),
    ("1536x1024", 158, 1372, 5488),
    ("1024x1536", 158, 1372, 5488),
    ("2048x1152", 157, 1413, 5650),
    ("1152x2048", 157, 1413, 5650),
    ("1024x640", 107, 956, 3824),
    ("1280x720", 106, 947, 3787),
    ("2304x768", 76, 724, 2895),
    ("2560x1440", 205, 1843, 7370),
    ("2048x2048", 397, 3568, 14272),
    ("3840x1280", 139, 1328, 5311),
    ("3840x2160", 371, 3336, 13342),
  ])
  func tokens(size: String, low: Int, medium: Int, high: Int) {
    let s = ImageSize(size)!
    #expect(Self.formula.tokens(quality: "low", size: s) == low)
    #expect(Self.formula.tokens(quality: "medium", size: s) == medium)
    #expect(Self.formula.tokens(quality: "high", size: s) == high)
    #expect(Self.formula.tokens(quality: "auto", size: s) == nil)
    #expect(Self.formula.constraints.violation(s) == nil, "\(size) is a valid gpt-image-2 size")
  }

  @Test(arguments: [
    ("1000x1000", "multiples of 16"),
    ("1024x1000", "multiples of 16"),
    ("2320x768", "3:1"),
    ("768x2320", "3:1"),
    ("768x768", "655,360"),
    ("1008x640", "655,360"),
    ("3840x2176", "8,294,400"),
    ("3856x1296", "3840"),
  ])
  func violations(size: String, mentions: String) throws {
    let message = try #require(Self.formula.constraints.violation(ImageSize(size)!))
    #expect(message.contains(mentions), "\(message)")
  }

  @Test func ruleTextStatesEveryConstraint() {
    let text = Self.formula.constraints.ruleText
    for fact in ["16", "3:1", "655,360", "8,294,400", "3840"] { #expect(text.contains(fact), "\(text)") }
  }
}

@Suite struct TileRuleTests {
  /// GPT Image 1 input images (§5): fit 2048², shortest side 512, 512-px tiles, 65 + 129 × tiles,
  /// high-fidelity addend +4160 square / +6240 otherwise (newer guide).
  static func rule(upscale: Bool = false) -> TileRule {
    TileRule(
      id: "tiles-512", fitWithin: 2048, shortestSide: 512, tileSize: 512, baseTokens: 65, tokensPerTile: 129,
      upscaleSmallImages: upscale, highFidelitySquare: 4160, highFidelityNonSquare: 6240,
      alternativeAddends: [HighFidelityAddend(square: 4096, nonSquare: 6144, source: "S8a")], source: "S8b", assumptions: [],
      location: SourceLocation(file: "test", line: 1))
  }

  // size, tiles, low-fidelity tokens, high-fidelity tokens. 1024² and 1024×1536 are the reference's
  // examples (§5: 194/4354, 323/6563); the rest follow its four steps.
  @Test(arguments: [
    ("1024x1024", 1, 194, 4354),
    ("1024x1536", 2, 323, 6563),
    ("1536x1024", 2, 323, 6563),
    ("4096x4096", 1, 194, 4354),  // → 2048² → 512² → 1 tile
    ("4096x1024", 4, 581, 6821),  // → 2048×512 → 4 tiles
    ("8000x2000", 4, 581, 6821),
    ("3000x1000", 3, 452, 6692),  // → 2048×683 → 1536×512 → 3 tiles
    ("2048x1024", 2, 323, 6563),
    ("1100x1000", 2, 323, 6563),  // → 563×512 → 2×1 tiles
    ("256x256", 1, 194, 4354),  // small: not scaled up
    ("500x500", 1, 194, 4354),
    ("1000x300", 2, 323, 6563),  // short side 300 < 512 stays; 1000 wide → 2 tiles
  ])
  func tokens(size: String, tiles: Int, low: Int, high: Int) {
    let s = ImageSize(size)!
    #expect(Self.rule().tiles(for: s).tiles == tiles)
    #expect(Self.rule().tokens(for: s, highFidelity: false) == low)
    #expect(Self.rule().tokens(for: s, highFidelity: true) == high)
  }

  @Test(arguments: [("1024x1024", "512x512"), ("1024x1536", "512x768"), ("4096x4096", "512x512"), ("256x256", "256x256")])
  func scaledSize(size: String, scaled: String) {
    #expect(Self.rule().tiles(for: ImageSize(size)!).scaled == ImageSize(scaled)!)
  }

  @Test func upscalingAssumptionChangesSmallWideImages() {
    // With upscaling, 1000×300 → 1707×512 → 4 tiles; without it, 2 tiles.
    #expect(Self.rule(upscale: true).tiles(for: ImageSize("1000x300")!).tiles == 4)
    #expect(Self.rule(upscale: false).tiles(for: ImageSize("1000x300")!).tiles == 2)
  }
}

@Suite struct ImageSizeTests {
  @Test(arguments: [("1024x1536", 1024, 1536), ("16x16", 16, 16), ("3840x2160", 3840, 2160)])
  func parses(text: String, width: Int, height: Int) {
    #expect(ImageSize(text) == ImageSize(width: width, height: height))
    #expect(ImageSize(text)?.description == text)
  }

  @Test(arguments: ["1024X1024", "1024×1024", "1024x", "x1024", "0x1024", "-1x5", "1024x1024x1", "", "auto", " 1024x1024", "1e3x1"])
  func rejects(text: String) {
    #expect(ImageSize(text) == nil)
  }
}
