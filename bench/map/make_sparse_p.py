#!/usr/bin/env python3
"""A fixed sparse P and start for the t-SNE gradient benchmark (bench/map/gradient.sh).

usage: make_sparse_p.py VECTORS.f64 M N OUT_PREFIX

Reads the first M rows of an m×N float64 C-order matrix (bench/map-scale/make_vectors.py writes one; its
first M rows are exactly what it writes with --m M, since every encoder's draws follow the family
parameters in order), then, with openTSNE 1.0.x defaults for `TSNE(metric="manhattan", n_jobs=2)`:
  P      openTSNE.affinity.PerplexityBasedNN(perplexity=30, metric="manhattan"): Annoy kNN with
         k = 90, Gaussian conditionals bisected to perplexity 30, P = (C + Cᵀ) / Σ(C + Cᵀ)
  start  openTSNE.initialization.pca(x, random_state=0): first two principal components, std 10⁻⁴
Writes OUT_PREFIX.indptr (int64, M+1), .indices (int64), .data (float64), .start (float64, M×2 C order),
and prints one JSON line with the time each took.
"""
import json
import sys
import time

import numpy as np
from openTSNE import affinity, initialization

path, m, n, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
x = np.fromfile(path, dtype="<f8", count=m * n).reshape(m, n)
t0 = time.perf_counter()
aff = affinity.PerplexityBasedNN(x, perplexity=30, metric="manhattan", n_jobs=2, random_state=0)
t1 = time.perf_counter()
start = initialization.pca(x, random_state=0)
t2 = time.perf_counter()
p = aff.P.tocsr()
p.sort_indices()
p.indptr.astype("<i8").tofile(out + ".indptr")
p.indices.astype("<i8").tofile(out + ".indices")
p.data.astype("<f8").tofile(out + ".data")
np.ascontiguousarray(start, dtype="<f8").tofile(out + ".start")
print(json.dumps({"m": m, "nnz": int(p.nnz), "p_sum": float(p.sum()), "affinity_seconds": t1 - t0,
                  "pca_seconds": t2 - t1}))
