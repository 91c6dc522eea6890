/// Strict UTF-8 validation (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
  /// The 0-based byte offset where the first ill-formed sequence starts, or `nil` if `bytes` is valid UTF-8.
  static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { b in
      let n = b.count
      var i = 0
      @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
        k < n && b[k] >= low && b[k] <= high
      }
      while i < n {
        let lead = b[i]
        if lead < 0x80 {
          i += 1
          continue
        }
        let length: Int
        let valid: Bool
        switch lead {
        case 0xC2...0xDF:
          length = 2
          valid = continuation(i + 1)
        case 0xE0:
          length = 3
          valid = continuation(i + 1, 0xA0) && continuation(i + 2)
        case 0xE1...0xEC, 0xEE...0xEF:
          length = 3
          valid = continuation(i + 1) && continuation(i + 2)
        case 0xED:
          length = 3
          valid = continuation(i + 1, 0x80, 0x9F) && continuation(i + 2)
        case 0xF0:
          length = 4
          valid = continuation(i + 1, 0x90) && continuation(i + 2) && continuation(i + 3)
        case 0xF1...0xF3:
          length = 4
          valid = continuation(i + 1) && continuation(i + 2) && continuation(i + 3)
        case 0xF4:
          length = 4
          valid = continuation(i + 1, 0x80, 0x8F) && continuation(i + 2) && continuation(i + 3)
        default:
          return i
        }
        if !valid { return i }
        i += length
      }
      return nil
    }
  }
}
