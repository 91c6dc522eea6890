#!/usr/bin/env python3
"""Generates a large synthetic imagecost request log (JSONL) for benchmarks and load tests.

Usage:
    scripts/generate-request-log.py --records 1000000 --seed 7 > /tmp/requests.jsonl
    scripts/generate-request-log.py --records 1000000 --seed 7 --output /tmp/requests.jsonl
    scripts/generate-request-log.py --records 1000000 --seed 7 --variety --output /tmp/varied.jsonl

The same --seed, --records and mode always give the same bytes (Python 3 standard library only).

The default mode writes what imagecost itself would log, a month of traffic:
  - models gpt-image-1, gpt-image-1-mini, gpt-image-1.5 and dall-e-3 on Azure (global, datazone, regional)
    and OpenAI (standard, batch), with their own qualities and sizes;
  - generate and edit requests (edits carry input_images and sometimes input_fidelity);
  - most token-priced requests log the API's usage object (some with output_tokens_details, some without),
    ~10 % log no usage (priced by estimate);
  - ~2 % failed responses (HTTP 400/429/500) without usage;
  - tags (project, team), ~1 % duplicate request ids, an occasional unknown field and an occasional
    escaped string (so the scanner's fallback path is exercised too).
Timestamps run through the month given by --month (default 2026-10), in order.

--variety writes what other applications log instead (write_variety below): several
"apps", each with its own fixed key order, timestamp style, id style, whitespace and optional-field habits;
usage with and without its details objects, tags before or after usage or absent, edits with 1-3 input
images (the list sometimes after usage), n from 1 to 10, raw Images API responses (`created`, `data`,
`background`, `output_format`), prompts with escapes and non-ASCII text, floats and nested objects in fields
imagecost does not read, ~1 % repeated ids, some failed calls and unknown models, and the models of
2026-01 to 2026-11 on both providers, each only while its provider served it.
"""

import argparse
import json
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
    parser.add_argument("--variety", action="store_true", help="write what other applications log (2026-01 to 2026-11; --month is ignored)")
    args = parser.parse_args()

    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    if args.variety:
        write_variety(out, args.records, args.seed)
        if out is not sys.stdout:
            out.close()
        return
    rng = random.Random(args.seed)
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


# --variety ---------------------------------------------------------------------------------------------

V_FIRST_DAY = 20454  # 2026-01-01, days since 1970-01-01
V_DAYS = 334  # to 2026-11-30


def v_day(text):
    """Days since 1970-01-01 of YYYY-MM-DD."""
    year, month, day = (int(x) for x in text.split("-"))
    days_before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 - 719162 + days_before[month - 1] + (1 if leap and month > 2 else 0) + day - 1


def v_civil(days):
    """(year, month, day) of a day number (days since 1970-01-01)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


# Where and when each model was served: (provider, deployment_type, region or None, first day, last day).
# Days come from pricing/*.yaml (effective_from of the rates, retirements in models.yaml), so every
# successful call with usage is priced; gpt-image-2.5/2.6 have no Azure rates and 2.6 no Batch rates.
_OPENAI_BATCH = "2026-02-10"
V_PLACEMENTS = {
    "dall-e-2": [("openai", "standard", None, "2026-01-01", "2026-05-11")],
    "dall-e-3": [
        ("openai", "standard", None, "2026-01-01", "2026-05-11"),
        ("azure", "global", None, "2026-01-01", "2026-03-03"),
        ("azure", "regional", "swedencentral", "2026-01-01", "2026-03-03"),
        ("azure", "regional", "eastus", "2026-01-01", "2026-03-03"),
    ],
    "gpt-image-1": [
        ("openai", "standard", None, "2026-01-01", "2026-10-22"),
        ("openai", "batch", None, _OPENAI_BATCH, "2026-10-22"),
        ("azure", "global", None, "2026-01-01", "2026-10-22"),
        ("azure", "datazone", None, "2026-01-01", "2026-10-22"),
    ],
    "gpt-image-1-mini": [
        ("openai", "standard", None, "2026-01-01", "2026-11-30"),
        ("openai", "batch", None, _OPENAI_BATCH, "2026-11-30"),
        ("azure", "global", None, "2026-01-01", "2026-11-30"),
        ("azure", "datazone", None, "2026-01-01", "2026-11-30"),
        ("azure", "regional", "northeurope", "2026-06-01", "2026-11-30"),
    ],
    "gpt-image-1.5": [
        ("openai", "standard", None, "2026-01-01", "2026-11-30"),
        ("openai", "batch", None, _OPENAI_BATCH, "2026-11-30"),
        ("azure", "global", None, "2026-01-01", "2026-11-30"),
        ("azure", "datazone", None, "2026-01-01", "2026-11-30"),
    ],
    "gpt-image-2": [
        ("openai", "standard", None, "2026-04-21", "2026-11-30"),
        ("openai", "batch", None, "2026-04-21", "2026-11-30"),
        ("azure", "global", None, "2026-05-01", "2026-11-30"),
        ("azure", "datazone", None, "2026-05-01", "2026-11-30"),
        ("azure", "batch", None, "2026-05-01", "2026-11-30"),
        ("azure", "datazone-batch", None, "2026-05-01", "2026-11-30"),
    ],
    "gpt-image-2.5-flare": [("openai", "standard", None, "2026-09-08", "2026-11-30"), ("openai", "batch", None, "2026-09-08", "2026-11-30")],
    "gpt-image-2.5-sunburst": [("openai", "standard", None, "2026-09-08", "2026-11-30"), ("openai", "batch", None, "2026-09-08", "2026-11-30")],
    "gpt-image-2.6-flare": [("openai", "standard", None, "2026-11-04", "2026-11-30")],
    "gpt-image-2.6-sunburst": [("openai", "standard", None, "2026-11-04", "2026-11-30")],
}
V_MODEL_WEIGHTS = {
    "dall-e-2": 3, "dall-e-3": 6, "gpt-image-1": 30, "gpt-image-1-mini": 30, "gpt-image-1.5": 20, "gpt-image-2": 30,
    "gpt-image-2.5-flare": 10, "gpt-image-2.5-sunburst": 10, "gpt-image-2.6-flare": 8, "gpt-image-2.6-sunburst": 8,
}
V_GPT1_SIZES = ["1024x1024", "1536x1024", "1024x1536"]
V_GPT2_SIZES = ["1024x1024", "1536x1024", "1024x1536", "2048x1152", "1152x2048"]
V_N = ([1] * 60) + ([2] * 15) + ([3] * 5) + ([4] * 8) + [5, 5, 6, 6, 7, 8, 8, 9, 10, 10, 10, 10]
V_PROJECTS = ["spring", "social", "catalog", "ads", "internal", "onboarding"]
V_TEAMS = ["growth", "brand", "platform", "デザイン", "Équipe-créa"]
V_WORDS = ("a red bicycle leaning on a wall at dusk; product shot of a ceramic mug, soft light. poster: \"Summer Sale\" "
           "in bold type, 3:2 — 桜の花 満開の公園 with a café terrace, watercolour, line\\nbreak, tab\\tstop, "
           "50% off, <b>bold</b> & more, path C:\\\\img\\\\x.png").split(" ")


def v_output_tokens(model, quality, size):
    """Image output tokens per image: the gpt-image-1 table (pricing/token-rules.yaml, OpenAI's guide) or
    gpt-image-2's patch-area formula (used for 2.5/2.6 too, whose usage differs little)."""
    if model.startswith("gpt-image-1") or size == "auto":
        return OUTPUT_TOKENS[quality][size if size != "auto" else "1024x1024"]
    width, height = (int(x) for x in size.split("x"))
    q = {"low": 16, "medium": 48, "high": 96, "xhigh": 144}[quality]
    short, long = min(width, height), max(width, height)
    s = (2 * q * short + long) // (2 * long)
    return -(-(q * s * (2_000_000 + width * height)) // 4_000_000)


def v_string(text, ascii_only):
    return json.dumps(text, ensure_ascii=ascii_only)


class VarietyApp:
    """One application's logging habits: key order, separators, timestamp and id style, optional fields."""

    def __init__(self, name, weight, keys, usage_keys, detail_keys, sep, colon, time_style, id_style, providers,
                 in_details, out_details, ascii_only=False, crlf=False, prompt=0.0, edits=0.0):
        self.name, self.weight, self.keys, self.usage_keys, self.detail_keys = name, weight, keys, usage_keys, detail_keys
        self.sep, self.colon, self.time_style, self.id_style, self.providers = sep, colon, time_style, id_style, providers
        self.in_details, self.out_details, self.ascii_only, self.crlf = in_details, out_details, ascii_only, crlf
        self.prompt, self.edits = prompt, edits


_API_USAGE = ["input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens"]
V_APPS = [
    # imagecost's own order (many logs copy the README example).
    VarietyApp("readme-copy", 20,
               ["id", "time", "provider", "deployment_type", "region", "model", "operation", "size", "quality", "n", "input_images",
                "input_fidelity", "status", "tags", "usage"],
               _API_USAGE, ["text_tokens", "image_tokens"], ",", ":", "z", "seq", None, 0.9, 0.5, edits=0.15),
    # A TypeScript gateway: milliseconds, tags after usage, latency as a float, the user.
    VarietyApp("gateway-ts", 25,
               ["time", "id", "model", "provider", "deployment_type", "region", "size", "quality", "n", "operation", "input_images",
                "status", "usage", "tags", "latency_ms", "user"],
               _API_USAGE, ["text_tokens", "image_tokens"], ",", ":", "ms", "hex", None, 1.0, 0.6, edits=0.2),
    # A Python worker: json.dumps defaults (", " and ": ", ASCII escapes), the SDK's usage order, input
    # images and the timestamp after usage, the prompt logged.
    VarietyApp("python-worker", 20,
               ["id", "model", "operation", "quality", "size", "n", "prompt", "status", "usage", "input_images", "input_fidelity", "tags",
                "provider", "deployment_type", "time"],
               ["input_tokens", "input_tokens_details", "output_tokens", "total_tokens", "output_tokens_details"],
               ["image_tokens", "text_tokens"], ", ", ": ", "us", "uuid", None, 0.7, 0.3, ascii_only=True, prompt=0.8, edits=0.3),
    # An Azure batch exporter on Windows: CRLF, space-separated timestamps, usage without details, a nested
    # meta object, no tags.
    VarietyApp("azure-exporter", 15,
               ["provider", "deployment_type", "region", "model", "time", "id", "quality", "size", "n", "usage", "status", "meta"],
               ["total_tokens", "input_tokens", "output_tokens"], [], ",", ":", "space", "batch", ("azure",), 0.0, 0.0, crlf=True),
    # Raw Images API responses, with the request fields the application added.
    VarietyApp("raw-response", 10,
               ["created", "id", "background", "data", "output_format", "quality", "size", "usage", "model", "n", "provider",
                "deployment_type"],
               _API_USAGE, ["text_tokens", "image_tokens"], ",", ":", "unix", "optional", None, 1.0, 0.5),
]
V_APP_WEIGHTS = [app.weight for app in V_APPS]


def write_variety(out, records, seed):
    rng = random.Random(seed)
    models = list(V_MODEL_WEIGHTS)
    seconds = V_DAYS * 86400
    recent_ids = []
    lines = []
    for index in range(records):
        app = pick(rng, V_APPS, V_APP_WEIGHTS)
        second = index * seconds // max(records, 1) + (rng.randint(-20, 20) if app.name == "gateway-ts" else 0)
        second = min(max(second, 0), seconds - 1)
        day = V_FIRST_DAY + second // 86400
        # A model served that day (on the app's providers), then one of its placements.
        while True:
            model = pick(rng, models, [V_MODEL_WEIGHTS[m] for m in models])
            places = [p for p in V_PLACEMENTS[model] if v_day(p[3]) <= day <= v_day(p[4]) and (app.providers is None or p[0] in app.providers)
                      and (p[2] is None or "region" in app.keys)]
            if places:
                break
        provider, deployment, region, _, _ = rng.choice(places)
        dalle = model.startswith("dall-e")
        if dalle and app.name == "raw-response":
            app = V_APPS[0]
        unknown_model = not dalle and rng.random() < 0.004
        if unknown_model:
            model = rng.choice(["gpt-image-3-preview", "flux-1.1-pro"])
        if model == "dall-e-3":
            quality, size, n = rng.choice(["standard", "hd"]), rng.choice(["1024x1024", "1792x1024", "1024x1792"]), 1
        elif model == "dall-e-2":
            quality, size, n = "standard", rng.choice(["256x256", "512x512", "1024x1024"]), rng.choice([1, 1, 2, 4])
        elif model.startswith("gpt-image-1") or model in ("gpt-image-3-preview", "flux-1.1-pro"):
            quality, n = rng.choice(["low", "medium", "high"]), rng.choice(V_N)
            size = rng.choice(V_GPT1_SIZES + (["auto"] if model in ("gpt-image-1", "gpt-image-1-mini") else []))
        else:
            quality, size, n = rng.choice(["low", "medium", "high"] + (["xhigh"] if model.startswith("gpt-image-2.") else [])), rng.choice(V_GPT2_SIZES), rng.choice(V_N)
        edit = not dalle and rng.random() < app.edits
        inputs = [rng.choice([(1024, 1024), (1536, 1024), (1024, 1536), (512, 512), (2048, 2048)]) for _ in range(rng.randint(1, 3))] if edit else []
        fidelity = None
        if edit and rng.random() < 0.4 and model in ("gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini"):
            fidelity = rng.choice(["high", "low"]) if model != "gpt-image-1-mini" else "low"
        status = 200
        roll = rng.random()
        if app.name != "raw-response" and roll < 0.02:
            status = rng.choice([400, 429, 500, 503])
        # Usage: what the API returned (none for DALL·E or failed calls).
        usage = None
        if status == 200 and not dalle:
            text_in = rng.randint(5, 600)
            image_in = sum(rng.randint(190, 6600) for _ in inputs)
            image_out = v_output_tokens(model, quality, size) * n
            text_out = rng.randint(0, 500) if model == "gpt-image-1.5" else 0
            usage = (text_in, image_in, image_out, text_out)
        # The line.
        ts = {
            "z": lambda: "%04d-%02d-%02dT%02d:%02d:%02dZ" % (*v_civil(day), second % 86400 // 3600, second % 3600 // 60, second % 60),
            "ms": lambda: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (*v_civil(day), second % 86400 // 3600, second % 3600 // 60, second % 60, rng.randint(0, 999)),
            "us": lambda: "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00" % (*v_civil(day), second % 86400 // 3600, second % 3600 // 60, second % 60, rng.randint(0, 999999)),
            "space": lambda: "%04d-%02d-%02d %02d:%02d:%02d" % (*v_civil(day), second % 86400 // 3600, second % 3600 // 60, second % 60),
        }
        if recent_ids and app.id_style != "optional" and rng.random() < 0.01:
            request_id = rng.choice(recent_ids)  # a retry or a line logged twice
        elif app.id_style == "seq":
            request_id = f"req_{index:08d}"
        elif app.id_style == "hex":
            request_id = "req_%024x" % rng.getrandbits(96)
        elif app.id_style == "uuid":
            h = "%032x" % rng.getrandbits(128)
            request_id = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
        elif app.id_style == "batch":
            request_id = f"batch_{index // 1000:05d}-{index % 1000:03d}"
        else:
            request_id = f"resp_{index:09d}" if rng.random() < 0.6 else None
        if request_id is not None and app.id_style != "optional":
            recent_ids.append(request_id)
            if len(recent_ids) > 64:
                recent_ids.pop(0)
        c = app.colon
        parts = []
        for key in app.keys:
            value = None
            if key == "id":
                value = None if request_id is None else f'"{request_id}"'
            elif key == "time":
                value = '"' + ts[app.time_style]() + '"'
            elif key == "created":
                value = str(day * 86400 + second % 86400)
            elif key == "provider":
                value = f'"{provider}"'
            elif key == "deployment_type":
                value = f'"{deployment}"'
            elif key == "region":
                value = f'"{region}"' if region else None
            elif key == "model":
                value = f'"{model}"'
            elif key == "operation":
                value = '"edit"' if edit else ('"generate"' if rng.random() < 0.5 else None)
            elif key == "size":
                value = f'"{size}"'
            elif key == "quality":
                value = f'"{quality}"'
            elif key == "n":
                value = str(n) if n > 1 or rng.random() < 0.7 else None
            elif key == "input_images":
                if inputs:
                    value = "[" + app.sep.join("{" + f'"width"{c}{w}{app.sep}"height"{c}{h}' + "}" for w, h in inputs) + "]"
            elif key == "input_fidelity":
                value = f'"{fidelity}"' if fidelity else None
            elif key == "status":
                value = str(status) if status != 200 or rng.random() < 0.8 else None
            elif key == "tags":
                r = rng.random()
                if r < 0.7:
                    tags = {"project": rng.choice(V_PROJECTS), "team": rng.choice(V_TEAMS)}
                    value = "{" + app.sep.join(f"{v_string(k, app.ascii_only)}{c}{v_string(v, app.ascii_only)}" for k, v in tags.items()) + "}"
                elif r < 0.8:
                    value = "{}"
            elif key == "usage":
                if usage:
                    text_in, image_in, image_out, text_out = usage
                    fields = {"input_tokens": str(text_in + image_in), "output_tokens": str(image_out + text_out),
                              "total_tokens": str(text_in + image_in + image_out + text_out)}
                    if app.detail_keys and rng.random() < app.in_details:
                        d = {"text_tokens": text_in, "image_tokens": image_in}
                        fields["input_tokens_details"] = "{" + app.sep.join(f'"{k}"{c}{d[k]}' for k in app.detail_keys) + "}"
                    if app.detail_keys and rng.random() < app.out_details:
                        d = {"text_tokens": text_out, "image_tokens": image_out}
                        fields["output_tokens_details"] = "{" + app.sep.join(f'"{k}"{c}{d[k]}' for k in app.detail_keys) + "}"
                    value = "{" + app.sep.join(f'"{k}"{c}{fields[k]}' for k in app.usage_keys if k in fields) + "}"
                elif status != 200 and rng.random() < 0.3:
                    value = "null"
            elif key == "prompt":
                if rng.random() < app.prompt:
                    value = v_string(" ".join(rng.choice(V_WORDS) for _ in range(rng.randint(3, 18))), app.ascii_only)
            elif key == "latency_ms":
                value = "%d.%d" % (rng.randint(900, 60000), rng.randint(0, 9))
            elif key == "user":
                value = f'"user-{rng.randint(1, 5000)}"' if rng.random() < 0.5 else None
            elif key == "meta":
                value = "{" + f'"attempt"{c}{rng.randint(1, 3)},"queue"{c}"q{rng.randint(1, 8)}","labels"{c}["nightly","img"],"cost_center"{c}null' + "}"
            elif key == "background":
                value = '"opaque"' if rng.random() < 0.8 else '"transparent"'
            elif key == "output_format":
                value = rng.choice(['"png"', '"jpeg"', '"webp"'])
            elif key == "data":
                if rng.random() < 0.5:
                    value = "[" + ",".join('{"b64_json":"iVBORw0KGgo..."}' for _ in range(n)) + "]"
                else:
                    value = "[" + ",".join('{"url":"https:\\/\\/files.example.com\\/img\\/%d-%d.png","revised_prompt":null}' % (index, k) for k in range(n)) + "]"
            if value is not None:
                parts.append(f'"{key}"{c}{value}')
        if status != 200 and app.name == "gateway-ts":
            parts.append(f'"error"{c}' + "{" + f'"code"{c}"{rng.choice(["rate_limit_exceeded", "moderation_blocked", "server_error"])}","message"{c}"Request failed."' + "}")
        lines.append("{" + app.sep.join(parts) + "}" + ("\r\n" if app.crlf else "\n"))
        if len(lines) >= 10_000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


if __name__ == "__main__":
    main()
