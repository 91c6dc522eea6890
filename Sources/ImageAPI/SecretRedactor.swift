import Foundation

/// Removes secrets from any text before it is printed, journalled or written to a report.
///
/// Replaces every occurrence of each secret with `[REDACTED]`, and every word (a run of characters
/// other than spaces, quotes and common delimiters) that shares its first or last 8 characters with a
/// secret — servers sometimes echo a key partly masked (`sk-abc…wxyz`) or with extra characters around it.
public struct SecretRedactor: Sendable {
  public static let mask = "[REDACTED]"
  public let secrets: [String]

  /// - Parameter secrets: the values to hide; values shorter than 8 characters are hidden only where they
  ///   occur whole.
  public init(secrets: [String]) { self.secrets = secrets.filter { !$0.isEmpty } }

  /// A redactor that changes nothing.
  public static let none = SecretRedactor(secrets: [])

  public func callAsFunction(_ text: String) -> String { redact(text) }

  /// `text` without any secret.
  public func redact(_ text: String) -> String {
    guard !secrets.isEmpty else { return text }
    var out = text
    for secret in secrets where out.contains(secret) { out = out.replacingAll(secret, with: SecretRedactor.mask) }
    let fragments = secrets.filter { $0.count >= 12 }.flatMap { [String($0.prefix(8)), String($0.suffix(8))] }
    guard !fragments.isEmpty, fragments.contains(where: { out.contains($0) }) else { return out }
    var result = ""
    var word = ""
    func flush() {
      if !word.isEmpty { result += fragments.contains(where: { word.contains($0) }) ? SecretRedactor.mask : word }
      word = ""
    }
    for character in out {
      if character.isWhitespace || "\"'`,;()[]{}<>=:".contains(character) {
        flush()
        result.append(character)
      } else {
        word.append(character)
      }
    }
    flush()
    return result
  }

  /// True when `text` holds a secret (whole).
  public func leaks(_ text: String) -> Bool { secrets.contains { text.contains($0) } }
}

extension String {
  /// Replaces every non-overlapping occurrence of `target` (non-empty) with `replacement`.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.range(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
