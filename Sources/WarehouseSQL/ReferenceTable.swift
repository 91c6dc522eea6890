import CostCore

/// A constant in a reference table, written by a dialect.
enum SQLConstant: Sendable {
  case integer(Int64?)
  case text(String?)
  case date(CivilDate?)
  case boolean(Bool?)
  /// Exact decimal text (`0.005`), read as the dialect's DECIMAL(38,9).
  case decimal(String?)

  static func int(_ value: Int?) -> SQLConstant { .integer(value.map(Int64.init)) }

  func rendered(in d: any SQLDialect) -> String {
    switch self {
    case .integer(let v): return v.map { String($0) } ?? "NULL"
    case .text(let v): return v.map(d.stringLiteral) ?? "NULL"
    case .date(let v): return v.map(d.dateLiteral) ?? "NULL"
    case .boolean(let v): return v.map { $0 ? "TRUE" : "FALSE" } ?? "NULL"
    case .decimal(let v): return v.map(d.decimalLiteral) ?? "NULL"
    }
  }
}

/// The column types of reference tables, resolved per dialect.
enum SQLType: Sendable {
  case integer, text, date, boolean, decimal

  func name(in d: any SQLDialect) -> String {
    switch self {
    case .integer: return d.integerType
    case .text: return d.textType
    case .date: return d.dateType
    case .boolean: return d.booleanType
    case .decimal: return d.decimalType
    }
  }
}

/// One table of the price book or its token rules, as constant rows.
struct ReferenceTable: Sendable {
  let name: String
  /// One line saying what the table holds (a comment above its statement).
  let comment: String
  let columns: [(name: String, type: SQLType)]
  let rows: [[SQLConstant]]

  func statement(in d: any SQLDialect) -> String {
    let typed = columns.map { (name: $0.name, type: $0.type.name(in: d)) }
    let select = d.valuesRelation(columns: typed, rows: rows.map { $0.map { $0.rendered(in: d) } })
    return "-- \(comment)\n" + d.createTable(name, as: select)
  }
}
