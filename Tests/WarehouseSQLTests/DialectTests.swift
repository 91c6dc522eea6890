import CostCore
import Testing

@testable import WarehouseSQL

/// Each dialect's pieces are the engine's own, written from its documentation: integer division that truncates
/// (Snowflake's `/` rounds, so it divides the remainder-free dividend), the DECIMAL(38,9) type, dates, literals,
/// identifiers, arrays and whether it can read a local file.
@Suite struct DialectTests {
  struct Expected: Sendable {
    let dialect: SQLDialectName
    let integerDivision: String
    let remainder: String
    let decimalType: String
    let dateFromText: String
    let dateFromSeconds: String
    let literal: String
    let identifier: String
    let arrayLength: String
    let readsLocalFiles: Bool
  }

  static let table: [Expected] = [
    Expected(
      dialect: .duckdb, integerDivision: "(a) // (b)", remainder: "(a) % (b)", decimalType: "DECIMAL(38,9)",
      dateFromText: "TRY_CAST(SUBSTR(t, 1, 10) AS DATE)", dateFromSeconds: "DATE '1970-01-01' + CAST((s) // (86400) AS INTEGER)",
      literal: #"'it''s C:\x'"#, identifier: #""time""#, arrayLength: "COALESCE(len(xs), 0)", readsLocalFiles: true),
    Expected(
      dialect: .spark, integerDivision: "(a) DIV (b)", remainder: "(a) % (b)", decimalType: "DECIMAL(38,9)",
      dateFromText: "TRY_CAST(SUBSTR(t, 1, 10) AS DATE)", dateFromSeconds: "DATE_ADD(DATE '1970-01-01', CAST((s) DIV (86400) AS INT))",
      literal: #"'it\'s C:\\x'"#, identifier: "`time`", arrayLength: "CASE WHEN xs IS NULL THEN 0 ELSE SIZE(xs) END", readsLocalFiles: true),
    Expected(
      dialect: .bigquery, integerDivision: "DIV(a, b)", remainder: "MOD(a, b)", decimalType: "NUMERIC",
      dateFromText: "SAFE.PARSE_DATE('%Y-%m-%d', SUBSTR(t, 1, 10))", dateFromSeconds: "DATE_ADD(DATE '1970-01-01', INTERVAL DIV(s, 86400) DAY)",
      literal: #"'it\'s C:\\x'"#, identifier: "`time`", arrayLength: "COALESCE(ARRAY_LENGTH(xs), 0)", readsLocalFiles: false),
    Expected(
      dialect: .snowflake, integerDivision: "CAST(((a) - MOD(a, b)) / (b) AS NUMBER(38,0))", remainder: "MOD(a, b)", decimalType: "NUMBER(38,9)",
      dateFromText: "TRY_TO_DATE(SUBSTR(t, 1, 10), 'YYYY-MM-DD')",
      dateFromSeconds: "DATEADD(day, CAST(((s) - MOD(s, 86400)) / (86400) AS NUMBER(38,0)), DATE '1970-01-01')",
      literal: #"'it''s C:\\x'"#, identifier: #""TIME""#, arrayLength: "COALESCE(ARRAY_SIZE(xs), 0)", readsLocalFiles: false),
  ]

  @Test(arguments: table)
  func piecesAreTheEnginesOwn(_ e: Expected) {
    let d = e.dialect.dialect
    #expect(d.name == e.dialect.rawValue)
    #expect(d.integerDivision("a", "b") == e.integerDivision)
    #expect(d.remainder("a", "b") == e.remainder)
    #expect(d.decimalType == e.decimalType)
    #expect(d.dateFromTimestampText("t") == e.dateFromText)
    #expect(d.dateFromUnixSeconds("s") == e.dateFromSeconds)
    #expect(d.stringLiteral(#"it's C:\x"#) == e.literal)
    #expect(d.quoteIdentifier("time") == e.identifier)
    #expect(d.arrayLength("xs") == e.arrayLength)
    #expect((d.loadRequestLog(path: "log.jsonl", into: "image_requests") != nil) == e.readsLocalFiles)
  }

  /// Snowflake's integer division never uses a bare `/` on a dividend that may have a remainder.
  @Test func snowflakeTruncatesExplicitly() {
    let division = SnowflakeDialect().integerDivision("x * 7", "1000000")
    #expect(division.contains("((x * 7) - MOD(x * 7, 1000000)) / (1000000)"))
  }

  @Test func halfEvenAdjustmentRoundsTiesToEven() {
    let text = DuckDBDialect().halfEvenAdjust(quotient: "q", remainder: "r", block: "b")
    #expect(text == "q + CASE WHEN 2 * r > b OR (2 * r = b AND (q) % (2) = 1) THEN 1 ELSE 0 END")
  }

  @Test func loadersFlattenUsageIntoTheContractColumns() throws {
    let duck = try #require(DuckDBDialect().loadRequestLog(path: "logs/it's.jsonl", into: "image_requests"))
    #expect(duck.contains("read_json('logs/it''s.jsonl', format = 'newline_delimited', columns = {"))
    #expect(duck.contains(#""usage".input_tokens_details.text_tokens AS usage_input_text_tokens"#))
    #expect(duck.contains(#""input_images": 'STRUCT(width BIGINT, height BIGINT)[]'"#))
    #expect(duck.contains("row_number() OVER () AS log_seq"))
    let spark = try #require(SparkDialect().loadRequestLog(path: "/data/log.jsonl", into: "image_requests"))
    #expect(spark.contains("USING json OPTIONS (path '/data/log.jsonl')"))
    #expect(spark.contains("monotonically_increasing_id() AS log_seq"))
    #expect(spark.contains("`usage`.output_tokens_details.image_tokens AS usage_output_image_tokens"))
    for column in UsageColumn.allCases where column != .logSeq {
      #expect(duck.contains(column.rawValue) && spark.contains(column.rawValue), "\(column.rawValue) is not loaded")
    }
  }

  @Test(arguments: [
    ("image_requests", true), ("logs.image_requests", true), ("proj.logs.requests_2026", true), ("_t", true), ("1table", false),
    ("a-b", false), ("a..b", false), ("a;DROP", false), ("", false), ("a.b.c.d", false),
  ])
  func tableNames(_ name: String, _ valid: Bool) {
    #expect(WarehouseScript.isTableName(name) == valid)
  }

  /// `--from-jsonl` needs an engine that reads local files; an unsafe table name is refused before anything is written.
  @Test func problemsAreOneSentence() {
    let book = PriceBook()
    let bigquery = WarehouseScript(book: book, dialect: BigQueryDialect(), requestLog: "log.jsonl").problem
    #expect(
      bigquery == "--from-jsonl works with --dialect duckdb or spark; bigquery cannot read a local file (load the log into image_requests first).")
    #expect(WarehouseScript(book: book, dialect: DuckDBDialect(), table: "x;y").problem?.hasPrefix("--table x;y is not a table name") == true)
    #expect(WarehouseScript(book: book, dialect: SparkDialect(), requestLog: "log.jsonl").problem == nil)
  }
}
