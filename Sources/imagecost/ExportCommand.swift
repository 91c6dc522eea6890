import ArgumentParser
import Foundation
import Ledger

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write every stored request as request-log JSONL (it imports back unchanged: 0 new).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case jsonl
  }

  @OptionGroup var ledger: LedgerOptions

  @Option(help: "Output format: jsonl (imagecost's request-log schema).")
  var format: Format = .jsonl

  func run() throws {
    let store = try ledger.openForReading()
    let count = try store.exportJSONL { chunk in FileHandle.standardOutput.write(Data(chunk.utf8)) }
    Output.diagnostic("exported \(count) record(s)")
  }
}
