#!/usr/bin/env python3
"""scikit-learn side of the regression benchmark, and the comparison table.

Usage: reference.py DIR ROWS FEATURES TASKS REPEATS ENCMAP_TIMES_FILE
"""
import sys, time, statistics
import numpy as np, sklearn, scipy
from sklearn.linear_model import RidgeCV, ElasticNetCV
from sklearn.neighbors import KNeighborsRegressor
from sklearn.model_selection import KFold, cross_val_predict

d, n, p, t, reps, times_file = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
X = np.fromfile(f"{d}/X.f64", dtype="<f8").reshape(n, p)
Y = np.fromfile(f"{d}/Y.f64", dtype="<f8").reshape(n, t)
encmap = dict(line.split() for line in open(times_file))
models = {
    "ridgecv": lambda: RidgeCV(alphas=np.logspace(-3, 3, 13), alpha_per_target=True),
    "knn5": lambda: KNeighborsRegressor(n_neighbors=5, algorithm="brute"),
}
print(f"scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}; "
      f"{n} encoders x {p} features, {t} tasks, KFold(10) without shuffle, median of {reps}")
print(f"{'stage':<10} {'encmap s':>10} {'sklearn s':>10} {'ratio':>8} {'max|dpred|':>12}")
def load(name):
    return np.fromfile(f"{d}/pred_{name}.f64", dtype="<f8").reshape(n, t)

sk_time, sk_pred = {}, {}
for stage, make in models.items():
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        sk_pred[stage] = cross_val_predict(make(), X, Y, cv=KFold(10))
        ts.append(time.perf_counter() - t0)
    sk_time[stage] = statistics.median(ts)
    e = float(encmap[stage])
    diff = np.max(np.abs(load(f"{stage}_0") - sk_pred[stage]))
    print(f"{stage:<10} {e:>10.4f} {sk_time[stage]:>10.4f} {sk_time[stage] / e:>7.1f}x {diff:>12.3e}")
# Both regressors in one encmap call (shared Gram) vs the two scikit-learn runs.
e, sk = float(encmap["both"]), sum(sk_time.values())
diff = max(np.max(np.abs(load(f"both_{i}") - sk_pred[s])) for i, s in enumerate(models))
print(f"{'both':<10} {e:>10.4f} {sk:>10.4f} {sk / e:>7.1f}x {diff:>12.3e}")
# ElasticNetCV on the first 20 features and 5 tasks (one model per task: ElasticNetCV is single-output).
pe, te = min(p, 20), min(t, 5)
ts = []
for _ in range(reps):
    t0 = time.perf_counter()
    P = np.column_stack([cross_val_predict(ElasticNetCV(l1_ratio=[0.5, 0.9, 1], alphas=100, cv=KFold(5)),
                                           X[:, :pe], Y[:, j], cv=KFold(10)) for j in range(te)])
    ts.append(time.perf_counter() - t0)
sk, e = statistics.median(ts), float(encmap["enetcv"])
diff = np.max(np.abs(np.fromfile(f"{d}/pred_enetcv_0.f64", dtype="<f8").reshape(n, te) - P))
print(f"{'enetcv':<10} {e:>10.4f} {sk:>10.4f} {sk / e:>7.1f}x {diff:>12.3e}")
