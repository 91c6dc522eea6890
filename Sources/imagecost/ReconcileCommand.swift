import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger

struct ReconcileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reconcile",
    abstract: "Predicted against actual for a live run (per call, per group, per token component), or a provider export against the journal.",
    discussion: """
      --run compares each call's prediction with the usage the API reported, flags calls off by more than \
      --tolerance, and attributes the gap to named causes (text-token overhead, input-image formula, output \
      table, partial images, text output tokens, failed-but-billed calls, unpriced, price change). --actuals \
      matches an OpenAI Costs API or Azure Cost Management export with the journal per day × model.
      """)

  @OptionGroup var book: PriceBookOptions

  @Option(name: .customLong("run"), help: "The run to reconcile: last or a run id.")
  var runSelector: String?

  @Option(help: "A provider cost export (OpenAI Costs API JSON or Azure Cost Management CSV) to compare with the journal.")
  var actuals: String?

  @Option(help: "With --actuals: the first day compared, YYYY-MM-DD.")
  var since: String?

  @Option(help: "With --actuals: the last day compared (default: no end).")
  var until: String?

  /// The ledger holding the live-call journal (`--db`).
  @OptionGroup var ledger: LedgerOptions

  @Option(help: "Calls off by more than this percentage are flagged.")
  var tolerance: String = "5"

  @Option(help: "Output format: table, md, csv, json or html (a self-contained page; --run only).")
  var format: ReportFormat = .table

  @OptionGroup var excel: ExcelOption

  var toleranceBasisPoints: Int64? {
    guard let value = DecimalText(tolerance), value.scale <= 2, let scaled = value.scaled(to: 2) else { return nil }
    return scaled
  }

  func validate() throws {
    try excel.check(writesCSV: format == .csv)
    if runSelector == nil, actuals == nil { throw ValidationError("Give --run last|ID, or --actuals FILE --since DATE.") }
    if actuals != nil, since == nil { throw ValidationError("--actuals needs --since DATE (the first day to compare).") }
    if let since, CivilDate(since) == nil { throw ValidationError("--since '\(since)' is not a date written YYYY-MM-DD.") }
    if let until, CivilDate(until) == nil { throw ValidationError("--until '\(until)' is not a date written YYYY-MM-DD.") }
    if toleranceBasisPoints == nil { throw ValidationError("--tolerance '\(tolerance)' must be a percentage such as 5 or 2.5.") }
    if actuals != nil, format == .html {
      throw ValidationError("--format html is for a run's reconciliation (--run); use md, csv or json with --actuals.")
    }
  }

  func run() throws {
    let priceBook = try book.load()
    let path = ledger.resolvedPath()
    // A command that only reads never creates the ledger.
    guard FileManager.default.fileExists(atPath: path) else { throw LiveCommandError.emptyJournal(path) }
    let journal = try ledger.openForReading().callJournal
    let reconciler = Reconciler(book: priceBook)
    if let actuals, let since = since.flatMap(CivilDate.init) {
      let text = try TextFile.read(actuals)
      let lines: [ActualCostLine]
      switch InputSource.detect(String(text.prefix(4096))) {
      case .openAICosts: lines = try ExportReaders.openAICosts(text, file: actuals, book: priceBook)
      case .azureExport: lines = try ExportReaders.azureExport(text, file: actuals, book: priceBook)
      default: throw CLIError.unreadableFile(actuals, "it is neither an OpenAI Costs API export nor an Azure Cost Management export")
      }
      let entries: [JournalEntry]
      if let runSelector, runSelector != "all" {
        let runID = runSelector == "last" ? try journal.lastRun()?.runID : runSelector
        entries = try runID.map { try journal.calls(run: $0) } ?? []
      } else {
        entries = try journal.allCalls()
      }
      let inputs = entries.compactMap { $0.reconcileInput(fallbackDay: since) }
      let report = reconciler.reconcile(exports: lines, calls: inputs, since: since, until: until.flatMap(CivilDate.init))
      Output.result(excel.apply(LiveRenderer.exportReconciliation(report, as: format.shared ?? .table)))
      return
    }
    let runInfo = try selectRun(journal)
    let priceDate = CivilDate(runInfo.priceDate) ?? book.pricingDate()
    let entries = try journal.calls(run: runInfo.runID)
    let inputs = entries.compactMap { $0.reconcileInput(fallbackDay: priceDate) }
    let report = reconciler.reconcile(runID: runInfo.runID, calls: inputs, priceDate: priceDate, toleranceBasisPoints: toleranceBasisPoints ?? 500)
    Output.result(excel.apply(format.shared.map { LiveRenderer.reconciliation(report, as: $0) } ?? LiveRenderer.reconciliationHTML(report)))
    let pending = entries.filter { $0.outcome == nil }.count
    if pending > 0 {
      Output.diagnostic("warning: \(pending) call\(pending == 1 ? " is" : "s are") still pending in the journal (see imagecost live status).")
    }
  }

  /// The run `--run` names: `last` (the most recently started) or a run id.
  private func selectRun(_ journal: LedgerCallJournal) throws -> RunInfo {
    guard let last = try journal.lastRun() else { throw LiveCommandError.emptyJournal(journal.path) }
    guard let runSelector, runSelector != "last" else { return last }
    guard let match = try journal.run(id: runSelector) else { throw LiveCommandError.unknownRun(runSelector, journal.path) }
    return match
  }
}
