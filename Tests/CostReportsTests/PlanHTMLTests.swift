import CostCore
import CostIO
import CostReports
import Foundation
import Testing

/// The HTML plan report. Re-record with `RECORD_GOLDEN=1 swift test --filter PlanHTMLTests`.
/// To look at it: `HTML_PREVIEW_DIR=/tmp swift test --filter PlanHTMLTests` writes `plan.html`
/// and `plan-ranges.html` there, ready for a browser or headless Chromium.
@Suite struct PlanHTMLTests {
  static let report: PlanReport = {
    let plan = try! PlanLoader.load(path: PlanTests.examplePath, book: Golden.book, inputs: Golden.inputs)
    return try! PlanSimulator(book: Golden.book).simulate(plan)
  }()

  /// The example with hand-made ranges: ±10% and ±25% around each month's point estimate.
  static var reportWithRanges: PlanReport {
    var r = report
    func scaled(_ usd: USD, _ percent: Int64) -> USD { USD(nanos: usd.nanos / 100 * percent) }
    let monthly = r.months.map { month -> RangeSummary in
      let cost = r.asPlanned.cost(in: month)
      return RangeSummary(min: scaled(cost, 75), p10: scaled(cost, 90), p50: scaled(cost, 101), p90: scaled(cost, 112), max: scaled(cost, 130))
    }
    let t = r.asPlanned.total
    r.ranges = PlanRanges(
      trials: 1_000, seed: 7,
      total: RangeSummary(min: scaled(t, 80), p10: scaled(t, 93), p50: scaled(t, 101), p90: scaled(t, 109), max: scaled(t, 125)),
      monthly: monthly, drivers: ["hero-banners: retry rate 2%–8% (uniform)", "prompt tokens <normal> & \"sd\""])
    return r
  }

  static func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

  /// Open tags that are never closed, and close tags without an open one (void elements and `/>` excluded).
  static func unbalancedTags(_ html: String) -> [String] {
    let void: Set<String> = ["meta", "br", "hr", "img", "link", "input"]
    var stack: [String] = []
    var problems: [String] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else {
        problems.append("unterminated tag")
        break
      }
      let tag = rest[rest.index(after: open)..<close]
      rest = rest[rest.index(after: close)...]
      if tag.hasPrefix("!") || tag.hasSuffix("/") { continue }
      let closing = tag.hasPrefix("/")
      let name = String(tag.dropFirst(closing ? 1 : 0).prefix { $0.isLetter || $0.isNumber }).lowercased()
      if void.contains(name) { continue }
      if !closing {
        stack.append(name)
      } else if stack.last == name {
        stack.removeLast()
      } else {
        problems.append("stray </\(name)> after <\(stack.last ?? "nothing")>")
      }
    }
    return problems + stack.map { "unclosed <\($0)>" }
  }

  /// The `<svg>` element with `id` in `html`, or "".
  static func svg(_ id: String, in html: String) -> String {
    guard let start = html.range(of: "<svg id=\"\(id)\""), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else {
      return ""
    }
    return String(html[start.lowerBound..<end.upperBound])
  }

  @Test func matchesGoldenFile() throws {
    let html = PlanRenderer.html(PlanHTMLTests.report)
    try Golden.check(html, "plan-spring-campaign.html")
    #expect(html == PlanRenderer.html(PlanHTMLTests.report), "output must be deterministic")
    if let directory = ProcessInfo.processInfo.environment["HTML_PREVIEW_DIR"] {
      try html.write(toFile: directory + "/plan.html", atomically: true, encoding: .utf8)
      try PlanRenderer.html(PlanHTMLTests.reportWithRanges).write(toFile: directory + "/plan-ranges.html", atomically: true, encoding: .utf8)
      try PlanRenderer.html(try PlanHTMLTests.crowdedReport()).write(toFile: directory + "/plan-crowded.html", atomically: true, encoding: .utf8)
    }
  }

  @Test(arguments: [false, true])
  func selfContainedAndWellFormed(withRanges: Bool) {
    let html = PlanRenderer.html(withRanges ? PlanHTMLTests.reportWithRanges : PlanHTMLTests.report)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(!html.lowercased().contains("<script"))
    #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no event-handler attributes")
    #expect(!html.contains("http://") && !html.contains("https://"), "no network resources, not even the SVG namespace")
    #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
    // The only url() references are local SVG fragments.
    #expect(!html.replacingOccurrences(of: "url(#", with: "").contains("url("))
    #expect(PlanHTMLTests.occurrences(of: "<svg", in: html) == PlanHTMLTests.occurrences(of: "</svg>", in: html))
    #expect(PlanHTMLTests.occurrences(of: "<svg", in: html) == (withRanges ? 3 : 2))
    #expect(PlanHTMLTests.unbalancedTags(html) == [])
    // Every chart is labelled for assistive technology.
    #expect(PlanHTMLTests.occurrences(of: "role=\"img\"", in: html) == PlanHTMLTests.occurrences(of: "<svg", in: html))
    #expect(PlanHTMLTests.occurrences(of: "<title id=\"chart-", in: html) == PlanHTMLTests.occurrences(of: "<svg", in: html))
    // No floating-point noise in coordinates: at most one decimal.
    #expect(html.range(of: #"\s(x|y|[xy][12]|c[xy]|width|height|points)="[^"]*[0-9]\.[0-9]{2}"#, options: .regularExpression) == nil)
  }

  @Test func showsEverySection() throws {
    let report = PlanHTMLTests.report
    let html = PlanRenderer.html(report)
    for id in ["summary", "per-month", "per-workload", "candidates", "budget", "lifecycle", "capacity", "warnings", "assumptions"] {
      #expect(html.contains("<section id=\"\(id)\""), "section \(id)")
    }
    #expect(html.contains("Total <strong>\(report.asPlanned.total.roundedToCents.display)</strong>"))
    #expect(html.contains("fingerprint 0000golden0000fi"))
    #expect(html.contains("Price book reviewed \(try #require(report.priceBookAge).reviewed)"))
    for warning in report.warnings { #expect(html.contains(escapeHTML(warning))) }
    for assumption in report.assumptions { #expect(html.contains("<code>\(escapeHTML(assumption.id))</code>")) }
    // Infeasible candidates: listed with their reasons and named in the chart caption, but not drawn.
    let infeasible = report.candidates.filter { !$0.isFeasible }
    #expect(!infeasible.isEmpty && infeasible.count < report.candidates.count, "the example has both kinds")
    #expect(html.contains("Not drawn (infeasible): " + infeasible.map(\.id).joined(separator: ", ") + "."))
    let chart = PlanHTMLTests.svg("chart-candidates", in: html)
    #expect(chart.contains(">as-planned<"))
    for candidate in report.candidates {
      #expect(chart.contains(">\(candidate.id)<") == candidate.isFeasible, "\(candidate.id)")
      for reason in candidate.infeasible { #expect(html.contains(escapeHTML(reason))) }
    }
    // The budget line is drawn and labelled; over-budget months are called out.
    let budget = try #require(report.budget)
    #expect(PlanHTMLTests.svg("chart-monthly", in: html).contains("stroke-dasharray"))
    #expect(html.contains("Budget \(budget.amountPerMonth.roundedToCents.display) a month"))
    #expect(PlanHTMLTests.occurrences(of: "<span class=\"over\">OVER by", in: html) == budget.monthsOver.count)
  }

  @Test func bandChartOnlyWithRanges() {
    let plain = PlanRenderer.html(PlanHTMLTests.report)
    #expect(!plain.contains("chart-ranges"))
    #expect(!plain.contains("<section id=\"ranges\""))
    let ranged = PlanRenderer.html(PlanHTMLTests.reportWithRanges)
    #expect(ranged.contains("<svg id=\"chart-ranges\""))
    #expect(ranged.contains("<section id=\"ranges\""))
    #expect(ranged.contains("<polygon points=\""))
    #expect(ranged.contains("1,000 trials, seed 7"))
    #expect(ranged.contains("prompt tokens &lt;normal&gt; &amp; &quot;sd&quot;"))
  }

  @Test func escapesEveryModelText() throws {
    let hostile = "<b>&\"'"
    let plan = try PlanTests.plan(
      "budget: {amount: 10, period: month}\ncandidates:\n  'c<i>': {quality: low}\nworkloads:\n  '<b>&\"''': {model: gpt-image-1, quality: high, size: 1024x1024, images_per_month: 100, prompt_tokens: 10}\n"
    )
    #expect(plan.workloads.first?.id == hostile)
    let html = PlanRenderer.html(try PlanSimulator(book: Golden.book).simulate(plan))
    #expect(!html.contains(hostile))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("<i>"))
    #expect(html.contains("&lt;b&gt;&amp;&quot;&#39;"))
    #expect(html.contains("c&lt;i&gt;"))
    #expect(PlanHTMLTests.unbalancedTags(html) == [])
    #expect(escapeHTML("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
    #expect(escapeHTML("桜 ok") == "桜 ok")
  }

  /// Two years, nine workloads (more than the palette), long names, a tight budget: for layout checks.
  static func crowdedReport() throws -> PlanReport {
    var yaml = "schema_version: 1\nname: Crowded — a long plan name to check wrapping in the header\nstart: 2026-09\nmonths: 24\n"
    yaml +=
      "budget: {amount: 900, period: month}\ncandidates:\n  a-candidate-with-a-very-long-descriptive-identifier: {quality: low}\n  medium: {quality: medium}\nworkloads:\n"
    for index in 1...9 {
      let id = index == 1 ? "workload-with-an-unusually-long-identifier" : "w\(index)"
      yaml +=
        "  \(id): {model: gpt-image-1, quality: high, size: 1024x1024, images_per_month: \(index * 150), growth_per_month: 0.04, prompt_tokens: 50}\n"
    }
    return try PlanSimulator(book: Golden.book).simulate(try PlanLoader.parse(yaml, file: "crowded.yaml", book: Golden.book))
  }

  @Test func crowdedPlanStaysWellFormed() throws {
    let html = PlanRenderer.html(try PlanHTMLTests.crowdedReport())
    #expect(PlanHTMLTests.unbalancedTags(html) == [])
    // Month labels are thinned so they do not overlap: 24 months, fewer labels.
    let monthly = PlanHTMLTests.svg("chart-monthly", in: html)
    #expect(PlanHTMLTests.occurrences(of: "text-anchor=\"middle\" fill=\"#57606a\">20", in: monthly) < 24)
    #expect(monthly.contains("fill=\"url(#chart-monthly-stripes-8)\""), "the ninth series is told apart from the first")
    #expect(PlanHTMLTests.occurrences(of: "<pattern id=\"chart-monthly-stripes-8\"", in: monthly) == 1)
  }

  @Test func oneMonthAndZeroCostPlansStillDraw() throws {
    let plan = try PlanLoader.parse(
      "schema_version: 1\nname: z\nstart: 2026-09\nmonths: 1\nworkloads:\n  a: {model: gpt-image-2, quality: low, images_per_month: 0}\n",
      file: "z.yaml", book: Golden.book)
    let report = try PlanSimulator(book: Golden.book).simulate(plan)
    let html = PlanRenderer.html(report)
    #expect(PlanHTMLTests.unbalancedTags(html) == [])
    #expect(html.contains("<svg id=\"chart-monthly\""))
    #expect(!html.contains("chart-candidates"), "no candidates, no comparison chart")
  }

  static let tickCases: [(Int64, Int64, Int, [Int64])] = [
    (0, 383, 5, [0, 100, 200, 300, 400]),
    (0, 1_986, 5, [0, 500, 1_000, 1_500, 2_000]),
    (0, 100, 5, [0, 20, 40, 60, 80, 100]),
    (0, 1, 5, [0, 1]),
    (0, 0, 5, [0, 1]),
    (7, 93, 4, [0, 50, 100]),
    (-30, 70, 5, [-40, -20, 0, 20, 40, 60, 80]),
    (0, 9_999, 3, [0, 5_000, 10_000]),
  ]

  @Test(arguments: tickCases)
  func niceTicksUseOneTwoFiveSteps(min: Int64, max: Int64, count: Int, expected: [Int64]) {
    #expect(SVGChart.niceTicks(min: min, max: max, count: count) == expected)
  }

  @Test func tickLabelsAreCompactAndExact() {
    let dollar: Int64 = 1_000_000_000
    #expect(SVGChart.tickLabel(0) == "$0")
    #expect(SVGChart.tickLabel(350 * dollar) == "$350")
    #expect(SVGChart.tickLabel(1_200 * dollar) == "$1.2k")
    #expect(SVGChart.tickLabel(2_000 * dollar) == "$2k")
    #expect(SVGChart.tickLabel(2_500_000 * dollar) == "$2.5M")
    #expect(SVGChart.tickLabel(dollar / 20) == "$0.05")
    #expect(SVGChart.tickLabel(-20 * dollar) == "-$20")
  }
}
