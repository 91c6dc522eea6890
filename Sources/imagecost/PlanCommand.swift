import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation

struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Simulate a planned workload month by month, compare candidates, check the budget.",
    discussion: "Each month is priced at the rates effective on its first day; nothing is written to --out if the plan fails.")

  @OptionGroup var book: PriceBookOptions

  @Argument(help: "Plan file (YAML).")
  var file: String

  @Option(help: "Comma-separated formats: table, md, csv, json, html, focus (FOCUS cost CSV) (default table; with --out, md,csv,html,json).")
  var format: String?

  @Option(help: "Monte Carlo trials over the uncertain inputs (0 = point estimate only).")
  var trials: Int = 0

  @Option(help: "Seed for the trials; the same seed gives the same ranges.")
  var seed: UInt64 = 1

  @Option(help: "Also show figures in this currency (ISO code, e.g. JPY); needs --fx-rate.")
  var currency: String?

  @Option(name: .customLong("fx-rate"), help: "Units of --currency per 1 USD, e.g. 152.30 (no network look-up).")
  var fxRate: String?

  @Option(name: .customLong("fx-date"), help: "The day the --fx-rate applies to, YYYY-MM-DD (shown with every converted figure).")
  var fxDate: String?

  @Option(help: "Write plan.<ext> files for each format into this directory instead of printing.")
  var out: String?

  @OptionGroup var excel: ExcelOption
  @OptionGroup var focus: FocusAccountOptions

  /// The plan's formats: the shared ones plus the self-contained HTML report.
  enum PlanFormat: Equatable {
    case shared(OutputFormat)
    case html
    case focus

    var fileExtension: String {
      switch self {
      case .html: return "html"
      case .focus: return "focus.csv"
      case .shared(.table): return "txt"
      case .shared(let format): return format.rawValue
      }
    }

    var writesCSV: Bool { self == .focus || self == .shared(.csv) }

    func render(_ report: PlanReport, color: Bool, account: FocusAccount) -> String {
      switch self {
      case .html: return PlanRenderer.html(report)
      case .focus: return FocusRenderer.render(report, account: account)
      case .shared(let format): return PlanRenderer.render(report, as: format, color: color)
      }
    }
  }

  @Flag(
    name: .customLong("fail-on-over"),
    help: "Exit with status 3 when a budget period of the plan as written is over its budget (with --trials: at --fail-percentile).")
  var failOnOver = false

  @Option(name: .customLong("fail-percentile"), help: "With --trials, the percentile of each period's cost that --fail-on-over compares (1–99).")
  var failPercentile: Int = 90

  @Flag(help: "With --format md: a short summary for a pull-request comment (at most 65,536 characters).")
  var compact = false

  @Option(help: "With --compact: a plan JSON (plan --format json) to list the biggest changes against.")
  var baseline: String?

  func formats() throws -> [PlanFormat] {
    guard let format else { return out == nil ? [.shared(.table)] : [.shared(.md), .shared(.csv), .html, .shared(.json)] }
    return try format.split(separator: ",").map { name in
      if name == "html" { return .html }
      if name == "focus" { return .focus }
      guard let f = OutputFormat(rawValue: String(name)) else {
        throw ValidationError("--format '\(name)' is not one of table, md, csv, json, html, focus.")
      }
      return .shared(f)
    }
  }

  func validate() throws {
    let chosen = try formats()
    if out == nil, chosen.count > 1 { throw ValidationError("Several formats need --out DIR.") }
    try excel.check(writesCSV: chosen.contains(where: \.writesCSV))
    if (currency == nil) != (fxRate == nil) { throw ValidationError("--currency and --fx-rate go together.") }
    if let currency, let fxRate, CurrencyConversion(code: currency, rate: fxRate, date: nil) == nil {
      throw ValidationError("--currency must be three capital letters (e.g. JPY) and --fx-rate a positive decimal with at most 6 decimals.")
    }
    if let fxDate, CivilDate(fxDate) == nil { throw ValidationError("--fx-date '\(fxDate)' is not a date written YYYY-MM-DD.") }
    if trials < 0 || trials > 10_000_000 { throw ValidationError("--trials must be between 0 and 10,000,000, not \(trials).") }
    if !(1...99).contains(failPercentile) { throw ValidationError("--fail-percentile must be between 1 and 99, not \(failPercentile).") }
    if compact, chosen != [.shared(.md)] { throw ValidationError("--compact needs --format md (and no other format).") }
    if baseline != nil, !compact { throw ValidationError("--baseline goes with --format md --compact.") }
  }

  func run() throws {
    let priceBook = try book.load()
    let plan = try PlanLoader.load(path: file, book: priceBook, inputs: .files)
    var options = PlanRunOptions(
      trials: trials, seed: seed,
      currency: currency.flatMap { code in fxRate.flatMap { CurrencyConversion(code: code, rate: $0, date: fxDate.flatMap(CivilDate.init)) } },
      priceDate: book.date.flatMap(CivilDate.init))
    options.failPercentile = failPercentile
    if failOnOver, plan.budget == nil { throw ValidationError("--fail-on-over needs a budget in the plan (budget: {amount, period}).") }
    let report = try PlanSimulator(book: priceBook).run(plan, options: options)
    // Render everything first, so a failure leaves --out untouched.
    let color = out == nil && Terminal.colorOnStdout
    var rendered = try formats().map { format in
      (
        format,
        format.writesCSV
          ? excel.apply(format.render(report, color: color, account: focus.account)) : format.render(report, color: color, account: focus.account)
      )
    }
    if compact {
      let old = try baseline.map { path -> DiffDocument in
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.unreadableFile(path, "the baseline cannot be read") }
        return try DiffDocument.decode(data, path: path)
      }
      rendered = [
        (
          .shared(.md),
          PlanRenderer.compactMarkdown(report, baseline: old, baselineName: baseline.map { ($0 as NSString).lastPathComponent } ?? "baseline")
        )
      ]
    }
    guard let out else {
      Output.result(rendered.map(\.1).joined(separator: "\n"))
      try gate(report)
      return
    }
    // In files, the plan CSV's two tables go apart: plan.csv (lines) and, with trials, plan-ranges.csv.
    let files = rendered.flatMap { format, text -> [(String, String)] in
      guard format == .shared(.csv), let ranges = PlanRenderer.rangesCSV(report) else { return [("plan." + format.fileExtension, text)] }
      return [("plan.csv", excel.apply(PlanRenderer.lineCSV(report))), ("plan-ranges.csv", excel.apply(ranges))]
    }
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      for (name, text) in files {
        try Data(text.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name), options: .atomic)
        Output.diagnostic("wrote \(out)/\(name)")
      }
    } catch {
      throw CLIError.unreadableFile(out, "cannot write the report there (\(error.localizedDescription))")
    }
    try gate(report)
  }

  /// `--fail-on-over`: exit 3 when a budget period of the plan as written is over its budget.
  func gate(_ report: PlanReport) throws {
    guard failOnOver, let gate = report.budgetGate, gate.tripped else { return }
    throw GateTripped(gate.sentence(periods: report.budget?.windows.count ?? 0))
  }
}
