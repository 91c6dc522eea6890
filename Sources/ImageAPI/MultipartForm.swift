/// A `multipart/form-data` body (RFC 7578) built in memory, byte for byte.
///
/// Each part is `--boundary CRLF`, its headers, a blank line, the content and CRLF; the body ends
/// with `--boundary-- CRLF`. Field values are written as UTF-8; file parts carry a file name and a
/// content type. Names and file names are quoted with `"`, CR, LF and `"` percent-encoded as browsers
/// do (WHATWG), so a hostile file name cannot inject a header.
public struct MultipartForm: Sendable, Hashable {
  /// One part of the form.
  public struct Part: Sendable, Hashable {
    public let name: String
    public let filename: String?
    public let contentType: String?
    public let content: [UInt8]
  }

  /// The boundary between parts (without the leading `--`).
  public let boundary: String
  public private(set) var parts: [Part] = []

  /// A form with the given boundary; it must not occur in any content (see ``randomBoundary(using:)``).
  public init(boundary: String) { self.boundary = boundary }

  /// A boundary of 32 random alphanumeric characters after a fixed prefix, from `rng` (inject a seeded
  /// generator for reproducible bodies).
  public static func randomBoundary<G: RandomNumberGenerator>(using rng: inout G) -> String {
    let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return "imagecost-" + String((0..<32).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
  }

  /// Adds a text field.
  public mutating func addField(_ name: String, _ value: String) {
    parts.append(Part(name: name, filename: nil, contentType: nil, content: Array(value.utf8)))
  }

  /// Adds a file part, e.g. `image[]` or `mask`.
  public mutating func addFile(_ name: String, filename: String, contentType: String, content: [UInt8]) {
    parts.append(Part(name: name, filename: filename, contentType: contentType, content: content))
  }

  /// The `Content-Type` header value for this body.
  public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

  /// The encoded body.
  public func body() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(parts.reduce(64) { $0 + $1.content.count + 160 })
    for part in parts {
      out += Array("--\(boundary)\r\n".utf8)
      var disposition = "Content-Disposition: form-data; name=\"\(MultipartForm.escape(part.name))\""
      if let filename = part.filename { disposition += "; filename=\"\(MultipartForm.escape(filename))\"" }
      out += Array((disposition + "\r\n").utf8)
      if let type = part.contentType { out += Array("Content-Type: \(type)\r\n".utf8) }
      out += Array("\r\n".utf8)
      out += part.content
      out += Array("\r\n".utf8)
    }
    out += Array("--\(boundary)--\r\n".utf8)
    return out
  }

  /// True when the boundary occurs inside some part's content (the body would be ambiguous).
  public var boundaryCollides: Bool {
    let needle = Array("--\(boundary)".utf8)
    return parts.contains { part in
      guard part.content.count >= needle.count else { return false }
      return (0...(part.content.count - needle.count)).contains { start in
        part.content[start] == needle[0] && Array(part.content[start..<start + needle.count]) == needle
      }
    }
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "%22"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
