import ArgumentParser
import CostCore
import CostReports

/// `--excel`, for every command that writes CSV.
struct ExcelOption: ParsableArguments {
  @Flag(
    help: """
      CSV for Excel: a UTF-8 byte-order mark, and beside each numeric column with a value of more than 15 significant \
      digits a <column>_excel column rounded half-even to 15 digits, which Excel keeps exactly.
      """)
  var excel = false

  /// `--excel` needs CSV output: a usage error otherwise.
  func check(writesCSV: Bool) throws {
    if excel, !writesCSV { throw ValidationError("--excel applies to CSV output only (--format csv or focus).") }
  }

  /// `text` as printed: made for Excel when `--excel` was given.
  func apply(_ text: String) -> String { excel ? CSVWriter.excel(text) : text }
}

/// Who FOCUS rows are billed to (`--format focus`).
struct FocusAccountOptions: ParsableArguments {
  @Option(
    name: .customLong("billing-account"),
    help: "FOCUS BillingAccountId: your provider billing account (default: unassigned; a plan or log has none of its own).")
  var billingAccount: String?

  @Option(name: .customLong("billing-account-name"), help: "FOCUS BillingAccountName (default: empty, FOCUS's null).")
  var billingAccountName: String?

  var account: FocusAccount { FocusAccount(id: billingAccount, name: billingAccountName) }
}

/// `--format` of `replay` and `report`: the shared formats, or `focus` (a FOCUS 1.2 cost-and-usage CSV).
enum LogReportFormat: String, CaseIterable, ExpressibleByArgument {
  case table, md, csv, json, focus, html

  /// The shared format; nil for `focus` and `html`.
  var shared: OutputFormat? { OutputFormat(rawValue: rawValue) }
  var writesCSV: Bool { self == .csv || self == .focus }
}

/// Prints a replay or ledger report in `format`; FOCUS rows leave out unpriced requests (FOCUS costs cannot be
/// null), so their count and anything whose rate was not found again are said on stderr.
func printReport(_ report: ReplayReport, book: PriceBook, format: LogReportFormat, excel: ExcelOption, focus: FocusAccountOptions) throws {
  if format == .html {
    Output.result(ReplayRenderer.html(report))
    return
  }
  guard format == .focus else {
    Output.result(excel.apply(ReplayRenderer.render(report, as: format.shared ?? .table)))
    return
  }
  let (csv, problems) = FocusRenderer.render(report, book: book, account: focus.account)
  Output.result(excel.apply(csv))
  let unpriced = report.totals.unpricedRequests
  if unpriced > 0 {
    Output.diagnostic(
      "warning: \(FixedPoint.grouped(unpriced)) unpriced request(s) have no FOCUS row (a FOCUS cost cannot be null); "
        + "--format table lists them with the reason.")
  }
  for problem in problems { Output.diagnostic("warning: \(problem)") }
}
