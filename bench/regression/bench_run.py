#!/usr/bin/env python3
"""Benchmark: `encmap run` as users run it (whole process, from start to exit) against scikit-learn's
pipelines in-process, on the data of bench/regression/run.sh: 187 encoders × 10,000 random features,
41 tasks; RidgeCV(13 α, alpha_per_target) and KNeighborsRegressor(5, brute), KFold(10) without shuffle,
standardised (StandardScaler inside every fold, the shipped default) and raw.

usage: python3 bench/regression/bench_run.py ENCMAP_BINARY [--rows 187] [--features 10000] [--tasks 41]
           [--repeats 3] [--json PATH]
Prints medians and ratios (scikit-learn / encmap) and the largest difference between the two sets of
out-of-fold predictions.
"""
import argparse, csv, json, os, subprocess, sys, tempfile, time

import numpy as np
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ALPHAS = [0.001, 0.00316, 0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10, 31.6, 100, 316, 1000]


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return float(np.median(times)), times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("encmap")
    ap.add_argument("--rows", type=int, default=187)
    ap.add_argument("--features", type=int, default=10000)
    ap.add_argument("--tasks", type=int, default=41)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    n, p, t = a.rows, a.features, a.tasks
    rng = np.random.default_rng(187)
    X = rng.normal(size=(n, p))
    W = rng.normal(size=(p, t)) / np.sqrt(p)
    Y = X @ W + 0.5 * rng.normal(size=(n, t))
    ids = [f"enc{i:03d}" for i in range(n)]
    tasks = [f"task{j:02d}" for j in range(t)]
    result = {"rows": n, "features": p, "tasks": t, "repeats": a.repeats, "cores": os.cpu_count(),
              "load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        feats = os.path.join(tmp, "features"); os.makedirs(feats)
        for i, e in enumerate(ids):
            np.save(os.path.join(feats, f"{e}.npy"), X[i])
        with open(os.path.join(tmp, "scores.csv"), "w", newline="") as f:
            w = csv.writer(f); w.writerow(["encoder"] + tasks)
            for i, e in enumerate(ids):
                w.writerow([e] + [repr(float(v)) for v in Y[i]])
        for label, standardize in (("standardised", True), ("raw", False)):
            spec = {"version": 1, "name": f"bench-{label}",
                    "encoders": {"features": "features"},
                    "scores": {"csv": "scores.csv", "tasks": tasks},
                    "preprocess": {"standardize": standardize, "pca": None},
                    "regressors": [{"name": "ridge", "kind": "ridge", "alphas": ALPHAS},
                                   {"name": "knn-5", "kind": "knn", "k": 5, "metric": "euclidean", "weights": "uniform"}],
                    "crossValidation": {"kind": "kfold", "folds": 10, "shuffle": False, "seed": 0},
                    "bootstrap": {"resamples": 0, "seed": 0},
                    "output": f"out-{label}"}
            spec_path = os.path.join(tmp, f"{label}.json")
            json.dump(spec, open(spec_path, "w"))
            run = lambda: subprocess.run([a.encmap, "run", spec_path], check=True, capture_output=True)
            run()  # warm-up (page cache, loader)
            t_encmap, raw_encmap = median_time(run, a.repeats)
            ours = {}
            with open(os.path.join(tmp, f"out-{label}", "predictions.csv")) as f:
                for r in csv.DictReader(f):
                    ours[(r["encoder"], r["task"], r["regressor"])] = float(r["predicted"])

            def sk():
                pre = [StandardScaler()] if standardize else []
                ridge = make_pipeline(*pre, RidgeCV(alphas=ALPHAS, alpha_per_target=True))
                knn = make_pipeline(*pre, KNeighborsRegressor(n_neighbors=5, algorithm="brute"))
                cv = KFold(10)
                return cross_val_predict(ridge, X, Y, cv=cv), cross_val_predict(knn, X, Y, cv=cv)
            sk()
            t_sk, raw_sk = median_time(sk, a.repeats)
            pr, pk = sk()
            diff = 0.0
            for name, P in (("ridge", pr), ("knn-5", pk)):
                for i, e in enumerate(ids):
                    for j, task in enumerate(tasks):
                        diff = max(diff, abs(ours[(e, task, name)] - P[i, j]))
            result[label] = {"encmap_run_s": t_encmap, "encmap_runs_s": raw_encmap, "sklearn_s": t_sk,
                             "sklearn_runs_s": raw_sk, "ratio_sklearn_over_encmap": t_sk / t_encmap,
                             "max_abs_diff": diff}
            print(f"encmap run, {label:12s} ({n} × {t} × {p:,}, ridge 13 α + kNN-5, 10-fold): "
                  f"encmap {t_encmap:.3f} s (whole process), scikit-learn {t_sk:.3f} s (in-process), "
                  f"{t_sk / t_encmap:.1f}× faster; predictions differ by ≤ {diff:.1e}")
    if a.json:
        json.dump(result, open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
