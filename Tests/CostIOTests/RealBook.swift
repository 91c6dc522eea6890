import CostCore
import CostIO
import Foundation
import Testing

/// The real price book in `pricing/`, loaded once, and helpers to price against it or against
/// in-memory copies of it.
enum RealBook {
  /// `<repo>/pricing`, found from this file's path (Tests/CostIOTests/RealBook.swift).
  static let directory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("pricing").path

  /// The book's files as `pricing/<name>.yaml` → text, in name order.
  static let files: [(name: String, text: String)] = {
    let read = (try? PriceBookLoader.readFiles(directory: directory)) ?? []
    return read.map { (name: "pricing/" + URL(fileURLWithPath: $0.name).lastPathComponent, text: $0.text) }
  }()

  static let parsed: (book: PriceBook, diagnostics: [PriceBookDiagnostic]) = {
    let (book, diagnostics) = PriceBookLoader.parse(files: files)
    return (book, diagnostics)
  }()

  static var book: PriceBook { parsed.book }
  static let pricer = Pricer(book: parsed.book)

  /// The Azure Retail Prices snapshot date (§1b); every rate in the reference is effective on it.
  static let snapshot = CivilDate("2026-07-31")!

  /// A copy of the files with `old` replaced by `new` in `file` (e.g. `openai.yaml`); nil when
  /// `old` does not occur exactly once there.
  static func files(editing file: String, replacing old: String, with new: String) -> [(name: String, text: String)]? {
    let name = "pricing/" + file
    guard let index = files.firstIndex(where: { $0.name == name }) else { return nil }
    let text = files[index].text
    guard text.components(separatedBy: old).count == 2 else { return nil }
    var copy = files
    copy[index] = (name: name, text: text.replacingOccurrences(of: old, with: new))
    return copy
  }

  /// 1-based number of the first line of `text` containing `marker`.
  static func line(of marker: String, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.contains(marker) }.map { $0 + 1 }
  }
}

func date(_ text: String) -> CivilDate { CivilDate(text)! }
func size(_ text: String) -> ImageSize { ImageSize(text)! }
func usd(_ text: String) -> USD { USD(decimal: text)! }

extension Quote {
  func line(_ component: ComponentKind) -> QuoteLine? { lines.first { $0.component == component } }
}

/// Rounds `amount` to `decimals` places, half away from zero (how a published price list rounds).
func roundedForDisplay(_ amount: USD, decimals: Int) -> USD {
  var unit: Int64 = 1
  for _ in 0..<(9 - decimals) { unit *= 10 }
  let rounded = (amount.nanos + unit / 2) / unit * unit
  return USD(nanos: rounded)
}

/// Number of decimals as written in `text` (`0.25` → 2, `0.2` → 1).
func decimals(of text: String) -> Int {
  guard let dot = text.firstIndex(of: ".") else { return 0 }
  return text.distance(from: dot, to: text.endIndex) - 1
}
