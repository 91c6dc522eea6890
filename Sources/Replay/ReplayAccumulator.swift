import CostCore

/// Sums of priced records per cell (report group × bucket of the finest time dimension: a logged day, the
/// Monday of its week or the first of its month), in flat integer arrays, and each day's requests and cost.
///
/// A cell's group is the part of a report key that does not depend on the day (the owning aggregator's
/// ``ReplayAggregator/groupKeys``), so the cells of a log grow with its days and groups, never with its
/// distinct requests (sizes of input images, n, fidelity…).
///
/// Everything here is a sum, so accumulators of different parts of a log merge by adding, and a record
/// counted by mistake is taken back by adding it with sign −1 (a duplicate id found across chunks).
struct ReplayAccumulator: Sendable {
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
  /// Per group, the day and cell of its last record.
  private var lastCell: [(day: Int32, cell: Int32)] = []
  private(set) var cellGroup: [Int32] = []
  /// The days with records, and per day its requests, cost and unpriced requests (the report's daily series).
  private var dayIndex = IntegerTable()
  private var lastDay: (day: Int32, index: Int32) = (.min, 0)
  private(set) var days: [Int32] = []
  private(set) var dayNumbers: [(requests: Int64, cost: Int64, unpriced: Int64)] = []
  private(set) var cellDay: [Int32] = []
  private(set) var numbers: [Int64] = []
  /// Per cell, how many of its records priced each component (even at $0): the report lists a component
  /// while some record still counted has it (a record taken back takes its components back too).
  private(set) var componentCounts: [SIMD8<Int32>] = []
  /// A line's component mask as one lane per component.
  private static let maskLanes: [SIMD8<Int32>] = (0..<256).map { mask in
    var lanes = SIMD8<Int32>()
    for i in 0..<8 where mask & (1 << i) != 0 { lanes[i] = 1 }
    return lanes
  }
  /// Records priced from usage despite the capability table, per (cell, disagreement list of the
  /// owning aggregator): the index of each pair, the pairs and their counts.
  private var disagreementIndex = IntegerTable()
  private(set) var disagreementCells: [(cell: Int32, list: Int32)] = []
  private(set) var disagreementCounts: [Int64] = []
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

  /// The cell of (`group`, `day`), created empty when first seen.
  mutating func cell(group: Int32, day: Int32) -> Int {
    // Logs run in time order, so a group's next record is usually on the day of its last one.
    let g = Int(group)
    if g < lastCell.count, lastCell[g].day == day { return Int(lastCell[g].cell) }
    let c = indexedCell(group: group, day: day)
    if g >= lastCell.count { lastCell.append(contentsOf: repeatElement((day: Int32.min, cell: Int32(0)), count: g + 1 - lastCell.count)) }
    lastCell[g] = (day, Int32(c))
    return c
  }

  private mutating func indexedCell(group: Int32, day: Int32) -> Int {
    let key = Int64(group) << 32 | Int64(UInt32(bitPattern: day))
    if let hit = cellIndex[key] { return Int(hit) }
    cellIndex[key] = Int32(cellGroup.count)
    cellGroup.append(group)
    cellDay.append(day)
    numbers.append(contentsOf: repeatElement(0, count: ReplayAccumulator.stride))
    componentCounts.append(SIMD8())
    return cellGroup.count - 1
  }

  /// Adds a record of `day` costing `cost` nano-dollars, or unpriced, to the daily series (`sign` −1 takes it back).
  mutating func addDay(_ day: Int32, cost: Int64, unpriced: Bool, sign: Int64) {
    let d = dayEntry(day)
    dayNumbers[d].requests &+= sign
    dayNumbers[d].cost &+= cost &* sign
    if unpriced { dayNumbers[d].unpriced &+= sign }
  }

  /// Adds the daily series of `other`.
  mutating func addDays(of other: ReplayAccumulator) {
    for (d, day) in other.days.enumerated() {
      let mine = dayEntry(day)
      dayNumbers[mine].requests &+= other.dayNumbers[d].requests
      dayNumbers[mine].cost &+= other.dayNumbers[d].cost
      dayNumbers[mine].unpriced &+= other.dayNumbers[d].unpriced
    }
  }

  /// The entry of `day` in the daily series, created empty when first seen.
  private mutating func dayEntry(_ day: Int32) -> Int {
    if lastDay.day == day { return Int(lastDay.index) }
    let d: Int32
    if let hit = dayIndex[Int64(day)] {
      d = hit
    } else {
      d = Int32(days.count)
      dayIndex[Int64(day)] = d
      days.append(day)
      dayNumbers.append((0, 0, 0))
    }
    lastDay = (day, d)
    return Int(d)
  }

  /// Counts `count` records of cell `c` priced from usage despite the disagreements of list `list`.
  mutating func addDisagreement(cell c: Int, list: Int32, count: Int64) {
    let key = Int64(c) << 32 | Int64(list)
    if let hit = disagreementIndex[key] {
      disagreementCounts[Int(hit)] &+= count
      return
    }
    disagreementIndex[key] = Int32(disagreementCells.count)
    disagreementCells.append((Int32(c), list))
    disagreementCounts.append(count)
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
    if line.componentMask != 0 {
      let lanes = ReplayAccumulator.maskLanes[Int(line.componentMask)]
      componentCounts[c] = negative ? componentCounts[c] &- lanes : componentCounts[c] &+ lanes
    }
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

  /// Adds cell `c` of `other` into cell (`group`, `day`) of this accumulator; returns that cell.
  @discardableResult
  mutating func addCell(_ c: Int, of other: ReplayAccumulator, group: Int32) -> Int {
    let mine = cell(group: group, day: other.cellDay[c])
    let a = mine * ReplayAccumulator.stride
    let b = c * ReplayAccumulator.stride
    for i in 0..<ReplayAccumulator.stride { numbers[a + i] += other.numbers[b + i] }
    componentCounts[mine] &+= other.componentCounts[c]
    return mine
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

  /// Adds cell `c`'s sums to entry `g` of `sums` and `masks` (in this accumulator's layout).
  func addCell(_ c: Int, to sums: inout [Int64], _ masks: inout [UInt8], at g: Int) {
    let a = g * ReplayAccumulator.stride
    let b = c * ReplayAccumulator.stride
    for i in 0..<ReplayAccumulator.stride { sums[a + i] &+= numbers[b + i] }
    let counts = componentCounts[c]
    for i in 0..<8 where counts[i] != 0 { masks[g] |= 1 << i }
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
