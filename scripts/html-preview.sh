#!/usr/bin/env bash
# Renders an imagecost HTML report the way a reviewer sees it: a 1280-px-wide screenshot and an A4 PDF, with
# headless Chromium (`apt-get install chromium`; `pdfinfo` from poppler-utils reports the page count and size).
#
#     scripts/html-preview.sh reports/spring-campaign.html /tmp/preview
#
# writes /tmp/preview.png and /tmp/preview.pdf and prints the PDF's page count and size. Look at both: no table
# should scroll or be cut at 1280 px, and the PDF should print every table whole, on A4, without scroll boxes.
set -euo pipefail
html=$(realpath "$1")
out=${2:-/tmp/imagecost-preview}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "html-preview: install chromium (apt-get install -y chromium)" >&2; exit 1; }
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars)
timeout 120 "$browser" "${flags[@]}" --window-size=1280,3200 --screenshot="$out.png" "file://$html" 2>/dev/null
timeout 120 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out.pdf" "file://$html" 2>/dev/null
echo "wrote $out.png and $out.pdf"
if command -v pdfinfo >/dev/null; then pdfinfo "$out.pdf" | grep -E '^(Pages|Page size):'; fi
