import Foundation

/// An exact, offline implementation of OpenAI's **o200k_base** ordinary encoding
/// (tiktoken's `encode_ordinary`: special-token text such as `<|endoftext|>` is counted as plain text).
///
///     let tokenizer = O200kTokenizer.shared
///     try tokenizer.count("桜の花が満開の公園で、着物を着た女性が微笑んでいる写真")  // 25
///     try tokenizer.encode("hello world")                                           // [24912, 2375]
///
/// The vocabulary (`o200k_base.tiktoken`, shipped as a resource of this module) is loaded **lazily**, once per
/// process and thread-safely, the first time a method that needs it is called. That is why those methods
/// `throw`: the only error they can report is an ``O200kError`` about a missing or corrupt vocabulary.
/// Call ``loadVocabulary()`` to load it (and surface such an error) up front. Loading checks the file's size and
/// whole format, and in optimized builds its sha256 (about 40 ms in all, release).
///
/// Pre-tokenization follows tiktoken's regular expression exactly, with code-point (not grapheme) semantics;
/// byte-pair merging is rank-based and keyed by bytes.
public final class O200kTokenizer: Sendable {
  /// The shared tokenizer over the bundled vocabulary. Creating it is free; the vocabulary loads on first use.
  public static let shared = O200kTokenizer()

  /// Environment variable that, when set, names the `o200k_base.tiktoken` file to use instead of the bundled one.
  public static let vocabularyPathEnvironmentVariable = "IMAGECOST_O200K_VOCABULARY"

  /// The largest token id of o200k_base plus one (`n_vocab`), including the special tokens.
  public static let vocabularySize = 200_019
  /// Id of the special token `<|endoftext|>` (never produced by ordinary encoding; accepted by ``decode(_:)``).
  public static let endOfTextTokenID = 199_999
  /// Id of the special token `<|endofprompt|>` (never produced by ordinary encoding; accepted by ``decode(_:)``).
  public static let endOfPromptTokenID = 200_018
  /// sha256 of the official `o200k_base.tiktoken`, which the bundled file must have.
  public static let vocabularySHA256 = Vocabulary.officialSHA256

  private enum Source {
    case bundled
    case loaded(Vocabulary)
  }

  private let source: Source

  /// A tokenizer over the bundled vocabulary (loaded lazily and shared with ``shared``).
  public init() {
    source = .bundled
  }

  /// A tokenizer over the `o200k_base.tiktoken` file at `vocabularyPath`, loaded now.
  ///
  /// - Parameters:
  ///   - vocabularyPath: path of an uncompressed `o200k_base.tiktoken`.
  ///   - verifySHA256: also check the file's sha256 (the size and format are always checked).
  /// - Throws: ``O200kError`` if the file is missing, unreadable, corrupt or not the official file.
  public init(vocabularyPath: String, verifySHA256: Bool = true) throws {
    source = .loaded(try VocabularyLoader.load(path: vocabularyPath, verifySHA256: verifySHA256))
  }

  private func vocabulary() throws -> Vocabulary {
    switch source {
    case .loaded(let vocabulary): return vocabulary
    case .bundled: return try bundledVocabulary.get()
    }
  }

  /// Loads the vocabulary now if it is not loaded yet.
  ///
  /// - Throws: ``O200kError`` if the vocabulary is missing or corrupt. The outcome is cached, so this is cheap
  ///   to call again.
  public func loadVocabulary() throws {
    _ = try vocabulary()
  }

  /// The path of the bundled vocabulary file that is (or would be) loaded.
  ///
  /// - Throws: ``O200kError/vocabularyNotFound(searched:)`` if no candidate location has the file.
  public static func bundledVocabularyPath() throws -> String {
    try VocabularyLoader.locateBundled()
  }

  // MARK: Encoding

  /// The o200k_base token ids of `text` (ordinary encoding).
  ///
  /// - Throws: ``O200kError`` only if the vocabulary cannot be loaded.
  public func encode(_ text: String) throws -> [Int] {
    let vocabulary = try vocabulary()
    var ids: [Int] = []
    Self.withUTF8(text) { utf8 in
      ids.reserveCapacity(utf8.count / 3 + 1)
      Self.encode(utf8, vocabulary) { ids.append($0) }
    }
    return ids
  }

  /// The number of o200k_base tokens in `text`; `0` for the empty string.
  ///
  /// - Throws: ``O200kError`` only if the vocabulary cannot be loaded.
  public func count(_ text: String) throws -> Int {
    if text.isEmpty { return 0 }
    let vocabulary = try vocabulary()
    var count = 0
    Self.withUTF8(text) { utf8 in
      Self.encode(utf8, vocabulary) { _ in count += 1 }
    }
    return count
  }

  /// The bytes of each token of `text`, in order (what `--pieces` shows). A token can be part of a multi-byte
  /// UTF-8 sequence, so a piece is not always valid UTF-8 on its own.
  ///
  /// - Throws: ``O200kError`` only if the vocabulary cannot be loaded.
  public func pieces(_ text: String) throws -> [[UInt8]] {
    let vocabulary = try vocabulary()
    return try encode(text).map { Array(vocabulary.bytes(ofRank: $0)) }
  }

  /// The bytes of the token `id`; `<|endoftext|>` and `<|endofprompt|>` decode to their literal text.
  ///
  /// - Throws: ``O200kError/unknownTokenID(_:)`` for an id o200k_base does not define, or a vocabulary error.
  public func bytes(ofToken id: Int) throws -> [UInt8] {
    let vocabulary = try vocabulary()
    switch id {
    case 0..<Vocabulary.tokenCount: return Array(vocabulary.bytes(ofRank: id))
    case Self.endOfTextTokenID: return Array("<|endoftext|>".utf8)
    case Self.endOfPromptTokenID: return Array("<|endofprompt|>".utf8)
    default: throw O200kError.unknownTokenID(id)
    }
  }

  /// The concatenated bytes of `ids` (the inverse of ``encode(_:)``).
  ///
  /// - Throws: ``O200kError/unknownTokenID(_:)`` for an id o200k_base does not define, or a vocabulary error.
  public func decode(_ ids: [Int]) throws -> [UInt8] {
    var bytes: [UInt8] = []
    for id in ids { bytes += try self.bytes(ofToken: id) }
    return bytes
  }

  /// `decode(ids)` as text; byte sequences that are not valid UTF-8 become U+FFFD.
  public func decodeText(_ ids: [Int]) throws -> String {
    String(decoding: try decode(ids), as: UTF8.self)
  }

  /// The pre-tokenization pieces of `text`: tiktoken's regular-expression matches, which the byte-pair merge
  /// then encodes one by one. Needs no vocabulary.
  public static func preTokenize(_ text: String) -> [String] {
    var pieces: [String] = []
    withUTF8(text) { utf8 in
      PreTokenizer.forEachPiece(utf8) { start, end in
        pieces.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self))
      }
    }
    return pieces
  }

  // MARK: Text helpers

  /// The number of characters of `text` as prompt limits count them: Unicode scalars (code points), the way
  /// Python's `len` does, not grapheme clusters (`String.count`).
  public static func characterCount(_ text: String) -> Int {
    text.unicodeScalars.count
  }

  /// Checks `text` against a character limit counted in Unicode scalars (see ``characterCount(_:)``).
  ///
  /// - Throws: ``O200kError/characterLimitExceeded(limit:actual:)`` if `text` has more than `limit` scalars.
  public static func checkCharacterLimit(_ text: String, limit: Int) throws {
    let count = characterCount(text)
    if count > limit { throw O200kError.characterLimitExceeded(limit: limit, actual: count) }
  }

  /// Decodes raw file bytes as UTF-8, exactly (a byte order mark is kept as U+FEFF).
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - file: the file's name or path, for the error message.
  /// - Throws: ``O200kError/invalidUTF8(file:offset:)`` with the byte offset of the first invalid sequence.
  public static func decodeUTF8(_ bytes: [UInt8], file: String) throws -> String {
    if let offset = UTF8Validation.firstInvalidOffset(bytes) {
      throw O200kError.invalidUTF8(file: file, offset: offset)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: Internals

  static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
  }

  static func encode(_ utf8: UnsafeBufferPointer<UInt8>, _ vocabulary: Vocabulary, _ emit: (Int) -> Void) {
    PreTokenizer.forEachPiece(utf8) { start, end in
      BytePairMerge.encode(UnsafeBufferPointer(rebasing: utf8[start..<end]), vocabulary, emit)
    }
  }
}

/// The bundled vocabulary, loaded on first access (Swift initializes globals once, thread-safely).
private let bundledVocabulary: Result<Vocabulary, O200kError> = {
  do {
    return .success(
      try VocabularyLoader.load(path: VocabularyLoader.locateBundled(), verifySHA256: VocabularyLoader.verifyBundledSHA256))
  } catch let error as O200kError {
    return .failure(error)
  } catch {
    return .failure(.vocabularyUnreadable(path: VocabularyLoader.fileName, reason: "\(error)"))
  }
}()

/// Finds and reads `o200k_base.tiktoken`.
enum VocabularyLoader {
  static let fileName = "o200k_base.tiktoken"

  /// Whether loading the bundled vocabulary checks its sha256. On in optimized builds (about 15 ms); off in debug
  /// builds, where the unoptimized SHA-256 takes almost a second per process. The size and the whole format
  /// (every line, every rank in order, no duplicates, all 256 bytes) are checked in every build, and the test
  /// suite checks the sha256.
  #if DEBUG
    static let verifyBundledSHA256 = false
  #else
    static let verifyBundledSHA256 = true
  #endif
  static let bundleNames = ["imagecost_O200k.resources", "imagecost_O200k.bundle", "imagecost_O200k.bundle/Contents/Resources"]

  /// Candidate paths, in order: the environment override; the resource bundle next to the running executable
  /// (as `swift build` and an install that copies the `.resources` folder along lay it out); the source tree
  /// (a development build run in place).
  static func candidates() -> [String] {
    var paths: [String] = []
    if let override = ProcessInfo.processInfo.environment[O200kTokenizer.vocabularyPathEnvironmentVariable],
      !override.isEmpty
    {
      paths.append(override)
    }
    var directories: [URL] = []
    if let executable = Bundle.main.executableURL {
      directories.append(executable.deletingLastPathComponent())
      directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
    }
    directories.append(Bundle.main.bundleURL)
    if let argument0 = CommandLine.arguments.first, argument0.contains("/") {
      let url = URL(fileURLWithPath: argument0)
      directories.append(url.deletingLastPathComponent())
      directories.append(url.resolvingSymlinksInPath().deletingLastPathComponent())
    }
    for directory in directories {
      for bundle in bundleNames {
        paths.append(directory.appendingPathComponent(bundle).appendingPathComponent(fileName).path)
      }
    }
    // .../Sources/O200k/O200kTokenizer.swift → .../Sources/O200k/Resources/o200k_base.tiktoken
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    paths.append(source.appendingPathComponent("Resources").appendingPathComponent(fileName).path)
    var seen = Set<String>()
    return paths.filter { seen.insert($0).inserted }
  }

  static func locateBundled() throws -> String {
    let paths = candidates()
    for path in paths where FileManager.default.isReadableFile(atPath: path) { return path }
    throw O200kError.vocabularyNotFound(searched: paths)
  }

  static func load(path: String, verifySHA256: Bool) throws -> Vocabulary {
    guard FileManager.default.fileExists(atPath: path) else { throw O200kError.vocabularyNotFound(searched: [path]) }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw O200kError.vocabularyUnreadable(path: path, reason: error.localizedDescription)
    }
    return try Vocabulary(fileContents: [UInt8](data), path: path, verifySHA256: verifySHA256)
  }
}
