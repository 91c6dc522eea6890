import CostCore

/// The API a live call is sent to.
public enum LiveProvider: String, Hashable, Sendable, CaseIterable, Codable {
  /// Azure OpenAI: `api-key` header; the deployment name routes the request.
  case azure
  /// OpenAI API: `Authorization: Bearer` header; the body names the model.
  case openai
}

/// Where image requests go: a base URL and the path scheme of one provider.
public struct LiveEndpoint: Hashable, Sendable {
  /// The path scheme.
  public enum Style: Hashable, Sendable {
    /// `/openai/deployments/{deployment}/images/{generations|edits}?api-version=…`
    case azureClassic(apiVersion: String)
    /// `/openai/v1/images/{generations|edits}` (body `model` = deployment name), with an optional `api-version`.
    case azureV1(apiVersion: String?)
    /// `/v1/images/{generations|edits}`
    case openAI
  }

  /// The api-version imagecost uses on the classic Azure path (GPT image support arrived in it).
  public static let defaultAzureAPIVersion = "2025-04-01-preview"
  /// The OpenAI API's base URL.
  public static let openAIBaseURL = "https://api.openai.com"

  /// `scheme://host[:port][/prefix]` without a trailing slash, query or fragment.
  public let baseURL: String
  /// The query of the address given (`x=1` of `https://host/path?x=1`), kept on every request; nil when none.
  public let query: String?
  public let style: Style

  /// - Parameter baseURL: the resource or server address; a trailing `/` is removed, and for OpenAI a
  ///   trailing `/v1` too (so `https://api.openai.com/v1` and `https://api.openai.com` mean the same).
  ///   A query (`?x=1`) is kept and sent with every request after the API path; a fragment is dropped.
  public init(baseURL: String, style: Style) {
    var base = baseURL
    var query: String?
    if let hash = base.firstIndex(of: "#") { base = String(base[..<hash]) }
    if let mark = base.firstIndex(of: "?") {
      let text = String(base[base.index(after: mark)...])
      query = text.isEmpty ? nil : text
      base = String(base[..<mark])
    }
    while base.hasSuffix("/") { base.removeLast() }
    switch style {
    case .openAI where base.hasSuffix("/v1"): base.removeLast(3)
    case .azureV1 where base.hasSuffix("/openai/v1"): base.removeLast(10)
    default: break
    }
    self.baseURL = base
    self.query = query
    self.style = style
  }

  public var provider: LiveProvider {
    if case .openAI = style { return .openai }
    return .azure
  }

  /// The full URL of `operation` (for Azure classic, of `deployment`'s route): the API path goes after
  /// the base's path, and the base's query (if any) comes first in the query, before `api-version`
  /// (which is left out when the base's query already sets one).
  public func url(for operation: ImageOperation, deployment: String?) -> String {
    let tail = operation == .generate ? "images/generations" : "images/edits"
    let path: String
    var version: String?
    switch style {
    case .azureClassic(let v):
      path = "/openai/deployments/\(LiveEndpoint.pathSegment(deployment ?? ""))/\(tail)"
      version = v
    case .azureV1(let v):
      path = "/openai/v1/\(tail)"
      version = v
    case .openAI:
      path = "/v1/\(tail)"
    }
    var parameters: [String] = query.map { [$0] } ?? []
    let setsVersion = query?.split(separator: "&").contains { $0.hasPrefix("api-version=") } ?? false
    if let version, !setsVersion { parameters.append("api-version=\(LiveEndpoint.queryValue(version))") }
    return baseURL + path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
  }

  /// Percent-encodes everything but RFC 3986 unreserved characters.
  static func pathSegment(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF")
        out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
      }
    }
    return out
  }

  static func queryValue(_ text: String) -> String { pathSegment(text) }

  /// `url` without its query string and fragment: what error messages and journals show.
  public static func redactedURL(_ url: String) -> String {
    var cut = url.endIndex
    if let q = url.firstIndex(of: "?") { cut = q }
    if let f = url.firstIndex(of: "#"), f < cut { cut = f }
    var text = String(url[..<cut])
    // Drop any user:password@ part of the authority.
    let characters = Array(text)
    if let colon = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" }
    ) {
      let authorityStart = colon + 3
      let authorityEnd = characters[authorityStart...].firstIndex(of: "/") ?? characters.count
      if let at = characters[authorityStart..<authorityEnd].lastIndex(of: "@") {
        text = String(characters[..<authorityStart]) + String(characters[(at + 1)...])
      }
    }
    return text
  }
}
