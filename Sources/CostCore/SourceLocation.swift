/// Where a value came from in the price book: file and 1-based line/column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int

  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line`, the prefix of every price-book diagnostic.
  public var description: String { "\(file):\(line)" }
}
