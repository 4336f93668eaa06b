#!/usr/bin/env bash
# Builds the map of the 19 shipped encoder variants with the given encmap binary into a temporary
# folder and checks it in headless Chromium (scripts/test-browser.sh: one circle per encoder, the search
# box highlights the right encoder, no console error). A second page holds the same kind of encoders
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
bash scripts/test-browser.sh "$TMP/map/map.html" 19 --id minilm-l6.layer6.cls

# The id rule on the page: the search "acme/enc-2" must highlight the encoder written "Acme__Enc-2".
mkdir -p "$TMP/ids"
i=0
for e in minilm-l6.layer1.mean minilm-l6.layer3.mean minilm-l6.layer5.mean paraphrase-l3.layer0.mean paraphrase-l3.layer3.max glove50.idf; do
  i=$((i + 1)); cp "experiments/data/variants/embeddings/$e.npy" "$TMP/ids/Acme__Enc-$i.npy"
done
"$BIN" features --out "$TMP/ids-features" "$TMP/ids" >/dev/null
"$BIN" map --features "$TMP/ids-features" --perplexity 1.5 --out "$TMP/ids-map" >/dev/null
bash scripts/test-browser.sh "$TMP/ids-map/map.html" 6 --id acme/enc-2 --expect Acme__Enc-2
