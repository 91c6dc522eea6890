import CostCore

/// Spark SQL: `DIV` truncates, DECIMAL(38,0) is the wide integer, temporary views hold everything, backslash
/// escapes in strings, `AGGREGATE` sums over arrays, and a JSON data source loads JSONL.
public struct SparkDialect: SQLDialect {
  public init() {}
  public var name: String { "spark" }
  public var integerType: String { "BIGINT" }
  public var wideIntegerType: String { "DECIMAL(38,0)" }
  public var textType: String { "STRING" }
  public var decimalType: String { "DECIMAL(38,9)" }
  public var booleanType: String { "BOOLEAN" }

  public func stringLiteral(_ text: String) -> String { "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'" }
  public func quoteIdentifier(_ name: String) -> String { "`" + name.replacingAll("`", with: "``") + "`" }
  public func integerDivision(_ dividend: String, _ divisor: String) -> String { "(\(dividend)) DIV (\(divisor))" }
  public func remainder(_ dividend: String, _ divisor: String) -> String { "(\(dividend)) % (\(divisor))" }
  /// DECIMAL(38,9) ÷ an integer keeps scale 9 exactly (the quotient has at most nine decimals).
  public func decimalDollars(fromNanos nanos: String) -> String {
    "CAST(CAST(\(nanos) AS DECIMAL(38,9)) / 1000000000 AS DECIMAL(38,9))"
  }
  public func tryInteger(_ text: String) -> String { "TRY_CAST(\(text) AS BIGINT)" }
  public func splitPart(_ text: String, separator: String, index: Int) -> String { "split_part(\(text), \(stringLiteral(separator)), \(index))" }
  public func dateFromTimestampText(_ text: String) -> String { "TRY_CAST(SUBSTR(\(text), 1, 10) AS DATE)" }
  public func dateFromUnixSeconds(_ seconds: String) -> String {
    "DATE_ADD(DATE '1970-01-01', CAST(\(integerDivision(seconds, "86400")) AS INT))"
  }
  public func arrayLength(_ array: String) -> String { "CASE WHEN \(array) IS NULL THEN 0 ELSE SIZE(\(array)) END" }
  public func sumOverArray(_ array: String, _ body: (String) -> String) -> String {
    "CASE WHEN \(array) IS NULL THEN 0 ELSE AGGREGATE(\(array), CAST(0 AS BIGINT), (acc, img) -> acc + CAST(\(body("img")) AS BIGINT)) END"
  }
  public func field(_ element: String, _ name: String) -> String { "\(element).\(name)" }

  public func valuesRelation(columns: [(name: String, type: String)], rows: [[String]]) -> String {
    standardValuesRelation(columns: columns, rows: rows, parenthesized: false)
  }
  public func createTable(_ name: String, as select: String) -> String { "CREATE OR REPLACE TEMPORARY VIEW \(name) AS\n\(select);" }
  public func createView(_ name: String, as select: String) -> String { "CREATE OR REPLACE TEMPORARY VIEW \(name) AS\n\(select);" }

  /// A JSON data source with an explicit schema (keys in any order, missing keys NULL, others ignored), then the
  /// flattened view; `log_seq` is `monotonically_increasing_id()`, which follows file order within one file.
  public func loadRequestLog(path: String, into table: String) -> String? {
    let details = "STRUCT<text_tokens: BIGINT, image_tokens: BIGINT>"
    let usage = "STRUCT<input_tokens: BIGINT, input_tokens_details: \(details), output_tokens: BIGINT, output_tokens_details: \(details)>"
    let columns = UsageColumn.logKeys.map { key -> String in
      let type: String
      switch UsageColumn(rawValue: key)?.kind {
      case .text: type = "STRING"
      case .imageSizes: type = "ARRAY<STRUCT<width: BIGINT, height: BIGINT>>"
      case .tags: type = "MAP<STRING, STRING>"
      case .integer: type = "BIGINT"
      case nil: type = usage
      }
      return "\(quoteIdentifier(key)) \(type)"
    }
    let source = "\(table)_jsonl"
    return "CREATE OR REPLACE TEMPORARY VIEW \(source) (\(columns.joined(separator: ", ")))\nUSING json OPTIONS (path \(stringLiteral(path)));\n"
      + "CREATE OR REPLACE TEMPORARY VIEW \(table) AS\nSELECT "
      + flattenedUsageColumns(sequence: "monotonically_increasing_id()", member: { "\(quoteIdentifier($0)).\($1.joined(separator: "."))" })
      + "\nFROM \(source);"
  }
}
