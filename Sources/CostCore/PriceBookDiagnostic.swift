/// One problem found in the price book, reported as `file:line: message`.
public struct PriceBookDiagnostic: Hashable, Sendable, CustomStringConvertible {
  public let location: SourceLocation
  public let message: String

  public init(_ location: SourceLocation, _ message: String) {
    self.location = location
    self.message = message
  }

  public var description: String { "\(location): \(message)" }
}

/// The price book could not be used; every problem found is listed, in file and line order.
public struct PriceBookError: Error, CustomStringConvertible, Sendable {
  public let diagnostics: [PriceBookDiagnostic]

  public init(diagnostics: [PriceBookDiagnostic]) {
    self.diagnostics = diagnostics.sorted {
      ($0.location.file, $0.location.line, $0.location.column, $0.message)
        < ($1.location.file, $1.location.line, $1.location.column, $1.message)
    }
  }

  public var description: String {
    let count = diagnostics.count
    return diagnostics.map(\.description).joined(separator: "\n")
      + "\nThe price book has \(count) problem\(count == 1 ? "" : "s"); fix \(count == 1 ? "it" : "them") and run `imagecost pricing check` again."
  }
}
