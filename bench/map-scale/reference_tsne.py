#!/usr/bin/env python3
"""The reference t-SNE runs of bench/map-scale/compare.sh: openTSNE or scikit-learn on a m×n float64 file.

usage: reference_tsne.py opentsne|sklearn F64 M N OUT_PREFIX

openTSNE 1.0.x: its defaults with the issue's settings, TSNE(metric="manhattan", n_jobs=2, random_state=0):
perplexity 30, Annoy neighbours (90 = 3·perplexity), PCA start, FFT-accelerated gradient, early exaggeration 12 for
250 iterations then 500 (openTSNE's own default; scikit-learn and encmap run 750 after the exaggeration).
scikit-learn: TSNE(metric="manhattan", random_state=0, n_jobs=2) — exact pairwise ℓ1 distances, Barnes–Hut,
PCA start, 250 + 750 iterations, learning rate "auto".
Writes OUT_PREFIX.coords.npy (m×2, rows in the file's order), OUT_PREFIX.json (load and fit seconds, the tool's
own KL) and, for openTSNE, OUT_PREFIX.P.npz (its symmetric joint probabilities: the common P that evaluate.py
scores every layout against).
"""
import json
import sys
import time

import numpy as np

tool, path, m, n, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
t0 = time.perf_counter()
x = np.fromfile(path, dtype="<f8").reshape(m, n)
t1 = time.perf_counter()
info = {"tool": tool, "load_s": t1 - t0}
if tool == "opentsne":
    import openTSNE
    import scipy.sparse
    e = openTSNE.TSNE(metric="manhattan", n_jobs=2, random_state=0).fit(x)
    info["fit_s"] = time.perf_counter() - t1
    info["version"] = openTSNE.__version__
    info["kl"] = float(e.kl_divergence)
    y = np.asarray(e)
    scipy.sparse.save_npz(prefix + ".P.npz", scipy.sparse.csr_matrix(e.affinities.P))
elif tool == "sklearn":
    import sklearn
    from sklearn.manifold import TSNE
    t = TSNE(metric="manhattan", random_state=0, n_jobs=2)
    y = t.fit_transform(x)
    info["fit_s"] = time.perf_counter() - t1
    info["version"] = sklearn.__version__
    info["kl"] = float(t.kl_divergence_)
else:
    sys.exit(f"reference_tsne: unknown tool {tool!r}; use opentsne or sklearn")
np.save(prefix + ".coords.npy", np.ascontiguousarray(y, dtype=np.float64))
json.dump(info, open(prefix + ".json", "w"))
