import CostCore
import ImageAPI
import Testing

@Suite struct SSEParserTests {
  static let stream = Array(
    [
      "\u{FEFF}: keep-alive comment\r\n",
      "event: image_generation.partial_image\r\n",
      "data: {\"type\":\"image_generation.partial_image\",\r\n",
      "data: \"partial_image_index\":0}\r\n",
      "id: 7\r\n",
      "\r\n",
      "event: image_generation.partial_image\r",
      "data:no-space\r",
      "retry: 2500\r",
      "\r",
      "data\n",
      "\n",
      ":only a comment\n",
      "\n",
      "event: image_generation.completed\n",
      "data: {\"usage\":{\"input_tokens\":50}}\n",
      "unknown: ignored\n",
      "id: bad\u{0}id\n",
      "\n",
      "event: never-dispatched\n",
      "data: cut off",
    ].joined().utf8)

  static let expected = [
    SSEEvent(event: "image_generation.partial_image", data: "{\"type\":\"image_generation.partial_image\",\n\"partial_image_index\":0}", id: "7"),
    SSEEvent(event: "image_generation.partial_image", data: "no-space", id: "7", retry: 2500),
    SSEEvent(event: "message", data: "", id: "7"),
    SSEEvent(event: "image_generation.completed", data: "{\"usage\":{\"input_tokens\":50}}", id: "7"),
  ]

  @Test(arguments: [1, 7, Int.max])
  func parsesTheSameEventsWhateverTheChunking(chunk: Int) {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    var start = 0
    while start < Self.stream.count {
      let end = min(Self.stream.count, start + min(chunk, Self.stream.count))
      events += parser.feed(Self.stream[start..<end])
      start = end
    }
    #expect(events == Self.expected)
    // The last event never got its blank line: discarded, and reported as cut off.
    let cut = parser.finish()
    #expect(cut)
  }

  @Test func crlfSplitAcrossChunksIsOneLineBreak() {
    var parser = SSEParser()
    let first = parser.feed(Array("data: a\r".utf8))
    let second = parser.feed(Array("\n\r".utf8))
    let third = parser.feed(Array("\ndata: b\n\n".utf8))
    let cut = parser.finish()
    #expect(first.isEmpty)
    #expect(second == [SSEEvent(data: "a")])
    #expect(third == [SSEEvent(data: "b")])
    #expect(!cut)
  }

  @Test func multiByteCharactersSplitAcrossChunks() {
    var parser = SSEParser()
    let bytes = Array("data: 桜\n\n".utf8)
    var events: [SSEEvent] = []
    for byte in bytes { events += parser.feed([byte]) }
    #expect(events == [SSEEvent(data: "桜")])
  }
}
