import ArgumentParser
import CostCore

/// How `replay` and `report` shape the replay report: grouping, repricing day and what-if scenarios.
struct ReplayReportOptions: ParsableArguments {
  @Option(help: "Group by: day, week, month, model, quality, size, operation, provider, deployment, tag:KEY (comma-separated).")
  var by: String = "model,quality,size"

  @Option(name: .customLong("price-date"), help: "Price every record at this day's rates instead of its own (YYYY-MM-DD).")
  var priceDate: String?

  @Option(name: .customLong("what-if"), help: "Reprice the same requests with overrides, e.g. model=gpt-image-1-mini,quality=medium (repeatable).")
  var whatIf: [String] = []

  func validate() throws {
    for name in by.split(separator: ",") where ReplayDimension(String(name)) == nil {
      throw ValidationError("--by '\(name)' is not one of day, week, month, model, quality, size, operation, provider, deployment, tag:KEY.")
    }
    if let priceDate, CivilDate(priceDate) == nil { throw ValidationError("--price-date '\(priceDate)' is not a date written YYYY-MM-DD.") }
    for scenario in whatIf where WhatIf(scenario) == nil {
      throw ValidationError("--what-if '\(scenario)' must be KEY=VALUE pairs joined by commas, keys from \(WhatIf.keys.joined(separator: ", ")).")
    }
  }

  var dimensions: [ReplayDimension] { by.split(separator: ",").compactMap { ReplayDimension(String($0)) } }

  /// The groups of `--format focus`: day × provider × deployment type × region × model × quality × size × operation,
  /// and any `tag:KEY` of `--by` (written to FOCUS's Tags); the other `--by` names do not apply.
  var focusDimensions: [ReplayDimension] {
    [.day, .provider, .deployment, .region, .model, .quality, .size, .operation] + dimensions.filter { if case .tag = $0 { true } else { false } }
  }

  /// The names given to `--by`, keeping only those in `allowed` (actual-cost reports group by fewer things).
  func dimensionNames(allowed: Set<String>) -> [String] { by.split(separator: ",").map(String.init).filter(allowed.contains) }

  var scenarios: [WhatIf] { whatIf.compactMap(WhatIf.init) }

  /// Checks the scenarios' values against the price book: a model, quality, size, provider or deployment
  /// type it does not know is a usage error (exit 64) naming the nearest valid values.
  func checkScenarios(against book: PriceBook) throws {
    for scenario in scenarios {
      if let problem = scenario.unknownValue(in: book) { throw ValidationError(problem) }
    }
  }

  /// The day to price at: `--price-date`, else the book's `--date`, else each record's own day (nil).
  func pricingDay(_ book: PriceBookOptions) -> CivilDate? { (priceDate ?? book.date).flatMap(CivilDate.init) }
}
