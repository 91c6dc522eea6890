import XCTest

@testable import CostCore

final class NearestNamesTests: XCTestCase {
  let models = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2.6-flare", "dall-e-3", "dall-e-2"]

  func testSuggestions() {
    let cases: [(name: String, expected: [String])] = [
      ("gpt-imgae-2", ["gpt-image-2", "gpt-image-1"]),
      ("GPT-IMAGE-2", ["gpt-image-2", "gpt-image-1"]),
      ("dall-e-4", ["dall-e-2", "dall-e-3"]),
      ("gpt-image-2.6", ["gpt-image-2", "gpt-image-2.6-flare"]),
      ("gp", []),
      ("midjourney", []),
      ("", []),
    ]
    for (name, expected) in cases {
      XCTAssertEqual(Array(NearestNames.suggestions(for: name, in: models, limit: 2)), expected, name)
    }
  }

  func testDidYouMean() {
    XCTAssertEqual(NearestNames.didYouMean("gpt-imgae-2", in: models, limit: 1), "did you mean gpt-image-2?")
    XCTAssertEqual(NearestNames.didYouMean("dall-e-4", in: models), "did you mean dall-e-2 or dall-e-3?")
    XCTAssertEqual(NearestNames.didYouMean("zzz", in: models), "")
  }

  func testEditDistanceBoundsHostileInput() {
    let long = Array(String(repeating: "a", count: 100_000).unicodeScalars)
    XCTAssertEqual(NearestNames.editDistance(long, Array("b".unicodeScalars)), 256)
  }
}
