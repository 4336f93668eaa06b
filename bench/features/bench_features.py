#!/usr/bin/env python3
"""Benchmark: time per encoder of `encmap features` beside numpy references, measured in the same run.

usage: python3 bench/features/bench_features.py ENCMAP_BINARY [--n 3000] [--d 768] [--encoders 4] [--repeats 3]

References (float64, the DESIGN.md §1.4 q-vector, the same files read from disk):
  numpy n×n route: M = E Eᵀ, numpy.linalg.eigh(M) — what encmap avoids;
  numpy thin route: G = Eᵀ E, eigh(G), V = E W / sqrt(s) — the route encmap takes.
Prints medians over repeats and the ratios; writes the JSON to bench/results/.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

EPS = 1e-10


def q_full(E):
    n, d = E.shape
    M = E @ E.T
    lam, V = np.linalg.eigh(M / np.trace(M))
    lam, V = lam[::-1], V[:, ::-1]
    keep = lam > max(n, d) * 2.22e-16 * lam[0]
    lam, V = lam[keep], V[:, keep]
    lev = (V ** 2).sum(1)
    return (-np.log(n) - (V ** 2) @ np.log(lam) - (1 - lev) * np.log(EPS)) / n


def q_thin(E):
    n, d = E.shape
    tr = float(np.sum(E * E))
    s, W = np.linalg.eigh(E.T @ E)
    s, W = s[::-1], W[:, ::-1]
    lam = s / tr
    keep = lam > max(n, d) * 2.22e-16 * lam[0]
    s, W, lam = s[keep], W[:, keep], lam[keep]
    V2 = (E @ W) ** 2 / s
    lev = V2.sum(1)
    return (-np.log(n) - V2 @ np.log(lam) - (1 - lev) * np.log(EPS)) / n


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("encmap")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--d", type=int, default=768)
    ap.add_argument("--encoders", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-full", action="store_true", help="skip the n×n reference (slow at large n)")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "emb")
        os.makedirs(src)
        files = []
        for k in range(a.encoders):
            # A realistic spectrum: a decaying low-rank signal plus noise, float32, L2-normalised rows.
            E = rng.standard_normal((a.n, a.d)) * (np.arange(1, a.d + 1) ** -0.7) + 0.05 * rng.standard_normal((a.n, a.d))
            E /= np.linalg.norm(E, axis=1, keepdims=True)
            path = os.path.join(src, f"enc{k}.npy")
            np.save(path, E.astype(np.float32))
            files.append(path)
        out = os.path.join(tmp, "out")

        def run_encmap():
            subprocess.run([a.encmap, "features", "--out", out, src], check=True)

        def run_thin():
            for f in files:
                q_thin(np.load(f).astype(np.float64))

        def run_full():
            for f in files:
                q_full(np.load(f).astype(np.float64))

        run_encmap()  # warm-up (page cache, dynamic loader)
        t_encmap = median_time(run_encmap, a.repeats) / a.encoders
        t_thin = median_time(run_thin, a.repeats) / a.encoders
        # Agreement of what was timed: encmap's vectors against numpy's thin and full routes.
        q_ref = q_thin(np.load(files[0]).astype(np.float64))
        q_ours = np.load(os.path.join(out, "enc0.npy"))
        diff_thin = float(np.max(np.abs(q_ours - q_ref) / np.abs(q_ref)))
        t_full = None
        diff_full = None
        if not a.skip_full:
            t_full = median_time(lambda: q_full(np.load(files[0]).astype(np.float64)), 1)
            diff_full = float(np.max(np.abs(q_ours - q_full(np.load(files[0]).astype(np.float64))) / np.abs(q_ref)))

    try:
        from threadpoolctl import threadpool_info
        blas = [(i.get("internal_api"), i.get("num_threads"), i.get("architecture")) for i in threadpool_info()]
    except Exception:
        blas = "threadpoolctl not installed"
    result = {
        "n": a.n, "d": a.d, "encoders": a.encoders, "repeats": a.repeats,
        "encmap_s_per_encoder": t_encmap, "numpy_thin_s_per_encoder": t_thin, "numpy_full_s_per_encoder": t_full,
        "ratio_full_over_encmap": (t_full / t_encmap) if t_full else None,
        "ratio_encmap_over_thin": t_encmap / t_thin,
        "max_rel_diff_vs_thin": diff_thin, "max_rel_diff_vs_full": diff_full,
        "numpy": np.__version__, "numpy_blas": blas, "machine": platform.machine(), "cpus": os.cpu_count(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    print(f"features at (n, d) = ({a.n}, {a.d}), {a.encoders} encoders, median of {a.repeats}")
    print(f"  {'route':<22}{'s/encoder':>12}{'ratio':>28}")
    print(f"  {'encmap features':<22}{t_encmap:>12.4f}")
    print(f"  {'numpy thin (EᵀE)':<22}{t_thin:>12.4f}{'encmap/numpy-thin = %.2f' % (t_encmap / t_thin):>28}")
    if t_full:
        print(f"  {'numpy n×n eigh':<22}{t_full:>12.4f}{'numpy-full/encmap = %.1f×' % (t_full / t_encmap):>28}")
    print(f"  max relative |Δq| vs numpy thin: {diff_thin:.2e}" + (f", vs n×n: {diff_full:.2e}" if diff_full is not None else ""))
    os.makedirs(os.path.join(os.path.dirname(__file__), "..", "results"), exist_ok=True)
    path = os.path.join(os.path.dirname(__file__), "..", "results", f"features-{a.n}x{a.d}-{time.strftime('%Y%m%d-%H%M%S')}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print(f"  written: {os.path.normpath(path)}")


if __name__ == "__main__":
    sys.exit(main())
