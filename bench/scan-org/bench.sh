#!/usr/bin/env bash
# scan --org benchmark, each setting in a fresh process.
#   npm run build && bench/scan-org/bench.sh
# 1. wall time for 50 accounts, one after another vs in parallel, at a realistic
#    per-call latency (LATENCY_TIME, default 100 ms);
# 2. memory as the organization grows: live heap after a full GC as each
#    account is recorded (LATENCY_MEM, default 20 ms, to keep it short).
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "# wall time, 50 accounts, ${LATENCY_TIME:-100} ms per call"
for p in 1 4 8 16; do node dist/bench/scan-org/run.js --latency "${LATENCY_TIME:-100}" --accounts 50 --parallel "$p"; done
echo "# memory as the organization grows, 4 accounts at once, ${LATENCY_MEM:-20} ms per call"
for n in 10 25 50 100; do node --expose-gc dist/bench/scan-org/run.js --memory --latency "${LATENCY_MEM:-20}" --accounts "$n" --parallel 4; done
