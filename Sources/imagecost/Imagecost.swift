import ArgumentParser
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
    version: "0.1.0",
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
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      guard let (message, status) = ErrorPolicy.report(for: error) else { exit(withError: error) }
      Output.diagnostic(message)
      Foundation.exit(status)
    }
  }
}
