import Foundation

/// Everything that can go wrong in the O200k module. Each case reads as one full sentence.
public enum O200kError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
  /// The bundled vocabulary file was found in none of the searched places.
  case vocabularyNotFound(searched: [String])
  /// The vocabulary file exists but could not be read.
  case vocabularyUnreadable(path: String, reason: String)
  /// The vocabulary file does not have the o200k_base format (`base64 SP rank LF`, ranks 0…199997).
  case vocabularyCorrupt(path: String, line: Int, reason: String)
  /// The vocabulary file's size or checksum differs from the official o200k_base file.
  case vocabularyChecksumMismatch(path: String, expected: String, actual: String)
  /// Raw file bytes are not valid UTF-8; `offset` is the 0-based byte offset of the first invalid sequence.
  case invalidUTF8(file: String, offset: Int)
  /// A prompt has more Unicode code points than a model accepts.
  case characterLimitExceeded(limit: Int, actual: Int)
  /// A token id that o200k_base does not define was given to the decoder.
  case unknownTokenID(Int)

  public var description: String {
    switch self {
    case .vocabularyNotFound(let searched):
      return "The o200k_base vocabulary (o200k_base.tiktoken) was not found; searched: "
        + searched.joined(separator: ", ")
        + ". Keep the imagecost_O200k.resources folder next to the imagecost binary, or set "
        + "\(O200kTokenizer.vocabularyPathEnvironmentVariable) to the file's path."
    case .vocabularyUnreadable(let path, let reason):
      return "The o200k_base vocabulary at \(path) could not be read: \(reason)."
    case .vocabularyCorrupt(let path, let line, let reason):
      return "The o200k_base vocabulary at \(path) is corrupt at line \(line): \(reason)."
    case .vocabularyChecksumMismatch(let path, let expected, let actual):
      return "The o200k_base vocabulary at \(path) is not the official file: expected \(expected), got \(actual)."
    case .invalidUTF8(let file, let offset):
      return "The file \(file) is not valid UTF-8: the first invalid byte sequence starts at byte offset \(offset)."
    case .characterLimitExceeded(let limit, let actual):
      return "The prompt has \(actual) characters (Unicode code points), over the model's limit of \(limit) characters."
    case .unknownTokenID(let id):
      return "The token id \(id) is not defined by o200k_base."
    }
  }

  public var errorDescription: String? { description }
}
