/// Where a model stands on one provider on one day.
public enum LifecycleStatus: String, Hashable, Sendable, Codable {
  /// Served, and no retirement within the retiring window.
  case active
  /// Served, but its retirement falls within the book's retiring window.
  case retiring
  /// No longer served (priced for history only).
  case retired
  /// Its release is after the day.
  case notReleased = "not released"
  /// The provider has no rate for it and no retirement is recorded there.
  case notOffered = "not offered"
}

/// A model's status on one provider on one day, with the retirement that decides it.
public struct ModelLifecycle: Hashable, Sendable {
  public let model: String
  public let provider: String
  public let date: CivilDate
  public let status: LifecycleStatus
  /// The retirement on the provider (past for `retired`, upcoming for `retiring` and `active`), if any.
  public let retirement: Retirement?

  /// A warning sentence for retiring and retired models, nil otherwise.
  public var warning: String? {
    guard let retirement else { return nil }
    let successor = retirement.successor.map { "; successor: \($0)" } ?? ""
    switch status {
    case .retired: return "\(model) was retired on \(provider) on \(retirement.retired)\(successor)."
    case .retiring:
      let days = retirement.retired.daysSinceEpoch - date.daysSinceEpoch
      return "\(model) retires on \(provider) on \(retirement.retired), in \(days) day\(days == 1 ? "" : "s")\(successor)."
    default: return nil
    }
  }
}

/// How old the book is at a pricing date, and whether that is too old.
public struct PriceBookAge: Hashable, Sendable {
  /// The review date (explicit, or the newest source read).
  public let reviewed: CivilDate
  /// Days from the review date to the pricing date (negative when pricing before the review).
  public let ageDays: Int
  public let staleAfterDays: Int

  public var isStale: Bool { ageDays > staleAfterDays }

  /// The staleness warning, or nil when the book is fresh enough.
  public var warning: String? {
    guard isStale else { return nil }
    return "The price book was reviewed on \(reviewed), \(ageDays) days before the pricing date (more than \(staleAfterDays)); "
      + "prices may have changed: run `imagecost pricing sync` and review the book."
  }
}

extension PriceBook {
  /// The lifecycle of a model (image or text) on `provider` at `date`.
  public func lifecycle(of modelID: String, provider: String, at date: CivilDate) -> ModelLifecycle {
    let retirements = models[modelID]?.retirements ?? textModels[modelID]?.retirements ?? []
    let released = models[modelID]?.released ?? textModels[modelID]?.released
    let onProvider = retirements.filter { $0.provider == provider }.sorted { $0.retired < $1.retired }
    if let past = onProvider.first(where: { $0.retired <= date }) {
      return ModelLifecycle(model: modelID, provider: provider, date: date, status: .retired, retirement: past)
    }
    let upcoming = onProvider.first
    if let released, date < released {
      return ModelLifecycle(model: modelID, provider: provider, date: date, status: .notReleased, retirement: upcoming)
    }
    if !rates.contains(where: { $0.provider == provider && $0.model == modelID }) {
      return ModelLifecycle(model: modelID, provider: provider, date: date, status: .notOffered, retirement: upcoming)
    }
    if let upcoming, upcoming.retired.daysSinceEpoch - date.daysSinceEpoch <= lifecyclePolicy.retiringWindowDays {
      return ModelLifecycle(model: modelID, provider: provider, date: date, status: .retiring, retirement: upcoming)
    }
    return ModelLifecycle(model: modelID, provider: provider, date: date, status: .active, retirement: upcoming)
  }

  /// The book's age at `date`, or nil when it has no review date (no sources).
  public func age(at date: CivilDate) -> PriceBookAge? {
    guard let reviewed else { return nil }
    return PriceBookAge(reviewed: reviewed, ageDays: date.daysSinceEpoch - reviewed.daysSinceEpoch, staleAfterDays: lifecyclePolicy.staleAfterDays)
  }
}

extension PriceBook {
  /// The model that serves in place of `modelID` on `provider` through `date`: the model itself when it is not
  /// retired by then, else its successor, followed (at most eight steps) until one is. Nil when the chain ends
  /// in a model that is retired by `date` or names no successor.
  public func servingModel(_ modelID: String, provider: String, through date: CivilDate) -> String? {
    var current = canonicalModelID(modelID) ?? modelID
    for _ in 0..<8 {
      guard let retirement = models[current]?.retirement(on: provider, at: date) else { return current }
      guard let next = retirement.successor, models[next] != nil else { return nil }
      current = next
    }
    return nil
  }
}

/// The end of a model on one provider.
public struct Retirement: Hashable, Sendable {
  public let provider: String
  /// First day the model no longer serves requests.
  public let retired: CivilDate
  public let successor: String?
  public let source: String
  public let note: String?
  public let location: SourceLocation

  public init(provider: String, retired: CivilDate, successor: String?, source: String, note: String?, location: SourceLocation) {
    self.provider = provider
    self.retired = retired
    self.successor = successor
    self.source = source
    self.note = note
    self.location = location
  }
}

/// How the book judges its own age and a model's end of life (`defaults` in the book).
public struct LifecyclePolicy: Hashable, Sendable {
  /// The day the book was last reviewed, when stated; otherwise the newest source's read date counts.
  public var reviewed: CivilDate?
  /// Reports warn when the book is older than this at the pricing date.
  public var staleAfterDays: Int
  /// A model whose retirement falls within this many days after a date is `retiring` on that date.
  public var retiringWindowDays: Int

  public init(reviewed: CivilDate? = nil, staleAfterDays: Int = 45, retiringWindowDays: Int = 90) {
    self.reviewed = reviewed
    self.staleAfterDays = staleAfterDays
    self.retiringWindowDays = retiringWindowDays
  }
}
