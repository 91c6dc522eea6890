/// o200k_base pre-tokenization without a regex engine.
///
/// tiktoken splits text with this pattern (Rust `fancy_regex`, leftmost-first alternation, backtracking,
/// **code-point** semantics):
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |\p{N}{1,3}
///     | ?[^\s\p{L}\p{N}]+[\r\n/]*
///     |\s*[\r\n]+
///     |\s+(?!\S)
///     |\s+
///
/// `PreTokenizer` reproduces every backtracking outcome of that pattern with a hand-written scanner over
/// Unicode scalars (never `Character`s: `"\r\n"` and `"e\u{301}"` are one grapheme but two scalars here).
enum PreTokenizer {
  // MARK: Scalar classes (bit set)

  /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`
  static let up: UInt8 = 1
  /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`
  static let low: UInt8 = 2
  /// `\p{L}`
  static let letter: UInt8 = 4
  /// `\p{N}` (Nd, Nl, No)
  static let number: UInt8 = 8
  /// `\s` (the Unicode White_Space property)
  static let space: UInt8 = 16
  /// `[\r\n]`
  static let newline: UInt8 = 32

  /// The newest Unicode version whose characters are classified. tiktoken 0.14.0's Rust regex tables are
  /// Unicode 16.0, while Swift 6.3's standard library knows Unicode 17.0: a character first assigned in 17.0
  /// is still unassigned (`Cn`) for tiktoken, so it is treated as unassigned here too. Checked on every code
  /// point of planes 0–3 and 14 against tiktoken (`scripts/o200k/codepoint_contexts.py`).
  static let newestUnicodeVersion = (major: 16, minor: 0)

  /// The class bits of one scalar value, from the standard library's Unicode tables.
  static func computeClass(_ value: UInt32) -> UInt8 {
    guard let scalar = Unicode.Scalar(value) else { return 0 }
    let properties = scalar.properties
    // Every White_Space character is at or below U+3000 (IDEOGRAPHIC SPACE).
    var bits: UInt8 = value <= 0x3000 && properties.isWhitespace ? space : 0
    if value == 0x0A || value == 0x0D { bits |= newline }
    let kind: UInt8
    switch properties.generalCategory {
    case .uppercaseLetter, .titlecaseLetter: kind = up | letter
    case .lowercaseLetter: kind = low | letter
    case .modifierLetter, .otherLetter: kind = up | low | letter
    case .nonspacingMark, .spacingMark, .enclosingMark: kind = up | low
    case .decimalNumber, .letterNumber, .otherNumber: kind = number
    default: return bits
    }
    if let age = properties.age,
      age.major > newestUnicodeVersion.major
        || (age.major == newestUnicodeVersion.major && age.minor > newestUnicodeVersion.minor)
    {
      return bits  // unassigned for tiktoken
    }
    return bits | kind
  }

  /// Class bits for U+0000…U+1FFFF (the BMP and the SMP, where emoji live), computed once on first use.
  static let classTable: [UInt8] = (0..<UInt32(0x20000)).map { computeClass($0) }

  @inline(__always)
  static func scalarClass(_ value: UInt32, _ table: UnsafeBufferPointer<UInt8>) -> UInt8 {
    value < 0x20000 ? table[Int(value)] : computeClass(value)
  }

  // MARK: Splitting

  /// Calls `body(start, end)` with the UTF-8 byte range of every piece of `utf8`, in order.
  /// The pieces cover the input exactly. `utf8` must be valid UTF-8 (any Swift `String`'s is).
  static func forEachPiece(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
    let byteCount = utf8.count
    if byteCount == 0 { return }
    classTable.withUnsafeBufferPointer { table in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: byteCount + 1) { values in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: byteCount + 1) { offsets in
          withUnsafeTemporaryAllocation(of: UInt8.self, capacity: byteCount + 1) { classes in
            // Decode scalars, their byte offsets and classes.
            var n = 0
            var i = 0
            while i < byteCount {
              let b0 = UInt32(utf8[i])
              var value: UInt32
              var length: Int
              if b0 < 0x80 {
                value = b0
                length = 1
              } else if b0 < 0xE0 {
                value = (b0 & 0x1F) << 6 | (UInt32(utf8[i + 1]) & 0x3F)
                length = 2
              } else if b0 < 0xF0 {
                value = (b0 & 0x0F) << 12 | (UInt32(utf8[i + 1]) & 0x3F) << 6 | (UInt32(utf8[i + 2]) & 0x3F)
                length = 3
              } else {
                value =
                  (b0 & 0x07) << 18 | (UInt32(utf8[i + 1]) & 0x3F) << 12
                  | (UInt32(utf8[i + 2]) & 0x3F) << 6 | (UInt32(utf8[i + 3]) & 0x3F)
                length = 4
              }
              values[n] = value
              offsets[n] = Int32(truncatingIfNeeded: i)
              classes[n] = scalarClass(value, table)
              n += 1
              i += length
            }
            values[n] = 0
            offsets[n] = Int32(truncatingIfNeeded: byteCount)
            classes[n] = 0  // sentinel: a class with no bits stops every run
            let scanner = Scanner(
              values: UnsafePointer(values.baseAddress!), classes: UnsafePointer(classes.baseAddress!), count: n)
            var start = 0
            while start < n {
              let end = scanner.pieceEnd(at: start)
              body(Int(offsets[start]), Int(offsets[end]))
              start = end
            }
          }
        }
      }
    }
  }

  /// The scanner proper, over decoded scalars. `classes[count]` is a 0 sentinel.
  struct Scanner {
    let values: UnsafePointer<UInt32>
    let classes: UnsafePointer<UInt8>
    let count: Int

    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) func isPrefix(_ i: Int) -> Bool {
      i < count && classes[i] & (PreTokenizer.newline | PreTokenizer.letter | PreTokenizer.number) == 0
    }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) func isSymbol(_ i: Int) -> Bool {
      i < count && classes[i] & (PreTokenizer.space | PreTokenizer.letter | PreTokenizer.number) == 0
    }

    /// End of the longest run of scalars with `bits` starting at `i`.
    @inline(__always) func run(from i: Int, _ bits: UInt8) -> Int {
      var k = i
      while classes[k] & bits != 0 { k += 1 }  // the sentinel stops it
      return k
    }

    /// `UP* LOW+` from `s`, with backtracking of `UP*` into the shared classes (Lm, Lo, M).
    func upStarLowPlus(_ s: Int) -> Int? {
      var k = s
      var lastLow = -1
      while classes[k] & PreTokenizer.up != 0 {
        if classes[k] & PreTokenizer.low != 0 { lastLow = k }
        k += 1
      }
      if classes[k] & PreTokenizer.low != 0 { return run(from: k, PreTokenizer.low) }
      return lastLow >= 0 ? lastLow + 1 : nil
    }

    /// `UP+ LOW*` from `s`.
    func upPlusLowStar(_ s: Int) -> Int? {
      let k = run(from: s, PreTokenizer.up)
      return k == s ? nil : run(from: k, PreTokenizer.low)
    }

    /// Simple case folding restricted to what the contractions need: ASCII letters, and ſ (U+017F) → s.
    @inline(__always) func folded(_ i: Int) -> UInt32 {
      guard i < count else { return 0 }
      let v = values[i]
      if v >= 0x41 && v <= 0x5A { return v | 0x20 }
      if v == 0x17F { return 0x73 }
      return v
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` after `e`.
    func withContraction(_ e: Int) -> Int {
      guard e + 1 < count, values[e] == 0x27 else { return e }
      switch folded(e + 1) {
      case 0x73, 0x74, 0x6D, 0x64: return e + 2  // s t m d
      case 0x72, 0x76: return folded(e + 2) == 0x65 ? e + 3 : e  // re ve
      case 0x6C: return folded(e + 2) == 0x6C ? e + 3 : e  // ll
      default: return e
      }
    }

    /// The end (exclusive scalar index) of the piece that starts at `i` (`i < count`).
    func pieceEnd(at i: Int) -> Int {
      let c = classes[i]
      // Alternatives 1 and 2: letters with an optional leading non-letter, non-number, non-newline.
      if c & (PreTokenizer.up | PreTokenizer.low) != 0 || isPrefix(i) {
        let prefixed = isPrefix(i)
        if prefixed, let e = upStarLowPlus(i + 1) { return withContraction(e) }
        if let e = upStarLowPlus(i) { return withContraction(e) }
        if prefixed, let e = upPlusLowStar(i + 1) { return withContraction(e) }
        if let e = upPlusLowStar(i) { return withContraction(e) }
      }
      // Alternative 3: \p{N}{1,3}
      if c & PreTokenizer.number != 0 {
        var k = i + 1
        while k < i + 3 && classes[k] & PreTokenizer.number != 0 { k += 1 }
        return k
      }
      // Alternative 4: ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
      var j = i
      if values[i] == 0x20 && isSymbol(i + 1) { j = i + 1 }
      if isSymbol(j) {
        var k = j + 1
        while isSymbol(k) { k += 1 }
        while k < count && (values[k] == 0x0A || values[k] == 0x0D || values[k] == 0x2F) { k += 1 }
        return k
      }
      // Alternatives 5–7: whitespace.
      // (Every scalar is a letter, mark, number, symbol or whitespace, so `c` is whitespace here.)
      var k = i
      var lastNewline = -1
      while classes[k] & PreTokenizer.space != 0 {
        if classes[k] & PreTokenizer.newline != 0 { lastNewline = k }
        k += 1
      }
      if lastNewline >= 0 { return lastNewline + 1 }  // \s*[\r\n]+
      if k == count { return k }  // \s+(?!\S) at the end
      if k - i >= 2 { return k - 1 }  // \s+(?!\S) leaves the last space to the next piece
      return k  // \s+
    }
  }
}
