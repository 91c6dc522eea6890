import CostCore

/// Streams records into a ``ReplayReport``: price each, add it to its cell (report group × bucket of the
/// finest time dimension) and to its day's total, keep memory bounded by the number of groups, buckets
/// and days, plus the distinct request shapes (a few hundred bytes each) and about 21 bytes per distinct
/// request id.
///
/// A repeated request id is counted once (the first occurrence). Pricing is memoised per request shape
/// and stretch of days with the same rates (``ShapePriceTable``), so a record costs a few integer
/// operations once its shape is known.
public struct ReplayAggregator: Sendable {
  let dimensions: [ReplayDimension]
  let priceDate: CivilDate?
  let scenarios: [WhatIf]
  private(set) var table: ShapePriceTable
  /// Shapes by (request, kept tags): the request's index in the table's ``ShapePriceTable/requests`` and the tags' in ``tagSets``.
  private var shapeIndex = IntegerTable()
  private var tagSets = Interned<[String: String]>()
  /// The request index of each shape.
  private var shapeRequest: [Int32] = []
  /// The group of each shape: its report key without the time dimensions (nil in their places).
  private(set) var groupKeys = Interned<[String?]>()
  /// Per shape, what pricing a record reads, in one place (a log with many shapes waits for memory
  /// once a record, not once an array).
  private var shapeSlots: [ShapeSlot] = []

  /// What the hot path reads of a shape: its group, its plan for the days from `from` up to `to` (none
  /// before the first record) and, copied from that plan, its rate plan, images and disagreement flag.
  struct ShapeSlot {
    let group: Int32
    var plan: Int32 = -1
    var from: Int32 = .max
    var to: Int32 = .min
    /// The plan's rate plan when it is token-priced (−1 otherwise).
    var ratePlan: Int32 = -1
    /// Its disagreements with the capability table (an index in ``disagreementLists``; −1 until needed).
    var disagreements: Int32 = -1
    var images: Int64 = 0
    var disagrees: Int64 = 0

    init(group: Int32) { self.group = group }
  }

  /// Per model (the book's id), provider and deployment type as logged, the days on which a rate that
  /// may price such a request starts or stops (``PriceBook/rateChangeDays(provider:deploymentType:model:)``);
  /// nil for a field a request leaves out (it resolves to a default: every row may apply), and for every
  /// field with what-ifs, which reprice under other models and places.
  private var rateChanges: [RateScope: RateChangeDays] = [:]

  private struct RateScope: Hashable {
    let model: String?
    let provider: String?
    let deploymentType: String?
  }
  private(set) var disagreementLists = Interned<[String]>()
  var acc: ReplayAccumulator
  private var ids = RequestIDSet()
  /// Plan per (request, stretch of days with the same rates), so that a record resolves its plan with
  /// one integer-keyed look-up and a month of logs resolves each request shape once, not once a day.
  private var planIndex: [Int64: Int32] = [:]
  /// What-if quotes per scenario, by (plan, billed prompt tokens).
  private var whatIfCache: [[Int64: Result<USD, WhatIfFailure>]]

  /// A what-if that cannot serve a record: the reason's index in the plan table.
  struct WhatIfFailure: Error {
    let reason: Int32
  }
  public private(set) var duplicates: Int64 = 0
  private let tagKeys: Set<String>
  /// Shapes by the caller's shape ids (``add(_:uniqueWithShape:)``), for records without and with usage.
  private var callerShapes: [[Int64: Int32]] = [[:], [:]]

  public init(book: PriceBook, dimensions: [ReplayDimension], priceDate: CivilDate?, whatIfs: [WhatIf] = []) {
    tagKeys = Set(dimensions.compactMap { if case .tag(let key) = $0 { return key } else { return nil } })
    table = ShapePriceTable(book: book)
    scenarios = whatIfs
    whatIfCache = Array(repeating: [:], count: whatIfs.count)
    acc = ReplayAccumulator(scenarios: whatIfs.count)
    self.dimensions = dimensions
    self.priceDate = priceDate
    timeGrain = [ReplayDimension.day, .week, .month].first { dimensions.contains($0) }
  }

  /// Adds one record; a repeated request id is counted once.
  public mutating func add(_ record: UsageRecord) {
    guard ids.insert(RequestIDHash.hash(record.id)) else {
      duplicates += 1
      return
    }
    let shape = internShape(request: record.request, tags: record.tags, usageLogged: record.usage != nil)
    if let problem = PlausibilityBounds.violation(of: record) {
      addImplausible(shape: shape, record: record, problem: problem)
      return
    }
    accumulate(shape: shape, day: Int32(record.date.daysSinceEpoch), status: record.status, usage: record.usage, sign: 1)
  }

  /// A record whose quantities are beyond the plausibility bounds (a ledger row stored by an older
  /// imagecost; the readers reject such lines): counted as unpriced with the reason, never priced.
  private mutating func addImplausible(shape: Int32, record: UsageRecord, problem: String) {
    let day = Int32(clamping: record.date.daysSinceEpoch)
    let c = acc.cell(group: shapeSlots[Int(shape)].group, day: bucket(day))
    acc.addDay(day, cost: 0, unpriced: true, sign: 1)
    let line = PricedLine(
      basis: .unpriced, reason: table.reasons.intern("\(problem); the record cannot be priced (it was stored before imagecost checked this bound)"))
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
    let usageLogged = record.usage != nil
    if let hit = callerShapes[usageLogged ? 1 : 0][shapeID] {
      shape = hit
    } else {
      shape = internShape(request: record.request, tags: record.tags, usageLogged: usageLogged)
      callerShapes[usageLogged ? 1 : 0][shapeID] = shape
    }
    if !(record.usage.map(PlausibilityBounds.plausible) ?? true) || PlausibilityBounds.violation(of: record.request) != nil {
      addImplausible(shape: shape, record: record, problem: PlausibilityBounds.violation(of: record) ?? "a quantity")
      return .unpriced
    }
    return accumulate(shape: shape, day: Int32(record.date.daysSinceEpoch), status: record.status, usage: record.usage, sign: 1)
  }

  /// The dense index of a request shape (stable for the life of this aggregator).
  /// Only the tags a dimension groups by are kept, so per-request tag values do not multiply cells.
  /// A record priced from its usage (`usageLogged`) is priced the same whatever its input images'
  /// sizes (only their number is checked), so without what-ifs (which estimate the input images under
  /// another model) its shape keeps their number only: the shapes, and the plans compiled for them, do
  /// not multiply with the sizes of users' images.
  mutating func internShape(request: ImageRequest, tags: [String: String], usageLogged: Bool) -> Int32 {
    let kept = tagKeys.isEmpty || tags.isEmpty ? [:] : tags.filter { tagKeys.contains($0.key) }
    var request = request
    if usageLogged, countsInputImagesOnly, !request.inputImages.isEmpty {
      request.inputImages = Array(repeating: ReplayAggregator.inputImagePlaceholder, count: request.inputImages.count)
    }
    let r = table.requests.intern(request)
    let key = Int64(r) << 32 | Int64(kept.isEmpty ? 0 : tagSets.intern(kept) + 1)
    if let hit = shapeIndex[key] { return hit }
    let shape = Int32(shapeRequest.count)
    shapeIndex[key] = shape
    shapeRequest.append(r)
    // Groups name a model by the book's id, whatever alias (dated snapshot, letter case) the log used.
    var named = request
    named.model = canonicalName(request.model)
    let epoch = CivilDate(daysSinceEpoch: 0)
    shapeSlots.append(ShapeSlot(group: groupKeys.intern(dimensions.map { $0.isTime ? nil : $0.value(request: named, tags: kept, date: epoch) })))
    return shape
  }

  /// The book's id of a logged model name, or the name itself when the book does not know it (memoised:
  /// a name in another letter case or an alias costs a scan of the book's models).
  private mutating func canonicalName(_ logged: String) -> String {
    if let hit = canonicalNames[logged] { return hit }
    let name = table.book.canonicalModelID(logged) ?? logged
    canonicalNames[logged] = name
    return name
  }

  private var canonicalNames: [String: String] = [:]

  /// The request of a shape.
  func request(of shape: Int32) -> ImageRequest { table.requests[shapeRequest[Int(shape)]] }

  /// The finest time dimension the report groups by: cells are kept per group and bucket of it, not per
  /// day, so a year of logs grouped by month keeps twelve cells per group (the daily series is kept apart).
  private let timeGrain: ReplayDimension?

  /// The first day of `day`'s bucket of ``timeGrain`` (0 for every day when no dimension is a time).
  mutating func bucket(_ day: Int32) -> Int32 {
    switch timeGrain {
    case .day: return day
    case .week: return day &- ((day % 7) + 7 + 3) % 7  // Monday, as ReplayDimension.week names it (wrapping: days are small)
    case .month:
      if day == lastMonth.day { return lastMonth.start }
      let date = CivilDate(daysSinceEpoch: Int(day))
      let start = Int32(CivilDate(year: date.year, month: date.month, day: 1)?.daysSinceEpoch ?? Int(day))
      lastMonth = (day, start)
      return start
    default: return 0
    }
  }

  /// The last day ``bucket(_:)`` placed in a month, and that month's first day.
  private var lastMonth: (day: Int32, start: Int32) = (.min, 0)

  /// Whether some dimension groups by a tag (otherwise tags are not part of a record's shape).
  var groupsByTag: Bool { !tagKeys.isEmpty }

  /// Whether the shape of a record priced from usage keeps only the number of its input images.
  var countsInputImagesOnly: Bool { scenarios.isEmpty }

  /// What stands for each input image of a record priced from usage (see ``internShape(request:tags:usageLogged:)``).
  static let inputImagePlaceholder = ImageSize(width: 1024, height: 1024)

  /// An empty aggregator with the same price book and options (a worker whose sums are merged into this one).
  func worker() -> ReplayAggregator {
    ReplayAggregator(book: table.book, dimensions: dimensions, priceDate: priceDate, whatIfs: scenarios)
  }

  /// Marks a request id as counted; false when it already was (the caller counts it as a duplicate).
  mutating func insertID(_ hash: UInt128) -> Bool { ids.insert(hash) }

  /// Sizes the id set for about `count` records (a reader's estimate from the file's size); `advise`
  /// gets the set's memory first (see ``RequestIDSet/reserve(_:advise:)``).
  mutating func reserveIDs(_ count: Int, advise: (UnsafeMutableRawPointer, Int) -> Void = { _, _ in }) {
    ids.reserve(count, advise: advise)
  }

  /// ``insertID(_:)`` for `count` ids in order, calling `duplicate(i)` for each already counted.
  mutating func insertIDs(count: Int, hash: (Int) -> UInt128, duplicate: (Int) -> Void) {
    ids.insert(count: count, hash: hash, duplicate: duplicate)
  }

  mutating func countDuplicate() { duplicates += 1 }

  /// A copy of a shape's slot (a scanner keeps one beside the shape's key: see
  /// ``accumulate(slot:shape:day:status:usage:sign:)``).
  func slot(of shape: Int32) -> ShapeSlot { shapeSlots[Int(shape)] }

  /// Prices one record of a known shape and adds it (`sign` −1 takes a record back); returns its basis.
  @discardableResult
  mutating func accumulate(shape: Int32, day: Int32, status: Int?, usage: ImageUsage?, sign: Int64) -> ReplayBasis {
    var slot = shapeSlots[Int(shape)]
    let basis = accumulate(slot: &slot, shape: shape, day: day, status: status, usage: usage, sign: sign)
    shapeSlots[Int(shape)] = slot
    return basis
  }

  /// ``accumulate(shape:day:status:usage:sign:)`` reading and updating `slot`, a copy of the shape's slot
  /// (the plan it caches is renewed when `day` leaves its stretch). Every copy of a shape's slot caches
  /// the same plans, so any copy prices a record alike.
  @discardableResult
  mutating func accumulate(slot: inout ShapeSlot, shape: Int32, day: Int32, status: Int?, usage: ImageUsage?, sign: Int64) -> ReplayBasis {
    let priceDay = priceDate.map { Int32($0.daysSinceEpoch) } ?? day
    if priceDay < slot.from || priceDay >= slot.to {
      let (from, to) = stretch(of: shape, around: priceDay)
      let plan = self.plan(shape: shape, priceDay: priceDay, from: from)
      (slot.plan, slot.from, slot.to) = (plan, from, to)
      (slot.ratePlan, slot.images, slot.disagrees) = (table.ratePlan(ofPlan: plan), table.plans[Int(plan)].images, table.plans[Int(plan)].disagrees)
    }
    let plan = slot.plan
    var line = PricedLine(basis: .priced)
    // Token-priced with usage: the rate plan answers (the table's general path when it declines).
    var answered = false
    if let usage, slot.ratePlan >= 0 { answered = table.price(ratePlan: slot.ratePlan, disagrees: slot.disagrees, usage: usage, into: &line) }
    if !answered { table.price(plan: plan, status: status, usage: usage, into: &line) }
    let c = acc.cell(group: slot.group, day: bucket(day))
    acc.add(cell: c, images: slot.images, line, sign: sign)
    acc.addDay(day, cost: line.cost, unpriced: line.basis == .unpriced, sign: sign)
    let disagreeing = line.components[ComponentVector.disagreement]
    if disagreeing != 0 {
      if slot.disagreements < 0 { slot.disagreements = disagreementLists.intern(table.disagreements(of: request(of: shape))) }
      acc.addDisagreement(cell: c, list: slot.disagreements, count: disagreeing &* sign)
    }
    guard !scenarios.isEmpty, line.basis == .priced || line.basis == .estimated else { return line.basis }
    let billed = usage.map { $0.inputTextTokens ?? ($0.inputTokens - ($0.inputImageTokens ?? 0)) } ?? -1
    let whatIfKey = Int64(plan) << 32 | Int64(UInt32(truncatingIfNeeded: billed + 1))
    for s in scenarios.indices {
      let quoted: Result<USD, WhatIfFailure>
      if let hit = whatIfCache[s][whatIfKey] {
        quoted = hit
      } else {
        let applied = scenarios[s].apply(to: table.request(ofPlan: plan), usage: usage)
        switch table.quoteWhatIf(applied, day: table.plans[Int(plan)].day) {
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

  /// The stretch of days around `day` (from `from`, up to but not including `to`) in which no rate that
  /// may price `shape` starts or stops — no rate at all when there are what-ifs, which reprice under
  /// other models. A plan priced on any day of it prices every day of it the same way.
  private mutating func stretch(of shape: Int32, around day: Int32) -> (from: Int32, to: Int32) {
    let request = request(of: shape)
    let scope =
      scenarios.isEmpty
      ? RateScope(model: canonicalName(request.model), provider: request.provider, deploymentType: request.deploymentType)
      : RateScope(model: nil, provider: nil, deploymentType: nil)
    let changes: RateChangeDays
    if let hit = rateChanges[scope] {
      changes = hit
    } else {
      changes = table.book.rateChangeDays(provider: scope.provider, deploymentType: scope.deploymentType, model: scope.model)
      rateChanges[scope] = changes
    }
    let stretch = changes.stretch(of: Int(day))
    return (stretch.from.map { Int32(clamping: $0) } ?? .min, stretch.to.map { Int32(clamping: $0) } ?? .max)
  }

  /// The plan of a shape's request priced on `priceDay`, one of the stretch of days starting `from`
  /// (one plan per request and stretch).
  private mutating func plan(shape: Int32, priceDay: Int32, from: Int32) -> Int32 {
    let r = shapeRequest[Int(shape)]
    let key = Int64(r) << 32 | Int64(UInt32(bitPattern: from))
    if let hit = planIndex[key] { return hit }
    let plan = table.plan(shape: r, day: CivilDate(daysSinceEpoch: Int(priceDay)), memoized: false)
    planIndex[key] = plan
    return plan
  }

  /// Hands over everything added so far and starts an empty accumulator (shapes and plans are kept).
  mutating func takeAccumulator() -> ReplayAccumulator {
    defer { acc = ReplayAccumulator(scenarios: scenarios.count) }
    return acc
  }

  /// The assumption lists this aggregator used for the first time since the last call, in order of use:
  /// a worker hands them over with each block so the merged report lists assumptions in file order.
  mutating func takeNewAssumptions() -> [[String]] {
    acc.drainNewAssumptions().map { table.assumptionLists[$0] }
  }

  /// Notes assumption lists in this order (``takeNewAssumptions()`` of a worker, block by block).
  mutating func noteAssumptions(_ lists: [[String]]) {
    for list in lists { acc.noteAssumptions(table.assumptionLists.intern(list)) }
  }

  /// The names an accumulator of this aggregator refers to by index. Copying it is cheap (the arrays
  /// share storage until this aggregator interns something new), so a worker can hand it over with its sums.
  struct Names: Sendable {
    let groups: [[String?]]
    let disagreementLists: [[String]]
    let reasons: [String]
    let assumptionLists: [[String]]
  }

  var names: Names {
    Names(
      groups: groupKeys.values, disagreementLists: disagreementLists.values, reasons: table.reasons.values,
      assumptionLists: table.assumptionLists.values)
  }

  /// Adds `other`, the sums of a worker (another aggregator over the same price book and options) whose
  /// names are `names`, translating its groups, disagreement lists, reasons and assumption lists into this aggregator's.
  mutating func merge(_ other: ReplayAccumulator, names: Names) {
    acc.addSpent(of: other)
    acc.addDays(of: other)
    let groupMap = names.groups.map { groupKeys.intern($0) }
    var cellMap: [Int32] = []
    cellMap.reserveCapacity(other.cellGroup.count)
    for c in other.cellGroup.indices { cellMap.append(Int32(acc.addCell(c, of: other, group: groupMap[Int(other.cellGroup[c])]))) }
    for (i, entry) in other.disagreementCells.enumerated() {
      let list = disagreementLists.intern(names.disagreementLists[Int(entry.list)])
      acc.addDisagreement(cell: Int(cellMap[Int(entry.cell)]), list: list, count: other.disagreementCounts[i])
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
}

extension ReplayDimension {
  /// Whether the dimension is a record's time (day, week, month) rather than part of its request.
  var isTime: Bool { self == .day || self == .week || self == .month }
}
