#!/usr/bin/env python3
"""Runs `imagecost sql --from-jsonl` on a real engine and compares it with `imagecost replay --format json`.

    engine_check.py --engine duckdb|spark --binary .build/debug/imagecost --log LOG.jsonl [--by month,model] [--date D]
    engine_check.py --varied-log OUT.jsonl --records N --seed S      # writes a log that exercises every rule

For each grouping it compares, group by group and in total: requests, images, cost (nano-dollars), unpriced
requests and images, coverage (priced / estimated / unbilled / unpriced) and each component's cost and quantity.
Exit 0 when everything is equal, 1 on a difference (each printed), 77 when the engine's Python module is missing.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import time
from decimal import Decimal

COMPONENTS = ["text_input", "cached_text_input", "image_input", "cached_image_input", "image_output", "text_output", "image"]
SKIP = 77


def nanos(text):
    return None if text is None else int(Decimal(text) * 1_000_000_000)


def replay_groups(binary, log, by, date, pricing):
    command = [binary, "replay", log, "--by", ",".join(by), "--format", "json"] + (["--price-date", date] if date else [])
    command += ["--pricing", pricing] if pricing else []
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

    def summary(group):
        coverage = group["coverage"]
        return {
            "requests": group["requests"],
            "images": group["images"],
            "cost": nanos(group["cost_usd"]),
            "unpriced_requests": group["unpriced_requests"],
            "unpriced_images": group["unpriced_images"],
            "priced": coverage["priced"],
            "estimated": coverage["estimated"],
            "unbilled": coverage["unbilled"],
            "unpriced": coverage["unpriced"],
            **{f"{c}_usd": nanos(group["components_usd"].get(c)) or 0 for c in COMPONENTS},
            **{f"{c}_quantity": group["tokens"].get(c, 0) for c in COMPONENTS},
        }

    groups = {tuple(g["key"][k if k != "deployment" else "deployment_type"] for k in by): summary(g) for g in report["groups"]}
    return groups, summary(report["totals"])


def group_query(by, month):
    # Replay's keys: the logged value, or "default" when the log has none.
    keys = {"month": month, "day": "CAST(day AS STRING)", "deployment": "COALESCE(deployment_type, 'default')"}
    keys.update({k: f"COALESCE({k}, 'default')" for k in ["quality", "size", "provider"]})
    select = [f"{keys.get(k, k)} AS k{i}" for i, k in enumerate(by)]
    measures = [
        "COUNT(*) AS requests",
        "SUM(n) AS images",
        "SUM(cost_nanos) AS cost",
        "SUM(cost_usd) AS cost_decimal",
        "SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END) AS unpriced_requests",
        "SUM(CASE WHEN cost_nanos IS NULL THEN n ELSE 0 END) AS unpriced_images",
        "SUM(CASE WHEN priced_from IN ('usage', 'images') THEN 1 ELSE 0 END) AS priced",
        "SUM(CASE WHEN priced_from = 'estimate' THEN 1 ELSE 0 END) AS estimated",
        "SUM(CASE WHEN priced_from = 'not_billed' THEN 1 ELSE 0 END) AS unbilled",
        "SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END) AS unpriced",
    ]
    measures += [f"COALESCE(SUM({c}_nanos), 0) AS {c}_usd" for c in COMPONENTS]
    measures += [f"COALESCE(SUM({c}_quantity), 0) AS {c}_quantity" for c in COMPONENTS]
    group = f" GROUP BY {', '.join(f'k{i}' for i in range(len(by)))}" if by else ""
    return f"SELECT {', '.join(select + measures)} FROM imagecost_priced_rows{group}", len(by)


def statements(script):
    return [s for s in re.split(r";\s*\n", script) if s.strip() and not all(l.startswith("--") for l in s.strip().splitlines())]


class DuckDB:
    month = "strftime(day, '%Y-%m')"

    def __init__(self):
        import duckdb

        self.con = duckdb.connect()
        # One thread: the test suite runs other suites (some timing-sensitive) beside this one.
        self.con.execute("SET threads = 1")

    def run(self, script):
        self.con.execute(script)

    def materialize(self):
        self.con.execute("CREATE OR REPLACE TABLE imagecost_priced_rows AS SELECT * FROM imagecost_priced")

    def rows(self, query):
        cursor = self.con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


class Spark:
    month = "date_format(day, 'yyyy-MM')"

    def __init__(self):
        from pyspark.sql import SparkSession

        self.spark = (
            SparkSession.builder.master("local[2]")
            .appName("imagecost-sql")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # The view compiles to one large projection: on logs this small, whole-stage code generation takes longer
            # to compile than the query takes to run (about 4× here).
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")

    def run(self, script):
        for statement in statements(script):
            self.spark.sql(statement)

    def materialize(self):
        self.spark.sql("UNCACHE TABLE IF EXISTS imagecost_priced_rows")
        self.spark.sql("DROP VIEW IF EXISTS imagecost_priced_rows")
        self.spark.sql("CACHE TABLE imagecost_priced_rows AS SELECT * FROM imagecost_priced")

    def rows(self, query):
        return [row.asDict() for row in self.spark.sql(query).collect()]


def compare(engine, args, log, by):
    groups, totals = replay_groups(args.binary, log, by, args.date, args.pricing)
    failures = []
    for grouping, expected in [(by, groups), ([], {(): totals})]:
        query, width = group_query(grouping, engine.month)
        found = {}
        for row in engine.rows(query):
            key = tuple(row[f"k{i}"] for i in range(width))
            decimal = row.pop("cost_decimal")
            found[key] = {k: (None if v is None else int(v)) for k, v in row.items() if not k.startswith("k")}
            # cost_usd, the DECIMAL(38,9), must say exactly what the nano-dollars say.
            if (None if decimal is None else nanos(str(decimal))) != found[key]["cost"]:
                failures.append(f"{','.join(grouping) or 'total'} {key}: cost_usd {decimal} is not {found[key]['cost']} nano-USD")
        for key in sorted(set(expected) | set(found), key=str):
            if expected.get(key) != found.get(key):
                e, f = expected.get(key) or {}, found.get(key) or {}
                diff = {k: (e.get(k), f.get(k)) for k in sorted(set(e) | set(f)) if e.get(k) != f.get(k)}
                failures.append(f"{','.join(grouping) or 'total'} {key}: replay vs sql {diff}")
    return failures, len(groups), totals


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["duckdb", "spark"])
    parser.add_argument("--binary")
    parser.add_argument("--log", action="append", help="request log (repeatable: each is loaded and compared in turn)")
    parser.add_argument("--pricing")
    parser.add_argument("--by", action="append", help="grouping (repeatable), e.g. month,model")
    parser.add_argument("--date")
    parser.add_argument("--varied-log")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.varied_log:
        write_varied_log(args.varied_log, args.records, args.seed)
        return 0
    try:
        engine = DuckDB() if args.engine == "duckdb" else Spark()
    except ImportError as error:
        print(f"skipped: the Python module for {args.engine} is missing ({error}); pip install {args.engine if args.engine == 'duckdb' else 'pyspark'}")
        return SKIP
    except Exception as error:  # Spark without a Java runtime
        print(f"skipped: {args.engine} could not start ({str(error).splitlines()[0] if str(error) else type(error).__name__}); is java installed?")
        return SKIP
    failures = []
    for log in args.log:
        command = [args.binary, "sql", "--dialect", args.engine, "--from-jsonl", log] + (["--date", args.date] if args.date else [])
        command += ["--pricing", args.pricing] if args.pricing else []
        script = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        started = time.monotonic()
        engine.run(script)
        engine.materialize()
        elapsed = time.monotonic() - started
        for by in args.by or ["month,model"]:
            found, count, totals = compare(engine, args, log, by.split(","))
            failures += found
            print(f"{args.engine} {log} by {by}: {count} groups, {totals['requests']} requests, cost {totals['cost']} nano-USD, "
                  f"{totals['unpriced_requests']} unpriced; {'equal' if not found else f'{len(found)} difference(s)'}")
        print(f"{args.engine} {log}: load + price {elapsed:.2f} s")
    for failure in failures[:40]:
        print("DIFF", failure)
    return 1 if failures else 0


# A log that exercises every rule replay applies: aliases and letter cases, unknown models, default provider,
# deployment type, quality and size, `auto`, arbitrary gpt-image-2 sizes (valid and not), n out of range, edits
# with inputs of every shape and fidelity, partial images, failed statuses, usage with and without details,
# regions, `created` instead of `time`, rate changes over three years, repeated ids with other content, no id.
MODELS = [
    "gpt-image-1", "GPT-Image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-1.5-2025-12-16", "gpt-image-2", "gpt-image-2-2026-04-21",
    "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst", "dall-e-3", "dall-e-2", "gpt-image-7",
]
FAMILY = {"dall-e-3": "dall-e-3", "dall-e-2": "dall-e-2", "gpt-image-2.5-flare": "2.x", "gpt-image-2.5-sunburst": "2.x",
          "gpt-image-2.6-flare": "2.x", "gpt-image-2.6-sunburst": "2.x", "gpt-image-2": "2", "gpt-image-2-2026-04-21": "2"}
# Per family, (places, qualities, sizes) usually logged: a place is (provider, deployment type, region), None for absent.
USUAL = {
    "1": ([(None, None, None), ("azure", "global", None), ("azure", "datazone", None), ("openai", "standard", None), ("openai", "batch", None),
           ("azure", "regional", "northeurope")],
          [None, "low", "medium", "high", "auto"], [None, "auto", "1024x1024", "1536x1024", "1024x1536"]),
    "2": ([(None, None, None), ("azure", "global", None), ("azure", "datazone", None), ("azure", "batch", None), ("azure", "datazone-batch", None),
           ("openai", "standard", None), ("openai", "batch", None), ("openai", None, None)],
          [None, "low", "medium", "high", "auto"], [None, "auto", "1024x1024", "2048x1152", "1280x720", "3840x2160", "1008x1008", "1536x1024"]),
    "2.x": ([("openai", "standard", None), ("openai", None, None), ("openai", "batch", None)],
            ["low", "medium", "high", "auto", "xhigh", "max"], [None, "1024x1024", "2048x1152", "1536x1024"]),
    "dall-e-3": ([("azure", "regional", "swedencentral"), ("azure", "regional", "eastus"), ("azure", "global", None), ("openai", "standard", None),
                  (None, None, None)],
                 [None, "standard", "hd"], [None, "1024x1024", "1792x1024", "1024x1792"]),
    "dall-e-2": ([("openai", "standard", None), ("azure", "regional", "eastus")], [None, "standard"], [None, "256x256", "512x512", "1024x1024"]),
}
PLACES = [(None, None, None), ("azure", "global", None), ("azure", "datazone", None), ("azure", "batch", None), ("azure", "regional", "northeurope"),
          ("azure", "regional", "swedencentral"), ("azure", "regional", "eastus"), ("azure", "regional", None), ("azure", "datazone-batch", None),
          ("openai", "standard", None), ("openai", "batch", None), ("openai", None, None), ("azure", "global", "westus2"), ("mystery", None, None)]
QUALITIES = [None, "low", "medium", "high", "auto", "standard", "hd", "xhigh", "max"]
SIZES = [None, "auto", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792", "512x512", "256x256", "2048x1152", "1280x720",
         "3840x2160", "1000x1000", "4096x4096", "1024x4000"]
INPUTS = [[(1024, 1024)], [(1536, 1024)], [(300, 200)], [(4000, 3000), (1024, 1025)], [(2048, 512)], [(64, 64)] * 3, [], [(800, 800)] * 17]


def write_varied_log(path, records, seed):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for index in range(records):
            fields = {}
            if rng.random() > 0.03:
                fields["id"] = f"v{index if rng.random() > 0.05 else rng.randrange(max(index, 1))}"
            day = rng.randrange(-400, 400) if rng.random() < 0.2 else rng.randrange(-100, 200)
            seconds = 1790000000 + day * 86400 + rng.randrange(86400)
            if rng.random() < 0.05:
                fields["created"] = seconds
            else:
                fields["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
            model = rng.choice(MODELS)
            places, qualities, sizes = USUAL[FAMILY.get(model, "1")]
            usual = rng.random() < 0.85
            provider, deployment, region = rng.choice(places if usual else PLACES)
            for key, value in (("provider", provider), ("deployment_type", deployment), ("region", region)):
                if value is not None:
                    fields[key] = value
            fields["model"] = model
            edit = rng.random() < 0.25
            if edit or rng.random() < 0.5:
                fields["operation"] = "edit" if edit else "generate"
            for key, choices in (("quality", qualities if usual else QUALITIES), ("size", sizes if usual else SIZES)):
                value = rng.choice(choices)
                if value is not None:
                    fields[key] = value
            n = rng.choice([None, 1, 1, 1, 2, 4] if usual else [3, 11])
            if n is not None:
                fields["n"] = n
            inputs = rng.choice(INPUTS[:5] if usual else INPUTS) if edit or rng.random() < 0.02 else []
            if inputs or (edit and rng.random() < 0.5):
                fields["input_images"] = [{"width": w, "height": h} for w, h in inputs]
            if rng.random() < (0.3 if edit else 0.03):
                fields["input_fidelity"] = rng.choice(["low", "high", "high", "medium"])
            if rng.random() < 0.2:
                fields["partial_images"] = rng.choice([0, 1, 2, 3, 4])
            status = rng.choice([None, 200, 200, 200, 201, 400, 429, 500] if rng.random() < 0.3 else [None, 200])
            if status is not None:
                fields["status"] = status
            if rng.random() < 0.5:
                fields["tags"] = {"project": rng.choice(["a", "b"])}
            if rng.random() < 0.6:
                text = rng.randrange(0, 500)
                image_in = rng.randrange(0, 9000) if edit else 0
                image_out = rng.randrange(0, 20000)
                text_out = rng.randrange(0, 700) if rng.random() < 0.5 else 0
                usage = {"input_tokens": text + image_in, "output_tokens": image_out + text_out}
                shape = rng.random()
                if shape < 0.7:
                    usage["input_tokens_details"] = {"text_tokens": text, "image_tokens": image_in}
                elif shape < 0.8:
                    usage["input_tokens_details"] = {"image_tokens": image_in}
                if rng.random() < 0.5:
                    details = {"image_tokens": image_out}
                    if rng.random() < 0.8:
                        details["text_tokens"] = text_out
                    usage["output_tokens_details"] = details
                usage["total_tokens"] = usage["input_tokens"] + usage["output_tokens"]
                fields["usage"] = usage
            keys = list(fields)
            if rng.random() < 0.3:
                rng.shuffle(keys)
            out.write(json.dumps({k: fields[k] for k in keys}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    sys.exit(main())
