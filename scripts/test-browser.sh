#!/usr/bin/env bash
# Browser check of an encmap map page (map.html) with headless Chromium.
#
# Usage: scripts/test-browser.sh MAP_HTML [COUNT] [--id ID] [--expect ID] [--width W] [--colourbar] [--screenshot PNG]
#   COUNT  expected number of encoders; default: the records of coordinates.csv beside MAP_HTML.
#   --id   the encoder to search for; default: the first encoder of coordinates.csv (or of the page).
#   --expect  the id (as the page writes it) that the search must highlight; default: any encoder whose
#             id matches --id by encmap's id rule (the page's own check).
#   --width   the window width in px (default 1200; the height is 900).
#   --colourbar  require the legend's colour bar (a numeric colouring).
#   --screenshot  also save a PNG of the page (window W×800) with the --id search applied.
#
# Checks: the DOM has one <circle data-id> per encoder (a canvas page: its self-test drew COUNT points); typing the id into the search box highlights
# exactly that encoder (class "highlight") and draws its neighbour lines, or for a partial id every
# encoder containing it and no lines; every label lies inside the map and no two labels overlap;
# every legend row lies inside the window; the page logs no error.
# It relies on the page's self-test (URL fragment #selftest=<id>), which writes its results into
# <pre id="selftest">, read back with --dump-dom.
#
# Chromium is installed from apt when missing (apt-get update first; Debian's package "chromium").
# If that is impossible and $CI is set, the check is skipped with a message and exit status 0;
# outside CI it fails.
set -euo pipefail

usage() { echo "usage: $0 MAP_HTML [COUNT] [--id ID] [--expect ID] [--width W] [--colourbar] [--screenshot PNG]" >&2; exit 2; }
[ $# -ge 1 ] || usage
HTML=$1; shift
COUNT=""; ID=""; SHOT=""; EXPECT=""; WIDTH=1200; COLOURBAR=0
while [ $# -gt 0 ]; do
  case "$1" in
    --id) ID=${2:?}; shift 2 ;;
    --expect) EXPECT=${2:?}; shift 2 ;;
    --screenshot) SHOT=${2:?}; shift 2 ;;
    --width) WIDTH=${2:?}; shift 2 ;;
    --colourbar) COLOURBAR=1; shift ;;
    -*) usage ;;
    *) COUNT=$1; shift ;;
  esac
done
[ -f "$HTML" ] || { echo "test-browser: $HTML: no such file" >&2; exit 2; }
ABS=$(cd "$(dirname "$HTML")" && pwd)/$(basename "$HTML")
DIR=$(dirname "$ABS")

find_chromium() {
  for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

CHROME=$(find_chromium || true)
if [ -z "$CHROME" ]; then
  echo "test-browser: Chromium not found; installing it from apt…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
  if { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; } \
     && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
     && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; then
    CHROME=$(find_chromium || true)
  fi
  if [ -z "$CHROME" ]; then
    if [ -n "${CI:-}" ]; then
      echo "test-browser: SKIPPED — Chromium is not installed and apt could not install it (CI)."
      exit 0
    fi
    echo "test-browser: Chromium is not installed and apt could not install it; install the 'chromium' package" >&2
    exit 1
  fi
fi

# Expected count and search id from coordinates.csv (python's csv module handles quoted ids).
COORDS="$DIR/coordinates.csv"
if [ -f "$COORDS" ] && command -v python3 >/dev/null 2>&1; then
  read -r CSV_COUNT CSV_FIRST < <(python3 -c '
import csv, sys, urllib.parse
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))[1:]
print(len(rows), urllib.parse.quote(rows[0][0] if rows else "", safe=""))' "$COORDS")
else
  CSV_COUNT=""; CSV_FIRST=""
fi
[ -n "$COUNT" ] || COUNT=$CSV_COUNT
[ -n "$COUNT" ] || { echo "test-browser: give the encoder count (no coordinates.csv beside $HTML)" >&2; exit 2; }

urlencode() {
  local s=$1 out="" c i
  LC_ALL=C
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in [a-zA-Z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
if [ -n "$ID" ]; then ENC_ID=$(urlencode "$ID"); else ENC_ID=$CSV_FIRST; fi
if [ -z "$ENC_ID" ]; then
  ENC_ID=$(urlencode "$(grep -o 'data-id="[^"]*"' "$ABS" | head -1 | sed 's/^data-id="//; s/"$//')")
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FLAGS=(--headless --disable-gpu --no-sandbox --no-first-run --disable-extensions --allow-file-access-from-files
       --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0)

"$CHROME" "${FLAGS[@]}" --window-size="$WIDTH,900" --virtual-time-budget=5000 --dump-dom "file://$ABS#selftest=$ENC_ID" \
  >"$WORK/dom.html" 2>"$WORK/chrome.log" || { cat "$WORK/chrome.log" >&2; echo "test-browser: Chromium failed" >&2; exit 1; }

RESULT=$(python3 - "$WORK/dom.html" <<'PY' 2>/dev/null || sed -n '/<pre id="selftest"/,/<\/pre>/p' "$WORK/dom.html"
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="selftest"[^>]*>(.*?)</pre>', dom, re.S)
print(html.unescape(m.group(1)) if m else "")
PY
)
FAIL=0
echo "test-browser: page self-test:"; echo "$RESULT" | sed 's/^/  /'
if grep -q '<canvas id="map"' "$ABS"; then
  # The canvas page (more than 2,000 encoders): the self-test counts the points it drew.
  if ! grep -qx "points=$COUNT" <<<"$RESULT"; then echo "test-browser: FAIL: the canvas page does not hold $COUNT points" >&2; FAIL=1; fi
  CIRCLES=$COUNT
else
  CIRCLES=$(grep -o '<circle [^>]*data-id="' "$WORK/dom.html" | wc -l | tr -d ' ')
  if [ "$CIRCLES" != "$COUNT" ]; then echo "test-browser: FAIL: $CIRCLES circles in the DOM, expected $COUNT" >&2; FAIL=1; fi
  if ! grep -qx "circles=$COUNT" <<<"$RESULT"; then echo "test-browser: FAIL: self-test circle count differs from $COUNT" >&2; FAIL=1; fi
fi
if ! grep -qx "selftest=PASS" <<<"$RESULT"; then echo "test-browser: FAIL: search/highlight self-test did not pass" >&2; FAIL=1; fi
if [ -n "$EXPECT" ] && ! grep -qxF "highlighted=1 $EXPECT" <<<"$RESULT"; then echo "test-browser: FAIL: searching '$ID' did not highlight '$EXPECT'" >&2; FAIL=1; fi
for k in labels-outside label-overlaps legend-outside; do
  if ! grep -qx "$k=0" <<<"$RESULT"; then echo "test-browser: FAIL: $k is not 0 at $WIDTH px" >&2; FAIL=1; fi
done
if [ "$COLOURBAR" = 1 ] && ! grep -qx "colourbar=1" <<<"$RESULT"; then echo "test-browser: FAIL: no colour bar in the legend" >&2; FAIL=1; fi
if ! grep -qx "errors=0" <<<"$RESULT"; then echo "test-browser: FAIL: the page reported errors" >&2; FAIL=1; fi
if grep -E 'CONSOLE.*(Uncaught|Error)|Uncaught ' "$WORK/chrome.log" >/dev/null; then
  echo "test-browser: FAIL: console errors:" >&2; grep -E 'CONSOLE|Uncaught' "$WORK/chrome.log" >&2; FAIL=1
fi

if [ -n "$SHOT" ]; then
  mkdir -p "$(dirname "$SHOT")"
  "$CHROME" "${FLAGS[@]}" --hide-scrollbars --virtual-time-budget=5000 --window-size="$WIDTH,800" \
    --screenshot="$(cd "$(dirname "$SHOT")" && pwd)/$(basename "$SHOT")" "file://$ABS#search=$ENC_ID" >/dev/null 2>>"$WORK/chrome.log" \
    && echo "test-browser: screenshot written to $SHOT" || { echo "test-browser: FAIL: screenshot" >&2; FAIL=1; }
fi

if [ "$FAIL" -ne 0 ]; then exit 1; fi
echo "test-browser: PASS at $WIDTH px ($COUNT points, search highlights, labels inside and apart, legend inside, no console errors)"
