import CostCore
import GRDB
import Replay

/// What `imagecost report` asks of the ledger: grouping, a half-open day range, pricing and filters.
public struct LedgerQuery: Sendable {
  public var dimensions: [ReplayDimension]
  /// First day included.
  public var since: CivilDate?
  /// First day excluded.
  public var until: CivilDate?
  /// Price every record at this day's rates instead of its own.
  public var priceDate: CivilDate?
  public var whatIfs: [WhatIf]
  /// Filters: a record matches when each non-empty list contains its value (and it has every tag).
  public var models: [String]
  public var providers: [String]
  public var deploymentTypes: [String]
  public var tags: [String: String]

  public init(
    dimensions: [ReplayDimension], since: CivilDate? = nil, until: CivilDate? = nil, priceDate: CivilDate? = nil, whatIfs: [WhatIf] = [],
    models: [String] = [], providers: [String] = [], deploymentTypes: [String] = [], tags: [String: String] = [:]
  ) {
    self.dimensions = dimensions
    self.since = since
    self.until = until
    self.priceDate = priceDate
    self.whatIfs = whatIfs
    self.models = models
    self.providers = providers
    self.deploymentTypes = deploymentTypes
    self.tags = tags
  }

  /// The days asked for, as days since 1970-01-01.
  var days: Range<Int> { (since?.daysSinceEpoch ?? Int(Int32.min))..<(until?.daysSinceEpoch ?? Int(Int32.max)) }

  /// True when records with `key` pass the filters. A missing provider or deployment type matches "default".
  public func matches(_ key: ReportKey) -> Bool {
    if !models.isEmpty, !models.contains(key.model) { return false }
    if !providers.isEmpty, !providers.contains(key.provider ?? "default") { return false }
    if !deploymentTypes.isEmpty, !deploymentTypes.contains(key.deploymentType ?? "default") { return false }
    for (k, v) in tags where key.tags[k] != v { return false }
    return true
  }
}

extension Ledger {
  /// The replay report of the stored records that match `query` — the same model (and so the same
  /// output) as `imagecost replay` of the same requests.
  ///
  /// At each record's own day's rates the report adds up the priced roll-ups (pricing first any import
  /// they do not cover yet); with a price date or what-if scenarios every matching record is repriced.
  public func report(_ query: LedgerQuery, book: PriceBook) throws -> ReplayReport {
    let days = query.days
    if query.priceDate == nil, query.whatIfs.isEmpty {
      if access == .write { try refreshRollups(book: book) }
      return try read { db in
        let catalog = try ShapeCatalog.load(db)
        // By month or coarser, the days are added up in SQL; the report only needs each month.
        let needsDays = query.dimensions.contains { dim in
          if case .day = dim { return true }
          if case .week = dim { return true }
          return false
        }
        var rollups = try loadRollups(pricing: book.fingerprint, days: days, grain: needsDays ? .day : .month, db: db)
        // Imports not covered yet (still running, or this ledger is read-only): priced for this report only.
        let pending = try Row.fetchAll(
          db,
          sql: """
            SELECT import_id, first_record, last_record, file, state FROM imports i
            WHERE first_record IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rollup_coverage c WHERE c.pricing = ? AND c.import_id = i.import_id)
            ORDER BY import_id
            """, arguments: [book.fingerprint])
        var warnings: [String] = []
        let builder = RollupBuilder(book: book)
        for row in pending {
          let id: Int64 = row[0]
          let state: String = row[4]
          if state == "running", liveness.isAlive(id) {
            warnings.append("import #\(id) of \(row[3] as String) is still running; the rows it has stored so far are included")
          }
          try scanRecords(
            db, catalog: catalog, where: "record_id BETWEEN ? AND ? AND import_id = ? AND day >= ? AND day < ?",
            arguments: [row[1], row[2], id, days.lowerBound, days.upperBound]
          ) { recordID, keyID, record in builder.add(record, recordID: recordID, keyID: keyID) }
        }
        let extra = builder.finish()
        rollups.merge(needsDays ? extra : extra.byMonth())
        var report = try assemble(rollups, query: query, book: book, catalog: catalog, perDay: needsDays, db: db)
        report.warnings += warnings
        return report
      }
    }
    return try read { db in
      let catalog = try ShapeCatalog.load(db)
      let matching = Set(catalog.keys.filter { query.matches($0.value) }.keys)
      let builder = RollupBuilder(book: book, priceDate: query.priceDate, whatIfs: query.whatIfs)
      try scanRecords(db, catalog: catalog, where: "day >= ? AND day < ?", arguments: [days.lowerBound, days.upperBound]) { recordID, keyID, record in
        if matching.contains(keyID) { builder.add(record, recordID: recordID, keyID: keyID) }
      }
      return try assemble(builder.finish(), query: query, book: book, catalog: catalog, perDay: true, db: db)
    }
  }

  /// The report of the roll-ups whose key passes the query's filters.
  private func assemble(_ rollups: RollupSet, query: LedgerQuery, book: PriceBook, catalog: ShapeCatalog, perDay: Bool, db: Database) throws
    -> ReplayReport
  {
    var selected = rollups
    selected.values = rollups.values.filter { catalog.keys[$0.key.keyID].map(query.matches) ?? false }
    let assembler = ReportAssembler(book: book, query: query, keys: catalog.keys, perDay: perDay) { [unowned self] id in
      self.record(id: id, db: db, catalog: catalog)
    }
    return try assembler.assemble(selected)
  }
}

/// Builds a ``ReplayReport`` from roll-ups through replay's own aggregator, so group keys, ordering and
/// labels are exactly replay's.
struct ReportAssembler {
  let book: PriceBook
  let query: LedgerQuery
  let keys: [Int64: ReportKey]
  /// True when the roll-ups are per day (so the report's cost per day can be filled in).
  let perDay: Bool
  let fetch: (Int64) throws -> UsageRecord?

  /// A tag no log uses, carrying a marker through the aggregator's grouping.
  static let marker = "\u{1}imagecost-ledger"

  /// A record with `key`'s fields on `day`; a failed status without usage keeps pricing trivial.
  func representative(day: Int, key: ReportKey, id: String, marker: String? = nil) -> UsageRecord {
    var tags = key.tags
    if let marker { tags[ReportAssembler.marker] = marker }
    return UsageRecord(
      id: id, date: CivilDate(daysSinceEpoch: day), timestamp: "", request: key.request, status: 500, tags: tags, usage: nil)
  }

  /// The group key of every roll-up, computed by replay's aggregator (day-based and key-based dimensions
  /// separately, so it sees one record per day and one per key, not one per roll-up).
  func groupKeys(_ rollups: some Collection<RollupKey>) -> [RollupKey: [String]] {
    let dims = query.dimensions
    let isDayBased: (ReplayDimension) -> Bool = { dim in
      switch dim {
      case .day, .week, .month: return true
      default: return false
      }
    }
    let dayDims = dims.filter(isDayBased)
    let keyDims = dims.filter { !isDayBased($0) }
    let anyKey = ReportKey(model: "", quality: nil, size: nil, operation: "generate", provider: nil, deploymentType: nil, tags: [:])
    var dayValues: [Int: [String]] = [:]
    if !dayDims.isEmpty {
      var aggregator = ReplayAggregator(book: book, dimensions: dayDims + [.tag(ReportAssembler.marker)], priceDate: nil)
      for day in Set(rollups.map(\.day)) {
        aggregator.add(representative(day: day, key: anyKey, id: "d\(day)", marker: String(day)))
      }
      for group in aggregator.report().groups { dayValues[Int(group.key.last!)!] = Array(group.key.dropLast()) }
    }
    var keyValues: [Int64: [String]] = [:]
    if !keyDims.isEmpty {
      var aggregator = ReplayAggregator(book: book, dimensions: keyDims + [.tag(ReportAssembler.marker)], priceDate: nil)
      for id in Set(rollups.map(\.keyID)) {
        guard let key = keys[id] else { continue }
        aggregator.add(representative(day: 0, key: key, id: "k\(id)", marker: String(id)))
      }
      for group in aggregator.report().groups { keyValues[Int64(group.key.last!)!] = Array(group.key.dropLast()) }
    }
    var result: [RollupKey: [String]] = [:]
    result.reserveCapacity(rollups.count)
    for rollup in rollups {
      var dayIndex = 0
      var keyIndex = 0
      var key: [String] = []
      key.reserveCapacity(dims.count)
      for dim in dims {
        if isDayBased(dim) {
          key.append(dayValues[rollup.day]?[dayIndex] ?? "")
          dayIndex += 1
        } else {
          key.append(keyValues[rollup.keyID]?[keyIndex] ?? "")
          keyIndex += 1
        }
      }
      result[rollup] = key
    }
    return result
  }

  func assemble(_ set: RollupSet) throws -> ReplayReport {
    let rollups = set.values
    let groupKeys = groupKeys(rollups.keys)
    var groups: [[String]: (totals: ReplayTotals, example: RollupKey)] = [:]
    var totals = ReplayTotals()
    var unpriced: [String: RollupValue.UnpricedNote] = [:]
    var assumptions: [String: Int64] = [:]
    var whatIfs = query.whatIfs.map { WhatIfResult(scenario: $0.description) }
    var daily: [CivilDate: USD] = [:]
    var dailyUnpriced: [CivilDate: Int64] = [:]
    for (rollup, value) in rollups {
      let key = groupKeys[rollup]!
      if groups[key] == nil {
        groups[key] = (value.totals, rollup)
      } else {
        groups[key]!.totals.merge(value.totals)
      }
      totals.merge(value.totals)
      for (reason, note) in value.unpriced {
        var sum = unpriced[reason] ?? RollupValue.UnpricedNote(requests: 0, images: 0, sample: nil)
        sum.requests += note.requests
        sum.images += note.images
        sum.sample = sum.sample ?? note.sample
        unpriced[reason] = sum
      }
      for index in whatIfs.indices where index < value.whatIfs.count { whatIfs[index].merge(value.whatIfs[index]) }
      if perDay { daily[CivilDate(daysSinceEpoch: rollup.day), default: .zero] += value.totals.cost }
      if perDay, value.totals.unpricedRequests > 0 {
        dailyUnpriced[CivilDate(daysSinceEpoch: rollup.day), default: 0] += value.totals.unpricedRequests
      }
    }

    for day in Set(rollups.keys.map(\.day)) {
      for (id, order) in set.assumptions[day] ?? [:] { assumptions[id] = min(assumptions[id] ?? .max, order) }
    }

    // The report itself comes from replay's aggregator: one representative per group (for the group
    // keys) and one stored record per unpriced reason (for the buckets); then the sums replace theirs.
    var aggregator = ReplayAggregator(book: book, dimensions: query.dimensions, priceDate: query.priceDate, whatIfs: query.whatIfs)
    var serial = 0
    for (_, group) in groups {
      serial += 1
      aggregator.add(representative(day: group.example.day, key: keys[group.example.keyID]!, id: "g\(serial)"))
    }
    var warnings: [String] = []
    for (reason, note) in unpriced {
      if let id = note.sample, var record = try fetch(id) {
        serial += 1
        record.id = "u\(serial)"
        aggregator.add(record)
      } else {
        warnings.append("\(note.requests) request(s) unpriced: \(reason)")
      }
    }
    var report = aggregator.report()
    report.groups = report.groups.compactMap { group in
      guard let sums = groups[group.key] else { return nil }
      var group = group
      group.totals = sums.totals
      return group
    }
    report.totals = totals
    report.unpriced = report.unpriced.compactMap { bucket in
      guard let sums = unpriced[bucket.reason] else { return nil }
      var bucket = bucket
      bucket.requests = sums.requests
      bucket.images = sums.images
      return bucket
    }.sorted { ($0.requests, $0.reason) > ($1.requests, $1.reason) }
    report.assumptions = assumptions.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.compactMap { book.assumptions[$0.key] }
    report.whatIfs = whatIfs
    report.daily = daily
    report.dailyUnpriced = dailyUnpriced
    report.linesRead = totals.requests
    report.skipped = 0
    report.duplicates = 0
    report.warnings = warnings
    return report
  }
}
