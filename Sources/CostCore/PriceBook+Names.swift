extension PriceBook {
  /// The book's id for a model name as a log, an export or a user writes it: the id itself, a listed alias
  /// (dated snapshots, provider spellings) or either in another letter case. Nil when the name is unknown.
  ///
  /// Quote, plan, replay, import, live and SQL all resolve names through this one function.
  public func canonicalModelID(_ name: String) -> String? {
    if models[name] != nil || textModels[name] != nil { return name }
    let lower = name.lowercased()
    for model in models.values where model.id.lowercased() == lower || model.aliases.contains(where: { $0.lowercased() == lower }) {
      return model.id
    }
    for model in textModels.values where model.id.lowercased() == lower || model.aliases.contains(where: { $0.lowercased() == lower }) {
      return model.id
    }
    return nil
  }

  /// The image models by every name ``canonicalModelID(_:)`` accepts in another letter case (ids and
  /// aliases, lower-cased): its scan as one look-up, for callers that resolve many names.
  public var imageModelIndex: [String: String] {
    var ids: [String: String] = [:]
    for model in models.values.sorted(by: { $0.id < $1.id }) {
      for name in [model.id] + model.aliases where ids[name.lowercased()] == nil { ids[name.lowercased()] = model.id }
    }
    return ids
  }

  /// The image model a name resolves to (see ``canonicalModelID(_:)``).
  public func model(named name: String) -> ModelSpec? { canonicalModelID(name).flatMap { models[$0] } }

  /// Every name the book knows for its image models: ids and aliases.
  public var imageModelNames: [String] { models.values.flatMap { [$0.id] + $0.aliases }.sorted() }

  /// Whether `model` is expected to emit billed text output tokens (its text-output estimate is above zero).
  /// Output usage without a split is then divided by the token table; otherwise all of it is image output.
  public func emitsTextOutput(_ model: ModelSpec) -> Bool {
    guard let id = model.tokenRules?.textOutput, let estimate = tokenRules.textOutputEstimates[id] else { return false }
    return estimate.high > 0
  }
}
