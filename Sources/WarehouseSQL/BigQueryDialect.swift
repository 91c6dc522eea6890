import CostCore

/// BigQuery: `DIV` and `MOD` functions, NUMERIC is DECIMAL(38,9), `SAFE.PARSE_DATE`, arrays summed by a
/// correlated `UNNEST`, constant rows from an array of structs. It cannot read a local file.
public struct BigQueryDialect: SQLDialect {
  public init() {}
  public var name: String { "bigquery" }
  public var integerType: String { "INT64" }
  public var wideIntegerType: String { "NUMERIC" }
  public var textType: String { "STRING" }
  /// NUMERIC is exactly precision 38, scale 9.
  public var decimalType: String { "NUMERIC" }
  public var booleanType: String { "BOOL" }

  public func stringLiteral(_ text: String) -> String { "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'" }
  public func quoteIdentifier(_ name: String) -> String { "`" + name.replacingAll("`", with: "\\`") + "`" }
  public func integerDivision(_ dividend: String, _ divisor: String) -> String { "DIV(\(dividend), \(divisor))" }
  public func remainder(_ dividend: String, _ divisor: String) -> String { "MOD(\(dividend), \(divisor))" }
  public func decimalDollars(fromNanos nanos: String) -> String { "CAST(\(nanos) AS NUMERIC) / 1000000000" }
  /// A typed NUMERIC literal, so that the array of structs needs no text-to-NUMERIC coercion.
  public func decimalLiteral(_ text: String) -> String { "NUMERIC \(stringLiteral(text))" }
  public func tryInteger(_ text: String) -> String { "SAFE_CAST(\(text) AS INT64)" }
  public func splitPart(_ text: String, separator: String, index: Int) -> String {
    "SPLIT(\(text), \(stringLiteral(separator)))[SAFE_OFFSET(\(index - 1))]"
  }
  public func dateFromTimestampText(_ text: String) -> String { "SAFE.PARSE_DATE('%Y-%m-%d', SUBSTR(\(text), 1, 10))" }
  public func dateFromUnixSeconds(_ seconds: String) -> String { "DATE_ADD(DATE '1970-01-01', INTERVAL \(integerDivision(seconds, "86400")) DAY)" }
  public func arrayLength(_ array: String) -> String { "COALESCE(ARRAY_LENGTH(\(array)), 0)" }
  public func sumOverArray(_ array: String, _ body: (String) -> String) -> String {
    "COALESCE((SELECT SUM(\(body("img"))) FROM UNNEST(\(array)) AS img), 0)"
  }
  public func field(_ element: String, _ name: String) -> String { "\(element).\(name)" }

  /// `SELECT * FROM UNNEST(ARRAY<STRUCT<…>>[…])`: BigQuery has no VALUES relation.
  public func valuesRelation(columns: [(name: String, type: String)], rows: [[String]]) -> String {
    let type = "ARRAY<STRUCT<" + columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ">>"
    return "SELECT * FROM UNNEST(\(type)[\n" + rows.map { "  (" + $0.joined(separator: ", ") + ")" }.joined(separator: ",\n") + "\n])"
  }
  public func createTable(_ name: String, as select: String) -> String { "CREATE OR REPLACE TABLE \(name) AS\n\(select);" }
  public func createView(_ name: String, as select: String) -> String { "CREATE OR REPLACE VIEW \(name) AS\n\(select);" }
  public func loadRequestLog(path: String, into table: String) -> String? { nil }
}
