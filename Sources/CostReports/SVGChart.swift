import CostCore

/// Escapes `text` for HTML and inline SVG, both as element content and as a quoted attribute value:
/// `&`, `<`, `>`, `"` and `'`. Every piece of model text in the HTML report goes through this function.
public func escapeHTML(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(character)
    }
  }
  return out
}

/// Pure functions drawing small inline SVG charts for the HTML report.
///
/// Values are money in nano-dollars (`Int64`, as in ``USD``). Pixel positions are computed in integer
/// tenths of a pixel and printed with one decimal at most, so the output is byte-for-byte stable on
/// every platform; no floating point is involved. Every chart has a `<title>`, `role="img"` and a
/// legend, and uses the fixed Okabe–Ito palette, which stays distinguishable with colour-vision
/// deficiencies.
public enum SVGChart {
  /// Okabe–Ito colours, in the order series take them (past eight, they repeat as stripes).
  public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
  /// Width of every chart's view box, in pixels.
  public static let width = 720

  static let ink = "#1f2328"
  static let grid = "#d0d7de"
  static let muted = "#57606a"
  static let planGrey = "#6e7781"

  // MARK: Ticks and labels

  /// Axis ticks with a 1-2-5 step: the smallest step of the form {1, 2, 5} × 10^k (in the values'
  /// unit) that covers `min...max` in at most `count` steps, from the multiple of the step at or below
  /// `min` to the one at or above `max`. `niceTicks(min: 0, max: 383, count: 5)` is `[0, 100, 200, 300, 400]`.
  public static func niceTicks(min lower: Int64, max upper: Int64, count: Int) -> [Int64] {
    let lo = Int128(Swift.min(lower, upper))
    var hi = Int128(Swift.max(lower, upper))
    if hi == lo { hi = lo + 1 }
    let steps = Int128(Swift.max(1, count))
    let span = hi - lo
    var magnitude: Int128 = 1
    var step: Int128 = 1
    search: while true {
      for multiple: Int128 in [1, 2, 5] where multiple * magnitude * steps >= span {
        step = multiple * magnitude
        break search
      }
      magnitude *= 10
    }
    func floorDiv(_ a: Int128, _ b: Int128) -> Int128 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    let first = floorDiv(lo, step) * step
    let last = -floorDiv(-hi, step) * step
    var ticks: [Int64] = []
    var value = first
    while value <= last {
      ticks.append(Int64(clamping: value))
      value += step
    }
    return ticks
  }

  /// A compact money label for an axis tick: `$0`, `$0.05`, `$350`, `$1.2k`, `$2.5M`. Exact: the
  /// digits of the tick are kept, trailing zeros dropped.
  public static func tickLabel(_ nanos: Int64) -> String {
    let value = nanos < 0 ? -Int128(nanos) : Int128(nanos)
    let text: String
    if value >= 1_000_000_000_000_000 {
      text = FixedPoint.format(value, scale: 15) + "M"
    } else if value >= 1_000_000_000_000 {
      text = FixedPoint.format(value, scale: 12) + "k"
    } else {
      text = FixedPoint.format(value, scale: 9)
    }
    return (nanos < 0 ? "-$" : "$") + text
  }

  /// Tenths of a pixel as SVG number text: `1234` → `123.4`, `1230` → `123`.
  static func px(_ tenths: Int) -> String {
    let negative = tenths < 0
    let m = negative ? -tenths : tenths
    let body = m % 10 == 0 ? String(m / 10) : "\(m / 10).\(m % 10)"
    return negative ? "-" + body : body
  }

  /// Position of `value` on an axis running from `lo` (at `start`) to `hi` (at `start + length`), in tenths.
  static func position(_ value: Int64, lo: Int64, hi: Int64, start: Int, length: Int) -> Int {
    let span = Swift.max(Int128(1), Int128(hi) - Int128(lo))
    let offset = FixedPoint.divide((Int128(value) - Int128(lo)) * Int128(length), by: span, rounding: .halfEven)
    return start + Int(clamping: offset)
  }

  /// Vertical position of `value` on an axis with `lo` at the bottom of a plot area, in tenths.
  static func vertical(_ value: Int64, lo: Int64, hi: Int64, top: Int, plotHeight: Int) -> Int {
    top * 10 + plotHeight * 10 - position(value, lo: lo, hi: hi, start: 0, length: plotHeight * 10)
  }

  /// Estimated width in pixels of `text` at the charts' 12 px font.
  static func textWidth(_ text: String) -> Int { TextTable.displayWidth(text) * 7 }

  /// `text` cut to at most `pixels` wide, with an ellipsis when cut.
  static func fitted(_ text: String, pixels: Int) -> String {
    guard textWidth(text) > pixels else { return text }
    var out = ""
    for character in text {
      if textWidth(out + String(character) + "…") > pixels { break }
      out.append(character)
    }
    return out + "…"
  }

  // MARK: Building blocks

  /// One legend entry: a filled swatch, a line, or a dashed line.
  public struct LegendItem: Sendable {
    public enum Mark: Sendable {
      case swatch(fill: String, opacity: String?)
      case line(stroke: String, dashed: Bool)
    }
    public let label: String
    public let mark: Mark
    public init(_ label: String, _ mark: Mark) {
      self.label = label
      self.mark = mark
    }
  }

  /// Legend items flowed left to right into rows that fit `maxWidth`, starting at (`x`, `y`).
  /// Returns the SVG and the height used.
  static func legend(_ items: [LegendItem], x: Int, y: Int, maxWidth: Int) -> (svg: String, height: Int) {
    guard !items.isEmpty else { return ("", 0) }
    let rowHeight = 20
    var out = "<g class=\"legend\">\n"
    var cx = x
    var cy = y
    for item in items {
      let label = fitted(item.label, pixels: maxWidth - 24)
      let itemWidth = 18 + textWidth(label) + 18
      if cx > x, cx + itemWidth > x + maxWidth {
        cx = x
        cy += rowHeight
      }
      switch item.mark {
      case .swatch(let fill, let opacity):
        out +=
          "<rect x=\"\(cx)\" y=\"\(cy + 2)\" width=\"12\" height=\"12\" fill=\"\(fill)\""
          + (opacity.map { " fill-opacity=\"\($0)\"" } ?? "") + "/>\n"
      case .line(let stroke, let dashed):
        out +=
          "<line x1=\"\(cx)\" y1=\"\(cy + 8)\" x2=\"\(cx + 12)\" y2=\"\(cy + 8)\" stroke=\"\(stroke)\" stroke-width=\"2\""
          + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>\n"
      }
      out += "<text x=\"\(cx + 18)\" y=\"\(cy + 12)\">\(escapeHTML(label))</text>\n"
      cx += itemWidth
    }
    out += "</g>\n"
    return (out, cy - y + rowHeight)
  }

  /// The opening tag, title and description of a chart.
  static func open(id: String, title: String, description: String, height: Int) -> String {
    let id = escapeHTML(id)
    return "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(width) \(height)\" "
      + "width=\"\(width)\" height=\"\(height)\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"12\" fill=\"\(ink)\">\n"
      + "<title id=\"\(id)-title\">\(escapeHTML(title))</title>\n"
      + "<desc id=\"\(id)-desc\">\(escapeHTML(description))</desc>\n"
  }

  /// Horizontal grid lines and left tick labels of a value axis.
  static func valueAxis(ticks: [Int64], left: Int, right: Int, top: Int, plotHeight: Int) -> String {
    let lo = ticks.first!
    let hi = ticks.last!
    var out = "<g class=\"axis\">\n"
    for tick in ticks {
      let y = vertical(tick, lo: lo, hi: hi, top: top, plotHeight: plotHeight)
      out += "<line x1=\"\(left)\" y1=\"\(px(y))\" x2=\"\(right)\" y2=\"\(px(y))\" stroke=\"\(tick == 0 ? muted : grid)\" stroke-width=\"1\"/>\n"
      out += "<text x=\"\(left - 6)\" y=\"\(px(y + 40))\" text-anchor=\"end\" fill=\"\(muted)\">\(escapeHTML(tickLabel(tick)))</text>\n"
    }
    return out + "</g>\n"
  }

  /// Category labels under a band axis, thinned so they never overlap.
  static func categoryAxis(_ categories: [String], left: Int, band: Int, y: Int) -> String {
    guard !categories.isEmpty else { return "" }
    let widest = categories.map(textWidth).max() ?? 0
    let needed = (widest + 10) * 10
    let room = Swift.max(1, band)
    let every = Swift.max(1, (needed + room - 1) / room)
    var out = "<g class=\"axis\">\n"
    for (index, category) in categories.enumerated() where index % every == 0 {
      let x = left * 10 + index * band + band / 2
      out += "<text x=\"\(px(x))\" y=\"\(y)\" text-anchor=\"middle\" fill=\"\(muted)\">\(escapeHTML(category))</text>\n"
    }
    return out + "</g>\n"
  }

  /// A text label with a white halo so it stays readable over lines and bars.
  static func haloText(x: String, y: String, anchor: String, weight: String? = nil, _ text: String) -> String {
    "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\"" + (weight.map { " font-weight=\"\($0)\"" } ?? "")
      + " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(escapeHTML(text))</text>\n"
  }

  // MARK: Charts

  /// A named series of values, one per category.
  public struct Series: Sendable {
    public let name: String
    public let values: [Int64]
    public init(name: String, values: [Int64]) {
      self.name = name
      self.values = values
    }
  }

  /// A labelled horizontal reference line (a budget).
  public struct Reference: Sendable {
    public let label: String
    public let value: Int64
    public init(label: String, value: Int64) {
      self.label = label
      self.value = value
    }
  }

  /// Fills for `count` series: the palette's colours, then (past eight series) the same colours as
  /// stripes at a new angle for each further round, so no two series look alike. Returns the
  /// `<defs>` the stripes need (ids prefixed with `chartID`) and one fill per series.
  static func seriesFills(chartID: String, count: Int) -> (defs: String, fills: [String]) {
    var defs = ""
    var fills: [String] = []
    let angles = [45, -45, 0, 90]
    for index in 0..<count {
      let colour = palette[index % palette.count]
      let round = index / palette.count
      guard round > 0 else {
        fills.append(colour)
        continue
      }
      let patternID = escapeHTML("\(chartID)-stripes-\(index)")
      defs +=
        "<pattern id=\"\(patternID)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(\(angles[(round - 1) % angles.count]))\">"
        + "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"3\" height=\"6\" fill=\"\(colour)\"/></pattern>\n"
      fills.append("url(#\(patternID))")
    }
    return (defs.isEmpty ? "" : "<defs>\n" + defs + "</defs>\n", fills)
  }

  /// Vertical bars, one per category, each stacked from `series` (first series at the bottom), with
  /// an optional dashed reference line labelled in the right margin and each bar's total on top.
  public static func stackedBars(
    id: String, title: String, description: String, categories: [String], series: [Series], reference: Reference?
  ) -> String {
    let totals = categories.indices.map { index in
      series.reduce(Int64(0)) { $0 + ($1.values.indices.contains(index) ? Swift.max(0, $1.values[index]) : 0) }
    }
    let ticks = niceTicks(min: 0, max: Swift.max(totals.max() ?? 0, reference?.value ?? 0, 1), count: 5)
    let lo = ticks.first!
    let hi = ticks.last!
    let (defs, fills) = seriesFills(chartID: id, count: series.count)
    let legendItems =
      series.enumerated().map { LegendItem($0.element.name, .swatch(fill: fills[$0.offset], opacity: nil)) }
      + (reference.map { [LegendItem($0.label, .line(stroke: ink, dashed: true))] } ?? [])
    let referenceText = reference.map { tickLabel($0.value) } ?? ""
    let left = Swift.max(48, (ticks.map { textWidth(tickLabel($0)) }.max() ?? 0) + 14)
    let right = width - (reference == nil ? 16 : Swift.max(16, textWidth(referenceText) + 12))
    let (legendSVG, legendHeight) = legend(legendItems, x: left, y: 8, maxWidth: right - left)
    let top = 8 + legendHeight + 14
    let plotHeight = 240
    let height = top + plotHeight + 30
    let plotWidth = right - left
    let band = categories.isEmpty ? plotWidth * 10 : plotWidth * 10 / categories.count
    let barWidth = Swift.max(10, band * 64 / 100)

    var out = open(id: id, title: title, description: description, height: height)
    out += defs + legendSVG
    out += valueAxis(ticks: ticks, left: left, right: right, top: top, plotHeight: plotHeight)
    func y(_ value: Int64) -> Int { vertical(value, lo: lo, hi: hi, top: top, plotHeight: plotHeight) }
    out += "<g class=\"bars\">\n"
    for (index, category) in categories.enumerated() {
      let x = left * 10 + index * band + (band - barWidth) / 2
      var base: Int64 = 0
      for (seriesIndex, s) in series.enumerated() {
        let value = s.values.indices.contains(index) ? Swift.max(0, s.values[index]) : 0
        guard value > 0 else { continue }
        let y0 = y(base)
        let y1 = y(base + value)
        base += value
        out +=
          "<rect x=\"\(px(x))\" y=\"\(px(y1))\" width=\"\(px(barWidth))\" height=\"\(px(Swift.max(1, y0 - y1)))\" "
          + "fill=\"\(fills[seriesIndex])\" stroke=\"#ffffff\" stroke-width=\"1\"><title>\(escapeHTML("\(s.name), \(category): \(USD(nanos: value).roundedToCents.display)"))</title></rect>\n"
      }
    }
    out += "</g>\n"
    // The reference line goes under the total labels, whose halo keeps them readable where they cross it.
    if let reference {
      let ry = y(reference.value)
      out +=
        "<line x1=\"\(left)\" y1=\"\(px(ry))\" x2=\"\(right)\" y2=\"\(px(ry))\" stroke=\"\(ink)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
      out += "<text x=\"\(right + 6)\" y=\"\(px(ry + 40))\" font-weight=\"600\">\(escapeHTML(referenceText))</text>\n"
    }
    // Totals above the bars, when they fit the band.
    let labels = totals.map { USD(nanos: $0).roundedToCents.display }
    if (labels.map(textWidth).max() ?? 0) * 10 + 40 <= band {
      let referenceY = reference.map { y($0.value) }
      for (index, label) in labels.enumerated() {
        let x = left * 10 + index * band + band / 2
        var baseline = y(totals[index]) - 50
        // A label that the reference line would cross sits just above the line instead.
        if let ry = referenceY, baseline >= ry - 30, baseline <= ry + 110 { baseline = ry - 50 }
        out += haloText(x: px(x), y: px(baseline), anchor: "middle", label)
      }
    }
    out += categoryAxis(categories, left: left, band: band, y: top + plotHeight + 20)
    return out + "</svg>\n"
  }

  /// One horizontal bar.
  public struct Bar: Sendable {
    public enum Kind: Sendable { case baseline, cheaper, dearer }
    public let label: String
    public let value: Int64
    public let kind: Kind
    public init(label: String, value: Int64, kind: Kind) {
      self.label = label
      self.value = value
      self.kind = kind
    }
  }

  static func fill(_ kind: Bar.Kind) -> String {
    switch kind {
    case .baseline: return planGrey
    case .cheaper: return palette[0]
    case .dearer: return palette[1]
    }
  }

  /// Horizontal bars, top to bottom in the order given, labels on the left, values at the bar ends;
  /// a dashed line marks the baseline bar's value.
  public static func horizontalBars(id: String, title: String, description: String, bars: [Bar]) -> String {
    let ticks = niceTicks(min: 0, max: Swift.max(bars.map(\.value).max() ?? 0, 1), count: 5)
    let lo = ticks.first!
    let hi = ticks.last!
    let labelWidth = Swift.min(240, bars.map { textWidth($0.label) }.max() ?? 0)
    let left = labelWidth + 16
    let valueLabels = bars.map { USD(nanos: $0.value).roundedToCents.display }
    let right = width - Swift.max(24, (valueLabels.map(textWidth).max() ?? 0) + 14)
    var kinds: [Bar.Kind] = []
    for bar in bars where !kinds.contains(bar.kind) { kinds.append(bar.kind) }
    let legendItems = kinds.map { kind -> LegendItem in
      switch kind {
      case .baseline: return LegendItem("Plan as written", .swatch(fill: fill(kind), opacity: nil))
      case .cheaper: return LegendItem("Cheaper than the plan", .swatch(fill: fill(kind), opacity: nil))
      case .dearer: return LegendItem("Dearer than the plan", .swatch(fill: fill(kind), opacity: nil))
      }
    }
    let (legendSVG, legendHeight) = legend(legendItems, x: left, y: 8, maxWidth: right - left)
    let top = 8 + legendHeight + 10
    let rowHeight = 30
    let plotHeight = Swift.max(1, bars.count) * rowHeight
    let height = top + plotHeight + 30

    var out = open(id: id, title: title, description: description, height: height)
    out += legendSVG
    func x(_ value: Int64) -> Int { position(value, lo: lo, hi: hi, start: left * 10, length: (right - left) * 10) }
    out += "<g class=\"axis\">\n"
    for tick in ticks {
      let tx = x(tick)
      out +=
        "<line x1=\"\(px(tx))\" y1=\"\(top)\" x2=\"\(px(tx))\" y2=\"\(top + plotHeight)\" stroke=\"\(tick == 0 ? muted : grid)\" stroke-width=\"1\"/>\n"
      out += "<text x=\"\(px(tx))\" y=\"\(top + plotHeight + 18)\" text-anchor=\"middle\" fill=\"\(muted)\">\(escapeHTML(tickLabel(tick)))</text>\n"
    }
    out += "</g>\n<g class=\"bars\">\n"
    for (index, bar) in bars.enumerated() {
      let rowTop = top + index * rowHeight
      let x1 = x(Swift.max(0, bar.value))
      out +=
        "<text x=\"\(left - 8)\" y=\"\(rowTop + 19)\" text-anchor=\"end\"" + (bar.kind == .baseline ? " font-weight=\"600\"" : "")
        + ">\(escapeHTML(fitted(bar.label, pixels: 240)))</text>\n"
      out +=
        "<rect x=\"\(left)\" y=\"\(rowTop + 6)\" width=\"\(px(Swift.max(10, x1 - left * 10)))\" height=\"18\" fill=\"\(fill(bar.kind))\">"
        + "<title>\(escapeHTML("\(bar.label): \(valueLabels[index])"))</title></rect>\n"
      out += "<text x=\"\(px(Swift.max(x1, left * 10 + 10) + 60))\" y=\"\(rowTop + 19)\">\(escapeHTML(valueLabels[index]))</text>\n"
    }
    out += "</g>\n"
    if let baseline = bars.first(where: { $0.kind == .baseline }) {
      let bx = x(baseline.value)
      out +=
        "<line x1=\"\(px(bx))\" y1=\"\(top)\" x2=\"\(px(bx))\" y2=\"\(top + plotHeight)\" stroke=\"\(ink)\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n"
    }
    return out + "</svg>\n"
  }

  /// A band from `low` to `high` per category, the `middle` line over it and an optional dashed
  /// `point` line (the point estimate). All arrays are cut to the shortest length. The value axis
  /// spans the data (from a nice tick at or below the lowest value), not necessarily zero.
  public static func band(
    id: String, title: String, description: String, categories: [String], low: [Int64], middle: [Int64], high: [Int64], point: [Int64]?,
    labels: (band: String, middle: String, point: String), reference: Reference? = nil
  ) -> String {
    let count = [categories.count, low.count, middle.count, high.count, point?.count ?? Int.max].min()!
    // A band is read for its spread, so the axis is fitted to the data (and the budget line) rather than starting at zero.
    let shown = Array(low.prefix(count) + high.prefix(count) + (point?.prefix(count) ?? [])) + (reference.map { [$0.value] } ?? [])
    let ticks = niceTicks(min: Swift.max(0, shown.min() ?? 0), max: Swift.max(shown.max() ?? 0, 1), count: 5)
    let lo = ticks.first!
    let hi = ticks.last!
    let legendItems =
      [LegendItem(labels.band, .swatch(fill: palette[4], opacity: "0.45")), LegendItem(labels.middle, .line(stroke: palette[0], dashed: false))]
      + (point == nil ? [] : [LegendItem(labels.point, .line(stroke: ink, dashed: true))])
      + (reference.map { [LegendItem($0.label, .line(stroke: budgetStroke, dashed: true))] } ?? [])
    let left = Swift.max(48, (ticks.map { textWidth(tickLabel($0)) }.max() ?? 0) + 14)
    let referenceText = reference.map { tickLabel($0.value) } ?? ""
    let right = width - (reference == nil ? 16 : Swift.max(16, textWidth(referenceText) + 12))
    let (legendSVG, legendHeight) = legend(legendItems, x: left, y: 8, maxWidth: right - left)
    let top = 8 + legendHeight + 14
    let plotHeight = 220
    let height = top + plotHeight + 30
    let band = (right - left) * 10 / Swift.max(1, count)

    var out = open(id: id, title: title, description: description, height: height)
    out += legendSVG
    out += valueAxis(ticks: ticks, left: left, right: right, top: top, plotHeight: plotHeight)
    func y(_ value: Int64) -> Int { vertical(value, lo: lo, hi: hi, top: top, plotHeight: plotHeight) }
    let centers = (0..<count).map { left * 10 + $0 * band + band / 2 }
    // With one category the band is drawn as a bar-wide box rather than a line.
    let xs = count == 1 ? [centers[0] - band / 4, centers[0] + band / 4] : centers
    let lows = count == 1 ? [low[0], low[0]] : Array(low.prefix(count))
    let highs = count == 1 ? [high[0], high[0]] : Array(high.prefix(count))
    if count > 0 {
      let upper = zip(xs, highs).map { "\(px($0)),\(px(y($1)))" }
      let lower = zip(xs, lows).reversed().map { "\(px($0)),\(px(y($1)))" }
      out +=
        "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(palette[4])\" fill-opacity=\"0.45\" stroke=\"\(palette[4])\" stroke-width=\"1\"/>\n"
      if let point {
        let points = zip(centers, point.prefix(count)).map { "\(px($0)),\(px(y($1)))" }
        out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
      }
      if let reference {
        let ry = y(reference.value)
        out +=
          "<line x1=\"\(left)\" y1=\"\(px(ry))\" x2=\"\(right)\" y2=\"\(px(ry))\" stroke=\"\(budgetStroke)\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>\n"
        out += "<text x=\"\(right + 6)\" y=\"\(px(ry + 40))\" font-weight=\"600\">\(escapeHTML(referenceText))</text>\n"
      }
      let mids = zip(centers, middle.prefix(count)).map { "\(px($0)),\(px(y($1)))" }
      out += "<polyline points=\"\(mids.joined(separator: " "))\" fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"2.5\"/>\n"
      for index in 0..<count {
        let tooltip =
          "\(categories[index]): \(labels.middle) \(USD(nanos: middle[index]).roundedToCents.display), "
          + "\(labels.band) \(USD(nanos: low[index]).roundedToCents.display)–\(USD(nanos: high[index]).roundedToCents.display)"
        out +=
          "<circle cx=\"\(px(centers[index]))\" cy=\"\(px(y(middle[index])))\" r=\"3.5\" fill=\"\(palette[0])\"><title>\(escapeHTML(tooltip))</title></circle>\n"
      }
    }
    out += categoryAxis(Array(categories.prefix(count)), left: left, band: band, y: top + plotHeight + 20)
    return out + "</svg>\n"
  }
}

// MARK: The plan report's charts

extension SVGChart {
  /// Monthly cost of the plan as written, stacked by workload, with the budget line when set.
  public static func monthlyCost(_ report: PlanReport) -> String {
    let lines = report.asPlanned.lines
    let series = report.plan.workloads.map { workload in
      Series(
        name: workload.id,
        values: report.months.map { month in lines.filter { $0.workload == workload.id && $0.month == month }.reduce(Int64(0)) { $0 + $1.cost.nanos }
        })
    }
    let reference = report.budget.map {
      Reference(
        label: $0.budget.period == .month
          ? "Budget \($0.amountPerMonth.roundedToCents.display) a month" : "Budget spread over a month (\($0.budget.period.rawValue))",
        value: $0.amountPerMonth.roundedToCents.nanos)
    }
    return stackedBars(
      id: "chart-monthly", title: "Monthly cost by workload, plan as written",
      description: "Stacked bars of each month's cost by workload" + (reference == nil ? "" : ", with the monthly budget as a dashed line")
        + ". The Per month table gives the figures.",
      categories: report.months.map(\.description), series: series, reference: reference)
  }

  /// Total of the plan as written and of every feasible candidate; infeasible candidates are not drawn.
  public static func candidateComparison(_ report: PlanReport) -> String {
    let plan = report.asPlanned.total.nanos
    let bars =
      [Bar(label: "as-planned", value: plan, kind: .baseline)]
      + report.candidates.filter(\.isFeasible).map { Bar(label: $0.id, value: $0.total.nanos, kind: $0.total.nanos <= plan ? .cheaper : .dearer) }
    return horizontalBars(
      id: "chart-candidates", title: "Total over the horizon: the plan and each feasible candidate",
      description: "Horizontal bars of each total; the dashed line marks the plan as written. The Candidates table gives the figures.",
      bars: bars)
  }

  /// P10–P90 band and P50 line of each month's Monte Carlo cost, with the point estimate; nil without ranges.
  public static func rangeBand(_ report: PlanReport) -> String? {
    guard let ranges = report.ranges else { return nil }
    let monthly = ranges.monthly
    let reference = report.budget.map { b in
      Reference(
        label: b.budget.period == .month ? "Budget a month" : "Budget spread over a month (\(b.budget.period.rawValue))",
        value: b.amountPerMonth.roundedToCents.nanos)
    }
    return band(
      id: "chart-ranges", title: "Monthly cost range: P10 to P90 band, P50 line",
      description: "Band from the 10th to the 90th percentile of each month's simulated cost over \(ranges.trials) trials, "
        + "the median as a solid line and the point estimate as a dashed line" + (reference == nil ? "" : ", the budget as a dotted line")
        + ". The Ranges table gives the figures.",
      categories: report.months.map(\.description), low: monthly.map(\.p10.nanos), middle: monthly.map(\.p50.nanos), high: monthly.map(\.p90.nanos),
      point: report.months.map { report.asPlanned.cost(in: $0).nanos }, labels: (band: "P10–P90", middle: "P50", point: "Point estimate"),
      reference: reference)
  }

  /// The budget line's colour on the ranges chart (the report's "over" red).
  static let budgetStroke = "#a40e26"
}
