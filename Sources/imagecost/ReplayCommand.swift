import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import Replay

struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Price logged usage (request logs, provider exports, mapped CSV): by usage where logged, else estimated; UNPRICED never $0.",
    discussion: "Each record is priced at its own day's rates; --price-date (or --date) prices all of them at one day's rates.")

  @OptionGroup var book: PriceBookOptions
  @OptionGroup var shape: ReplayReportOptions
  @OptionGroup var input: LogInputOptions

  @Argument(help: "Request logs (JSONL), OpenAI Costs/Usage exports (JSON), Azure cost exports or mapped CSV files.")
  var files: [String]

  @Option(help: "Monthly budget in USD for a burn-down of the latest month, e.g. 1500/month.")
  var budget: String?

  @Flag(help: "Exit non-zero when anything is unpriced.")
  var strict = false

  @Option(help: "Output format: table, md, csv, json, focus (FOCUS 1.2 cost CSV, one row per day × group × component) or html (a page).")
  var format: LogReportFormat = .table

  @OptionGroup var excel: ExcelOption
  @OptionGroup var focus: FocusAccountOptions

  @Option(help: "Threads parsing and pricing request logs (default: one per core).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func validate() throws {
    if files.isEmpty { throw ValidationError("Give at least one request-log file.") }
    if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    try excel.check(writesCSV: format.writesCSV)
    if format == .focus, !shape.whatIf.isEmpty {
      throw ValidationError("--format focus writes the logged costs; it cannot be combined with --what-if.")
    }
    if let budget, budgetAmount(budget) == nil {
      throw ValidationError("--budget '\(budget)' must be an amount per month such as 1500/month.")
    }
  }

  /// Actual-cost exports stay actual: aggregated in their billed currency, never repriced.
  func replayExports(_ kind: InputSource) throws {
    guard let format = format.shared else {
      throw ValidationError("--format \(self.format.rawValue) is for request logs; a cost export (\(kind.rawValue)) takes table, md, csv or json.")
    }
    if kind == .openAIUsageImages {
      var counts: [ImageUsageCount] = []
      for file in files { counts += try ExportReaders.openAIUsageImages(try TextFile.read(file), file: file) }
      let dimensions = shape.dimensionNames(allowed: ["day", "month", "model", "size"])
      let chosen = dimensions.isEmpty ? ["month", "model"] : dimensions
      let report = UsageRangeReport.price(counts, book: try book.load(), by: chosen)
      if report.overflowed { throw JobFailure(USD.overflowSentence) }
      Output.result(excel.apply(UsageRangeRenderer.render(report, dimensions: chosen, as: format)))
      return
    }
    let priceBook = try book.load()
    var lines: [ActualCostLine] = []
    for file in files {
      let text = try TextFile.read(file)
      lines +=
        kind == .openAICosts
        ? try ExportReaders.openAICosts(text, file: file, book: priceBook) : try ExportReaders.azureExport(text, file: file, book: priceBook)
    }
    let dimensions = shape.dimensionNames(allowed: ["day", "month", "model"])
    let report = ActualCostReport.aggregate(lines, source: kind.rawValue, dimensions: dimensions.isEmpty ? ["month", "model"] : dimensions)
    if report.overflowed { throw JobFailure(USD.overflowSentence) }
    Output.result(excel.apply(ActualCostRenderer.render(report, as: format)))
  }

  func budgetAmount(_ text: String) -> USD? {
    let parts = text.split(separator: "/")
    guard parts.count <= 2, parts.count == 1 || parts[1] == "month" else { return nil }
    return USD(decimal: String(parts[0]))
  }

  func run() throws {
    let kinds = try files.map(input.kind(of:))
    if Set(kinds).count > 1 {
      throw CLIError.unreadableFile(
        files.joined(separator: ", "),
        "the files are of different kinds (\(kinds.map(\.rawValue).joined(separator: ", "))); replay request logs and cost exports separately")
    }
    if let kind = kinds.first, kind != .requestLog, kind != .csv {
      try replayExports(kind)
      return
    }
    let priceBook = try book.load()
    try shape.checkScenarios(against: priceBook)
    var aggregator = ReplayAggregator(
      book: priceBook, dimensions: format == .focus ? shape.focusDimensions : shape.dimensions, priceDate: shape.pricingDay(book),
      whatIfs: shape.scenarios)
    let reader = RequestLogReader(skipBad: input.skipBad, deployments: input.deployments)
    var lines: Int64 = 0
    var skipped: Int64 = 0
    var notes: [String] = []
    var unknown: [String: Int64] = [:]
    var empty: [String] = []
    do {
      for file in files {
        if kinds.first == .csv, let columns = input.columns {
          var records = 0
          lines += Int64(
            try GenericCSVReader(map: columns).read(try TextFile.read(file), file: file) {
              aggregator.add($0)
              records += 1
            })
          if records == 0 { empty.append(file) }
          continue
        }
        var progress = ProgressLine(label: file)
        let summary = try reader.replay(path: file, into: &aggregator, workers: jobs) { progress.update($0) }
        progress.finish()
        lines += summary.lines
        skipped += summary.skipped
        if summary.records == 0 { empty.append(file) }
        notes += summary.firstSkipped.map { "skipped \($0.description)" }
        for (k, v) in summary.unknownFields { unknown[k, default: 0] += v }
      }
    } catch let error as RequestLogError {
      throw JobFailure("\(error.description)\n(use --skip-bad to skip malformed lines)")
    }
    var report = aggregator.report()
    if report.totals.overflowed { throw ReplayOverflow() }
    if let budget, let amount = budgetAmount(budget) { report.burnDown = BurnDown.compute(daily: report.daily, budget: amount) }
    report.linesRead = lines
    report.skipped = skipped
    report.warnings = notes + unknown.keys.sorted().map { "unknown field '\($0)' ignored on \(unknown[$0]!) line(s)" }
    if report.duplicates > 0 { report.warnings.append("\(report.duplicates) duplicate request id(s) counted once") }
    let nothingRead = empty.map { "\($0): no records read (the file is empty, or every line was skipped)" }
    report.warnings += nothingRead
    for warning in nothingRead { Output.diagnostic("warning: \(warning)") }
    try printReport(report, book: priceBook, format: format, excel: excel, focus: focus)
    if strict, !nothingRead.isEmpty {
      throw JobFailure("\(empty.count) file(s) gave no records (--strict).")
    }
    if strict, (report.totals.byBasis[.unpriced] ?? 0) > 0 {
      throw JobFailure("\(report.totals.byBasis[.unpriced]!) request(s) are unpriced (--strict).")
    }
  }
}
