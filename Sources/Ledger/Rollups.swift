import CostCore
import Replay

/// A day and a report key: the grain of the priced roll-ups.
struct RollupKey: Hashable, Sendable {
  let day: Int
  let keyID: Int64
}

/// Priced totals of the records of one day and report key, added up exactly as replay adds them.
struct RollupValue: Sendable {
  /// The smallest record id in the roll-up (ordering only).
  var firstRecord: Int64
  var totals = ReplayTotals()
  /// Unpriced requests by reason, with one stored record that gives the reason.
  var unpriced: [String: UnpricedNote] = [:]
  var whatIfs: [WhatIfResult] = []

  struct UnpricedNote: Sendable {
    var requests: Int64
    var images: Int64
    var sample: Int64?
  }

  init(firstRecord: Int64) { self.firstRecord = firstRecord }

  mutating func merge(_ other: RollupValue) {
    firstRecord = min(firstRecord, other.firstRecord)
    totals.merge(other.totals)
    for (reason, note) in other.unpriced {
      if var mine = unpriced[reason] {
        mine.requests += note.requests
        mine.images += note.images
        mine.sample = mine.sample ?? note.sample
        unpriced[reason] = mine
      } else {
        unpriced[reason] = note
      }
    }
    if whatIfs.isEmpty {
      whatIfs = other.whatIfs
    } else {
      for index in whatIfs.indices where index < other.whatIfs.count { whatIfs[index].merge(other.whatIfs[index]) }
    }
  }
}

/// Priced roll-ups with the assumptions they rely on.
///
/// Assumptions are attributed per day: id → ordering key (first record of the day × 64 + position in
/// first-use order), so reports list them in the order replay meets them.
struct RollupSet: Sendable {
  var values: [RollupKey: RollupValue] = [:]
  var assumptions: [Int: [String: Int64]] = [:]

  mutating func merge(_ value: RollupValue, into key: RollupKey) {
    if var existing = values[key] {
      existing.merge(value)
      values[key] = existing
    } else {
      values[key] = value
    }
  }

  mutating func merge(assumptions other: [String: Int64], day: Int) {
    for (id, order) in other { assumptions[day, default: [:]][id] = min(assumptions[day]?[id] ?? .max, order) }
  }

  /// The same roll-ups added up per month (keyed by each month's first day).
  func byMonth() -> RollupSet {
    var result = RollupSet()
    for (key, value) in values {
      result.merge(value, into: RollupKey(day: Ledger.firstDay(ofMonth: Ledger.month(ofDay: key.day)), keyID: key.keyID))
    }
    for (day, ids) in assumptions { result.merge(assumptions: ids, day: Ledger.firstDay(ofMonth: Ledger.month(ofDay: day))) }
    return result
  }

  mutating func merge(_ other: RollupSet) {
    for (key, value) in other.values { merge(value, into: key) }
    for (day, ids) in other.assumptions { merge(assumptions: ids, day: day) }
  }
}

extension WhatIfResult {
  mutating func merge(_ other: WhatIfResult) {
    cost += other.cost
    asLogged += other.asLogged
    repriced += other.repriced
    for (k, v) in other.infeasible { infeasible[k, default: 0] += v }
  }
}

/// Prices stored records into ``RollupValue``s, one per day and report key.
///
/// Pricing goes through replay's own aggregator, so every record is priced exactly as `replay` prices it:
/// one aggregator per day (sharing replay's per-day memo of rates), grouping by a marker tag that carries
/// the report key, so each group is one roll-up's totals. Unpriced records are priced again per roll-up
/// to attribute their reasons exactly; assumptions are attributed per day (their first use orders them).
/// Aggregators are folded into plain values every ``flushRecords`` records to keep memory bounded.
final class RollupBuilder: @unchecked Sendable {
  let book: PriceBook
  let priceDate: CivilDate?
  let whatIfs: [WhatIf]
  static let flushRecords = 100_000
  static let marker = "\u{1}imagecost-ledger-key"

  /// One day's aggregator (a reference, so adding to it never copies its tables).
  private final class Live {
    var aggregator: ReplayAggregator
    /// First record of each report key seen this day.
    var first: [Int64: Int64] = [:]

    init(_ aggregator: ReplayAggregator) { self.aggregator = aggregator }
  }

  private var live: [Int: Live] = [:]
  private var markedTags: [Int64: [String: String]] = [:]
  private var pending: [(id: Int64, keyID: Int64, record: UsageRecord)] = []
  private(set) var set = RollupSet()
  private(set) var records: Int64 = 0

  init(book: PriceBook, priceDate: CivilDate? = nil, whatIfs: [WhatIf] = []) {
    self.book = book
    self.priceDate = priceDate
    self.whatIfs = whatIfs
    pending.reserveCapacity(1_024)
  }

  /// Prices `record` (stored as `recordID`) into the roll-up of its day and `keyID`. With its `detailID`
  /// (new rows of an import) the aggregator finds the request shape by the two ids instead of hashing it.
  func add(_ record: UsageRecord, recordID: Int64, keyID: Int64, detailID: Int64? = nil) {
    let day = record.date.daysSinceEpoch
    // The aggregator counts repeated ids once; the ledger's ids are unique already, and the record id
    // is a short (allocation-free) string.
    var priced = record
    priced.id = String(recordID)
    // Records of one key share their tags, so the marked tags are built once per key.
    if let tags = markedTags[keyID] {
      priced.tags = tags
    } else {
      priced.tags[RollupBuilder.marker] = String(keyID)
      markedTags[keyID] = priced.tags
    }
    let entry: Live
    if let known = live[day] {
      entry = known
    } else {
      entry = Live(ReplayAggregator(book: book, dimensions: [.tag(RollupBuilder.marker)], priceDate: priceDate, whatIfs: whatIfs))
      live[day] = entry
    }
    // Only unpriced records are kept for the reasons of their roll-up (see ``flush()``).
    if let detailID {
      if entry.aggregator.add(priced, uniqueWithShape: keyID << 32 | detailID) == .unpriced { pending.append((recordID, keyID, priced)) }
    } else {
      entry.aggregator.add(priced)
      pending.append((recordID, keyID, priced))
    }
    if entry.first[keyID] == nil { entry.first[keyID] = recordID }
    records += 1
    if pending.count >= RollupBuilder.flushRecords || records % Int64(RollupBuilder.flushRecords) == 0 { flush() }
  }

  /// Folds every live aggregator into ``values``.
  func flush() {
    var unpricedKeys = Set<RollupKey>()
    for (day, entry) in live {
      let report = entry.aggregator.report()
      let dayFirst = entry.first.values.min() ?? 0
      var dayAssumptions: [String: Int64] = [:]
      for (position, assumption) in report.assumptions.enumerated() {
        dayAssumptions[assumption.id] = dayFirst * 64 + Int64(min(position, 63))
      }
      for group in report.groups {
        guard let keyID = Int64(group.key[0]), let first = entry.first[keyID] else { continue }
        let key = RollupKey(day: day, keyID: keyID)
        var value = RollupValue(firstRecord: first)
        value.totals = group.totals
        if first == dayFirst { value.whatIfs = report.whatIfs }  // per day: carried by the day's first roll-up
        if (group.totals.byBasis[.unpriced] ?? 0) > 0 { unpricedKeys.insert(key) }
        set.merge(value, into: key)
      }
      set.merge(assumptions: dayAssumptions, day: day)
    }
    if !unpricedKeys.isEmpty {
      // Reasons per roll-up: the unpriced roll-ups' records priced again, one aggregator each, and one
      // record kept per reason (the report rebuilds the bucket from it).
      var probes: [RollupKey: (aggregator: ReplayAggregator, records: [(Int64, UsageRecord)])] = [:]
      for entry in pending {
        let key = RollupKey(day: entry.record.date.daysSinceEpoch, keyID: entry.keyID)
        guard unpricedKeys.contains(key) else { continue }
        var record = entry.record
        record.tags[RollupBuilder.marker] = nil
        if probes[key] == nil { probes[key] = (ReplayAggregator(book: book, dimensions: [], priceDate: priceDate), []) }
        probes[key]!.aggregator.add(record)
        probes[key]!.records.append((entry.id, record))
      }
      for (key, probe) in probes {
        var samples: [String: Int64] = [:]
        let buckets = probe.aggregator.report().unpriced
        for (id, record) in probe.records where samples.count < buckets.count {
          var one = ReplayAggregator(book: book, dimensions: [], priceDate: priceDate)
          one.add(record)
          if let reason = one.report().unpriced.first?.reason, samples[reason] == nil { samples[reason] = id }
        }
        for bucket in buckets {
          var note = set.values[key]!.unpriced[bucket.reason] ?? RollupValue.UnpricedNote(requests: 0, images: 0, sample: nil)
          note.requests += bucket.requests
          note.images += bucket.images
          note.sample = note.sample ?? samples[bucket.reason]
          set.values[key]!.unpriced[bucket.reason] = note
        }
      }
    }
    live.removeAll(keepingCapacity: true)
    pending.removeAll(keepingCapacity: true)
  }

  /// All roll-ups so far.
  func finish() -> RollupSet {
    flush()
    return set
  }
}
