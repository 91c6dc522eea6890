import Testing

@testable import Replay

/// The shape key's hash: a function of the fields' bytes alone, with field boundaries part of what is hashed.
@Suite struct FieldHashTests {
  static func hash(_ fields: [String], readable extra: Int) -> UInt128 {
    var hasher = FieldHash128()
    for field in fields {
      // Each field in a buffer with `extra` bytes after it: 16-byte loads when there is room, byte loads otherwise.
      let bytes = Array(field.utf8) + Array(repeating: UInt8(ascii: "x"), count: extra)
      bytes.withUnsafeBytes { hasher.field($0.baseAddress!, count: field.utf8.count, readable: bytes.count) }
    }
    return hasher.finish()
  }

  @Test func sameBytesSameHashWhateverFollowsThem() {
    let fields = ["gpt-image-1", "", "1024x1024", "a-deployment-name-longer-than-thirty-two-bytes", "high"]
    let reference = FieldHashTests.hash(fields, readable: 0)
    for extra in [1, 7, 15, 16, 40] { #expect(FieldHashTests.hash(fields, readable: extra) == reference) }
  }

  @Test func boundariesAndOrderMatter() {
    let cases: [[String]] = [
      ["ab", "c"], ["a", "bc"], ["abc"], ["abc", ""], ["", "abc"], ["c", "ab"],
      ["0123456789abcdef"], ["0123456789abcde", "f"], ["0123456789abcdef", ""], ["0123456789abcdef0"],
    ]
    let hashes = cases.map { FieldHashTests.hash($0, readable: 16) }
    #expect(Set(hashes).count == cases.count)
  }

  @Test func manyNearShapesStayDistinct() {
    var hashes = Set<UInt128>()
    for model in ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3", "dall-e-2"] {
      for size in ["1024x1024", "1024x1536", "1536x1024", "auto", "256x256"] {
        for quality in ["low", "medium", "high", "auto", "hd", "standard"] {
          for n in 0..<40 { hashes.insert(FieldHashTests.hash([model, size, quality, String(n)], readable: 0)) }
        }
      }
    }
    #expect(hashes.count == 6 * 5 * 6 * 40)
  }
}
