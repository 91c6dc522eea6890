import CostIO
import O200k

/// Counts prompt tokens exactly with the bundled o200k_base tokenizer.
enum PromptCounter {
  static func count(_ text: String) throws -> (tokens: Int, exact: Bool) {
    (try O200kTokenizer.shared.count(text), true)
  }
}

extension PlanLoader.Inputs {
  /// Real files (strict UTF-8) counted with the o200k tokenizer.
  static let files = PlanLoader.Inputs(
    readText: { path in try TextFile.read(path) },
    countTokens: { text in try O200kTokenizer.shared.count(text) })
}
