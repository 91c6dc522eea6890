import ArgumentParser
import CostCore
import CostReports
import Foundation
import Ledger

struct LedgerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "Inspect the ledger: what it holds, and whether it is intact.",
    subcommands: [Status.self, Check.self])

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sources and imports, row counts, date ranges, pricing coverage by basis, size and schema version.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
      if format == .csv || format == .md { throw ValidationError("--format must be table or json for ledger status.") }
    }

    func run() throws {
      let status = try ledger.openForReading().status()
      Output.result(format == .json ? Status.json(status) : Status.text(status))
    }

    static func range(_ days: ClosedRange<CivilDate>?) -> String { days.map { "\($0.lowerBound) – \($0.upperBound)" } ?? "none" }

    static func text(_ s: LedgerStatus) -> String {
      var out = "Ledger \(s.path)\n"
      out += "  schema version \(s.schemaVersion), \(FixedPoint.grouped(s.bytes)) bytes\n"
      out += "  usage records: \(FixedPoint.grouped(s.usageRecords)) (\(range(s.usageDays))), \(FixedPoint.grouped(s.reportKeys)) report keys\n"
      out += "  actual-cost lines: \(FixedPoint.grouped(s.actualCostLines)) (\(range(s.actualCostDays)))\n"
      out += "  live runs: \(FixedPoint.grouped(s.liveRuns)), live calls: \(FixedPoint.grouped(s.liveCalls))\n"
      var table = TextTable(
        headers: ["#", "File", "Kind", "State", "Imported", "Lines", "New", "Present", "Skipped", "SHA-256"],
        alignments: [.right, .left, .left, .left, .left, .right, .right, .right, .right, .left])
      for i in s.imports {
        table.rows.append([
          String(i.id), i.file, i.kind, i.state, i.startedAt, FixedPoint.grouped(i.lines), FixedPoint.grouped(i.newRows),
          FixedPoint.grouped(i.presentRows),
          FixedPoint.grouped(i.skipped), String(i.sha256.prefix(12)),
        ])
      }
      out += "\nImports:\n" + (s.imports.isEmpty ? "  none\n" : table.renderPlain())
      if !s.coverage.isEmpty {
        out += "\nPriced roll-ups (coverage by basis):\n"
        for c in s.coverage {
          let basis = ReplayBasis.allCases.map { "\($0.rawValue) \(FixedPoint.grouped(c.byBasis[$0] ?? 0))" }.joined(separator: ", ")
          out +=
            "  price book \(c.priceBookFingerprint.prefix(16)): \(c.importsCovered) import(s), \(FixedPoint.grouped(c.requests)) requests — \(basis); "
          out += "\(c.cost.roundedToCents.display)\n"
        }
      }
      return out
    }

    static func json(_ s: LedgerStatus) -> String {
      func days(_ r: ClosedRange<CivilDate>?) -> JSONValue {
        r.map { .object([("first", .string($0.lowerBound.description)), ("last", .string($0.upperBound.description))]) } ?? .null
      }
      return JSONValue.object([
        ("schema", .string("imagecost.ledger-status/1")),
        ("path", .string(s.path)), ("schema_version", .int(s.schemaVersion)), ("bytes", .int(s.bytes)),
        (
          "rows",
          .object([
            ("usage_records", .int(s.usageRecords)), ("report_keys", .int(s.reportKeys)), ("actual_cost_lines", .int(s.actualCostLines)),
            ("live_runs", .int(s.liveRuns)), ("live_calls", .int(s.liveCalls)),
          ])
        ),
        ("usage_days", days(s.usageDays)), ("actual_cost_days", days(s.actualCostDays)),
        (
          "imports",
          .array(
            s.imports.map { i in
              .object([
                ("id", .int(i.id)), ("file", .string(i.file)), ("kind", .string(i.kind)), ("state", .string(i.state)),
                ("started_at", .string(i.startedAt)),
                ("size", .int(i.size)), ("sha256", .string(i.sha256)), ("lines", .int(i.lines)), ("new", .int(i.newRows)),
                ("present", .int(i.presentRows)),
                ("skipped", .int(i.skipped)), ("notes", .array(i.notes.map(JSONValue.string))), ("price_book", .optional(i.priceBookFingerprint)),
              ])
            })
        ),
        (
          "coverage",
          .array(
            s.coverage.map { c in
              .object([
                ("price_book", .string(c.priceBookFingerprint)), ("imports", .int(c.importsCovered)), ("requests", .int(c.requests)),
                ("by_basis", .object(ReplayBasis.allCases.map { ($0.rawValue, .int(c.byBasis[$0] ?? 0)) })),
                ("cost_usd", .string(c.cost.decimalString)),
              ])
            })
        ),
      ]).rendered()
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check integrity (SQLite integrity_check), schema version and orphan rows; exit 1 on any problem.")

    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let path = ledger.resolvedPath()
      let result = Ledger.check(path: path)
      for note in result.notes { Output.result("note: \(note)\n") }
      if result.passed {
        Output.result("\(path): OK — integrity, schema version \(LedgerSchema.version) and references checked.\n")
      } else {
        for problem in result.problems { Output.diagnostic("problem: \(problem)") }
        throw JobFailure("\(path) failed the check with \(result.problems.count) problem(s).")
      }
    }
  }
}
