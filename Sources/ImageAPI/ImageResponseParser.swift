import CostCore
import Foundation

/// What an Images API answer says, read from JSON (a whole response, an error body, or one SSE event).
public enum ImageResponseParser {
  /// A successful non-streaming answer.
  public struct Images: Sendable {
    public let usage: ImageUsage?
    /// Decoded `b64_json` images, in order.
    public let images: [[UInt8]]
  }

  /// An error body: `{"error": {"code", "message", "type", "inner_error": {"code"}}}` (OpenAI and both Azure shapes).
  public struct ErrorBody: Sendable, Hashable {
    public let code: String?
    public let message: String?
    public let type: String?
  }

  /// One SSE event of a streamed generation or edit.
  public enum StreamEvent: Sendable {
    case partialImage(index: Int, image: [UInt8]?)
    case completed(usage: ImageUsage?, image: [UInt8]?)
    case error(ErrorBody)
    /// Anything else (keep-alives, unknown event types): ignored.
    case other(String)
  }

  /// Why a 2xx body could not be used.
  public struct MalformedResponse: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  /// Parses a non-streaming `ImagesResponse`.
  public static func images(_ body: [UInt8]) throws -> Images {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
      throw MalformedResponse(description: "The answer is not a JSON object (\(body.count) bytes)")
    }
    guard object["data"] != nil || object["created"] != nil || object["usage"] != nil else {
      throw MalformedResponse(description: "The answer has none of created, data or usage")
    }
    let data = object["data"] as? [[String: Any]] ?? []
    let images = data.compactMap { ($0["b64_json"] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } }
    return Images(usage: try usage(object["usage"]), images: images)
  }

  /// Parses an error body; nil fields when the body is not the usual shape.
  public static func error(_ body: [UInt8]) -> ErrorBody {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
      return ErrorBody(code: nil, message: nil, type: nil)
    }
    return errorBody(object["error"] as? [String: Any] ?? object)
  }

  static func errorBody(_ error: [String: Any]) -> ErrorBody {
    var code = error["code"] as? String
    if let inner = (error["inner_error"] ?? error["innererror"]) as? [String: Any], let innerCode = inner["code"] as? String,
      code == nil || code == "content_filter"
    {
      code = code ?? innerCode
    }
    return ErrorBody(code: code, message: error["message"] as? String, type: error["type"] as? String)
  }

  /// Interprets one SSE event (`image_generation.*` or `image_edit.*`; the type comes from the data's
  /// `type` field, else from the event name).
  public static func streamEvent(_ event: SSEEvent) throws -> StreamEvent {
    if event.data == "[DONE]" { return .other("done") }
    guard let object = try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any] else {
      throw MalformedResponse(description: "A streamed '\(event.event)' event does not carry a JSON object")
    }
    let type = object["type"] as? String ?? event.event
    if type == "error" || event.event == "error" || object["error"] != nil {
      return .error(errorBody(object["error"] as? [String: Any] ?? object))
    }
    let image = (object["b64_json"] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
    if type.hasSuffix(".partial_image") {
      return .partialImage(index: object["partial_image_index"] as? Int ?? 0, image: image)
    }
    if type.hasSuffix(".completed") {
      return .completed(usage: try usage(object["usage"]), image: image)
    }
    return .other(type)
  }

  /// The `usage` object, or nil when absent. Token counts must be non-negative whole numbers.
  static func usage(_ value: Any?) throws -> ImageUsage? {
    guard let value, !(value is NSNull) else { return nil }
    guard let usage = value as? [String: Any] else { throw MalformedResponse(description: "usage is not an object") }
    func count(_ object: [String: Any]?, _ key: String) throws -> Int64? {
      guard let raw = object?[key], !(raw is NSNull) else { return nil }
      guard let number = raw as? Int, number >= 0 else {
        throw MalformedResponse(description: "usage.\(key) is not a non-negative whole number")
      }
      return Int64(number)
    }
    let inputDetails = usage["input_tokens_details"] as? [String: Any]
    let outputDetails = usage["output_tokens_details"] as? [String: Any]
    let input = try count(usage, "input_tokens")
    let output = try count(usage, "output_tokens")
    guard let input, let output else { throw MalformedResponse(description: "usage lacks input_tokens or output_tokens") }
    return ImageUsage(
      inputTokens: input, inputTextTokens: try count(inputDetails, "text_tokens"), inputImageTokens: try count(inputDetails, "image_tokens"),
      outputTokens: output, outputImageTokens: try count(outputDetails, "image_tokens"), outputTextTokens: try count(outputDetails, "text_tokens"))
  }
}
