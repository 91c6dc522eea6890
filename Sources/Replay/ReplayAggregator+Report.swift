import CostCore

extension ReplayAggregator {
  /// The report of everything added so far.
  public func report() -> ReplayReport {
    let book = table.book
    // Cells add up into groups as integers: a group's key is its cell's group (every dimension but
    // time, ``groupKeys``) and its day's part (day, week, month), worked out once per distinct day.
    var dayParts = Interned<[String?]>()
    var dayPart = IntegerTable()
    let anyRequest = ImageRequest(model: "")
    var groupIndex = IntegerTable()
    var groupParts: [(group: Int32, day: Int32)] = []
    let stride = ReplayAccumulator.stride
    var sums: [Int64] = Array(repeating: 0, count: stride)  // entry 0: everything
    var masks: [UInt8] = [0]
    // The group (index in sums) of each cell, −1 for a cell whose records were all taken back.
    var cellGroup = [Int](repeating: -1, count: acc.cellGroup.count)
    for c in acc.cellGroup.indices where acc.requests(c) != 0 {
      let part = acc.cellGroup[c]
      let day = acc.cellDay[c]
      let d: Int32
      if let hit = dayPart[Int64(day)] {
        d = hit
      } else {
        let date = CivilDate(daysSinceEpoch: Int(day))
        d = dayParts.intern(dimensions.map { $0.isTime ? $0.value(request: anyRequest, tags: [:], date: date) : nil })
        dayPart[Int64(day)] = d
      }
      let key = Int64(part) << 32 | Int64(d)
      let g: Int
      if let hit = groupIndex[key] {
        g = Int(hit)
      } else {
        g = groupParts.count + 1
        groupIndex[key] = Int32(g)
        groupParts.append((part, d))
        sums.append(contentsOf: repeatElement(0, count: stride))
        masks.append(0)
      }
      acc.addCell(c, to: &sums, &masks, at: g)
      acc.addCell(c, to: &sums, &masks, at: 0)
      cellGroup[c] = g
    }
    // Records priced from usage despite the capability table, by what they did: per group (index) and in all.
    var disagreeing: [Int: [String: Int64]] = [:]
    for (i, entry) in acc.disagreementCells.enumerated() where acc.disagreementCounts[i] != 0 && cellGroup[Int(entry.cell)] >= 0 {
      let g = cellGroup[Int(entry.cell)]
      for text in disagreementLists[entry.list] {
        disagreeing[g, default: [:]][text, default: 0] += acc.disagreementCounts[i]
        disagreeing[0, default: [:]][text, default: 0] += acc.disagreementCounts[i]
      }
    }
    var groups: [[String]: ReplayTotals] = [:]
    for (i, parts) in groupParts.enumerated() {
      let key = zip(groupKeys[parts.group], dayParts[parts.day]).map { $0 ?? $1! }
      var part = ReplayAccumulator.totals(sums, masks, at: i + 1)
      part.disagreements = disagreeing[i + 1] ?? [:]
      groups[key, default: ReplayTotals()].merge(part)
    }
    var totals = ReplayAccumulator.totals(sums, masks, at: 0)
    totals.disagreements = disagreeing[0] ?? [:]
    if acc.overflowed { totals.overflowed = true }
    // Days whose every record was taken back (duplicates) are left out, as are their cells.
    let kept = acc.days.indices.filter { acc.dayNumbers[$0].requests != 0 }
    let daily = Dictionary(uniqueKeysWithValues: kept.map { (CivilDate(daysSinceEpoch: Int(acc.days[$0])), USD(nanos: acc.dayNumbers[$0].cost)) })
    let dailyUnpriced = Dictionary(
      uniqueKeysWithValues: kept.filter { acc.dayNumbers[$0].unpriced != 0 }.map {
        (CivilDate(daysSinceEpoch: Int(acc.days[$0])), acc.dayNumbers[$0].unpriced)
      })
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
    report.dailyUnpriced = dailyUnpriced
    report.priceBookAge = (priceDate ?? daily.keys.max()).flatMap { book.age(at: $0) }
    if let stale = report.priceBookAge?.warning { report.warnings.append(stale) }
    return report
  }
}
