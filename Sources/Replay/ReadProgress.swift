/// How far a read has got: records so far, and bytes of the file when its size is known (not for
/// gzip-compressed logs).
public struct ReadProgress: Sendable, Equatable {
  public var records: Int64
  public var bytes: Int64
  public var totalBytes: Int64?

  /// The part of the file read, 0…1; nil when the size is unknown.
  public var fraction: Double? {
    guard let totalBytes, totalBytes > 0 else { return nil }
    return Double(bytes) / Double(totalBytes)
  }
}
