#!/usr/bin/env python3
"""Generates o200k_base test vectors with the offline oracle (tiktoken 0.14.0 + the bundled vocabulary).

usage (after scripts/o200k/setup_oracle.sh):
  TIKTOKEN_CACHE_DIR=/tmp/o200k-oracle/tiktoken-cache /tmp/o200k-oracle/venv/bin/python \
    scripts/o200k/generate_vectors.py Tests/O200kTests/Fixtures/o200k_oracle_vectors.jsonl

  --seed N      random seed (default 20260801; the committed fixture uses the default)
  --random N    number of random short strings (default 2400)
  --long N      number of long unbroken runs (default 48)
  --no-pieces   omit the "pieces" field (smaller files for large local fuzz runs)

Each output line has the schema of shared/data/o200k_vectors.jsonl:
  id, category, text, count, ids (tiktoken encode_ordinary), pieces (regex split with tiktoken's pattern,
  checked to re-encode to exactly ids; null when the text has a Unicode 17.0 character, see UNICODE_17),
  utf8_bytes, scalars (code points).
The output is deterministic for a given seed and tiktoken version.
"""
import argparse
import json
import random
import sys

import regex
import tiktoken


def r(a, b):
    """Inclusive code point range as a list of one-scalar strings."""
    return [chr(c) for c in range(a, b + 1)]


# ---------------------------------------------------------------------------------------------------------
# Pools. Each entry is a string (one or more scalars); pools are drawn with weights.
POOLS = {
    "ascii_lower": (r(0x61, 0x7A), 10),
    "ascii_upper": (r(0x41, 0x5A), 5),
    "ascii_digit": (r(0x30, 0x39), 5),
    "ascii_punct": (list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), 5),
    "space": ([" "], 10),
    "contraction": (["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'LL", "'D", "'M",
                     "'ſ", "'ſ", "'x", "'", "''", "’s", "'rE", "'vE", "'lL", "'e"], 5),
    "whitespace": (["\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\xa0", "\u1680", "\u2000", "\u2003",
                    "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\n\n", "  ", "\t\t",
                    " \n", "\r\n\r\n"], 7),
    "not_whitespace": (["\x1c", "\x1d", "\x1e", "\x1f", "\u180e", "\u200b", "\ufeff", "\u2060", "\x00", "\x7f",
                        "\x01"], 2),
    "hiragana": (r(0x3041, 0x3096), 6),
    "katakana": (r(0x30A1, 0x30FA) + ["ー", "・"], 4),
    "halfwidth_kana": (r(0xFF66, 0xFF9F), 1),
    "kanji": ([chr(c) for c in range(0x4E00, 0x9FFF, 7)] + list("日本語東京桜花写真女性公園満開微笑着物風景"), 6),
    "cjk_punct": (list("、。「」『』（）！？：；〜…【】〈〉《》") + r(0x3001, 0x3003), 3),
    "fullwidth_ascii": (r(0xFF01, 0xFF5E), 2),
    "dakuten": (["\u3099", "\u309a", "か\u3099", "ハ\u309a"], 1),
    "cyrillic": (r(0x0410, 0x044F) + ["ё", "Ё", "ї", "і"], 3),
    "greek": (r(0x0391, 0x03A9) + r(0x03B1, 0x03C9) + ["ς", "ΐ"], 2),
    "arabic": (r(0x0621, 0x064A) + r(0x064B, 0x0652) + ["،", "؟", "ـ"], 3),
    "hebrew": (r(0x05D0, 0x05EA) + r(0x05B0, 0x05BC), 1),
    "devanagari": (r(0x0905, 0x0939) + r(0x093E, 0x094D) + ["\u0902", "\u0903", "।"], 3),
    "thai": (r(0x0E01, 0x0E2E) + ["\u0e31"] + r(0x0E34, 0x0E3A) + r(0x0E47, 0x0E4E) + ["ะ", "า", "ำ"], 3),
    "hangul": ([chr(c) for c in range(0xAC00, 0xD7A3, 37)] + r(0x1100, 0x1112), 2),
    "latin_ext": (list("éèêëüöäßøñçåæœłŁŒÆÅÇÑÖÜÉđĐšŠžŽıİﬁﬂ") + ["ǅ", "ǈ", "ǋ", "ǲ", "ſ", "K", "Å", "ẞ"], 3),
    "modifier": (["ʰ", "ˈ", "ʼ", "ˌ", "ʲ", "ᵃ", "ꜝ", "ˀ", "々", "ゝ", "ー"], 2),
    "combining": (r(0x0300, 0x036F) + ["\u20dd", "\u20e3", "\u0488", "\u1ab0", "\u1dc0"], 3),
    "variation": (["\ufe0f", "\ufe0e", "\u200d", "\u200c", "\U000e0100"], 2),
    "number_other": (r(0x0660, 0x0669) + r(0x06F0, 0x06F9) + r(0x0966, 0x096F) + r(0x0E50, 0x0E59) +
                     r(0xFF10, 0xFF19) + list("¹²³⁴⁵⁰₀₁₂₉½¼¾⅓⅞⅐") + r(0x2160, 0x2188) + r(0x2460, 0x2473) +
                     ["〇", "〡", "〩", "\U0001d7ce", "\U0001d7ff", "\U00010107", "\U0001f100", "一", "二", "十",
                      "百", "万"], 5),
    "emoji": (r(0x1F600, 0x1F64F) + ["❤️", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇯🇵", "🇺🇸", "1️⃣", "#️⃣", "🧑🏿‍🚀",
                                      "✨", "☀️", "⭐", "🎉", "🫠", "🪿", "🏻", "🏿", "\U0001f1e6", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"], 4),
    "symbol": (list("€£¥©®™→←↑↓∑∫√∞≠≤≥±×÷°§¶•…‰′″‹›«»¿¡♥★☆♪☎✓✗") + ["\ufffd", "\u00ad"], 3),
    "astral_letter": (["\U00020000", "\U0002a6d6", "\U0001d400", "\U0001d41a", "\U00010400", "\U00010428",
                       "\U0001e900", "\U0001e922", "\U00016f00", "\U00010d4a"], 1),
    # Unicode 16.0 letters/marks/digits (classified by tiktoken's tables) and 17.0 ones (still unassigned there)
    "recent_unicode": (["\u1c89", "\u1c8a", "\U00010d40", "\u0897", "\U000105c0", "\U00016d40", "\u088f", "\u0c5c",
                        "\ua7ce", "\ua7cf", "\U00011de0", "\U00016ff4", "\u1acf", "\ua7f1", "\U00033478"], 1),
    "private_unassigned": (["\ue000", "\uf8ff", "\U000f0000", "\U0010fffd", "\u0378", "\u0379", "\ufdd0", "\uffff",
                            "\U0002fffe", "\U000e0001", "\U000e007f", "\U00030000", "\U0003134a"], 2),
}

WORDS = (
    "the a of and photo portrait of woman man cat dog city street night neon light cinematic 4k 8k ultra "
    "detailed highly realistic style watercolor oil painting anime by artist trending on artstation "
    "Hello World HELLO WORLD McDonald iPhone JavaScript camelCase snake_case kebab-case URL HTTPS "
    "don't can't won't I'm you're we've they'll she'd IT'S DON'T WE'VE O'Brien rock'n'roll "
    "桜 の 花 が 満開 公園 で 着物 を 着た 女性 微笑んでいる 写真 東京 夜景 ネオン 猫 犬 カメラ "
    "こんにちは 世界 ありがとう ございます プロンプト 高画質 背景 ぼかし "
    "Привет мир Москва καλημέρα κόσμε مرحبا بالعالم שלום नमस्ते दुनिया สวัสดี ครับ 안녕하세요 세계 "
    "1 12 123 1234 12345 3.14 1,000,000 2026-08-01 10:30 50% $19.99 #hashtag @user "
    "-- --- ... !!! ??? /usr/local/bin https://example.com/a/b?c=d&e=f <div> </div> {\"k\": [1, 2]} "
    "<|endoftext|> <|endofprompt|> <|fim_prefix|>"
).split(" ")
SEPARATORS = [" ", " ", " ", " ", "", "", "\n", "\r\n", "\t", "  ", "、", "。", ", ", ". ", "\u3000", "\xa0", "/",
              "\n\n", " \n", "'", "-", "_"]

LONG_SOURCES = {
    "long_japanese": list("桜の花が満開の公園で着物を着た女性が微笑んでいる写真東京夜景ネオンと雨に濡れた街並み"
                          "高画質で繊細な光と影柔らかい背景ぼかし") + r(0x3041, 0x3093) + r(0x30A1, 0x30F3),
    "long_hiragana": r(0x3041, 0x3093),
    "long_kanji": [chr(c) for c in range(0x4E00, 0x9FFF, 13)],
    "long_latin": r(0x61, 0x7A),
    "long_mixed_case": r(0x61, 0x7A) + r(0x41, 0x5A),
    "long_digits": r(0x30, 0x39) + ["٣", "５", "²"],
    "long_emoji": r(0x1F600, 0x1F64F) + ["❤️", "👍🏽", "👨‍👩‍👧"],
    "long_whitespace": [" ", " ", " ", "\n", "\t", "\u3000", "\r\n"],
    "long_symbols": list("!@#$%^&*()-=+[]{};:,.<>?/|~`★→…"),
    "long_thai": r(0x0E01, 0x0E2E) + ["\u0e31", "\u0e34", "\u0e35", "\u0e48", "\u0e49", "า", "ำ"],
    "long_devanagari": r(0x0915, 0x0939) + r(0x093E, 0x094C) + ["\u0902"],
    "long_hangul": [chr(c) for c in range(0xAC00, 0xD7A3, 11)],
    "long_cyrillic": r(0x0430, 0x044F),
    "long_arabic": r(0x0621, 0x064A) + r(0x064B, 0x0650),
    "long_marks": ["a", "e", "\u0301", "\u0300", "\u0308", "\u3099", "か"],
    "long_mixed_ja_en": list("桜の花が満開の公園で") + r(0x61, 0x7A) + r(0x41, 0x5A),
}


# Code points first assigned in Unicode 17.0. tiktoken 0.14.0's Rust regex tables are Unicode 16.0 (these are
# unassigned there), while the Python `regex` module used for "pieces" knows 17.0, so its split of a text that
# contains one of them is not tiktoken's: such rows get "pieces": null (their ids are still tiktoken's).
UNICODE_17 = {"\u088f", "\u0c5c", "\ua7ce", "\ua7cf", "\U00011de0", "\U00016ff4", "\u1acf", "\ua7f1", "\U00033478"}


def random_chars(rng, names, weights):
    n = rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32])
    out = []
    for _ in range(n):
        pool = POOLS[rng.choices(names, weights)[0]][0]
        out.append(rng.choice(pool))
    return "".join(out)


def random_words(rng, names, weights):
    n = rng.randint(1, 12)
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.7:
            w = rng.choice(WORDS)
            case = rng.random()
            if case < 0.1:
                w = w.upper()
            elif case < 0.2:
                w = w.capitalize()
            out.append(w)
        else:
            out.append(random_chars(rng, names, weights)[:4])
        out.append(rng.choice(SEPARATORS))
    if rng.random() < 0.5:
        out.pop()
    return "".join(out)


def long_run(rng, source, length):
    pool = LONG_SOURCES[source]
    return "".join(rng.choice(pool) for _ in range(length))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--seed", type=int, default=20260801)
    ap.add_argument("--random", type=int, default=2400)
    ap.add_argument("--long", type=int, default=48)
    ap.add_argument("--no-pieces", action="store_true")
    args = ap.parse_args()

    enc = tiktoken.get_encoding("o200k_base")
    pat = regex.compile(enc._pat_str)
    rng = random.Random(args.seed)
    names = list(POOLS)
    weights = [POOLS[n][1] for n in names]

    rows = []  # (category, text)
    seen = set()

    def add(category, text):
        if text not in seen:
            seen.add(text)
            rows.append((category, text))

    for i in range(args.random):
        kind = rng.random()
        if kind < 0.55:
            add("fuzz_chars", random_chars(rng, names, weights))
        elif kind < 0.9:
            add("fuzz_words", random_words(rng, names, weights))
        else:  # a few pools only, to stress one area at a time
            k = rng.randint(1, 3)
            sub = rng.sample(names, k)
            add("fuzz_focus", random_chars(rng, sub, [1] * k))

    sources = list(LONG_SOURCES)
    for i in range(args.long):
        source = sources[i % len(sources)]
        length = rng.choice([100, 150, 300, 600, 1200]) if i >= len(sources) else 400
        add(source, long_run(rng, source, length))

    # The worst case: a 32,000-character unbroken Japanese prompt (one ~96 KB piece).
    add("long_japanese_32k", long_run(rng, "long_japanese", 32000))

    texts = [t for _, t in rows]
    all_ids = enc.encode_ordinary_batch(texts)
    counters = {}
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        for (category, text), ids in zip(rows, all_ids):
            pieces = None if any(c in UNICODE_17 for c in text) else pat.findall(text)
            if pieces is not None and [x for p in pieces for x in enc.encode_ordinary(p)] != ids:
                sys.exit(f"pieces do not re-encode to the ids for {text!r}")
            counters[category] = counters.get(category, 0) + 1
            row = {"id": f"{category}_{counters[category]:05d}", "category": category, "text": text,
                   "count": len(ids), "ids": ids}
            if not args.no_pieces:
                row["pieces"] = pieces
            row.update(utf8_bytes=len(text.encode("utf-8")), scalars=len(text))
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} vectors written to {args.output} (tiktoken {tiktoken.__version__}, seed {args.seed})")


if __name__ == "__main__":
    main()
