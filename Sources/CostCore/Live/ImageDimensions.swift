/// Reads the pixel size of an input image from its header bytes (PNG, JPEG, WebP), so an edit can be
/// priced from the files it sends.
public enum ImageDimensions {
  /// The width and height, or nil when the bytes are not a PNG, JPEG or WebP image this reader understands.
  public static func read(_ bytes: [UInt8]) -> ImageSize? {
    if let size = png(bytes) { return size }
    if let size = jpeg(bytes) { return size }
    return webp(bytes)
  }

  static func be32(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3]) }
  static func be16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 8 | Int(b[at + 1]) }
  static func le16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }

  /// PNG: signature, then the IHDR chunk's width and height (big-endian).
  static func png(_ b: [UInt8]) -> ImageSize? {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard b.count >= 24, Array(b[0..<8]) == signature, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
    let w = be32(b, 16)
    let h = be32(b, 20)
    return w > 0 && h > 0 ? ImageSize(width: w, height: h) : nil
  }

  /// JPEG: walks the markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC).
  static func jpeg(_ b: [UInt8]) -> ImageSize? {
    guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
    var i = 2
    while i + 9 < b.count {
      guard b[i] == 0xFF else { return nil }
      let marker = b[i + 1]
      if marker == 0xFF {
        i += 1
        continue
      }
      if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
        i += 2
        continue
      }
      let length = be16(b, i + 2)
      if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
        let h = be16(b, i + 5)
        let w = be16(b, i + 7)
        return w > 0 && h > 0 ? ImageSize(width: w, height: h) : nil
      }
      guard length >= 2 else { return nil }
      i += 2 + length
    }
    return nil
  }

  /// WebP: `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended) headers.
  static func webp(_ b: [UInt8]) -> ImageSize? {
    guard b.count >= 30, Array(b[0..<4]) == Array("RIFF".utf8), Array(b[8..<12]) == Array("WEBP".utf8) else { return nil }
    let chunk = String(decoding: b[12..<16], as: UTF8.self)
    switch chunk {
    case "VP8 ":
      return ImageSize(width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
    case "VP8L":
      let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
      return ImageSize(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
    case "VP8X":
      let w = (Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16) + 1
      let h = (Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16) + 1
      return ImageSize(width: w, height: h)
    default:
      return nil
    }
  }
}
