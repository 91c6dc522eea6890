import Foundation
import TestSupport
import Testing

/// `imagecost sql` through the built binary: golden scripts for every dialect, and usage errors (exit 64, one sentence).
@Suite struct SQLCommandTests {
  static let golden = ImagecostBinary.root.appendingPathComponent("Tests/WarehouseSQLTests/Golden")

  @Test(arguments: [
    ("duckdb", [String](), "duckdb.sql"), ("spark", [], "spark.sql"), ("bigquery", ["--table", "logs.image_requests"], "bigquery.sql"),
    ("snowflake", ["--date", "2026-11-01"], "snowflake.sql"),
  ])
  func goldenScript(_ dialect: String, _ options: [String], _ file: String) throws {
    let run = try ImagecostBinary.run(["sql", "--dialect", dialect] + options, today: "2026-11-24")
    #expect(run.status == 0, "\(run.stderr)")
    let expected = try GoldenFile.expected(run.stdout, at: Self.golden.appendingPathComponent(file))
    #expect(run.stdout == expected, "imagecost sql --dialect \(dialect) \(options.joined(separator: " ")) differs from Golden/\(file)")
  }

  /// Every object the README promises, in each dialect, and nothing written for a usage error.
  @Test(arguments: ["duckdb", "spark", "bigquery", "snowflake"])
  func definesEveryObject(_ dialect: String) throws {
    let run = try ImagecostBinary.run(["sql", "--dialect", dialect], today: "2026-11-24")
    for object in [
      "imagecost_rates", "imagecost_models", "imagecost_model_names", "imagecost_output_tokens", "imagecost_output_formulas",
      "imagecost_input_image_rules",
      "imagecost_text_output_estimates", "imagecost_token_constants", "imagecost_priced", "imagecost_daily",
    ] {
      #expect(run.stdout.contains("CREATE OR REPLACE") && run.stdout.contains(" \(object) AS\n"), "\(dialect) does not define \(object)")
    }
    // No CTE is read twice: each stage name appears once after FROM/JOIN.
    for stage in ["numbered", "logged", "resolved", "checked", "quantities", "rated", "divided"] {
      let reads = run.stdout.components(separatedBy: "FROM \(stage) ").count - 1 + run.stdout.components(separatedBy: "JOIN \(stage) ").count - 1
      #expect(reads == 1, "\(dialect): the CTE \(stage) is read \(reads) times")
    }
    #expect(!run.stdout.contains("UNION"), "components are expanded with one join, not unions")
    // Comments hold no quote or semicolon, which naive statement splitters (spark-sql, bq, snowsql) would misread.
    for line in run.stdout.split(separator: "\n") where line.hasPrefix("--") {
      #expect(!line.contains("'") && !line.contains(";"), "\(dialect): \(line)")
    }
  }

  @Test(arguments: [
    (["--dialect", "oracle"], "oracle"), (["--dialect", "duckdb", "--date", "2026-13-01"], "--date '2026-13-01' is not a date"),
    (["--dialect", "bigquery", "--from-jsonl", "x.jsonl"], "--from-jsonl works with --dialect duckdb or spark; bigquery cannot read a local file"),
    (["--dialect", "snowflake", "--from-jsonl", "x.jsonl"], "snowflake cannot read a local file"),
    (["--dialect", "duckdb", "--table", "logs; DROP TABLE x"], "--table logs; DROP TABLE x is not a table name"), ([], "--dialect"),
  ])
  func usageErrors(_ arguments: [String], _ sentence: String) throws {
    let run = try ImagecostBinary.run(["sql"] + arguments, today: "2026-11-24")
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains(sentence), "stderr: \(run.stderr)")
  }
}
