import CostCore
import Foundation

/// Reads a saved imagecost JSON report (`imagecost.plan/1` or `imagecost.quote/1`) into comparable line items.
public enum ReportJSONReader {
  /// A report reduced to named amounts, in report order.
  public struct Items: Sendable {
    public let schema: String
    public let title: String
    public let items: [(String, USD)]
  }

  public enum ReadError: Error, CustomStringConvertible {
    case unreadable(String)
    case notJSON(String, String)
    case unsupported(String, String)
    case badAmount(String, String)

    public var description: String {
      switch self {
      case .unreadable(let path): return "Cannot read \(path)."
      case .notJSON(let path, let detail): return "\(path) is not valid JSON (\(detail))."
      case .unsupported(let path, let schema):
        return "\(path) is a '\(schema)' document; diff compares imagecost.plan/1 or imagecost.quote/1 reports written with --format json."
      case .badAmount(let path, let key): return "\(path): '\(key)' is not an exact decimal amount."
      }
    }
  }

  public static func read(path: String) throws -> Items {
    guard let data = FileManager.default.contents(atPath: path) else { throw ReadError.unreadable(path) }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ReadError.notJSON(path, "\(error)".split(separator: "\"").dropFirst().first.map(String.init) ?? "syntax error")
    }
    guard let root = object as? [String: Any], let schema = root["schema"] as? String else { throw ReadError.unsupported(path, "unknown") }
    func amount(_ value: Any?, _ key: String) throws -> USD {
      guard let text = value as? String else { throw ReadError.badAmount(path, key) }
      let negative = text.hasPrefix("-")
      guard let usd = USD(decimal: negative ? String(text.dropFirst()) : text) else { throw ReadError.badAmount(path, key) }
      return negative ? USD(nanos: -usd.nanos) : usd
    }
    var items: [(String, USD)] = []
    switch schema {
    case "imagecost.plan/1":
      items.append(("total", try amount(root["total_usd"], "total_usd")))
      for month in root["monthly_usd"] as? [[String: Any]] ?? [] {
        items.append(("month \(month["month"] as? String ?? "?")", try amount(month["cost_usd"], "monthly_usd.cost_usd")))
      }
      var workloads: [(String, USD)] = []
      for line in (root["as_planned"] as? [String: Any])?["lines"] as? [[String: Any]] ?? [] {
        let id = "workload \(line["workload"] as? String ?? "?")"
        let cost = try amount(line["cost_usd"], "as_planned.lines.cost_usd")
        if let index = workloads.firstIndex(where: { $0.0 == id }) { workloads[index].1 += cost } else { workloads.append((id, cost)) }
      }
      items += workloads
      for candidate in root["candidates"] as? [[String: Any]] ?? [] {
        guard candidate["feasible"] as? Bool == true else { continue }
        items.append(("candidate \(candidate["id"] as? String ?? "?")", try amount(candidate["total_usd"], "candidates.total_usd")))
      }
      return Items(schema: schema, title: root["name"] as? String ?? "plan", items: items)
    case "imagecost.quote/1":
      items.append(("total", try amount(root["total_usd"], "total_usd")))
      for component in root["components"] as? [[String: Any]] ?? [] {
        items.append(("\(component["kind"] as? String ?? "?")", try amount(component["cost_total_usd"], "components.cost_total_usd")))
      }
      return Items(schema: schema, title: root["model"] as? String ?? "quote", items: items)
    default:
      throw ReadError.unsupported(path, schema)
    }
  }
}
