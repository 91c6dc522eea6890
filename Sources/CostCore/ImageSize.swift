/// Width × height in pixels, written `1024x1536`.
public struct ImageSize: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let width: Int
  public let height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// Parses `WxH` (positive integers, lower-case `x`).
  public init?(_ text: String) {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0, w <= 1_000_000, h <= 1_000_000
    else { return nil }
    self.init(width: w, height: h)
  }

  public var description: String { "\(width)x\(height)" }
  public var pixels: Int { width * height }
  public var isSquare: Bool { width == height }
  public static func < (lhs: ImageSize, rhs: ImageSize) -> Bool { (lhs.width, lhs.height) < (rhs.width, rhs.height) }
}
