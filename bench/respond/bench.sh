#!/bin/sh
# Each setting three times, each in a fresh process; one JSON line per run.
set -e
cd "$(dirname "$0")/../.."
for args in "--polls 0" "--polls 0 --delete-leaked" "--polls 200 --delete-leaked" "--polls 1000 --delete-leaked"; do
  for i in 1 2 3; do node dist/bench/respond/run.js --latency 100 $args; done
done
