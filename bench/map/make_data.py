#!/usr/bin/env python3
"""Synthetic benchmark input: a Gaussian mixture of ROWS points in COLS dimensions (12 components
with different spreads and sizes), written as little-endian float64 in C order. Deterministic."""
import sys

import numpy as np

path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(2026)
k = 12
weights = rng.dirichlet(np.full(k, 3.0))
labels = rng.choice(k, size=rows, p=weights)
centres = rng.normal(scale=1.0, size=(k, cols))
spread = rng.uniform(0.3, 0.9, size=k)
X = centres[labels] + rng.normal(size=(rows, cols)) * spread[labels, None]
X.astype("<f8").tofile(path)
