#!/usr/bin/env bash
# Runs schemathesis (PyPI) over the OpenAPI document the server itself
# serves, against a small demo city on SQLite, three times: as the public,
# as a commune officer and as the exchange's staff. Fails on any failure of
# the four checks below.
#
# Usage: scripts/schemathesis.sh
# Environment:
#   ST_MAX_EXAMPLES   test cases per operation and phase (default 10: CI size)
#   ST_MAX_TIME       time budget of each run in seconds (default 120); the
#                     fuzzing and stateful phases repeat until it is spent
#   ST_SEED           the generator's seed (default: random)
#   ST_PROFILE        cargo profile of the binary: debug (default) or release
#   ST_REPORT_DIR     where the JUnit and NDJSON reports go (default:
#                     target/schemathesis)
#   SCHEMATHESIS      the `st` command (default: st on PATH, else a venv
#                     made under target/ from scripts/requirements-schemathesis.txt)
#
# Every request goes to 127.0.0.1 only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

max_examples="${ST_MAX_EXAMPLES:-10}"
max_time="${ST_MAX_TIME:-120}"
profile="${ST_PROFILE:-debug}"
checks="not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
phases="examples,coverage,fuzzing,stateful"

# The schemathesis command: the one given, one on PATH, or a venv of the
# pinned version.
st="${SCHEMATHESIS:-}"
if [[ -z "$st" ]]; then
    if command -v st >/dev/null 2>&1 && st --version 2>/dev/null | grep -qi schemathesis; then
        st="st"
    else
        target="${CARGO_TARGET_DIR:-$root/target}"
        venv="$target/schemathesis-venv"
        if [[ ! -x "$venv/bin/st" ]]; then
            python3 -m venv "$venv"
            "$venv/bin/pip" install --quiet -r scripts/requirements-schemathesis.txt
        fi
        st="$venv/bin/st"
    fi
fi

# The binary: built once, reused when up to date.
if [[ "$profile" == "release" ]]; then
    cargo build --quiet --release --bin vieclam
else
    cargo build --quiet --bin vieclam
fi
binary="${CARGO_TARGET_DIR:-$root/target}/$profile/vieclam"

work="$(mktemp -d "${TMPDIR:-/tmp}/vieclam-st.XXXXXX")"
report_dir="${ST_REPORT_DIR:-${CARGO_TARGET_DIR:-$root/target}/schemathesis}"
mkdir -p "$report_dir"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

db="sqlite://$work/st.db"
echo "== demo city (small) in $work"
"$binary" --db "$db" demo --size small --no-serve >"$work/demo.log" 2>&1 || {
    cat "$work/demo.log"
    exit 1
}

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
echo "== server on $base"
RUST_LOG="${RUST_LOG:-warn}" "$binary" --db "$db" serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    if curl --silent --fail "$base/healthz" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$work/server.log"
        exit 1
    fi
    sleep 0.5
done
curl --silent --fail "$base/healthz" >/dev/null

login() {
    curl --silent --fail -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"vieclam-demo-2026\"}" \
        "$base/api/v1/auth/login" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
token="$(login xa.hoaxa)"
# The staff of every venue: the exchange's routes with records to act on.
staff_token="$(login ttdvvl.hanoi)"

seed_args=()
if [[ -n "${ST_SEED:-}" ]]; then
    seed_args=(--seed "$ST_SEED")
fi

run() {
    local name="$1"
    shift
    echo "== schemathesis as $name: $max_examples examples per operation, at most ${max_time}s"
    # From the temp dir: schemathesis leaves a cache folder where it runs.
    (cd "$work" && "$st" run "$base/api/openapi.json" \
        --checks "$checks" \
        --phases "$phases" \
        --max-examples "$max_examples" \
        --max-time "$max_time" \
        --workers 2 \
        --request-timeout 60 \
        --suppress-health-check all \
        --generation-database none \
        --no-color \
        --report junit,ndjson \
        --report-junit-path "$report_dir/$name.xml" \
        --report-ndjson-path "$report_dir/$name.ndjson" \
        "${seed_args[@]}" \
        "$@")
}

# Whether a run's JUnit report holds errors of schemathesis itself (a
# Python "Runtime Error" while generating cases) and no failed check: those
# say nothing about the server, and the run is made once more.
tool_errors_only() {
    python3 - "$report_dir/$1.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = list(root.iter("testcase"))
failed = any(case.find("failure") is not None for case in cases)
errored = any(case.find("error") is not None for case in cases)
sys.exit(0 if errored and not failed else 1)
PY
}

run_checked() {
    local name="$1"
    if run "$@"; then
        return 0
    fi
    if tool_errors_only "$name"; then
        echo "== schemathesis itself failed (no check failed): running $name once more"
        run "$@"
        return
    fi
    return 1
}

status=0
run_checked public || status=1
# Logging out would end the session the rest of the run uses: the public
# run covers logout.
run_checked officer -H "Authorization: Bearer $token" --exclude-path /api/v1/auth/logout || status=1
run_checked staff -H "Authorization: Bearer $staff_token" --exclude-path /api/v1/auth/logout || status=1

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server died during the run:" >&2
    tail -n 50 "$work/server.log" >&2
    status=1
fi
if [[ "$status" -ne 0 ]]; then
    echo "schemathesis found failures; server log tail:" >&2
    tail -n 30 "$work/server.log" >&2
fi
exit "$status"
