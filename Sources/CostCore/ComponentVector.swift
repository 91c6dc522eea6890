/// Seven money or token amounts, one per ``ComponentKind`` (in `allCases` order), stored inline as the
/// first seven of eight integers, so that sums over components can be vector additions (``lanes``). The
/// eighth is 0, except in a priced line's `components`, where it is 1 for a record priced from its usage
/// although the price book's capability table would refuse its request (``disagreement``): summed, it
/// counts those records.
package struct ComponentVector: Sendable {
  @usableFromInline var storage: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)

  package static let count = 7
  /// The eighth lane: see the type's description.
  package static let disagreement = 7

  @inlinable package init() {}

  static let slot: [ComponentKind: Int] = Dictionary(uniqueKeysWithValues: ComponentKind.allCases.enumerated().map { ($1, $0) })

  @inlinable package subscript(index: Int) -> Int64 {
    @inline(__always) get {
      precondition(index >= 0 && index < 8)
      return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: index &* 8, as: Int64.self) }
    }
    @inline(__always) set {
      precondition(index >= 0 && index < 8)
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: index &* 8, as: Int64.self) }
    }
  }

  /// The eight integers as one vector.
  @inlinable package var lanes: SIMD8<Int64> { unsafeBitCast(storage, to: SIMD8<Int64>.self) }
}

extension ComponentVector {
  /// A record's token quantities by component: text and image input from the input details (all input
  /// is text without them), image and text output from the output details. Without output details,
  /// `splitImage` gives the image output tokens expected for a model that also emits text (nil: the
  /// model emits images only), and the rest of the output is text — the split rule, reported as `split`.
  @inline(__always) static func quantities(of usage: ImageUsage, splitImage: () throws -> Int64?) rethrows -> (ComponentVector, split: Bool) {
    var quantities = ComponentVector()
    let imageIn = usage.inputImageTokens ?? 0
    quantities[textInput] = usage.inputTextTokens ?? (usage.inputTokens - imageIn)
    quantities[imageInput] = imageIn
    if let image = usage.outputImageTokens {
      quantities[imageOutput] = image
      quantities[textOutput] = usage.outputTextTokens ?? (usage.outputTokens - image)
      return (quantities, false)
    }
    guard let expected = try splitImage() else {
      quantities[imageOutput] = usage.outputTokens
      return (quantities, false)
    }
    let image = min(expected, usage.outputTokens)
    quantities[imageOutput] = image
    quantities[textOutput] = usage.outputTokens - image
    return (quantities, true)
  }

  // Lanes of the token components (``ComponentKind`` `allCases` order; a test checks them).
  static let textInput = 0
  static let imageInput = 2
  static let imageOutput = 4
  static let textOutput = 5
  static let image = 6
}
