import CostCore
import Foundation

/// A saved plan or quote report (JSON written by `--format json`) reduced to named amounts for `diff`. It is
/// decoded as the same ``PlanDocument`` or ``QuoteDocument`` the report was encoded from: one schema.
public struct DiffDocument: Sendable {
  public let schema: String
  public let title: String
  /// Named amounts, in report order.
  public let items: [(String, USD)]

  public enum ReadError: Error, CustomStringConvertible, Sendable {
    case notJSON(String, String)
    case unsupported(String, String)
    case notReport(String, String, String)
    case badAmount(String, String)

    public var description: String {
      switch self {
      case .notJSON(let path, let detail): return "\(path) is not valid JSON (\(detail))."
      case .unsupported(let path, let schema):
        return
          "\(path) is a '\(schema)' document; diff compares \(PlanDocument.schemaID) or \(QuoteDocument.schemaID) reports written with --format json."
      case .notReport(let path, let schema, let detail): return "\(path) is not a whole \(schema) report (\(detail))."
      case .badAmount(let path, let key): return "\(path): '\(key)' is not an exact decimal amount."
      }
    }
  }

  /// Decodes the report in `data`, read from `path` (named in errors).
  public static func decode(_ data: Data, path: String) throws(ReadError) -> DiffDocument {
    struct Probe: Decodable { let schema: String? }
    let decoder = JSONDecoder()
    let schema: String
    do {
      schema = try decoder.decode(Probe.self, from: data).schema ?? "unknown"
    } catch DecodingError.dataCorrupted(let context) {
      throw .notJSON(path, context.underlyingError.map { "\($0)" }.flatMap(Self.firstQuoted) ?? "syntax error")
    } catch {
      throw .unsupported(path, "unknown")  // JSON, but not an object with a schema
    }
    func amount(_ text: String?, _ key: String) throws(ReadError) -> USD {
      guard let text else { throw .badAmount(path, key) }
      let negative = text.hasPrefix("-")
      guard let usd = USD(decimal: negative ? String(text.dropFirst()) : text) else { throw .badAmount(path, key) }
      return negative ? USD(nanos: -usd.nanos) : usd
    }
    switch schema {
    case PlanDocument.schemaID:
      let plan: PlanDocument
      do { plan = try decoder.decode(PlanDocument.self, from: data) } catch { throw .notReport(path, schema, Self.reason(error)) }
      var items = [("total", try amount(plan.totalUSD, "total_usd"))]
      for month in plan.monthlyUSD { items.append(("month \(month.month)", try amount(month.costUSD, "monthly_usd.cost_usd"))) }
      var workloads: [(String, USD)] = []
      for line in plan.asPlanned.lines {
        let id = "workload \(line.workload)"
        let cost = try amount(line.costUSD, "as_planned.lines.cost_usd")
        if let index = workloads.firstIndex(where: { $0.0 == id }) { workloads[index].1 += cost } else { workloads.append((id, cost)) }
      }
      items += workloads
      // Each cost component over the plan (text in, cached text in, text out of refine stages among them).
      var components: [ComponentKind: USD] = [:]
      for line in plan.asPlanned.lines {
        for (name, text) in line.components.pairs {
          guard let kind = ComponentKind(rawValue: name) else { throw .badAmount(path, "as_planned.lines.components.\(name)") }
          components[kind, default: .zero] += try amount(text, "as_planned.lines.components.\(name)")
        }
      }
      items += ComponentKind.allCases.compactMap { kind in components[kind].map { ("component \(kind.rawValue)", $0) } }
      for candidate in plan.candidates where candidate.feasible {
        items.append(("candidate \(candidate.id)", try amount(candidate.totalUSD, "candidates.total_usd")))
      }
      return DiffDocument(schema: schema, title: plan.name, items: items)
    case QuoteDocument.schemaID:
      let quote: QuoteDocument
      do { quote = try decoder.decode(QuoteDocument.self, from: data) } catch { throw .notReport(path, schema, Self.reason(error)) }
      var items = [("total", try amount(quote.totalUSD, "total_usd"))]
      for component in quote.components { items.append((component.kind, try amount(component.costTotalUSD, "components.cost_total_usd"))) }
      return DiffDocument(schema: schema, title: quote.model, items: items)
    default:
      throw .unsupported(path, schema)
    }
  }

  /// The first double-quoted part of `text` (the reason inside a parser's message), if any.
  private static func firstQuoted(_ text: String) -> String? { text.split(separator: "\"").dropFirst().first.map(String.init) }

  /// What a decoding error says, in a few words (`key 'total_usd' missing`).
  private static func reason(_ error: any Error) -> String {
    switch error as? DecodingError {
    case .keyNotFound(let key, let context)?:
      return "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
      return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    case .dataCorrupted?: return "syntax error"
    default: return "\(error)"
    }
  }
}
