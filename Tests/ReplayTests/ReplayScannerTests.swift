import CostCore
import CostIO
import Foundation
import Testing

@testable import Replay

/// The byte scanner and the general JSON parser must agree on every line the scanner accepts.
@Suite struct ReplayScannerTests {
  /// The scanner's record (nil when it declines the line) and the general parser's record or error text.
  static func both(_ text: String) -> (
    fast: UsageRecord?, fastUnknown: [String: Int64], slow: Result<UsageRecord, RequestLogError>, slowUnknown: [String: Int64]
  ) {
    let bytes = Array(text.utf8)
    var scanner = RequestLogScanner()
    var fastUnknown: [String: Int64] = [:]
    let fast = bytes.withUnsafeBufferPointer { scanner.scan($0, unknown: &fastUnknown) }
    do {
      let (record, unknown) = try RequestLogReader(skipBad: false).parseWithoutScanner(bytes)
      return (fast, fastUnknown, .success(record), unknown)
    } catch {
      return (fast, fastUnknown, .failure(error as! RequestLogError), [:])
    }
  }

  static func expectAgreement(_ text: String, fastPath: Bool? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let r = both(text)
    if let fast = r.fast {
      #expect((try? r.slow.get()) == fast, "\(text)", sourceLocation: sourceLocation)
      #expect(r.fastUnknown == r.slowUnknown, "\(text)", sourceLocation: sourceLocation)
    } else {
      #expect(r.fastUnknown.isEmpty, sourceLocation: sourceLocation)
    }
    if let fastPath { #expect((r.fast != nil) == fastPath, "\(text)", sourceLocation: sourceLocation) }
  }

  @Test func exampleLogLinesAgree() throws {
    let text = try String(contentsOfFile: ReplayFixtures.example, encoding: .utf8)
    for line in text.split(separator: "\n") { ReplayScannerTests.expectAgreement(String(line), fastPath: true) }
  }

  static let base =
    #"{"id":"r1","time":"2026-10-01T09:30:00Z","provider":"azure","deployment_type":"global","model":"gpt-image-1","size":"1024x1024","quality":"low","n":1,"status":200"#

  static let accepted: [(String, Bool)] = [
    (base + "}", true),
    (base + #","usage":{"input_tokens":5,"output_tokens":272}}"#, true),
    (base + #","usage":null,"tags":{},"region":null,"input_images":[]}"#, true),
    (
      base
        + #","usage":{"input_tokens":5,"input_tokens_details":null,"output_tokens":272,"output_tokens_details":{"image_tokens":200,"cached":true}}}"#,
      true
    ),
    (base + #","stream":true,"partial_images":2,"trace_id":"x","extra":null}"#, true),
    (
      base + #","operation":"edit","input_images":[{"width":1024,"height":1024,"name":"a.png"},{"width":512,"height":512}],"input_fidelity":"high"}"#,
      true
    ),
    (" " + base + #" , "size" : "auto" } "#, false),  // duplicate "size": general parser decides
    (base.replacingOccurrences(of: #""size":"1024x1024""#, with: #""size":"auto""#) + "}", true),
    (base.replacingOccurrences(of: #""id":"r1","#, with: "") + "}", true),  // no id: the general parser's content hash
    (base + #","tags":{"project":"a\"b"}}"#, true),
    (base + #","tags":{"project":"caf\u00e9"}}"#, true),
    (base + #","n2":1.5,"meta":{"a":[1,-2.5e3,"x\/y",null,{}],"b":true}}"#, true),
    (base.replacingOccurrences(of: #""model":"gpt-image-1""#, with: #""model":"gpt\u002dimage-1""#) + "}", true),
    (base.replacingOccurrences(of: #""id":"r1""#, with: #""id":"r\n1""#) + "}", true),
    (#"{"created":1790859000,"model":"gpt-image-1","data":[{"b64_json":"..."}],"background":"opaque","output_format":"png"}"#, true),
    (#"{"created":1790859000,"time":null,"id":"x","model":"gpt-image-1"}"#, true),
  ]

  static let declined: [(String, Bool)] = [
    // Declined: escapes and numbers another reader might read differently, other types, errors.
    (base + #","tags":{"count":3}}"#, false),
    (base + #","note":"\ud83d\ude00"}"#, false),
    (base + #","note":"\u0000"}"#, false),
    (base + #","note":"\uFEFFx"}"#, false),
    (base + #","note":"\x"}"#, false),
    (base + #","big":1e400}"#, false),
    (base + #","big":12345678901234567890}"#, false),
    (base + #","bad":01}"#, false),
    (base + #","bad":1.}"#, false),
    (base + #","deep":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}"#, false),
    (#"{"created":999999999999,"model":"gpt-image-1"}"#, false),
    (#"{"time":"2026-10-01T09:30:00\u005A","id":"x","model":"gpt-image-1"}"#, false),
    (base.replacingOccurrences(of: #""n":1"#, with: #""n":1.0"#) + "}", false),
    (base.replacingOccurrences(of: #""n":1"#, with: #""n":1e0"#) + "}", false),
    (base.replacingOccurrences(of: #""n":1"#, with: #""n":true"#) + "}", false),
    (base.replacingOccurrences(of: #""n":1"#, with: #""n":-1"#) + "}", false),
    (base.replacingOccurrences(of: #""status":200"#, with: #""status":"200""#) + "}", false),
    (base + #","usage":{"input_tokens":5}}"#, false),
    (base + #","input_images":null}"#, false),
    (base + #","tags":null}"#, false),
    (base.replacingOccurrences(of: "2026-10-01T09:30:00Z", with: "yesterday") + "}", false),
    (base.replacingOccurrences(of: "2026-10-01T09", with: "2026-10-01\u{301}T09") + "}", false),
    (base.replacingOccurrences(of: #""model":"gpt-image-1","#, with: "") + "}", false),
    (base.replacingOccurrences(of: #""provider":"azure""#, with: #""provider":"Zürich""#) + "}", true),
    (base + "", false),
    (base + "}x", false),
    ("[1,2]", false),
  ]

  @Test(arguments: accepted + declined)
  func scannerAgreesOrDeclines(text: String, fastPath: Bool) {
    ReplayScannerTests.expectAgreement(text, fastPath: fastPath)
  }

  /// One scanner learns each object's key order from the lines it reads and matches predicted keys in
  /// place; lines whose keys come in other orders (optional fields, shuffled members, spaces before a
  /// colon, keys close to the end of the line) must still scan exactly as the general parser reads them.
  @Test func keyOrderPredictionNeverChangesARecord() throws {
    var rng = SplitMix64(seed: 41)
    var scanner = RequestLogScanner()
    var scanned = 0
    for i in 0..<3_000 {
      let pick = { (n: Int) in Int(rng.next() % UInt64(n)) }
      var members = [
        #""id":"r\#(i)""#, #""time":"2026-10-0\#(1 + pick(9))T09:30:00Z""#, #""model":"gpt-image-1""#, #""quality":"low""#,
        #""size":"1024x1024""#,
      ]
      if pick(2) == 0 { members.append(#""provider":"azure""#) }
      if pick(3) == 0 { members.append(#""n":\#(1 + pick(3))"#) }
      if pick(4) == 0 { members.append(#""status":200"#) }
      if pick(5) == 0 { members.append(#""x_trace":"t""#) }
      var usage = [#""input_tokens":\#(pick(90))"#, #""output_tokens":\#(272 + pick(900))"#]
      if pick(2) == 0 { usage.append(#""output_tokens_details":{"image_tokens":272,"text_tokens":\#(pick(9))}"#) }
      if pick(2) == 0 { usage.append(#""total_tokens":1"#) }
      if pick(3) == 0 { usage.shuffle(using: &rng) }
      if pick(2) == 0 { members.append(#""usage":{"# + usage.joined(separator: ",") + "}") }
      if pick(3) == 0 { members.shuffle(using: &rng) }
      var line = "{" + members.joined(separator: ",") + "}"
      if pick(10) == 0 { line = line.replacingOccurrences(of: #""model":"#, with: #""model" :"#) }
      let bytes = Array(line.utf8)
      var unknown: [String: Int64] = [:]
      let fast = bytes.withUnsafeBufferPointer { scanner.scan($0, unknown: &unknown) }
      let (slow, slowUnknown) = try RequestLogReader(skipBad: false).parseWithoutScanner(bytes)
      if let fast {
        scanned += 1
        #expect(fast == slow, "\(line)")
        #expect(unknown == slowUnknown, "\(line)")
      }
    }
    #expect(scanned > 2_900)  // only lines with a misplaced ID-less shape would decline; none here
  }

  /// The scanner's own UTF-8 check agrees with the standard library's decoder on valid and broken
  /// text (random bytes biased to lead and continuation bytes, every boundary of table 3-7 included).
  @Test func utf8CheckAgreesWithTheStandardLibrary() {
    var rng = SplitMix64(seed: 7)
    let interesting: [UInt8] = [
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    ]
    var invalid = 0
    for _ in 0..<20_000 {
      let length = Int(rng.next() % 24)
      var bytes: [UInt8] = (0..<length).map { _ in
        rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[Int(rng.next() % UInt64(interesting.count))]
      }
      if rng.next() % 4 == 0 { bytes = Array("café 満開 𝄞 ok".utf8) + bytes.prefix(2) }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      if !expected { invalid += 1 }
      #expect(bytes.withUnsafeBufferPointer { Cursor.isUTF8($0) } == expected, "\(bytes)")
    }
    #expect(invalid > 1_000 && invalid < 19_000)
  }

  /// Strings with escapes between runs of plain bytes scan as the general parser reads them.
  @Test func escapedStringsAgree() {
    var rng = SplitMix64(seed: 11)
    let pieces = [#"\n"#, #"\/"#, #"\u00e9"#, #"\u6e80"#, #"\""#, #"\\"#, "plain text ", "é", "満開", "https:", #"\t"#, #"\ud800"#, #"\x"#]
    for i in 0..<2_000 {
      let prompt = (0..<Int(rng.next() % 9)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
      let line = #"{"id":"r\#(i)","time":"2026-10-01T09:30:00Z","model":"gpt-image-1","prompt":"\#(prompt)","tags":{"note":"\#(prompt)"}}"#
      ReplayScannerTests.expectAgreement(line)
    }
  }

  /// Reading a whole file through the reader (scanner plus fallback) gives the general parser's records, in order.
  @Test func readerMatchesGeneralParserOnMixedFile() throws {
    var lines: [String] = []
    for i in 0..<300 {
      var line = ReplayScannerTests.base.replacingOccurrences(of: #""id":"r1""#, with: #""id":"r\#(i)""#)
      if i % 7 == 0 { line += #","tags":{"project":"a\"\#(i)"}"# }
      if i % 5 == 0 { line += #","usage":{"input_tokens":\#(i),"output_tokens":272}"# }
      if i % 11 == 0 { line += #","unknown_\#(i % 2)":null"# }
      lines.append(line + "}")
    }
    let path = try ReplayFixtures.write(lines.joined(separator: "\r\n"))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var records: [UsageRecord] = []
    let summary = try RequestLogReader(skipBad: false).read(path: path) { records.append($0) }
    var unknown: [String: Int64] = [:]
    let expected = try lines.map { line -> UsageRecord in
      let (record, u) = try RequestLogReader(skipBad: false).parseWithoutScanner(Array(line.utf8))
      for (k, v) in u { unknown[k, default: 0] += v }
      return record
    }
    #expect(records == expected)
    #expect(summary.unknownFields == unknown)
    #expect(summary.lines == 300 && summary.records == 300)
  }

  /// Lines that straddle the read chunks keep their numbers and contents.
  @Test func chunkBoundariesKeepLineNumbers() throws {
    let line = ReplayScannerTests.base + "}"
    let count = RequestLogReader.chunkSize / line.utf8.count + 50
    var text = (0..<count).map { line.replacingOccurrences(of: #""r1""#, with: #""r\#($0)""#) }.joined(separator: "\n")
    text += "\nnot json\n"
    let path = try ReplayFixtures.write(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var ids: [String] = []
    #expect {
      _ = try RequestLogReader(skipBad: false).read(path: path) { ids.append($0.id) }
    } throws: { error in
      "\(error)" == "\(path):\(count + 1): not valid JSON (a truncated or malformed line)"
    }
    #expect(ids.count == count && ids.last == "r\(count - 1)")
  }
}
