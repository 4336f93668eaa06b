#!/usr/bin/env python3
"""Placement of held-out encoders on a fixed map: encmap predict vs openTSNE's TSNEEmbedding.transform.

Data: a seeded Gaussian mixture of REF + HELD points (8 clusters of different spreads, 200 features),
written as feature vectors. encmap: `encmap run` on the REF points (a spec with a map section: ℓ1,
perplexity 30) stores the reference map in the run folder, `encmap predict --out` places the HELD
points on it. openTSNE: a TSNEEmbedding of the SAME reference coordinates, its affinities and its
`transform` (defaults: perplexity 5 → here the map's perplexity, k=7 median start, 250 iterations,
learning rate 0.1, exaggeration 1.5, momentum 0.8, max_grad_norm 0.25) on the SAME distances: openTSNE
squares the distances it is given, so it gets sqrt(ℓ1) and its kernel sees ℓ1, as encmap's does.

openTSNE is run with Barnes–Hut negative gradients ("bh"; encmap sums exactly). Note that openTSNE's
transform first translates its copy of the reference embedding to centre it; its placements are shifted back.

Reported: for each held-out point, the fraction of its 7 nearest reference points on the 2-D map that
are among its 7 nearest by ℓ1 in feature space (recall@7), averaged, for both; and the distance between
the two placements relative to the map's extent; and a numpy replica of openTSNE's optimisation steps with
exact sums, started from openTSNE's own P and median start, against both.

Usage: python3 bench/predict/placement.py [ENCMAP_BINARY]   (needs numpy, openTSNE: pip install openTSNE)
"""
import csv, json, os, subprocess, sys, tempfile, time
import numpy as np
import openTSNE
from openTSNE import TSNEEmbedding, affinity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/encmap")
REF, HELD, DIM, K = int(os.environ.get("REF", 400)), int(os.environ.get("HELD", 40)), 200, 7

rng = np.random.default_rng(12)
centres = rng.normal(scale=3, size=(8, DIM))
labels = rng.integers(0, 8, size=REF + HELD)
spread = np.array([0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 0.7, 1.1])
X = centres[labels] + spread[labels, None] * rng.normal(size=(REF + HELD, DIM))
ids = [f"e{i:04d}" for i in range(REF + HELD)]

work = tempfile.mkdtemp(prefix="encmap-placement-")
feat = os.path.join(work, "features")
new = os.path.join(work, "new")
os.makedirs(feat)
os.makedirs(new)
for i, v in enumerate(X):
    np.save(os.path.join(feat if i < REF else new, ids[i] + ".npy"), v.astype("<f8"))
with open(os.path.join(work, "scores.csv"), "w") as f:
    f.write("encoder,T\n" + "".join(f"{ids[i]},{X[i, 0]}\n" for i in range(REF)))
spec = {"version": 1, "name": "placement", "encoders": {"features": feat},
        "scores": {"csv": os.path.join(work, "scores.csv"), "idColumn": "encoder", "tasks": ["T"]},
        "regressors": [{"name": "ridge", "kind": "ridge", "alpha": 1}],
        "crossValidation": {"kind": "kfold", "folds": 5}, "bootstrap": {"resamples": 10, "seed": 0},
        "output": os.path.join(work, "run"), "map": {"metric": "l1", "perplexity": 30, "seed": 0, "k": K,
                                                     "output": os.path.join(work, "map")}}
json.dump(spec, open(os.path.join(work, "spec.json"), "w"))
subprocess.run([BIN, "run", os.path.join(work, "spec.json")], check=True, capture_output=True)
t0 = time.perf_counter()
subprocess.run([BIN, "predict", "--out", os.path.join(work, "pred"), os.path.join(work, "run"), new], check=True, capture_output=True)
encmap_seconds = time.perf_counter() - t0

ref_rows = list(csv.reader(open(os.path.join(work, "run/map/coordinates.csv"))))[1:]
ref_index = [int(r[0][1:]) for r in ref_rows]
Y = np.array([[float(r[1]), float(r[2])] for r in ref_rows])
params = json.load(open(os.path.join(work, "run/map/map.json")))
placed = {r[0]: (float(r[1]), float(r[2])) for r in list(csv.reader(open(os.path.join(work, "pred/coordinates.csv"))))[1:]}
held_ids = sorted(placed)
E = np.array([placed[h] for h in held_ids])
held_index = [int(h[1:]) for h in held_ids]

XR, XH = X[ref_index], X[held_index]
D_ref = np.abs(XR[:, None, :] - XR[None, :, :]).sum(-1)
D_new = np.abs(XH[:, None, :] - XR[None, :, :]).sum(-1)
perp = params["perplexity"]
aff = affinity.PerplexityBasedNN(np.sqrt(D_ref), perplexity=perp, metric="precomputed", verbose=False)
# openTSNE's transform first centres the reference embedding in place (y -= (max + min)/2, on its copy) and
# returns the new points in those shifted coordinates: shift them back onto the map as it is.
shift = (Y.max(axis=0) + Y.min(axis=0)) / 2
t0 = time.perf_counter()
O = shift + np.asarray(TSNEEmbedding(Y.copy(), aff, negative_gradient_method="bh").transform(np.sqrt(D_new), perplexity=perp, k=K))
opentsne_seconds = time.perf_counter() - t0
O_start = np.asarray(TSNEEmbedding(Y.copy(), aff).prepare_partial(np.sqrt(D_new), k=K, perplexity=perp))
start = np.array([np.median(Y[np.argsort(D_new[i], kind="stable")[:K]], axis=0) for i in range(len(held_ids))])


def recall(P):
    out = []
    for i in range(len(held_ids)):
        feat_nn = set(np.argsort(D_new[i], kind="stable")[:K])
        map_nn = set(np.argsort(((Y - P[i]) ** 2).sum(1), kind="stable")[:K])
        out.append(len(feat_nn & map_nn) / K)
    return float(np.mean(out))


def ref_recall():
    """The same recall for the reference points themselves on their own map (a ceiling of sorts)."""
    out = []
    for i in range(len(Y)):
        d = D_ref[i].copy(); d[i] = np.inf
        e = ((Y - Y[i]) ** 2).sum(1); e[i] = np.inf
        out.append(len(set(np.argsort(d, kind="stable")[:K]) & set(np.argsort(e, kind="stable")[:K])) / K)
    return float(np.mean(out))


extent = float(max(np.ptp(Y[:, 0]), np.ptp(Y[:, 1])))
result = {"reference": REF, "heldOut": len(held_ids), "features": DIM, "metric": "l1", "perplexity": perp, "k": K,
          "recallAt7": {"encmap": recall(E), "openTSNE": recall(O),
                        "medianStartOnly": recall(start), "openTSNEStartOnly": recall(O_start), "referencePointsOwn": ref_recall()},
          "medianPlacementGap": float(np.median(np.linalg.norm(E - O, axis=1)) / extent),
          "seconds": {"encmapPredictWholeCommand": encmap_seconds, "openTSNETransform": opentsne_seconds},
          "openTSNE": openTSNE.__version__}
print(json.dumps(result, indent=1))

if True:
    # The same optimisation in numpy from openTSNE's own P and start, exact sums.
    P = aff.to_new(np.sqrt(D_new), perplexity=perp).toarray()
    def place(y, p, iters=250, lr=0.1, ex=1.5, mom=0.8, mg=0.25):
        upd = np.zeros(2); gains = np.ones(2)
        for _ in range(iters):
            d = y - Y; w = 1 / (1 + (d ** 2).sum(1))
            g = ((ex * p * w)[:, None] * d).sum(0) - ((w * w)[:, None] * d).sum(0) / w.sum()
            c = mg / (np.linalg.norm(g) + 1e-6)
            if c < 1: g = g * c
            flip = np.sign(upd) != np.sign(g)
            gains = np.where(flip, gains + 0.2, gains * 0.8 + 0.01)
            upd = mom * upd - lr * gains * g
            y = y + upd
        return y
    N = np.array([place(O_start[i].copy(), P[i]) for i in range(len(held_ids))])
    print(json.dumps({"numpyReplicaOfOpenTSNEStepsExactSums": {
        "medianGapToOpenTSNE": float(np.median(np.linalg.norm(N - O, axis=1)) / extent),
        "medianGapToEncmap": float(np.median(np.linalg.norm(N - E, axis=1)) / extent), "recallAt7": recall(N)}}, indent=1))
