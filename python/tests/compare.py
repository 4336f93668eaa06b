"""Checks of scripts/test-embed.sh: an embedding file against the shipped fixture, and two `encmap
features` output folders against each other. usage:
  compare.py embeddings NEW.npy SHIPPED.npy TOLERANCE
  compare.py features NEW_DIR SHIPPED_DIR ID RANK ENTROPY
(RANK and ENTROPY: the README's reference values for the shipped file, numpy float64 eigh, S(ρ) to 4 places)
Prints the measured differences; exits 1 when a check fails."""

import csv
import os
import sys

import numpy as np


def embeddings(new_path, shipped_path, tolerance):
    new, shipped = np.load(new_path), np.load(shipped_path)
    ok = new.dtype == np.float32 and new.flags["C_CONTIGUOUS"] and new.shape == shipped.shape
    diff = float(np.abs(new.astype(np.float64) - shipped.astype(np.float64)).max()) if ok else float("inf")
    print(f"embeddings: {new.dtype} {new.shape} C-order={new.flags['C_CONTIGUOUS']}; "
          f"max |new - shipped| = {diff:.3g} (tolerance {tolerance:g})")
    return ok and diff <= tolerance


def features(new_dir, shipped_dir, encoder, rank, entropy):
    def summary(folder):
        with open(os.path.join(folder, "summary.csv"), newline="") as f:
            return next(r for r in csv.DictReader(f) if r["encoder"] == encoder)
    a, b = summary(new_dir), summary(shipped_dir)
    qa = np.load(os.path.join(new_dir, encoder + ".npy"))
    qb = np.load(os.path.join(shipped_dir, encoder + ".npy"))
    dq = float(np.abs(qa - qb).max())
    ds = abs(float(a["entropy"]) - float(b["entropy"]))
    dqre = abs(float(a["qre_unit"]) - float(b["qre_unit"]))
    print(f"features: rank {a['rank']} vs {b['rank']}; S(rho) {float(a['entropy']):.10f} vs {float(b['entropy']):.10f} "
          f"(diff {ds:.2g}); S(I/n||rho_eps) diff {dqre:.2g}; q-vector max diff {dq:.2g} (max |q| {np.abs(qb).max():.3g})")
    return (a["rank"] == b["rank"] == rank and round(float(a["entropy"]), 4) == float(entropy) and ds < 1e-6 and dqre < 1e-5
            and qa.shape == qb.shape and dq < 1e-7)


if __name__ == "__main__":
    kind = sys.argv[1]
    good = embeddings(sys.argv[2], sys.argv[3], float(sys.argv[4])) if kind == "embeddings" else \
        features(*sys.argv[2:7])
    sys.exit(0 if good else 1)
