#!/usr/bin/env python3
"""Benchmark: two or more encmap binaries (e.g. before and after a change) and numpy's thin route, timed
interleaved in one run, so that a shared machine's load affects every side alike.

usage: python3 bench/features/bench_before_after.py BIN1,BIN2[,...] FOLDER [REPEATS] ["EXTRA ARGS"]

Each repeat runs `BIN features EXTRA --out O FOLDER/*.npy` as a whole process for every binary, then numpy's
thin route in this process (np.load → float64 → EᵀE, eigh, E·W, the q-vector: bench_features.q_thin) over
the same files. "CC" in EXTRA is replaced by a cache folder emptied before every run (`--cache CC`: a cold
cache). Prints medians and each median over numpy's. For a one-thread comparison start it with
OPENBLAS_NUM_THREADS=1 and pass "--blas-threads 1".
"""
import os, shutil, subprocess, sys, tempfile, time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_features import q_thin  # noqa: E402

bins = sys.argv[1].split(",")
folder = sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 7
tmp = tempfile.mkdtemp()
cache, out = os.path.join(tmp, "cache"), os.path.join(tmp, "out")
given = sys.argv[4].split() if len(sys.argv) > 4 else []
extra = [e.replace("CC", cache) for e in given]
files = [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".npy")]
times = {b: [] for b in bins}
times["numpy"] = []


def run(b):
    shutil.rmtree(cache, ignore_errors=True)
    subprocess.run([b, "features", *extra, "--out", out, *files], check=True, capture_output=True)


for b in bins:
    run(b)
load = os.getloadavg()[0]
for _ in range(reps):
    for b in bins:
        t = time.perf_counter(); run(b); times[b].append(time.perf_counter() - t)
    t = time.perf_counter()
    for f in files:
        q_thin(np.load(f).astype(np.float64))
    times["numpy"].append(time.perf_counter() - t)
shutil.rmtree(tmp)
med = {k: float(np.median(v)) for k, v in times.items()}
print(f"{len(files)} file(s) in {folder}, extra args {' '.join(given) or 'none'}, OPENBLAS_NUM_THREADS="
      f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, {reps} repeats, load average {load:.2f} → {os.getloadavg()[0]:.2f}")
for k, v in med.items():
    print(f"  {k}: {v * 1000:.0f} ms (median), {v / med['numpy']:.2f} × numpy in-process")
