import CZlib
import Foundation

/// Writes small PNG images (8-bit RGBA, one colour, optionally with a transparent region) through the
/// system zlib: calibration edits send one as their input image and one as their mask.
public enum PNGWriter {
  /// A `width`×`height` image filled with `rgba`; pixels with `x < transparentColumns` are fully transparent
  /// (a mask's edit region).
  public static func solid(width: Int, height: Int, rgba: (UInt8, UInt8, UInt8, UInt8), transparentColumns: Int = 0) -> [UInt8] {
    var raw = [UInt8]()
    raw.reserveCapacity(height * (1 + width * 4))
    var row = [UInt8](repeating: 0, count: 1 + width * 4)
    for x in 0..<width {
      let alpha = x < transparentColumns ? 0 : rgba.3
      row[1 + x * 4] = rgba.0
      row[2 + x * 4] = rgba.1
      row[3 + x * 4] = rgba.2
      row[4 + x * 4] = alpha
    }
    for _ in 0..<height { raw += row }
    var compressedLength = compressBound(uLong(raw.count))
    var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
    let status = compress2(&compressed, &compressedLength, raw, uLong(raw.count), 9)
    precondition(status == Z_OK, "zlib compress2 failed with \(status)")
    compressed.removeSubrange(Int(compressedLength)...)

    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    func be32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    func chunk(_ type: String, _ data: [UInt8]) {
      let typed = Array(type.utf8) + data
      png += be32(data.count) + typed
      png += be32(Int(crc32(0, typed, uInt(typed.count))))
    }
    chunk("IHDR", be32(width) + be32(height) + [8, 6, 0, 0, 0])
    chunk("IDAT", compressed)
    chunk("IEND", [])
    return png
  }
}
