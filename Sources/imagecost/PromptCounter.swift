import O200k

/// Counts prompt tokens exactly with the bundled o200k_base tokenizer.
enum PromptCounter {
  static func count(_ text: String) throws -> (tokens: Int, exact: Bool) {
    (try O200kTokenizer.shared.count(text), true)
  }
}
