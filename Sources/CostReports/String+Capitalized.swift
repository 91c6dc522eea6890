extension String {
  /// The string with its first character upper-cased: `model` → `Model`, `image output` → `Image output`.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
