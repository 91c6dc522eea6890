#!/usr/bin/env python3
"""Generates a large synthetic imagecost request log (JSONL) for benchmarks and load tests.

Usage:
    scripts/generate-request-log.py --records 1000000 --seed 7 > /tmp/requests.jsonl
    scripts/generate-request-log.py --records 1000000 --seed 7 --output /tmp/requests.jsonl

The same --seed and --records always give the same bytes (Python 3 standard library only).
The mix is meant to look like a real month of traffic:
  - models gpt-image-1, gpt-image-1-mini, gpt-image-1.5 and dall-e-3 on Azure (global, datazone, regional)
    and OpenAI (standard, batch), with their own qualities and sizes;
  - generate and edit requests (edits carry input_images and sometimes input_fidelity);
  - most token-priced requests log the API's usage object (some with output_tokens_details, some without),
    ~10 % log no usage (priced by estimate);
  - ~2 % failed responses (HTTP 400/429/500) without usage;
  - tags (project, team), ~1 % duplicate request ids, an occasional unknown field and an occasional
    escaped string (so the scanner's fallback path is exercised too).
Timestamps run through the month given by --month (default 2026-10), in order.
"""

import argparse
import random
import sys

MODELS = [
    # (model, weight, qualities, sizes, token-priced, max n)
    ("gpt-image-1", 30, ["low", "medium", "high"], ["1024x1024", "1536x1024", "1024x1536"], True, 4),
    ("gpt-image-1-mini", 35, ["low", "medium", "high"], ["1024x1024", "1536x1024", "1024x1536"], True, 4),
    ("gpt-image-1.5", 25, ["low", "medium", "high"], ["1024x1024", "1536x1024", "1024x1536"], True, 4),
    ("dall-e-3", 10, ["standard", "hd"], ["1024x1024", "1792x1024", "1024x1792"], False, 1),
]
PLACEMENTS = [
    # (provider, deployment_type, region or None, weight)
    ("azure", "global", None, 50),
    ("azure", "datazone", None, 10),
    ("openai", "standard", None, 30),
    ("openai", "batch", None, 10),
]
OUTPUT_TOKENS = {
    "low": {"1024x1024": 272, "1024x1536": 408, "1536x1024": 400},
    "medium": {"1024x1024": 1056, "1024x1536": 1584, "1536x1024": 1568},
    "high": {"1024x1024": 4160, "1024x1536": 6240, "1536x1024": 6208},
}
PROJECTS = ["spring", "social", "catalog", "ads", "internal"]
TEAMS = ["growth", "brand", "platform"]


def pick(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--month", default="2026-10", help="YYYY-MM; timestamps spread over days 1-28")
    parser.add_argument("--output", help="file to write (default: stdout)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    model_weights = [m[1] for m in MODELS]
    placement_weights = [p[3] for p in PLACEMENTS]
    seconds_in_range = 28 * 86400
    lines = []
    for index in range(args.records):
        model, _, qualities, sizes, tokens, max_n = pick(rng, MODELS, model_weights)
        if model == "dall-e-3":
            provider, deployment, region = pick(rng, [("azure", "regional", "swedencentral"), ("openai", "standard", None)], [1, 1])
        else:
            provider, deployment, region, _ = pick(rng, PLACEMENTS, placement_weights)
        quality = rng.choice(qualities)
        size = rng.choice(sizes)
        n = 1 if max_n == 1 else pick(rng, [1, 2, 4], [80, 15, 5])
        edit = tokens and rng.random() < 0.15
        second = index * seconds_in_range // max(args.records, 1)
        day, rest = divmod(second, 86400)
        hour, rest = divmod(rest, 3600)
        minute, sec = divmod(rest, 60)
        time = f"{args.month}-{day + 1:02d}T{hour:02d}:{minute:02d}:{sec:02d}Z"
        request_id = f"req_{index:08d}" if rng.random() >= 0.01 or index == 0 else f"req_{index - 1:08d}"
        parts = [f'"id":"{request_id}"', f'"time":"{time}"', f'"provider":"{provider}"', f'"deployment_type":"{deployment}"']
        if region:
            parts.append(f'"region":"{region}"')
        parts += [f'"model":"{model}"', f'"operation":"{"edit" if edit else "generate"}"', f'"size":"{size}"']
        parts += [f'"quality":"{quality}"', f'"n":{n}']
        if edit:
            parts.append('"input_images":[{"width":1024,"height":1024}]')
            if model != "gpt-image-1-mini" and rng.random() < 0.5:
                parts.append('"input_fidelity":"high"')
        roll = rng.random()
        status = 200 if roll >= 0.02 else rng.choice([400, 429, 500])
        parts.append(f'"status":{status}')
        project = rng.choice(PROJECTS)
        if rng.random() < 0.001:
            project += '\\"beta\\"'  # an escaped quote: the scanner must fall back
        parts.append(f'"tags":{{"project":"{project}","team":"{rng.choice(TEAMS)}"}}')
        if status == 200 and tokens and rng.random() >= 0.10:
            text = rng.randint(8, 400)
            image_in = rng.randint(3000, 4400) if edit else 0
            image_out = OUTPUT_TOKENS[quality][size] * n
            text_out = rng.randint(0, 600) if model == "gpt-image-1.5" else 0
            usage = f'"input_tokens":{text + image_in},"input_tokens_details":{{"text_tokens":{text},"image_tokens":{image_in}}}'
            usage += f',"output_tokens":{image_out + text_out}'
            if rng.random() < 0.5:
                usage += f',"output_tokens_details":{{"image_tokens":{image_out},"text_tokens":{text_out}}}'
            usage += f',"total_tokens":{text + image_in + image_out + text_out}'
            parts.append(f'"usage":{{{usage}}}')
        if rng.random() < 0.001:
            parts.append('"trace_id":"t-%06d"' % rng.randint(0, 999_999))
        lines.append("{" + ",".join(parts) + "}\n")
        if len(lines) >= 10_000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
