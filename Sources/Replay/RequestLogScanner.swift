import CostCore
import CostIO
import Digest
import Foundation

/// A purpose-built scanner for the request-log line schema, working directly on UTF-8 bytes.
///
/// It understands the shapes applications log: one object whose known keys hold strings (escapes
/// decoded), non-negative integers or `null`, the nested `usage`, `input_images` and `tags` objects, a raw
/// Images API response's `created`, `data`, `background` and `output_format`, and any JSON value under keys
/// it does not know. Anything else — an unexpected type, a duplicate key, an escape or number another JSON
/// reader might read differently (see ``Cursor/escapedString()``, ``Cursor/number()``), any value the reader
/// would reject — makes ``scan(_:unknown:)`` return nil, and the reader falls back to the general
/// JSONSerialization path, which gives the same record or the same `file:line: message` error. Repeated
/// values (model names, sizes, tags, dates) are interned, so a typical line allocates only its timestamp
/// and id strings.
struct RequestLogScanner {
  /// A small most-recently-added table from raw bytes to a decoded value.
  struct Interner<Value> {
    var keys: [[UInt8]] = []
    var values: [Value] = []
    var next = 0
    let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
      for index in keys.indices {
        let key = keys[index]
        guard key.count == bytes.count else { continue }
        let equal = key.withUnsafeBufferPointer { k in k.count == 0 || memcmp(k.baseAddress!, bytes.baseAddress!, k.count) == 0 }
        if equal { return values[index] }
      }
      return nil
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) {
      if keys.count < capacity {
        keys.append(Array(bytes))
        values.append(value)
      } else {
        keys[next] = Array(bytes)
        values[next] = value
        next = (next + 1) % capacity
      }
    }
  }

  private var strings = [Interner<String>](repeating: Interner<String>(capacity: 16), count: RequestLogField.allCases.count)
  private var dates = Interner<CivilDate>(capacity: 8)
  /// The last day seen and its 10 bytes (consecutive lines usually share a day).
  private var lastDay: CivilDate?
  private var lastDayHead: UInt64 = 0
  private var lastDayTail: UInt16 = 0
  var sizes = Interner<ImageSize?>(capacity: 16)
  var tagSets = Interner<[String: String]>(capacity: 32)
  var imageLists = Interner<[ImageSize]>(capacity: 16)

  init() {}

  /// Key codes of the top-level fields (bit positions for duplicate detection), in ``keyNames`` order.
  typealias Key = RequestLogField

  /// The keys whose bytes make a request's shape (with `n` and `partial_images`; `tags` too when grouping by a tag).
  static let shapeBits: UInt32 = {
    let keys: [Key] = [.model, .deployment, .provider, .deploymentType, .region, .operation, .size, .quality, .inputFidelity, .inputImages]
    return keys.reduce(0) { $0 | 1 << $1.rawValue }
  }()

  static let keyNames: [StaticString] = RequestLogField.allCases.map(\.name)

  /// Key orders of the line, its usage object and the usage details objects, learnt as lines are read.
  private var lineKeys = KeyPredictor(RequestLogScanner.keyNames)
  var usageKeys = KeyPredictor(["input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details", "total_tokens"])
  var detailKeys = KeyPredictor(["text_tokens", "image_tokens"])

  /// Whether `bytes` spell `text`, compared a machine word at a time (keys are short; a call to memcmp costs more).
  @inline(__always) static func eq(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
    let n = text.utf8CodeUnitCount
    guard n == bytes.count else { return false }
    let a = UnsafeRawPointer(bytes.baseAddress!)
    let b = UnsafeRawPointer(text.utf8Start)
    if n < 8 {
      for i in 0..<n where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
      return true
    }
    var i = 0
    while i + 8 < n {
      guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
      i += 8
    }
    return a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
  }

  /// Byte ranges and numbers of one line's known fields, found without allocating.
  struct Fields {
    /// One packed range (lower << 32 | upper, or −1) per key code (only text and raw-value keys are set).
    private var ranges:
      (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) =
        (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)
    var n: Int64?
    var partialImages: Int64?
    var status: Int64?
    var created: Int64?
    /// The number of `input_images` (each checked as the general parser checks it).
    var inputImageCount = 0
    var usage: ImageUsage?
    /// Unknown keys of the line (at most ``maxUnknownKeys``), packed like ranges.
    private var unknown: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private(set) var unknownCount = 0
    private var unknownCodes: (Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8) = (0, 0, 0, 0, 0, 0, 0, 0)
    static let maxUnknownKeys = 8
    /// Bit per key code whose range is set.
    private(set) var present: UInt32 = 0
    /// Bit per key code whose string holds an escape (decoded when read).
    var escaped: UInt32 = 0
    /// Every string of the line is ASCII (so valid UTF-8), as far as the scan could tell.
    var stringsASCII = false

    /// The range of unknown key `i` (below ``unknownCount``).
    func unknownKey(_ i: Int) -> Range<Int> {
      let packed = withUnsafeBytes(of: unknown) { $0.load(fromByteOffset: i &* 8, as: Int64.self) }
      return Int(packed >> 32)..<Int(packed & 0xFFFF_FFFF)
    }

    /// Notes an unknown key (`code`: its learnt code in the key predictor, or −1); false when the line
    /// has too many to note or repeats one.
    mutating func addUnknownKey(_ range: Range<Int>, code: Int, in line: UnsafeBufferPointer<UInt8>) -> Bool {
      guard unknownCount < Fields.maxUnknownKeys else { return false }
      let bytes = UnsafeBufferPointer(rebasing: line[range])
      for i in 0..<unknownCount {
        let other = unknownKey(i)
        if other.count == range.count, memcmp(line.baseAddress! + other.lowerBound, bytes.baseAddress!, range.count) == 0 { return false }
      }
      let packed = Int64(range.lowerBound) << 32 | Int64(range.upperBound)
      withUnsafeMutableBytes(of: &unknown) { $0.storeBytes(of: packed, toByteOffset: unknownCount &* 8, as: Int64.self) }
      withUnsafeMutableBytes(of: &unknownCodes) { $0.storeBytes(of: Int8(truncatingIfNeeded: code), toByteOffset: unknownCount, as: Int8.self) }
      unknownCount += 1
      return true
    }

    /// The learnt code of unknown key `i` (below ``unknownCount``), or −1.
    func unknownCode(_ i: Int) -> Int { Int(withUnsafeBytes(of: unknownCodes) { $0.load(fromByteOffset: i, as: Int8.self) }) }

    /// The range of a string field, or of the raw `tags` / `input_images` value; nil when absent or null.
    subscript(key: Key) -> Range<Int>? {
      // Mutating only to read the tuple in place (reading a copy would copy all of it per field).
      @inline(__always) mutating get {
        let packed = withUnsafeBytes(of: &ranges) { $0.load(fromByteOffset: key.rawValue &* 8, as: Int64.self) }
        guard packed >= 0 else { return nil }
        return Int(packed >> 32)..<Int(packed & 0xFFFF_FFFF)
      }
      @inline(__always) set {
        let packed = newValue.map { Int64($0.lowerBound) << 32 | Int64($0.upperBound) } ?? -1
        if newValue == nil { present &= ~(1 << key.rawValue) } else { present |= 1 << key.rawValue }
        withUnsafeMutableBytes(of: &ranges) { $0.storeBytes(of: packed, toByteOffset: key.rawValue &* 8, as: Int64.self) }
      }
    }
  }

  /// Walks the line's top-level object; nil when the line needs the general parser.
  /// - Parameter fields: empty on entry; filled in place (a `Fields` is a few hundred bytes: not copied).
  /// - Returns: where the record ends — the line feed after it, or the end of `line` — or nil when the
  ///   line needs the general parser. `line` may run on past the record's line (a block of lines).
  mutating func fields(_ line: UnsafeBufferPointer<UInt8>, into fields: inout Fields) -> Int? {
    guard line.count > 0, line.count < Int(UInt32.max), line.baseAddress != nil else { return nil }
    var cursor = Cursor(bytes: line)
    cursor.skipWhitespace()
    guard cursor.take(0x7B) else { return nil }  // {
    cursor.skipWhitespace()
    if !cursor.take(0x7D) {
      var seen = 0
      var previous = lineKeys.start
      repeat {
        cursor.skipWhitespace()
        guard let (code, keyRange) = lineKeys.key(&cursor, previous: &previous) else { return nil }
        cursor.skipWhitespace()
        if let key = Key(rawValue: code) {
          let bit = 1 << code
          guard seen & bit == 0 else { return nil }
          seen |= bit
          switch key.kind {
          case .text:
            if cursor.null() { break }
            guard let (value, escaped) = cursor.escapedString() else { return nil }
            if escaped {
              guard key != .time else { return nil }
              fields.escaped |= UInt32(bit)
            }
            fields[key] = value
          case .wholeNumber:
            if cursor.null() { break }
            guard let value = cursor.unsigned() else { return nil }
            switch key {
            case .n: fields.n = value
            case .partialImages: fields.partialImages = value
            case .status: fields.status = value
            case .created: fields.created = value
            default: return nil
            }
          case .ignored:
            guard cursor.skipValue() else { return nil }
          case .tags:
            let start = cursor.index
            guard RequestLogScanner.skipTags(&cursor) else { return nil }
            fields[key] = start..<cursor.index
          case .imageSizes:
            let start = cursor.index
            guard let count = RequestLogScanner.countImages(&cursor) else { return nil }
            fields[key] = start..<cursor.index
            fields.inputImageCount = count
          case .usage:
            if cursor.null() { break }
            guard let value = scanUsage(&cursor) else { return nil }
            fields.usage = value
          }
        } else {
          // Unknown keys: any value; a repeated unknown key goes to the general parser.
          // (A learnt key is ASCII.)
          guard code >= 0 || Cursor.isUTF8(UnsafeBufferPointer(rebasing: line[keyRange])), cursor.skipValue(),
            fields.addUnknownKey(keyRange, code: code, in: line)
          else {
            return nil
          }
        }
        cursor.skipWhitespace()
      } while cursor.take(0x2C)  // ,
      guard cursor.take(0x7D) else { return nil }
    }
    cursor.skipWhitespace()
    fields.stringsASCII = cursor.stringsASCII
    guard cursor.atEnd || line[cursor.index] == 0x0A else { return nil }
    return cursor.index
  }

  /// The day of the record: of its `time` or, without one, of a raw response's `created`.
  private mutating func day(_ fields: inout Fields, in line: UnsafeBufferPointer<UInt8>) -> CivilDate? {
    if let time = fields[.time] { return day(time, in: line) }
    guard let created = fields.created, created <= PlausibilityBounds.latestUnixSeconds else { return nil }
    return CivilDate(daysSinceEpoch: Int(created / 86_400))
  }

  /// The day of the `time` field: at least 10 characters, the first 10 a calendar date (ASCII: bytes
  /// are characters; an ASCII 11th byte cannot combine with the 10th).
  private mutating func day(_ time: Range<Int>?, in line: UnsafeBufferPointer<UInt8>) -> CivilDate? {
    guard let timeRange = time, timeRange.count >= 10, timeRange.count == 10 || line[timeRange.lowerBound + 10] < 0x80 else { return nil }
    let dayBytes = UnsafeBufferPointer(rebasing: line[timeRange.lowerBound..<(timeRange.lowerBound + 10)])
    let raw = UnsafeRawPointer(dayBytes.baseAddress!)
    let head = raw.loadUnaligned(as: UInt64.self)
    let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
    if let lastDay, head == lastDayHead, tail == lastDayTail { return lastDay }
    if let hit = dates.lookup(dayBytes) {
      (lastDay, lastDayHead, lastDayTail) = (hit, head, tail)
      return hit
    }
    guard dayBytes.allSatisfy({ $0 < 0x80 }), let parsed = CivilDate(String(decoding: dayBytes, as: UTF8.self)) else { return nil }
    dates.insert(dayBytes, parsed)
    return parsed
  }

  /// The scanned record, or nil when the line needs the general parser.
  /// - Parameter unknown: unknown top-level keys are counted here only when a record is returned.
  mutating func scan(_ line: UnsafeBufferPointer<UInt8>, unknown: inout [String: Int64]) -> UsageRecord? {
    var fields = Fields()
    guard self.fields(line, into: &fields) == line.count, fields.stringsASCII || !RequestLogScanner.hasBOMString(line),
      let date = day(&fields, in: line), let (request, tags) = shape(fields, in: line, tagsNeeded: true, imagesByCount: false)
    else { return nil }
    let id: String
    if let idRange = fields[.id] {
      id = RequestLogScanner.text(UnsafeBufferPointer(rebasing: line[idRange]), escaped: fields.escaped & 1 << Key.id.rawValue != 0)
    } else {
      id = RequestLogScanner.contentID(line)
    }
    let time = fields[.time].map { String(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self) } ?? "created:\(fields.created!)"
    for i in 0..<fields.unknownCount {
      unknown[String(decoding: UnsafeBufferPointer(rebasing: line[fields.unknownKey(i)]), as: UTF8.self), default: 0] += 1
    }
    return UsageRecord(id: id, date: date, timestamp: time, request: request, status: fields.status.map { Int($0) }, tags: tags, usage: fields.usage)
  }

  /// The identity of a line without `id`: the general parser's content hash of its bytes.
  static func contentID(_ line: UnsafeBufferPointer<UInt8>) -> String { "sha256:" + SHA256.hash(line).hex }

  /// A string's contents as text, its escapes decoded (the bytes are valid UTF-8: ``Cursor/escapedString()``).
  static func text(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
    escaped ? String(decoding: Cursor.unescape(bytes), as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
  }

  /// Unknown keys counted by ``scanCompact(_:into:compact:)`` since the last ``drainUnknown(into:)``: their
  /// bytes and counts (a line's keys are found by comparing bytes, with no string made).
  private var unknownKeys: [[UInt8]] = []
  private var unknownCounts: [Int64] = []

  private mutating func countUnknown(_ bytes: UnsafeBufferPointer<UInt8>) {
    for i in unknownKeys.indices where unknownKeys[i].count == bytes.count {
      let equal = unknownKeys[i].withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
      if equal {
        unknownCounts[i] += 1
        return
      }
    }
    unknownKeys.append(Array(bytes))
    unknownCounts.append(1)
  }

  /// Lines with each learnt unknown key (by code − the number of known keys) since the last ``drainUnknown(into:)``.
  private var learntCounts = [Int64](repeating: 0, count: KeyPredictor.maxLearned)

  /// Adds the unknown keys counted since the last call to `unknown` and starts again from zero.
  mutating func drainUnknown(into unknown: inout [String: Int64]) {
    for (i, count) in learntCounts.enumerated() where count > 0 {
      unknown[String(decoding: lineKeys.learntName(lineKeys.known + i), as: UTF8.self), default: 0] += count
      learntCounts[i] = 0
    }
    for (key, count) in zip(unknownKeys, unknownCounts) where count > 0 { unknown[String(decoding: key, as: UTF8.self), default: 0] += count }
    for i in unknownCounts.indices { unknownCounts[i] = 0 }
  }

  /// One line in the replay's compact form: what ``ReplayAggregator`` adds, with the shape already interned.
  struct Compact {
    var id: UInt128 = 0
    var shape: Int32 = 0
    /// The scanner's entry for the shape (see ``accumulate(_:into:)``); −1 for a line the general parser read.
    var entry = -1
    var day: Int32 = 0
    var status: Int?
    var usage: ImageUsage?
  }

  /// Shape keys (the raw bytes of every shape field) already interned in the paired aggregator.
  private var shapeKeys = ShapeKeyTable()

  /// Prices and adds a record ``scanCompact(_:into:compact:)`` returned, reading and updating the
  /// scanner's copy of its shape's slot (the aggregator's own copy is not touched: both are caches of the
  /// same plans). `compact.entry` must be the scanner's: the table is emptied only by a scan that adds a shape.
  mutating func accumulate(_ compact: Compact, into aggregator: inout ReplayAggregator) {
    shapeKeys.withSlot(compact.entry) { slot in
      _ = aggregator.accumulate(slot: &slot, shape: compact.shape, day: compact.day, status: compact.status, usage: compact.usage, sign: 1)
    }
  }
  /// Whether the paired aggregator groups by a tag, and whether it counts the input images of records
  /// priced from usage by number only; read once (reading them from the aggregator copies it).
  private var groupsByTag: Bool?
  private var countsInputImagesOnly = false

  /// Like ``scan(_:unknown:)``, but a line whose shape fields repeat bytes already seen costs no
  /// allocation: its shape is found by the hash of those bytes. The scanner must always be used with
  /// the same `aggregator` (shape indices are the aggregator's).
  /// - Parameters:
  ///   - line: a line, or a block of lines starting with the one to read.
  ///   - compact: the line's compact form, written in place when the result is not nil.
  /// - Returns: where the line ends in `line` (its line feed, or the end of `line`); nil when the line
  ///   needs the general parser.
  mutating func scanCompact(_ line: UnsafeBufferPointer<UInt8>, into aggregator: inout ReplayAggregator, compact: inout Compact) -> Int? {
    var fields = Fields()
    guard let end = self.fields(line, into: &fields), let date = day(&fields, in: line) else { return nil }
    let ascii = fields.stringsASCII
    if !ascii, RequestLogScanner.hasBOMString(UnsafeBufferPointer(rebasing: line[..<end])) { return nil }
    // The shape key: which shape fields are present, their bytes, then n and partial_images, hashed in place.
    // The tags count only when the report groups by a tag (otherwise the aggregator drops them): they are
    // then checked line by line for what the general parser would reject (text that is not UTF-8).
    if groupsByTag == nil { (groupsByTag, countsInputImagesOnly) = (aggregator.groupsByTag, aggregator.countsInputImagesOnly) }
    let withTags = groupsByTag!
    // A record priced from usage: its input images count by number only (see ReplayAggregator.internShape).
    let imagesByCount = countsInputImagesOnly && fields.usage != nil && fields.inputImageCount > 0
    // Which shape fields are present (one word), then each present one's bytes, in key-code order.
    let present = fields.present & (withTags ? RequestLogScanner.shapeBits | 1 << Key.tags.rawValue : RequestLogScanner.shapeBits)
    var hasher = FieldHash128()
    hasher.word(UInt64(present))
    var remaining = present
    while remaining != 0 {
      let code = remaining.trailingZeroBitCount
      remaining &= remaining - 1
      let range = fields[Key(rawValue: code)!]!
      if imagesByCount, code == Key.inputImages.rawValue {
        hasher.word(UInt64(fields.inputImageCount) | 1 << 63)
        continue
      }
      hasher.field(UnsafeRawPointer(line.baseAddress! + range.lowerBound), count: range.count, readable: line.count - range.lowerBound)
    }
    hasher.word(UInt64(bitPattern: fields.n ?? -1))
    hasher.word(UInt64(bitPattern: fields.partialImages ?? -1))
    let key = hasher.finish()
    let entry: Int
    if let hit = shapeKeys.find(key) {
      entry = hit
    } else {
      guard let (request, tags) = self.shape(fields, in: line, tagsNeeded: withTags, imagesByCount: imagesByCount) else { return nil }
      let shape = aggregator.internShape(request: request, tags: tags, usageLogged: fields.usage != nil)
      entry = shapeKeys.insert(key, shape: shape, slot: aggregator.slot(of: shape))
    }
    for i in 0..<fields.unknownCount {
      let code = fields.unknownCode(i)
      if code >= 0 {
        learntCounts[code - lineKeys.known] += 1
      } else {
        countUnknown(UnsafeBufferPointer(rebasing: line[fields.unknownKey(i)]))
      }
    }
    if let idRange = fields[.id] {
      let idBytes = UnsafeBufferPointer(rebasing: line[idRange])
      if fields.escaped & 1 << Key.id.rawValue == 0 {
        compact.id = RequestIDHash.hash(UnsafeRawBufferPointer(idBytes))
      } else {
        compact.id = Cursor.unescape(idBytes).withUnsafeBytes { RequestIDHash.hash($0) }
      }
    } else {
      var lineEnd = end
      if lineEnd > 0, line[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      compact.id = RequestIDHash.content(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[..<lineEnd]))
    }
    compact.entry = entry
    compact.shape = shapeKeys.entries[entry].shape
    compact.day = Int32(date.daysSinceEpoch)
    compact.status = fields.status.map { Int($0) }
    compact.usage = fields.usage
    return end
  }

  /// Shape-key hash → the shape and the scanner's own copy of its ``ReplayAggregator/ShapeSlot`` (what
  /// pricing a record reads), so that a record of a known shape touches one entry, not a key table and
  /// then the aggregator's slots. A small open-addressing index (4 bytes a slot, at most 70 % full: 14
  /// bits of the key to tell entries apart and the entry's number) points into the entries, kept in order
  /// of insertion; a log's tens of thousands of shapes keep the index in a core's cache. An entry holds
  /// 96 of the key's 128 bits (two of 10⁵ keys agree in 96 bits with a chance below 10⁻¹⁸). The table is
  /// emptied when it reaches ``limit`` entries (logs with that many distinct shapes only lose the shortcut,
  /// not correctness).
  struct ShapeKeyTable {
    static let limit = 1 << 18 - 1
    /// Bits of an index slot holding its entry's number plus one (0 marks an empty slot).
    private static let entryBits: UInt32 = 18

    struct Entry {
      let high: UInt64
      let low: UInt32
      let shape: Int32
      var slot: ReplayAggregator.ShapeSlot
    }

    private var index = [UInt32](repeating: 0, count: 1 << 10)
    private(set) var entries: [Entry] = []

    /// The key's high word and the 32 bits stored beside it.
    @inline(__always) private static func parts(_ key: UInt128) -> (high: UInt64, low: UInt32) {
      (UInt64(truncatingIfNeeded: key >> 64), UInt32(truncatingIfNeeded: key))
    }

    /// The 14 bits of a key the index keeps: its high word's top bits (the home position comes from its low bits).
    @inline(__always) private static func tag(_ high: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: high >> (32 + UInt64(entryBits))) }

    /// The number of the entry of `key`, or nil.
    @inline(__always) func find(_ key: UInt128) -> Int? {
      let (high, low) = ShapeKeyTable.parts(key)
      let tag = ShapeKeyTable.tag(high)
      return index.withUnsafeBufferPointer { index in
        let mask = index.count - 1
        var i = Int(truncatingIfNeeded: high) & mask
        while true {
          let slot = index[i]
          if slot == 0 { return nil }
          if slot >> ShapeKeyTable.entryBits == tag {
            let e = Int(slot & (1 << ShapeKeyTable.entryBits - 1)) - 1
            if entries[e].high == high, entries[e].low == low { return e }
          }
          i = (i + 1) & mask
        }
      }
    }

    /// Adds `key` (not present) with its shape and slot; returns the entry's number.
    mutating func insert(_ key: UInt128, shape: Int32, slot: ReplayAggregator.ShapeSlot) -> Int {
      if entries.count >= ShapeKeyTable.limit { self = ShapeKeyTable() }
      if (entries.count + 1) * 10 > index.count * 7 {
        index = [UInt32](repeating: 0, count: index.count * 2)
        for e in entries.indices { place(e) }
      }
      let (high, low) = ShapeKeyTable.parts(key)
      entries.append(Entry(high: high, low: low, shape: shape, slot: slot))
      place(entries.count - 1)
      return entries.count - 1
    }

    private mutating func place(_ e: Int) {
      let high = entries[e].high
      let mask = index.count - 1
      var i = Int(truncatingIfNeeded: high) & mask
      while index[i] != 0 { i = (i + 1) & mask }
      index[i] = ShapeKeyTable.tag(high) << ShapeKeyTable.entryBits | UInt32(e + 1)
    }

    /// Runs `body` on entry `e`'s slot, in place.
    @inline(__always) mutating func withSlot<Result>(_ e: Int, _ body: (inout ReplayAggregator.ShapeSlot) -> Result) -> Result {
      body(&entries[e].slot)
    }
  }

  /// Whether a string of the line starts with U+FEFF (a quote, then EF BB BF): the general parser's JSON
  /// reading drops such a leading BOM from the string, so the scanner leaves the line to it.
  static func hasBOMString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 4, let base = bytes.baseAddress else { return false }
    // Each EF byte (rare: U+F000–U+FFFF), found with memchr, then its neighbours checked.
    var from = 1
    while from < bytes.count - 2, let found = memchr(base + from, 0xEF, bytes.count - 2 - from) {
      let i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if bytes[i - 1] == 0x22, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { return true }
      from = i + 1
    }
    return false
  }

  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let count = bytes.count
    let raw = UnsafeRawBufferPointer(bytes)
    while i + 8 <= count {
      if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
      i += 8
    }
    while i < count {
      if bytes[i] >= 0x80 { return false }
      i += 1
    }
    return true
  }

  /// The request and tags of a line, built exactly as the general parser builds them; nil for anything
  /// it would reject (it then reports the line).
  /// - Parameters:
  ///   - tagsNeeded: false when the caller drops the tags (no dimension groups by one): they are checked
  ///     but not built, and none are returned.
  ///   - imagesByCount: the caller keeps only the number of input images (already checked by the field
  ///     scan): placeholders stand for them.
  private mutating func shape(_ fields: Fields, in line: UnsafeBufferPointer<UInt8>, tagsNeeded: Bool, imagesByCount: Bool) -> (
    ImageRequest, [String: String]
  )? {
    var fields = fields
    guard let modelRange = fields[.model], let model = makeString(modelRange, .model, in: line, fields.escaped) else { return nil }
    var operation = ImageOperation.generate
    if let range = fields[.operation] {
      guard let textValue = makeString(range, .operation, in: line, fields.escaped), let parsed = ImageOperation(rawValue: textValue) else {
        return nil
      }
      operation = parsed
    }
    var size: ImageSize?
    if let range = fields[.size] {
      let bytes = UnsafeBufferPointer(rebasing: line[range])
      if let hit = sizes.lookup(bytes) {
        size = hit
      } else {
        let textValue = RequestLogScanner.text(bytes, escaped: fields.escaped & 1 << Key.size.rawValue != 0)
        if textValue != "auto" {
          guard let parsed = ImageSize(textValue) else { return nil }
          size = parsed
        }
        sizes.insert(bytes, size)
      }
    }
    func optional(_ key: Key) -> String?? {
      guard let range = fields[key] else { return .some(nil) }
      guard let value = makeString(range, key, in: line, fields.escaped) else { return nil }
      return .some(value)
    }
    guard let provider = optional(.provider), let deploymentType = optional(.deploymentType), let region = optional(.region),
      let quality = optional(.quality), let fidelity = optional(.inputFidelity), optional(.deployment) != nil
    else { return nil }
    var inputs: [ImageSize] = []
    if imagesByCount {
      inputs = Array(repeating: ReplayAggregator.inputImagePlaceholder, count: fields.inputImageCount)
    } else if let range = fields[.inputImages] {
      var cursor = Cursor(bytes: UnsafeBufferPointer(rebasing: line[range]))
      guard let list = scanImages(&cursor) else { return nil }
      inputs = list
    }
    var tags: [String: String] = [:]
    if let range = fields[.tags] {
      var cursor = Cursor(bytes: UnsafeBufferPointer(rebasing: line[range]))
      if tagsNeeded || RequestLogScanner.mayRepeatKeys(cursor) {
        guard let dict = scanTags(&cursor) else { return nil }
        if tagsNeeded { tags = dict }
      }
    }
    let request = ImageRequest(
      model: model, provider: provider, deploymentType: deploymentType, region: region, operation: operation, quality: quality, size: size,
      n: Int(fields.n ?? 1), inputImages: inputs, inputFidelity: fidelity, partialImages: Int(fields.partialImages ?? 0))
    // Beyond a plausibility bound: the general parser reports the line.
    guard PlausibilityBounds.violation(of: request) == nil else { return nil }
    return (request, tags)
  }

  /// Whether the tags object at `cursor` (already checked by ``skipTags(_:)``) may repeat a key: some
  /// key holds an escape, or two keys have the same bytes (false is certain; true sends the tags through
  /// ``scanTags(_:)``, which decides).
  static func mayRepeatKeys(_ cursor: Cursor) -> Bool {
    var cursor = cursor
    var keys: [Range<Int>] = []
    var repeats = false
    let parsed = cursor.members { cursor, key in
      if cursor.bytes[key].contains(0x5C) { repeats = true }
      for other in keys where other.count == key.count && cursor.bytes[other].elementsEqual(cursor.bytes[key]) { repeats = true }
      keys.append(key)
      return cursor.escapedString() != nil
    }
    return repeats || !parsed
  }

  /// Skips `{"key":"value", …}` (string values only).
  static func skipTags(_ cursor: inout Cursor) -> Bool {
    cursor.members { cursor, _ in cursor.escapedString() != nil }
  }

  /// Reads past `[{"width":…,"height":…}, …]` (other keys of an item: scalars) and counts the images; nil
  /// unless every image has one positive width and height within the plausibility bounds and the list
  /// is not longer than they allow (so that a line's shape may be found by its number of images alone).
  static func countImages(_ cursor: inout Cursor) -> Int? {
    guard cursor.take(0x5B) else { return nil }  // [
    cursor.skipWhitespace()
    if cursor.take(0x5D) { return 0 }
    var count = 0
    repeat {
      cursor.skipWhitespace()
      var width: Int64 = 0
      var height: Int64 = 0
      let item = cursor.members { cursor, key in
        let k = UnsafeBufferPointer(rebasing: cursor.bytes[key])
        if RequestLogScanner.eq(k, "width") || RequestLogScanner.eq(k, "height") {
          guard let value = cursor.unsigned(), value > 0, value <= PlausibilityBounds.imageSide else { return false }
          if k.count == 5 {
            guard width == 0 else { return false }
            width = value
          } else {
            guard height == 0 else { return false }
            height = value
          }
          return true
        }
        return cursor.skipScalar()
      }
      guard item, width > 0, height > 0 else { return nil }
      count += 1
      cursor.skipWhitespace()
    } while cursor.take(0x2C)
    guard cursor.take(0x5D), count <= PlausibilityBounds.inputImagesPerRequest else { return nil }
    return count
  }

  /// An interned string for short values (names, qualities…), a fresh one for long ones; `escaped` has a
  /// bit per key code whose string holds escapes.
  private mutating func makeString(_ range: Range<Int>, _ key: Key, in line: UnsafeBufferPointer<UInt8>, _ escaped: UInt32) -> String? {
    let bytes = UnsafeBufferPointer(rebasing: line[range])
    let isEscaped = escaped & 1 << key.rawValue != 0
    if bytes.count > 40 { return RequestLogScanner.text(bytes, escaped: isEscaped) }
    if let hit = strings[key.rawValue].lookup(bytes) { return hit }
    let value = RequestLogScanner.text(bytes, escaped: isEscaped)
    strings[key.rawValue].insert(bytes, value)
    return value
  }
}
