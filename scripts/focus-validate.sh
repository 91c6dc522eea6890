#!/usr/bin/env bash
# Checks FOCUS CSV files with the FinOps Foundation's focus-validator (FOCUS 1.2 rules), installing it first
# when needed. Usage: scripts/focus-validate.sh [--install-only] FILE...
#
# focus-validator 2.2.1 needs Python 3.12 or later (Debian 12's python3 is 3.11), pyarrow below 20 next to the
# numpy 1.26 it resolves, and it opens focus_validator/rules/… relative to the working directory, so it runs
# from its site-packages folder. It exits 0 even when rules fail, so this script reads its "Fail: N" line.
# The virtual environment lives in $IMAGECOST_FOCUS_VENV (default ~/.cache/imagecost/focus-validator).
# Prints the failing rules of each file; exits 0 when no rule fails, 1 when one does, 2 when it cannot install.
set -euo pipefail
venv="${IMAGECOST_FOCUS_VENV:-$HOME/.cache/imagecost/focus-validator}"
install_only=false
if [ "${1:-}" = "--install-only" ]; then
  install_only=true
  shift
fi

# A Python 3.12 or later: on PATH, in pyenv, or Debian's python3.12 package when apt has one.
is_new_enough() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /opt/python*/bin/python3 \
    /usr/local/bin/python3.1[2-9]; do
    if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$venv/bin/focus-validator" ]; then
  python=$(find_python || true)
  if [ -z "$python" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update >/dev/null && apt-get install -y python3.12 python3.12-venv >/dev/null 2>&1 || true
    python=$(find_python || true)
  fi
  if [ -z "$python" ]; then
    echo "focus-validate: focus-validator needs Python 3.12 or later, and none was found (PATH, ~/.pyenv/versions, apt python3.12); install one and run again." >&2
    exit 2
  fi
  echo "focus-validate: installing focus-validator 2.2.1 with $python into $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'focus-validator==2.2.1' 'pyarrow<20' >&2
fi
site=$("$venv/bin/python" -c 'import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))')
if $install_only; then
  echo "focus-validate: focus-validator ready in $venv" >&2
  exit 0
fi

status=0
for file in "$@"; do
  path=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
  out=$(cd "$site" && "$venv/bin/focus-validator" --data-file "$path" --validate-version 1.2 --block-download 2>&1) || {
    echo "$file: focus-validator did not run:" >&2
    echo "$out" | tail -20 >&2
    status=1
    continue
  }
  summary=$(echo "$out" | grep -m1 -E '^Total: [0-9]+ \| Pass: [0-9]+ \| Fail: [0-9]+' || true)
  if [ -z "$summary" ]; then
    echo "$file: focus-validator printed no summary:" >&2
    echo "$out" | tail -20 >&2
    status=1
    continue
  fi
  echo "$file: FOCUS 1.2 — $summary"
  # A failed rule that is one alternative of an OR rule that passed (InvoiceId MUST be null without an invoice,
  # MUST NOT be null with one: one of the two always fails) is not a failure of the file.
  verdict=$(cd "$site" && echo "$out" | "$venv/bin/python" -c '
import glob, json, re, sys
model = json.load(open(sorted(glob.glob("focus_validator/rules/model-1.2*.json"))[-1]))["ModelRules"]
status = {}
for line in sys.stdin:
    m = re.match(r"^(\S+) (\S+): (PASS|FAIL|SKIPPED)", line)
    if m: status[m.group(2)] = m.group(3)
def alternatives(rule):
    req = rule.get("ValidationCriteria", {}).get("Requirement", {})
    if req.get("CheckFunction") != "OR": return []
    return [i.get("ModelRuleId") for i in req.get("Items", []) if i.get("CheckFunction") == "CheckModelRule"]
excused = {child: parent for parent, rule in model.items() if status.get(parent) == "PASS" for child in alternatives(rule)}
failed = [r for r, s in sorted(status.items()) if s == "FAIL"]
for r in failed:
    print(("excused " if r in excused else "failed ") + r + ((" (an alternative of " + excused[r] + ", which passed)") if r in excused else ""))
')
  echo "$verdict" | grep '^excused' | sed 's/^excused /  not counted: /' || true
  if echo "$verdict" | grep -q '^failed'; then
    echo "$verdict" | grep '^failed' | sed 's/^failed /  FAILED: /'
    echo "$out" | grep -E '^❌' | cut -c1-300
    status=1
  fi
done
exit $status
