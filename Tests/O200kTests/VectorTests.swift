import Testing

@testable import O200k

extension Vector: CustomTestStringConvertible {
  var testDescription: String { id }
}

/// The ids and pieces tiktoken gives, for the shared vectors and the generated oracle vectors.
@Suite struct VectorTests {
  @Test func fixturesAreComplete() {
    #expect(Fixtures.shared.count == 50)
    #expect(Fixtures.oracle.count >= 2_000)
    #expect(Fixtures.oracle.contains { $0.scalars == 32_000 })
  }

  @Test(arguments: Fixtures.shared)
  func sharedVector(_ vector: Vector) throws {
    try check(vector)
  }

  @Test(arguments: Fixtures.oracle)
  func oracleVector(_ vector: Vector) throws {
    try check(vector)
  }

  private func check(_ vector: Vector) throws {
    let tokenizer = O200kTokenizer.shared
    let ids = try tokenizer.encode(vector.text)
    #expect(ids == vector.ids)
    #expect(try tokenizer.count(vector.text) == vector.count)
    if let pieces = vector.pieces {
      // Compare bytes, never String ==, which is canonical equivalence.
      #expect(O200kTokenizer.preTokenize(vector.text).map { Array($0.utf8) } == pieces.map { Array($0.utf8) })
    }
    #expect(O200kTokenizer.characterCount(vector.text) == vector.scalars)
    #expect(vector.text.utf8.count == vector.utf8Bytes)
    #expect(try tokenizer.decode(ids) == Array(vector.text.utf8))
  }
}
