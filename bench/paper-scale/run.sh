#!/usr/bin/env bash
# Paper-scale rehearsal: synthetic encoders with n = 10,000 sentences and the dimensions of real encoders,
# float32 .npy files streamed from disk by `encmap features`. Measures seconds per encoder by dimension on a
# subset (PER_DIM encoders per dimension, default 2), projects the total for 1,101 encoders from an assumed
# dimension mix (MIX), and reports peak resident memory from /usr/bin/time -v — per dimension, over the whole
# subset in one run, and for 8 encoders at (10000, 1024) with P = 1 and P = 2.
# usage: bench/paper-scale/run.sh [ENCMAP_BINARY]      (about 5 minutes on 2 cores)
# With CACHE=1 each dimension is also timed with `--cache` on a cache folder that starts empty (cold: every
# entry hashed, computed and written), and the projection is given both ways with their ratio.
# environment: CACHE=0, PER_DIM=2, DIMS="384 768 1024 1536 2048 4096", N=10000, TOTAL=1101,
#              MIX="384:0.25,768:0.35,1024:0.22,1536:0.06,2048:0.04,4096:0.08" (an assumption, not a census).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/release/encmap}
PER_DIM=${PER_DIM:-2}
DIMS=${DIMS:-"384 768 1024 1536 2048 4096"}
N=${N:-10000}
TOTAL=${TOTAL:-1101}
MIX=${MIX:-"384:0.25,768:0.35,1024:0.22,1536:0.06,2048:0.04,4096:0.08"}
[ -x /usr/bin/time ] || { echo "paper-scale: /usr/bin/time is needed (apt-get install time)"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAMP=$(date +%Y%m%d-%H%M%S)
RESULT=bench/results/paper-scale-$STAMP.json
echo "encmap: $("$BIN" --version)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), MemAvailable $(awk '/MemAvailable/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"

echo "generating $PER_DIM encoders per dimension ($DIMS) at n = $N, float32…"
python3 - "$WORK" "$N" "$PER_DIM" $DIMS <<'PY'
import os, sys
import numpy as np
work, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1101)
for d in map(int, sys.argv[4:]):
    folder = os.path.join(work, f"d{d}")
    os.makedirs(folder)
    for k in range(per):
        E = rng.standard_normal((n, d), dtype=np.float32) * (np.arange(1, d + 1, dtype=np.float32) ** -0.7)
        E += np.float32(0.05) * rng.standard_normal((n, d), dtype=np.float32)
        E /= np.linalg.norm(E, axis=1, keepdims=True)
        np.save(os.path.join(folder, f"synthetic-d{d}-{k}.npy"), E)
        del E
    os.makedirs(os.path.join(work, "all"), exist_ok=True)
    for name in os.listdir(folder):
        os.symlink(os.path.join(folder, name), os.path.join(work, "all", name))
PY

# One timed run: prints "seconds peak_kib" (wall clock and maximum resident set size from /usr/bin/time -v).
timed() {
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null
  awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = (length(t) == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2]}
              /Maximum resident set size/ {m = $2} END {printf "%.2f %d\n", s, m}' "$WORK/time.txt"
}

declare -A SEC RSS SECC
echo
printf "%-8s %10s %14s %14s %18s\n" "dim" "encoders" "s/encoder" "peak RSS MiB" "cached (cold) s/enc"
for d in $DIMS; do
  read -r s m < <(timed "$BIN" features --out "$WORK/out-d$d" "$WORK/d$d")
  SEC[$d]=$(python3 -c "print($s / $PER_DIM)")
  RSS[$d]=$m
  SECC[$d]=nan
  if [ "${CACHE:-0}" = 1 ]; then
    read -r sc mc < <(timed "$BIN" features --cache "$WORK/cache" --out "$WORK/out-c$d" "$WORK/d$d")
    SECC[$d]=$(python3 -c "print($sc / $PER_DIM)")
  fi
  printf "%-8s %10s %14.2f %14.0f %18s\n" "$d" "$PER_DIM" "${SEC[$d]}" "$(python3 -c "print($m / 1024)")" "${SECC[$d]}"
done
read -r all_s all_m < <(timed "$BIN" features --out "$WORK/out-all" "$WORK/all")
count=$(ls "$WORK/all" | wc -l)
echo "whole subset in one run: $count encoders, $all_s s, peak RSS $(python3 -c "print(round($all_m / 1024))") MiB (default P)"

echo
echo "memory over many encoders: 8 encoders at ($N, 1024)"
mkdir -p "$WORK/mem"
for k in $(seq 0 7); do ln -s "$WORK/d1024/$(ls "$WORK/d1024" | head -1)" "$WORK/mem/copy$k.npy"; done
declare -A MEMP
for p in 1 2; do
  read -r s m < <(timed "$BIN" features --parallel $p --out "$WORK/out-mem$p" "$WORK/mem")
  MEMP[$p]="$s $m"
  echo "  P=$p: $s s, peak RSS $(python3 -c "print(round($m / 1024))") MiB"
done

python3 - "$RESULT" "$TOTAL" "$MIX" "$N" "$PER_DIM" "$count" "$all_s" "$all_m" "${MEMP[1]}" "${MEMP[2]}" \
  "$("$BIN" --version)" "$(nproc)" $(for d in $DIMS; do echo "$d:${SEC[$d]}:${RSS[$d]}:${SECC[$d]}"; done) <<'PY'
import json, sys
path, total, mix, n, per, count, all_s, all_m = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
mem1, mem2, version, cores = sys.argv[9].split(), sys.argv[10].split(), sys.argv[11], int(sys.argv[12])
per_dim = {int(d): {"s_per_encoder": float(s), "peak_rss_kib": int(m), "s_per_encoder_cached_cold": float(c)}
           for d, s, m, c in (x.split(":") for x in sys.argv[13:])}
weights = {int(d): float(w) for d, w in (x.split(":") for x in mix.split(","))}
missing = [d for d in weights if d not in per_dim]
if missing:
    sys.exit(f"paper-scale: MIX names dimensions that were not measured: {missing}")
norm = sum(weights.values())
counts = {d: round(total * w / norm) for d, w in weights.items()}
counts[max(counts, key=counts.get)] += total - sum(counts.values())
projected = sum(counts[d] * per_dim[d]["s_per_encoder"] for d in counts)
print()
print(f"projection for {total} encoders at n = {n:,} (from the measured subset of {per} per dimension, at the default P on {cores} cores):")
print("  assumed dimension mix: " + ", ".join(f"{d}: {counts[d]}" for d in sorted(counts)))
print(f"  projected total ≈ {projected:.0f} s = {projected / 3600:.2f} h on this machine "
      f"(≈ {projected * cores / 3600:.1f} core-hours; N shards divide the wall time by about N)")
cached = sum(counts[d] * per_dim[d]["s_per_encoder_cached_cold"] for d in counts)
if cached == cached:
    print(f"  with --cache (cold: every entry hashed, computed and written) ≈ {cached:.0f} s, "
          f"{cached / projected:.3f}× the uncached projection")
print(f"  peak memory: {max(v['peak_rss_kib'] for v in per_dim.values()) / 1024:.0f} MiB (the largest dimension's run), "
      f"{all_m / 1024:.0f} MiB over the whole subset in one run — it does not grow with the number of encoders")
json.dump({"encmap": version, "cores": cores, "n": n, "per_dimension": per_dim, "subset": {"encoders": count, "seconds": all_s, "peak_rss_kib": all_m},
           "memory_8x1024": {"P=1": {"seconds": float(mem1[0]), "peak_rss_kib": int(mem1[1])}, "P=2": {"seconds": float(mem2[0]), "peak_rss_kib": int(mem2[1])}},
           "projection": {"encoders": total, "mix": counts, "assumed_mix": True, "seconds": projected,
                          "seconds_cached_cold": cached if cached == cached else None}}, open(path, "w"), indent=1)
print(f"  written: {path}")
PY
