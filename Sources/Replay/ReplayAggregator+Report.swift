import CostCore

extension ReplayAggregator {
  /// The report of everything added so far.
  public func report() -> ReplayReport {
    let book = table.book
    // Cells add up into groups as integers: a group's key is its shape's part (every dimension but
    // time) and its day's part (day, week, month), each worked out once per distinct shape or day.
    let isTime = dimensions.map { [.day, .week, .month].contains($0) }
    var shapeParts = Interned<[String?]>()
    var dayParts = Interned<[String?]>()
    var shapePart: [Int32] = Array(repeating: -1, count: shapes.values.count)
    var dayPart = IntegerTable()
    var groupIndex = IntegerTable()
    var groupParts: [(shape: Int32, day: Int32)] = []
    let stride = ReplayAccumulator.stride
    var sums: [Int64] = Array(repeating: 0, count: stride)  // entry 0: everything
    var masks: [UInt8] = [0]
    var dailyNanos: [Int32: Int64] = [:]
    // Records priced from usage despite the capability table, by what they did: per group (index) and in all.
    var disagreeing: [Int: [String: Int64]] = [:]
    var shapeDisagreements: [Int32: [String]] = [:]
    for c in acc.cellShape.indices where acc.requests(c) != 0 {
      let s = Int(acc.cellShape[c])
      let day = acc.cellDay[c]
      if shapePart[s] < 0 {
        let shape = shapes[Int32(s)]
        // Groups name a model by the book's id, whatever alias (dated snapshot, letter case) the log used.
        var request = shape.request
        request.model = table.book.canonicalModelID(request.model) ?? request.model
        shapePart[s] = shapeParts.intern(
          dimensions.indices.map { isTime[$0] ? nil : dimensions[$0].value(request: request, tags: shape.tags, date: CivilDate(daysSinceEpoch: 0)) })
      }
      let d: Int32
      if let hit = dayPart[Int64(day)] {
        d = hit
      } else {
        let date = CivilDate(daysSinceEpoch: Int(day))
        let request = shapes[Int32(s)].request
        d = dayParts.intern(dimensions.indices.map { isTime[$0] ? dimensions[$0].value(request: request, tags: [:], date: date) : nil })
        dayPart[Int64(day)] = d
      }
      let key = Int64(shapePart[s]) << 32 | Int64(d)
      let g: Int
      if let hit = groupIndex[key] {
        g = Int(hit)
      } else {
        g = groupParts.count + 1
        groupIndex[key] = Int32(g)
        groupParts.append((shapePart[s], d))
        sums.append(contentsOf: repeatElement(0, count: stride))
        masks.append(0)
      }
      acc.addCell(c, to: &sums, &masks, at: g)
      acc.addCell(c, to: &sums, &masks, at: 0)
      if acc.disagreeing(c) != 0 {
        let shape = acc.cellShape[c]
        if shapeDisagreements[shape] == nil { shapeDisagreements[shape] = table.disagreements(of: shapes[shape].request) }
        for text in shapeDisagreements[shape]! {
          disagreeing[g, default: [:]][text, default: 0] += acc.disagreeing(c)
          disagreeing[0, default: [:]][text, default: 0] += acc.disagreeing(c)
        }
      }
      dailyNanos[day, default: 0] &+= acc.cost(c)
    }
    var groups: [[String]: ReplayTotals] = [:]
    for (i, parts) in groupParts.enumerated() {
      let key = zip(shapeParts[parts.shape], dayParts[parts.day]).map { $0 ?? $1! }
      var part = ReplayAccumulator.totals(sums, masks, at: i + 1)
      part.disagreements = disagreeing[i + 1] ?? [:]
      groups[key, default: ReplayTotals()].merge(part)
    }
    var totals = ReplayAccumulator.totals(sums, masks, at: 0)
    totals.disagreements = disagreeing[0] ?? [:]
    if acc.overflowed { totals.overflowed = true }
    let daily = Dictionary(uniqueKeysWithValues: dailyNanos.map { (CivilDate(daysSinceEpoch: Int($0.key)), USD(nanos: $0.value)) })
    let unpriced = acc.unpriced.compactMap { reason, sums in
      sums.requests == 0 ? nil : UnpricedBucket(reason: table.reasons[reason], requests: sums.requests, images: sums.images)
    }
    var ids: [String] = []
    var seen = Set<String>()
    for list in acc.assumptionOrder { for id in table.assumptionLists[list] where seen.insert(id).inserted { ids.append(id) } }
    let whatIfs = scenarios.indices.map { s -> WhatIfResult in
      var result = WhatIfResult(scenario: scenarios[s].description)
      let sums = acc.whatIfs[s]
      result.cost = USD(nanos: sums.cost)
      result.asLogged = USD(nanos: sums.asLogged)
      result.repriced = sums.repriced
      for (reason, count) in sums.infeasible where count != 0 { result.infeasible[table.reasons[reason], default: 0] += count }
      return result
    }
    var report = ReplayReport(
      dimensions: dimensions.map(\.name),
      groups: groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { ReplayGroup(key: $0, totals: groups[$0]!) },
      totals: totals, unpriced: unpriced.sorted { ($0.requests, $0.reason) > ($1.requests, $1.reason) },
      assumptions: ids.compactMap { book.assumptions[$0] }, warnings: [], priceDate: priceDate,
      priceBookFingerprint: book.fingerprint, priceBookAsOf: book.asOf, whatIfs: whatIfs, daily: daily, duplicates: duplicates)
    report.priceBookAge = (priceDate ?? daily.keys.max()).flatMap { book.age(at: $0) }
    if let stale = report.priceBookAge?.warning { report.warnings.append(stale) }
    return report
  }
}
