#!/usr/bin/env bash
# Runs every benchmark beside its reference, in the same run. usage: bench/run.sh ENCMAP_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/encmap}
python3 -c "import numpy" 2>/dev/null || { echo "bench: numpy is needed for the reference side (pip install numpy)"; exit 1; }
echo "$($BIN --version)"
python3 bench/features/bench_features.py "$BIN" --n 3000 --d 768
for extra in bench/*/run.sh; do
  [ -x "$extra" ] && [ "$extra" != bench/run.sh ] && bash "$extra"
done
exit 0
