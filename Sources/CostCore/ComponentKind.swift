/// A billed cost component.
public enum ComponentKind: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
  case textInput = "text_input"
  case cachedTextInput = "cached_text_input"
  case imageInput = "image_input"
  case cachedImageInput = "cached_image_input"
  case imageOutput = "image_output"
  case textOutput = "text_output"
  /// Per-image price (DALL·E), keyed by quality and size.
  case image

  /// Human label for tables.
  public var label: String {
    switch self {
    case .textInput: return "text input"
    case .cachedTextInput: return "cached text input"
    case .imageInput: return "image input"
    case .cachedImageInput: return "cached image input"
    case .imageOutput: return "image output"
    case .textOutput: return "text output"
    case .image: return "images"
    }
  }

  public static func < (lhs: ComponentKind, rhs: ComponentKind) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
