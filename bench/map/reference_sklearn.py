#!/usr/bin/env python3
"""scikit-learn reference for bench/map/run.sh: TSNE(perplexity=30, init='pca', method='barnes_hut',
random_state=0) on a raw float64 file (C order, one point per row). Prints one JSON line."""
import json
import sys
import time

import numpy as np
from sklearn.manifold import TSNE, trustworthiness

path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(path, dtype="<f8").reshape(rows, cols)
t0 = time.perf_counter()
tsne = TSNE(n_components=2, perplexity=30, init="pca", method="barnes_hut", random_state=0)
Y = tsne.fit_transform(X)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "kl": float(tsne.kl_divergence_),
                  "trustworthiness": float(trustworthiness(X, Y, n_neighbors=7)),
                  "n_iter": int(tsne.n_iter_)}))
