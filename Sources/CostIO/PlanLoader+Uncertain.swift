import CostCore
import Foundation
import Yams

/// Reading uncertain plan values (`{min, max}`, `{mean, sd}`, `{p10, p90}`) and refine stages.
extension PlanLoader {
  /// What a value may be: its bounds (inclusive unless stated) and a phrase for messages.
  struct ValueBounds {
    let low: Double
    let lowInclusive: Bool
    let high: Double
    /// Where a normal distribution is truncated.
    let floor: Double
    let what: String

    static let volume = ValueBounds(low: 0, lowInclusive: true, high: 1e12, floor: 0, what: "a volume from 0 to 10^12")
    static let growth = ValueBounds(low: -1, lowInclusive: false, high: 10, floor: -1, what: "a growth share above -1 and at most 10")
    static let share = ValueBounds(low: 0, lowInclusive: false, high: 1, floor: 0, what: "a share above 0 and at most 1")
    static let rounds = ValueBounds(
      low: 0, lowInclusive: true, high: Double(PlausibilityBounds.imagesPerFinal), floor: 0, what: "a number of rounds from 0 to 1,000,000")

    func contains(_ value: Double) -> Bool { value.isFinite && (lowInclusive ? value >= low : value > low) && value <= high }
  }

  /// `{min, max}` (uniform), `{mean, sd}` (normal truncated at the bounds' floor) or `{p10, p90}` (lognormal) at
  /// `node`, checked against `bounds`; nil (with a diagnostic) when it is not one of them.
  static func distribution(_ node: Node, _ path: String, _ reader: YAMLReader, bounds: ValueBounds) -> ValueDistribution? {
    guard let d = reader.fields(node, path, allowed: ["min", "max", "mean", "sd", "p10", "p90"]) else { return nil }
    let given = ["min", "max", "mean", "sd", "p10", "p90"].filter { d.has($0) }
    let pairs = [["min", "max"], ["mean", "sd"], ["p10", "p90"]]
    guard let pair = pairs.first(where: { Set($0) == Set(given) }) else {
      reader.report(
        node, path, "give min and max (uniform), mean and sd (normal) or p10 and p90 (lognormal), found {\(given.joined(separator: ", "))}")
      return nil
    }
    func number(_ key: String) -> Double? {
      guard let text = d.string(key) else { return nil }
      guard let value = Double(text), value.isFinite else {
        d.report(key, "\(key) must be a number, found '\(text)'")
        return nil
      }
      return value
    }
    guard let a = number(pair[0]), let b = number(pair[1]) else { return nil }
    switch pair[0] {
    case "min":
      guard bounds.contains(a), bounds.contains(b) else {
        reader.report(node, path, "min and max must each be \(bounds.what), found \(a) and \(b)")
        return nil
      }
      guard a <= b else {
        reader.report(node, path, "min is greater than max")
        return nil
      }
      return .uniform(min: a, max: b)
    case "mean":
      guard bounds.contains(a), b >= 0 else {
        reader.report(node, path, "mean must be \(bounds.what) and sd not negative, found mean \(a), sd \(b)")
        return nil
      }
      return .normal(mean: a, sd: b, floor: bounds.floor)
    default:
      guard a > 0, b >= a, bounds.contains(a), bounds.contains(b) else {
        reader.report(node, path, "p10 and p90 must be positive, p10 ≤ p90, each \(bounds.what); found \(a) and \(b)")
        return nil
      }
      return .lognormal(p10: a, p90: b)
    }
  }

  /// Whether `node` is a mapping (a distribution, or `{with_refinement, without}`).
  static func isMapping(_ node: Node) -> Bool {
    if case .mapping = node { return true }
    return false
  }

  /// A whole-number token count or `{min, max}` / `{mean, sd}` at `node`: (point value, distribution).
  static func tokenCount(_ node: Node, _ path: String, _ reader: YAMLReader) -> (Int, TokenDistribution?)? {
    guard isMapping(node) else { return reader.int(node, path, min: 0).map { ($0, nil) } }
    guard let d = reader.fields(node, path, allowed: ["min", "max", "mean", "sd"]) else { return nil }
    if d.has("min") || d.has("max") {
      if let low = d.int("min", min: 0), let high = d.int("max", min: 0), !d.has("mean"), !d.has("sd") {
        if low > high {
          reader.report(node, path, "min is greater than max")
          return nil
        }
        let distribution = TokenDistribution.uniform(min: low, max: high)
        return (distribution.pointValue, distribution)
      }
    } else if let mean = d.int("mean", min: 0), let sd = d.int("sd", min: 0) {
      return (mean, .normal(mean: mean, sd: sd))
    }
    reader.report(node, path, "give either min and max (uniform) or mean and sd (normal)")
    return nil
  }

  /// The largest value a token count may reach, for the plausibility bound.
  static func largest(_ point: Int, _ distribution: TokenDistribution?) -> Int {
    switch distribution {
    case .uniform(_, let high)?: return high
    case .normal(let mean, let sd)?: return Swift.max(mean, sd)
    case .empirical(let counts)?: return counts.max() ?? point
    case nil: return point
    }
  }

  /// One sample conversation's tokens: input (every message before the last, each with the per-message overhead,
  /// plus the primed reply) and output (the last message, the assistant's reply).
  struct ConversationTokens {
    let input: Int
    let output: Int
  }

  /// Reads a JSON Lines file of sample conversations (`{"messages": [{"role", "content"}, …]}` per line, the last
  /// message the assistant's reply) and counts each with the injected tokenizer.
  static func conversations(_ path: String, context: Context) throws -> [ConversationTokens] {
    var result: [ConversationTokens] = []
    for (index, line) in TextLines.split(try context.inputs.readText(path)).enumerated() where !line.isEmpty {
      func fail(_ message: String) -> PlanInputError { PlanInputError("\(path):\(index + 1): \(message)") }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let messages = object["messages"] as? [[String: Any]], messages.count >= 2
      else { throw fail("expected {\"messages\": [...]} with at least a prompt and the assistant's reply") }
      var input = RefineStage.tokensPerReply
      for (position, message) in messages.enumerated() {
        guard let role = message["role"] as? String, let content = message["content"] as? String else {
          throw fail("message \(position + 1) needs a role and a text content")
        }
        if position == messages.count - 1 {
          guard role == "assistant" else { throw fail("the last message must be the assistant's reply, found role '\(role)'") }
          result.append(ConversationTokens(input: input, output: try context.inputs.countTokens(content)))
        } else {
          input += try context.inputs.countTokens(content) + RefineStage.tokensPerMessage
        }
      }
    }
    if result.isEmpty { throw PlanInputError("\(path) has no conversations (one JSON object per line)") }
    return result
  }

  static let refineKeys: Set<String> = [
    "id", "kind", "model", "rounds_per_final", "input_tokens", "output_tokens", "conversation_file", "cached_share",
  ]

  /// A `kind: refine` stage's model, rounds, tokens and cached share, with what is uncertain about them.
  static func readRefine(_ st: Fields, reader: YAMLReader, book: PriceBook, context: Context) -> (RefineStage, Uncertainty)? {
    var uncertainty = Uncertainty()
    var model: String?
    if let name = st.string("model") {
      if let id = book.canonicalModelID(name), book.textModels[id] != nil {
        model = id
      } else {
        st.report(
          "model",
          "'\(name)' is not a kind: text model of the price book; a refine stage uses one of \(book.textModels.keys.sorted().joined(separator: ", "))"
        )
      }
    }
    var roundsPPM: Int64?
    if let node = st["rounds_per_final"] {
      let path = st.path("rounds_per_final")
      if isMapping(node) {
        if let d = distribution(node, path, reader, bounds: .rounds) {
          uncertainty.refineRounds = d
          roundsPPM = ValueDistribution.whole(d.mean, scale: 1_000_000, in: 0...PlausibilityBounds.imagesPerFinal * 1_000_000)
        }
      } else if let text = reader.string(node, path) {
        if let value = DecimalText(text), let ppm = value.scaled(to: 6), ppm <= PlausibilityBounds.imagesPerFinal * 1_000_000 {
          roundsPPM = ppm
        } else {
          reader.report(node, path, "rounds_per_final must be a number of calls per final from 0 to 1,000,000 such as 2 or 2.5, found '\(text)'")
        }
      }
    }
    var input: Int?
    var output: Int?
    var samples: Int?
    if let node = st["conversation_file"], let name = reader.string(node, st.path("conversation_file")) {
      if st.has("input_tokens") || st.has("output_tokens") {
        reader.report(node, st.path("conversation_file"), "give conversation_file or input_tokens and output_tokens, not both")
      }
      let path = name.hasPrefix("/") ? name : context.directory + "/" + name
      do {
        let counted = try conversations(path, context: context)
        uncertainty.refineInput = .empirical(counted.map(\.input))
        uncertainty.refineOutput = .empirical(counted.map(\.output))
        input = uncertainty.refineInput?.pointValue
        output = uncertainty.refineOutput?.pointValue
        samples = counted.count
      } catch {
        reader.report(node, st.path("conversation_file"), "cannot use \(path): \(error)")
      }
    } else {
      for key in ["input_tokens", "output_tokens"] {
        guard let node = st[key] else {
          st.report(key, "a refine stage needs input_tokens and output_tokens per call, or a conversation_file")
          continue
        }
        guard let (point, d) = tokenCount(node, st.path(key), reader) else { continue }
        if let text = PlausibilityBounds.excess(key, Int64(largest(point, d)), max: PlausibilityBounds.tokensPerRequest, unit: "tokens per call") {
          st.report(key, text)
          continue
        }
        if key == "input_tokens" {
          (input, uncertainty.refineInput) = (point, d)
        } else {
          (output, uncertainty.refineOutput) = (point, d)
        }
      }
    }
    let cached = st["cached_share"].flatMap { node -> Share? in
      guard let text = reader.string(node, st.path("cached_share")) else { return nil }
      guard let share = Share(decimal: text) else {
        reader.report(node, st.path("cached_share"), "expected a share from 0 to 1 such as 0.05, found '\(text)'")
        return nil
      }
      return share
    }
    guard let model, let roundsPPM, let input, let output else { return nil }
    return (
      RefineStage(
        model: model, roundsPerFinalPPM: roundsPPM, inputTokens: Int64(input), outputTokens: Int64(output), cachedShare: cached,
        sampleConversations: samples),
      uncertainty
    )
  }
}
