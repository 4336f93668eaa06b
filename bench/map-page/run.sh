#!/usr/bin/env bash
# The map page at scale, in headless Chromium: encmap-bench-page writes the page of M synthetic encoders
# (7 neighbours each, 4 attributes, 3 highlighted new encoders; the canvas page above 2,000 encoders),
# then scripts/page-check.py drives it at 800 px and 1400 px (devicePixelRatio 2) and prints the file
# size and the handler and frame times (search per keystroke, hover, colour switch, wheel, full redraw).
# With SVG=1 the same data are also written as the SVG page (one circle per encoder) and its search and
# zoom are timed beside the canvas page's, in the same browser run.
# usage: bench/map-page/run.sh        environment: M=20000 (encoders), SVG=0, CHROME=chromium
set -euo pipefail
cd "$(dirname "$0")/../.."
M=${M:-20000}
SVG=${SVG:-0}
CHROME=${CHROME:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || command -v google-chrome-stable)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
swift build -c release --product encmap-bench-page >/dev/null
BIN=.build/release/encmap-bench-page
"$BIN" --count "$M" --new 3 --out "$WORK/page.html"
python3 scripts/page-check.py "$CHROME" "$WORK/page.html" --screenshots "$WORK/shots"
if [ "$SVG" = 1 ]; then
  "$BIN" --count "$M" --new 3 --renderer svg --out "$WORK/svg.html"
  python3 bench/map-page/time_pages.py "$CHROME" "$WORK/svg.html" "$WORK/page.html"
fi
