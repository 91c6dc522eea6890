extension PriceBook {
  /// Checks the book's internal consistency: references resolve, effective ranges of the same rate
  /// do not overlap, rates match the model's capabilities, and every model can be priced by its rules.
  ///
  /// The loader runs this on every load; `imagecost pricing check` prints the result.
  /// - Returns: Every problem found, each at the line it concerns. Empty means the book is usable.
  public func validate() -> [PriceBookDiagnostic] {
    var problems: [PriceBookDiagnostic] = []
    func report(_ location: SourceLocation, _ message: String) { problems.append(PriceBookDiagnostic(location, message)) }
    func checkSource(_ id: String, _ location: SourceLocation, _ what: String) {
      if sources[id] == nil { report(location, "\(what) cites source '\(id)', which is not defined in any sources section") }
    }
    func checkAssumption(_ id: String, _ location: SourceLocation, _ what: String) {
      if assumptions[id] == nil { report(location, "\(what) names assumption '\(id)', which is not defined in any assumptions section") }
    }
    let anyLocation = sources.values.map(\.location).min { ($0.file, $0.line) < ($1.file, $1.line) } ?? SourceLocation(file: "pricing", line: 0)

    // Sections that must exist.
    if providers.isEmpty { report(anyLocation, "the price book defines no providers") }
    if models.isEmpty { report(anyLocation, "the price book defines no models") }
    if defaultProvider.isEmpty {
      report(anyLocation, "the price book sets no defaults.provider")
    } else if providers[defaultProvider] == nil {
      report(anyLocation, "defaults.provider '\(defaultProvider)' is not a defined provider")
    }
    for id in Pricer.requiredAssumptions where assumptions[id] == nil {
      report(anyLocation, "assumption '\(id)' is required by the pricing rules but not defined")
    }

    for assumption in assumptions.values {
      for source in assumption.sources { checkSource(source, assumption.location, "assumption \(assumption.id)") }
    }
    for provider in providers.values where !provider.deploymentTypes.contains(provider.defaultDeploymentType) {
      report(provider.location, "provider \(provider.id): default_deployment_type '\(provider.defaultDeploymentType)' is not in its deployment_types")
    }

    // Token rules.
    let rules = tokenRules
    for table in rules.outputTables.values { checkSource(table.source, table.location, "output table \(table.id)") }
    for formula in rules.outputFormulas.values {
      checkSource(formula.source, formula.location, "output formula \(formula.id)")
      if let a = formula.assumption { checkAssumption(a, formula.location, "output formula \(formula.id)") }
    }
    for rule in rules.inputImageRules.values {
      checkSource(rule.source, rule.location, "input-image rule \(rule.id)")
      for a in rule.assumptions { checkAssumption(a, rule.location, "input-image rule \(rule.id)") }
    }
    for rule in rules.inputPatchRules.values {
      checkSource(rule.source, rule.location, "input-image rule \(rule.id)")
      for a in rule.assumptions { checkAssumption(a, rule.location, "input-image rule \(rule.id)") }
    }
    for estimate in rules.textOutputEstimates.values {
      checkAssumption(estimate.assumption, estimate.location, "text-output estimate \(estimate.id)")
    }
    for estimate in rules.outputEstimates.values {
      checkAssumption(estimate.assumption, estimate.location, "output estimate \(estimate.id)")
      if rules.outputFormulas[estimate.borrows] == nil {
        report(estimate.location, "output estimate \(estimate.id) borrows '\(estimate.borrows)', which is not a defined output formula")
      }
    }
    for mode in NBilling.allCases {
      for id in rules.nBilling.assumptions(for: mode) { checkAssumption(id, anyLocation, "token_rules.n_billing.\(mode.rawValue)") }
    }
    // Names: every alias resolves to one model only, and none shadows a model id.
    var nameOwners: [String: String] = [:]
    let allNames =
      models.values.map { ($0.id, [$0.id] + $0.aliases, $0.location) } + textModels.values.map { ($0.id, [$0.id] + $0.aliases, $0.location) }
    for (id, names, location) in allNames.sorted(by: { $0.0 < $1.0 }) {
      for name in names {
        let key = name.lowercased()
        if let owner = nameOwners[key], owner != id {
          report(location, "model \(id): the name '\(name)' already names \(owner); a name must resolve to one model")
        }
        nameOwners[key] = id
      }
    }
    for model in textModels.values.sorted(by: { $0.id < $1.id }) {
      for r in model.retirements {
        checkSource(r.source, r.location, "retirement of \(model.id)")
        if providers[r.provider] == nil { report(r.location, "retirement of \(model.id) names unknown provider '\(r.provider)'") }
        if let s = r.successor, textModels[s] == nil {
          report(r.location, "retirement of \(model.id) names successor '\(s)', which is not a text model in the book")
        }
      }
    }
    for (what, assumed) in [("generation_prompt_overhead", rules.generationPromptOverhead), ("default_prompt_tokens", rules.defaultPromptTokens)] {
      if assumed.assumption.isEmpty {
        report(anyLocation, "token_rules.\(what) is not set")
      } else {
        checkAssumption(assumed.assumption, anyLocation, "token_rules.\(what)")
      }
    }
    if rules.worstCaseAssumption.isEmpty {
      report(anyLocation, "token_rules.worst_case_margins is not set")
    } else {
      checkAssumption(rules.worstCaseAssumption, anyLocation, "token_rules.worst_case_margins")
    }
    if rules.partialImageSource.isEmpty {
      report(anyLocation, "token_rules.partial_image_tokens is not set")
    } else {
      checkSource(rules.partialImageSource, anyLocation, "token_rules.partial_image_tokens")
    }

    // Models: capabilities against token rules.
    for model in models.values.sorted(by: { $0.id < $1.id }) {
      let caps = model.capabilities
      let at = model.location
      for a in model.assumptions { checkAssumption(a, at, "model \(model.id)") }
      for r in model.retirements {
        checkSource(r.source, r.location, "retirement of \(model.id)")
        if providers[r.provider] == nil { report(r.location, "retirement of \(model.id) names unknown provider '\(r.provider)'") }
        if let s = r.successor, models[s] == nil {
          report(r.location, "retirement of \(model.id) names successor '\(s)', which is not a model in the book")
        }
      }
      for (provider, quality) in caps.defaultQuality {
        if providers[provider] == nil { report(at, "model \(model.id): default_quality names unknown provider '\(provider)'") }
        if !caps.qualities.contains(quality) && !(quality == "auto" && model.pricing == .tokens) {
          report(at, "model \(model.id): default quality '\(quality)' for \(provider) is not one of its qualities")
        }
      }
      if let formulaID = caps.sizeFormula {
        if let formula = rules.outputFormulas[formulaID] {
          if let v = formula.constraints.violation(caps.defaultSize) {
            report(at, "model \(model.id): default_size \(caps.defaultSize) breaks its size rule: \(v)")
          }
        } else {
          report(at, "model \(model.id): size_formula '\(formulaID)' is not a defined output formula")
        }
      } else if !caps.sizes.contains(caps.defaultSize) {
        report(at, "model \(model.id): default_size \(caps.defaultSize) is not one of its sizes")
      }
      if caps.n.lowerBound < 1 { report(at, "model \(model.id): n must start at 1 or more") }
      switch model.pricing {
      case .tokens:
        guard let tr = model.tokenRules else {
          report(at, "model \(model.id) is priced by tokens but has no tokens: rules")
          continue
        }
        if let table = rules.outputTables[tr.output] {
          for quality in caps.qualities {
            for size in caps.sizes where table.cells[quality]?[size] == nil {
              report(at, "model \(model.id): output table \(table.id) has no \(quality) × \(size) cell, but the model offers it")
            }
          }
        } else if let formula = rules.outputFormulas[tr.output] {
          for quality in caps.qualities where formula.qualityFactors[quality] == nil {
            report(at, "model \(model.id): output formula \(formula.id) has no factor for quality \(quality)")
          }
        } else if let estimate = rules.outputEstimates[tr.output] {
          for quality in caps.qualities where estimate.qualityFactors[quality] == nil {
            report(at, "model \(model.id): output estimate \(estimate.id) has no factor for quality \(quality)")
          }
        } else {
          report(at, "model \(model.id): tokens.output '\(tr.output)' is neither an output table, an output formula nor an output estimate")
        }
        if caps.operations.contains(.edit) {
          if let id = tr.inputImage {
            if rules.inputImageRules[id] == nil && rules.inputPatchRules[id] == nil {
              report(at, "model \(model.id): tokens.input_image '\(id)' is not a defined input-image rule")
            }
            for alternative in tr.inputImageAlternatives where rules.inputImageRules[alternative] == nil && rules.inputPatchRules[alternative] == nil
            {
              report(at, "model \(model.id): tokens.input_image_alternatives names '\(alternative)', which is not a defined input-image rule")
            }
          } else {
            report(at, "model \(model.id) supports edits but names no tokens.input_image rule")
          }
        }
        if let id = tr.textOutput, rules.textOutputEstimates[id] == nil {
          report(at, "model \(model.id): tokens.text_output '\(id)' is not a defined text-output estimate")
        }
      case .perImage:
        if model.tokenRules != nil { report(at, "model \(model.id) is priced per image; remove its tokens: rules") }
        if caps.sizeFormula != nil { report(at, "model \(model.id) is priced per image, so its sizes must be listed") }
      }
    }

    // Rates.
    for rate in rates {
      let at = rate.location
      checkSource(rate.source, at, "rate")
      if let a = rate.assumption { checkAssumption(a, at, "rate") }
      guard let provider = providers[rate.provider] else {
        report(at, "rate names unknown provider '\(rate.provider)'")
        continue
      }
      if !provider.deploymentTypes.contains(rate.deploymentType) {
        report(
          at,
          "rate names deployment type '\(rate.deploymentType)', which \(provider.id) does not have (\(provider.deploymentTypes.joined(separator: ", ")))"
        )
      }
      guard let model = models[rate.model] else {
        if textModels[rate.model] != nil {
          if !TextModelSpec.components.contains(rate.component) {
            report(at, "\(rate.model) is a text model; a \(rate.component.rawValue) rate does not apply (text_input, cached_text_input, text_output)")
          }
        } else {
          report(at, "rate names unknown model '\(rate.model)'")
        }
        continue
      }
      switch (model.pricing, rate.component) {
      case (.perImage, .image):
        if let q = rate.quality, !model.capabilities.qualities.contains(q) {
          report(
            at,
            "\(model.id) has no quality '\(q)' (capabilities: \(model.capabilities.qualities.joined(separator: ", "))), yet a price is given for it")
        }
        if let s = rate.size, !model.capabilities.sizes.contains(s) {
          report(at, "\(model.id) does not support size \(s), yet a price is given for it")
        }
      case (.perImage, _):
        report(at, "\(model.id) is priced per image; a \(rate.component.rawValue) token rate does not apply")
      case (.tokens, .image):
        report(at, "\(model.id) is priced by tokens; per-image prices do not apply")
      case (.tokens, .textOutput):
        if model.tokenRules?.textOutput == nil {
          report(at, "\(model.id) has no text-output token rule, so a text_output rate can never be used")
        }
      case (.tokens, _):
        break
      }
    }
    // Overlapping effective ranges for the same rate key (per region).
    struct Key: Hashable {
      let provider, deploymentType, region, model: String
      let component: ComponentKind
      let quality: String?
      let size: ImageSize?
    }
    var byKey: [Key: [RateRow]] = [:]
    for rate in rates {
      for region in rate.regions.isEmpty ? ["*"] : rate.regions {
        let key = Key(
          provider: rate.provider, deploymentType: rate.deploymentType, region: region, model: rate.model, component: rate.component,
          quality: rate.quality, size: rate.size)
        for earlier in byKey[key, default: []] where earlier.effective.overlaps(rate.effective) {
          let scope = region == "*" ? "" : " in region \(region)"
          report(
            rate.location,
            "\(rate.model) \(rate.component.rawValue)\(rate.quality.map { " \($0)" } ?? "")\(rate.size.map { " \($0)" } ?? "") on \(rate.provider) \(rate.deploymentType)\(scope): effective range \(rate.effective) overlaps the rate at \(earlier.location) (\(earlier.effective))"
          )
        }
        byKey[key, default: []].append(rate)
      }
    }
    // Capability/price coverage: per deployment group, a token model needs an image_output and a
    // text_input rate; a per-image model needs every quality × size it offers.
    struct Group: Hashable {
      let provider, deploymentType, model: String
      let regions: [String]
      let effective: EffectiveRange
    }
    var groups: [Group: [RateRow]] = [:]
    for rate in rates {
      groups[
        Group(provider: rate.provider, deploymentType: rate.deploymentType, model: rate.model, regions: rate.regions, effective: rate.effective),
        default: []
      ].append(rate)
    }
    for (group, rows) in groups {
      guard let model = models[group.model] else { continue }
      let at = rows.map(\.location).min { ($0.file, $0.line) < ($1.file, $1.line) }!
      if model.pricing == .perImage {
        for quality in model.capabilities.qualities {
          for size in model.capabilities.sizes
          where !rows.contains(where: { $0.quality == quality && $0.size == size })
            && !notOffered.contains(where: {
              $0.provider == group.provider && $0.deploymentType == group.deploymentType && $0.model == group.model
                && $0.regions == group.regions && $0.quality == quality && $0.size == size
            })
          {
            report(
              at,
              "\(model.id) on \(group.provider) \(group.deploymentType) from \(group.effective.from): no price for \(quality) \(size), which the model offers"
            )
          }
        }
      }
    }
    let tokenGroups = Set(
      rates.compactMap { rate -> Group? in
        guard models[rate.model]?.pricing == .tokens else { return nil }
        return Group(
          provider: rate.provider, deploymentType: rate.deploymentType, model: rate.model, regions: rate.regions,
          effective: EffectiveRange(from: CivilDate(daysSinceEpoch: 0), to: nil))
      })
    for group in tokenGroups {
      let rows = rates.filter {
        $0.provider == group.provider && $0.deploymentType == group.deploymentType && $0.model == group.model && $0.regions == group.regions
      }
      let at = rows.map(\.location).min { ($0.file, $0.line) < ($1.file, $1.line) }!
      for needed in [ComponentKind.textInput, .imageOutput] where !rows.contains(where: { $0.component == needed }) {
        report(at, "\(group.model) on \(group.provider) \(group.deploymentType) has rates but no \(needed.rawValue) rate")
      }
      if models[group.model]?.tokenRules?.textOutput != nil, !rows.contains(where: { $0.component == .textOutput }),
        !unmetered.contains(where: {
          $0.provider == group.provider && $0.deploymentType == group.deploymentType && $0.model == group.model && $0.component == .textOutput
        })
      {
        report(
          at,
          "\(group.model) emits text output tokens but \(group.provider) \(group.deploymentType) has neither a text_output rate nor an unmetered entry"
        )
      }
    }
    for item in unmetered {
      checkAssumption(item.assumption, item.location, "unmetered entry")
      if models[item.model] == nil { report(item.location, "unmetered entry names unknown model '\(item.model)'") }
      if providers[item.provider]?.deploymentTypes.contains(item.deploymentType) != true {
        report(item.location, "unmetered entry names unknown provider or deployment type '\(item.provider) \(item.deploymentType)'")
      }
    }
    for limit in rateLimits {
      checkSource(limit.source, limit.location, "rate limit")
      if models[limit.model] == nil { report(limit.location, "rate limit names unknown model '\(limit.model)'") }
      if providers[limit.provider] == nil { report(limit.location, "rate limit names unknown provider '\(limit.provider)'") }
    }
    return problems
  }
}
