#!/usr/bin/env python3
"""Golden values for Tests/MapTests (encmap's Map module).

Prints Swift literals: distance matrices from scipy.spatial.distance.cdist (cityblock, euclidean,
cosine) on a small literal feature matrix, SciPy linkage matrices (average, single, complete, ward)
on a small distance matrix, and sklearn.manifold.trustworthiness on a small layout.

Usage: python3 bench/map/make_golden.py   (no arguments; deterministic)
"""
import numpy as np
import scipy
import sklearn
from scipy.spatial.distance import cdist, squareform, pdist
from scipy.cluster.hierarchy import linkage
from sklearn.manifold import trustworthiness


def swift_rows(a):
    return "[\n" + ",\n".join("    [" + ", ".join(repr(float(v)) for v in row) + "]" for row in a) + "\n]"


print(f"// numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}")

# 1. Distances: five encoders (rows) with four features each.
X = np.array([
    [0.10, 0.20, 0.30, 0.40],
    [0.00, 0.50, 0.25, 0.25],
    [1.00, 0.00, 0.00, 0.00],
    [0.30, 0.30, 0.20, 0.20],
    [0.05, 0.15, 0.70, 0.10],
])
print("// features (rows = encoders)")
print("let goldenFeatures: [[Double]] = " + swift_rows(X))
for metric in ["cityblock", "euclidean", "cosine"]:
    print(f"// cdist(X, X, '{metric}')")
    print(f"let golden_{metric}: [[Double]] = " + swift_rows(cdist(X, X, metric)))

# 2. Linkage: nine points in the plane (distinct pairwise distances), euclidean distances.
P = np.array([[0.0, 0.0], [0.3, 0.1], [1.7, 0.2], [2.05, 0.15], [5.0, 5.1],
              [5.4, 4.75], [0.9, 3.2], [1.15, 3.55], [4.1, 0.6]])
D = squareform(pdist(P))
print("let goldenLinkagePoints: [[Double]] = " + swift_rows(P))
for method in ["average", "single", "complete", "ward"]:
    Z = linkage(squareform(D, checks=False), method=method)
    print(f"// linkage(squareform(D), method='{method}')")
    print(f"let goldenLinkage_{method}: [[Double]] = " + swift_rows(Z))

# 3. Trustworthiness: 12 points in 4-D, a 2-D layout, k = 3 and 5 (no ties in distances).
rng = np.random.default_rng(7)
H = rng.normal(size=(12, 4))
Y = rng.normal(size=(12, 2))
DH = squareform(pdist(H))
print("let goldenTrustHigh: [[Double]] = " + swift_rows(H))
print("let goldenTrustLayout: [[Double]] = " + swift_rows(Y))
for k in [3, 5]:
    t = trustworthiness(DH, Y, n_neighbors=k, metric="precomputed")
    print(f"let goldenTrust_k{k} = {float(t)!r}")
