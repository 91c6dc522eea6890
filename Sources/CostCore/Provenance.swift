/// A document the price book cites: URL, what it is, when it was read, and how much to trust it.
public struct PriceSource: Hashable, Sendable {
  /// Short id used by rates and rules, e.g. `S10`.
  public let id: String
  /// The URL, or where no public URL was recorded, a citation in words.
  public let url: String
  public let title: String
  /// The day the source was read (snapshot date).
  public let read: CivilDate
  /// `official`, `secondary`, `derived` or `unconfirmed`, as in the reference notes.
  public let label: String
  public let location: SourceLocation

  public init(id: String, url: String, title: String, read: CivilDate, label: String, location: SourceLocation) {
    self.id = id
    self.url = url
    self.title = title
    self.read = read
    self.label = label
    self.location = location
  }
}

/// A named assumption: something the sources leave open, which imagecost decides explicitly.
///
/// Every output that relies on an assumption lists it by id with this text.
public struct Assumption: Hashable, Sendable {
  public let id: String
  /// One or two sentences: what is assumed and why.
  public let text: String
  /// Source ids backing (or contradicting) it.
  public let sources: [String]
  public let location: SourceLocation

  public init(id: String, text: String, sources: [String], location: SourceLocation) {
    self.id = id
    self.text = text
    self.sources = sources
    self.location = location
  }
}
