import CostCore

/// Text of the calibration plan and verdicts.
public enum CalibrationRendering {
  public static func plan(_ plan: CalibrationPlan) -> String {
    var table = TextTable(headers: ["Probe", "Checks", "Predicted", "Worst case", ""], alignments: [.left, .left, .right, .right, .left])
    for item in plan.selected {
      table.rows.append([
        item.probe.id, item.probe.checks.joined(separator: ", "), item.prediction.predicted.display, item.prediction.worstCase.display, "",
      ])
    }
    for item in plan.skipped {
      table.rows.append([
        item.probe.id, item.probe.checks.joined(separator: ", "), item.prediction.predicted.display, item.prediction.worstCase.display,
        "does not fit",
      ])
    }
    return
      "Calibration of \(plan.model): \(plan.selected.count) probe\(plan.selected.count == 1 ? "" : "s"), predicted \(plan.predicted.display), worst case \(plan.worstCase.display) of --max-spend \(plan.cap.display)\n\n"
      + table.renderPlain()
  }

  public static func checks(_ checks: [AssumptionCheck], overlay: String) -> String {
    var table = TextTable(headers: ["Assumption", "Status", "Assumed", "Observed"], alignments: [.left, .left, .left, .left])
    for check in checks { table.rows.append([check.id, check.status.rawValue, check.assumed, check.observed]) }
    let contradicted = checks.filter { $0.status == .contradicted }.count
    let confirmed = checks.filter { $0.status == .confirmed }.count
    return "\n" + table.renderPlain()
      + "\n\(confirmed) confirmed, \(contradicted) contradicted. Observations and evidence: \(overlay) (pricing/ is unchanged).\n"
  }
}
