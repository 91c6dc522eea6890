import CostCore
import CostIO
import Foundation
import ImageAPI
import Testing

/// What DALL·E needs on the wire (the `image` field of an edit, `response_format: b64_json`) is data in the
/// price book (`capabilities.edit_image_field`, `capabilities.response_format`), not a model-name test in code.
@Suite struct WireCapabilityTests {
  static func files(replacing old: String, with new: String) throws -> [(name: String, text: String)] {
    try PriceBookLoader.readFiles(directory: Live.root.appendingPathComponent("pricing").path).map { file in
      (name: file.name, text: file.name.hasSuffix("models.yaml") ? file.text.replacingOccurrences(of: old, with: new) : file.text)
    }
  }

  @Test func theBookGivesDallEItsFieldAndFormat() throws {
    for model in ["dall-e-2", "dall-e-3"] {
      let capabilities = try #require(Live.book.model(named: model)?.capabilities)
      #expect(capabilities.editImageField == "image")
      #expect(capabilities.responseFormat == "b64_json")
    }
    let gpt = try #require(Live.book.model(named: "gpt-image-2")?.capabilities)
    #expect(gpt.editImageField == "image[]")
    #expect(gpt.responseFormat == nil)
  }

  @Test func theBuilderSendsWhatTheCapabilitiesSay() throws {
    let capabilities = try #require(Live.book.model(named: "dall-e-2")?.capabilities)
    let call = Live.call("e", seq: 0, model: "dall-e-2", quality: nil, provider: "openai", operation: .edit, inputFiles: ["x.png"])
    let endpoint = LiveEndpoint(baseURL: "https://api.openai.com", style: .openAI)
    let image = ImageFile(filename: "x.png", contentType: "image/png", bytes: [1])
    let dallE = String(
      decoding: ImageCallRequestBuilder.request(call, endpoint: endpoint, attempt: 1, images: [image], boundary: "B", capabilities: capabilities)
        .body,
      as: UTF8.self)
    #expect(dallE.contains("name=\"image\"; filename=\"x.png\""))
    #expect(dallE.contains("name=\"response_format\"\r\n\r\nb64_json\r\n"))
    let plain = String(
      decoding: ImageCallRequestBuilder.request(call, endpoint: endpoint, attempt: 1, images: [image], boundary: "B").body, as: UTF8.self)
    #expect(plain.contains("name=\"image[]\"; filename=\"x.png\""))
    #expect(!plain.contains("response_format"))
  }

  @Test func unknownValuesAreOneSentenceWithTheirLine() throws {
    let (_, fieldProblems) = PriceBookLoader.parse(
      files: try Self.files(replacing: "edit_image_field: image\n", with: "edit_image_field: picture\n"))
    #expect(
      fieldProblems.contains {
        $0.description.contains("models.yaml:") && $0.description.contains("edit_image_field must be image[] or image, not 'picture'")
      })
    let (_, formatProblems) = PriceBookLoader.parse(
      files: try Self.files(replacing: "response_format: b64_json\n", with: "response_format: png\n"))
    #expect(formatProblems.contains { $0.description.contains("response_format must be b64_json or url, not 'png'") })
  }
}
