import ArgumentParser
import CostReports

/// The formats of a command that also writes a self-contained HTML page: the shared text formats plus `html`.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
  case table, md, csv, json, html

  /// The shared renderer format; nil for `html`, which each command renders itself.
  var shared: OutputFormat? { OutputFormat(rawValue: rawValue) }
}
