#!/usr/bin/env bash
# Fuzzes encmap's parsers of untrusted input with libFuzzer: builds the separate package Tests/Fuzz with
# -sanitize=fuzzer,address (release, so that the fuzzer runs fast) and runs each target for the given
# number of seconds, starting from the committed seed corpus Tests/Fuzz/Corpus/<target>/.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s; targets: npy csv spec mteb)
#
# New corpus entries go to a scratch folder (the committed corpus is never modified); a crashing input is
# saved as Tests/Fuzz/artifacts/<target>/crash-… . Prints per target: executions, crashes, seconds.
# Exit status 1 when any target crashed (then make the artifact a fixture + regression test, and fix it).
set -euo pipefail

per_target="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(npy csv spec mteb)
case "$per_target" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$per_target'" >&2; exit 2;; esac

root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Tests/Fuzz"
swift="${SWIFT:-swift}"

echo "fuzz.sh: building Tests/Fuzz (release, -sanitize=fuzzer,address)…" >&2
(cd "$fuzz" && "$swift" build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2)
bin="$(cd "$fuzz" && "$swift" build -c release --show-bin-path -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/encmap-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
# Swift's own crash backtracer fights AddressSanitizer; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"

printf '%-6s %14s %8s %8s %10s\n' target executions crashes seconds exec/s
failed=0
for t in "${targets[@]}"; do
    exe="$bin/fuzz-$t"
    [ -x "$exe" ] || { echo "fuzz.sh: unknown target '$t' (expected npy, csv, spec or mteb)" >&2; exit 2; }
    mkdir -p "$scratch/$t" "$fuzz/artifacts/$t"
    log="$scratch/$t.log"
    start=$(date +%s)
    set +e
    "$exe" "$scratch/$t" "$fuzz/Corpus/$t" -max_total_time="$per_target" -print_final_stats=1 \
        -max_len=16384 -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$fuzz/artifacts/$t/" >"$log" 2>&1
    status=$?
    set -e
    secs=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ -z "$execs" ]; then
        execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    fi
    crashes=$(grep -c "Test unit written to" "$log" || true)
    [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
    rate=$(( ${execs:-0} / (secs > 0 ? secs : 1) ))
    printf '%-6s %14s %8s %8s %10s\n' "$t" "${execs:-0}" "$crashes" "$secs" "$rate"
    if [ "$crashes" -ne 0 ]; then
        failed=1
        grep -E 'Fatal error|ERROR|Test unit written' "$log" | head -5 | sed 's/^/    /'
    fi
done
exit $failed
