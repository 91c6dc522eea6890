/// A request shape: everything about a logged request that pricing and grouping read, except its id,
/// time, status and usage.
package struct ReplayShape: Hashable, Sendable {
  package let request: ImageRequest
  package let tags: [String: String]

  package init(request: ImageRequest, tags: [String: String]) {
    self.request = request
    self.tags = tags
  }
}

/// Pricing of replayed records, memoised per (request shape, price day).
///
/// Everything cached is a pure function of the price book and the key, so cached and uncached pricing
/// give identical results; ``ReplayPricer/price(_:priceDate:)`` is this table used for one record.
package struct ShapePriceTable: Sendable {
  package let book: PriceBook
  let pricer: Pricer
  package var reasons = Interned<String>()
  package var assumptionLists = Interned<[String]>()

  /// Everything about one (request shape, day) that does not depend on the logged usage.
  package struct ShapePricing: Sendable {
    package let request: ImageRequest
    package let day: CivilDate
    let resolution: Result<Resolution, any Error>
    /// Image output tokens expected from the token table (for the output split rule).
    var expected: Result<Int64, any Error>?
    /// Rate look-ups by component slot, filled when first needed (only what pricing reads, not the whole row).
    var rates: [SlotRate?] = Array(repeating: nil, count: ComponentVector.count)
    /// Results that do not depend on usage: the estimate (no usage) and the per-image price.
    var constant: PricedLine?
    /// Assumption lists of usage-priced records, by (components used, split applied).
    var assumptionSets: [(key: UInt16, list: Int32)] = []
  }

  /// What pricing needs of a rate look-up.
  enum SlotRate: Sendable {
    case rate(Price, assumption: String?)
    case unmetered(assumption: String)
    case failed(any Error)
  }

  /// A resolved request (a reference, so that copying a plan copies one pointer, not a model spec).
  final class Resolution: Sendable {
    let resolved: ResolvedRequest
    let model: ModelSpec
    /// Capability checks the logged request fails (priced from its usage all the same).
    let disagreements: [QuoteError]

    init(resolved: ResolvedRequest, model: ModelSpec, disagreements: [QuoteError]) {
      self.resolved = resolved
      self.model = model
      self.disagreements = disagreements
    }
  }

  package private(set) var plans: [ShapePricing] = []
  /// Per plan, the compiled form the hot path reads (plain values, no reference counting).
  package private(set) var compiled: [CompiledShapePricing] = []
  /// Priced lines of records without usage, by ``CompiledShapePricing/estimate``.
  private var estimates: [PricedLine] = []
  private var planIndex: [Int64: Int32] = [:]
  private var unbilled: [Int: PricedLine] = [:]
  /// Token rates already looked up, by where, what and the stretch of days (plans of requests that
  /// differ in n, size or input images share them).
  private var rateMemo: [RateKey: SlotRate] = [:]

  private struct RateKey: Hashable {
    let provider: String
    let deploymentType: String
    let region: String?
    let model: String
    let slot: Int
    let segment: Int
  }

  /// Days on which some rate or unmetered component starts or stops applying, sorted: between two of
  /// them every dated look-up gives the same answer, so one plan serves the whole stretch.
  let boundaries: [Int]

  package init(book: PriceBook) {
    self.book = book
    pricer = Pricer(book: book)
    let ranges = book.rates.map(\.effective) + book.unmetered.map(\.effective)
    boundaries = Set(ranges.flatMap { [$0.from.daysSinceEpoch] + ($0.to.map { [$0.daysSinceEpoch] } ?? []) }).sorted()
    _ = assumptionLists.intern([])  // index 0: no assumptions
  }

  /// The stretch of days `day` falls in: the number of ``boundaries`` on or before it.
  package func segment(of day: Int) -> Int {
    var low = 0
    var high = boundaries.count
    while low < high {
      let mid = (low + high) / 2
      if boundaries[mid] <= day { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The plan of `request` (interned as `shape`) priced at `day`, resolving the request the first time.
  package mutating func plan(shape: Int32, request: ImageRequest, day: CivilDate) -> Int32 {
    let key = Int64(shape) << 32 | Int64(UInt32(truncatingIfNeeded: day.daysSinceEpoch))
    if let hit = planIndex[key] { return hit }
    let pricer = self.pricer
    // This resolution serves records with logged usage, which is the bill: the capability table does not
    // refuse them (an edit logged without its input images' sizes, input_fidelity on a model said to lack
    // it…); the disagreements are counted instead.
    let resolution = Result { () throws -> Resolution in
      let (resolved, model, disagreements) = try pricer.resolveLogged(request)
      return Resolution(resolved: resolved, model: model, disagreements: disagreements)
    }
    plans.append(ShapePricing(request: request, day: day, resolution: resolution))
    compiled.append(CompiledShapePricing(images: Int64(request.n)))
    planIndex[key] = Int32(plans.count - 1)
    return Int32(plans.count - 1)
  }

  /// The reason text of an unpriced record. A rate missing on a date is described without the date:
  /// a plan serves every day between two rate changes, so naming the day it was first priced at would
  /// make the report depend on the order records reached it (and spread one cause over a bucket a day).
  mutating func reason(_ error: any Error, request: ImageRequest? = nil) -> Int32 {
    guard let error = error as? QuoteError else { return reasons.intern("\(error)") }
    return reasons.intern(request.map { error.loggedDescription(of: $0) } ?? error.undatedDescription)
  }

  /// The reason text of a what-if that cannot serve a record (said of the repriced request, not of flags).
  package mutating func whatIfReason(_ error: any Error, request: ImageRequest) -> Int32 {
    guard let error = error as? QuoteError else { return reasons.intern("\(error)") }
    return reasons.intern(error.loggedDescription(of: request, as: "repriced", consequence: "the scenario cannot serve it"))
  }

  /// The capability disagreements of a request priced from its logged usage (empty when it resolves
  /// cleanly, or cannot be resolved at all).
  package func disagreements(of request: ImageRequest) -> [String] {
    guard let (_, _, found) = try? pricer.resolveLogged(request) else { return [] }
    return found.compactMap(\.loggedDisagreement)
  }

  /// Prices one record of `plan` with its HTTP status and logged usage.
  mutating func price(plan p: Int32, status: Int?, usage: ImageUsage?) -> PricedLine {
    var line = PricedLine(basis: .priced)
    price(plan: p, status: status, usage: usage, into: &line)
    return line
  }

  /// ``price(plan:status:usage:)`` written into `line` (a priced line is 140 bytes; the hot path
  /// keeps one and overwrites it).
  package mutating func price(plan p: Int32, status: Int?, usage: ImageUsage?, into line: inout PricedLine) {
    let index = Int(p)
    if let usage {
      if compiled[index].state == .tokens, compiled[index].price(usage, into: &line) { return }
      if compiled[index].unresolved >= 0 {
        line = PricedLine(basis: .unpriced, reason: compiled[index].unresolved)
        return
      }
    } else if compiled[index].estimate >= 0, status.map({ (200..<300).contains($0) }) ?? true {
      line = estimates[Int(compiled[index].estimate)]
      return
    }
    line = general(plan: p, status: status, usage: usage)
  }

  /// The general path of ``price(plan:status:usage:)``: every case, memoising what it can.
  private mutating func general(plan p: Int32, status: Int?, usage: ImageUsage?) -> PricedLine {
    if let status, !(200..<300).contains(status), usage == nil {
      if let hit = unbilled[status] { return hit }
      let line = PricedLine(
        basis: .unbilled, reason: reasons.intern("HTTP \(status)"), assumptions: assumptionLists.intern([ReplayPricer.failedNotBilled]))
      unbilled[status] = line
      return line
    }
    let index = Int(p)
    guard let usage else {
      if let hit = plans[index].constant { return hit }
      let line = quoted(plans[index].request, day: plans[index].day, usageLogged: false)
      plans[index].constant = line
      compiled[index].estimate = Int32(estimates.count)
      estimates.append(line)
      return line
    }
    let resolution: Resolution
    switch plans[index].resolution {
    case .success(let r): resolution = r
    case .failure(let error):
      compiled[index].unresolved = reason(error, request: plans[index].request)
      return PricedLine(basis: .unpriced, reason: compiled[index].unresolved)
    }
    guard resolution.model.pricing == .tokens else {
      // Per-image models carry no usage; price the images.
      if let hit = plans[index].constant { return hit }
      let line = quoted(plans[index].request, day: plans[index].day, usageLogged: true)
      plans[index].constant = line
      return line
    }
    compile(index, resolution)
    do {
      // No output details for a model with text output: the image part from the token table for the
      // logged quality and size.
      let splitsOutput = book.emitsTextOutput(resolution.model)
      let (quantities, split) = try ComponentVector.quantities(of: usage) { splitsOutput ? try expectedImageTokens(index, resolution) : nil }
      var line = PricedLine(basis: .priced)
      var used: UInt16 = 0
      for slot in 0..<ComponentVector.count where quantities[slot] > 0 {
        let quantity = quantities[slot]
        line.tokens[slot] = quantity
        line.componentMask |= 1 << slot
        used |= 1 << slot
        if case .rate(let price, _) = try rate(index, slot, resolution) {
          let value = price.cost(of: quantity).nanos
          line.components[slot] = value
          line.cost += value
        }
      }
      line.assumptions = try assumptionList(index, resolution, used: used, split: split)
      line.components[ComponentVector.disagreement] = compiled[index].disagrees
      remember(index, used: used | (split ? 1 << 15 : 0), list: line.assumptions)
      return line
    } catch {
      return PricedLine(basis: .unpriced, reason: reason(error))
    }
  }

  /// A request without usage (estimated through the token model) or of a per-image model (exact).
  private mutating func quoted(_ request: ImageRequest, day: CivilDate, usageLogged: Bool) -> PricedLine {
    do {
      let quote = try pricer.quote(request, requests: 1, date: day)
      var line = PricedLine(basis: quote.isEstimate && !usageLogged ? .estimated : .priced, cost: quote.total.nanos)
      if usageLogged {
        // Per-image models: the images are the quantity.
        line.components[ComponentVector.image] = quote.total.nanos
        line.componentMask = 1 << ComponentVector.image
        line.tokens[ComponentVector.image] = Int64(quote.request.n)
      } else {
        for l in quote.lines {
          let slot = ComponentVector.slot[l.component]!
          line.components[slot] += l.costTotal.nanos
          line.componentMask |= 1 << slot
          line.tokens[slot] += l.quantityTotal
        }
      }
      line.assumptions = assumptionLists.intern(quote.assumptions.map(\.id))
      return line
    } catch {
      return PricedLine(basis: .unpriced, reason: reason(error, request: request))
    }
  }

  /// Compiles a token-priced plan the first time a record with usage reaches it: its four token rates
  /// (a failed look-up keeps its reason), and the split rule's expected image tokens.
  private mutating func compile(_ index: Int, _ r: Resolution) {
    var plan = compiled[index]
    guard plan.state == .unknown else { return }
    plan.state = .tokens
    plan.disagrees = r.disagreements.isEmpty ? 0 : 1
    plan.splitsOutput = book.emitsTextOutput(r.model)
    if plan.splitsOutput { plan.expected = (try? expectedImageTokens(index, r)) ?? -1 }
    for slot in [ComponentVector.textInput, ComponentVector.imageInput, ComponentVector.imageOutput, ComponentVector.textOutput] {
      do {
        switch try rate(index, slot, r) {
        case .rate(let price, _):
          plan.amounts[slot] = price.amount.nanos
          plan.blocks[slot] = price.unit.block
          plan.rated |= 1 << slot
        case .unmetered, .failed: break
        }
      } catch {
        plan.failed |= 1 << slot
        plan.failureReasons[slot] = Int64(reason(error))
      }
    }
    compiled[index] = plan
  }

  /// Remembers the assumption list of a set of components priced the general way (the last four).
  private mutating func remember(_ index: Int, used: UInt16, list: Int32) {
    var plan = compiled[index]
    plan.lastUsed = (used, plan.lastUsed.0, plan.lastUsed.1, plan.lastUsed.2)
    plan.lastList = (list, plan.lastList.0, plan.lastList.1, plan.lastList.2)
    compiled[index] = plan
  }

  private mutating func expectedImageTokens(_ index: Int, _ r: Resolution) throws -> Int64 {
    if let hit = plans[index].expected { return try hit.get() }
    let book = self.book
    let result = Result { () throws -> Int64 in
      try TokenModel(rules: book.tokenRules).imageOutputTokens(
        model: r.model, quality: r.resolved.pricedQuality, size: r.resolved.size, partialImages: r.resolved.partialImages, n: r.resolved.n
      ).total
    }
    plans[index].expected = result
    return try result.get()
  }

  private mutating func rate(_ index: Int, _ slot: Int, _ r: Resolution) throws -> SlotRate {
    if let hit = plans[index].rates[slot] {
      if case .failed(let error) = hit { throw error }
      return hit
    }
    let component = ComponentKind.allCases[slot]
    let resolved = r.resolved
    let date = plans[index].day
    let memoKey = RateKey(
      provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: resolved.model, slot: slot,
      segment: segment(of: date.daysSinceEpoch))
    if let hit = rateMemo[memoKey] {
      plans[index].rates[slot] = hit
      if case .failed(let error) = hit { throw error }
      return hit
    }
    let book = self.book
    let result: SlotRate
    do {
      switch try book.rate(
        provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: resolved.model, component: component,
        date: date)
      {
      case .rate(let row): result = .rate(row.price, assumption: row.assumption)
      case .unmetered(let row): result = .unmetered(assumption: row.assumption)
      }
    } catch {
      result = .failed(error)
    }
    plans[index].rates[slot] = result
    rateMemo[memoKey] = result
    if case .failed(let error) = result { throw error }
    return result
  }

  /// The assumptions a usage-priced record relies on: the split rule, then each used rate's assumption.
  private mutating func assumptionList(_ index: Int, _ r: Resolution, used: UInt16, split: Bool) throws -> Int32 {
    let key = used | (split ? 1 << 15 : 0)
    for entry in plans[index].assumptionSets where entry.key == key { return entry.list }
    var ids: [String] = split ? [ReplayPricer.outputSplit] : []
    for slot in 0..<ComponentVector.count where used & (1 << slot) != 0 {
      switch try rate(index, slot, r) {
      case .rate(_, let assumption): if let assumption { ids.append(assumption) }
      case .unmetered(let assumption): ids.append(assumption)
      case .failed: break
      }
    }
    let list = assumptionLists.intern(ids)
    plans[index].assumptionSets.append((key, list))
    return list
  }

  /// What `request` costs under a what-if scenario, memoised by the caller.
  package func quoteWhatIf(_ request: ImageRequest, day: CivilDate) -> Result<USD, any Error> {
    Result { try pricer.quote(request, requests: 1, date: day).total }
  }

  /// Converts a priced line to the public per-record form.
  func record(_ line: PricedLine) -> PricedRecord {
    var components: [ComponentKind: USD] = [:]
    var tokens: [ComponentKind: Int64] = [:]
    for (slot, kind) in ComponentKind.allCases.enumerated() {
      if line.componentMask & (1 << slot) != 0 { components[kind] = USD(nanos: line.components[slot]) }
      if line.tokens[slot] > 0 { tokens[kind] = line.tokens[slot] }
    }
    let reason: String? = line.reason >= 0 ? reasons[line.reason] : nil
    return PricedRecord(
      basis: line.basis, cost: USD(nanos: line.cost), components: components, tokens: tokens, reason: reason,
      assumptions: assumptionLists[line.assumptions])
  }
}
