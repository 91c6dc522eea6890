import CostCore

/// When and by which imagecost a report was generated, stated by every report beside the price book's stamp.
///
/// The executable sets ``current`` once for the whole run, from its one clock (pinned by `IMAGECOST_TODAY`), so a
/// run is reproducible; renderers read it. Unset (tests, library use), reports carry no generation line and golden
/// files stay byte-stable.
public struct ReportStamp: Hashable, Sendable {
  /// imagecost's version (the command's `--version`).
  public static let toolVersion = "0.2.0"

  /// The stamp of this run's reports, if any.
  @TaskLocal public static var current: ReportStamp?

  /// ISO 8601 UTC, to the second.
  public let generatedAt: String
  public let version: String

  public init(generatedAt: String, version: String = ReportStamp.toolVersion) {
    self.generatedAt = generatedAt
    self.version = version
  }

  /// `Generated 2026-12-03T14:00:00Z by imagecost 0.2.0.`, or nil when unset.
  static var sentence: String? { current.map { "Generated \($0.generatedAt) by imagecost \($0.version)." } }
}

extension ReportStamp {
  /// `generated_at` and `imagecost_version` for a JSON report without a `price_book` object (none when unset).
  static var jsonFields: [(String, JSONValue)] {
    current.map { [("generated_at", .string($0.generatedAt)), ("imagecost_version", .string($0.version))] } ?? []
  }

  /// The generation sentence as a closing line of a text report (empty when unset).
  static var closingLine: String { sentence.map { "\n" + $0 + "\n" } ?? "" }
}
