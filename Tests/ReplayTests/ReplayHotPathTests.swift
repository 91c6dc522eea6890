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
}
