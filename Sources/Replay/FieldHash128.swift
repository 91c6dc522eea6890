import CostCore
import CostIO

/// A 128-bit hash of a sequence of byte fields (a request shape's raw field values), fed field by field.
///
/// Each 16-byte chunk of a field enters two lanes through one full-width multiplication each, keyed by
/// the chunk's position and its field's length, so fields cannot trade bytes and the lanes'
/// multiplications do not wait on one another (a chained hash of the same bytes takes several times
/// longer). Fixed keys, no per-process seed.
struct FieldHash128 {
  private var a: UInt64 = 0x243F_6A88_85A3_08D3
  private var b: UInt64 = 0x1319_8A2E_0370_7344
  private var position: UInt64 = 0

  init() {}

  @inline(__always) private static func mum(_ x: UInt64, _ y: UInt64) -> UInt64 {
    let (high, low) = x.multipliedFullWidth(by: y)
    return high ^ low
  }

  @inline(__always) private mutating func chunk(_ w0: UInt64, _ w1: UInt64, length: UInt64) {
    position &+= 1
    let k = (position << 32 ^ length) &* 0x9E37_79B9_7F4A_7C15
    a &+= FieldHash128.mum(w0 ^ k ^ 0xA076_1D64_78BD_642F, w1 ^ (k >> 29 | k << 35) ^ 0xE703_7ED1_A0B4_28DB)
    b &+= FieldHash128.mum(w1 ^ k ^ 0x8EBC_6AF0_9C88_C6E3, w0 ^ (k >> 17 | k << 47) ^ 0x5899_65CC_7537_4CC3)
  }

  /// A field of `count` bytes at `p`; `readable` bytes from `p` may be read (16-byte loads when ≥ 16).
  @inline(__always) mutating func field(_ p: UnsafeRawPointer, count: Int, readable: Int) {
    let length = UInt64(count)
    var i = 0
    repeat {
      let left = count - i
      var w0: UInt64 = 0
      var w1: UInt64 = 0
      if readable - i >= 16 {
        w0 = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        w1 = p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
        if left < 8 {
          w0 &= left == 0 ? 0 : ~0 >> (64 - 8 * UInt64(left))
          w1 = 0
        } else if left < 16 {
          w1 &= left == 8 ? 0 : ~0 >> (64 - 8 * UInt64(left - 8))
        }
      } else {
        for j in 0..<min(left, 16) {
          let byte = UInt64(p.load(fromByteOffset: i + j, as: UInt8.self))
          if j < 8 { w0 |= byte << (8 * UInt64(j)) } else { w1 |= byte << (8 * UInt64(j - 8)) }
        }
      }
      chunk(w0, w1, length: length)
      i += 16
    } while i < count
  }

  /// A 64-bit value as a field of its own.
  mutating func word(_ w: UInt64) { chunk(w, 0, length: 1 << 30) }

  func finish() -> UInt128 {
    let x = RequestIDHash.finalize(a ^ position)
    let y = RequestIDHash.finalize(b ^ x)
    let value = UInt128(x) << 64 | UInt128(y)
    return value == 0 ? 1 : value
  }
}
