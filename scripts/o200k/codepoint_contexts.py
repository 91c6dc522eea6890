#!/usr/bin/env python3
"""Oracle ids for every code point of planes 0-3 and 14 (and a sample of the others) in 10 short contexts.

A per-code-point conformance check of the pre-tokenizer's Unicode classes (letters, marks, numbers, White_Space)
against tiktoken's Rust regex tables. Output lines: "<hex code point>\t<context index>\t<comma-separated ids>".
The Swift side (Benchmarks: `swift run -c release O200kOracleCheck codepoints FILE`) rebuilds the same texts.

usage: TIKTOKEN_CACHE_DIR=... python codepoint_contexts.py OUT.tsv
"""
import sys

import tiktoken

# Keep in sync with CONTEXTS in Benchmarks/Sources/O200kOracleCheck/main.swift ("{c}" is the code point).
CONTEXTS = ["a{c}b", "A{c}a", " {c}1", "1{c}2", "{c}'s x", "x {c}  y", "!{c}!", "{c}{c}\n", "\u3000{c}", "{c}a"]


def code_points():
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        plane = cp >> 16
        if plane in (0, 1, 2, 3, 14) or cp % 257 == 0:
            yield cp


def main():
    enc = tiktoken.get_encoding("o200k_base")
    out = open(sys.argv[1], "w", encoding="utf-8")
    batch = []

    def flush():
        texts = [t for _, _, t in batch]
        for (cp, k, _), ids in zip(batch, enc.encode_ordinary_batch(texts, num_threads=2)):
            out.write(f"{cp:x}\t{k}\t{','.join(map(str, ids))}\n")
        batch.clear()

    for cp in code_points():
        c = chr(cp)
        for k, ctx in enumerate(CONTEXTS):
            batch.append((cp, k, ctx.replace("{c}", c)))
        if len(batch) >= 100000:
            flush()
    flush()
    out.close()


if __name__ == "__main__":
    main()
