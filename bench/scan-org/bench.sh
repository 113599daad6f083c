#!/usr/bin/env bash
# scan --org benchmark: wall time against accounts scanned one after another,
# and peak memory as the organization grows. Each setting in a fresh process.
#   npm run build && bench/scan-org/bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
LATENCY=${LATENCY:-20}
run() { node dist/bench/scan-org/run.js --latency "$LATENCY" "$@"; }
echo "# wall time, 50 accounts: one after another vs in parallel"
for p in 1 4 8 16; do run --accounts 50 --parallel "$p"; done
echo "# memory as the organization grows (4 in parallel)"
for n in 10 25 50 100; do run --accounts "$n" --parallel 4; done
