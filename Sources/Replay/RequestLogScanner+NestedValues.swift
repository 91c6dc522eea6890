import CostCore

extension RequestLogScanner {
  /// `[{"width":…,"height":…}, …]`; other keys in an item must be scalars.
  mutating func scanImages(_ cursor: inout Cursor) -> [ImageSize]? {
    let start = cursor.index
    guard cursor.take(0x5B) else { return nil }  // [
    var list: [ImageSize] = []
    cursor.skipWhitespace()
    if !cursor.take(0x5D) {
      repeat {
        cursor.skipWhitespace()
        var width: Int64?
        var height: Int64?
        let item = cursor.members { cursor, key in
          let k = UnsafeBufferPointer(rebasing: cursor.bytes[key])
          if RequestLogScanner.eq(k, "width") {
            guard width == nil, let v = cursor.unsigned() else { return false }
            width = v
          } else if RequestLogScanner.eq(k, "height") {
            guard height == nil, let v = cursor.unsigned() else { return false }
            height = v
          } else {
            return cursor.skipScalar()
          }
          return true
        }
        guard item else { return nil }
        guard let width, let height, width > 0, height > 0 else { return nil }
        list.append(ImageSize(width: Int(width), height: Int(height)))
        cursor.skipWhitespace()
      } while cursor.take(0x2C)
      guard cursor.take(0x5D) else { return nil }
    }
    let span = UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
    if let hit = imageLists.lookup(span) { return hit }
    imageLists.insert(span, list)
    return list
  }

  /// `{"key":"value", …}` with string values only.
  mutating func scanTags(_ cursor: inout Cursor) -> [String: String]? {
    let start = cursor.index
    var pairs: [(Range<Int>, (range: Range<Int>, escaped: Bool))] = []
    let parsed = cursor.members { cursor, key in
      guard let value = cursor.escapedString() else { return false }
      pairs.append((key, value))
      return true
    }
    guard parsed else { return nil }
    let span = UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
    if let hit = tagSets.lookup(span) { return hit }
    var dict: [String: String] = [:]
    for (k, v) in pairs {
      guard let key = String(validating: UnsafeBufferPointer(rebasing: cursor.bytes[k]), as: UTF8.self), dict[key] == nil else { return nil }
      let value = RequestLogScanner.text(UnsafeBufferPointer(rebasing: cursor.bytes[v.range]), escaped: v.escaped)
      dict[key] = value
    }
    tagSets.insert(span, dict)
    return dict
  }

  /// The API's usage object: token counts and the two details objects (other keys: scalars).
  mutating func scanUsage(_ cursor: inout Cursor) -> ImageUsage? {
    var input: Int64?
    var output: Int64?
    var inText: Int64?
    var inImage: Int64?
    var outText: Int64?
    var outImage: Int64?
    var seenIn = false
    var seenOut = false
    guard cursor.take(0x7B) else { return nil }  // {
    cursor.skipWhitespace()
    if !cursor.take(0x7D) {
      var previous = usageKeys.start
      repeat {
        cursor.skipWhitespace()
        guard let (code, _) = usageKeys.key(&cursor, previous: &previous) else { return nil }
        cursor.skipWhitespace()
        switch code {
        case 0:
          guard input == nil, let v = cursor.unsigned() else { return nil }
          input = v
        case 1:
          guard output == nil, let v = cursor.unsigned() else { return nil }
          output = v
        case 2:
          guard !seenIn else { return nil }
          seenIn = true
          if !cursor.null() { guard scanDetails(&cursor, text: &inText, image: &inImage) else { return nil } }
        case 3:
          guard !seenOut else { return nil }
          seenOut = true
          if !cursor.null() { guard scanDetails(&cursor, text: &outText, image: &outImage) else { return nil } }
        default:
          guard cursor.skipScalar() else { return nil }
        }
        cursor.skipWhitespace()
      } while cursor.take(0x2C)  // ,
      guard cursor.take(0x7D) else { return nil }
    }
    guard let input, let output else { return nil }
    let usage = ImageUsage(
      inputTokens: input, inputTextTokens: inText, inputImageTokens: inImage, outputTokens: output, outputImageTokens: outImage,
      outputTextTokens: outText)
    // Beyond a plausibility bound: the general parser reports the line.
    return PlausibilityBounds.plausible(usage) ? usage : nil
  }

  mutating func scanDetails(_ cursor: inout Cursor, text: inout Int64?, image: inout Int64?) -> Bool {
    var seenText = false
    var seenImage = false
    guard cursor.take(0x7B) else { return false }  // {
    cursor.skipWhitespace()
    if cursor.take(0x7D) { return true }
    var previous = detailKeys.start
    repeat {
      cursor.skipWhitespace()
      guard let (code, _) = detailKeys.key(&cursor, previous: &previous) else { return false }
      cursor.skipWhitespace()
      switch code {
      case 0, 1:
        guard !(code == 0 ? seenText : seenImage) else { return false }
        if code == 0 { seenText = true } else { seenImage = true }
        if !cursor.null() {
          guard let v = cursor.unsigned() else { return false }
          if code == 0 { text = v } else { image = v }
        }
      default:
        guard cursor.skipScalar() else { return false }
      }
      cursor.skipWhitespace()
    } while cursor.take(0x2C)  // ,
    return cursor.take(0x7D)
  }
}
