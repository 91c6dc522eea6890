import CostCore

/// `imagecost sql`: the price book, its token rules and replay's pricing as one SQL script for a warehouse.
public struct WarehouseScript: Sendable {
  public let book: PriceBook
  public let dialect: any SQLDialect
  /// The usage table (`image_requests`, or a qualified name such as `logs.image_requests`).
  public let table: String
  /// Price every record at this day's rates instead of its own day's.
  public let priceDate: CivilDate?
  /// A request-log JSONL file to load into `table` first (engines that can read a local file).
  public let requestLog: String?

  public init(book: PriceBook, dialect: any SQLDialect, table: String = "image_requests", priceDate: CivilDate? = nil, requestLog: String? = nil) {
    self.book = book
    self.dialect = dialect
    self.table = table
    self.priceDate = priceDate
    self.requestLog = requestLog
  }

  /// Why the options cannot make a script (one sentence), or nil.
  public var problem: String? {
    if !Self.isTableName(table) {
      return "--table \(table) is not a table name (letters, digits and underscores, optionally qualified with dots)."
    }
    if requestLog != nil, dialect.loadRequestLog(path: "", into: table) == nil {
      return "--from-jsonl works with --dialect duckdb or spark; \(dialect.name) cannot read a local file (load the log into \(table) first)."
    }
    return nil
  }

  /// Letters, digits and underscores in dot-separated parts, none starting with a digit.
  static func isTableName(_ name: String) -> Bool {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    return !parts.isEmpty && parts.count <= 3
      && parts.allSatisfy { part in
        guard let first = part.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return part.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
      }
  }

  /// The whole script: a header, the optional loader, the reference tables, `imagecost_priced`, `imagecost_daily`.
  public func render() -> String {
    var parts = [header]
    if let path = requestLog, let load = dialect.loadRequestLog(path: path, into: table) {
      parts.append("-- The request log, flattened into the usage table.\n" + load)
    }
    parts += ReferenceTable.all(of: book, priceDate: priceDate).map { $0.statement(in: dialect) }
    parts.append(PricedView(dialect: dialect, book: book, usageTable: table, priceDate: priceDate).statement)
    parts.append(daily)
    return parts.joined(separator: "\n\n") + "\n"
  }

  private var header: String {
    """
    -- imagecost sql --dialect \(dialect.name): the price book and the pricing rules of replay for \(table).
    -- Price book \(book.fingerprint) (as of \(book.asOf?.description ?? "?")), \(priceDate.map { "every record at the rates of \($0)" } ?? "each record at the rates of its own day").
    -- Costs are exact: quantity × rate ÷ unit rounded half-even to the nano-dollar per component line, NULL when unpriced, never 0.
    """
  }

  /// The roll-up by day × model × quality × size × operation × provider × deployment type.
  private var daily: String {
    let d = dialect
    let keys = ["day", "model", "quality", "size", "operation", "provider", "deployment_type"]
    func count(_ expression: String) -> String { d.cast("SUM(\(expression))", as: d.integerType) }
    var columns =
      keys + [
        "\(d.cast("COUNT(*)", as: d.integerType)) AS requests", "\(count("n")) AS images",
        "\(d.decimalDollars(fromNanos: "SUM(cost_nanos)")) AS cost_usd",
        "\(count("CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END")) AS unpriced_requests",
        "\(count("CASE WHEN cost_nanos IS NULL THEN n ELSE 0 END")) AS unpriced_images",
      ]
    for basis in ["usage", "estimate", "images", "not_billed"] {
      columns.append("\(count("CASE WHEN priced_from = '\(basis)' THEN 1 ELSE 0 END")) AS \(basis)_requests")
    }
    for kind in PricedView.components {
      columns.append("\(count("\(kind.rawValue)_quantity")) AS \(kind.rawValue)_quantity")
      columns.append("\(d.decimalDollars(fromNanos: "SUM(\(kind.rawValue)_nanos)")) AS \(kind.rawValue)_usd")
    }
    let select = "SELECT " + columns.joined(separator: ",\n  ") + "\nFROM imagecost_priced\nGROUP BY " + keys.joined(separator: ", ")
    return "-- The roll-up by day × model × quality × size × operation × provider × deployment type as logged (NULL: the log names none,\n"
      + "-- which replay calls default), cost NULL when nothing in the group is priced, with the unpriced counts beside it.\n"
      + d.createView("imagecost_daily", as: select)
  }
}
