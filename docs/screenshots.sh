#!/usr/bin/env bash
# Makes the README's screenshots of the HTML reports from the axios scenario:
#   docs/img/verify-report.png   trustlock verify --format html (compromised lockfile)
#   docs/img/explain-axios.png   trustlock explain axios --format html
# Needs a build (bin/trustlock builds one) and Chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshots.sh: no Chromium on PATH (apt-get install chromium)" >&2; exit 2; }
S=testdata/scenarios/axios-2026-03-31
trust=(--snapshot "$S/snapshot" --trusted-root "$S/snapshot/trust/trusted_root.json" --npm-keys "$S/snapshot/trust/keys.json")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fixed time, so that the pages (and so the images) do not change from run to run.
export SOURCE_DATE_EPOCH=1774926000
bin/trustlock verify "$S/compromised" "${trust[@]}" --format html -o "$work/verify.html" -q || [ $? -eq 1 ]
bin/trustlock explain axios "${trust[@]}" --format html -o "$work/explain.html"
shot() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1280,"$2" --screenshot="$3" "file://$work/$1" 2>/dev/null
  echo "wrote $3"
}
shot verify.html 1100 docs/img/verify-report.png
shot explain.html 760 docs/img/explain-axios.png
