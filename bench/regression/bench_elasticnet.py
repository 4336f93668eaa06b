"""The two sides of bench_elasticnet.sh: `write` makes the data (as run.sh does) and encmap's spec;
`compare` runs scikit-learn's ElasticNetCV under cross_val_predict on the same folds, reads encmap's
predictions and run.json, and prints both times and the largest prediction difference."""
import csv, json, os, sys, time, warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNetCV
from sklearn.model_selection import KFold, cross_val_predict

mode, d = sys.argv[1], sys.argv[2]
n, p, tasks = map(int, sys.argv[3:6])
RATIOS = [0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1]


def data():
    rng = np.random.default_rng(187)
    X = rng.normal(size=(n, p))
    W = rng.normal(size=(p, 41)) / np.sqrt(p)
    Y = X @ W + 0.5 * rng.normal(size=(n, 41))
    return X, Y[:, :tasks]


X, Y = data()
if mode == "write":
    with open(f"{d}/features.csv", "w") as f:
        f.write("encoder," + ",".join(f"f{j}" for j in range(p)) + "\n")
        for i in range(n):
            f.write(f"e{i}," + ",".join(repr(float(v)) for v in X[i]) + "\n")
    with open(f"{d}/scores.csv", "w") as f:
        f.write("encoder," + ",".join(f"T{t}" for t in range(tasks)) + "\n")
        for i in range(n):
            f.write(f"e{i}," + ",".join(repr(float(v)) for v in Y[i]) + "\n")
    spec = {"version": 1, "name": "bench-elasticnet",
            "encoders": {"featuresCsv": "features.csv", "idColumn": "encoder", "columns": [f"f{j}" for j in range(p)]},
            "features": {"cache": None},
            "scores": {"csv": "scores.csv", "idColumn": "encoder", "tasks": [f"T{t}" for t in range(tasks)]},
            "preprocess": {"standardize": False, "pca": None},
            "regressors": [{"name": "elasticnet", "kind": "elasticNet"}],
            "crossValidation": {"kind": "kfold", "folds": 5}, "bootstrap": {"resamples": 0, "seed": 0}, "output": "run"}
    json.dump(spec, open(f"{d}/spec.json", "w"))
    sys.exit(0)

warnings.simplefilter("ignore", ConvergenceWarning)
start = time.perf_counter()
P = np.column_stack([cross_val_predict(ElasticNetCV(l1_ratio=RATIOS, cv=KFold(5)), X, Y[:, t], cv=KFold(5)) for t in range(tasks)])
sk = time.perf_counter() - start
record = json.load(open(f"{d}/run/run.json"))
enc = record["timingsSeconds"]["crossValidation"]
E = np.full_like(P, np.nan)
for row in csv.DictReader(open(f"{d}/run/predictions.csv")):
    E[int(row["encoder"][1:]), int(row["task"][1:])] = float(row["predicted"])
diff = float(np.max(np.abs(E - P)))
print(f"ElasticNetCV {n} x {p}, {tasks} of 41 tasks, outer KFold(5), inner KFold(5), 100 alphas x {len(RATIOS)} l1_ratio "
      f"(scikit-learn {sklearn.__version__}, numpy {np.__version__}; encmap {record['encmap']['version']}, {record['encmap']['blas']}, "
      f"{record['encmap']['blasThreads']} BLAS threads)")
print(f"  encmap       {enc:9.2f} s   (41 tasks: {enc * 41 / tasks:9.1f} s)")
print(f"  scikit-learn {sk:9.2f} s   (41 tasks: {sk * 41 / tasks:9.1f} s)")
print(f"  speed-up     {sk / enc:9.2f} x;  max |prediction difference| = {diff:.2e}")
