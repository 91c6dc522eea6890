import CostCore
import Foundation
import Yams

/// The proposed copy of a price book that `imagecost pricing sync --out DIR` writes: every file copied, the
/// changes applied to the text as new dated rows (the old row gets `effective_to`), each change commented
/// with its source, and a new source entry for the sync. The book itself is never edited.
public enum ProposedPriceBook {
  /// The proposed files (base name → text), the report with what was done with each finding, and the new
  /// source ids.
  public struct Proposal: Sendable {
    public var files: [(name: String, text: String)]
    public var report: PriceSyncReport
    public var sourceIDs: [PriceSyncSource: String]
  }

  /// How each source used is cited in the new source entry.
  public struct SourceCitation: Sendable {
    public let url: String
    public let detail: String
    public init(url: String, detail: String) {
      self.url = url
      self.detail = detail
    }
  }

  /// Applies the applicable findings of `report` to the text of `files` (pure: no I/O).
  ///
  /// Groups of edits that would make the book fail its checks are left out, and their findings say why;
  /// the result always passes ``PriceBookLoader/parse(files:)``.
  public static func propose(
    files: [(name: String, text: String)], book: PriceBook, report: PriceSyncReport, citations: [PriceSyncSource: SourceCitation]
  ) -> Proposal {
    var report = report
    let date = report.date
    // 1. Source ids and the source entries.
    var ids: [PriceSyncSource: String] = [:]
    for source in report.sources {
      let base = "SYNC-\(source == .azureRetail ? "AZ" : "LL")-\(date)"
      var id = base
      var n = 2
      while book.sources[id] != nil {
        id = "\(base)-\(n)"
        n += 1
      }
      ids[source] = id
    }
    let entries = EntryIndex(files: files)
    var base: [FileEdit] = []
    var extraFile: [String] = []
    let sourcesFile =
      files.first { baseName($0.name) == "sources.yaml" && topLevelLine("sources", in: $0.text) != nil }
      ?? files.first { topLevelLine("sources", in: $0.text) != nil }
    var sourceLines: [String] = []
    for source in report.sources {
      guard let id = ids[source] else { continue }
      let citation =
        citations[source]
        ?? SourceCitation(
          url: source == .azureRetail ? "https://prices.azure.com/api/retail/prices" : "https://github.com/BerriAI/litellm", detail: "")
      let title = "\(source.title), read by imagecost pricing sync\(citation.detail.isEmpty ? "" : " (\(citation.detail))")"
      sourceLines += ["\(id):", "  title: \(quoted(title))", "  url: \(quoted(citation.url))", "  read: \(date)", "  label: \(source.label)"]
    }
    if let sourcesFile, let line = topLevelLine("sources", in: sourcesFile.text) {
      let indent = childIndent(after: line, in: sourcesFile.text)
      base.append(FileEdit(file: sourcesFile.name, line: line + 1, column: nil, text: sourceLines.map { indent + $0 }.joined(separator: "\n")))
    } else {
      extraFile += ["sources:"] + sourceLines.map { "  " + $0 }
    }

    // 2. Edit groups: one per changed book entry, one per new entry.
    var groups: [Group] = []
    var changesByEntry: [Int: [Int]] = [:]
    var newGroups: [NewKey: [Int]] = [:]
    var newOrder: [NewKey] = []
    var missingByEntry: [Int: [PriceSyncFinding]] = [:]
    var missingOrder: [Int] = []
    for (index, finding) in report.findings.enumerated() {
      switch finding.kind {
      case .changed where finding.applicable:
        guard let row = finding.bookRow, let entry = entries.entry(of: row) else {
          report.findings[index].proposal = "not applied: its row could not be located in the book's text"
          continue
        }
        changesByEntry[entry, default: []].append(index)
      case .newMeter where finding.applicable:
        let key = NewKey(
          provider: finding.provider, deploymentType: finding.deploymentType, model: finding.model,
          regions: book.meterPatterns.deploymentTypes.contains { $0.value == finding.deploymentType && $0.perRegion } ? finding.regions : [],
          effective: finding.effective ?? date, unit: finding.new!.unit, source: finding.source)
        if newGroups[key] == nil { newOrder.append(key) }
        newGroups[key, default: []].append(index)
      case .missing:
        if let row = finding.bookRow, let entry = entries.entry(of: row) {
          if missingByEntry[entry] == nil { missingOrder.append(entry) }
          missingByEntry[entry, default: []].append(finding)
        }
      default: break
      }
    }
    for entry in missingOrder {
      let e = entries.entries[entry]
      let list = missingByEntry[entry]!
      let what = list.map(\.what).joined(separator: ", ")
      base.append(
        FileEdit(
          file: e.file, line: e.startLine, column: nil,
          text: e.indent
            + "# imagecost pricing sync \(date): the \(list[0].source.title) no longer lists \(list[0].model) on \(list[0].provider) \(list[0].deploymentType): \(what); review (left unchanged)"
        ))
    }
    for (entryIndex, findingIndices) in changesByEntry.sorted(by: { $0.key < $1.key }) {
      groups.append(changeGroup(entries.entries[entryIndex], findings: findingIndices, report: &report, book: book, ids: ids))
    }
    var appended: [String] = []
    for key in newOrder {
      let findingIndices = newGroups[key]!
      let rows = findingIndices.map { report.findings[$0] }
      let assumption = book.rates.first { $0.provider == key.provider && $0.model == key.model && $0.assumption != nil }?.assumption
      let perImage = rows.contains { $0.component == .image }
      var priceText: [ComponentKind: String] = [:]
      var imageText: [String: [ImageSize: String]] = [:]
      var meters: [String: String] = [:]
      for f in rows {
        guard let price = f.new, let component = f.component else { continue }
        if component == .image, let quality = f.quality, let size = f.size {
          imageText[quality, default: [:]][size] = price.amount.decimalString
        } else {
          priceText[component] = price.amount.decimalString
          if key.source == .azureRetail, let meter = f.meter { meters[component.rawValue] = meter }
        }
      }
      let body = flowEntry(
        provider: key.provider, deploymentType: key.deploymentType, regions: key.regions, model: key.model, unit: key.unit,
        from: key.effective, to: nil, source: ids[key.source] ?? "", assumption: assumption,
        prices: perImage ? nil : priceText, images: perImage ? imageText : nil, meters: meters)
      let comments = rows.map {
        "# imagecost pricing sync \(date) (\(ids[key.source] ?? ""), \(key.source.title), \($0.source.label)): new meter \($0.what) = \($0.new!.publishedText) from \(key.effective)\($0.meter.map { " [\($0)]" } ?? "")"
      }
      // Beside the model's rows on that provider, else in a file of the sync's own.
      let anchor = book.rates.filter { $0.provider == key.provider && $0.model == key.model }.compactMap { entries.entry(of: $0) }.min()
      if let anchor {
        let e = entries.entries[anchor]
        let lines = comments.map { e.indent + $0 } + [e.indent + "- " + body]
        groups.append(
          Group(
            edits: [FileEdit(file: e.file, line: e.startLine, column: nil, text: lines.joined(separator: "\n"))], findings: findingIndices,
            applied: "applied: new row in \(baseName(e.file)) from \(key.effective)"))
      } else {
        appended += comments.map { "  " + $0 } + ["  - " + body]
        groups.append(
          Group(
            edits: [], findings: findingIndices, applied: "applied: new row in sync-\(date).yaml from \(key.effective)",
            appendedRange: (appended.count - comments.count - 1)..<appended.count))
      }
    }

    // 3. Apply everything, or as many groups as keep the book valid.
    let syncFileName = "sync-\(date).yaml"
    func build(_ chosen: [Group]) -> [(name: String, text: String)] {
      var edits = base
      var extra: [String] = []
      for g in chosen {
        edits += g.edits
        if let range = g.appendedRange { extra += appended[range] }
      }
      var result = files.map { file in (name: baseName(file.name), text: apply(edits.filter { $0.file == file.name }, to: file.text)) }
      if !extraFile.isEmpty || !extra.isEmpty {
        var text = "# imagecost pricing sync \(date): rows and sources with no place in the book's own files.\nschema_version: 1\n"
        if !extraFile.isEmpty { text += "\n" + extraFile.joined(separator: "\n") + "\n" }
        if !extra.isEmpty { text += "\nrates:\n" + extra.joined(separator: "\n") + "\n" }
        result.append((syncFileName, text))
      }
      return result
    }
    func problems(_ candidate: [(name: String, text: String)]) -> [PriceBookDiagnostic] { PriceBookLoader.parse(files: candidate).1 }
    var chosen = groups
    var proposed = build(chosen)
    if !problems(proposed).isEmpty {
      chosen = []
      for group in groups {
        let attempt = build(chosen + [group])
        if let first = problems(attempt).first {
          for i in group.findings where report.findings[i].proposal == nil {
            report.findings[i].proposal = "not applied: the proposed book would fail its checks (\(first.message))"
          }
        } else {
          chosen.append(group)
        }
      }
      proposed = build(chosen)
    }
    for group in chosen {
      for i in group.findings where report.findings[i].proposal == nil { report.findings[i].proposal = group.applied }
    }
    report.proposedSources = report.sources.compactMap { ids[$0] }
    return Proposal(files: proposed, report: report, sourceIDs: ids)
  }

  /// Writes the proposal into `directory`: every file of `bookDirectory` copied, the proposed texts over
  /// them, first into a temporary sibling directory that is renamed into place at the end.
  /// - Throws: ``PriceSyncError`` when `directory` is the book itself or holds something other than a
  ///   previous proposal; file-system errors.
  public static func write(_ files: [(name: String, text: String)], to directory: String, bookDirectory: String) throws {
    let manager = FileManager.default
    let target = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
    let book = URL(fileURLWithPath: bookDirectory).standardizedFileURL.resolvingSymlinksInPath()
    if target.path == book.path {
      throw PriceSyncError(
        file: directory, key: "--out", "is the price book directory itself; pricing sync never edits the book in place (give another directory)")
    }
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
    if exists {
      let contents = isDirectory.boolValue ? try manager.contentsOfDirectory(atPath: target.path) : ["(a file)"]
      let bookNames = Set(try manager.contentsOfDirectory(atPath: book.path))
      let foreign = contents.filter { !($0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || bookNames.contains($0)) }
      if !foreign.isEmpty {
        throw PriceSyncError(
          file: directory, key: "--out",
          "already exists and holds \(foreign.sorted().prefix(3).joined(separator: ", ")), which is not a proposed price book; give a new directory")
      }
    }
    let parent = target.deletingLastPathComponent()
    let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    try? manager.removeItem(at: temporary)
    try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
    do {
      for name in try manager.contentsOfDirectory(atPath: book.path) where !name.hasPrefix(".") {
        var isDir: ObjCBool = false
        let source = book.appendingPathComponent(name)
        guard manager.fileExists(atPath: source.path, isDirectory: &isDir), !isDir.boolValue else { continue }
        try manager.copyItem(at: source, to: temporary.appendingPathComponent(name))
      }
      for file in files {
        try Data(file.text.utf8).write(to: temporary.appendingPathComponent(file.name))
      }
      if exists {
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        try manager.moveItem(at: target, to: old)
        try manager.moveItem(at: temporary, to: target)
        try? manager.removeItem(at: old)
      } else {
        try manager.moveItem(at: temporary, to: target)
      }
    } catch {
      try? manager.removeItem(at: temporary)
      throw error
    }
  }

  // MARK: - Edits of the text

  struct FileEdit {
    let file: String
    /// 1-based line. With `column` nil, `text` (one or more lines) is inserted before the line; with a
    /// column, `text` is inserted at that 1-based Unicode-scalar column, replacing `replacing` scalars.
    let line: Int
    let column: Int?
    let text: String
    var replacing = 0
  }

  struct Group {
    let edits: [FileEdit]
    let findings: [Int]
    let applied: String
    var appendedRange: Range<Int>? = nil
  }

  struct NewKey: Hashable {
    let provider, deploymentType, model: String
    let regions: [String]
    let effective: CivilDate
    let unit: PriceUnit
    let source: PriceSyncSource
  }

  static func baseName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

  static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// The 1-based line of a top-level `key:`.
  static func topLevelLine(_ key: String, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.hasPrefix("\(key):") }.map { $0 + 1 }
  }

  /// The indentation of the first content line after `line` (two spaces if none).
  static func childIndent(after line: Int, in text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for l in lines.dropFirst(line) {
      let trimmed = l.drop { $0 == " " }
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let indent = l.count - trimmed.count
      return String(repeating: " ", count: indent > 0 ? indent : 2)
    }
    return "  "
  }

  static func apply(_ edits: [FileEdit], to text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Last position first, so earlier coordinates stay valid; on one line, text edits before line inserts.
    // Inserts before one line go in reverse order of addition, so they read in the order they were added.
    let ordered = edits.enumerated().sorted { a, b in
      if a.element.line != b.element.line { return a.element.line > b.element.line }
      if (a.element.column ?? 0) != (b.element.column ?? 0) { return (a.element.column ?? 0) > (b.element.column ?? 0) }
      return a.offset > b.offset
    }.map(\.element)
    for edit in ordered {
      let index = edit.line - 1
      guard index >= 0, index <= lines.count else { continue }
      if let column = edit.column {
        guard index < lines.count else { continue }
        var scalars = Array(lines[index].unicodeScalars)
        let at = min(max(column - 1, 0), scalars.count)
        scalars.replaceSubrange(at..<min(at + edit.replacing, scalars.count), with: Array(edit.text.unicodeScalars))
        var rebuilt = String.UnicodeScalarView()
        rebuilt.append(contentsOf: scalars)
        lines[index] = String(rebuilt)
      } else {
        lines.insert(contentsOf: edit.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), at: index)
      }
    }
    return lines.joined(separator: "\n")
  }

  static func flowEntry(
    provider: String, deploymentType: String, regions: [String], model: String, unit: PriceUnit, from: CivilDate, to: CivilDate?,
    source: String, assumption: String?, prices: [ComponentKind: String]?, images: [String: [ImageSize: String]]?, meters: [String: String]
  ) -> String {
    var parts = ["provider: \(provider)", "deployment_type: \(deploymentType)"]
    if !regions.isEmpty { parts.append("regions: [\(regions.joined(separator: ", "))]") }
    parts += ["model: \(model)", "unit: \(unit.rawValue)", "effective_from: \(from)"]
    if let to { parts.append("effective_to: \(to)") }
    parts.append("source: \(source)")
    if let assumption { parts.append("assumption: \(assumption)") }
    if let prices {
      parts.append("prices: {" + prices.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ") + "}")
    }
    if let images {
      let qualities = images.sorted { $0.key < $1.key }.map { quality, sizes in
        "\(quality): {" + sizes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
      }
      parts.append("images: {" + qualities.joined(separator: ", ") + "}")
    }
    if !meters.isEmpty {
      parts.append("meters: {" + meters.sorted { $0.key < $1.key }.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ") + "}")
    }
    return "{" + parts.joined(separator: ", ") + "}"
  }

  /// The new price in the unit of the entry it joins, exactly, or nil when that unit cannot hold it.
  static func amount(_ price: Price, in unit: PriceUnit) -> USD? {
    let value = price.comparable.value
    let per: Int128 = unit.isTokens ? Int128(1_000_000 / unit.block) : Int128(100 / unit.block)
    guard value % per == 0, value / per <= Int128(Int64.max) else { return nil }
    return USD(nanos: Int64(value / per))
  }

  /// The edits for every change to one book entry: the entry ends on the first change's date and new
  /// entries carry its rows with the changed prices from each date on.
  static func changeGroup(
    _ e: EntryIndex.Entry, findings indices: [Int], report: inout PriceSyncReport, book: PriceBook, ids: [PriceSyncSource: String]
  )
    -> Group
  {
    let date = report.date
    let rows = book.rates.filter { $0.location.file == e.file && e.values[Position(line: $0.location.line, column: $0.location.column)] != nil }
    guard let first = rows.first else { return Group(edits: [], findings: indices, applied: "") }
    var usable: [Int] = []
    var edits: [FileEdit] = []
    for i in indices {
      let f = report.findings[i]
      let effective = f.effective ?? date
      guard let new = f.new, let amount = amount(new, in: first.price.unit) else {
        report.findings[i].proposal =
          "not applied: \(f.new?.publishedText ?? "the price") cannot be written exactly in the row's unit (\(first.price.unit.rawValue))"
        continue
      }
      if let row = f.bookRow, !row.regions.isEmpty, Set(f.regions) != Set(row.regions) {
        report.findings[i].proposal =
          "not applied: the source lists this price for \(f.regions.joined(separator: ", ")) but the book's row covers \(row.regions.joined(separator: ", ")); split the row by hand"
        continue
      }
      if effective < first.effective.from {
        report.findings[i].proposal =
          "not applied: the source's date \(effective) is before the book's row (from \(first.effective.from)); review by hand"
        continue
      }
      if effective == first.effective.from, let row = f.bookRow {
        // Same start day, another price: correct the value in place.
        let position = Position(line: row.location.line, column: row.location.column)
        let old = e.values[position] ?? ""
        edits.append(
          FileEdit(
            file: e.file, line: e.startLine, column: nil,
            text: e.indent
              + "# imagecost pricing sync \(date) (\(ids[f.source] ?? ""), \(f.source.title), \(f.source.label)): \(f.what) corrected \(row.price.publishedText) → \(amount.decimalString) per \(first.price.unit.rawValue) (same start day)"
          ))
        edits.append(
          FileEdit(file: e.file, line: position.line, column: position.column, text: amount.decimalString, replacing: old.unicodeScalars.count))
        report.findings[i].proposal = "applied: corrected in place in \(baseName(e.file))"
        continue
      }
      usable.append(i)
    }
    let dates = Array(Set(usable.map { report.findings[$0].effective ?? date })).sorted()
    guard let start = dates.first else { return Group(edits: edits, findings: indices, applied: "") }
    // The old entry ends on the first date.
    if e.flow {
      edits.append(FileEdit(file: e.file, line: e.fromValue.line, column: e.fromValue.column + e.fromLength, text: ", effective_to: \(start)"))
    } else {
      edits.append(
        FileEdit(
          file: e.file, line: e.fromKey.line + 1, column: nil, text: String(repeating: " ", count: e.fromKey.column - 1) + "effective_to: \(start)"))
    }
    var comments: [String] = []
    var entriesText: [String] = []
    for (n, day) in dates.enumerated() {
      let next = n + 1 < dates.count ? dates[n + 1] : nil
      var prices: [ComponentKind: String] = [:]
      var images: [String: [ImageSize: String]] = [:]
      var meters: [String: String] = [:]
      var source = ""
      for row in rows {
        var text = row.price.amount.decimalString
        if let meter = row.meter { meters[row.component.rawValue] = meter }
        for i in usable {
          let f = report.findings[i]
          guard f.effective ?? date <= day, f.component == row.component, f.quality == row.quality, f.size == row.size,
            let amount = amount(f.new!, in: row.price.unit)
          else { continue }
          text = amount.decimalString
          source = ids[f.source] ?? source
          if f.source == .azureRetail, let meter = f.meter, row.component != .image { meters[row.component.rawValue] = meter }
        }
        if row.component == .image, let quality = row.quality, let size = row.size {
          images[quality, default: [:]][size] = text
        } else {
          prices[row.component] = text
        }
      }
      for i in usable where (report.findings[i].effective ?? date) == day {
        let f = report.findings[i]
        comments.append(
          "# imagecost pricing sync \(date) (\(ids[f.source] ?? ""), \(f.source.title), \(f.source.label)): \(f.what) \(f.old?.publishedText ?? "?") → \(f.new!.publishedText) from \(day)"
        )
      }
      entriesText.append(
        flowEntry(
          provider: first.provider, deploymentType: first.deploymentType, regions: first.regions, model: first.model, unit: first.price.unit,
          from: day,
          to: next, source: source, assumption: first.assumption, prices: images.isEmpty ? prices : nil, images: images.isEmpty ? nil : images,
          meters: meters))
    }
    comments.append("# The row after the new one(s) now ends on \(start) (effective_to).")
    let lines = comments.map { e.indent + $0 } + entriesText.map { e.indent + "- " + $0 }
    edits.append(FileEdit(file: e.file, line: e.startLine, column: nil, text: lines.joined(separator: "\n")))
    return Group(edits: edits, findings: indices, applied: "applied: new row from \(start) in \(baseName(e.file)); the old row ends that day")
  }

  struct Position: Hashable {
    let line: Int
    let column: Int
  }

  /// Where each entry of each file's `rates:` list is in the text.
  struct EntryIndex {
    struct Entry {
      let file: String
      /// The line of the entry's `- `.
      let startLine: Int
      /// Leading whitespace of that line.
      let indent: String
      let flow: Bool
      let fromKey: Position
      let fromValue: Position
      let fromLength: Int
      /// Price value positions → their text.
      let values: [Position: String]
    }

    var entries: [Entry] = []
    var byValue: [String: [Position: Int]] = [:]

    init(files: [(name: String, text: String)]) {
      for file in files {
        guard let root = try? Yams.compose(yaml: file.text), case .mapping(let top) = root else { continue }
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (key, value) in top where key.string == "rates" {
          guard case .sequence(let items) = value else { continue }
          for item in items {
            guard case .mapping(let mapping) = item, let mark = item.mark, mark.line - 1 < lines.count else { continue }
            var values: [Position: String] = [:]
            var fromKey: Position?
            var fromValue: Position?
            var fromLength = 0
            for (k, v) in mapping {
              if k.string == "effective_from", let km = k.mark, let vm = v.mark {
                fromKey = Position(line: km.line, column: km.column)
                fromValue = Position(line: vm.line, column: vm.column)
                fromLength = v.string?.unicodeScalars.count ?? 0
              }
              if k.string == "prices" || k.string == "images" { collect(v, into: &values) }
            }
            guard let fromKey, let fromValue else { continue }
            let line = lines[mark.line - 1]
            let indent = String(line.prefix { $0 == " " })
            // Flow style: the item starts with `{` (the composer does not keep the style).
            let flow = Array(line.unicodeScalars).dropFirst(mark.column - 1).first == "{"
            let entry = Entry(
              file: file.name, startLine: mark.line, indent: indent, flow: flow, fromKey: fromKey, fromValue: fromValue,
              fromLength: fromLength, values: values)
            for position in values.keys { byValue[file.name, default: [:]][position] = entries.count }
            entries.append(entry)
          }
        }
      }
    }

    private func collect(_ node: Node, into values: inout [Position: String]) {
      switch node {
      case .scalar(let scalar):
        if let mark = scalar.mark { values[Position(line: mark.line, column: mark.column)] = scalar.string }
      case .mapping(let mapping):
        for (_, v) in mapping { collect(v, into: &values) }
      default: break
      }
    }

    func entry(of row: RateRow) -> Int? { byValue[row.location.file]?[Position(line: row.location.line, column: row.location.column)] }
  }
}
