import CostCore

/// What differs between the SQL engines `imagecost sql` writes for: types, literals, integer arithmetic,
/// dates, arrays and how objects are created. Everything else in the script is written once.
///
/// Every function takes and returns SQL text; arguments are expressions (already quoted where needed).
public protocol SQLDialect: Sendable {
  /// `duckdb`, `spark`, `bigquery` or `snowflake`.
  var name: String { get }

  /// Types: a 64-bit integer, an integer wide enough for quantity × nano-dollar price (up to 10^28),
  /// text, a date, the exact money type `DECIMAL(38,9)` and a boolean.
  var integerType: String { get }
  var wideIntegerType: String { get }
  var textType: String { get }
  var dateType: String { get }
  var decimalType: String { get }
  var booleanType: String { get }

  /// A string constant, escaped the way the engine reads it.
  func stringLiteral(_ text: String) -> String
  /// A date constant.
  func dateLiteral(_ date: CivilDate) -> String
  /// An exact decimal constant (`0.005`) for a DECIMAL(38,9) column of a constant relation.
  func decimalLiteral(_ text: String) -> String
  /// A column name of the usage table, quoted so that names such as `time` and `size` are never keywords.
  func quoteIdentifier(_ name: String) -> String

  /// Integer division of non-negative integers, truncating (never rounding).
  func integerDivision(_ dividend: String, _ divisor: String) -> String
  /// The remainder of non-negative integers.
  func remainder(_ dividend: String, _ divisor: String) -> String
  /// Whole nano-dollars (an integer expression) as an exact `DECIMAL(38,9)` of dollars.
  func decimalDollars(fromNanos nanos: String) -> String
  /// Text as a 64-bit integer, NULL when it is not one.
  func tryInteger(_ text: String) -> String
  /// The `index`-th (from 1) part of `text` split at `separator` (a constant), NULL or empty when absent.
  func splitPart(_ text: String, separator: String, index: Int) -> String

  /// The day of an ISO 8601 timestamp's text (its first ten characters), NULL when they are not a date.
  func dateFromTimestampText(_ text: String) -> String
  /// The UTC day of a count of Unix seconds.
  func dateFromUnixSeconds(_ seconds: String) -> String

  /// The number of elements of an array column (0 when NULL).
  func arrayLength(_ array: String) -> String
  /// The sum over an array of structs of `body(element)` (0 for an empty or NULL array); `body` reads fields
  /// with ``field(_:_:)``.
  func sumOverArray(_ array: String, _ body: (String) -> String) -> String
  /// A field of an array element inside ``sumOverArray(_:_:)``.
  func field(_ element: String, _ name: String) -> String

  /// A relation of typed constant rows: `columns` are (name, type) and each row's values are SQL constants.
  func valuesRelation(columns: [(name: String, type: String)], rows: [[String]]) -> String
  /// The statement that creates (or replaces) a table of the script's reference data.
  func createTable(_ name: String, as select: String) -> String
  /// The statement that creates (or replaces) a view.
  func createView(_ name: String, as select: String) -> String
  /// The statement that loads a request-log JSONL file into the usage table `table` (its columns as the
  /// contract says), or nil when the engine cannot read a local file.
  func loadRequestLog(path: String, into table: String) -> String?
}

extension SQLDialect {
  public var dateType: String { "DATE" }
  public func dateLiteral(_ date: CivilDate) -> String { "DATE '\(date)'" }
  /// Text, which the constant relation casts to the column's decimal type exactly.
  public func decimalLiteral(_ text: String) -> String { stringLiteral(text) }

  /// `CAST(expression AS type)`.
  public func cast(_ expression: String, as type: String) -> String { "CAST(\(expression) AS \(type))" }

  /// A typed NULL.
  public func null(_ type: String) -> String { "CAST(NULL AS \(type))" }

  /// `quantity × amount ÷ block` rounded half-even to a whole number (``Price/cost(of:)``'s rule), given the
  /// exact quotient `q` and remainder `r` of that division already computed: `q + 1` when `2r > block`, or
  /// when `2r = block` and `q` is odd.
  public func halfEvenAdjust(quotient q: String, remainder r: String, block: String) -> String {
    "\(q) + CASE WHEN 2 * \(r) > \(block) OR (2 * \(r) = \(block) AND \(remainder(q, "2")) = 1) THEN 1 ELSE 0 END"
  }
}

/// The engines `imagecost sql --dialect` accepts.
public enum SQLDialectName: String, CaseIterable, Sendable {
  case duckdb, spark, bigquery, snowflake

  public var dialect: any SQLDialect {
    switch self {
    case .duckdb: return DuckDBDialect()
    case .spark: return SparkDialect()
    case .bigquery: return BigQueryDialect()
    case .snowflake: return SnowflakeDialect()
    }
  }
}
