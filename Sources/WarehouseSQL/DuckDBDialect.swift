import CostCore

/// DuckDB: `//` truncates on integers, HUGEINT is the wide integer, lists have lambdas, `read_json` loads JSONL.
public struct DuckDBDialect: SQLDialect {
  public init() {}
  public var name: String { "duckdb" }
  public var integerType: String { "BIGINT" }
  public var wideIntegerType: String { "HUGEINT" }
  public var textType: String { "VARCHAR" }
  public var decimalType: String { "DECIMAL(38,9)" }
  public var booleanType: String { "BOOLEAN" }

  public func stringLiteral(_ text: String) -> String { "'" + text.replacingAll("'", with: "''") + "'" }
  public func quoteIdentifier(_ name: String) -> String { "\"" + name.replacingAll("\"", with: "\"\"") + "\"" }
  public func integerDivision(_ dividend: String, _ divisor: String) -> String { "(\(dividend)) // (\(divisor))" }
  public func remainder(_ dividend: String, _ divisor: String) -> String { "(\(dividend)) % (\(divisor))" }
  /// DuckDB divides decimals in floating point (`DECIMAL / INTEGER` is a DOUBLE), so the nano-dollars are multiplied
  /// by the exact DECIMAL(38,9) constant 10⁻⁹ instead (DECIMAL(38,0) × DECIMAL(38,9) is DECIMAL(38,9)).
  public func decimalDollars(fromNanos nanos: String) -> String {
    "CAST(CAST(\(nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9))"
  }
  public func tryInteger(_ text: String) -> String { "TRY_CAST(\(text) AS BIGINT)" }
  public func splitPart(_ text: String, separator: String, index: Int) -> String { "split_part(\(text), \(stringLiteral(separator)), \(index))" }
  public func dateFromTimestampText(_ text: String) -> String { "TRY_CAST(SUBSTR(\(text), 1, 10) AS DATE)" }
  public func dateFromUnixSeconds(_ seconds: String) -> String {
    "DATE '1970-01-01' + CAST(\(integerDivision(seconds, "86400")) AS INTEGER)"
  }
  public func arrayLength(_ array: String) -> String { "COALESCE(len(\(array)), 0)" }
  public func sumOverArray(_ array: String, _ body: (String) -> String) -> String {
    "COALESCE(list_sum(list_transform(\(array), lambda img: \(body("img")))), 0)"
  }
  public func field(_ element: String, _ name: String) -> String { "\(element).\(name)" }

  public func valuesRelation(columns: [(name: String, type: String)], rows: [[String]]) -> String {
    standardValuesRelation(columns: columns, rows: rows, parenthesized: true)
  }
  public func createTable(_ name: String, as select: String) -> String { "CREATE OR REPLACE TABLE \(name) AS\n\(select);" }
  public func createView(_ name: String, as select: String) -> String { "CREATE OR REPLACE VIEW \(name) AS\n\(select);" }

  /// `read_json` with every column typed (keys in any order, missing keys NULL, other keys ignored);
  /// `log_seq` numbers the lines in file order.
  public func loadRequestLog(path: String, into table: String) -> String? {
    let usage =
      "STRUCT(input_tokens BIGINT, input_tokens_details STRUCT(text_tokens BIGINT, image_tokens BIGINT), output_tokens BIGINT, "
      + "output_tokens_details STRUCT(text_tokens BIGINT, image_tokens BIGINT))"
    let columns = UsageColumn.logKeys.map { key -> String in
      let type: String
      switch UsageColumn(rawValue: key)?.kind {
      case .text: type = "VARCHAR"
      case .imageSizes: type = "STRUCT(width BIGINT, height BIGINT)[]"
      case .tags: type = "MAP(VARCHAR, VARCHAR)"
      case .integer: type = "BIGINT"
      case nil: type = usage
      }
      return "\(quoteIdentifier(key)): '\(type)'"
    }
    return "CREATE OR REPLACE TABLE \(table) AS\nSELECT "
      + flattenedUsageColumns(sequence: "row_number() OVER ()", member: { "\(quoteIdentifier($0)).\($1.joined(separator: "."))" })
      + "\nFROM read_json(\(stringLiteral(path)), format = 'newline_delimited', columns = {\(columns.joined(separator: ", "))});"
  }
}
