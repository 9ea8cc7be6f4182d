#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time and sums up executions and crashes.
# Not part of CI. Usage: scripts/fuzz.sh [seconds-per-target (default 120)] [target...]
#
# cargo-fuzz builds with nightly-only compiler flags (sanitizer coverage, -Z options). This
# project pins a stable toolchain, so RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
#
# Corpora: fuzz/seeds/<target> (committed, small) seeds fuzz/corpus/<target> (grown by the run,
# ignored by git). A crash is saved under fuzz/artifacts/<target>/; turn each into a regression
# test in crates/eventlens/tests/regressions.rs, then fix it.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-120}"
shift || true
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi
cargo fuzz build -O --fuzz-dir fuzz || exit 1
triple=$(rustc -vV | sed -n 's/^host: //p')

status=0
summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target" fuzz/target/logs
    log="fuzz/target/logs/$target.log"
    echo "== $target (${seconds}s)"
    mkdir -p "fuzz/artifacts/$target"
    # The binaries built above, run directly (no rebuild between targets). -timeout: one input
    # running over 10 s is a hang; -rss_limit_mb: a memory blow-up.
    "fuzz/target/$triple/release/$target" -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -dict=fuzz/json.dict -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        "fuzz/corpus/$target" "fuzz/seeds/$target" >"$log" 2>&1
    code=$?
    # "Done N runs" at the end of a full run; after a crash, the last progress line's count.
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
    if [ "$code" -ne 0 ]; then
        status=1
        grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -5
    fi
    summary+=("$target: ${runs:-?} executions, exit $code, $crashes crash file(s) in fuzz/artifacts/$target")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
