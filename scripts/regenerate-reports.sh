#!/usr/bin/env bash
# Rebuilds imagecost and rewrites every bundled report listed in reports/examples.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release
bin=.build/release/imagecost
grep -v '^#' reports/examples.tsv | while IFS=$'\t' read -r file args; do
  [ -n "$file" ] || continue
  # shellcheck disable=SC2086
  IMAGECOST_TODAY=2026-11-24 "$bin" $args > "reports/$file"
  echo "wrote reports/$file"
done
