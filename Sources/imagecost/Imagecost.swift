import ArgumentParser
import CostCore
import CostReports
import Foundation

@main
struct Imagecost: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "imagecost",
    abstract: "What AI image generation will cost before you spend it, and what it really cost after.",
    discussion: """
      Prices OpenAI and Azure OpenAI image models (gpt-image-1, -1-mini, -1.5, gpt-image-2, dall-e-3, dall-e-2) \
      from a dated, sourced price book (pricing/*.yaml). Money is exact fixed point; every assumption is named.
      """,
    version: ReportStamp.toolVersion,
    subcommands: [
      PlanCommand.self, BudgetCommand.self, DiffCommand.self, ReplayCommand.self, ImportCommand.self, ReportCommand.self, LedgerCommand.self,
      ExportCommand.self, QuoteCommand.self, TokensCommand.self, ModelsCommand.self, PricingCommand.self, LiveCommand.self, ReconcileCommand.self,
      CalibrateCommand.self, SQLCommand.self,
    ]
  )

  /// Parses and runs the command; a thrown error is printed once, by ``ErrorPolicy``.
  static func main() async {
    do {
      var command = try parseAsRoot()
      // Every report of this run says when (by the run's one clock) and by which version it was generated.
      let stamp = ReportStamp(generatedAt: WallClock.run.timestamp())
      if let asyncCommand = command as? AsyncParsableCommand {
        // The command runs once, here, on this task: nothing else touches it.
        nonisolated(unsafe) var unshared = asyncCommand
        try await ReportStamp.$current.withValue(stamp) { try await unshared.run() }
      } else {
        try ReportStamp.$current.withValue(stamp) { try command.run() }
      }
    } catch {
      guard let (message, status) = ErrorPolicy.report(for: error) else { exit(withError: error) }
      Output.diagnostic(message)
      Foundation.exit(status)
    }
  }
}
