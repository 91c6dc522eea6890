/// Suggestions for a name that is not known: the known names closest to it, for "did you mean" sentences.
public enum NearestNames {
  /// Up to `limit` names from `known` closest to `name` (case-insensitive edit distance, ties in name order).
  ///
  /// A name counts as near when its distance is at most a third of the longer name's length (at least 2), or
  /// when one name (of three or more letters) starts with the other, which then ranks first; when nothing is near, nothing is suggested.
  public static func suggestions(for name: String, in known: some Sequence<String>, limit: Int = 3) -> [String] {
    let target = Array(name.lowercased().unicodeScalars)
    var scored: [(distance: Int, name: String)] = []
    for candidate in Set(known) {
      let other = Array(candidate.lowercased().unicodeScalars)
      let prefix = min(target.count, other.count) >= 3 && (other.starts(with: target) || target.starts(with: other))
      let distance = editDistance(target, other)
      let allowed = max(2, max(target.count, other.count) / 3)
      if distance <= allowed || prefix { scored.append((prefix ? min(distance, 1) : distance, candidate)) }
    }
    return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(max(0, limit)).map(\.name)
  }

  /// `did you mean a, b or c?` for the suggestions, or an empty string when there are none.
  public static func didYouMean(_ name: String, in known: some Sequence<String>, limit: Int = 3) -> String {
    let names = suggestions(for: name, in: known, limit: limit)
    guard let last = names.last else { return "" }
    let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    return "did you mean \(list)?"
  }

  /// Levenshtein distance (insertions, deletions, substitutions), one row of memory. Inputs longer than 256
  /// scalars are compared on their first 256 so that a hostile name costs bounded time.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    let a = a.prefix(256)
    let b = b.prefix(256)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var row = Array(0...b.count)
    for (i, ca) in a.enumerated() {
      var diagonal = row[0]
      row[0] = i + 1
      for (j, cb) in b.enumerated() {
        let above = row[j + 1]
        row[j + 1] = Swift.min(above + 1, row[j] + 1, diagonal + (ca == cb ? 0 : 1))
        diagonal = above
      }
    }
    return row[b.count]
  }
}
