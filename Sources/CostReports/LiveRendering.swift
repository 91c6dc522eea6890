import CostCore

/// Pure renderers of live mode: the prediction before a run, the run summary, unfinished calls and
/// reconciliations. Terminal and Markdown amounts are shown to the micro-dollar; JSON and CSV are exact.
public enum LiveRenderer {
  static func money(_ value: USD) -> String { value.display }
  static func exact(_ value: USD) -> String { value.decimalString }

  static func tableText(_ table: TextTable, _ format: OutputFormat) -> String { format == .md ? table.renderMarkdown() : table.renderPlain() }

  // MARK: Prediction

  public static func preview(_ preview: LivePreview, as format: OutputFormat) -> String {
    switch format {
    case .json:
      return previewJSON(preview).rendered()
    case .csv:
      var writer = CSVWriter(header: ["call_id", "group", "model", "predicted_usd", "low_usd", "high_usd", "worst_case_usd"])
      for r in preview.rows { writer.append([r.callID, r.group, r.model, exact(r.predicted), exact(r.low), exact(r.high), exact(r.worstCase)]) }
      return writer.text
    case .table, .md:
      var groups: [(String, String, Int, USD, USD, USD, USD)] = []
      for r in preview.rows {
        if let i = groups.firstIndex(where: { $0.0 == r.group }) {
          groups[i].2 += 1
          groups[i].3 += r.predicted
          groups[i].4 += r.low
          groups[i].5 += r.high
          groups[i].6 += r.worstCase
        } else {
          groups.append((r.group, r.model, 1, r.predicted, r.low, r.high, r.worstCase))
        }
      }
      var table = TextTable(
        headers: ["Group", "Model", "Calls", "Predicted", "Range", "Worst case"], alignments: [.left, .left, .right, .right, .right, .right])
      for g in groups { table.rows.append([g.0, g.1, String(g.2), money(g.3), "\(money(g.4))–\(money(g.5))", money(g.6)]) }
      table.rulesAfter = [table.rows.count - 1]
      table.rows.append([
        "Total", "", String(preview.rows.count), money(preview.predicted), "\(money(preview.low))–\(money(preview.high))", money(preview.worstCase),
      ])
      var text =
        (format == .md ? "## Live plan: \(preview.planName)\n\n" : "Live plan: \(preview.planName) (rates of \(preview.date))\n\n")
        + tableText(table, format)
      text += "\nPredicted \(money(preview.predicted)) (range \(money(preview.low))–\(money(preview.high))); --max-spend \(money(preview.cap)).\n"
      if preview.worstCase > preview.cap {
        text +=
          "The worst case of all calls (\(money(preview.worstCase))) is above --max-spend: the run stops before a call that could break the cap.\n"
      }
      return text
    }
  }

  static func previewJSON(_ preview: LivePreview) -> JSONValue {
    .object([
      ("schema", .string("imagecost.live-preview/1")), ("plan", .string(preview.planName)), ("price_date", .string(preview.date.description)),
      ("calls", .int(preview.rows.count)), ("predicted_usd", .string(exact(preview.predicted))), ("low_usd", .string(exact(preview.low))),
      ("high_usd", .string(exact(preview.high))), ("worst_case_usd", .string(exact(preview.worstCase))),
      ("max_spend_usd", .string(exact(preview.cap))),
      (
        "rows",
        .array(
          preview.rows.map { r in
            .object([
              ("call_id", .string(r.callID)), ("group", .string(r.group)), ("model", .string(r.model)),
              ("predicted_usd", .string(exact(r.predicted))),
              ("low_usd", .string(exact(r.low))), ("high_usd", .string(exact(r.high))), ("worst_case_usd", .string(exact(r.worstCase))),
            ])
          })
      ),
    ])
  }

  // MARK: Summary

  /// The run summary; in JSON the prediction (when given) is included, so the output is one document.
  public static func summary(_ summary: LiveRunSummary, entries: [JournalEntry], ledger: String, preview: LivePreview? = nil, as format: OutputFormat)
    -> String
  {
    switch format {
    case .json:
      return JSONValue.object([
        ("schema", .string("imagecost.live-run/1")), ("run_id", .string(summary.runID)), ("prediction", preview.map(previewJSON) ?? .null),
        ("planned", .int(summary.planned)), ("sent", .int(summary.sent)),
        ("succeeded", .int(summary.succeeded)), ("failed", .int(summary.failed)), ("abandoned", .int(summary.abandoned)),
        ("not_sent", .int(summary.notSent)),
        ("attempts", .int(summary.attempts)), ("predicted_usd", .string(exact(summary.predicted))), ("actual_usd", .string(exact(summary.actual))),
        ("charged_usd", .string(exact(summary.charged))), ("max_spend_usd", .string(exact(summary.cap))),
        ("peak_committed_usd", .string(exact(summary.peakCommitted))), ("stop_reason", .optional(summary.stopReason)),
        ("errors", .object(summary.errors.keys.sorted().map { ($0, .int(summary.errors[$0]!)) })), ("ledger", .string(ledger)),
        ("calls", .array(entries.map(entryJSON))),
      ]).rendered()
    case .csv:
      var writer = CSVWriter(header: [
        "call_id", "group", "model", "state", "attempts", "http_status", "error_code", "predicted_usd", "actual_usd", "charged_usd", "latency_ms",
      ])
      for e in entries {
        writer.append([
          e.record.callID, e.record.group, e.record.model, e.state.rawValue, String(e.outcome?.attempts ?? e.record.attempts),
          e.outcome?.httpStatus.map(String.init) ?? "", e.outcome?.errorCode ?? "", exact(e.record.predicted),
          e.outcome?.actual.map(exact) ?? "", exact(e.outcome?.charged ?? .zero),
          e.outcome?.latencyMs.map(String.init) ?? "",
        ])
      }
      return writer.text
    case .table, .md:
      var table = TextTable(
        headers: ["Call", "State", "Tries", "Status", "Predicted", "Actual", "Charged", "Latency"],
        alignments: [.left, .left, .right, .left, .right, .right, .right, .right])
      for e in entries {
        let o = e.outcome
        var status = o?.httpStatus.map(String.init) ?? ""
        if let code = o?.errorCode { status += status.isEmpty ? code : " \(code)" }
        table.rows.append([
          e.record.callID.split(separator: "/").dropFirst().joined(separator: "/"), e.state.rawValue, String(o?.attempts ?? e.record.attempts),
          status,
          money(e.record.predicted), o?.actual.map(money) ?? "–", money(o?.charged ?? .zero),
          o?.latencyMs.map { "\($0) ms" } ?? "",
        ])
      }
      var text = (format == .md ? "## Live run \(summary.runID)\n\n" : "Live run \(summary.runID)\n\n") + tableText(table, format) + "\n"
      text += "\(summary.succeeded) of \(summary.planned) calls succeeded"
      if summary.failed > 0 { text += ", \(summary.failed) failed" }
      if summary.abandoned > 0 { text += ", \(summary.abandoned) abandoned" }
      if summary.notSent > 0 { text += ", \(summary.notSent) not sent" }
      text += " (\(summary.attempts) attempts).\n"
      text +=
        "Predicted \(money(summary.predicted)); actual (priced usage) \(money(summary.actual)); charged against the cap \(money(summary.charged)) of \(money(summary.cap)) (peak committed \(money(summary.peakCommitted))).\n"
      if !summary.errors.isEmpty {
        text += "Errors: " + summary.errors.keys.sorted().map { "\($0) × \(summary.errors[$0]!)" }.joined(separator: ", ") + ".\n"
      }
      for overrun in summary.overruns {
        text += "Warning: attempt \(overrun.attempt) was charged \(money(overrun.charged)), above its worst case \(money(overrun.reserved)).\n"
      }
      if let reason = summary.stopReason { text += "Stopped: \(reason)\n" }
      text += "Journalled in the ledger \(ledger). Reconcile with: imagecost reconcile --run \(summary.runID)\n"
      return text
    }
  }

  static func entryJSON(_ e: JournalEntry) -> JSONValue {
    let o = e.outcome
    return .object([
      ("call_id", .string(e.record.callID)), ("run_id", .string(e.record.runID)), ("group", .string(e.record.group)),
      ("model", .string(e.record.model)),
      ("deployment", .optional(e.record.deployment)), ("operation", .string(e.record.operation)), ("state", .string(e.state.rawValue)),
      ("attempts", .int(o?.attempts ?? e.record.attempts)), ("http_status", o?.httpStatus.map { JSONValue.int($0) } ?? .null),
      ("error_code", .optional(o?.errorCode)), ("error_message", .optional(o?.errorMessage)),
      ("predicted_usd", .string(exact(e.record.predicted))),
      ("worst_case_usd", .string(exact(e.record.worstCase))),
      ("actual_usd", o?.actual.map { JSONValue.string(exact($0)) } ?? .null),
      ("charged_usd", .string(exact(o?.charged ?? .zero))), ("charge_basis", .optional(o?.chargeBasis.rawValue)),
      ("latency_ms", o?.latencyMs.map { JSONValue.int($0) } ?? .null), ("provider_request_id", .optional(o?.providerRequestID)),
      ("started_at", .string(e.record.startedAt)), ("finished_at", .optional(o?.finishedAt)), ("partial_images", .int(o?.partialImages ?? 0)),
      ("images", .int(o?.images ?? 0)), ("saved_files", .array((o?.savedFiles ?? []).map(JSONValue.string))),
    ])
  }

  // MARK: Status

  public static func status(_ unfinished: [JournalEntry], runs: [RunInfo], ledger: String, as format: OutputFormat) -> String {
    switch format {
    case .json:
      return JSONValue.object([
        ("schema", .string("imagecost.live-status/1")), ("ledger", .string(ledger)), ("runs", .int(runs.count)),
        ("unfinished", .array(unfinished.map(entryJSON))),
        ("worst_case_exposure_usd", .string(exact(unfinished.reduce(.zero) { $0 + $1.record.worstCase }))),
      ]).rendered()
    case .csv:
      var writer = CSVWriter(header: ["run_id", "call_id", "model", "deployment", "attempts", "started_at", "worst_case_usd"])
      for e in unfinished {
        writer.append([
          e.record.runID, e.record.callID, e.record.model, e.record.deployment ?? "", String(e.record.attempts), e.record.startedAt,
          exact(e.record.worstCase),
        ])
      }
      return writer.text
    case .table, .md:
      guard !unfinished.isEmpty else {
        return "No unfinished calls in the ledger \(ledger) (\(runs.count) run\(runs.count == 1 ? "" : "s") recorded).\n"
      }
      var table = TextTable(
        headers: ["Run", "Call", "Model", "Attempt", "Started", "Worst case"], alignments: [.left, .left, .left, .right, .left, .right])
      for e in unfinished {
        table.rows.append([
          e.record.runID, e.record.callID.split(separator: "/").dropFirst().joined(separator: "/"), e.record.model, String(e.record.attempts),
          e.record.startedAt,
          money(e.record.worstCase),
        ])
      }
      let exposure = unfinished.reduce(USD.zero) { $0 + $1.record.worstCase + $1.record.chargedBefore }
      var text =
        "\(unfinished.count) call\(unfinished.count == 1 ? " was" : "s were") sent but never completed; they may have been billed (up to \(money(exposure))).\n\n"
      text += tableText(table, format)
      return text
    }
  }

  // MARK: Reconcile

  static func componentsCell(_ components: [ComponentComparison]) -> String {
    components.filter { $0.tokenDelta != 0 }.map { "\($0.component.rawValue) \($0.tokenDelta > 0 ? "+" : "")\(FixedPoint.grouped($0.tokenDelta))" }
      .joined(separator: ", ")
  }

  public static func reconciliation(_ r: RunReconciliation, as format: OutputFormat) -> String {
    let tolerance = FixedPoint.format(Int128(r.toleranceBasisPoints), scale: 2, minimumFractionDigits: 1) + "%"
    switch format {
    case .json:
      func components(_ list: [ComponentComparison]) -> JSONValue {
        .array(
          list.map { c in
            .object([
              ("component", .string(c.component.rawValue)), ("predicted_tokens", .int(c.predictedTokens)), ("actual_tokens", .int(c.actualTokens)),
              ("token_delta", .int(c.tokenDelta)), ("token_error_pct", c.tokenError.map { JSONValue.string($0.display) } ?? .null),
              ("predicted_usd", .string(exact(c.predictedCost))), ("actual_usd", .string(exact(c.actualCost))),
              ("delta_usd", .string(exact(c.costDelta))),
            ])
          })
      }
      func attribution(_ a: [GapCause: USD]) -> JSONValue { .object(a.keys.sorted().map { ($0.rawValue, .string(exact(a[$0]!))) }) }
      func group(_ g: GroupReconciliation) -> JSONValue {
        .object([
          ("group", .string(g.group)), ("calls", .int(g.calls)), ("compared", .int(g.compared)), ("predicted_usd", .string(exact(g.predicted))),
          ("predicted_compared_usd", .string(exact(g.predictedCompared))),
          ("actual_usd", g.compared == 0 ? .null : .string(exact(g.actual))), ("delta_usd", g.compared == 0 ? .null : .string(exact(g.delta))),
          ("error_pct", g.error.map { JSONValue.string($0.display) } ?? .null), ("components", components(g.components)),
          ("attribution", attribution(g.attribution)),
        ])
      }
      return JSONValue.object([
        ("schema", .string("imagecost.reconcile-run/1")), ("run_id", .string(r.runID)), ("price_date", .string(r.priceDate.description)),
        ("tolerance_pct", .string(tolerance)), ("total", group(r.total)), ("groups", .array(r.groups.map(group))),
        (
          "explanations",
          .array(
            r.explanations.map {
              .object([("cause", .string($0.cause.rawValue)), ("amount_usd", .string(exact($0.amount))), ("detail", .string($0.detail))])
            })
        ),
        ("not_compared", .array(r.notCompared.map { notCompared($0, calls: r.calls) })),
        ("failed_exposure_usd", .string(exact(r.failedExposure))), ("flagged", .int(r.flagged.count)),
        ("price_book", PriceBookStamp.json(fingerprint: r.priceBookFingerprint, asOf: r.priceBookAsOf, age: r.priceBookAge)),
        ("warnings", .array((r.priceBookAge?.warning).map { [JSONValue.string($0)] } ?? [])),
        (
          "calls",
          .array(
            r.calls.map { c in
              .object([
                ("call_id", .string(c.callID)), ("group", .string(c.group)), ("model", .string(c.model)), ("state", .string(c.state.rawValue)),
                ("predicted_usd", .string(exact(c.predicted))), ("actual_usd", c.actual.map { JSONValue.string(exact($0)) } ?? .null),
                ("delta_usd", c.delta.map { JSONValue.string(exact($0)) } ?? .null),
                ("error_pct", c.error.map { JSONValue.string($0.display) } ?? .null),
                ("within_tolerance", c.withinTolerance(basisPoints: r.toleranceBasisPoints).map(JSONValue.bool) ?? .null),
                ("components", components(c.components)), ("attribution", attribution(c.attribution)),
                ("notes", .array(c.notes.map(JSONValue.string))),
              ])
            })
        ),
      ]).rendered()
    case .csv:
      var writer = CSVWriter(header: [
        "call_id", "group", "model", "state", "component", "predicted_tokens", "actual_tokens", "predicted_usd", "actual_usd",
      ])
      for c in r.calls {
        writer.append([c.callID, c.group, c.model, c.state.rawValue, "total", "", "", exact(c.predicted), c.actual.map(exact) ?? ""])
        for k in c.components {
          writer.append([
            c.callID, c.group, c.model, c.state.rawValue, k.component.rawValue, String(k.predictedTokens), String(k.actualTokens),
            exact(k.predictedCost), exact(k.actualCost),
          ])
        }
      }
      return writer.text
    case .table, .md:
      var calls = TextTable(
        headers: ["Call", "State", "Predicted", "Actual", "Δ", "Error", "Tokens Δ", ""],
        alignments: [.left, .left, .right, .right, .right, .right, .left, .left])
      for c in r.calls {
        let flag = c.withinTolerance(basisPoints: r.toleranceBasisPoints).map { $0 ? "" : "OVER \(tolerance)" } ?? "no actual"
        calls.rows.append([
          c.callID.split(separator: "/").dropFirst().joined(separator: "/"), c.state.rawValue, money(c.predicted), c.actual.map(money) ?? "–",
          c.delta.map(money) ?? "–", c.error?.display ?? "–", componentsCell(c.components), flag,
        ])
      }
      var groups = TextTable(
        headers: ["Group", "Compared", "Predicted", "Actual", "Δ", "Error", "Not compared", "Text in", "Image in", "Image out", "Text out"],
        alignments: [.left, .right, .right, .right, .right, .right, .right, .right, .right, .right, .right])
      for g in r.groups + [r.total] {
        func cell(_ component: TokenComponent) -> String {
          guard let c = g.components.first(where: { $0.component == component }) else { return "" }
          return "\(FixedPoint.grouped(c.predictedTokens))→\(FixedPoint.grouped(c.actualTokens))"
        }
        groups.rows.append([
          g.group, "\(g.compared)/\(g.calls)", g.compared == 0 ? "–" : money(g.predictedCompared), g.compared == 0 ? "–" : money(g.actual),
          g.compared == 0 ? "–" : money(g.delta), g.error?.display ?? "–",
          g.predicted == g.predictedCompared ? "" : money(g.predicted - g.predictedCompared),
          cell(.textInput), cell(.imageInput), cell(.imageOutput), cell(.textOutput),
        ])
      }
      groups.rulesAfter = [max(0, groups.rows.count - 2)]
      var text =
        format == .md ? "## Reconcile run \(r.runID)\n\n" : "Reconcile run \(r.runID) (predicted at \(r.priceDate) rates; tolerance \(tolerance))\n\n"
      text += tableText(calls, format) + "\n" + tableText(groups, format) + "\n"
      let compared = r.total.compared
      text +=
        "Gap \(money(r.total.delta)) on the \(compared) compared call\(compared == 1 ? "" : "s") "
        + "(actual \(money(r.total.actual)) − predicted \(money(r.total.predictedCompared))), by cause:\n"
      if r.explanations.isEmpty { text += "  none: every compared call was billed as predicted.\n" }
      for e in r.explanations { text += "  \(e.cause.rawValue): \(money(e.amount)) — \(e.detail)\n" }
      if !r.notCompared.isEmpty {
        text += "Not compared (no actual is known; predicted \(money(r.total.predicted - r.total.predictedCompared))):\n"
        for e in r.notCompared { text += "  \(e.cause.rawValue): predicted \(money(e.amount)) — \(e.detail)\n" }
      }
      if r.failedExposure > .zero { text += "Failed calls without usage may still have been billed: up to \(money(r.failedExposure)).\n" }
      let flagged = r.flagged.count
      text +=
        flagged == 0
        ? "All compared calls are within \(tolerance).\n" : "\(flagged) call\(flagged == 1 ? " is" : "s are") off by more than \(tolerance).\n"
      if let stale = r.priceBookAge?.warning { text += "Warning: \(stale)\n" }
      text += PriceBookStamp.sentence(fingerprint: r.priceBookFingerprint, asOf: r.priceBookAsOf, age: r.priceBookAge) + "\n"
      return text
    }
  }

  /// One cause of calls left out of the gap, with how many calls and what was predicted for them.
  static func notCompared(_ e: GapExplanation, calls: [CallReconciliation]) -> JSONValue {
    let count = calls.filter { $0.notComparedBecause == e.cause }.count
    return .object([
      ("cause", .string(e.cause.rawValue)), ("calls", .int(Int64(count))), ("predicted_usd", .string(exact(e.amount))), ("detail", .string(e.detail)),
    ])
  }

  public static func exportReconciliation(_ r: ExportReconciliation, as format: OutputFormat) -> String {
    switch format {
    case .json:
      return JSONValue.object([
        ("schema", .string("imagecost.reconcile-export/1")), ("since", .string(r.since.description)), ("until", .optional(r.until?.description)),
        ("exported_usd", .string(exact(r.exported))), ("actual_usd", .string(exact(r.actual))), ("predicted_usd", .string(exact(r.predicted))),
        ("attribution", .object(r.attribution.keys.sorted().map { ($0.rawValue, .string(exact(r.attribution[$0]!))) })),
        (
          "rows",
          .array(
            r.rows.map { row in
              .object([
                ("day", .string(row.day.description)), ("model", .string(row.model)), ("exported_usd", .string(exact(row.exported))),
                ("export_lines", .int(row.exportLines)), ("actual_usd", .string(exact(row.actual))), ("predicted_usd", .string(exact(row.predicted))),
                ("calls", .int(row.calls)), ("delta_usd", .string(exact(row.delta))),
                ("error_pct", row.error.map { JSONValue.string($0.display) } ?? .null),
                ("attribution", .object(row.attribution.keys.sorted().map { ($0.rawValue, .string(exact(row.attribution[$0]!))) })),
              ])
            })
        ),
        ("items_without_image_model", .object(r.unmatchedItems.keys.sorted().map { ($0, .string(exact(USD(nanos: r.unmatchedItems[$0]!)))) })),
        ("other_currencies", .object(r.otherCurrencies.keys.sorted().map { ($0, .string(exact(USD(nanos: r.otherCurrencies[$0]!)))) })),
      ]).rendered()
    case .csv:
      var writer = CSVWriter(header: ["day", "model", "exported_usd", "actual_usd", "predicted_usd", "calls", "delta_usd", "cause"])
      for row in r.rows {
        writer.append([
          row.day.description, row.model, exact(row.exported), exact(row.actual), exact(row.predicted), String(row.calls), exact(row.delta),
          row.attribution.keys.sorted().map(\.rawValue).joined(separator: "; "),
        ])
      }
      return writer.text
    case .table, .md:
      var table = TextTable(
        headers: ["Day", "Model", "Export", "Journal actual", "Predicted", "Calls", "Δ", "Error", "Cause"],
        alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .left])
      for row in r.rows {
        table.rows.append([
          row.day.description, row.model, money(row.exported), money(row.actual), money(row.predicted), String(row.calls), money(row.delta),
          row.error?.display ?? "–", row.attribution.keys.sorted().map(\.rawValue).joined(separator: ", "),
        ])
      }
      table.rulesAfter = [max(0, table.rows.count - 1)]
      table.rows.append(["Total", "", money(r.exported), money(r.actual), money(r.predicted), "", money(r.exported - r.actual), "", ""])
      var text =
        "Export against journal, \(r.since)\(r.until.map { " to \($0)" } ?? " onwards") (per day × model)\n\n" + tableText(table, format) + "\n"
      text += "Gap \(money(r.exported - r.actual)) (export − journal actual), by cause:\n"
      if r.attribution.isEmpty { text += "  none.\n" }
      for cause in r.attribution.keys.sorted() { text += "  \(cause.rawValue): \(money(r.attribution[cause]!))\n" }
      if !r.unmatchedItems.isEmpty { text += "Not image models (left out): " + r.unmatchedItems.keys.sorted().joined(separator: ", ") + ".\n" }
      if !r.otherCurrencies.isEmpty {
        text += "Lines in " + r.otherCurrencies.keys.sorted().joined(separator: ", ") + " are not compared (the journal is in USD).\n"
      }
      return text
    }
  }
}
