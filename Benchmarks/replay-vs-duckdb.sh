#!/usr/bin/env bash
# Replay speed in one run, on the same files: `wc -l`, `imagecost replay` (release, the whole command) and
# DuckDB (Benchmarks/duckdb-replay.py: read_ndjson, first occurrence of each id, grouped by month, model,
# quality and size) on a canonical log (the generator's default mode) and a varied one (--variety).
#
#   Benchmarks/replay-vs-duckdb.sh [CANONICAL.jsonl VARIED.jsonl]
#
# Without paths, both logs (1M records, seed 7) are generated once into ${BENCH_DIR:-/tmp}. ROUNDS (default
# 5) rounds run the commands alternately; the table shows medians of wall time, CPU time (user + system)
# and peak RSS from /usr/bin/time, and the ratios of the issue. IMAGECOST (default .build/release/imagecost,
# built when missing) is the binary. Needs python3 and `pip install duckdb`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
imagecost=${IMAGECOST:-.build/release/imagecost}
[ -x "$imagecost" ] || swift build -c release --product imagecost
dir=${BENCH_DIR:-/tmp}
if [ $# -ge 2 ]; then
  canonical=$1 varied=$2
else
  canonical=$dir/imagecost-canonical-1000000-seed7.jsonl varied=$dir/imagecost-varied-1000000-seed7.jsonl
  [ -f "$canonical" ] || python3 scripts/generate-request-log.py --records 1000000 --seed 7 --output "$canonical"
  [ -f "$varied" ] || python3 scripts/generate-request-log.py --records 1000000 --seed 7 --variety --output "$varied"
fi
python3 -c 'import duckdb' 2>/dev/null || { echo "DuckDB is missing: pip install duckdb" >&2; exit 64; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One measurement: NAME then the command; appends "wall cpu rss_kb" to $out/NAME (wall to the microsecond
# from the shell's clock, CPU and peak RSS from /usr/bin/time).
measure() {
  local name=$1 start end
  shift
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  end=$EPOCHREALTIME
  awk -v wall="$(echo "$end - $start" | bc -l)" '{ printf "%.6f %.3f %s\n", wall, $1 + $2, $3 }' "$out/time" >>"$out/$name"
}

cat "$canonical" "$varied" >/dev/null  # into the page cache
for _ in $(seq "$rounds"); do
  for log in canonical varied; do
    file=${!log}
    measure "wc-$log" wc -l "$file"
    measure "imagecost-$log" "$imagecost" replay "$file" --by month,model,quality,size
    measure "duckdb-$log" python3 Benchmarks/duckdb-replay.py "$file"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stat() { awk -v c="$2" '{ print $c }' "$out/$1" | median; }
records() { wc -l <"$1" | tr -d ' '; }
printf '%-22s %9s %9s %9s %10s\n' "median of $rounds" "wall s" "CPU s" "RSS MiB" "records/s"
for log in canonical varied; do
  n=$(records "${!log}")
  for tool in wc imagecost duckdb; do
    name=$tool-$log
    wall=$(stat "$name" 1) cpu=$(stat "$name" 2) rss=$(stat "$name" 3)
    printf '%-22s %9.3f %9.3f %9.1f %10.0f\n' "$name" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)" "$(echo "$n / $wall" | bc -l)"
  done
done
nc=$(records "$canonical") nv=$(records "$varied")
ratio() { echo "$1 / $2" | bc -l; }
printf '\nvaried: imagecost / wc -l (wall)              %6.2f×  (target ≤ 10)\n' "$(ratio "$(stat imagecost-varied 1)" "$(stat wc-varied 1)")"
printf 'varied: records/s                             %9.0f  (target ≥ 2,000,000)\n' "$(ratio "$nv" "$(stat imagecost-varied 1)")"
printf 'CPU per record, varied / canonical            %6.2f×  (target ≤ 1.3)\n' \
  "$(echo "($(stat imagecost-varied 2) / $nv) / ($(stat imagecost-canonical 2) / $nc)" | bc -l)"
printf 'varied: peak RSS                              %6.1f MiB (target < 100 MB)\n' "$(echo "$(stat imagecost-varied 3) / 1024" | bc -l)"
printf 'varied: DuckDB / imagecost (wall)             %6.2f×  (target > 1)\n' "$(ratio "$(stat duckdb-varied 1)" "$(stat imagecost-varied 1)")"
printf 'canonical: DuckDB / imagecost (wall)          %6.2f×\n' "$(ratio "$(stat duckdb-canonical 1)" "$(stat imagecost-canonical 1)")"
