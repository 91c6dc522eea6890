import CostCore
import Testing

@testable import WarehouseSQL

@Suite struct DialectTests {
  @Test func placeholder() { #expect(DuckDBDialect().name == "duckdb") }
}
