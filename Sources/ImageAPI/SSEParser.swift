/// One dispatched server-sent event.
public struct SSEEvent: Hashable, Sendable {
  /// The event type (`event:` field); `message` when the event named none.
  public var event: String
  /// The data lines joined with `\n` (the final line break removed).
  public var data: String
  /// The last event id seen so far in the stream (`id:` fields persist across events), if any.
  public var id: String?
  /// The reconnection time in milliseconds, when this event carried a `retry:` field.
  public var retry: Int?

  public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
    self.event = event
    self.data = data
    self.id = id
    self.retry = retry
  }
}

/// An incremental parser for `text/event-stream` bodies, following the WHATWG HTML "server-sent
/// events" interpretation rules.
///
/// Feed bytes in chunks of any size (a chunk may end anywhere, even between CR and LF or inside a
/// multi-byte character); complete events come back as soon as their terminating blank line arrives.
///
/// - Lines end with CR, LF or CRLF; a leading UTF-8 byte-order mark is skipped.
/// - `:` at the start of a line marks a comment, which is ignored.
/// - `field: value` (one space after the colon is removed); a line without a colon is a field with an
///   empty value. Fields: `event`, `data` (several are joined with `\n`), `id` (ignored when it contains
///   NUL), `retry` (ASCII digits only). Other fields are ignored.
/// - A blank line dispatches the event; an event with no data is dropped (its type is reset).
/// - At the end of the stream an event without its blank line is discarded (see ``finish()``).
public struct SSEParser: Sendable {
  private var line: [UInt8] = []
  private var lastWasCR = false
  private var atStart = true
  private var bomBytesSeen = 0
  private var eventType = ""
  private var data = ""
  private var hasData = false
  private var lastEventID: String?
  private var retry: Int?
  /// True when bytes of an event (or a partial line) were received but not dispatched yet.
  public private(set) var hasPendingEvent = false

  public init() {}

  /// Parses `bytes` and returns the events they complete, in order.
  public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
    var events: [SSEEvent] = []
    for byte in bytes {
      if atStart {
        // Skip a UTF-8 BOM (EF BB BF) at the very start of the stream.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if byte == bom[bomBytesSeen] {
          bomBytesSeen += 1
          if bomBytesSeen == 3 { atStart = false }
          continue
        }
        atStart = false
        if bomBytesSeen > 0 { line.append(contentsOf: bom[0..<bomBytesSeen]) }
      }
      if byte == 0x0A, lastWasCR {
        lastWasCR = false
        continue
      }
      lastWasCR = false
      switch byte {
      case 0x0D:
        lastWasCR = true
        if let event = endLine() { events.append(event) }
      case 0x0A:
        if let event = endLine() { events.append(event) }
      default:
        line.append(byte)
        hasPendingEvent = true
      }
    }
    return events
  }

  /// Ends the stream. An event whose terminating blank line never arrived is discarded (WHATWG);
  /// returns true when that happened, i.e. the stream was cut off in the middle of an event.
  public mutating func finish() -> Bool {
    let truncated = hasPendingEvent || !line.isEmpty
    line.removeAll()
    resetEvent()
    return truncated
  }

  private mutating func endLine() -> SSEEvent? {
    defer { line.removeAll(keepingCapacity: true) }
    if line.isEmpty { return dispatch() }
    hasPendingEvent = true
    if line.first == UInt8(ascii: ":") { return nil }
    let field: String
    var value: ArraySlice<UInt8>
    if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
      field = String(decoding: line[..<colon], as: UTF8.self)
      value = line[(colon + 1)...]
      if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
    } else {
      field = String(decoding: line, as: UTF8.self)
      value = []
    }
    switch field {
    case "event":
      eventType = String(decoding: value, as: UTF8.self)
    case "data":
      if hasData { data.append("\n") }
      data.append(String(decoding: value, as: UTF8.self))
      hasData = true
    case "id":
      if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
    case "retry":
      if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), value.count <= 12 {
        retry = Int(String(decoding: value, as: UTF8.self))
      }
    default:
      break
    }
    return nil
  }

  private mutating func dispatch() -> SSEEvent? {
    defer { resetEvent() }
    guard hasData else { return nil }
    return SSEEvent(event: eventType.isEmpty ? "message" : eventType, data: data, id: lastEventID, retry: retry)
  }

  private mutating func resetEvent() {
    eventType = ""
    data = ""
    hasData = false
    retry = nil
    hasPendingEvent = false
  }
}
