import CostCore
import Testing

@testable import Replay

/// Duplicate detection's id set: first insert true, every repeat false, across shard growth.
@Suite struct RequestIDSetTests {
  @Test func repeatsAreFoundAfterGrowth() {
    var set = RequestIDSet()
    let ids = (0..<200_000).map { "req_\($0)" }
    var firstTimes = 0
    var repeats = 0
    for id in ids where set.insert(RequestIDHash.hash(id)) { firstTimes += 1 }
    for id in ids where !set.insert(RequestIDHash.hash(id)) { repeats += 1 }
    let fresh = set.insert(RequestIDHash.hash("req_200000"))
    #expect(firstTimes == ids.count && repeats == ids.count)
    #expect(fresh)
  }

  /// The tables are shared between copies until one inserts: a copy keeps its own answers, reserved or not.
  @Test(arguments: [false, true])
  func copiesAreIndependent(reserved: Bool) {
    var original = RequestIDSet()
    if reserved { original.reserve(10_000) }
    for i in 0..<5_000 { _ = original.insert(RequestIDHash.hash("a\(i)")) }
    var copy = original
    let newInCopy = copy.insert(RequestIDHash.hash("only-in-copy"))
    for i in 0..<5_000 { _ = copy.insert(RequestIDHash.hash("b\(i)")) }
    let newInOriginal = original.insert(RequestIDHash.hash("only-in-copy"))
    let sharedInCopy = copy.insert(RequestIDHash.hash("a42"))
    let sharedInOriginal = original.insert(RequestIDHash.hash("a42"))
    let copyOnlyInOriginal = original.insert(RequestIDHash.hash("b42"))
    let copyOnlyInCopy = copy.insert(RequestIDHash.hash("b42"))
    #expect(newInCopy && newInOriginal)
    #expect(!sharedInCopy && !sharedInOriginal)
    #expect(copyOnlyInOriginal && !copyOnlyInCopy)
  }

  @Test func hashIsFixedAndSeparatesNearIDs() {
    #expect(RequestIDHash.hash("req_0001") == RequestIDHash.hash("req_0001"))
    #expect(RequestIDHash.hash("req_0001") != RequestIDHash.hash("req_0002"))
    #expect(RequestIDHash.hash("") != RequestIDHash.hash("\u{0}"))
    let hashes = Set((0..<100_000).map { RequestIDHash.hash(String($0)) })
    #expect(hashes.count == 100_000)
  }
}
