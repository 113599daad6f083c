#!/usr/bin/env bash
# Scan benchmark (issue: mamori scan). Needs `npm run build` and hyperfine.
# 1. One JSON line per setting: wall time inside the process, API calls, peak RSS.
#    concurrency 1000 = no limit: what is left is the longest chain of dependent calls.
# 2. hyperfine over whole processes (Node start, seeding the fake, the scan).
set -euo pipefail
cd "$(dirname "$0")/../.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
latency=${LATENCY:-50}
for c in 10 1000; do node dist/bench/scan/run.js --latency "$latency" --concurrency "$c"; done
hyperfine --warmup 1 --runs 5 \
  -n "mamori scan, concurrency 10 (default)" "node dist/bench/scan/run.js --latency $latency --concurrency 10" \
  -n "mamori scan, no concurrency limit" "node dist/bench/scan/run.js --latency $latency --concurrency 1000"
