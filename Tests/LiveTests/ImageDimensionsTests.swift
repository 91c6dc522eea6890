import CostCore
import CostIO
import Testing

@Suite struct ImageDimensionsTests {
  @Test func readsPNGAndJPEGAndWebP() {
    #expect(ImageDimensions.read(Array(PNGBytes.sample)) == ImageSize(width: 256, height: 768))
    let jpeg: [UInt8] = [
      0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x00, 0x03, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0,
    ]
    #expect(ImageDimensions.read(jpeg) == ImageSize(width: 768, height: 512))
    #expect(ImageDimensions.read(Array("not an image".utf8)) == nil)
  }
}

enum PNGBytes {
  static let sample = PNGWriter.solid(width: 256, height: 768, rgba: (1, 2, 3, 255))
}
