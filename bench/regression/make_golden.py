#!/usr/bin/env python3
"""Golden values for encmap's Regression tests, from scikit-learn and SciPy.

Run:  python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift
Every input is printed as an exact literal (repr round-trips float64), so Swift reads the same data.
"""
import numpy as np, scipy, sklearn, scipy.stats as st
from sklearn.linear_model import Ridge, RidgeCV
from sklearn.neighbors import KNeighborsRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import KFold, LeaveOneOut, GroupKFold, cross_val_predict
from swift_literals import lit, ilit, out, emit  # noqa: E402  (beside this script)

ALPHAS = np.logspace(-3, 3, 13)


rng = np.random.default_rng(20240611)
# Case A: more features than rows (16 x 40), 4 tasks, task 3 has a NaN at row 5.
XA = np.round(rng.normal(size=(16, 40)), 6)
YA = np.round(XA[:, :3] @ rng.normal(size=(3, 4)) + 0.5 * rng.normal(size=(16, 4)) + 3, 6)
YA[5, 3] = np.nan
TA = np.round(rng.normal(size=(5, 40)), 6)
# Case B: fewer features than rows (18 x 6), 4 tasks, task 3 has NaNs at rows 2 and 11.
XB = np.round(rng.normal(size=(18, 6)), 6)
YB = np.round(XB @ rng.normal(size=(6, 4)) + 0.3 * rng.normal(size=(18, 4)), 6)
YB[2, 3] = np.nan; YB[11, 3] = np.nan
TB = np.round(rng.normal(size=(5, 6)), 6)
for n, v in [("xA", XA), ("yA", YA), ("testA", TA), ("xB", XB), ("yB", YB), ("testB", TB)]:
    emit(n, lit(v))

def per_task(make, X, Y, T):
    """Fit per task on its observed rows (what encmap does for NaN targets)."""
    P = np.empty((T.shape[0], Y.shape[1])); A = []
    clean = [j for j in range(Y.shape[1]) if not np.isnan(Y[:, j]).any()]
    m = make().fit(X, Y[:, clean]); P[:, clean] = m.predict(T)
    if hasattr(m, "alpha_"): A = list(np.broadcast_to(m.alpha_, (len(clean),)))
    for j in range(Y.shape[1]):
        if j in clean: continue
        ok = ~np.isnan(Y[:, j]); mj = make().fit(X[ok], Y[ok, j]); P[:, j] = mj.predict(T)
        if hasattr(mj, "alpha_"): A.append(float(mj.alpha_))
    return P, A

emit("alphas", lit(ALPHAS), "[Double]")
for case, X, Y, T in [("A", XA, YA, TA), ("B", XB, YB, TB)]:
    P, _ = per_task(lambda: Ridge(alpha=1.0), X, Y, T); emit(f"ridge1{case}", lit(P))
    P, A = per_task(lambda: RidgeCV(alphas=ALPHAS, alpha_per_target=True), X, Y, T)
    emit(f"ridgeCVPerTask{case}", lit(P)); emit(f"ridgeCVPerTaskAlphas{case}", lit(A), "[Double]")
    m = RidgeCV(alphas=ALPHAS, alpha_per_target=False).fit(X, Y[:, :3])
    emit(f"ridgeCVShared{case}", lit(m.predict(T))); emit(f"ridgeCVSharedAlpha{case}", lit(m.alpha_), "Double")
# Tie: a constant target gives equal LOO error for every alpha; RidgeCV keeps the first.
Yc = YB[:, :2].copy(); Yc[:, 1] = 2.5
emit("ridgeCVConstantAlphas", lit(RidgeCV(alphas=ALPHAS[::-1], alpha_per_target=True).fit(XB, Yc).alpha_), "[Double]")

# kNN on case B (clean tasks 0..2).
for metric in ["euclidean", "manhattan", "cosine"]:
    for w in ["uniform", "distance"]:
        m = KNeighborsRegressor(n_neighbors=3, weights=w, metric=metric, algorithm="brute").fit(XB, YB[:, :3])
        emit(f"knn_{metric}_{w}", lit(m.predict(TB)))
# Zero distance: integer data with duplicated training rows.
XZ = np.array([[0, 0], [1, 0], [1, 0], [0, 2], [3, 3], [1, 0]], float)
YZ = np.array([[1.0], [2.0], [4.0], [8.0], [16.0], [32.0]])
QZ = np.array([[1, 0], [0, 1]], float)
emit("xZ", lit(XZ)); emit("yZ", lit(YZ)); emit("queryZ", lit(QZ))
emit("knnZeroDistance", lit(KNeighborsRegressor(n_neighbors=4, weights="distance", algorithm="brute").fit(XZ, YZ).predict(QZ)))

# StandardScaler with a constant column.
XS = XB.copy(); XS[:, 2] = 1.25
TS = TB.copy()
emit("xS", lit(XS)); emit("testS", lit(TS))
emit("standardized", lit(StandardScaler().fit(XS).transform(TS)))

# Pipelines: StandardScaler -> PCA -> Ridge.
for case, X, Y, T in [("A", XA, YA[:, :3], TA), ("B", XB, YB[:, :3], TB)]:
    m = make_pipeline(StandardScaler(), PCA(n_components=3), Ridge(alpha=0.5)).fit(X, Y)
    emit(f"pipelinePCA3{case}", lit(m.predict(T)))
    m = make_pipeline(StandardScaler(), PCA(n_components=0.9), Ridge(alpha=0.5)).fit(X, Y)
    emit(f"pipelinePCA90{case}", lit(m.predict(T)))
    emit(f"pipelinePCA90Components{case}", str(m[1].n_components_), "Int")

# Cross-validated predictions. Case C: 20 rows x 30 features; case B (clean tasks) for p < n.
XC = np.round(rng.normal(size=(20, 30)), 6)
YC = np.round(XC[:, :4] @ rng.normal(size=(4, 2)) + 0.4 * rng.normal(size=(20, 2)), 6)
GC = np.array([0, 0, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9])
emit("xC", lit(XC)); emit("yC", lit(YC)); emit("groupsC", ilit(GC), "[Int]")
models = {
    "Ridge": lambda: RidgeCV(alphas=ALPHAS, alpha_per_target=True),
    "Knn": lambda: KNeighborsRegressor(n_neighbors=3, weights="distance", algorithm="brute"),
    "Pipe": lambda: make_pipeline(StandardScaler(), PCA(n_components=4), Ridge(alpha=2.0)),
}
cvs = {"KFold": (KFold(5), None), "LOO": (LeaveOneOut(), None), "Group": (GroupKFold(4), GC)}
for cvname, (cv, groups) in cvs.items():
    for mname, make in models.items():
        emit(f"cv{cvname}{mname}C", lit(cross_val_predict(make(), XC, YC, cv=cv, groups=groups)))
emit("cvKFoldRidgeB", lit(cross_val_predict(models["Ridge"](), XB, YB[:, :3], cv=KFold(4))))
emit("groupKFoldTests", "[" + ", ".join(ilit(te) for _, te in GroupKFold(4).split(XC, YC, GC)) + "]", "[[Int]]")
emit("kFold23x5Tests", "[" + ", ".join(ilit(te) for _, te in KFold(5).split(np.zeros((23, 1)))) + "]", "[[Int]]")

# Correlations, including ties.
corr = [([1, 2, 2, 4], [1, 2, 3, 4])]
v = np.round(rng.normal(size=30), 6); w = np.round(v + rng.normal(size=30), 6); corr.append((v, w))
a = rng.integers(0, 5, size=25).astype(float); b = (a + rng.integers(0, 3, size=25)).astype(float); corr.append((a, b))
corr.append(([3, 1, 2, 2, 5, 5, 5, 0], [2, 2, 1, 0, 4, 4, 3, 1]))
rows = []
for x, y in corr:
    rows.append("        (x: %s, y: %s, spearman: %s, kendall: %s, pearson: %s)" % (
        lit(np.asarray(x, float)), lit(np.asarray(y, float)), repr(float(st.spearmanr(x, y).statistic)),
        repr(float(st.kendalltau(x, y).statistic)), repr(float(st.pearsonr(x, y).statistic))))
out.append("    static let correlations: [(x: [Double], y: [Double], spearman: Double, kendall: Double, pearson: Double)] = [\n"
           + ",\n".join(rows) + "]")

print(f"""// GENERATED by bench/regression/make_golden.py — do not edit by hand.
// python3 bench/regression/make_golden.py > Tests/RegressionTests/GoldenValues.swift
// scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}.
// Calls: Ridge(alpha=1.0); RidgeCV(alphas=np.logspace(-3, 3, 13), alpha_per_target=True|False) (default
// gcv_mode, LOO); KNeighborsRegressor(n_neighbors=3, weights=w, metric=m, algorithm="brute");
// StandardScaler(); make_pipeline(StandardScaler(), PCA(n_components=3|0.9|4), Ridge(alpha=0.5|2.0));
// cross_val_predict(model, X, Y, cv=KFold(5)|LeaveOneOut()|GroupKFold(4), groups=...);
// scipy.stats.spearmanr / kendalltau (tau-b) / pearsonr. Tasks with NaN targets are fitted per task on
// their observed rows (see per_task in the script).
// swiftlint:disable all
enum Golden {{""")
print("\n".join(out))
print("}")
