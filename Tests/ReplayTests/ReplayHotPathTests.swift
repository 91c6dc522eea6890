import Testing

@testable import CostCore
@testable import Replay

/// The replay hot path's own containers against the standard library's, and its fixed lane numbers.
@Suite struct ReplayHotPathTests {
  /// Cell and day keys are packed integers; the table must answer exactly as a dictionary, through growth.
  @Test func integerTableAnswersAsADictionary() {
    var rng = SplitMix64(seed: 77)
    var table = IntegerTable()
    var dictionary: [Int64: Int32] = [:]
    let special: [Int64] = [0, -1, 1, .min + 1, .max, Int64(Int32.max) << 32, -(1 << 40)]
    for i in 0..<60_000 {
      let key = i < special.count ? special[i] : max(.min + 1, Int64(bitPattern: rng.next()) >> Int64(rng.next() % 40))
      let value = Int32(truncatingIfNeeded: rng.next())
      table[key] = value
      dictionary[key] = value
    }
    #expect(table.count == dictionary.count)
    for (key, value) in dictionary where table[key] != value { Issue.record("key \(key): \(String(describing: table[key])) != \(value)") }
    var absent = 0
    for _ in 0..<20_000 {
      let key = Int64(bitPattern: rng.next())
      if dictionary[key] == nil, table[key] == nil { absent += 1 }
    }
    #expect(absent > 19_000)
  }

  /// Within a stretch between the rate changes that may concern a request (its provider, deployment type
  /// and model), every rate look-up of it answers the same on any day — so one plan serves the stretch —
  /// and a change of another deployment type does not cut the stretch.
  @Test func rateLookUpsHoldWithinTheirStretch() throws {
    let book = ReplayFixtures.book
    let places = Set(book.rates.map { [$0.provider, $0.deploymentType, $0.model] })
    var checked = 0
    for place in places {
      let changes = book.rateChangeDays(provider: place[0], deploymentType: place[1], model: place[2])
      #expect(Set(changes.days).isSubset(of: Set(book.rateChangeDays(model: place[2]).days)))
      for day in stride(
        from: CivilDate(year: 2025, month: 1, day: 1)!.daysSinceEpoch, to: CivilDate(year: 2027, month: 1, day: 1)!.daysSinceEpoch, by: 9)
      {
        let stretch = changes.stretch(of: day)
        let last = (stretch.to ?? day + 30) - 1
        for component in ComponentKind.allCases {
          func answer(_ d: Int) -> String {
            let date = CivilDate(daysSinceEpoch: d)
            do {
              switch try book.rate(provider: place[0], deploymentType: place[1], region: nil, model: place[2], component: component, date: date) {
              case .rate(let row): return "\(row.price.amount) \(row.effective)"
              case .unmetered(let row): return "unmetered \(row.assumption)"
              }
            } catch { return "\(error)".replacingOccurrences(of: date.description, with: "DATE") }
          }
          #expect(answer(day) == answer(last), "\(place) \(component) \(CivilDate(daysSinceEpoch: day)) vs \(CivilDate(daysSinceEpoch: last))")
          checked += 1
        }
      }
    }
    #expect(checked > 1_000)
    // gpt-image-1's OpenAI batch rates changed on a day its standard rates did not.
    let standard = book.rateChangeDays(provider: "openai", deploymentType: "standard", model: "gpt-image-1").days
    #expect(standard.count < book.rateChangeDays(model: "gpt-image-1").days.count)
  }

  /// The scanner's shape-key table finds every key it holds (keys that share their index bits and home
  /// position included), misses the others, keeps each entry's shape and slot, and starts again when full.
  @Test func shapeKeyTableFindsWhatItHolds() {
    var rng = SplitMix64(seed: 91)
    var table = RequestLogScanner.ShapeKeyTable()
    var keys: [UInt128] = []
    for i in 0..<40_000 {
      var key = UInt128(rng.next()) << 64 | UInt128(rng.next())
      // Every tenth key differs from the last one only in its low 32 bits: the same home and index bits.
      if i % 10 == 9 { key = keys[i - 1] ^ UInt128(rng.next() | 1) & 0xFFFF_FFFF }
      var slot = ReplayAggregator.ShapeSlot(group: Int32(i % 7))
      slot.images = Int64(i)
      #expect(table.insert(key, shape: Int32(i), slot: slot) == i)
      keys.append(key)
    }
    for (i, key) in keys.enumerated() {
      guard let e = table.find(key) else {
        Issue.record("key \(i) not found")
        continue
      }
      #expect(table.entries[e].shape == Int32(i) && table.entries[e].slot.images == Int64(i))
    }
    #expect(
      table.withSlot(3) { slot in
        slot.plan = 12
        return slot.group
      } == 3)
    #expect(table.entries[3].slot.plan == 12)
    let absent = (0..<20_000).filter { _ in table.find(UInt128(rng.next()) << 64 | UInt128(rng.next())) == nil }.count
    #expect(absent == 20_000)
    // Full: the next insert empties it first.
    while table.entries.count < RequestLogScanner.ShapeKeyTable.limit {
      _ = table.insert(UInt128(rng.next()) << 64 | UInt128(rng.next()), shape: 0, slot: ReplayAggregator.ShapeSlot(group: 0))
    }
    #expect(table.insert(keys[0], shape: 5, slot: ReplayAggregator.ShapeSlot(group: 1)) == 0)
    #expect(table.entries.count == 1 && table.find(keys[0]) == 0 && table.find(keys[1]) == nil)
  }

  /// Inserting a batch with look-ahead reads reports the same duplicates as inserting one by one,
  /// repeats inside the batch included, reserved or not.
  @Test(arguments: [0, 5_000, 200_000])
  func batchInsertEqualsOneByOne(reserved: Int) {
    var rng = SplitMix64(seed: UInt64(reserved) + 1)
    let hashes = (0..<50_000).map { _ in RequestIDHash.hash("req_\(rng.next() % 30_000)") }
    var single = RequestIDSet()
    var batch = RequestIDSet()
    batch.reserve(reserved)
    let expected = hashes.indices.filter { !single.insert(hashes[$0]) }
    var found: [Int] = []
    batch.insert(count: hashes.count, hash: { hashes[$0] }, duplicate: { found.append($0) })
    #expect(found == expected)
    #expect(expected.count > 20_000)  // about 30k distinct ids among 50k
    #expect(!batch.insert(hashes[0]) && batch.insert(RequestIDHash.hash("fresh")))
  }

  /// The compiled pricing path addresses components by fixed lanes; they must follow `ComponentKind`.
  @Test func componentLanesFollowTheKindOrder() {
    #expect(ComponentVector.textInput == ComponentVector.slot[.textInput])
    #expect(ComponentVector.imageInput == ComponentVector.slot[.imageInput])
    #expect(ComponentVector.imageOutput == ComponentVector.slot[.imageOutput])
    #expect(ComponentVector.textOutput == ComponentVector.slot[.textOutput])
    #expect(ComponentVector.image == ComponentVector.slot[.image])
    #expect(ComponentKind.allCases.count == ComponentVector.count)
    var v = ComponentVector()
    for i in 0..<ComponentVector.count { v[i] = Int64(i + 1) * 10 }
    #expect(v.lanes == SIMD8<Int64>(10, 20, 30, 40, 50, 60, 70, 0))
  }

  /// Interning answers as a dictionary of first indices would, through growth and for equal values
  /// built separately.
  @Test func internedAnswersAsADictionary() {
    var rng = SplitMix64(seed: 5)
    var interned = Interned<[String?]>()
    var dictionary: [[String?]: Int32] = [:]
    for _ in 0..<20_000 {
      let value: [String?] = [rng.next() % 3 == 0 ? nil : "m\(rng.next() % 50)", "q\(rng.next() % 40)"]
      let index = interned.intern(value)
      if let first = dictionary[value] { #expect(index == first) } else { dictionary[value] = index }
      #expect(interned[index] == value)
    }
    #expect(interned.values.count == dictionary.count)
    #expect(Set(dictionary.values).count == dictionary.count)
  }

  /// Requests that differ only in what does not change their rates (n, size, quality, input fidelity…)
  /// share one rate plan, while each keeps its own images and disagreement flag; another place does not.
  @Test func requestsShareRatePlans() throws {
    var table = ShapePriceTable(book: ReplayFixtures.book)
    let day = CivilDate("2026-10-01")!
    var plans: [Int32] = []
    for n in 1...4 {
      for size in ["1024x1024", "1024x1536"] {
        for fidelity in [nil, "low"] {
          let request = ImageRequest(
            model: "gpt-image-1-mini", provider: "openai", quality: "medium", size: ImageSize(size), n: n, inputFidelity: fidelity)
          plans.append(table.plan(shape: table.requests.intern(request), day: day))
        }
      }
    }
    #expect(Set(plans).count == 16)
    #expect(Set(plans.map { table.ratePlan(ofPlan: $0) }).count == 1)
    #expect(plans.map { table.plans[Int($0)].images } == (1...4).flatMap { Array(repeating: Int64($0), count: 4) })
    // gpt-image-1-mini takes no input_fidelity: those requests disagree with the capability table.
    #expect(plans.enumerated().map { table.plans[Int($1)].disagrees == ($0 % 2 == 1 ? 1 : 0) }.allSatisfy { $0 })
    let azure = ImageRequest(model: "gpt-image-1-mini", provider: "azure", quality: "medium", size: ImageSize("1024x1024"), n: 1)
    let other = table.plan(shape: table.requests.intern(azure), day: day)
    #expect(table.ratePlan(ofPlan: other) != table.ratePlan(ofPlan: plans[0]))
    // Priced from usage, every one of them costs what a table of its own computes.
    let usage = ImageUsage(
      inputTokens: 50, inputTextTokens: 50, inputImageTokens: 0, outputTokens: 1056, outputImageTokens: 1056, outputTextTokens: 0)
    for plan in plans {
      var fresh = ShapePriceTable(book: ReplayFixtures.book)
      let alone = fresh.plan(shape: fresh.requests.intern(table.request(ofPlan: plan)), day: day)
      #expect(table.price(plan: plan, status: 200, usage: usage).cost == fresh.price(plan: alone, status: 200, usage: usage).cost)
      #expect(table.price(plan: plan, status: 200, usage: usage).cost > 0)
    }
  }

  /// Cells are kept per bucket of the finest time dimension, not per day: grouping by day, week, month or
  /// no time at all gives the same daily series and totals, and each month's group is the sum of its days'.
  @Test func timeBucketsAddUpToDays() throws {
    func replay(_ dimensions: [ReplayDimension]) throws -> ReplayReport {
      var aggregator = ReplayAggregator(book: ReplayFixtures.book, dimensions: dimensions, priceDate: nil)
      _ = try RequestLogReader(skipBad: false).read(path: ReplayFixtures.example) { aggregator.add($0) }
      return aggregator.report()
    }
    let byDay = try replay([.day, .model])
    #expect(byDay.daily.count > 1)
    for dimensions in [[.week, .model], [.month, .model], [.model]] as [[ReplayDimension]] {
      let other = try replay(dimensions)
      #expect(other.daily == byDay.daily)
      #expect(other.totals == byDay.totals)
    }
    let byMonth = try replay([.month, .model])
    var summed: [[String]: Int64] = [:]
    for group in byDay.groups { summed[[String(group.key[0].prefix(7)), group.key[1]], default: 0] += group.totals.cost.nanos }
    #expect(Dictionary(uniqueKeysWithValues: byMonth.groups.map { ($0.key, $0.totals.cost.nanos) }) == summed)
  }
}
