/// Pricing of replayed records, memoised per (request shape, price day).
///
/// Everything cached is a pure function of the price book and the key, so cached and uncached pricing
/// give identical results; ``ReplayPricer/price(_:priceDate:)`` is this table used for one record.
package struct ShapePriceTable: Sendable {
  package let book: PriceBook
  let pricer: Pricer
  package var reasons = Interned<String>()
  /// The requests priced, each once (a plan names its request by index).
  package var requests = Interned<ImageRequest>()
  package var assumptionLists = Interned<[String]>()

  /// One request shape on one stretch of days: what pricing needs of it besides its token rates.
  package struct ShapePricing: Sendable {
    /// The request's index in ``ShapePriceTable/requests``.
    package let shape: Int32
    package let day: CivilDate
    /// Images per request (`n`).
    package let images: Int64
    let kind: Kind
    /// The rate plan (token-priced kinds): shared by every request with the same rates and split rule.
    let rates: Int32
    /// 1 when the request fails a capability check (its records are priced from usage and counted), else 0.
    package let disagrees: Int64
    /// Why the request cannot be priced (``Kind/unresolved``), or why the output split rule cannot
    /// apply to it (token-priced: the token table has no expected image tokens); −1 otherwise.
    let reason: Int32
    /// The line of records without usage (or of a per-image model) once priced (an index in
    /// ``ShapePriceTable/constants``); −1 before.
    var constant: Int32 = -1
  }

  enum Kind: UInt8, Sendable {
    /// Resolved, priced per token from the usage.
    case tokens
    /// Resolved, priced per image (its usage carries no tokens to price).
    case perImage
    /// Cannot be resolved (an unknown model, provider or deployment type): its records with usage are unpriced.
    case unresolved
  }

  /// What pricing needs of a rate look-up.
  enum SlotRate: Sendable {
    case rate(Price, assumption: String?)
    case unmetered(assumption: String)
    case failed(any Error)
  }

  /// Token rates at one place for one model and stretch of days, and the split rule's expected image
  /// tokens: everything the pricing of a usage-priced record reads. Requests that differ only in what
  /// does not change these (n, size, quality, input images… when the model has no text output to split
  /// off) share one, so the number of rate plans follows the price book, not the variety of a log.
  struct RatePlan: Sendable {
    let resolved: ResolvedRequest
    let day: CivilDate
    /// Rate look-ups by component slot, filled when first needed.
    var rates: [SlotRate?] = Array(repeating: nil, count: ComponentVector.count)
    /// Assumption lists of usage-priced records, by (components used, split applied).
    var assumptionSets: [(key: UInt16, list: Int32)] = []
  }

  /// Where and when a rate applies: the place, the model (the book's id) and the stretch of days.
  private struct RatePlace: Hashable {
    let provider: String
    let deploymentType: String
    let region: String?
    let model: String
    let segment: Int

    init(_ resolved: ResolvedRequest, segment: Int) {
      (provider, deploymentType, region, model) = (resolved.provider, resolved.deploymentType, resolved.region, resolved.model)
      self.segment = segment
    }
  }

  /// What makes two requests' rate plans the same.
  private struct RatePlanKey: Hashable {
    let place: RatePlace
    /// The split rule's expected image tokens (−1: the model has no text output to split off; −2: the
    /// token table has none for the request).
    let expected: Int64
  }

  package private(set) var plans: [ShapePricing] = []
  private var ratePlans: [RatePlan] = []
  /// Per rate plan, the compiled form the hot path reads (plain values, no reference counting).
  package private(set) var compiled: [CompiledShapePricing] = []
  private var ratePlanIndex: [RatePlanKey: Int32] = [:]
  /// Priced lines of records without usage and of per-image models, by ``ShapePricing/constant``.
  private var constants: [PricedLine] = []
  private var planIndex: [Int64: Int32] = [:]
  private var unbilled: [Int: PricedLine] = [:]
  /// Token rates already looked up, by where, what and the stretch of days (rate plans that differ in
  /// the expected image tokens share them).
  private var rateMemo: [RateKey: SlotRate] = [:]

  private struct RateKey: Hashable {
    let place: RatePlace
    let slot: Int
  }

  /// Days on which any rate or unmetered component starts or stops applying: one plan serves a whole
  /// stretch between two of them.
  let rateChanges: RateChangeDays

  package init(book: PriceBook) {
    self.book = book
    pricer = Pricer(book: book)
    rateChanges = book.rateChangeDays()
    _ = assumptionLists.intern([])  // index 0: no assumptions
  }

  /// The stretch of days `day` falls in: the number of rate changes on or before it.
  package func segment(of day: Int) -> Int { rateChanges.stretch(of: day).number }

  /// The request of plan `p`.
  package func request(ofPlan p: Int32) -> ImageRequest { requests[plans[Int(p)].shape] }

  /// The plan of request `shape` (an index in ``requests``) priced at `day`, resolving the request the first time.
  ///
  /// The resolution serves records with logged usage, which is the bill: the capability table does not
  /// refuse them (an edit logged without its input images' sizes, input_fidelity on a model said to lack
  /// it…); the disagreements are counted instead. Only what pricing reads is kept: the resolution itself
  /// lives in the request's rate plan, shared with every request of the same rates.
  /// - Parameter memoized: false for a caller that keeps its own memo of plans (the replay keeps one per
  ///   stretch of days with the same rates): the plan is then not looked up or noted by its exact day.
  package mutating func plan(shape: Int32, day: CivilDate, memoized: Bool = true) -> Int32 {
    let request = requests[shape]
    let key = Int64(shape) << 32 | Int64(UInt32(truncatingIfNeeded: day.daysSinceEpoch))
    if memoized, let hit = planIndex[key] { return hit }
    let plan: ShapePricing
    do {
      let (resolved, model, disagreements) = try pricer.resolveLogged(request)
      let disagrees: Int64 = disagreements.isEmpty ? 0 : 1
      if model.pricing == .tokens {
        var expected: Int64 = -1
        var reason: Int32 = -1
        if book.emitsTextOutput(model) {
          do {
            expected = try TokenModel(rules: book.tokenRules).imageOutputTokens(
              model: model, quality: resolved.pricedQuality, size: resolved.size, partialImages: resolved.partialImages, n: resolved.n
            ).total
          } catch {
            reason = self.reason(error)
          }
        }
        let rates = ratePlan(resolved, model: model, day: day, expected: expected, splitFails: reason >= 0)
        plan = ShapePricing(shape: shape, day: day, images: Int64(request.n), kind: .tokens, rates: rates, disagrees: disagrees, reason: reason)
      } else {
        plan = ShapePricing(shape: shape, day: day, images: Int64(request.n), kind: .perImage, rates: -1, disagrees: disagrees, reason: -1)
      }
    } catch {
      plan = ShapePricing(
        shape: shape, day: day, images: Int64(request.n), kind: .unresolved, rates: -1, disagrees: 0, reason: reason(error, request: request))
    }
    plans.append(plan)
    if memoized { planIndex[key] = Int32(plans.count - 1) }
    return Int32(plans.count - 1)
  }

  /// The rate plan of a resolved token-priced request, compiled the first time: its four token rates (a
  /// failed look-up keeps its reason) and the split rule's expected image tokens.
  private mutating func ratePlan(_ resolved: ResolvedRequest, model: ModelSpec, day: CivilDate, expected: Int64, splitFails: Bool) -> Int32 {
    let key = RatePlanKey(place: RatePlace(resolved, segment: segment(of: day.daysSinceEpoch)), expected: splitFails ? -2 : expected)
    if let hit = ratePlanIndex[key] { return hit }
    let index = ratePlans.count
    ratePlans.append(RatePlan(resolved: resolved, day: day))
    var plan = CompiledShapePricing()
    plan.splitsOutput = book.emitsTextOutput(model)
    plan.expected = expected
    for slot in [ComponentVector.textInput, ComponentVector.imageInput, ComponentVector.imageOutput, ComponentVector.textOutput] {
      do {
        switch try rate(index, slot) {
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
    compiled.append(plan)
    ratePlanIndex[key] = Int32(index)
    return Int32(index)
  }

  /// The reason text of an unpriced record. A rate missing on a date is described without the date:
  /// a plan serves every day between two rate changes, so naming the day it was first priced at would
  /// make the report depend on the order records reached it (and spread one cause over a bucket a day).
  mutating func reason(_ error: any Error, request: ImageRequest? = nil) -> Int32 {
    guard let error = error as? QuoteError else { return reasons.intern("\(error)") }
    // The texts of errors already met (a log's unknown model reaches many plans, and its text looks for
    // the nearest known names); a logged description reads the request's fidelity and partial images.
    let key = ReasonKey(error: error, logged: request != nil, fidelity: request?.inputFidelity, partialImages: request?.partialImages ?? 0)
    if let hit = reasonMemo.first(where: { $0.key == key }) { return hit.reason }
    let reason = reasons.intern(request.map { error.loggedDescription(of: $0) } ?? error.undatedDescription)
    if reasonMemo.count < 64 { reasonMemo.append((key, reason)) }
    return reason
  }

  private struct ReasonKey: Equatable {
    let error: QuoteError
    let logged: Bool
    let fidelity: String?
    let partialImages: Int
  }

  /// Reason texts by error (at most 64: the few distinct errors of a log).
  private var reasonMemo: [(key: ReasonKey, reason: Int32)] = []

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

  /// The rate plan of plan `p` when it is token-priced; −1 otherwise.
  package func ratePlan(ofPlan p: Int32) -> Int32 { plans[Int(p)].kind == .tokens ? plans[Int(p)].rates : -1 }

  /// The fast path of ``price(plan:status:usage:into:)`` for a token-priced plan's record with usage:
  /// `ratePlan` and `disagrees` are the plan's. False when the general path must answer.
  @inline(__always) package func price(ratePlan: Int32, disagrees: Int64, usage: ImageUsage, into line: inout PricedLine) -> Bool {
    compiled[Int(ratePlan)].price(usage, disagrees: disagrees, into: &line)
  }

  /// ``price(plan:status:usage:)`` written into `line` (a priced line is 140 bytes; the hot path
  /// keeps one and overwrites it).
  package mutating func price(plan p: Int32, status: Int?, usage: ImageUsage?, into line: inout PricedLine) {
    let index = Int(p)
    if let usage {
      let plan = plans[index]
      if plan.kind == .tokens, compiled[Int(plan.rates)].price(usage, disagrees: plan.disagrees, into: &line) { return }
    } else if plans[index].constant >= 0, status.map({ (200..<300).contains($0) }) ?? true {
      line = constants[Int(plans[index].constant)]
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
    let plan = plans[index]
    guard let usage, plan.kind != .unresolved else {
      if usage != nil { return PricedLine(basis: .unpriced, reason: plan.reason) }
      return constant(index, usageLogged: false)
    }
    // Per-image models carry no usage; price the images.
    guard plan.kind == .tokens else { return constant(index, usageLogged: true) }
    let r = Int(plan.rates)
    do {
      // No output details for a model with text output: the image part from the token table for the
      // logged quality and size.
      let (quantities, split) = try ComponentVector.quantities(of: usage) { () throws -> Int64? in
        guard compiled[r].splitsOutput else { return nil }
        guard plan.reason < 0 else { throw SplitUnavailable(reason: plan.reason) }
        return compiled[r].expected
      }
      var line = PricedLine(basis: .priced)
      var used: UInt16 = 0
      for slot in 0..<ComponentVector.count where quantities[slot] > 0 {
        let quantity = quantities[slot]
        line.tokens[slot] = quantity
        line.componentMask |= 1 << slot
        used |= 1 << slot
        if case .rate(let price, _) = try rate(r, slot) {
          let value = price.cost(of: quantity).nanos
          line.components[slot] = value
          line.cost += value
        }
      }
      line.assumptions = try assumptionList(r, used: used, split: split)
      line.components[ComponentVector.disagreement] = plan.disagrees
      remember(r, used: used | (split ? 1 << 15 : 0), list: line.assumptions)
      return line
    } catch let error as SplitUnavailable {
      return PricedLine(basis: .unpriced, reason: error.reason)
    } catch {
      return PricedLine(basis: .unpriced, reason: reason(error))
    }
  }

  /// The split rule's expected image tokens are unknown for the request (its reason, interned).
  private struct SplitUnavailable: Error {
    let reason: Int32
  }

  /// The line of plan `index` that does not depend on usage (its estimate, or its per-image price), priced once.
  private mutating func constant(_ index: Int, usageLogged: Bool) -> PricedLine {
    if plans[index].constant >= 0 { return constants[Int(plans[index].constant)] }
    let line = quoted(requests[plans[index].shape], day: plans[index].day, usageLogged: usageLogged)
    plans[index].constant = Int32(constants.count)
    constants.append(line)
    return line
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

  /// Remembers the assumption list of a set of components priced the general way (the last four).
  private mutating func remember(_ index: Int, used: UInt16, list: Int32) {
    var plan = compiled[index]
    plan.lastUsed = (used, plan.lastUsed.0, plan.lastUsed.1, plan.lastUsed.2)
    plan.lastList = (list, plan.lastList.0, plan.lastList.1, plan.lastList.2)
    compiled[index] = plan
  }

  /// The rate of component `slot` in rate plan `index` (looked up once per place, model and stretch).
  private mutating func rate(_ index: Int, _ slot: Int) throws -> SlotRate {
    if let hit = ratePlans[index].rates[slot] {
      if case .failed(let error) = hit { throw error }
      return hit
    }
    let component = ComponentKind.allCases[slot]
    let resolved = ratePlans[index].resolved
    let date = ratePlans[index].day
    let memoKey = RateKey(place: RatePlace(resolved, segment: segment(of: date.daysSinceEpoch)), slot: slot)
    let result: SlotRate
    if let hit = rateMemo[memoKey] {
      result = hit
    } else {
      do {
        switch try book.rate(
          provider: resolved.provider, deploymentType: resolved.deploymentType, region: resolved.region, model: resolved.model,
          component: component, date: date)
        {
        case .rate(let row): result = .rate(row.price, assumption: row.assumption)
        case .unmetered(let row): result = .unmetered(assumption: row.assumption)
        }
      } catch {
        result = .failed(error)
      }
      rateMemo[memoKey] = result
    }
    ratePlans[index].rates[slot] = result
    if case .failed(let error) = result { throw error }
    return result
  }

  /// The assumptions a usage-priced record relies on: the split rule, then each used rate's assumption.
  private mutating func assumptionList(_ index: Int, used: UInt16, split: Bool) throws -> Int32 {
    let key = used | (split ? 1 << 15 : 0)
    for entry in ratePlans[index].assumptionSets where entry.key == key { return entry.list }
    var ids: [String] = split ? [ReplayPricer.outputSplit] : []
    for slot in 0..<ComponentVector.count where used & (1 << slot) != 0 {
      switch try rate(index, slot) {
      case .rate(_, let assumption): if let assumption { ids.append(assumption) }
      case .unmetered(let assumption): ids.append(assumption)
      case .failed: break
      }
    }
    let list = assumptionLists.intern(ids)
    ratePlans[index].assumptionSets.append((key, list))
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
