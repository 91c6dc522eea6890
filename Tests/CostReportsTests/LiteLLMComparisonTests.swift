import CostCore
import Testing

/// imagecost's replay pricing next to LiteLLM's image cost rule (`litellm/llms/openai/image_generation/
/// cost_calculator.py` → `calculate_image_response_cost_from_usage`, as described in the peers reference):
/// input split into text and image tokens; output priced as image tokens unless `output_tokens_details`
/// itemizes it, in which case text output goes at the text-output rate. Both are computed here from the
/// same usage objects with hand-typed OpenAI standard rates (USD per 1M tokens), independently of the
/// price book. See docs/litellm-comparison.md.
@Suite struct LiteLLMComparisonTests {
  /// gpt-image-1.5 on OpenAI standard: text in $5, image in $8, image out $32, text out $10 (per 1M).
  static let rates = (textIn: 5_000, imageIn: 8_000, imageOut: 32_000, textOut: 10_000)  // nanos per token

  struct Case {
    let name: String
    let quality: String
    let usage: ImageUsage
  }

  /// LiteLLM's rule, in nanos.
  static func litellm(_ u: ImageUsage) -> Int64 {
    let imageIn = u.inputImageTokens ?? 0
    let textIn = u.inputTextTokens ?? (u.inputTokens - imageIn)
    var cost = textIn * Int64(rates.textIn) + imageIn * Int64(rates.imageIn)
    if let image = u.outputImageTokens {
      cost += image * Int64(rates.imageOut) + (u.outputTextTokens ?? (u.outputTokens - image)) * Int64(rates.textOut)
    } else {
      cost += u.outputTokens * Int64(rates.imageOut)  // not itemized: all output as image tokens
    }
    return cost
  }

  static func imagecost(_ quality: String, _ u: ImageUsage) -> PricedRecord {
    let request = ImageRequest(
      model: "gpt-image-1.5", provider: "openai", deploymentType: "standard", quality: quality, size: ImageSize(width: 1024, height: 1024))
    let record = UsageRecord(
      id: "x", date: CivilDate("2026-10-02")!, timestamp: "2026-10-02T08:15:00Z", request: request, status: 200, tags: [:], usage: u)
    return ReplayPricer(book: Golden.book).price(record)
  }

  /// The usage object published with LiteLLM PR #19515 (gpt-image-1.5, high, 1024×1024): 4599 output tokens =
  /// 4160 image + 439 text.
  static let itemized = ImageUsage(
    inputTokens: 23, inputTextTokens: 23, inputImageTokens: 0, outputTokens: 4_599, outputImageTokens: 4_160, outputTextTokens: 439)
  /// The same call as the Images endpoints return it without `output_tokens_details` (LiteLLM #31142).
  static let bare = ImageUsage(
    inputTokens: 23, inputTextTokens: 23, inputImageTokens: 0, outputTokens: 4_599, outputImageTokens: nil, outputTextTokens: nil)

  @Test func agreeWhenTheOutputIsItemized() {
    let ours = LiteLLMComparisonTests.imagecost("high", LiteLLMComparisonTests.itemized)
    #expect(ours.cost.nanos == LiteLLMComparisonTests.litellm(LiteLLMComparisonTests.itemized))
    #expect(ours.cost.nanos == 23 * 5_000 + 4_160 * 32_000 + 439 * 10_000)
  }

  @Test func differWhenItIsNotAndImagecostMatchesTheItemizedTruth() {
    let ours = LiteLLMComparisonTests.imagecost("high", LiteLLMComparisonTests.bare)
    let theirs = LiteLLMComparisonTests.litellm(LiteLLMComparisonTests.bare)
    // imagecost splits by the token table (high 1024² = 4160 image tokens; the rest is text, a named
    // assumption) and lands exactly on what the itemized response says.
    #expect(ours.cost.nanos == LiteLLMComparisonTests.litellm(LiteLLMComparisonTests.itemized))
    #expect(ours.assumptions.contains(ReplayPricer.outputSplit))
    // LiteLLM prices the 439 text tokens at the image rate: $0.009658 more on a $0.137625 call (+7.0 %).
    #expect(theirs - ours.cost.nanos == 439 * (32_000 - 10_000))
    #expect(ours.cost.nanos == 137_625_000)
  }

  /// (An edit logged without its input images' sizes is still priced from its usage.)
  @Test func agreeForGptImage1WhichHasNoTextOutput() {
    // gpt-image-1 on OpenAI standard: text in $5, image in $10, image out $40; all output is image tokens either way.
    let u = ImageUsage(
      inputTokens: 4_401, inputTextTokens: 47, inputImageTokens: 4_354, outputTokens: 3_168, outputImageTokens: nil, outputTextTokens: nil)
    let request = ImageRequest(
      model: "gpt-image-1", provider: "openai", deploymentType: "standard", operation: .edit, quality: "medium",
      size: ImageSize(width: 1024, height: 1536), n: 2)
    let record = UsageRecord(id: "x", date: CivilDate("2026-10-01")!, timestamp: "t", request: request, status: 200, tags: [:], usage: u)
    let ours = ReplayPricer(book: Golden.book).price(record)
    #expect(ours.cost.nanos == 47 * 5_000 + 4_354 * 10_000 + 3_168 * 40_000, "\(ours.reason ?? "")")
    #expect(!ours.assumptions.contains(ReplayPricer.outputSplit))
  }
}
