// O200kOracleCheck: checks the O200k tokenizer against files made by the offline oracle (tiktoken 0.14.0), and
// writes the benchmark texts so that tiktoken can be timed on the same input.
//
//   swift run -c release O200kOracleCheck check FILE.jsonl...   # from scripts/o200k/generate_vectors.py
//   swift run -c release O200kOracleCheck codepoints FILE.tsv   # from scripts/o200k/codepoint_contexts.py
//   swift run -c release O200kOracleCheck corpus DIR            # writes the benchmark texts into DIR
//   swift run -c release O200kOracleCheck first-use             # cold start: first load and first count
import BenchmarkCorpus
import Foundation
import O200k

func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func hex(_ text: String) -> String { text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") }

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
  print("usage: O200kOracleCheck check FILE.jsonl... | codepoints FILE.tsv | corpus DIR | first-use")
  exit(2)
}
let tokenizer = O200kTokenizer.shared
var failed = false

switch mode {
case "check":
  struct Row: Decodable {
    let id: String?
    let text: String
    let ids: [Int]
    let pieces: [String]?
  }
  let decoder = JSONDecoder()
  for file in arguments.dropFirst() {
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    var rows = 0
    var idMismatches = 0
    var pieceMismatches = 0
    let start = seconds()
    for line in data.split(separator: 0x0A) {
      let row = try decoder.decode(Row.self, from: line)
      rows += 1
      let ids = try tokenizer.encode(row.text)
      if ids != row.ids {
        idMismatches += 1
        if idMismatches <= 10 { print("ids differ: \(row.id ?? "?") [\(hex(row.text))]\n  got      \(ids)\n  expected \(row.ids)") }
      }
      if let pieces = row.pieces,
        O200kTokenizer.preTokenize(row.text).map({ Array($0.utf8) }) != pieces.map({ Array($0.utf8) })
      {
        pieceMismatches += 1
        if pieceMismatches <= 10 { print("pieces differ: \(row.id ?? "?") [\(hex(row.text))]") }
      }
    }
    print(
      "\(file): \(rows) rows, \(idMismatches) id mismatches, \(pieceMismatches) piece mismatches (\(String(format: "%.2f", seconds() - start)) s)")
    failed = failed || idMismatches > 0 || pieceMismatches > 0
  }

case "codepoints":
  // Keep in sync with CONTEXTS in scripts/o200k/codepoint_contexts.py.
  let contexts = ["a{c}b", "A{c}a", " {c}1", "1{c}2", "{c}'s x", "x {c}  y", "!{c}!", "{c}{c}\n", "\u{3000}{c}", "{c}a"]
  let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
  var strings = 0
  var mismatched: [UInt32: Int] = [:]
  for line in data.split(separator: 0x0A) {
    let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
    let value = UInt32(String(decoding: fields[0], as: UTF8.self), radix: 16)!
    let context = contexts[Int(String(decoding: fields[1], as: UTF8.self))!]
    let expected = fields[2].split(separator: UInt8(ascii: ",")).map { Int(String(decoding: $0, as: UTF8.self))! }
    let text = context.replacingOccurrences(of: "{c}", with: String(Character(Unicode.Scalar(value)!)))
    strings += 1
    if try tokenizer.encode(text) != expected { mismatched[value, default: 0] += 1 }
  }
  print("\(strings) strings, \(mismatched.values.reduce(0, +)) mismatches over \(mismatched.count) code points")
  for value in mismatched.keys.sorted().prefix(50) {
    let properties = Unicode.Scalar(value)!.properties
    print(
      "  U+\(String(value, radix: 16, uppercase: true)) \(properties.generalCategory) age \(properties.age.map { "\($0.major).\($0.minor)" } ?? "-")")
  }
  failed = !mismatched.isEmpty

case "corpus":
  let directory = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : ".")
  for (name, text) in [
    ("mixed_corpus.txt", BenchmarkCorpus.mixedCorpus),
    ("unbroken_japanese_32k.txt", BenchmarkCorpus.unbrokenJapanese32k),
    ("typical_prompt.txt", BenchmarkCorpus.typicalPrompt),
  ] {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    print("\(url.path): \(text.utf8.count) bytes, \(text.unicodeScalars.count) scalars, \(try tokenizer.count(text)) tokens")
  }

case "first-use":
  var start = seconds()
  try tokenizer.loadVocabulary()
  print("first vocabulary load: \(String(format: "%.1f", (seconds() - start) * 1000)) ms")
  start = seconds()
  let count = try tokenizer.count("桜の花が満開の公園で、着物を着た女性が微笑んでいる写真")
  print("first count (\(count) tokens, builds the scalar class table): \(String(format: "%.1f", (seconds() - start) * 1000)) ms")
  start = seconds()
  _ = try tokenizer.count(BenchmarkCorpus.typicalPrompt)
  print("typical prompt count: \(String(format: "%.1f", (seconds() - start) * 1_000_000)) µs")

default:
  print("unknown mode \(mode)")
  exit(2)
}
exit(failed ? 1 : 0)
