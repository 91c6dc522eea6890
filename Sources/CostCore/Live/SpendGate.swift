/// The hard spend cap of a live run.
///
/// Every attempt of every call is admitted only if
///
///     charged so far + worst case of every attempt in flight + this attempt's worst case ≤ cap
///
/// and holds a reservation of its worst case while it is in flight. When the attempt ends, the
/// reservation is replaced by what it is charged: the cost of the usage it reported (priced like a
/// replay), its worst case when it failed in a way that may still have been billed (timeouts, cut
/// streams, 5xx, refusals, unreadable answers), or nothing when it provably was not processed (429,
/// auth errors, connection refused). A retry is a new attempt and must be admitted again.
///
/// So the charged total never exceeds the cap as long as no attempt costs more than its worst case.
/// If one does (the provider billed beyond the worst-case bound), the overrun is recorded and the gate
/// closes: nothing more is admitted.
///
/// Pure and synchronous; the runner owns one inside its actor.
public struct SpendGate: Hashable, Sendable {
  /// An attempt that was charged more than it had reserved.
  public struct Overrun: Hashable, Sendable {
    public let attempt: String
    public let reserved: USD
    public let charged: USD

    public init(attempt: String, reserved: USD, charged: USD) {
      self.attempt = attempt
      self.reserved = reserved
      self.charged = charged
    }
  }

  /// The answer to a reservation request.
  public enum Admission: Hashable, Sendable {
    /// Reserved: the attempt may start.
    case admitted
    /// Does not fit now, but might once attempts in flight settle below their worst case.
    case wait
    /// Can never fit: even with nothing in flight the cap would be exceeded (or the gate is closed).
    case refused
  }

  public let cap: USD
  /// The total charged by settled attempts.
  public private(set) var charged: USD = .zero
  /// Reservations of the attempts in flight, by attempt key.
  public private(set) var inFlight: [String: USD] = [:]
  public private(set) var overruns: [Overrun] = []
  /// The largest value `charged + reserved` ever reached (for tests and the summary).
  public private(set) var peakCommitted: USD = .zero

  public init(cap: USD) { self.cap = cap }

  /// The sum of the reservations in flight (saturating at the largest amount: never a trap).
  public var reserved: USD { USD.saturating(inFlight.values.reduce(Int128(0)) { $0 + Int128($1.nanos) }) }
  /// Charged plus reserved: what the run could have cost if every attempt in flight costs its worst case.
  public var committed: USD { USD.saturating(exactCommitted) }
  /// What is left under the cap after every reservation.
  public var headroom: USD { USD.saturating(Int128(cap.nanos) - exactCommitted) }

  /// Charged plus reserved in 128 bits: the gate's comparisons never overflow.
  private var exactCommitted: Int128 { inFlight.values.reduce(Int128(charged.nanos)) { $0 + Int128($1.nanos) } }
  /// True after an overrun: the gate admits nothing more.
  public var isClosed: Bool { !overruns.isEmpty }

  /// Asks to start attempt `key` with reservation `worstCase` (which must not be negative).
  public mutating func reserve(_ key: String, worstCase: USD) -> Admission {
    precondition(worstCase >= .zero, "a worst case cannot be negative")
    precondition(inFlight[key] == nil, "attempt \(key) is already in flight")
    if isClosed || Int128(charged.nanos) + Int128(worstCase.nanos) > Int128(cap.nanos) { return .refused }
    if exactCommitted + Int128(worstCase.nanos) > Int128(cap.nanos) { return .wait }
    inFlight[key] = worstCase
    peakCommitted = max(peakCommitted, committed)
    return .admitted
  }

  /// Ends attempt `key`: its reservation is replaced by `amount`. An amount above the reservation is
  /// recorded as an overrun and closes the gate.
  public mutating func settle(_ key: String, charging amount: USD) {
    guard let reservation = inFlight.removeValue(forKey: key) else {
      preconditionFailure("attempt \(key) was not in flight")
    }
    // Checked: a total beyond 64 bits saturates (and is far above any cap, so the gate closes).
    charged = USD.saturating(Int128(charged.nanos) + Int128(amount.nanos))
    if amount > reservation { overruns.append(Overrun(attempt: key, reserved: reservation, charged: amount)) }
    peakCommitted = max(peakCommitted, committed)
  }
}

extension USD {
  /// `nanos` clamped to the 64-bit range.
  static func saturating(_ nanos: Int128) -> USD { USD(nanos: Int64(clamping: nanos)) }
}
