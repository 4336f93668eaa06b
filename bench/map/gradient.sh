#!/usr/bin/env bash
# t-SNE gradient at scale: encmap's Barnes–Hut and interpolation (FIt-SNE) gradients against openTSNE's
# FFT gradient, from the same fixed sparse P and start, with the same schedule, in one run.
#
# P and the start come from bench/map/make_sparse_p.py (openTSNE's perplexity-30 affinities over Annoy
# ℓ1 neighbours, PCA start at std 10⁻⁴) on the first M rows of a q-vector matrix written by
# bench/map-scale/make_vectors.py. The schedule is encmap's (scikit-learn's): 250 iterations with
# exaggeration 12 and momentum 0.5, then momentum 0.8 up to ITERATIONS, learning rate max(m/12, 200) in
# openTSNE's convention (= max(m/12/4, 50) with encmap's factor 4). openTSNE's own default runs 250 + 500
# iterations with learning rate m/exaggeration; that is not what is compared here. Prints per-phase time,
# milliseconds per iteration, and KL with the exact Z (the same O(m²) evaluation for every layout) per
# method and m, and the ratio encmap/openTSNE of the non-exaggerated per-iteration time.
#
# usage: bench/map/gradient.sh VECTORS.f64        (m×10000 float64, C order, m ≥ the largest M)
# environment: MS="5000 20000" N=10000 ITERATIONS=1000 PYTHON=python3 (with openTSNE 1.0.x)
#              TRUST_MS="5000": the m at which trustworthiness@7 is computed too (exact ℓ1 distances, m² memory)
#              SUBSETS="10000 14000": encmap only (Barnes–Hut vs interpolation, where `.automatic` switches),
#              on the first M points of the largest M's P (bench/map/subset_p.py)
#              PDIR=folder for the P files (kept between runs: the Annoy kNN at m = 20,000 takes minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
VECTORS=${1:?usage: bench/map/gradient.sh VECTORS.f64}
MS=${MS:-5000 20000}
N=${N:-10000}
ITERATIONS=${ITERATIONS:-1000}
PYTHON=${PYTHON:-python3}
PDIR=${PDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/encmap-gradient-p}
SUBSETS=${SUBSETS:-}
TRUST_MS=${TRUST_MS:-5000}
mkdir -p "$PDIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
swift build -c release --product encmap-bench-tsne >/dev/null
BIN=$(swift build -c release --show-bin-path)/encmap-bench-tsne
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); iterations $ITERATIONS (250 exaggerated)"
for M in $MS; do
  P="$PDIR/p$M"
  [ -f "$P.start" ] || "$PYTHON" bench/map/make_sparse_p.py "$VECTORS" "$M" "$N" "$P"
  TRUST=()
  case " $TRUST_MS " in *" $M "*) TRUST=(--vectors "$VECTORS" --n "$N");; esac
  OT=$("$PYTHON" bench/map/reference_opentsne_gradient.py "$P" "$ITERATIONS" 250 "$WORK/ot.f64")
  OTKL=$("$BIN" gradient "$P" --kl-of "$WORK/ot.f64" "${TRUST[@]}")
  FI=$("$BIN" gradient "$P" --method interpolation --iterations "$ITERATIONS" "${TRUST[@]}")
  BH=$("$BIN" gradient "$P" --method barnesHut --iterations "$ITERATIONS" "${TRUST[@]}")
  "$PYTHON" - "$M" "$OT" "$OTKL" "$FI" "$BH" <<'PY'
import json, sys
m = sys.argv[1]
ot, otkl, fi, bh = (json.loads(a) for a in sys.argv[2:])
ot.update(otkl)
print(f"m = {m}")
for name, r in (("openTSNE fft", ot), ("encmap interpolation", fi), ("encmap barnesHut", bh)):
    s = r["phase_seconds"]; ms = r["ms_per_iteration"]
    print(f"  {name:22s} phases {s[0]:7.2f} s + {s[1]:7.2f} s   ms/iteration {ms[0]:7.2f} / {ms[1]:7.2f}"
          f"   KL {r['kl_exact_z']:.4f} (reported {r['kl_reported']:.4f})"
          + (f"   trustworthiness@7 {r['trustworthiness']:.4f}" if "trustworthiness" in r else ""))
for name, r in (("interpolation", fi), ("barnesHut", bh)):
    ratio = r["ms_per_iteration"][1] / ot["ms_per_iteration"][1]
    ratio_all = sum(r["phase_seconds"]) / sum(ot["phase_seconds"])
    dkl = (r["kl_exact_z"] - ot["kl_exact_z"]) / ot["kl_exact_z"]
    print(f"  encmap {name}/openTSNE: time per iteration {ratio:.2f} (after exaggeration), whole schedule {ratio_all:.2f}; KL {100 * dkl:+.1f} %")
PY
done
LARGEST=$(echo $MS | tr ' ' '\n' | sort -n | tail -1)
for M in $SUBSETS; do
  "$PYTHON" bench/map/subset_p.py "$PDIR/p$LARGEST" "$M" "$WORK/s$M" >/dev/null
  for METHOD in barnesHut interpolation; do
    R=$("$BIN" gradient "$WORK/s$M" --method "$METHOD" --iterations "$ITERATIONS")
    echo "subset m = $M of P$LARGEST, encmap $METHOD: $R"
  done
done
