#!/usr/bin/env python3
"""An independent calculator for request logs: what a replay should total, computed from usage x rates.

Usage:
    scripts/replay-calculator.py LOG [--pricing DIR]

Reads the price book's YAML (PyYAML) and the log (json.loads, one record per line) without any of
imagecost's code, and prints JSON: records read, duplicates, and per (month, model, quality, size) the
requests, images and cost in nano-dollars, plus the unpriced and unbilled counts. Covered: records priced
from their usage (text/image input, image/text output; output without details split by the model's
token table when the model also emits text), per-image DALL-E records, failed calls without usage
(unbilled) and unknown models (unpriced). Records that would need an estimate (a successful token-priced
call without usage) are counted in "not_computed". Rounding: half-even to the nano-dollar per component.
"""

import argparse
import datetime
import hashlib
import json
import os
import sys
from decimal import Decimal

import yaml

COMPONENTS = ["text_input", "image_input", "image_output", "text_output"]
UNIT_BLOCK = {"1M tokens": 1_000_000, "1K tokens": 1_000, "image": 1, "100 images": 100}


def nanos(amount):
    """A YAML amount in dollars as exact nano-dollars."""
    value = Decimal(str(amount)) * 1_000_000_000
    assert value == value.to_integral_value(), amount
    return int(value)


def half_even(numerator, denominator):
    quotient, remainder = divmod(numerator, denominator)
    if 2 * remainder > denominator or (2 * remainder == denominator and quotient % 2 == 1):
        quotient += 1
    return quotient


class Book:
    def __init__(self, directory):
        def load(name):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                return yaml.safe_load(f) or {}

        self.rates, self.unmetered = [], []
        for name in sorted(os.listdir(directory)):
            if name.endswith(".yaml"):
                data = load(name)
                self.rates += data.get("rates", []) if isinstance(data.get("rates"), list) else []
                self.unmetered += data.get("unmetered", []) if isinstance(data.get("unmetered"), list) else []
        models = load("models.yaml")["models"]
        rules = load("token-rules.yaml")["token_rules"]
        self.models = {}
        for name, spec in models.items():
            self.models[name] = spec
            for alias in spec.get("aliases", []) or []:
                self.models[alias] = spec
        self.tables = rules.get("output_tables", {})
        self.formulas = rules.get("output_formulas", {})

    def row_matches(self, row, provider, deployment, region, model, day):
        if row.get("provider") != provider or row.get("deployment_type") != deployment or row.get("model") != model:
            return False
        if "regions" in row and region not in row["regions"]:
            return False
        return str(row["effective_from"]) <= day

    def token_rate(self, provider, deployment, region, model, day, component):
        """(nanos, block) of the latest row with the component, 0 for an unmetered one, None without one."""
        best = None
        for row in self.rates:
            if component in (row.get("prices") or {}) and self.row_matches(row, provider, deployment, region, model, day):
                if best is None or str(row["effective_from"]) > str(best["effective_from"]):
                    best = row
        if best is not None:
            return nanos(best["prices"][component]), UNIT_BLOCK[best["unit"]]
        for row in self.unmetered:
            if row.get("component") == component and self.row_matches(row, provider, deployment, region, model, day):
                return 0, 1
        return None

    def image_rate(self, provider, deployment, region, model, day, quality, size):
        best = None
        for row in self.rates:
            if "images" in row and self.row_matches(row, provider, deployment, region, model, day):
                if best is None or str(row["effective_from"]) > str(best["effective_from"]):
                    best = row
        if best is None:
            return None
        amount = (best["images"].get(quality) or {}).get(size)
        return None if amount is None else (nanos(amount), UNIT_BLOCK[best["unit"]])

    def image_tokens(self, model, quality, size):
        """The token table's (or formula's) output tokens of one image; None when it has none."""
        rule = (self.models[model].get("tokens") or {}).get("output")
        if size is None or size == "auto":
            return None
        if rule in self.tables:
            return (self.tables[rule]["cells"].get(quality) or {}).get(size)
        if rule in self.formulas:
            f = self.formulas[rule]
            q = f["quality_factors"].get(quality)
            if q is None:
                return None
            width, height = (int(x) for x in size.split("x"))
            short, long = min(width, height), max(width, height)
            s = (2 * q * short + long) // (2 * long)
            return -(-(q * s * (f["area_offset"] + width * height)) // f["area_divisor"])
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--pricing", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pricing"))
    args = parser.parse_args()
    book = Book(args.pricing)
    seen = set()
    groups = {}
    result = {"records": 0, "duplicates": 0, "unpriced_requests": 0, "unbilled_requests": 0, "not_computed": 0, "total_nanos": 0}
    with open(args.log, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\n").rstrip(b"\r")
            if not line.strip(b" \t"):
                continue
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            record = json.loads(line)
            result["records"] += 1
            rid = record.get("id") or "sha256:" + hashlib.sha256(line).hexdigest()
            if rid in seen:
                result["duplicates"] += 1
                continue
            seen.add(rid)
            if record.get("time"):
                day = record["time"][:10]
            else:
                day = datetime.datetime.fromtimestamp(record["created"], datetime.timezone.utc).strftime("%Y-%m-%d")
            model, quality, size = record.get("model"), record.get("quality"), record.get("size")
            provider, deployment, region = record.get("provider"), record.get("deployment_type"), record.get("region")
            n = record.get("n") or 1
            # Grouped as imagecost names them: a missing quality, or a size missing or "auto", is "default".
            key = "|".join([day[:7], model, quality or "default", size if size not in (None, "auto") else "default"])
            group = groups.setdefault(key, {"requests": 0, "images": 0, "cost_nanos": 0, "unpriced_requests": 0})
            group["requests"] += 1
            group["images"] += n
            usage, status = record.get("usage"), record.get("status")
            cost = 0
            if usage is None and status is not None and not 200 <= status < 300:
                result["unbilled_requests"] += 1  # a failed call, whatever its model
            elif model not in book.models:
                group["unpriced_requests"] += 1
                result["unpriced_requests"] += 1
            elif usage is not None:
                details_in = usage.get("input_tokens_details") or {}
                details_out = usage.get("output_tokens_details") or {}
                image_in = details_in.get("image_tokens") or 0
                tokens = {"text_input": details_in.get("text_tokens", usage["input_tokens"] - image_in), "image_input": image_in}
                if details_out.get("image_tokens") is not None:
                    tokens["image_output"] = details_out["image_tokens"]
                    tokens["text_output"] = details_out.get("text_tokens", usage["output_tokens"] - details_out["image_tokens"])
                elif "text_output" in (book.models[model].get("tokens") or {}):
                    per_image = book.image_tokens(model, quality, size)
                    tokens["image_output"] = min(per_image * n, usage["output_tokens"])
                    tokens["text_output"] = usage["output_tokens"] - tokens["image_output"]
                else:
                    tokens["image_output"], tokens["text_output"] = usage["output_tokens"], 0
                for component in COMPONENTS:
                    if tokens[component] == 0:
                        continue
                    rate = book.token_rate(provider, deployment, region, model, day, component)
                    if rate is None:
                        raise SystemExit(f"no {component} rate for {provider}/{deployment}/{model} on {day}: {line[:120]!r}")
                    cost += half_even(tokens[component] * rate[0], rate[1])
            else:
                rate = book.image_rate(provider, deployment, region, model, day, quality, size)
                if rate is None:
                    result["not_computed"] += 1
                else:
                    cost = half_even(n * rate[0], rate[1])
            group["cost_nanos"] += cost
            result["total_nanos"] += cost
    result["groups"] = dict(sorted(groups.items()))
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
