import CostCore

/// Sums of priced records per cell (request shape × logged day), in flat integer arrays.
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
    let a = mine * ReplayAccumulator.stride
    let b = c * ReplayAccumulator.stride
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
    let a = g * ReplayAccumulator.stride
    let b = c * ReplayAccumulator.stride
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
