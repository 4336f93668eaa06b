#!/usr/bin/env python3
"""Benchmark: `encmap features` and `encmap qre` beside numpy references, measured in the same run.

usage: python3 bench/features/bench_features.py ENCMAP_BINARY [--n 3000] [--d 768] [--encoders 4] [--repeats 3]
           [--arrangements] [--full-max-n 3000] [--full-seconds S] [--json PATH]

References (float64, the unit-base q-vector, the same float32 files read from disk):
  numpy n×n route: M = E Eᵀ, numpy.linalg.eigh(M) — what encmap avoids (run only when n ≤ --full-max-n;
                   above it the time is extrapolated as t(n0)·(n/n0)³ from --full-seconds measured at n0);
  numpy thin route: G = Eᵀ E, eigh(G), V = E W / sqrt(s) — the route encmap takes.
  pairwise QRE: Theorem 1 through the cross Gram E_Aᵀ E_B (numpy) vs `encmap qre A B`.
numpy is timed with all BLAS threads and with one; ratios use the faster of the two.
--arrangements also times P encoders × 1 BLAS thread against 1 encoder × all BLAS threads.
Prints medians over repeats and the ratios; writes the JSON to bench/results/ (or --json).
The numpy side runs in this process: start it with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset (bench/run.sh
does); encmap gets the caller's values back through ENCMAP_BENCH_OPENBLAS_CORETYPE/_L2_SIZE.
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


def q_full(E, eps=EPS):
    """The unit-base q-vector through the full n×n eigendecomposition (the route encmap avoids)."""
    n, d = E.shape
    M = E @ E.T
    lam, V = np.linalg.eigh(M / np.trace(M))
    lam, V = lam[::-1], V[:, ::-1]
    keep = lam > max(n, d) * 2.22e-16 * lam[0]
    lam, V = lam[keep], V[:, keep]
    lev = (V ** 2).sum(1)
    return (-np.log(n) - (V ** 2) @ np.log(lam) - (1 - lev) * np.log(eps)) / n


def thin_spectrum(E):
    n, d = E.shape
    tr = float(np.sum(E * E))
    s, W = np.linalg.eigh(E.T @ E)
    s, W = s[::-1], W[:, ::-1]
    lam = s / tr
    keep = lam > max(n, d) * 2.22e-16 * lam[0]
    return s[keep], W[:, keep], lam[keep]


def q_thin(E):
    n, _ = E.shape
    s, W, lam = thin_spectrum(E)
    V2 = (E @ W) ** 2 / s
    lev = V2.sum(1)
    return (-np.log(n) - V2 @ np.log(lam) - (1 - lev) * np.log(EPS)) / n


def qre_thin(EA, EB):
    """S(ρ_A ‖ σ_B,ε), Theorem 1, through the d_A×d_B cross Gram (no n×n matrix)."""
    sA, WA, lamA = thin_spectrum(EA)
    sB, WB, muB = thin_spectrum(EB)
    C = (WA.T @ (EA.T @ EB) @ WB) / np.sqrt(np.outer(sA, sB))
    C2 = C ** 2
    captured = C2.sum(1)
    return float(np.sum(lamA * np.log(lamA)) - np.sum(lamA * (C2 @ np.log(muB) + (1 - captured) * np.log(EPS))))


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), times


def encmap_env():
    env = dict(os.environ)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        saved = os.environ.get("ENCMAP_BENCH_" + name)
        if saved:
            env[name] = saved
    return env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("encmap")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--d", type=int, default=768)
    ap.add_argument("--encoders", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--arrangements", action="store_true")
    ap.add_argument("--full-max-n", type=int, default=3000, help="largest n for which the n×n eigh route is run")
    ap.add_argument("--full-seconds", type=str, default=None, help="N0:SECONDS measured n×n time to extrapolate from")
    ap.add_argument("--skip-full", action="store_true")
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    cores = os.cpu_count()
    env = encmap_env()
    version = subprocess.run([a.encmap, "--version"], capture_output=True, text=True, env=env).stdout.strip()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "emb")
        os.makedirs(src)
        files = []
        for k in range(a.encoders):
            # A realistic spectrum: a decaying low-rank signal plus noise, float32, L2-normalised rows.
            E = rng.standard_normal((a.n, a.d), dtype=np.float32) * (np.arange(1, a.d + 1, dtype=np.float32) ** -0.7)
            E += 0.05 * rng.standard_normal((a.n, a.d), dtype=np.float32)
            E /= np.linalg.norm(E, axis=1, keepdims=True)
            path = os.path.join(src, f"enc{k}.npy")
            np.save(path, E.astype(np.float32))
            files.append(path)
            del E
        out = os.path.join(tmp, "out")

        def encmap(*extra):
            return lambda: subprocess.run([a.encmap, "features", *extra, "--out", out, src], check=True, env=env)

        def run_thin():
            for f in files:
                q_thin(np.load(f).astype(np.float64))

        encmap()()  # warm-up (page cache, dynamic loader)
        t_encmap, raw_encmap = median_time(encmap(), a.repeats)
        t_encmap /= a.encoders
        arrangements = None
        if a.arrangements:
            arrangements = {}
            for name, extra in ((f"P={cores} x 1 BLAS thread", ["--parallel", str(cores), "--blas-threads", "1"]),
                                (f"P=1 x {cores} BLAS threads", ["--parallel", "1", "--blas-threads", str(cores)])):
                t, raw = median_time(encmap(*extra), a.repeats)
                arrangements[name] = {"s_per_encoder": t / a.encoders, "runs_s": raw}
        q_ours = np.load(os.path.join(out, "enc0.npy"))
        q_ref = q_thin(np.load(files[0]).astype(np.float64))  # also numpy's warm-up (thread pool, page cache)
        t_thin_all, raw_thin = median_time(run_thin, a.repeats)
        t_thin_all /= a.encoders
        # numpy with one BLAS thread too: on a busy machine its spinning threads can lose more than they gain,
        # and the ratio is taken against the faster of the two (the conservative comparison).
        t_thin_one = None
        try:
            from threadpoolctl import threadpool_limits
            with threadpool_limits(limits=1, user_api="blas"):
                t_thin_one, _ = median_time(run_thin, a.repeats)
            t_thin_one /= a.encoders
        except ImportError:
            pass
        t_thin = min(t for t in (t_thin_all, t_thin_one) if t is not None)
        diff_thin = float(np.max(np.abs(q_ours - q_ref) / np.abs(q_ref)))
        t_full = diff_full = None
        full_note = None
        if not a.skip_full and a.n <= a.full_max_n:
            t_full, _ = median_time(lambda: q_full(np.load(files[0]).astype(np.float64)), 1)
            diff_full = float(np.max(np.abs(q_ours - q_full(np.load(files[0]).astype(np.float64))) / np.abs(q_ref)))
            full_note = "measured (1 run)"
        elif a.full_seconds:
            n0, s0 = a.full_seconds.split(":")
            t_full_extrapolated = float(s0) * (a.n / int(n0)) ** 3
            full_note = f"skipped: n×n eigh at n={a.n:,} ≈ {t_full_extrapolated:.0f} s extrapolated as t({int(n0):,})·(n/{int(n0):,})³"
        # Pairwise QRE, enc0 ‖ enc1.
        qre = None
        if a.encoders >= 2:
            def run_encmap_qre():
                return subprocess.run([a.encmap, "qre", files[0], files[1]], check=True, capture_output=True, text=True, env=env)
            run_encmap_qre()
            t_eq, _ = median_time(run_encmap_qre, a.repeats)
            numpy_qre = lambda: qre_thin(np.load(files[0]).astype(np.float64), np.load(files[1]).astype(np.float64))
            t_nq, _ = median_time(numpy_qre, a.repeats)
            try:
                from threadpoolctl import threadpool_limits
                with threadpool_limits(limits=1, user_api="blas"):
                    t_nq = min(t_nq, median_time(numpy_qre, a.repeats)[0])
            except ImportError:
                pass
            ours = float(run_encmap_qre().stdout.strip().split("\n")[-1])
            ref = qre_thin(np.load(files[0]).astype(np.float64), np.load(files[1]).astype(np.float64))
            qre = {"encmap_s": t_eq, "numpy_cross_gram_s": t_nq, "ratio_encmap_over_numpy": t_eq / t_nq,
                   "encmap": ours, "numpy": ref, "rel_diff": abs(ours - ref) / abs(ref)}

    try:
        from threadpoolctl import threadpool_info
        blas = [{"api": i.get("internal_api"), "threads": i.get("num_threads"), "kernel": i.get("architecture"),
                 "version": i.get("version")} for i in threadpool_info()]
    except Exception:
        blas = "threadpoolctl not installed (pip install threadpoolctl)"
    result = {
        "n": a.n, "d": a.d, "encoders": a.encoders, "repeats": a.repeats, "encmap_version": version,
        "encmap_s_per_encoder": t_encmap, "encmap_runs_s": raw_encmap,
        "numpy_thin_s_per_encoder": t_thin, "numpy_thin_runs_s": raw_thin,
        "numpy_thin_all_threads_s_per_encoder": t_thin_all, "numpy_thin_1_thread_s_per_encoder": t_thin_one,
        "numpy_full_s_per_encoder": t_full, "numpy_full_note": full_note,
        "ratio_full_over_encmap": (t_full / t_encmap) if t_full else None,
        "ratio_encmap_over_thin": t_encmap / t_thin,
        "max_rel_diff_vs_thin": diff_thin, "max_rel_diff_vs_full": diff_full,
        "arrangements": arrangements, "qre": qre,
        "numpy": np.__version__, "numpy_blas": blas, "machine": platform.machine(), "cpus": cores,
        "OPENBLAS_CORETYPE_for_encmap": env.get("OPENBLAS_CORETYPE"),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    print(f"features at (n, d) = ({a.n}, {a.d}), {a.encoders} encoders, median of {a.repeats}")
    print(f"  {'route':<34}{'s/encoder':>12}   ratio")
    print(f"  {'encmap features (default)':<34}{t_encmap:>12.4f}")
    for name, r in (arrangements or {}).items():
        print(f"  {'encmap ' + name:<34}{r['s_per_encoder']:>12.4f}")
    print(f"  {'numpy thin (EᵀE), %d threads' % cores:<34}{t_thin_all:>12.4f}")
    if t_thin_one is not None:
        print(f"  {'numpy thin (EᵀE), 1 thread':<34}{t_thin_one:>12.4f}")
    print(f"  {'numpy thin, the faster':<34}{t_thin:>12.4f}   encmap/numpy-thin = {t_encmap / t_thin:.2f}")
    if t_full:
        print(f"  {'numpy n×n eigh':<34}{t_full:>12.4f}   numpy-n×n/encmap = {t_full / t_encmap:.1f}×")
    elif full_note:
        print(f"  numpy n×n eigh: {full_note}")
    if qre:
        print(f"  pairwise QRE: encmap qre {qre['encmap_s']:.3f} s, numpy cross Gram {qre['numpy_cross_gram_s']:.3f} s, "
              f"encmap/numpy = {qre['ratio_encmap_over_numpy']:.2f}, rel. diff {qre['rel_diff']:.1e}")
    print(f"  max relative |Δq| vs numpy thin: {diff_thin:.2e}" + (f", vs n×n: {diff_full:.2e}" if diff_full is not None else ""))
    path = a.json or os.path.join(os.path.dirname(__file__), "..", "results",
                                  f"features-{a.n}x{a.d}-{time.strftime('%Y%m%d-%H%M%S')}.json")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print(f"  written: {os.path.normpath(path)}")


if __name__ == "__main__":
    sys.exit(main())
