/// A malformed line of a request log: `file:line: what is wrong`.
public struct RequestLogError: Error, CustomStringConvertible, Sendable {
  public let file: String
  public let line: Int
  public let message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}
