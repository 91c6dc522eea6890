#!/usr/bin/env python3
"""What `imagecost replay LOG --by month,model,quality,size` does, in DuckDB: read a request log with
read_ndjson, keep each request id's first occurrence (a line without id counts on its own), and group by
month, model, quality and size, summing the requests, the images and a cost computed from usage
(list rates of gpt-image-2 per 1M tokens for every model: the same arithmetic work, not imagecost's
price book). Prints the number of groups and requests to stderr.

Usage: Benchmarks/duckdb-replay.py LOG   (pip install duckdb)
"""

import sys
import time

import duckdb

path = sys.argv[1]
started = time.time()
con = duckdb.connect()
q = f"""
WITH log AS (
  SELECT *, row_number() OVER () AS line
  FROM read_ndjson('{path.replace("'", "''")}', columns = {{
    id: 'VARCHAR', time: 'VARCHAR', created: 'BIGINT', model: 'VARCHAR', quality: 'VARCHAR', size: 'VARCHAR',
    n: 'BIGINT', status: 'BIGINT', provider: 'VARCHAR', deployment_type: 'VARCHAR',
    usage: 'STRUCT(input_tokens BIGINT, output_tokens BIGINT, input_tokens_details STRUCT(text_tokens BIGINT, image_tokens BIGINT), output_tokens_details STRUCT(text_tokens BIGINT, image_tokens BIGINT))'
  }})
), firsts AS (
  SELECT * FROM log QUALIFY row_number() OVER (PARTITION BY coalesce(id, 'line:' || line) ORDER BY line) = 1
)
SELECT coalesce(substr(time, 1, 7), strftime(to_timestamp(created), '%Y-%m')) AS month, model, quality, size,
  count(*) AS requests, sum(coalesce(n, 1)) AS images,
  sum(coalesce(usage.input_tokens_details.text_tokens, usage.input_tokens - coalesce(usage.input_tokens_details.image_tokens, 0)) * 5
    + coalesce(usage.input_tokens_details.image_tokens, 0) * 8
    + coalesce(usage.output_tokens_details.image_tokens, usage.output_tokens) * 30
    + coalesce(usage.output_tokens_details.text_tokens, 0) * 10) / 1e6 AS cost
FROM firsts GROUP BY ALL ORDER BY ALL
"""
rows = con.execute(q).fetchall()
print(f"{len(rows)} groups, {sum(r[4] for r in rows)} requests, {time.time() - started:.2f} s", file=sys.stderr)
