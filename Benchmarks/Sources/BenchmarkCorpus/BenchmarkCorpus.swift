/// Deterministic texts for the tokenizer benchmarks (no files, no randomness between runs).
public enum BenchmarkCorpus {
  /// A small linear congruential generator, so that every run and every tool builds the same text.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  static let japaneseRunAlphabet = Array(
    ("桜の花が満開の公園で着物を着た女性が微笑んでいる写真東京夜景ネオンと雨に濡れた街並み高画質で繊細な光と影柔らかい背景ぼかし"
      + "ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめも"
      + "ゃやゅゆょよらりるれろゎわゐゑをんアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン")
      .unicodeScalars)

  /// The worst case: 32,000 Japanese characters with no punctuation or space (one ~96 KB piece).
  public static let unbrokenJapanese32k: String = {
    var generator = Generator(state: 32_000)
    var scalars = String.UnicodeScalarView()
    for _ in 0..<32_000 { scalars.append(japaneseRunAlphabet[generator.next(japaneseRunAlphabet.count)]) }
    return String(scalars)
  }()

  /// A typical image prompt (about 700 bytes, English with some Japanese).
  public static let typicalPrompt = """
    A cinematic photograph of a young woman in a pale blue kimono standing under cherry blossoms in full bloom \
    at Ueno Park, Tokyo, early morning light, soft haze, shallow depth of field, 85mm lens, f/1.8, \
    natural skin texture, gentle smile, petals drifting in the air. Style: editorial, Fujifilm Pro 400H color \
    palette, subtle film grain. 背景はやわらかくぼかして、桜の花びらが舞っている様子を表現してください。\
    Aspect ratio 3:2, no text, no watermark, high detail on the fabric pattern (asanoha), 4k.
    """

  static let englishWords = """
    the of and to in is that for it as was with be by on not he this are or his from at which but have an they \
    you were her she there been one all we their has would when if so no what can out other were more about up \
    photo portrait landscape light shadow color soft warm cold evening morning city street river mountain forest \
    detailed realistic cinematic painting watercolor illustration camera lens focus background foreground style \
    woman man child dog cat bird flower tree house window door table chair market station train bridge harbor
    """.split(separator: " ").map(String.init).filter { !$0.isEmpty }

  static let japanesePhrases = """
    桜の花 満開の公園 着物を着た女性 微笑んでいる 写真 東京の夜景 ネオンの光 雨に濡れた街並み 高画質 繊細な光と影 \
    柔らかい背景 ぼかし 夕暮れの海辺 静かな森 古い神社 赤い鳥居 雪の降る町 温かい喫茶店 窓から差し込む光 \
    猫が眠っている 子供たちが遊んでいる 市場のにぎわい 駅のホーム 電車が走る 川沿いの道 山の上から見た景色 \
    水彩画のような 油絵風の 映画のワンシーン 細部まで描き込まれた 自然な表情 やさしい色合い
    """.split(separator: " ").map(String.init).filter { !$0.isEmpty }

  /// About 1 MB of mixed English and Japanese paragraphs (roughly half the bytes each), with newlines.
  public static let mixedCorpus: String = {
    var generator = Generator(state: 2026)
    var text = ""
    text.reserveCapacity(1_100_000)
    while text.utf8.count < 1_000_000 {
      // English paragraph
      for _ in 0..<(4 + generator.next(4)) {
        var sentence: [String] = []
        for _ in 0..<(8 + generator.next(12)) { sentence.append(englishWords[generator.next(englishWords.count)]) }
        var line = sentence.joined(separator: " ")
        line = line.prefix(1).uppercased() + line.dropFirst()
        text += line + [". ", ", 2026. ", "! ", "? "][generator.next(4)]
      }
      text += "\n\n"
      // Japanese paragraph
      for _ in 0..<(3 + generator.next(4)) {
        for _ in 0..<(3 + generator.next(5)) {
          text += japanesePhrases[generator.next(japanesePhrases.count)]
          text += ["の", "が", "を", "に", "で", "、", "と", "は"][generator.next(8)]
        }
        text += "。"
      }
      text += "\n\n"
    }
    return text
  }()
}
