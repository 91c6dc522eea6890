import CostCore
import CostIO
import Foundation
import ImageAPI
import LiveRun
import Testing

/// `LiveRun.prepare` without the command line: the plan becomes priced calls, checked, with nothing sent.
@Suite struct LiveRunPrepareTests {
  static func settings(
    provider: LiveProvider = .azure, deployments: [String: String] = ["img2": "gpt-image-2"], cap: String = "2.00", allowRetired: Bool = false
  )
    -> LiveRunSettings
  {
    LiveRunSettings(
      provider: provider, deployments: deployments.sorted { $0.key < $1.key }.map { LiveRunSettings.Deployment(name: $0.key, model: $0.value) },
      deploymentType: nil, region: nil, cap: USD(decimal: cap)!, concurrency: 2, requestsPerMinute: nil, timeoutSeconds: 60, maxAttempts: 4,
      allowRetired: allowRetired)
  }

  static func plan(model: String = "gpt-image-2", quality: String = "low", repeatCount: Int = 2, deployment: String? = nil) throws -> LivePlan {
    try LivePlanLoader.parse(
      """
      schema_version: 1
      kind: live
      name: prepare test
      calls:
        gen:
          model: \(model)
          quality: \(quality)
          size: 1024x1024
          prompts: [a red bicycle, a blue door]
          repeat: \(repeatCount)
      \(deployment.map { "    deployment: \($0)" } ?? "")
      """, file: "prepare.yaml")
  }

  @Test func expandsPricesAndPreviewsThePlan() throws {
    let prepared = try LiveRun.prepare(
      plan: try Self.plan(), book: Live.book, date: Live.date, settings: Self.settings(), runID: "run-x", countPrompt: { ($0.count, true) })
    #expect(prepared.runID == "run-x")
    #expect(prepared.planName == "prepare test")
    #expect(prepared.planned.map(\.call.id) == ["run-x/gen#1", "run-x/gen#2", "run-x/gen#3", "run-x/gen#4"])
    #expect(prepared.planned.map(\.call.seq) == [0, 1, 2, 3])
    #expect(prepared.planned.allSatisfy { $0.call.deployment == "img2" && $0.call.request.provider == "azure" })
    // The prompt counter injected is the one used.
    #expect(prepared.planned.first?.call.request.prompt == .counted(tokens: "a red bicycle".count, exact: true))
    let pricer = LiveCallPricer(book: Live.book)
    let expected = try prepared.planned.reduce(USD.zero) { try $0.adding(try pricer.predict($1.call, date: Live.date).predicted) }
    #expect(prepared.preview.predicted == expected)
    #expect(prepared.preview.rows.count == 4)
    #expect(prepared.fitsCap)
  }

  @Test func aPlanOverTheCapDoesNotFit() throws {
    let prepared = try LiveRun.prepare(
      plan: try Self.plan(), book: Live.book, date: Live.date, settings: Self.settings(cap: "0.000000001"), countPrompt: { ($0.count, true) })
    #expect(!prepared.fitsCap)
  }

  @Test func azureCallsWithoutADeploymentAreRefused() throws {
    #expect(throws: LivePreparationError.noDeployment(model: "gpt-image-1-mini")) {
      try LiveRun.prepare(
        plan: try Self.plan(model: "gpt-image-1-mini"), book: Live.book, date: Live.date, settings: Self.settings(), countPrompt: { ($0.count, true) }
      )
    }
    // OpenAI needs none; an explicit deployment in the plan wins on Azure.
    let openAI = try LiveRun.prepare(
      plan: try Self.plan(model: "gpt-image-1-mini"), book: Live.book, date: Live.date, settings: Self.settings(provider: .openai),
      countPrompt: { ($0.count, true) })
    #expect(openAI.planned.allSatisfy { $0.call.deployment == nil })
    let explicit = try LiveRun.prepare(
      plan: try Self.plan(model: "gpt-image-1-mini", deployment: "mini"), book: Live.book, date: Live.date, settings: Self.settings(),
      countPrompt: { ($0.count, true) })
    #expect(explicit.planned.allSatisfy { $0.call.deployment == "mini" })
  }

  @Test func retiredModelsAreRefusedUnlessAllowed() throws {
    let retiredOn = Live.date  // dall-e-3 left OpenAI on 2026-05-12
    let settings = Self.settings(provider: .openai)
    #expect(throws: LivePreparationError.self) {
      try LiveRun.prepare(
        plan: try Self.plan(model: "dall-e-3", quality: "standard", repeatCount: 1), book: Live.book, date: retiredOn, settings: settings,
        countPrompt: { ($0.count, true) })
    }
    var allowed = settings
    allowed.allowRetired = true
    let prepared = try LiveRun.prepare(
      plan: try Self.plan(model: "dall-e-3", quality: "standard", repeatCount: 1), book: Live.book, date: retiredOn, settings: allowed,
      countPrompt: { ($0.count, true) })
    #expect(prepared.planned.count == 2)
  }
}
