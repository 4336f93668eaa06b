#!/usr/bin/env bash
# ElasticNetCV benchmark: encmap vs scikit-learn in the same run, on the same data and folds.
# 187 encoders x 10,000 random features (the data of run.sh), ElasticNetCV with scikit-learn's defaults
# (100-alpha path, eps 1e-3, l1_ratio [0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1], inner KFold(5)) inside an
# outer KFold(5), no preprocessing. encmap runs it as an experiment (`encmap run`, the crossValidation
# stage of run.json is its time); scikit-learn as cross_val_predict per task. TASKS (default 1) of the 41
# tasks are run on both sides (each task is an independent fit, so the time is linear in the tasks:
# the 41-task time is TASKS' time x 41 / TASKS); predictions are compared.
#   bash bench/regression/bench_elasticnet.sh                 # 1 task
#   TASKS=41 bash bench/regression/bench_elasticnet.sh        # the full benchmark (hours for scikit-learn)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-187} FEATURES=${FEATURES:-10000} TASKS=${TASKS:-1} PY=${PY:-python3}
BIN=${BIN:-.build/release/encmap}
[ -x "$BIN" ] || swift build -c release --product encmap >&2
DIR="$(mktemp -d)"; trap 'rm -rf "$DIR"' EXIT
"$PY" bench/regression/bench_elasticnet.py write "$DIR" "$ROWS" "$FEATURES" "$TASKS"
"$BIN" run "$DIR/spec.json" > /dev/null
"$PY" bench/regression/bench_elasticnet.py compare "$DIR" "$ROWS" "$FEATURES" "$TASKS"
