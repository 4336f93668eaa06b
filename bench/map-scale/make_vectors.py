#!/usr/bin/env python3
"""Synthetic q-vectors with cluster structure, written as an `encmap features`-style folder.

usage: make_vectors.py OUT_DIR [--m 1101] [--n 10000] [--families 40] [--seed 1101]

Each family f has a centre c_f: a decreasing spectrum-like profile c_f[k] = a_f · (k + 1)^(−b_f) with
a_f, b_f drawn per family; encoder e of family f is c_f · exp(σ_f · z_e) + τ · |w_e| (z, w standard normal,
σ_f ~ U(0.05, 0.3), τ = 1e-4): non-negative, like q-vectors (diagonals of −log-ish spectra). Families are
assigned round-robin so every m has all 40. Writes
  OUT_DIR/<id>.npy     float64, shape (n,)             (what `encmap map --features OUT_DIR` reads)
  OUT_DIR/summary.csv  encoder,n,dim,rank,entropy,qre_unit (header of `encmap features`; synthetic values)
  OUT_DIR.f64          the m×n matrix, C order, little-endian float64 (for the distance benchmark and scipy)
  OUT_DIR.ids          one id per line, in the matrix's row order
"""
import argparse
import os
import sys

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--m", type=int, default=1101)
p.add_argument("--n", type=int, default=10000)
p.add_argument("--families", type=int, default=40)
p.add_argument("--seed", type=int, default=1101)
a = p.parse_args()
if os.path.exists(a.out):
    sys.exit(f"make_vectors: {a.out} exists; choose a new folder")
rng = np.random.default_rng(a.seed)
k = np.arange(1, a.n + 1, dtype=np.float64)
amp = rng.uniform(0.5, 2.0, a.families)
decay = rng.uniform(0.3, 1.2, a.families)
spread = rng.uniform(0.05, 0.3, a.families)
centres = amp[:, None] * k[None, :] ** (-decay[:, None])
os.makedirs(a.out)
x = np.empty((a.m, a.n), dtype=np.float64)
ids = []
for e in range(a.m):
    f = e % a.families
    x[e] = centres[f] * np.exp(spread[f] * rng.standard_normal(a.n)) + 1e-4 * np.abs(rng.standard_normal(a.n))
    ids.append(f"family{f:02d}-enc{e:05d}")
rows = ["encoder,n,dim,rank,entropy,qre_unit"]
for e, i in enumerate(ids):
    np.save(os.path.join(a.out, f"{i}.npy"), x[e])
    rows.append(f"{i},{a.n},{a.n},{a.n},0,{float(x[e].sum())!r}")
with open(os.path.join(a.out, "summary.csv"), "w") as fh:
    fh.write("\n".join(rows) + "\n")
x.astype("<f8").tofile(a.out.rstrip("/") + ".f64")
with open(a.out.rstrip("/") + ".ids", "w") as fh:
    fh.write("\n".join(ids) + "\n")
print(f"make_vectors: {a.m} encoders × n = {a.n} ({a.families} families) -> {a.out}")
