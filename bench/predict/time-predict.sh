#!/usr/bin/env bash
# Time of `encmap predict` for ONE new encoder (a feature vector) against a run of 187 encoders × 41 tasks ×
# 10,000 features (the data of bench/regression: seeded Gaussian features, linear targets plus noise),
# ridge over 13 α (logspace(−3, 3)) and kNN-5 under unshuffled 10-fold CV. predict refits every regressor
# on all encoders and once per fold (CV+), checks the refit against predictions.csv, and writes the folder.
# Median of REPEATS (3) runs.  Usage: bash bench/predict/time-predict.sh [ENCMAP_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/release/encmap}
ROWS=${ROWS:-187} FEATURES=${FEATURES:-10000} TASKS=${TASKS:-41} REPEATS=${REPEATS:-3}
PY=${PYTHON:-python3}
DIR="$(mktemp -d)"; trap 'rm -rf "$DIR"' EXIT
"$PY" - "$DIR" "$ROWS" "$FEATURES" "$TASKS" <<'PY'
import json, os, sys, numpy as np
d, n, p, t = sys.argv[1], *map(int, sys.argv[2:])
rng = np.random.default_rng(187)
X = rng.normal(size=(n + 1, p))
W = rng.normal(size=(p, t)) / np.sqrt(p)
Y = X @ W + 0.5 * rng.normal(size=(n + 1, t))
os.makedirs(f"{d}/features")
for i in range(n):
    np.save(f"{d}/features/enc{i:03d}.npy", X[i])
np.save(f"{d}/new.npy", X[n])
with open(f"{d}/scores.csv", "w") as f:
    f.write("encoder," + ",".join(f"T{j}" for j in range(t)) + "\n")
    for i in range(n):
        f.write(f"enc{i:03d}," + ",".join(repr(float(v)) for v in Y[i]) + "\n")
spec = {"version": 1, "name": "predict-bench", "encoders": {"features": f"{d}/features"},
        "scores": {"csv": f"{d}/scores.csv", "idColumn": "encoder", "tasks": [f"T{j}" for j in range(t)]},
        "preprocess": {"standardize": False, "pca": None},
        "regressors": [{"name": "ridge", "kind": "ridge", "alphas": [float(a) for a in np.logspace(-3, 3, 13)]},
                       {"name": "knn-5", "kind": "knn", "k": 5}],
        "crossValidation": {"kind": "kfold", "folds": 10}, "bootstrap": {"resamples": 10, "seed": 0},
        "output": f"{d}/run"}
json.dump(spec, open(f"{d}/spec.json", "w"))
PY
"$BIN" run "$DIR/spec.json" >/dev/null
times=()
for r in $(seq "$REPEATS"); do
  s=$(date +%s.%N)
  "$BIN" predict --out "$DIR/pred-$r" "$DIR/run" "$DIR/new.npy" >/dev/null 2>&1
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$REPEATS" '{a[NR]=$1} END {printf "{\"benchmark\": \"predict 1 encoder, 187 x 41 x 10000, ridge(13 alphas) + knn-5, 10-fold CV+\", \"seconds_median\": %.3f, \"repeats\": %d}\n", a[int((n+1)/2)], n}'
