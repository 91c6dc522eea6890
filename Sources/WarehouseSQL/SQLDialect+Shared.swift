/// Pieces several dialects write the same way.
extension SQLDialect {
  /// `SELECT CAST(c1 AS T) AS name, … FROM (VALUES …) AS v(c1, …)`, or a typed empty relation without rows.
  func standardValuesRelation(columns: [(name: String, type: String)], rows: [[String]], parenthesized: Bool) -> String {
    let placeholders = columns.indices.map { "c\($0 + 1)" }
    guard !rows.isEmpty else {
      return "SELECT " + columns.map { "\(null($0.type)) AS \($0.name)" }.joined(separator: ", ") + " FROM (SELECT 1 AS one) AS empty WHERE 1 = 0"
    }
    let casts = zip(placeholders, columns).map { "CAST(\($0) AS \($1.type)) AS \($1.name)" }.joined(separator: ", ")
    let values = "VALUES\n" + rows.map { "  (" + $0.joined(separator: ", ") + ")" }.joined(separator: ",\n")
    let relation = parenthesized ? "(\(values))" : values
    return "SELECT \(casts)\nFROM \(relation) AS v(\(placeholders.joined(separator: ", ")))"
  }

  /// The usage table's select list from a loaded request log: `log_seq` from `sequence`, top-level fields by
  /// name, and `usage_*` through `member(key, path)` (a nested field).
  func flattenedUsageColumns(sequence: String, member: (String, [String]) -> String) -> String {
    UsageColumn.allCases.map { column -> String in
      let path = column.logPath
      switch path.count {
      case 0: return "\(sequence) AS \(column.rawValue)"
      case 1: return quoteIdentifier(path[0])
      default: return "\(member(path[0], Array(path.dropFirst()))) AS \(column.rawValue)"
      }
    }.joined(separator: ",\n  ")
  }
}

extension String {
  /// Every occurrence of `target` replaced (CostCore is Foundation-free, so no `replacingOccurrences`).
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
