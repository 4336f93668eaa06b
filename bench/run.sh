#!/usr/bin/env bash
# Runs every benchmark beside its reference, in the same run, and prints one table of ratios.
# usage: bench/run.sh [ENCMAP_BINARY]        (make bench passes .build/release/encmap)
# environment: BENCH_QUICK=1 runs only (3000, 768); BENCH_SKIP_EXTRA=1 skips bench/regression and bench/map.
# Each run's JSON is kept under bench/results/<timestamp>/ (one file per benchmark + summary.json).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/encmap}
python3 -c "import numpy" 2>/dev/null || { echo "bench: numpy is needed for the reference side (pip install numpy)"; exit 1; }
python3 -c "import threadpoolctl" 2>/dev/null || pip install -q threadpoolctl >/dev/null 2>&1 || true
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=bench/results/$STAMP
mkdir -p "$OUT"
# numpy's newer OpenBLAS detects this CPU itself; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for
# older builds) would slow it, so they are unset for the numpy side only and handed back to encmap.
export ENCMAP_BENCH_OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} ENCMAP_BENCH_OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-}
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3)
echo "encmap: $("$BIN" --version)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset} (unset for numpy)"
echo "results: $OUT"

F=bench/features/bench_features.py
"${PY[@]}" $F "$BIN" --n 3000 --d 768 --encoders 4 --repeats 5 --arrangements --json "$OUT/features-3000x768.json"
FULL=$(python3 -c "import json; print(json.load(open('$OUT/features-3000x768.json'))['numpy_full_s_per_encoder'])")
if [ "${BENCH_QUICK:-0}" != 1 ]; then
  "${PY[@]}" $F "$BIN" --n 10000 --d 1024 --encoders 4 --repeats 3 --arrangements --full-seconds "3000:$FULL" \
    --json "$OUT/features-10000x1024.json"
  "${PY[@]}" $F "$BIN" --n 10000 --d 4096 --encoders 2 --repeats 1 --full-seconds "3000:$FULL" \
    --json "$OUT/features-10000x4096.json"
fi
# Whole processes as users run them: `encmap features` (cache off, cold, warm) vs numpy's thin route in-process and
# as a whole python3 process, m = 1, 2, 8; SHA-256 vs sha256sum and hashlib.
swift build -c release --product encmap-bench-sha256 >&2
SHA_BIN="$(swift build -c release --show-bin-path)/encmap-bench-sha256"
SIZES=3000x768,10000x1024; [ "${BENCH_QUICK:-0}" = 1 ] && SIZES=3000x768
"${PY[@]}" bench/features/bench_whole_process.py "$BIN" --sizes "$SIZES" --encoders 1,2,8 --repeats 3 \
  --sha-bench "$SHA_BIN" --json "$OUT/whole-process.json" | tee "$OUT/whole-process.txt"
if [ "${BENCH_SKIP_EXTRA:-0}" != 1 ]; then
  # `encmap run` (whole process, standardised and raw) vs scikit-learn pipelines in-process.
  "${PY[@]}" bench/regression/bench_run.py "$BIN" --repeats 3 --json "$OUT/encmap-run.json" | tee "$OUT/encmap-run.txt"
  for extra in bench/regression/run.sh bench/map/run.sh; do
    name=$(basename "$(dirname "$extra")")
    echo "== $extra"
    if env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bash "$extra" 2>&1 | tee "$OUT/$name.txt"; then :; else
      echo "bench: $extra failed (see $OUT/$name.txt)"; fi
  done
fi

python3 - "$OUT" "$BIN" <<'PY'
import glob, json, os, re, sys
out, binary = sys.argv[1], sys.argv[2]
rows, summary = [], {"results": out}
for path in sorted(glob.glob(f"{out}/features-*.json"), key=lambda p: [int(x) for x in re.findall(r"\d+", os.path.basename(p))]):
    r = json.load(open(path))
    size = f"({r['n']}, {r['d']})"
    summary.setdefault("encmap", r["encmap_version"])
    summary.setdefault("numpy_blas", r["numpy_blas"])
    rows.append((f"features {size} vs numpy thin", f"{r['encmap_s_per_encoder']:.3f} s/enc", f"{r['numpy_thin_s_per_encoder']:.3f} s/enc",
                 f"{r['ratio_encmap_over_thin']:.2f} (encmap/numpy)"))
    if r["numpy_full_s_per_encoder"]:
        rows.append((f"features {size} vs numpy n×n eigh", f"{r['encmap_s_per_encoder']:.3f} s/enc", f"{r['numpy_full_s_per_encoder']:.2f} s/enc",
                     f"{r['ratio_full_over_encmap']:.1f}× faster"))
    elif r.get("numpy_full_note"):
        rows.append((f"features {size} vs numpy n×n eigh", "", "", r["numpy_full_note"]))
    for name, a in (r.get("arrangements") or {}).items():
        rows.append((f"  arrangement {name}", f"{a['s_per_encoder']:.3f} s/enc", "", ""))
    if r.get("qre"):
        q = r["qre"]
        rows.append((f"qre pair {size} vs numpy cross Gram", f"{q['encmap_s']:.3f} s", f"{q['numpy_cross_gram_s']:.3f} s",
                     f"{q['ratio_encmap_over_numpy']:.2f} (encmap/numpy)"))
    summary[os.path.basename(path)] = r
reg = f"{out}/regression.txt"
if os.path.exists(reg):
    for line in open(reg):
        m = re.match(r"^(ridgecv|knn5|both)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)x", line)
        if m:
            rows.append((f"regression {m[1]} vs scikit-learn", f"{float(m[2]):.3f} s", f"{float(m[3]):.3f} s", f"{m[4]}× faster"))
tsne = f"{out}/map.txt"
if os.path.exists(tsne):
    for line in open(tsne):
        m = re.match(r"^encmap ([\d.]+) s, scikit-learn ([\d.]+) s, ratio encmap/sklearn = ([\d.]+)", line)
        if m:
            rows.append(("t-SNE 1101×1000 vs scikit-learn", f"{m[1]} s", f"{m[2]} s", f"{m[3]} (encmap/sklearn)"))
print()
print(f"== summary ({summary.get('encmap', binary)}; numpy BLAS: {summary.get('numpy_blas')})")
print("medians over repeats on a shared machine: expect ±20 % noise between runs")
w = max(len(r[0]) for r in rows) + 2
print(f"{'benchmark':<{w}}{'encmap':>16}{'reference':>16}   ratio")
for r in rows:
    print(f"{r[0]:<{w}}{r[1]:>16}{r[2]:>16}   {r[3]}")
summary["table"] = rows
json.dump(summary, open(f"{out}/summary.json", "w"), indent=1)
PY
exit 0
