import CostCore
import CostIO
import CostReports
import TestSupport
import Testing

@testable import WarehouseSQL

/// The reference tables hold the book itself: `imagecost_rates` is `pricing export`'s rows plus the unmetered components.
@Suite struct ReferenceTableTests {
  static let book = Result { try PriceBookLoader.load(directory: ImagecostBinary.root.appendingPathComponent("pricing").path) }

  @Test func ratesAreThePricingExportRowsPlusUnmeteredComponents() throws {
    let book = try Self.book.get()
    let table = ReferenceTable.rates(book)
    let names = table.columns.map(\.name)
    func value(_ row: [SQLConstant], _ column: String) -> String { row.sortKey[names.firstIndex(of: column)!] }
    let metered = table.rows.filter { value($0, "metered") == "1" }
    let asExported = metered.map { row in
      RateTableRenderer.columns.map { column -> String in
        let text = value(row, column)
        return column == "region" && text.isEmpty ? "*" : text
      }
    }
    #expect(asExported.sorted { $0.lexicographicallyPrecedes($1) } == RateTableRenderer.rows(book))
    let unmetered = table.rows.filter { value($0, "metered") == "0" }
    #expect(unmetered.count == book.unmetered.count)
    #expect(unmetered.allSatisfy { value($0, "amount_nanos").isEmpty && !value($0, "assumption").isEmpty })
    // Every metered row's amount and unit block give back the published price.
    for row in metered {
      let nanos = try #require(Int64(value(row, "amount_nanos")))
      #expect(USD(nanos: nanos).decimalString == value(row, "published_price_usd"))
    }
  }

  @Test func modelNamesResolveAsTheBookDoes() throws {
    let book = try Self.book.get()
    let rows = ReferenceTable.modelNames(book).rows.map { ($0.sortKey[0], $0.sortKey[1]) }
    #expect(!rows.isEmpty)
    for (name, model) in rows {
      #expect(name == name.lowercased())
      #expect(book.canonicalModelID(name) == model, "\(name)")
    }
    for model in book.models.values {
      for alias in model.aliases { #expect(rows.contains { $0.0 == alias.lowercased() && $0.1 == model.id }) }
    }
  }

  /// The SQL tile rule, evaluated here on its integer steps, equals ``TileRule/tokens(for:highFidelity:)`` (no addend).
  @Test(arguments: [(1024, 1024), (1536, 1024), (300, 200), (4000, 3000), (1024, 1025), (2048, 512), (64, 64), (513, 4097), (1, 100_000)])
  func tileRuleExpressionIsTheRule(_ width: Int, _ height: Int) throws {
    let book = try Self.book.get()
    for rule in book.tokenRules.inputImageRules.values {
      let view = PricedView(dialect: DuckDBDialect(), book: book, usageTable: "t", priceDate: nil)
      let expression = view.tileTokens(rule, width: "\(width)", height: "\(height)")
      let expected = rule.tokens(for: ImageSize(width: width, height: height), highFidelity: false)
      #expect(try IntegerExpression.evaluate(expression) == expected, "\(rule.id) \(width)x\(height): \(expression)")
    }
  }
}

/// A tiny evaluator of the integer SQL the tile rule is written in (`+ - * //`, GREATEST, LEAST, CASE WHEN a > b THEN
/// x ELSE y END, parentheses), so that the rule's SQL can be checked without an engine.
enum IntegerExpression {
  struct Failure: Error {}

  static func evaluate(_ text: String) throws -> Int {
    var tokens = tokenize(text)[...]
    let value = try expression(&tokens)
    guard tokens.isEmpty else { throw Failure() }
    return value
  }

  private static func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    func flush() {
      if !current.isEmpty { tokens.append(current) }
      current = ""
    }
    var chars = Array(text)[...]
    while let c = chars.popFirst() {
      if c == " " {
        flush()
      } else if c == "/" && chars.first == "/" {
        flush()
        chars.removeFirst()
        tokens.append("//")
      } else if "()+-*,>".contains(c) {
        flush()
        tokens.append(String(c))
      } else {
        current.append(c)
      }
    }
    flush()
    return tokens
  }

  private static func expression(_ t: inout ArraySlice<String>) throws -> Int {
    var value = try term(&t)
    while let op = t.first, op == "+" || op == "-" {
      t.removeFirst()
      let rhs = try term(&t)
      value = op == "+" ? value + rhs : value - rhs
    }
    return value
  }

  private static func term(_ t: inout ArraySlice<String>) throws -> Int {
    var value = try factor(&t)
    while let op = t.first, op == "*" || op == "//" {
      t.removeFirst()
      let rhs = try factor(&t)
      value = op == "*" ? value * rhs : value / rhs
    }
    return value
  }

  private static func factor(_ t: inout ArraySlice<String>) throws -> Int {
    guard let token = t.popFirst() else { throw Failure() }
    switch token {
    case "(":
      let value = try expression(&t)
      guard t.popFirst() == ")" else { throw Failure() }
      return value
    case "GREATEST", "LEAST":
      guard t.popFirst() == "(" else { throw Failure() }
      let a = try expression(&t)
      guard t.popFirst() == "," else { throw Failure() }
      let b = try expression(&t)
      guard t.popFirst() == ")" else { throw Failure() }
      return token == "GREATEST" ? max(a, b) : min(a, b)
    case "CASE":
      guard t.popFirst() == "WHEN" else { throw Failure() }
      let condition = try comparison(&t)
      guard t.popFirst() == "THEN" else { throw Failure() }
      let then = try expression(&t)
      guard t.popFirst() == "ELSE" else { throw Failure() }
      let otherwise = try expression(&t)
      guard t.popFirst() == "END" else { throw Failure() }
      return condition ? then : otherwise
    default:
      guard let value = Int(token) else { throw Failure() }
      return value
    }
  }

  private static func comparison(_ t: inout ArraySlice<String>) throws -> Bool {
    if Array(t.prefix(3)) == ["1", "=", "1"] {
      t.removeFirst(3)
      return true
    }
    let a = try expression(&t)
    guard t.popFirst() == ">" else { throw Failure() }
    let b = try expression(&t)
    return a > b
  }
}
