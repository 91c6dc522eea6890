import ArgumentParser
import CostCore
import CostIO
import CostReports
import Foundation

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two saved JSON reports (plan or quote): each line item old → new, Δ and %.")

  @Argument(help: "The older report (JSON written by --format json).")
  var old: String

  @Argument(help: "The newer report.")
  var new: String

  @Option(help: "Output format: table, md, csv or json.")
  var format: OutputFormat = .table

  @OptionGroup var excel: ExcelOption

  func run() throws {
    try excel.check(writesCSV: format == .csv)
    let a = try DiffDocument.decode(Data(try TextFile.read(old).utf8), path: old)
    let b = try DiffDocument.decode(Data(try TextFile.read(new).utf8), path: new)
    guard a.schema == b.schema else {
      throw JobFailure("\(old) is \(a.schema) but \(new) is \(b.schema); compare reports of the same kind.")
    }
    Output.result(excel.apply(DiffRenderer.render(DiffRenderer.rows(old: a.items, new: b.items), oldName: old, newName: new, as: format)))
  }
}
