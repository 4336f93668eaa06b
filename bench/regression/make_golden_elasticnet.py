#!/usr/bin/env python3
"""Golden values for encmap's ElasticNet and ElasticNetCV, from scikit-learn.

Run:  python3 bench/regression/make_golden_elasticnet.py > Tests/RegressionTests/GoldenElasticNet.swift
Every input is printed as an exact literal (repr round-trips float64), so Swift reads the same data.
Needs numpy and scikit-learn (written against scikit-learn 1.9.1).
"""
import warnings
import numpy as np, sklearn
from sklearn.linear_model import ElasticNet, ElasticNetCV
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import KFold
from sklearn.exceptions import ConvergenceWarning

warnings.simplefilter("error", ConvergenceWarning)  # a golden value must come from a converged fit

def lit(a):
    a = np.asarray(a)
    if a.ndim == 0:
        return repr(float(a)) if np.isfinite(a) else ".nan"
    if a.ndim == 1:
        return "[" + ", ".join(lit(v) for v in a) + "]"
    return "[\n" + ",\n".join("        " + lit(r) for r in a) + "]"

out = []
def emit(name, value, kind="[[Double]]"):
    out.append(f"    static let {name}: {kind} = {value}")

rng = np.random.default_rng(20251201)
# Case W ("wide"): more features than rows (18 x 30), 3 tasks, task 2 has NaNs at rows 4 and 9.
XW = np.round(rng.normal(size=(18, 30)), 6)
YW = np.round(XW[:, :4] @ rng.normal(size=(4, 3)) + 0.4 * rng.normal(size=(18, 3)) + 1, 6)
YW[4, 2] = np.nan; YW[9, 2] = np.nan
TW = np.round(rng.normal(size=(4, 30)), 6)
# Case T ("tall"): fewer features than rows (40 x 7), 3 tasks, task 1 has a NaN at row 0.
XT = np.round(rng.normal(size=(40, 7)), 6)
YT = np.round(XT @ (rng.normal(size=(7, 3)) * (rng.random((7, 3)) < 0.6)) + 0.5 * rng.normal(size=(40, 3)), 6)
YT[0, 1] = np.nan
TT = np.round(rng.normal(size=(4, 7)), 6)
# Case C ("collinear"): 20 x 8 where column 5 repeats column 1 and column 6 is column 0 + column 2.
XC = np.round(rng.normal(size=(20, 8)), 6)
XC[:, 5] = XC[:, 1]; XC[:, 6] = XC[:, 0] + XC[:, 2]
YC = np.round(XC[:, [0, 1, 3]] @ rng.normal(size=(3, 2)) + 0.3 * rng.normal(size=(20, 2)), 6)
TC = np.round(rng.normal(size=(4, 8)), 6)
cases = [("W", XW, YW, TW), ("T", XT, YT, TT), ("C", XC, YC, TC)]
for c, X, Y, T in cases:
    emit(f"x{c}", lit(X)); emit(f"y{c}", lit(Y)); emit(f"test{c}", lit(T))

def per_task(make, X, Y, T):
    """Fit each task on its observed rows (what encmap does for NaN targets)."""
    P = np.empty((T.shape[0], Y.shape[1])); W = []; B = []; A = []; R = []
    for j in range(Y.shape[1]):
        ok = ~np.isnan(Y[:, j]); m = make().fit(X[ok], Y[ok, j]); P[:, j] = m.predict(T)
        last = m[-1] if hasattr(m, "steps") else m
        W.append(last.coef_); B.append(float(last.intercept_))
        A.append(float(last.alpha_ if hasattr(last, "alpha_") else last.alpha))
        R.append(float(last.l1_ratio_ if hasattr(last, "l1_ratio_") else last.l1_ratio))
    return P, np.array(W).T, B, A, R

# ElasticNet at fixed (alpha, l1_ratio), solved to tol 1e-10 so the comparison is about the optimum.
FIXED = [(0.1, 0.5), (0.05, 1.0), (0.3, 0.2), (0.5, 0.0)]  # the last: ridge by coordinate descent (gap formulation B)
emit("fixed", "[" + ", ".join(f"({a}, {r})" for a, r in FIXED) + "]", "[(alpha: Double, l1Ratio: Double)]")
for c, X, Y, T in cases:
    for k, (a, r) in enumerate(FIXED):
        P, W, B, _, _ = per_task(lambda: ElasticNet(alpha=a, l1_ratio=r, tol=1e-10, max_iter=100000), X, Y, T)
        emit(f"enet{c}{k}", lit(P)); emit(f"enet{c}{k}Coef", lit(W)); emit(f"enet{c}{k}Intercept", lit(B), "[Double]")

# ElasticNetCV with scikit-learn's defaults (100 alphas on the path, eps 1e-3, tol 1e-4, cv=KFold(5)).
RATIOS = [0.1, 0.5, 0.9, 1.0]
emit("cvRatios", lit(RATIOS), "[Double]")
for c, X, Y, T in cases[:2]:
    P, _, B, A, R = per_task(lambda: ElasticNetCV(l1_ratio=RATIOS, alphas=100, cv=KFold(5)), X, Y, T)
    emit(f"cv{c}", lit(P)); emit(f"cv{c}Alpha", lit(A), "[Double]"); emit(f"cv{c}Ratio", lit(R), "[Double]")
    emit(f"cv{c}Intercept", lit(B), "[Double]")
    P, _, _, A, R = per_task(lambda: ElasticNetCV(l1_ratio=0.7, cv=KFold(4), alphas=25, eps=1e-2), X, Y, T)
    emit(f"cvSingle{c}", lit(P)); emit(f"cvSingle{c}Alpha", lit(A), "[Double]")

# ElasticNetCV on an explicit alpha grid (given unsorted: scikit-learn sorts it descending).
GRID = [0.01, 1.0, 0.1, 0.03, 0.3]
emit("cvGrid", lit(GRID), "[Double]")
for c, X, Y, T in cases[:2]:
    P, _, _, A, R = per_task(lambda: ElasticNetCV(l1_ratio=[0.2, 0.8], alphas=GRID, cv=KFold(3)), X, Y, T)
    emit(f"cvGrid{c}", lit(P)); emit(f"cvGrid{c}Alpha", lit(A), "[Double]"); emit(f"cvGrid{c}Ratio", lit(R), "[Double]")

# StandardScaler -> PCA(5) -> ElasticNetCV (defaults but the ratio grid), per task.
for c, X, Y, T in cases[:2]:
    P, _, _, A, R = per_task(lambda: make_pipeline(StandardScaler(), PCA(n_components=5),
                                                   ElasticNetCV(l1_ratio=RATIOS, alphas=100, cv=KFold(5))), X, Y, T)
    emit(f"pipe{c}", lit(P)); emit(f"pipe{c}Alpha", lit(A), "[Double]"); emit(f"pipe{c}Ratio", lit(R), "[Double]")

print("// GENERATED by bench/regression/make_golden_elasticnet.py — do not edit by hand.")
print("// python3 bench/regression/make_golden_elasticnet.py > Tests/RegressionTests/GoldenElasticNet.swift")
print(f"// scikit-learn {sklearn.__version__}, NumPy {np.__version__}.")
print("// Calls: ElasticNet(alpha, l1_ratio, tol=1e-10, max_iter=100000); ElasticNetCV(l1_ratio=..., cv=KFold(k),")
print("// alphas=n | grid, eps) with default tol 1e-4; make_pipeline(StandardScaler(), PCA(5), ElasticNetCV(...)).")
print("// Every task is fitted on its own observed (non-NaN) rows.")
print("// swiftlint:disable all")
print("enum GoldenElasticNet {")
print("\n".join(out))
print("}")
