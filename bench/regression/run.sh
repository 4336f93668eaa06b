#!/usr/bin/env bash
# Regression benchmark: encmap vs scikit-learn cross_val_predict on the same data and folds.
# 187 encoders x 10,000 random features, 41 tasks; RidgeCV(logspace(-3,3,13), alpha_per_target=True)
# and KNeighborsRegressor(5, brute) under KFold(10) without shuffle; ElasticNetCV (100-alpha path,
# l1_ratio 0.5, 0.9, 1, inner KFold(5)) on the first 20 features and 5 tasks. Medians of 3 repeats.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-187} FEATURES=${FEATURES:-10000} TASKS=${TASKS:-41} REPEATS=${REPEATS:-3}
swift build -c release --product encmap-bench-regression >&2
BIN="$(swift build -c release --show-bin-path)/encmap-bench-regression"
DIR="$(mktemp -d)"; trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR" "$ROWS" "$FEATURES" "$TASKS" <<'PY'
import sys, numpy as np
d, n, p, t = sys.argv[1], *map(int, sys.argv[2:])
rng = np.random.default_rng(187)
X = rng.normal(size=(n, p))
W = rng.normal(size=(p, t)) / np.sqrt(p)
Y = X @ W + 0.5 * rng.normal(size=(n, t))
X.astype("<f8").tofile(f"{d}/X.f64"); Y.astype("<f8").tofile(f"{d}/Y.f64")
PY
"$BIN" "$DIR" "$ROWS" "$FEATURES" "$TASKS" "$REPEATS" > "$DIR/encmap_times.txt"
python3 bench/regression/reference.py "$DIR" "$ROWS" "$FEATURES" "$TASKS" "$REPEATS" "$DIR/encmap_times.txt"
