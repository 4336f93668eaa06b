#!/usr/bin/env python3
"""Benchmark: `encmap features` as users run it — whole process, from start to exit — beside numpy's thin
route in-process and as a whole Python process, for m = 1, 2, 8 encoders; plus SHA-256 throughput beside
`sha256sum` and Python's hashlib (OpenSSL). All figures and ratios come from one run of this script.

usage: python3 bench/features/bench_whole_process.py ENCMAP_BINARY [--sizes 3000x768,10000x1024]
           [--encoders 1,2,8] [--repeats 3] [--sha-bench PATH] [--json PATH]

Inputs: synthetic float32 .npy embeddings (make_embeddings below: a decaying spectrum plus noise, rows
L2-normalised — the generator of bench_features.py), written to a temporary folder; the page cache is
warm (the files were just written, and every timing is preceded by one untimed run).
encmap rows: `encmap features --out O FILES` with its default arrangement (P encoders × B BLAS threads,
chosen from m and the cores); `--cache C` cold (empty cache: hash, compute, store) and warm (every entry
present: hash and verify only).
numpy rows: per encoder np.load → float64 → G = EᵀE, eigh(G), V = E·W/√s, q (bench_features.q_thin), all
BLAS threads; in-process (the Python interpreter and numpy already loaded) and as a whole `python3` process.
numpy n×n route (M = EEᵀ, eigh(M)) for one encoder at n ≤ 3000 only.
"""
import argparse, hashlib, json, os, shutil, subprocess, sys, tempfile, time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_features import q_full, q_thin  # noqa: E402


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return float(np.median(times)), times


def make_embeddings(folder, m, n, d, seed):
    rng = np.random.default_rng(seed)
    paths = []
    for k in range(m):
        E = rng.standard_normal((n, d), dtype=np.float32) * (np.arange(1, d + 1, dtype=np.float32) ** -0.7)
        E += 0.05 * rng.standard_normal((n, d), dtype=np.float32)
        E /= np.linalg.norm(E, axis=1, keepdims=True)
        path = os.path.join(folder, f"enc{k}.npy")
        np.save(path, E.astype(np.float32))
        paths.append(path)
    return paths


THIN_SCRIPT = """
import sys, numpy as np
sys.path.insert(0, {here!r})
from bench_features import q_thin
for f in sys.argv[1:]:
    q_thin(np.load(f).astype(np.float64))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("encmap")
    ap.add_argument("--sizes", default="3000x768,10000x1024")
    ap.add_argument("--encoders", default="1,2,8")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sha-bench", default=None, help="the encmap-bench-sha256 binary (SHA-256 rows)")
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    version = subprocess.run([a.encmap, "--version"], capture_output=True, text=True).stdout.strip()
    result = {"encmap_version": version, "cores": os.cpu_count(), "load_average_start": os.getloadavg(),
              "page_cache": "warm (files just written; one untimed run before each timing)", "rows": [], "sha256": None}
    print(f"{version}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        for size in a.sizes.split(","):
            n, d = map(int, size.split("x"))
            for m in map(int, a.encoders.split(",")):
                src = os.path.join(tmp, f"emb-{n}x{d}-{m}")
                os.makedirs(src)
                files = make_embeddings(src, m, n, d, seed=m)
                out = os.path.join(tmp, "out")
                cache = os.path.join(tmp, "cache")

                def features(*extra):
                    return subprocess.run([a.encmap, "features", *extra, "--out", out, *files], check=True,
                                          capture_output=True)

                def cold_cache():
                    shutil.rmtree(cache, ignore_errors=True)
                    features("--cache", cache)

                features()
                t_plain, raw_plain = median_time(features, a.repeats)
                cold_cache()
                t_cold, raw_cold = median_time(cold_cache, a.repeats)
                features("--cache", cache)
                t_warm, raw_warm = median_time(lambda: features("--cache", cache), a.repeats)
                ours = np.load(os.path.join(out, "enc0.npy"))

                def thin():
                    for f in files:
                        q_thin(np.load(f).astype(np.float64))
                ref = q_thin(np.load(files[0]).astype(np.float64))
                t_thin, raw_thin = median_time(thin, a.repeats)
                script = THIN_SCRIPT.format(here=here)
                proc = lambda: subprocess.run([sys.executable, "-c", script, *files], check=True)
                proc()
                t_proc, raw_proc = median_time(proc, a.repeats)
                t_full = None
                if m == 1 and n <= 3000:
                    t_full, _ = median_time(lambda: q_full(np.load(files[0]).astype(np.float64)), 1)
                row = {"n": n, "d": d, "encoders": m, "encmap_s": t_plain, "encmap_runs_s": raw_plain,
                       "encmap_cache_cold_s": t_cold, "encmap_cache_cold_runs_s": raw_cold,
                       "encmap_cache_warm_s": t_warm, "encmap_cache_warm_runs_s": raw_warm,
                       "numpy_thin_in_process_s": t_thin, "numpy_thin_in_process_runs_s": raw_thin,
                       "numpy_thin_whole_process_s": t_proc, "numpy_thin_whole_process_runs_s": raw_proc,
                       "numpy_full_in_process_s": t_full,
                       "ratio_encmap_over_thin_in_process": t_plain / t_thin,
                       "ratio_encmap_cache_cold_over_thin_in_process": t_cold / t_thin,
                       "ratio_encmap_over_thin_whole_process": t_plain / t_proc,
                       "ratio_full_over_encmap": (t_full / t_plain) if t_full else None,
                       "max_rel_diff_vs_numpy_thin": float(np.max(np.abs(ours - ref) / np.abs(ref))),
                       "load_average": os.getloadavg()}
                result["rows"].append(row)
                full = f", numpy n×n {t_full:.3f} s ({t_full / t_plain:.0f}× encmap)" if t_full else ""
                print(f"({n}, {d}) × {m}: encmap {t_plain:.3f} s, --cache cold {t_cold:.3f} s, warm {t_warm:.3f} s; "
                      f"numpy thin in-process {t_thin:.3f} s, whole process {t_proc:.3f} s; "
                      f"encmap/numpy-in-process {t_plain / t_thin:.2f}, cached-cold/numpy {t_cold / t_thin:.2f}, "
                      f"encmap/numpy-process {t_plain / t_proc:.2f}{full}")
                if size == a.sizes.split(",")[-1] and m == max(map(int, a.encoders.split(","))) and a.sha_bench:
                    total = sum(os.path.getsize(f) for f in files)
                    sha = json.loads(subprocess.run([a.sha_bench, str(a.repeats), *files], check=True,
                                                    capture_output=True, text=True).stdout)
                    coreutils = lambda: subprocess.run(["sha256sum", *files], check=True, capture_output=True)
                    coreutils()
                    t_cu, _ = median_time(coreutils, a.repeats)

                    def hashlib_files():
                        for f in files:
                            h = hashlib.sha256()
                            with open(f, "rb") as fh:
                                while chunk := fh.read(4 << 20):
                                    h.update(chunk)
                    t_hl, _ = median_time(hashlib_files, a.repeats)
                    buf = bytes(64 << 20)
                    t_hl_mem, _ = median_time(lambda: hashlib.sha256(buf).digest(), a.repeats)
                    sha.update({"sha256sum_MB_per_s": total / t_cu / 1e6, "hashlib_files_MB_per_s": total / t_hl / 1e6,
                                "hashlib_in_memory_MB_per_s": len(buf) / t_hl_mem / 1e6,
                                "openssl": subprocess.run([sys.executable, "-c", "import ssl; print(ssl.OPENSSL_VERSION)"],
                                                          capture_output=True, text=True).stdout.strip()})
                    sha.pop("digests", None)
                    result["sha256"] = sha
                    hw = sha.get("hardware", {})
                    print(f"SHA-256 over {total / 1e6:.0f} MB: encmap SHA-NI {hw.get('files_MB_per_s', 0):.0f} MB/s from files "
                          f"({hw.get('in_memory_MB_per_s', 0):.0f} in memory), portable {sha['portable']['files_MB_per_s']:.0f}; "
                          f"sha256sum {sha['sha256sum_MB_per_s']:.0f} MB/s, hashlib {sha['hashlib_files_MB_per_s']:.0f} MB/s "
                          f"({sha['hashlib_in_memory_MB_per_s']:.0f} in memory); digests agree: {sha['digests_agree']}")
                shutil.rmtree(src)
    result["load_average_end"] = os.getloadavg()
    if a.json:
        json.dump(result, open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
