#!/usr/bin/env python3
"""Times tiktoken 0.14.0 (the reference, Rust core) on the benchmark texts, single-threaded, for comparison
with the Swift benchmarks. Write the texts first:
  (cd Benchmarks && swift run -c release O200kOracleCheck corpus /tmp/o200k-corpus)
usage: TIKTOKEN_CACHE_DIR=... python bench_tiktoken.py /tmp/o200k-corpus
"""
import statistics
import sys
import time

import tiktoken

directory = sys.argv[1]
start = time.perf_counter()
enc = tiktoken.get_encoding("o200k_base")
enc.encode_ordinary("warm up")
print(f"tiktoken {tiktoken.__version__}: get_encoding + first encode {1000 * (time.perf_counter() - start):.1f} ms")

for name, repeats in [("typical_prompt.txt", 2000), ("unbroken_japanese_32k.txt", 10), ("mixed_corpus.txt", 10)]:
    text = open(f"{directory}/{name}", encoding="utf-8").read()
    size = len(text.encode("utf-8"))
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        n = len(enc.encode_ordinary(text))
        times.append(time.perf_counter() - t)
    median = statistics.median(times)
    print(f"{name}: {size} bytes, {n} tokens, median {median * 1e3:.3f} ms, p0 {min(times) * 1e3:.3f} ms, "
          f"{size / median / 1e6:.2f} MB/s")
