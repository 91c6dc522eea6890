import CostCore

/// How every report names the price book it was priced with: fingerprint, review date and age at the pricing date.
enum PriceBookStamp {
  /// The `price_book` object of a JSON report.
  static func json(fingerprint: String, asOf: CivilDate?, age: PriceBookAge?) -> JSONValue {
    JSONValueEncoder.encode(PriceBookField(fingerprint: fingerprint, asOf: asOf, age: age))
  }

  /// `Price book reviewed 2026-12-02 (1 day before the pricing date), fingerprint 5628833181469e1a.`, preceded by
  /// `Generated … by imagecost ….` when the run has a ``ReportStamp``.
  static func sentence(fingerprint: String, asOf: CivilDate?, age: PriceBookAge?) -> String {
    let generated = ReportStamp.sentence.map { $0 + " " } ?? ""
    guard let age else { return generated + "Price book as of \(asOf?.description ?? "unknown"), fingerprint \(fingerprint.prefix(16))." }
    let days = abs(age.ageDays)
    let when =
      age.ageDays >= 0
      ? "\(days) day\(days == 1 ? "" : "s") before the pricing date" : "\(days) day\(days == 1 ? "" : "s") after the pricing date"
    return generated
      + "Price book reviewed \(age.reviewed) (\(when)\(age.isStale ? ", STALE" : "")), fingerprint \(fingerprint.prefix(16))."
  }
}
