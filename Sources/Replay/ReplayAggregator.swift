import CostCore
import CostIO

/// Sums of priced records per cell (request shape × logged day), in flat integer arrays.
///
/// Everything here is a sum, so accumulators of different parts of a log merge by adding, and a record
/// counted by mistake is taken back by adding it with sign −1 (a duplicate id found across chunks).
package struct ReplayAccumulator: Sendable {
  /// Per cell, three vectors of eight: requests, images, cost, 4 bases, unpriced images; 7 component
  /// costs, records priced from usage despite the capability table; 7 component tokens, 0.
  static let stride = 24
  static let basisOffset = 3
  static let componentOffset = 8
  static let tokenOffset = 16
  static let unpricedImagesOffset = 7
  static let disagreementOffset = 15
  static let bases = ReplayBasis.allCases

  private var cellIndex = IntegerTable()
  /// Per shape, the day and cell of its last record.
  private var lastCell: [(day: Int32, cell: Int32)] = []
  private(set) var cellShape: [Int32] = []
  private(set) var cellDay: [Int32] = []
  private(set) var numbers: [Int64] = []
  private(set) var componentMasks: [UInt8] = []
  /// The plan of each cell in the owning aggregator's plan table (−1 until first priced; never merged).
  var cellPlan: [Int32] = []
  /// Unpriced requests and images by reason (index in the plan table's reasons).
  private(set) var unpriced: [Int32: UnpricedSums] = [:]
  /// Assumption lists (plan-table indices) in order of first use.
  private(set) var assumptionOrder: [Int32] = []
  /// Whether each assumption list (by index) is in ``assumptionOrder``.
  private var seenAssumptions: [Bool] = []
  /// Lists first used since the last ``drainNewAssumptions()`` (for a merger that keeps file order).
  private var newAssumptions: [Int32] = []
  var whatIfs: [WhatIfSums]
  /// The sum of every record's cost so far (records are never negative), added with an overflow check:
  /// no other sum of this accumulator can overflow unless this one does.
  private(set) var spent: Int64 = 0
  /// True once ``spent`` (or a merged accumulator's) overflowed: the report's totals are then flagged.
  private(set) var overflowed = false

  struct UnpricedSums: Sendable {
    var requests: Int64 = 0
    var images: Int64 = 0
  }

  struct WhatIfSums: Sendable {
    var cost: Int64 = 0
    var asLogged: Int64 = 0
    var repriced: Int64 = 0
    var infeasible: [Int32: Int64] = [:]
  }

  init(scenarios: Int) { whatIfs = Array(repeating: WhatIfSums(), count: scenarios) }

  /// The cell of (`shape`, `day`), created empty when first seen.
  mutating func cell(shape: Int32, day: Int32) -> Int {
    // Logs run in time order, so a shape's next record is usually on the day of its last one.
    let s = Int(shape)
    if s < lastCell.count, lastCell[s].day == day { return Int(lastCell[s].cell) }
    let c = indexedCell(shape: shape, day: day)
    if s >= lastCell.count { lastCell.append(contentsOf: repeatElement((day: Int32.min, cell: Int32(0)), count: s + 1 - lastCell.count)) }
    lastCell[s] = (day, Int32(c))
    return c
  }

  private mutating func indexedCell(shape: Int32, day: Int32) -> Int {
    let key = Int64(shape) << 32 | Int64(UInt32(bitPattern: day))
    if let hit = cellIndex[key] { return Int(hit) }
    cellIndex[key] = Int32(cellShape.count)
    cellShape.append(shape)
    cellDay.append(day)
    numbers.append(contentsOf: repeatElement(0, count: ReplayAccumulator.stride))
    componentMasks.append(0)
    cellPlan.append(-1)
    return cellShape.count - 1
  }

  /// Adds `line` to cell `c` (`sign` 1), or takes it back (`sign` −1).
  mutating func add(cell c: Int, images: Int64, _ line: PricedLine, sign: Int64) {
    precondition(sign == 1 || sign == -1)
    if sign > 0 {
      let (sum, overflow) = spent.addingReportingOverflow(line.cost)
      spent = sum
      if overflow { overflowed = true }
    }
    let base = c &* ReplayAccumulator.stride
    var head = SIMD8<Int64>(1, images, line.cost, 0, 0, 0, 0, 0)
    head[ReplayAccumulator.basisOffset + line.basis.slot] = 1
    if line.basis == .unpriced { head[ReplayAccumulator.unpricedImagesOffset] = images }
    let negative = sign < 0
    numbers.withUnsafeMutableBytes { raw in
      let at = base &* MemoryLayout<Int64>.stride
      // Vector additions (sign is +1 or −1: a subtraction takes a record back).
      func add(_ offset: Int, _ value: SIMD8<Int64>) {
        let p = at &+ offset &* MemoryLayout<Int64>.stride
        let old = raw.loadUnaligned(fromByteOffset: p, as: SIMD8<Int64>.self)
        raw.storeBytes(of: negative ? old &- value : old &+ value, toByteOffset: p, as: SIMD8<Int64>.self)
      }
      add(0, head)
      if line.componentMask != 0 || line.components[ComponentVector.disagreement] != 0 {
        add(ReplayAccumulator.componentOffset, line.components.lanes)
        add(ReplayAccumulator.tokenOffset, line.tokens.lanes)
      }
    }
    componentMasks[c] |= line.componentMask
    if line.basis == .unpriced {
      unpriced[line.reason, default: UnpricedSums()].requests += sign
      unpriced[line.reason]!.images += images &* sign
    }
    noteAssumptions(line.assumptions)
  }

  mutating func noteAssumptions(_ list: Int32) {
    guard list != 0 else { return }
    let i = Int(list)
    if i < seenAssumptions.count, seenAssumptions[i] { return }
    if i >= seenAssumptions.count { seenAssumptions.append(contentsOf: repeatElement(false, count: i + 1 - seenAssumptions.count)) }
    seenAssumptions[i] = true
    assumptionOrder.append(list)
    newAssumptions.append(list)
  }

  mutating func drainNewAssumptions() -> [Int32] {
    defer { newAssumptions.removeAll(keepingCapacity: true) }
    return newAssumptions
  }

  /// Adds cell `c` of `other` into cell (`shape`, `day`) of this accumulator.
  mutating func addCell(_ c: Int, of other: ReplayAccumulator, shape: Int32) {
    let mine = cell(shape: shape, day: other.cellDay[c])
    let a = mine * ReplayAccumulator.stride, b = c * ReplayAccumulator.stride
    for i in 0..<ReplayAccumulator.stride { numbers[a + i] += other.numbers[b + i] }
    componentMasks[mine] |= other.componentMasks[c]
  }

  /// Notes the running total of an accumulator merged into this one.
  mutating func addSpent(of other: ReplayAccumulator) {
    let (sum, overflow) = spent.addingReportingOverflow(other.spent)
    spent = sum
    if overflow || other.overflowed { overflowed = true }
  }

  mutating func addUnpriced(reason: Int32, _ sums: UnpricedSums) {
    unpriced[reason, default: UnpricedSums()].requests += sums.requests
    unpriced[reason]!.images += sums.images
  }

  /// Requests counted in cell `c` (0 when every record added was taken back), and their cost in nano-dollars.
  func requests(_ c: Int) -> Int64 { numbers[c * ReplayAccumulator.stride] }
  func cost(_ c: Int) -> Int64 { numbers[c * ReplayAccumulator.stride + 2] }
  /// Records of cell `c` priced from their usage although the capability table would refuse their request.
  func disagreeing(_ c: Int) -> Int64 { numbers[c * ReplayAccumulator.stride + ReplayAccumulator.disagreementOffset] }

  /// Adds cell `c`'s sums to entry `g` of `sums` and `masks` (in this accumulator's layout).
  func addCell(_ c: Int, to sums: inout [Int64], _ masks: inout [UInt8], at g: Int) {
    let a = g * ReplayAccumulator.stride, b = c * ReplayAccumulator.stride
    for i in 0..<ReplayAccumulator.stride { sums[a + i] &+= numbers[b + i] }
    masks[g] |= componentMasks[c]
  }

  /// The totals of entry `g` of sums in this accumulator's layout, in the report's form.
  static func totals(_ numbers: [Int64], _ masks: [UInt8], at g: Int) -> ReplayTotals {
    let base = g * ReplayAccumulator.stride
    var t = ReplayTotals()
    t.requests = numbers[base]
    t.images = numbers[base + 1]
    t.cost = USD(nanos: numbers[base + 2])
    t.unpricedImages = numbers[base + ReplayAccumulator.unpricedImagesOffset]
    for (i, basis) in ReplayAccumulator.bases.enumerated() where numbers[base + ReplayAccumulator.basisOffset + i] != 0 {
      t.byBasis[basis] = numbers[base + ReplayAccumulator.basisOffset + i]
    }
    for (i, kind) in ComponentKind.allCases.enumerated() {
      if masks[g] & (1 << i) != 0 { t.components[kind] = USD(nanos: numbers[base + ReplayAccumulator.componentOffset + i]) }
      let tokens = numbers[base + ReplayAccumulator.tokenOffset + i]
      if tokens != 0 { t.tokens[kind] = tokens }
    }
    return t
  }
}

extension ReplayBasis {
  var slot: Int {
    switch self {
    case .priced: return 0
    case .estimated: return 1
    case .unbilled: return 2
    case .unpriced: return 3
    }
  }
}

/// Streams records into a ``ReplayReport``: price each, add it to its cell, keep memory bounded by
/// the number of distinct request shapes and days (plus 32 bytes per distinct request id).
///
/// A repeated request id is counted once (the first occurrence). Pricing is memoised per request shape
/// and day (``ReplayPlanTable``), so a record costs a few integer operations once its shape is known.
public struct ReplayAggregator: Sendable {
  let dimensions: [ReplayDimension]
  let priceDate: CivilDate?
  private let scenarios: [WhatIf]
  private(set) var table: ReplayPlanTable
  private(set) var shapes = Interned<ReplayShape>()
  private var requests = Interned<ImageRequest>()
  /// The request index of each shape.
  private var shapeRequest: [Int32] = []
  private var acc: ReplayAccumulator
  private var ids = RequestIDSet()
  /// Plan per (request, stretch of days with the same rates), so that a record resolves its plan with
  /// one integer-keyed look-up and a month of logs resolves each request shape once, not once a day.
  private var planIndex: [Int64: Int32] = [:]
  private var lastDay: Int32 = .min
  private var lastSegment = 0
  /// What-if quotes per scenario, by (plan, billed prompt tokens).
  private var whatIfCache: [[Int64: Result<USD, WhatIfFailure>]]

  /// A what-if that cannot serve a record: the reason's index in the plan table.
  struct WhatIfFailure: Error {
    let reason: Int32
  }
  public private(set) var duplicates: Int64 = 0
  private let tagKeys: Set<String>
  /// Shapes by the caller's shape ids (``add(_:uniqueWithShape:)``).
  private var callerShapes: [Int64: Int32] = [:]

  public init(book: PriceBook, dimensions: [ReplayDimension], priceDate: CivilDate?, whatIfs: [WhatIf] = []) {
    tagKeys = Set(dimensions.compactMap { if case .tag(let key) = $0 { return key } else { return nil } })
    table = ReplayPlanTable(book: book)
    scenarios = whatIfs
    whatIfCache = Array(repeating: [:], count: whatIfs.count)
    acc = ReplayAccumulator(scenarios: whatIfs.count)
    self.dimensions = dimensions
    self.priceDate = priceDate
  }

  /// Adds one record; a repeated request id is counted once.
  public mutating func add(_ record: UsageRecord) {
    guard ids.insert(RequestIDHash.hash(record.id)) else {
      duplicates += 1
      return
    }
    let shape = internShape(request: record.request, tags: record.tags)
    if let problem = PlausibilityBounds.violation(of: record) {
      addImplausible(shape: shape, record: record, problem: problem)
      return
    }
    accumulate(shape: shape, day: Int32(record.date.daysSinceEpoch), status: record.status, usage: record.usage, sign: 1)
  }

  /// A record whose quantities are beyond the plausibility bounds (a ledger row stored by an older
  /// imagecost; the readers reject such lines): counted as unpriced with the reason, never priced.
  private mutating func addImplausible(shape: Int32, record: UsageRecord, problem: String) {
    let c = acc.cell(shape: shape, day: Int32(clamping: record.date.daysSinceEpoch))
    let line = PricedLine(basis: .unpriced, reason: table.reasons.intern("\(problem); the record cannot be priced (it was stored before imagecost checked this bound)"))
    acc.add(cell: c, images: min(max(Int64(record.request.n), 0), PlausibilityBounds.imagesPerRequest), line, sign: 1)
  }

  /// Adds a record whose id is already known to be unique (a ledger row), without duplicate detection.
  ///
  /// `shapeID` is the caller's own identity for the record's request and tags: records given the same
  /// `shapeID` must have equal requests and tags (the ledger passes its key and detail ids), so the shape
  /// is found with one integer look-up instead of hashing the request.
  /// - Returns: how the record was priced.
  @discardableResult
  public mutating func add(_ record: UsageRecord, uniqueWithShape shapeID: Int64) -> ReplayBasis {
    let shape: Int32
    if let hit = callerShapes[shapeID] {
      shape = hit
    } else {
      shape = internShape(request: record.request, tags: record.tags)
      callerShapes[shapeID] = shape
    }
    if !(record.usage.map(PlausibilityBounds.plausible) ?? true) || PlausibilityBounds.violation(of: record.request) != nil {
      addImplausible(shape: shape, record: record, problem: PlausibilityBounds.violation(of: record) ?? "a quantity")
      return .unpriced
    }
    return accumulate(shape: shape, day: Int32(record.date.daysSinceEpoch), status: record.status, usage: record.usage, sign: 1)
  }

  /// The dense index of a request shape (stable for the life of this aggregator).
  /// Only the tags a dimension groups by are kept, so per-request tag values do not multiply cells.
  package mutating func internShape(request: ImageRequest, tags: [String: String]) -> Int32 {
    let kept = tagKeys.isEmpty || tags.isEmpty ? [:] : tags.filter { tagKeys.contains($0.key) }
    let shape = shapes.intern(ReplayShape(request: request, tags: kept))
    if Int(shape) == shapeRequest.count { shapeRequest.append(requests.intern(request)) }
    return shape
  }

  /// Whether some dimension groups by a tag (otherwise tags are not part of a record's shape).
  package var groupsByTag: Bool { !tagKeys.isEmpty }

  /// An empty aggregator with the same price book and options (a worker whose sums are merged into this one).
  package func worker() -> ReplayAggregator {
    ReplayAggregator(book: table.book, dimensions: dimensions, priceDate: priceDate, whatIfs: scenarios)
  }

  /// Marks a request id as counted; false when it already was (the caller counts it as a duplicate).
  package mutating func insertID(_ hash: UInt128) -> Bool { ids.insert(hash) }

  /// Sizes the id set for about `count` records (a reader's estimate from the file's size); `advise`
  /// gets the set's memory first (see ``RequestIDSet/reserve(_:advise:)``).
  package mutating func reserveIDs(_ count: Int, advise: (UnsafeMutableRawPointer, Int) -> Void = { _, _ in }) {
    ids.reserve(count, advise: advise)
  }

  /// ``insertID(_:)`` for `count` ids in order, calling `duplicate(i)` for each already counted.
  package mutating func insertIDs(count: Int, hash: (Int) -> UInt128, duplicate: (Int) -> Void) {
    ids.insert(count: count, hash: hash, duplicate: duplicate)
  }

  package mutating func countDuplicate() { duplicates += 1 }

  /// Prices one record of a known shape and adds it (`sign` −1 takes a record back); returns its basis.
  @discardableResult
  package mutating func accumulate(shape: Int32, day: Int32, status: Int?, usage: ImageUsage?, sign: Int64) -> ReplayBasis {
    let c = acc.cell(shape: shape, day: day)
    var plan = acc.cellPlan[c]
    if plan < 0 {
      plan = self.plan(shape: shape, day: day)
      acc.cellPlan[c] = plan
    }
    var line = PricedLine(basis: .priced)
    table.price(plan: plan, status: status, usage: usage, into: &line)
    let images = table.compiled[Int(plan)].images
    acc.add(cell: c, images: images, line, sign: sign)
    guard !scenarios.isEmpty, line.basis == .priced || line.basis == .estimated else { return line.basis }
    let billed = usage.map { $0.inputTextTokens ?? ($0.inputTokens - ($0.inputImageTokens ?? 0)) } ?? -1
    let whatIfKey = Int64(plan) << 32 | Int64(UInt32(truncatingIfNeeded: billed + 1))
    for s in scenarios.indices {
      let quoted: Result<USD, WhatIfFailure>
      if let hit = whatIfCache[s][whatIfKey] {
        quoted = hit
      } else {
        let plan = table.plans[Int(plan)]
        let applied = scenarios[s].apply(to: plan.request, usage: usage)
        switch table.quoteWhatIf(applied, day: plan.day) {
        case .success(let total): quoted = .success(total)
        case .failure(let error): quoted = .failure(WhatIfFailure(reason: table.whatIfReason(error, request: applied)))
        }
        whatIfCache[s][whatIfKey] = quoted
      }
      switch quoted {
      case .success(let total):
        acc.whatIfs[s].cost &+= total.nanos &* sign
        acc.whatIfs[s].asLogged &+= line.cost &* sign
        acc.whatIfs[s].repriced &+= sign
      case .failure(let failure):
        acc.whatIfs[s].infeasible[failure.reason, default: 0] &+= sign
      }
    }
    return line.basis
  }

  /// The plan of a cell: its request, priced at the price date or its own day (one plan per stretch of
  /// days with the same rates).
  private mutating func plan(shape: Int32, day: Int32) -> Int32 {
    let r = shapeRequest[Int(shape)]
    let priceDay = priceDate.map { Int32($0.daysSinceEpoch) } ?? day
    if priceDay != lastDay {
      lastDay = priceDay
      lastSegment = table.segment(of: Int(priceDay))
    }
    let key = Int64(r) << 32 | Int64(lastSegment)
    if let hit = planIndex[key] { return hit }
    let plan = table.plan(shape: r, request: requests[r], day: CivilDate(daysSinceEpoch: Int(priceDay)))
    planIndex[key] = plan
    return plan
  }

  /// Hands over everything added so far and starts an empty accumulator (shapes and plans are kept).
  package mutating func takeAccumulator() -> ReplayAccumulator {
    defer { acc = ReplayAccumulator(scenarios: scenarios.count) }
    return acc
  }

  /// The assumption lists this aggregator used for the first time since the last call, in order of use:
  /// a worker hands them over with each block so the merged report lists assumptions in file order.
  package mutating func takeNewAssumptions() -> [[String]] {
    acc.drainNewAssumptions().map { table.assumptionLists[$0] }
  }

  /// Notes assumption lists in this order (``takeNewAssumptions()`` of a worker, block by block).
  package mutating func noteAssumptions(_ lists: [[String]]) {
    for list in lists { acc.noteAssumptions(table.assumptionLists.intern(list)) }
  }

  /// The names an accumulator of this aggregator refers to by index. Copying it is cheap (the arrays
  /// share storage until this aggregator interns something new), so a worker can hand it over with its sums.
  package struct Names: Sendable {
    let shapes: [ReplayShape]
    let reasons: [String]
    let assumptionLists: [[String]]
  }

  package var names: Names { Names(shapes: shapes.values, reasons: table.reasons.values, assumptionLists: table.assumptionLists.values) }

  /// Adds `other`, the sums of a worker (another aggregator over the same price book and options) whose
  /// names are `names`, translating its shapes, reasons and assumption lists into this aggregator's.
  ///
  /// `shapeMap` maps the worker's shape indices to this aggregator's; keep one per worker across merges.
  package mutating func merge(_ other: ReplayAccumulator, names: Names, shapeMap: inout [Int32]) {
    acc.addSpent(of: other)
    for c in other.cellShape.indices {
      let theirs = Int(other.cellShape[c])
      while shapeMap.count <= theirs {
        let shape = names.shapes[shapeMap.count]
        shapeMap.append(internShape(request: shape.request, tags: shape.tags))
      }
      acc.addCell(c, of: other, shape: shapeMap[theirs])
    }
    for (reason, sums) in other.unpriced { acc.addUnpriced(reason: table.reasons.intern(names.reasons[Int(reason)]), sums) }
    for list in other.assumptionOrder { acc.noteAssumptions(table.assumptionLists.intern(names.assumptionLists[Int(list)])) }
    for s in scenarios.indices {
      let w = other.whatIfs[s]
      acc.whatIfs[s].cost += w.cost
      acc.whatIfs[s].asLogged += w.asLogged
      acc.whatIfs[s].repriced += w.repriced
      for (reason, count) in w.infeasible { acc.whatIfs[s].infeasible[table.reasons.intern(names.reasons[Int(reason)]), default: 0] += count }
    }
  }

  public func report() -> ReplayReport {
    let book = table.book
    // Cells add up into groups as integers: a group's key is its shape's part (every dimension but
    // time) and its day's part (day, week, month), each worked out once per distinct shape or day.
    let isTime = dimensions.map { [.day, .week, .month].contains($0) }
    var shapeParts = Interned<[String?]>(), dayParts = Interned<[String?]>()
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
      let s = Int(acc.cellShape[c]), day = acc.cellDay[c]
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
      dimensions: dimensions.map(\.name), groups: groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { ReplayGroup(key: $0, totals: groups[$0]!) },
      totals: totals, unpriced: unpriced.sorted { ($0.requests, $0.reason) > ($1.requests, $1.reason) },
      assumptions: ids.compactMap { book.assumptions[$0] }, warnings: [], priceDate: priceDate,
      priceBookFingerprint: book.fingerprint, priceBookAsOf: book.asOf, whatIfs: whatIfs, daily: daily, duplicates: duplicates)
    report.priceBookAge = (priceDate ?? daily.keys.max()).flatMap { book.age(at: $0) }
    if let stale = report.priceBookAge?.warning { report.warnings.append(stale) }
    return report
  }
}
