/// Counts prompt tokens. Until the o200k tokenizer is wired in, an estimate of characters ÷ 4.
enum PromptCounter {
  static func count(_ text: String) -> (tokens: Int, exact: Bool) {
    let characters = text.unicodeScalars.count
    return ((characters + 3) / 4, false)
  }
}
