import CostCore
import ImageAPI
import Testing

@Suite struct MultipartFormTests {
  @Test func bodyIsByteExact() {
    var form = MultipartForm(boundary: "XyZ")
    form.addField("prompt", "a \"cat\"\r\nwith a hat")
    form.addField("n", "2")
    form.addFile("image[]", filename: "a.png", contentType: "image/png", content: [0x89, 0x50, 0x0D, 0x0A, 0x00])
    form.addFile("mask", filename: "evil\"\r\nX-Header: 1.png", contentType: "image/png", content: [])
    let expected: [UInt8] =
      Array("--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na \"cat\"\r\nwith a hat\r\n".utf8)
      + Array("--XyZ\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n2\r\n".utf8)
      + Array("--XyZ\r\nContent-Disposition: form-data; name=\"image[]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
      + [0x89, 0x50, 0x0D, 0x0A, 0x00] + Array("\r\n".utf8)
      + Array(
        "--XyZ\r\nContent-Disposition: form-data; name=\"mask\"; filename=\"evil%22%0D%0AX-Header: 1.png\"\r\nContent-Type: image/png\r\n\r\n\r\n"
          .utf8)
      + Array("--XyZ--\r\n".utf8)
    #expect(form.body() == expected)
    #expect(form.contentType == "multipart/form-data; boundary=XyZ")
    #expect(!form.boundaryCollides)
    form.addFile("image[]", filename: "b.png", contentType: "image/png", content: Array("xx--XyZyy".utf8))
    #expect(form.boundaryCollides)
  }

  @Test func randomBoundaryIsReproducibleFromTheSeed() {
    var a = SplitMix64(seed: 9)
    var b = SplitMix64(seed: 9)
    let first = MultipartForm.randomBoundary(using: &a)
    #expect(first == MultipartForm.randomBoundary(using: &b))
    #expect(first.count == 42 && first.hasPrefix("imagecost-"))
  }

  @Test func editRequestCarriesFieldsImagesAndMask() {
    let call = Live.call(
      "e", seq: 0, operation: .edit, inputFiles: ["x.png"], inputSizes: [ImageSize(width: 8, height: 8)], fidelity: "high", mask: "m.png")
    let endpoint = LiveEndpoint(baseURL: "https://res.openai.azure.com/", style: .azureV1(apiVersion: "preview"))
    let request = ImageCallRequestBuilder.request(
      call, endpoint: endpoint, attempt: 2, images: [ImageFile(filename: "x.png", contentType: "image/png", bytes: [1, 2])],
      mask: ImageFile(filename: "m.png", contentType: "image/png", bytes: [3]), boundary: "B")
    let text = String(decoding: request.body, as: UTF8.self)
    #expect(request.url == "https://res.openai.azure.com/openai/v1/images/edits?api-version=preview")
    #expect(request.headers["Content-Type"] == "multipart/form-data; boundary=B")
    #expect(request.headers["X-Client-Request-Id"] == "e/2")
    #expect(text.hasPrefix("--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nimg1\r\n"))
    #expect(text.contains("name=\"input_fidelity\"\r\n\r\nhigh\r\n"))
    #expect(text.contains("name=\"image[]\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n\u{1}\u{2}\r\n"))
    #expect(text.hasSuffix("name=\"mask\"; filename=\"m.png\"\r\nContent-Type: image/png\r\n\r\n\u{3}\r\n--B--\r\n"))
  }
}

@Suite struct EndpointTests {
  @Test func urlsOfEveryProviderAndPath() {
    let classic = LiveEndpoint(baseURL: "https://myres.openai.azure.com/", style: .azureClassic(apiVersion: "2025-04-01-preview"))
    #expect(
      classic.url(for: .generate, deployment: "img 1")
        == "https://myres.openai.azure.com/openai/deployments/img%201/images/generations?api-version=2025-04-01-preview")
    #expect(
      classic.url(for: .edit, deployment: "img1")
        == "https://myres.openai.azure.com/openai/deployments/img1/images/edits?api-version=2025-04-01-preview")
    let v1 = LiveEndpoint(baseURL: "https://myres.openai.azure.com/openai/v1/", style: .azureV1(apiVersion: nil))
    #expect(v1.url(for: .generate, deployment: "img1") == "https://myres.openai.azure.com/openai/v1/images/generations")
    let openAI = LiveEndpoint(baseURL: "https://api.openai.com/v1", style: .openAI)
    #expect(openAI.url(for: .edit, deployment: nil) == "https://api.openai.com/v1/images/edits")
    #expect(openAI.provider == .openai && classic.provider == .azure)
  }

  @Test func redactedURLDropsQueryAndUserInfo() {
    #expect(LiveEndpoint.redactedURL("https://user:pw@host:8443/path?api-key=SECRET#frag") == "https://host:8443/path")
    #expect(LiveEndpoint.redactedURL("http://127.0.0.1:80/a") == "http://127.0.0.1:80/a")
  }

  @Test func generationBodyPerStyle() {
    let call = Live.call("g", seq: 0, quality: "high", size: "1536x1024", n: 2, partialImages: 1)
    func body(_ style: LiveEndpoint.Style) -> String {
      String(decoding: ImageCallRequestBuilder.generationBody(call, endpoint: LiveEndpoint(baseURL: "https://x", style: style)), as: UTF8.self)
    }
    #expect(
      body(.azureClassic(apiVersion: "v"))
        == "{\"n\":2,\"partial_images\":1,\"prompt\":\"a red bicycle leaning on a wall\",\"quality\":\"high\",\"size\":\"1536x1024\",\"stream\":true}"
    )
    #expect(body(.azureV1(apiVersion: nil)).hasPrefix("{\"model\":\"img1\","))
    let openAICall = Live.call("g", seq: 0, provider: "openai")
    #expect(
      String(
        decoding: ImageCallRequestBuilder.generationBody(openAICall, endpoint: LiveEndpoint(baseURL: "https://x", style: .openAI)), as: UTF8.self
      )
      .hasPrefix("{\"model\":\"gpt-image-1\","))
  }
}
