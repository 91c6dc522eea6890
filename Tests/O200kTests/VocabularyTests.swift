import Digest
import Foundation
import Testing

@testable import O200k

@Suite struct VocabularyTests {
  @Test func bundledFileIsTheOfficialOne() throws {
    let path = try O200kTokenizer.bundledVocabularyPath()
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(bytes.count == 3_613_922)
    #expect(SHA256.hash(bytes).hex == "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d")
    #expect(O200kTokenizer.vocabularySHA256 == "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d")
  }

  @Test func bundledFileIsInTheResourceBundle() throws {
    // Resolved next to the test binary (the `.resources` folder SwiftPM copies), not only in the source tree.
    let path = try O200kTokenizer.bundledVocabularyPath()
    #expect(path.contains("imagecost_O200k.resources") || path.contains("imagecost_O200k.bundle"))
  }

  @Test func loadsAndKnowsEveryRank() throws {
    let vocabulary = try #require(try bundledVocabularyForTests())
    #expect(Array(vocabulary.bytes(ofRank: 0)) == Array("!".utf8))
    #expect(Array(vocabulary.bytes(ofRank: 199_997)) == Array(" cocos".utf8))
    for rank in stride(from: 0, to: Vocabulary.tokenCount, by: 97) {
      let bytes = vocabulary.bytes(ofRank: rank)
      #expect(vocabulary.rank(bytes.baseAddress!, bytes.count) == UInt32(rank))
    }
    for byte in 0...255 { #expect(vocabulary.byteRanks[byte] != Vocabulary.noRank) }
  }

  @Test func missingFileIsReported() {
    let path = "/nonexistent/o200k_base.tiktoken"
    #expect(throws: O200kError.vocabularyNotFound(searched: [path])) {
      try O200kTokenizer(vocabularyPath: path)
    }
  }

  @Test func truncatedFileIsReported() throws {
    let original = try Data(contentsOf: URL(fileURLWithPath: try O200kTokenizer.bundledVocabularyPath()))
    let path = try temporaryFile(original.prefix(1_000))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let error = #expect(throws: O200kError.self) { try O200kTokenizer(vocabularyPath: path) }
    guard case .vocabularyChecksumMismatch(let errorPath, _, let actual) = error else {
      Issue.record("unexpected \(String(describing: error))")
      return
    }
    #expect(errorPath == path)
    #expect(actual == "1000 bytes")
  }

  @Test func alteredFileIsReported() throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try O200kTokenizer.bundledVocabularyPath())))
    // Line 2 is "Ig== 1": make its rank "2" (same size).
    let secondLine = bytes.firstIndex(of: 0x0A)! + 1
    let space = bytes[secondLine...].firstIndex(of: 0x20)!
    bytes[space + 1] = UInt8(ascii: "2")
    let path = try temporaryFile(Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: O200kError.vocabularyCorrupt(path: path, line: 2, reason: "expected rank 1, found 2")) {
      try O200kTokenizer(vocabularyPath: path, verifySHA256: false)
    }
    let error = #expect(throws: O200kError.self) { try O200kTokenizer(vocabularyPath: path, verifySHA256: true) }
    guard case .vocabularyChecksumMismatch(_, let expected, _) = error else {
      Issue.record("unexpected \(String(describing: error))")
      return
    }
    #expect(expected.contains(O200kTokenizer.vocabularySHA256))
    #expect(error?.description.contains(path) == true)
  }

  private func temporaryFile(_ data: Data) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("o200k-test-\(UUID().uuidString)").path
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }
}
