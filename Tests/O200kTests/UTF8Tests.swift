import Testing

@testable import O200k

@Suite struct UTF8Tests {
  @Test func validTextDecodesExactly() throws {
    let text = "a\u{FEFF}é桜👍🏽\r\n"
    #expect(try O200kTokenizer.decodeUTF8(Array(text.utf8), file: "ok.txt") == text)
    #expect(try O200kTokenizer.decodeUTF8([], file: "empty.txt") == "")
  }

  @Test(
    arguments: [
      ([0x61, 0x62, 0x80], 2),  // stray continuation byte
      ([0x61, 0xC0, 0x80], 1),  // overlong NUL
      ([0xC1, 0xBF], 0),  // overlong
      ([0x61, 0xE0, 0x80, 0x80], 1),  // overlong 3-byte
      ([0xED, 0xA0, 0x80], 0),  // UTF-16 surrogate
      ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
      ([0xF5, 0x80, 0x80, 0x80], 0),  // invalid lead byte
      ([0xE6, 0xA1, 0x9C, 0xE6, 0xA1], 3),  // truncated at the end, after one valid 桜
      ([0x61, 0xE6, 0x41, 0x42], 1),  // lead byte without continuation
      ([0xFF], 0),
    ] as [([UInt8], Int)])
  func invalidBytesReportTheOffset(_ bytes: [UInt8], _ offset: Int) {
    #expect(throws: O200kError.invalidUTF8(file: "brief.txt", offset: offset)) {
      try O200kTokenizer.decodeUTF8(bytes, file: "brief.txt")
    }
    #expect(UTF8Validation.firstInvalidOffset(bytes) == offset)
  }

  @Test func errorMessageNamesFileAndOffset() {
    let error = O200kError.invalidUTF8(file: "prompts.txt", offset: 1234)
    #expect(error.description == "The file prompts.txt is not valid UTF-8: the first invalid byte sequence starts at byte offset 1234.")
  }

  @Test func agreesWithTheStandardLibraryOnValidity() {
    var state: UInt32 = 12345
    for _ in 0..<2_000 {
      var bytes: [UInt8] = []
      for _ in 0..<8 {
        state = state &* 1_103_515_245 &+ 12_345
        bytes.append(UInt8(truncatingIfNeeded: state >> 16))
      }
      let valid = String(validating: bytes, as: UTF8.self) != nil
      #expect((UTF8Validation.firstInvalidOffset(bytes) == nil) == valid, "\(bytes)")
    }
  }
}
