#!/usr/bin/env bash
# Builds the map of the 19 shipped encoder variants with the given encmap binary into a temporary
# folder and checks it in headless Chromium at 800 and 1400 px (scripts/test-browser.sh: one circle per
# encoder, the search box highlights the right encoder — every match of a partial id —, labels inside
# the map and apart, legend rows inside the window, no console error); the same map coloured by a
# numeric column (STS13) must show a colour bar. The static figures — map.svg, dendrogram.svg and a
# run's plots — are checked by scripts/figure-check.py at both widths (every text inside the drawing,
# no overlapping labels, the colour bar for the numeric colouring). A second page holds the same kind of encoders
# under hub-style ids (Acme__Enc-N) and is searched with another spelling of one of them (acme/enc-2):
# the page matches ids by encmap's one rule (`/` as `__`, case ignored). usage: scripts/browser-check.sh ENCMAP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/encmap}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" features --cache experiments/cache/features --out "$TMP/features" experiments/data/variants/embeddings >/dev/null
"$BIN" map --features "$TMP/features" --attributes experiments/data/variants/attributes.csv --id-column encoder \
  --color-by base_model --perplexity 5 --out "$TMP/map" >/dev/null
for W in 800 1400; do
  bash scripts/test-browser.sh "$TMP/map/map.html" 19 --id minilm-l6.layer6.cls --width $W
  bash scripts/test-browser.sh "$TMP/map/map.html" 19 --id glove --width $W
done
"$BIN" map --features "$TMP/features" --attributes experiments/data/variants/labels.csv --id-column encoder \
  --color-by STS13 --perplexity 5 --out "$TMP/sts13" >/dev/null
for W in 800 1400; do bash scripts/test-browser.sh "$TMP/sts13/map.html" 19 --id minilm-l6.layer1.cls --width $W --colourbar; done

# Static figures, and the plots of a small run (5-fold, 3 tasks, 2 regressors).
cat >"$TMP/spec.json" <<JSON
{"version": 1, "name": "browser-check", "encoders": {"features": "$TMP/features"},
 "scores": {"csv": "$PWD/experiments/data/variants/labels.csv", "idColumn": "encoder", "tasks": ["STS13", "STS14", "SICK"]},
 "regressors": [{"name": "ridge", "kind": "ridge", "alpha": 1}, {"name": "knn-3", "kind": "knn", "k": 3}],
 "crossValidation": {"kind": "kfold", "folds": 5}, "bootstrap": {"resamples": 100, "seed": 0}, "output": "$TMP/run"}
JSON
"$BIN" run "$TMP/spec.json" >/dev/null
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || command -v google-chrome-stable)
python3 scripts/figure-check.py "$CHROME" "$TMP/map/map.svg" "$TMP/map/dendrogram.svg" "$TMP/run/plots/STS13.svg" "$TMP/run/plots/summary.svg"
python3 scripts/figure-check.py "$CHROME" --colourbar "$TMP/sts13/map.svg" "$TMP/sts13/dendrogram.svg"

# The id rule on the page: the search "acme/enc-2" must highlight the encoder written "Acme__Enc-2".
mkdir -p "$TMP/ids"
i=0
for e in minilm-l6.layer1.mean minilm-l6.layer3.mean minilm-l6.layer5.mean paraphrase-l3.layer0.mean paraphrase-l3.layer3.max glove50.idf; do
  i=$((i + 1)); cp "experiments/data/variants/embeddings/$e.npy" "$TMP/ids/Acme__Enc-$i.npy"
done
"$BIN" features --out "$TMP/ids-features" "$TMP/ids" >/dev/null
"$BIN" map --features "$TMP/ids-features" --perplexity 1.5 --out "$TMP/ids-map" >/dev/null
bash scripts/test-browser.sh "$TMP/ids-map/map.html" 6 --id acme/enc-2 --expect Acme__Enc-2

# The canvas page at 20,000 encoders (pages of more than 2,000 encoders draw on a canvas): written by
# encmap-bench-page (synthetic clustered layout, 4 attributes, 7 neighbours each, 3 highlighted new
# encoders) and driven by scripts/page-check.py through the DevTools protocol at 800 px and 1400 px
# (devicePixelRatio 2): typed search, exact id under another spelling, hover tooltips, every colouring,
# wheel zoom, drag; it prints the handler and frame times and the file size (≤ 25 MB).
PAGE_BIN="$(dirname "$BIN")/encmap-bench-page"
if [ -x "$PAGE_BIN" ]; then
  "$PAGE_BIN" --count 20000 --new 3 --out "$TMP/page-20000.html"
  python3 scripts/page-check.py "$CHROME" "$TMP/page-20000.html"
else
  echo "browser-check: $PAGE_BIN is not built (swift build --build-tests builds it)" >&2; exit 1
fi
