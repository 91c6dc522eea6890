import Digest
import Foundation
import Testing

@testable import O200k

@Suite struct TokenizerTests {
  let tokenizer = O200kTokenizer.shared

  @Test func emptyPromptHasNoTokens() throws {
    #expect(try tokenizer.count("") == 0)
    #expect(try tokenizer.encode("") == [])
    #expect(O200kTokenizer.preTokenize("") == [])
  }

  @Test func japaneseSentenceFromTheIssue() throws {
    let text = "桜の花が満開の公園で、着物を着た女性が微笑んでいる写真"
    #expect(try tokenizer.count(text) == 25)
    #expect(O200kTokenizer.characterCount(text) == 27)
  }

  @Test func knownIDs() throws {
    #expect(try tokenizer.encode("hello world") == [24912, 2375])
    #expect(try tokenizer.encode("こんにちは、世界！") == [95839, 1395, 28428, 3393])
    #expect(try tokenizer.count(String(repeating: "あ", count: 120)) == 120)
  }

  @Test func specialTokenTextIsPlainText() throws {
    let ids = try tokenizer.encode("<|endoftext|>")
    #expect(!ids.contains(O200kTokenizer.endOfTextTokenID))
    #expect(try tokenizer.decode(ids) == Array("<|endoftext|>".utf8))
    #expect(try tokenizer.decode([O200kTokenizer.endOfTextTokenID]) == Array("<|endoftext|>".utf8))
    #expect(try tokenizer.decode([O200kTokenizer.endOfPromptTokenID]) == Array("<|endofprompt|>".utf8))
  }

  @Test(arguments: [-1, 199_998, 200_000, 200_017, 200_019])
  func unknownTokenIDs(_ id: Int) {
    #expect(throws: O200kError.unknownTokenID(id)) { try tokenizer.bytes(ofToken: id) }
  }

  @Test func piecesAreTokenBytes() throws {
    let text = "Hello, 世界! 👍🏽"
    let ids = try tokenizer.encode(text)
    let pieces = try tokenizer.pieces(text)
    #expect(pieces.count == ids.count)
    #expect(pieces.flatMap { $0 } == Array(text.utf8))
    #expect(pieces.first == Array("Hello".utf8))
    #expect(try tokenizer.decodeText(ids) == text)
  }

  /// The backtracking cases called out in the reference (§3.4), plus code-point (not grapheme) semantics.
  @Test(arguments: [
    ("1\u{301}", ["1", "\u{301}"]),
    (" \u{301}abc", [" \u{301}abc"]),
    ("  \n  indented", ["  \n", " ", " indented"]),
    ("a   b", ["a", "  ", " b"]),
    ("a\r\n\r\nb", ["a", "\r\n\r\n", "b"]),
    ("e\u{301}t\u{E9}", ["e\u{301}t\u{E9}"]),
    ("HELLO'S world", ["HELLO'S", " world"]),
    ("it'ſ", ["it'ſ"]),
    ("we'LL'd", ["we'LL", "'d"]),
    ("12345", ["123", "45"]),
    ("Ⅻ½٣", ["Ⅻ½٣"]),
    ("x  ", ["x", "  "]),
    ("x \u{3000}y", ["x", " ", "\u{3000}y"]),
    ("!!\n/x", ["!!\n/", "x"]),
    (" ??/\r\n", [" ??/\r\n"]),
    ("\u{1C}\u{200B}", ["\u{1C}\u{200B}"]),
  ])
  func preTokenizerEdgeCases(_ text: String, _ expected: [String]) {
    #expect(O200kTokenizer.preTokenize(text).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
  }

  /// A character first assigned in Unicode 17.0 is unassigned for tiktoken 0.14.0 (Unicode 16.0 tables).
  @Test func unicode17CharactersAreUnassigned() {
    #expect(PreTokenizer.computeClass(0x088F) == 0)  // ARABIC LETTER NOON WITH RING ABOVE (17.0)
    #expect(PreTokenizer.computeClass(0x1C89) == PreTokenizer.up | PreTokenizer.letter)  // Lu, 16.0
    #expect(O200kTokenizer.preTokenize("a\u{088F}b") == ["a", "\u{088F}b"])
  }

  @Test func heapMergeMatchesQuadraticMerge() throws {
    // Deterministic pseudo-random pieces of Japanese, Latin and emoji, 2…600 bytes.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let alphabet = Array("桜の花が満開公園でネオン写真あいうえおabcdefghijklmnopqrstuvwxyzABC😀👍🏽ñé".unicodeScalars)
    try tokenizer.loadVocabulary()
    let vocabulary = try #require(try bundledVocabularyForTests())
    for _ in 0..<60 {
      let length = Int(next() % 200) + 1
      let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }))
      let bytes = Array(text.utf8)
      guard bytes.count >= 2 else { continue }
      var small: [Int] = []
      var large: [Int] = []
      bytes.withUnsafeBufferPointer { buffer in
        BytePairMerge.mergeSmall(buffer.baseAddress!, buffer.count, vocabulary) { small.append($0) }
        BytePairMerge.mergeLarge(buffer.baseAddress!, buffer.count, vocabulary) { large.append($0) }
      }
      #expect(small == large, "\(text)")
    }
  }

  @Test func concurrentUseGivesTheSameCounts() async throws {
    let texts = Fixtures.shared.map(\.text)
    let expected = Fixtures.shared.map(\.count)
    let results = try await withThrowingTaskGroup(of: [Int].self) { group in
      for _ in 0..<4 {
        group.addTask { try texts.map { try O200kTokenizer.shared.count($0) } }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.count == 4)
    for result in results { #expect(result == expected) }
  }

  @Test func characterLimitCountsScalars() throws {
    #expect(O200kTokenizer.characterCount("e\u{301}") == 2)
    #expect(O200kTokenizer.characterCount("👨‍👩‍👧‍👦") == 7)
    #expect(O200kTokenizer.characterCount("\r\n") == 2)
    try O200kTokenizer.checkCharacterLimit(String(repeating: "あ", count: 32_000), limit: 32_000)
    let error = #expect(throws: O200kError.self) {
      try O200kTokenizer.checkCharacterLimit(String(repeating: "a", count: 4_001), limit: 4_000)
    }
    #expect(error == .characterLimitExceeded(limit: 4_000, actual: 4_001))
    #expect(error?.description.contains("4000") == true)
  }
}

/// The loaded bundled vocabulary, for white-box tests of the merge.
func bundledVocabularyForTests() throws -> Vocabulary? {
  try VocabularyLoader.load(path: VocabularyLoader.locateBundled(), verifySHA256: false)
}
