import ArgumentParser
import CostCore
import CostIO
import CostReports
import Ledger

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Report on the ledger: the same report (and formats) as replay, over any stored period.",
    discussion: """
      --since and --until are a half-open range of days (the --until day is excluded). Each record is priced at its \
      own day's rates from the priced roll-ups; --price-date or --what-if reprice every matching record.
      """)

  @OptionGroup var ledger: LedgerOptions
  @OptionGroup var book: PriceBookOptions
  @OptionGroup var shape: ReplayReportOptions

  @Option(help: "First day included, YYYY-MM-DD.")
  var since: String?

  @Option(help: "First day excluded, YYYY-MM-DD.")
  var until: String?

  @Option(help: "Only these models (repeatable).")
  var model: [String] = []

  @Option(help: "Only these providers (repeatable).")
  var provider: [String] = []

  @Option(help: "Only these deployment types, e.g. global (repeatable).")
  var deployment: [String] = []

  @Option(help: "Only records with this tag, KEY=VALUE (repeatable; all must match).")
  var tag: [String] = []

  @Flag(help: "Report the stored provider cost-export lines (actual, as billed) instead of the priced requests.")
  var actual = false

  @Flag(help: "Exit non-zero when anything is unpriced.")
  var strict = false

  @Option(help: "Output format: table, md, csv, json, focus (FOCUS 1.2 cost CSV, one row per day × group × component) or html (a page).")
  var format: LogReportFormat = .table

  @OptionGroup var excel: ExcelOption
  @OptionGroup var focus: FocusAccountOptions

  func validate() throws {
    for (flag, value) in [("--since", since), ("--until", until)] {
      if let value, CivilDate(value) == nil { throw ValidationError("\(flag) '\(value)' is not a date written YYYY-MM-DD.") }
    }
    if let since, let until, let a = CivilDate(since), let b = CivilDate(until), a >= b {
      throw ValidationError("--since \(since) must be before --until \(until) (the range is half-open: --until is excluded).")
    }
    for entry in tag where entry.split(separator: "=", maxSplits: 1).count != 2 {
      throw ValidationError("--tag '\(entry)' must be KEY=VALUE, e.g. project=spring.")
    }
    try excel.check(writesCSV: format.writesCSV)
    if format == .focus, actual || !shape.whatIf.isEmpty {
      throw ValidationError("--format focus writes the priced requests' costs; it cannot be combined with --actual or --what-if.")
    }
    if actual, format == .html { throw ValidationError("--format html pages priced requests; with --actual use table, md, csv or json.") }
    if actual, !shape.whatIf.isEmpty || shape.priceDate != nil {
      throw ValidationError("--actual reports costs as billed; it cannot be combined with --what-if or --price-date.")
    }
  }

  func run() throws {
    let store = try ledger.openExisting()
    if actual {
      let lines = try store.actualCostLines(since: since.flatMap(CivilDate.init), until: until.flatMap(CivilDate.init), models: model)
      let dimensions = shape.dimensionNames(allowed: ["day", "month", "model"])
      let report = ActualCostReport.aggregate(lines, source: "ledger", dimensions: dimensions.isEmpty ? ["month", "model"] : dimensions)
      if report.overflowed { throw JobFailure(USD.overflowSentence) }
      Output.result(excel.apply(ActualCostRenderer.render(report, as: format.shared ?? .csv)))
      return
    }
    let tags = Dictionary(
      tag.map { entry -> (String, String) in
        let kv = entry.split(separator: "=", maxSplits: 1).map(String.init)
        return (kv[0], kv[1])
      }, uniquingKeysWith: { _, last in last })
    let query = LedgerQuery(
      dimensions: format == .focus ? shape.focusDimensions : shape.dimensions, since: since.flatMap(CivilDate.init),
      until: until.flatMap(CivilDate.init), priceDate: shape.pricingDay(book), whatIfs: shape.scenarios,
      models: model, providers: provider, deploymentTypes: deployment, tags: tags)
    let priceBook = try book.load()
    try shape.checkScenarios(against: priceBook)
    var report = try store.report(query, book: priceBook)
    // What this is: a report of the ledger, over which days, from which imported files.
    let status = try store.status()
    report.title = "Report of the ledger \(ledger.resolvedPath())"
    let first = since.flatMap(CivilDate.init).map { max($0, status.usageDays?.lowerBound ?? $0) } ?? status.usageDays?.lowerBound
    let last =
      until.flatMap(CivilDate.init).map { $0.adding(days: -1) }.map { min($0, status.usageDays?.upperBound ?? $0) } ?? status.usageDays?.upperBound
    if let first, let last {
      report.period = "\(first) to \(last)" + (since == nil && until == nil ? " (every stored day)" : "")
    } else {
      report.period = "no stored records"
    }
    var seen = Set<String>()
    report.sources = status.imports.filter { $0.kind != "openai-costs" && $0.kind != "azure-export" && $0.newRows > 0 }.map(\.file).filter {
      seen.insert($0).inserted
    }
    if report.totals.overflowed { throw ReplayOverflow() }
    if report.totals.requests == 0 {
      let warning = "\(ledger.resolvedPath()): no records in the ledger for this period and filter"
      report.warnings.append(warning)
      Output.diagnostic("warning: \(warning)")
      if strict {
        try printReport(report, book: priceBook, format: format, excel: excel, focus: focus)
        throw JobFailure("no records to report (--strict).")
      }
    }
    try printReport(report, book: priceBook, format: format, excel: excel, focus: focus)
    if strict, (report.totals.byBasis[.unpriced] ?? 0) > 0 {
      throw JobFailure("\(report.totals.byBasis[.unpriced]!) request(s) are unpriced (--strict).")
    }
  }
}
