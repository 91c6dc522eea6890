import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation
import ImageAPI
import Ledger
import LiveRun

struct LiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "live",
    abstract: "Make real image calls under a hard spend cap, journalling every call.",
    discussion: """
      Keys come from AZURE_OPENAI_API_KEY (sent as api-key) or OPENAI_API_KEY (bearer); the endpoint from \
      --endpoint, AZURE_OPENAI_ENDPOINT or OPENAI_BASE_URL. Keys never appear in output, journals or reports.
      """,
    subcommands: [Run.self, Status.self])
}

/// Problems of the commands that read a live run back from the ledger.
enum LiveCommandError: Error, CustomStringConvertible {
  case emptyJournal(String)
  case unknownRun(String, String)

  var description: String {
    switch self {
    case .emptyJournal(let path): return "The ledger \(path) holds no live run yet; run imagecost live run first."
    case .unknownRun(let id, let path): return "The ledger \(path) has no live run '\(id)'."
    }
  }
}

extension LiveCommand {
  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Predict a live plan's cost, then (with --yes) make its calls under --max-spend, with a progress line and a summary.",
      discussion: """
        A call starts only if the spend so far plus the worst case of every call in flight and of this call stays \
        within --max-spend; the run stops cleanly when the next call cannot fit. Every call is journalled before \
        it is sent. See examples/smoke.yaml for the plan format.
        """)

    @OptionGroup var book: PriceBookOptions
    @OptionGroup var connection: LiveConnectionOptions

    @Argument(help: "Live plan (YAML, kind: live).")
    var plan: String

    @Option(name: .customLong("save-images"), help: "Write the returned images into this directory.")
    var saveImages: String?

    @Option(help: "Seed for retry jitter (default: from the clock).")
    var seed: UInt64?

    @Option(help: "Output format of the prediction and summary: table, json or md.")
    var format: OutputFormat = .table

    func run() async throws {
      let priceBook = try book.load()
      let loaded: LivePlan
      do {
        loaded = try LivePlanLoader.load(path: plan)
      } catch let error as PlanFileError {
        throw JobFailure(error.description.replacingOccurrences(of: "nothing was written", with: "nothing was sent"), prefixed: false)
      }
      let prepared = try LiveRun.prepare(
        plan: loaded, book: priceBook, date: book.pricingDate(), settings: connection.settings, countPrompt: PromptCounter.count)
      let preview = prepared.preview
      // JSON is one document: the prediction alone, or inside the run summary when the calls are sent.
      if format != .json || !connection.yes || !prepared.fitsCap { Output.result(LiveRenderer.preview(preview, as: format)) }
      guard prepared.fitsCap else {
        throw JobFailure(
          "The predicted cost \(preview.predicted.display) exceeds --max-spend \(connection.cap.display); nothing was sent. Raise --max-spend or trim the plan."
        )
      }
      guard connection.yes else {
        Output.diagnostic(
          "Nothing was sent. Re-run with --yes to make these \(prepared.planned.count) calls (never more than \(connection.cap.display)).")
        return
      }
      let result = try await connection.execute(
        prepared.planned, runID: prepared.runID, kind: "live-run", planFile: plan, planName: loaded.name, date: prepared.date, book: priceBook,
        saveImages: saveImages, seed: seed, preview: preview)
      Output.result(LiveRenderer.summary(result.summary, entries: result.entries, ledger: result.ledger, preview: preview, as: format))
      if result.summary.succeeded < prepared.planned.count { throw ExitCode.failure }
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List calls that were sent but never completed (a crash or kill): they may have been billed.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Output format: table, json or md.")
    var format: OutputFormat = .table

    func run() throws {
      let path = ledger.resolvedPath()
      // A command that only reads never creates the ledger: no file, no run, nothing unfinished.
      guard FileManager.default.fileExists(atPath: path) else {
        Output.result(LiveRenderer.status([], runs: [], ledger: path, as: format))
        return
      }
      let journal = try ledger.openForReading().callJournal
      Output.result(LiveRenderer.status(try journal.unfinishedCalls(), runs: try journal.runs(), ledger: path, as: format))
    }
  }
}
