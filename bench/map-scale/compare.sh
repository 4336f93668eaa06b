#!/usr/bin/env bash
# The map of many encoders, encmap against openTSNE and scikit-learn, side by side in one run on this machine.
# For each M: synthetic q-vectors with 40 families (make_vectors.py, n = N), then as whole processes under
# /usr/bin/time -v (wall time, peak RSS):
#   encmap map --features DIR          (read, distances, affinities, t-SNE, neighbours, dendrogram, page)
#   openTSNE 1.0.4 TSNE(metric="manhattan", n_jobs=2)          (reference_tsne.py)
#   scikit-learn TSNE(metric="manhattan", n_jobs=2), M ≤ SKLEARN_MAX
# and every layout scored on one yardstick by evaluate.py: KL against openTSNE's P with the exact Q,
# trustworthiness@7 and 7-NN recall against exact ℓ1 neighbours (SAMPLE query points at large M).
# The reference side runs in a project-local environment, .venv-bench-map (requirements.txt; wheels cached).
# usage: bench/map-scale/compare.sh        environment: MS="1101 5000 20000" N=10000 SAMPLE=1000 SKLEARN_MAX=5000
#        (about 30 minutes on 2 cores for the three sizes)
set -euo pipefail
cd "$(dirname "$0")/../.."
MS=${MS:-1101 5000 20000}
N=${N:-10000}
SAMPLE=${SAMPLE:-1000}
SKLEARN_MAX=${SKLEARN_MAX:-5000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=bench/results/map-scale-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

bash python/setup-venv.sh .venv-bench-map bench/map-scale/requirements.txt
PY=.venv-bench-map/bin/python
swift build -c release --product encmap >/dev/null
BIN=$(swift build -c release --show-bin-path)/encmap
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $("$BIN" --version)"

timed() { # NAME COMMAND…: runs it under /usr/bin/time -v, keeps wall seconds and peak KiB in $OUT/NAME.time
  local name=$1; shift
  /usr/bin/time -v "$@" >"$WORK/$name.log" 2>&1 || { tail -20 "$WORK/$name.log"; echo "compare: $name failed" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; w=s}
              /Maximum resident set size/ {r=$2} END {printf "{\"wall_s\": %.2f, \"peak_rss_kib\": %d}\n", w, r}' \
    "$WORK/$name.log" > "$OUT/$name.time"
}

for M in $MS; do
  echo "m = $M: vectors…"
  "$PY" bench/map-scale/make_vectors.py "$WORK/v$M" --m "$M" --n "$N" >/dev/null
  echo "m = $M: encmap map, load $(cut -d' ' -f1 /proc/loadavg)…"
  timed "encmap-$M" "$BIN" map --features "$WORK/v$M" --out "$WORK/map$M"
  cp "$WORK/map$M/map.json" "$OUT/encmap-$M.map.json"
  ls -l "$WORK/map$M/map.html" | awk '{print $5}' > "$OUT/encmap-$M.page-bytes"
  echo "m = $M: openTSNE…"
  timed "opentsne-$M" "$PY" bench/map-scale/reference_tsne.py opentsne "$WORK/v$M.f64" "$M" "$N" "$WORK/opentsne-$M"
  cp "$WORK/opentsne-$M.json" "$OUT/opentsne-$M.json"
  maps=("encmap=$WORK/map$M/coordinates.csv" "openTSNE=$WORK/opentsne-$M.coords.npy")
  if [ "$M" -le "$SKLEARN_MAX" ]; then
    echo "m = $M: scikit-learn…"
    timed "sklearn-$M" "$PY" bench/map-scale/reference_tsne.py sklearn "$WORK/v$M.f64" "$M" "$N" "$WORK/sklearn-$M"
    cp "$WORK/sklearn-$M.json" "$OUT/sklearn-$M.json"
    maps+=("scikit-learn=$WORK/sklearn-$M.coords.npy")
  fi
  echo "m = $M: scoring…"
  "$PY" bench/map-scale/evaluate.py "$WORK/v$M.f64" "$M" "$N" "$WORK/v$M.ids" "$WORK/opentsne-$M.P.npz" "$SAMPLE" "${maps[@]}" > "$OUT/scores-$M.json"
  rm -rf "$WORK/v$M" "$WORK/v$M.f64" "$WORK/map$M"
done

"$PY" - "$OUT" "$MS" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee "$OUT/README.md"
import json, os, sys
out, ms, load = sys.argv[1], [int(v) for v in sys.argv[2].split()], sys.argv[3]
tools = [("encmap", "encmap"), ("openTSNE", "opentsne"), ("scikit-learn", "sklearn")]
print(f"# encmap map vs openTSNE vs scikit-learn (synthetic q-vectors, 40 families); load average after: {load}\n")
print("KL: against openTSNE's P with the exact Q (each tool's own KL in brackets). Trustworthiness@7 and 7-NN recall "
      "against exact l1 neighbours. Times and memory: whole processes (/usr/bin/time -v).\n")
print("| m | tool | wall s | vs openTSNE | peak RSS MiB | KL [own] | trustworthiness@7 | 7-NN recall |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
for m in ms:
    s = json.load(open(f"{out}/scores-{m}.json"))
    ot = json.load(open(f"{out}/opentsne-{m}.time"))["wall_s"]
    for name, key in tools:
        if not os.path.exists(f"{out}/{key}-{m}.time"):
            continue
        t = json.load(open(f"{out}/{key}-{m}.time"))
        own = json.load(open(f"{out}/encmap-{m}.map.json"))["klDivergence"] if key == "encmap" else json.load(open(f"{out}/{key}-{m}.json"))["kl"]
        sc = s["maps"][name]
        sample = "" if s["sample"] >= m else f" (sample {s['sample']})"
        print(f"| {m} | {name} | {t['wall_s']:.1f} | {ot / t['wall_s']:.2f}x | {t['peak_rss_kib'] / 1024:.0f} | "
              f"{sc['kl']:.3f} [{own:.3f}] | {sc['trustworthiness']:.4f}{sample} | {sc['recall']:.3f} |")
    pb = open(f"{out}/encmap-{m}.page-bytes").read().strip()
    print(f"| {m} | encmap map.html | {int(pb) / 1e6:.1f} MB | | | | | |")
PY
echo "-> $OUT"
