#!/usr/bin/env python3
"""Independent reference for `encmap run`: the same experiment computed with numpy + scikit-learn + SciPy.

usage: python3 bench/experiments/reference.py SPEC [--cv loo|kfold|groupKFold|logo] [--folds K] [--group-column C]
       [--groups-csv PATH [--groups-id-column C]]

Features: unit-base q-vectors computed in numpy float64 through the full n×n eigendecomposition
(numpy.linalg.eigh), nothing shared with encmap. Regression: sklearn Pipeline(StandardScaler(), RidgeCV(alphas,
alpha_per_target=True)) / KNeighborsRegressor(k, algorithm='brute'), cross_val_predict on KFold(shuffle=False),
LeaveOneOut, GroupKFold or LeaveOneGroupOut (--cv logo, or a spec of kind leaveOneGroupOut). Prints, per task and regressor, the pooled Spearman (scipy.stats.spearmanr) as CSV.
Supports the spec keys the shipped demo uses (embeddings folder, csv scores, ridge/knn/mean, standardize).
"""
import argparse
import csv
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.stats import spearmanr
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import RidgeCV, Ridge
from sklearn.model_selection import GroupKFold, KFold, LeaveOneGroupOut, LeaveOneOut, cross_val_predict
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "features"))
from bench_features import q_full  # noqa: E402  (unit-base q-vectors through the full n×n eigh, float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--cv", default=None)
    ap.add_argument("--folds", type=int, default=None)
    ap.add_argument("--group-column", default=None)
    ap.add_argument("--groups-csv", default=None, help="attributes CSV holding the group column (relative to the spec's folder)")
    ap.add_argument("--groups-id-column", default=None)
    a = ap.parse_args()
    spec = json.load(open(a.spec))
    base = os.path.dirname(os.path.abspath(a.spec))
    emb = os.path.join(base, spec["encoders"]["embeddings"])
    rows = list(csv.DictReader(open(os.path.join(base, spec["scores"]["csv"]))))
    id_col = spec["scores"].get("idColumn", "encoder")
    tasks = spec["scores"]["tasks"]
    eps = spec.get("features", {}).get("epsilon", 1e-10)
    excluded = set(spec["encoders"].get("exclude") or [])  # exact ids (the demo's two left-out variants)
    ids = [r[id_col] for r in rows if os.path.exists(os.path.join(emb, r[id_col] + ".npy")) and r[id_col] not in excluded]
    rows = [r for r in rows if r[id_col] in ids]
    X = np.array([q_full(np.load(os.path.join(emb, i + ".npy")).astype(np.float64), eps) for i in ids])
    Y = np.array([[float(r[t]) for t in tasks] for r in rows])
    cvspec = spec.get("crossValidation", {"kind": "kfold", "folds": 5})
    kind = a.cv or cvspec["kind"]
    folds = a.folds or cvspec.get("folds", 5)
    groups = None
    if kind == "loo":
        splitter = LeaveOneOut()
    elif kind == "kfold":
        splitter = KFold(folds, shuffle=False)
    else:
        col = a.group_column or cvspec["groupColumn"]
        groups_csv = a.groups_csv or cvspec.get("groupsCsv")
        if groups_csv:
            # encmap's rule: ids match by key (/ as __, lower case); an empty cell is the encoder's own group.
            key = lambda i: i.replace("/", "__").lower()
            attrs = list(csv.DictReader(open(os.path.join(base, groups_csv))))
            gid = a.groups_id_column or cvspec.get("groupsIdColumn") or ("model" if "model" in attrs[0] else "encoder")
            by_key = {key(r[gid]): r[col] for r in attrs if r[col]}
            labels = [by_key.get(key(i), i.replace("__", "/", 1) if "/" not in i else i) for i in ids]
        else:
            labels = [r[col] for r in rows]
        groups = np.array([sorted(set(labels)).index(l) for l in labels])
        splitter = LeaveOneGroupOut() if kind in ("logo", "leaveOneGroupOut") else GroupKFold(folds)
    standardize = spec.get("preprocess", {}).get("standardize", True)
    print(f"# numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}; cv={kind} folds={folds}", file=sys.stderr)
    print("task,regressor,spearman")
    for reg in spec["regressors"]:
        if reg["kind"] == "ridge":
            est = RidgeCV(alphas=reg["alphas"], alpha_per_target=reg.get("alphaPerTask", True)) if "alphas" in reg else Ridge(alpha=reg["alpha"])
        elif reg["kind"] == "knn":
            est = KNeighborsRegressor(reg["k"], metric=reg.get("metric", "euclidean"), weights=reg.get("weights", "uniform"), algorithm="brute")
        else:
            est = DummyRegressor()
        model = make_pipeline(StandardScaler(), est) if standardize else est
        P = cross_val_predict(model, X, Y, cv=splitter, groups=groups)
        for t, task in enumerate(tasks):
            rho = spearmanr(Y[:, t], P[:, t]).statistic
            print(f"{task},{reg['name']},{float(rho)!r}")


if __name__ == "__main__":
    main()
