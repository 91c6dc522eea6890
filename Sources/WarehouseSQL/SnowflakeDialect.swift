import CostCore

/// Snowflake: `/` on integers returns a rounded decimal, so integer division subtracts the remainder first and
/// divides exactly; NUMBER(38,0) is the integer type; unquoted names fold to upper case, so quoted references
/// are upper case; arrays of objects are summed with `REDUCE`. It cannot read a local file.
public struct SnowflakeDialect: SQLDialect {
  public init() {}
  public var name: String { "snowflake" }
  public var integerType: String { "NUMBER(38,0)" }
  public var wideIntegerType: String { "NUMBER(38,0)" }
  public var textType: String { "VARCHAR" }
  public var decimalType: String { "NUMBER(38,9)" }
  public var booleanType: String { "BOOLEAN" }

  public func stringLiteral(_ text: String) -> String { "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "''") + "'" }
  public func quoteIdentifier(_ name: String) -> String { "\"" + name.uppercased().replacingAll("\"", with: "\"\"") + "\"" }
  /// `(a − MOD(a, b)) / b` is a whole number, so the decimal division is exact; the cast drops its zero decimals.
  public func integerDivision(_ dividend: String, _ divisor: String) -> String {
    "CAST(((\(dividend)) - MOD(\(dividend), \(divisor))) / (\(divisor)) AS NUMBER(38,0))"
  }
  public func remainder(_ dividend: String, _ divisor: String) -> String { "MOD(\(dividend), \(divisor))" }
  public func decimalDollars(fromNanos nanos: String) -> String { "CAST(CAST(\(nanos) AS NUMBER(38,9)) / 1000000000 AS NUMBER(38,9))" }
  public func tryInteger(_ text: String) -> String { "TRY_TO_NUMBER(\(text))" }
  public func splitPart(_ text: String, separator: String, index: Int) -> String { "SPLIT_PART(\(text), \(stringLiteral(separator)), \(index))" }
  public func dateFromTimestampText(_ text: String) -> String { "TRY_TO_DATE(SUBSTR(\(text), 1, 10), 'YYYY-MM-DD')" }
  public func dateFromUnixSeconds(_ seconds: String) -> String { "DATEADD(day, \(integerDivision(seconds, "86400")), DATE '1970-01-01')" }
  public func arrayLength(_ array: String) -> String { "COALESCE(ARRAY_SIZE(\(array)), 0)" }
  public func sumOverArray(_ array: String, _ body: (String) -> String) -> String {
    "COALESCE(REDUCE(\(array), 0, (acc, img) -> acc + (\(body("img")))), 0)"
  }
  public func field(_ element: String, _ name: String) -> String { "\(element):\(name)::NUMBER(38,0)" }

  public func valuesRelation(columns: [(name: String, type: String)], rows: [[String]]) -> String {
    standardValuesRelation(columns: columns, rows: rows, parenthesized: true)
  }
  public func createTable(_ name: String, as select: String) -> String { "CREATE OR REPLACE TABLE \(name) AS\n\(select);" }
  public func createView(_ name: String, as select: String) -> String { "CREATE OR REPLACE VIEW \(name) AS\n\(select);" }
  public func loadRequestLog(path: String, into table: String) -> String? { nil }
}
