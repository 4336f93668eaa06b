#!/usr/bin/env python3
"""openTSNE's FFT gradient (FIt-SNE interpolation) on the fixed sparse P and start of make_sparse_p.py.

usage: reference_opentsne_gradient.py PREFIX ITERATIONS EXPLORATION OUT.f64

The schedule is encmap's (scikit-learn's): EXPLORATION iterations with exaggeration 12 and momentum 0.5,
then momentum 0.8 up to ITERATIONS, one learning rate max(m/12, 200) for both (openTSNE's gradient has no
factor 4, so this is scikit-learn's max(m/12/4, 50)); openTSNE's interpolation defaults
(n_interpolation_points=3, min_num_intervals=50, ints_in_interval=1), n_jobs=2. Writes the final layout
(m×2 float64, C order) and prints one JSON line with per-phase seconds and openTSNE's own KL.
"""
import json
import sys
import time

import numpy as np
import openTSNE
import scipy.sparse as sp
from openTSNE import TSNEEmbedding, affinity

prefix, iterations, exploration, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
indptr = np.fromfile(prefix + ".indptr", dtype="<i8")
indices = np.fromfile(prefix + ".indices", dtype="<i8")
data = np.fromfile(prefix + ".data", dtype="<f8")
m = len(indptr) - 1
P = sp.csr_matrix((data, indices, indptr), shape=(m, m))
start = np.fromfile(prefix + ".start", dtype="<f8").reshape(m, 2)
lr = max(m / 12, 200)
emb = TSNEEmbedding(start.copy(), affinity.PrecomputedAffinities(P, normalize=False), n_jobs=2,
                    negative_gradient_method="fft", random_state=0)
t0 = time.perf_counter()
emb = emb.optimize(n_iter=exploration, exaggeration=12, momentum=0.5, learning_rate=lr)
t1 = time.perf_counter()
emb = emb.optimize(n_iter=iterations - exploration, exaggeration=None, momentum=0.8, learning_rate=lr)
t2 = time.perf_counter()
np.ascontiguousarray(emb, dtype="<f8").tofile(out)
rest = max(iterations - exploration, 1)
print(json.dumps({"method": f"openTSNE {openTSNE.__version__} fft", "m": m, "phase_seconds": [t1 - t0, t2 - t1],
                  "ms_per_iteration": [1000 * (t1 - t0) / max(exploration, 1), 1000 * (t2 - t1) / rest],
                  "iterations": iterations, "kl_reported": float(emb.kl_divergence)}))
