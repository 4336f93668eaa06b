#!/usr/bin/env bash
# ℓ1 distances between synthetic q-vectors (40 families, n = 10,000): encmap's blocked kernel (float64,
# bit-identical to the unblocked one) and its float32 path against the unblocked kernel
# (Distances.pairwiseNaive), scipy pdist(metric="cityblock"), and the machine's ceiling (a register-only
# |a − b| loop with AVX-512 where the CPU has it, else AVX2, on doubles and on floats: ceiling.c) — all measured in this run on this machine. Also `encmap map --features`
# end to end with float64 and with --precision float32, and whether their 7-NN sets agree.
# usage: bench/map-scale/run.sh                    (about 3 minutes on 2 cores at M = 1101)
# environment: M=1101 N=10000 REPEAT=5 PYTHON=python3 (needs numpy and scipy), MAP=1 (0 skips the maps)
set -euo pipefail
cd "$(dirname "$0")/../.."
M=${M:-1101}
N=${N:-10000}
REPEAT=${REPEAT:-5}
PYTHON=${PYTHON:-python3}
MAP=${MAP:-1}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=bench/results/$STAMP
mkdir -p "$OUT"

swift build -c release --product encmap-bench-distances >/dev/null
swift build -c release --product encmap >/dev/null
BIN=$(swift build -c release --show-bin-path)
cc -O2 -pthread -o "$WORK/ceiling" bench/map-scale/ceiling.c

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" bench/map-scale/make_vectors.py "$WORK/v" --m "$M" --n "$N"

echo "ceiling (register-only AVX2 / AVX-512 |a-b| loops, 1 and $(nproc) threads)…"
"$WORK/ceiling" 1 1 > "$OUT/ceiling-1.json"
"$WORK/ceiling" "$(nproc)" 1 > "$OUT/ceiling.json"
echo "encmap kernels (best of $REPEAT rounds, the kernels in turn)…"
"$BIN/encmap-bench-distances" "$WORK/v.f64" "$M" "$N" --repeat "$REPEAT" > "$OUT/encmap-distances.json"
echo "scipy pdist(cityblock) (best of $REPEAT)…"
"$PYTHON" - "$WORK/v.f64" "$M" "$N" "$REPEAT" > "$OUT/scipy-pdist.json" <<'PY'
import json, sys, time
import numpy as np, scipy
from scipy.spatial.distance import pdist
path, m, n, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.fromfile(path, dtype="<f8").reshape(m, n)
best = float("inf")
for _ in range(r):
    t0 = time.perf_counter(); pdist(x, metric="cityblock"); best = min(best, time.perf_counter() - t0)
print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "pdist_s": best,
                  "pdist_per_s": m * (m - 1) / 2 * n / best}))
PY

if [ "$MAP" = 1 ]; then
  echo "encmap map --features, float64 and float32…"
  for p in float64 float32; do
    /usr/bin/time -f "%e %M" -o "$WORK/time-$p" "$BIN/encmap" map --features "$WORK/v" --precision "$p" --out "$WORK/map-$p" >/dev/null
    cp "$WORK/map-$p/map.json" "$OUT/map-$p.json"
  done
  "$PYTHON" - "$WORK" > "$OUT/map-precision.json" <<'PY'
import csv, json, sys
w = sys.argv[1]
def nn(p):
    sets = {}
    for row in csv.DictReader(open(f"{w}/map-{p}/neighbours.csv")):
        sets.setdefault(row["encoder"], set()).add(row["neighbour"])
    return sets
a, b = nn("float64"), nn("float32")
t = {p: open(f"{w}/time-{p}").read().split() for p in ("float64", "float32")}
print(json.dumps({"encoders": len(a), "knn_sets_differing": sum(a[e] != b[e] for e in a),
                  "float64_map_s": float(t["float64"][0]), "float64_peak_rss_kib": int(t["float64"][1]),
                  "float32_map_s": float(t["float32"][0]), "float32_peak_rss_kib": int(t["float32"][1])}))
PY
fi

"$PYTHON" - "$OUT" "$M" "$N" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee "$OUT/README.md"
import json, os, sys
out, m, n, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
e = json.load(open(f"{out}/encmap-distances.json")); s = json.load(open(f"{out}/scipy-pdist.json"))
c = json.load(open(f"{out}/ceiling.json")); c1 = json.load(open(f"{out}/ceiling-1.json"))
ceil = c["avx512_l1_per_s"] or c["avx2_l1_per_s"]
# float32 against the same loop on float vectors (twice the lanes); AVX2-only machines: twice the AVX2 rate.
ceil32 = c.get("avx512_l1_f32_per_s") or 2 * c["avx2_l1_per_s"]
isa = "AVX-512" if c["avx512_l1_per_s"] else "AVX2"
print(f"# l1 distances, {m} x n = {n} (synthetic q-vectors, 40 families); load average after: {load}\n")
print("| kernel | seconds | abs. differences / s | vs unblocked | vs scipy | of ceiling |")
print("|---|---:|---:|---:|---:|---:|")
rows = [("encmap unblocked (pairwiseNaive)", e["naive_s"], ceil), ("encmap blocked float64 (default)", e["blocked_s"], ceil),
        ("encmap blocked float32", e["float32_s"], ceil32), (f"scipy {s['scipy']} pdist(cityblock)", s["pdist_s"], ceil)]
for name, t, top in rows:
    rate = e["absolute_differences"] / t
    print(f"| {name} | {t:.3f} | {rate:.3g} | {e['naive_s'] / t:.2f}x | {s['pdist_s'] / t:.2f}x | {rate / top:.0%} |")
print(f"\nCeiling (register-only {isa} |a-b| loop, the kernel's instructions, ceiling.c): {ceil:.3g}/s on {c['threads']} threads, "
      f"{c1['avx512_l1_per_s'] or c1['avx2_l1_per_s']:.3g}/s on 1; AVX2 |a-b| loop {c['avx2_l1_per_s']:.3g}/s; "
      f"pure AVX2 vaddpd {c['avx2_add_per_s']:.3g} adds/s. The float32 row's ceiling is the same loop on 16-float vectors: "
      f"{ceil32:.3g}/s on {c['threads']} threads.")
print(f"Blocked float64 equals the unblocked kernel bit for bit: {e['blocked_equals_naive_bitwise']}. "
      f"float32: max relative error {e['float32_max_relative_error']:.2g}; 7-NN sets differing: "
      f"{e['float32_knn_sets_differing']} of {m} (order within the 7 differing: {e['float32_knn_order_differing']}).")
if os.path.exists(f"{out}/map-precision.json"):
    p = json.load(open(f"{out}/map-precision.json"))
    print(f"encmap map --features: float64 {p['float64_map_s']:.1f} s ({p['float64_peak_rss_kib'] / 1024:.0f} MiB peak), "
          f"float32 {p['float32_map_s']:.1f} s ({p['float32_peak_rss_kib'] / 1024:.0f} MiB); neighbours.csv 7-NN sets differing: "
          f"{p['knn_sets_differing']} of {p['encoders']}.")
PY
echo "-> $OUT"
