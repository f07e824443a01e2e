#!/usr/bin/env bash
# Builds every fuzz target and runs each for a short, bounded time over the
# committed corpus and the regression inputs; fails on any crash, panic,
# timeout (> 10 s for one input) or memory above 2 GiB.
#
#   fuzz/run-short.sh            # 20 s per target
#   FUZZ_SECONDS=60 fuzz/run-short.sh
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
# New corpus entries go to a scratch directory, so the run leaves the
# committed corpus unchanged.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-20}"
targets=$(cargo +nightly fuzz list)
# -O: vieclam's crates keep debug assertions and overflow checks (fuzz/Cargo.toml);
# third-party crates build as in a release (without -O, cargo fuzz forces
# overflow checks on every crate).
cargo +nightly fuzz build -O -s none
bin=target/x86_64-unknown-linux-gnu/release
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in $targets; do
    mkdir -p "$scratch/$target" "$scratch/artifacts/$target"
    # Every regression input must pass first.
    if [ -d "regressions/$target" ] && ls "regressions/$target"/* >/dev/null 2>&1; then
        if ! "$bin/$target" -rss_limit_mb=2048 -timeout=10 "regressions/$target"/* \
            >"$scratch/$target.regressions.log" 2>&1; then
            echo "FAIL $target: a regression input crashes again"; tail -30 "$scratch/$target.regressions.log"
            failed+=("$target"); continue
        fi
    fi
    if "$bin/$target" "$scratch/$target" "corpus/$target" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$scratch/artifacts/$target/" >"$scratch/$target.log" 2>&1; then
        echo "ok   $target: $(grep -o 'number_of_executed_units: *[0-9]*' "$scratch/$target.log" | grep -o '[0-9]*$') executions"
    else
        echo "FAIL $target"; tail -40 "$scratch/$target.log"
        mkdir -p artifacts/"$target"; cp "$scratch/artifacts/$target"/* artifacts/"$target"/ 2>/dev/null || true
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]} (crashing inputs in fuzz/artifacts/)"; exit 1
fi
echo "fuzzing: every target ran ${seconds} s without a crash"
