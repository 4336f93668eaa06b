#!/usr/bin/env python3
"""Scores 2-D maps of the same m vectors on one yardstick (bench/map-scale/compare.sh).

usage: evaluate.py F64 M N IDS P_NPZ SAMPLE NAME=COORDS [NAME=COORDS …]

COORDS is a .npy (m×2, rows in F64's order) or an encmap coordinates.csv (encoder,x,y; matched by id through IDS,
one id per line in F64's order). For each map it prints, as JSON:
- kl: KL(P‖Q) = Σ pᵢⱼ log(pᵢⱼ / qᵢⱼ) with P the openTSNE joint probabilities of the same vectors (P_NPZ, the common
  yardstick; each tool's own KL uses its own P and its own approximation of Q) and the exact
  qᵢⱼ = (1 + ‖yᵢ − yⱼ‖²)⁻¹ / Σ_{k≠l}(1 + ‖y_k − y_l‖²)⁻¹ over all pairs;
- trustworthiness@7 (scikit-learn's definition, ranks of the exact ℓ1 distances) and the 7-NN recall
  |layout 7-NN ∩ ℓ1 7-NN| / 7, averaged over SAMPLE query points drawn without replacement (seed 0; every point when
  SAMPLE ≥ M). Exact ℓ1 rows come from scipy's cdist(cityblock), two worker processes.
"""
import csv
import json
import sys
from multiprocessing import Pool

import numpy as np
import scipy.sparse
from scipy.spatial.distance import cdist

K = 7


def rows_l1(args):
    path, m, n, idx = args
    x = np.memmap(path, dtype="<f8", mode="r", shape=(m, n))
    out = np.empty((len(idx), m))
    for s in range(0, len(idx), 50):
        out[s:s + 50] = cdist(np.asarray(x[idx[s:s + 50]]), x, metric="cityblock")
    return out


def load(spec, ids):
    if spec.endswith(".npy"):
        return np.load(spec)
    where = {e: i for i, e in enumerate(ids)}
    y = np.full((len(ids), 2), np.nan)
    for r in csv.DictReader(open(spec)):
        y[where[r["encoder"]]] = (float(r["x"]), float(r["y"]))
    assert not np.isnan(y).any(), f"{spec}: not every encoder has coordinates"
    return y


def kl(p, y):
    m = len(y)
    z = 0.0
    for s in range(0, m, 1000):
        d2 = ((y[s:s + 1000, None, :] - y[None, :, :]) ** 2).sum(-1)
        w = 1 / (1 + d2)
        z += w.sum() - np.minimum(1000, m - s)  # drop the diagonal (w = 1)
    coo = p.tocoo()
    i, j, v = coo.row, coo.col, coo.data
    keep = (i != j) & (v > 0)
    i, j, v = i[keep], j[keep], v[keep]
    w = 1 / (1 + ((y[i] - y[j]) ** 2).sum(-1))
    return float((v * np.log(v / (w / z))).sum())


def main():
    path, m, n, ids_path, p_path, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
    ids = [l.strip() for l in open(ids_path) if l.strip()]
    p = scipy.sparse.load_npz(p_path)
    p = p / p.sum()
    rng = np.random.default_rng(0)
    q = np.arange(m) if sample >= m else np.sort(rng.choice(m, sample, replace=False))
    halves = np.array_split(q, 2)
    with Pool(2) as pool:
        d = np.vstack(pool.map(rows_l1, [(path, m, n, h) for h in halves]))
    d[np.arange(len(q)), q] = np.inf  # self
    order = np.argsort(d, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(len(q))[:, None], order] = np.arange(1, m + 1)[None, :]
    true_nn = order[:, :K]
    out = {}
    for spec in sys.argv[7:]:
        name, f = spec.split("=", 1)
        y = load(f, ids)
        e = ((y[q][:, None, :] - y[None, :, :]) ** 2).sum(-1)
        e[np.arange(len(q)), q] = np.inf
        lay = np.argsort(e, axis=1, kind="stable")[:, :K]
        r = np.take_along_axis(rank, lay, axis=1)
        penalty = np.clip(r - K, 0, None).sum(axis=1).mean()
        trust = 1 - 2 / (K * (2 * m - 3 * K - 1)) * penalty
        recall = np.mean([len(set(a) & set(b)) / K for a, b in zip(lay, true_nn)])
        out[name] = {"kl": kl(p, y), "trustworthiness": float(trust), "recall": float(recall)}
    print(json.dumps({"m": m, "sample": int(len(q)), "maps": out}))


if __name__ == "__main__":
    main()
