#!/usr/bin/env bash
# Benchmark: encmap's t-SNE against scikit-learn on 1,101 points × 1,000 features (a Gaussian mixture).
# Both use ℓ2 distances (squared for the affinities), perplexity 30, 1000 iterations, PCA start,
# Barnes–Hut. Prints both wall times, their ratio and both final KL divergences.
# Usage: bench/map/run.sh            (from anywhere; needs python3 with numpy + scikit-learn)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1101}
COLS=${COLS:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 -c "import sklearn" 2>/dev/null || { echo "run.sh: scikit-learn missing; pip install scikit-learn" >&2; exit 1; }
echo "building encmap-bench-tsne (release)…"
swift build -c release --product encmap-bench-tsne >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
BIN=$(swift build -c release --show-bin-path)/encmap-bench-tsne

python3 bench/map/make_data.py "$WORK/x.f64" "$ROWS" "$COLS"
echo "data: $ROWS × $COLS float64 (Gaussian mixture)"

ENC=$("$BIN" "$WORK/x.f64" "$ROWS" "$COLS" --perplexity 30 --iterations 1000)
echo "encmap:  $ENC"
SK=$(python3 bench/map/reference_sklearn.py "$WORK/x.f64" "$ROWS" "$COLS")
echo "sklearn: $SK"

python3 - "$ENC" "$SK" <<'PY'
import json, sys
e, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = e["seconds"] / s["seconds"]
dkl = (e["kl"] - s["kl"]) / s["kl"]
print(f"encmap {e['seconds']:.2f} s, scikit-learn {s['seconds']:.2f} s, ratio encmap/sklearn = {ratio:.2f}")
print(f"KL: encmap {e['kl']:.4f}, scikit-learn {s['kl']:.4f} ({100 * dkl:+.1f} %)")
print(f"trustworthiness@7: encmap {e['trustworthiness']:.4f}, scikit-learn {s['trustworthiness']:.4f}")
ok = ratio <= 1.0 and abs(dkl) <= 0.05
print("target (ratio ≤ 1, |ΔKL| ≤ 5 %):", "met" if ok else "NOT met")
PY
