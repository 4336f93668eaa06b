#!/usr/bin/env bash
# Builds the map of the 19 shipped encoder variants with the given encmap binary into a temporary
# folder and checks it in headless Chromium (scripts/test-browser.sh: one circle per encoder, the search
# box highlights the right encoder, no console error). usage: scripts/browser-check.sh ENCMAP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/encmap}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" features --cache experiments/cache/features --out "$TMP/features" experiments/data/variants/embeddings >/dev/null
"$BIN" map --features "$TMP/features" --attributes experiments/data/variants/attributes.csv --id-column encoder \
  --color-by base_model --perplexity 5 --out "$TMP/map" >/dev/null
bash scripts/test-browser.sh "$TMP/map/map.html" 19 --id minilm-l6.layer6.cls
