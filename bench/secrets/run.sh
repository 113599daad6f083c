#!/usr/bin/env bash
# mamori secrets benchmark: throughput against ripgrep and secretlint on the
# same tree, --staged end to end, and history blobs/s against git log -p | rg.
# Usage: npm run build && bash bench/secrets/run.sh
# Env: BENCH_DIR (default /tmp/mamori-bench), TREE_SRC (default: this repo's
# node_modules), HISTORY_REPO (a git repository with thousands of commits),
# SECRETLINT_FULL=1 also times secretlint on the full tree (slow), SKIP_SECRETLINT=1
# leaves secretlint out (it takes minutes even on the small tree),
# BEFORE_CLI=<path to another build's dist/src/cli/main.js> adds its rows to every
# comparison (before/after figures from one run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI="$ROOT/dist/src/cli/main.js"
WORK=${BENCH_DIR:-/tmp/mamori-bench}
TREE_SRC=${TREE_SRC:-$(readlink -f "$ROOT/node_modules")}
HISTORY_REPO=${HISTORY_REPO:-}
OUT="$WORK/results"
AWS_RE='(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}'
BEFORE_CLI=${BEFORE_CLI:-}
# hyperfine arguments for the "before" build, when there is one: before_rows NAME COMMAND-WITH-@CLI@
before_rows() { [ -n "$BEFORE_CLI" ] && printf '%s\0%s\0%s\0' -n "$1 (before)" "${2//@CLI@/$BEFORE_CLI}"; true; }
command -v hyperfine >/dev/null || { echo "hyperfine missing (apt-get install -y hyperfine)"; exit 1; }
command -v rg >/dev/null || { echo "rg missing (apt-get install -y ripgrep)"; exit 1; }
mkdir -p "$WORK" "$OUT"

echo "== machine"
{ echo "nproc: $(nproc)"; grep -m1 'model name' /proc/cpuinfo; node --version; rg --version | sed -n 1p; hyperfine --version; git --version; uptime; } | tee "$OUT/machine.txt"

echo "== trees"
if [ ! -d "$WORK/tree" ]; then
  cp -r "$TREE_SRC" "$WORK/tree"
  node "$ROOT/dist/bench/secrets/plant.js" "$WORK/tree" 50
fi
# A smaller tree that secretlint can finish: a few packages plus the planted files.
if [ ! -d "$WORK/small" ]; then
  mkdir -p "$WORK/small"
  for p in @aws-sdk/client-sts @smithy/core commander yaml ajv typescript/lib/lib.dom.d.ts; do
    [ -e "$WORK/tree/$p" ] && mkdir -p "$WORK/small/$(dirname "$p")" && cp -r "$WORK/tree/$p" "$WORK/small/$p"
  done
  cp -r "$WORK/tree/planted" "$WORK/small/planted"
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$WORK/small/.secretlintrc.json"
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$WORK/tree/.secretlintrc.json"
SECRETLINT=
[ "${SKIP_SECRETLINT:-0}" = 1 ] || SECRETLINT=$( (cd "$WORK" && npx --yes -p secretlint -p @secretlint/secretlint-rule-preset-recommend -c 'command -v secretlint') 2>/dev/null || true)
for t in tree small; do
  node "$CLI" secrets scan --no-ignore "$WORK/$t" --format json -o "$OUT/$t-scan.json" 2>/dev/null || true
  node -e 'const s=require(process.argv[1]).summary; console.log(process.argv[2], "bytes scanned:", s.bytes, "files:", s.scanned, "findings:", s.findings)' "$OUT/$t-scan.json" "$t" | tee "$OUT/$t-size.txt"
done

echo "== tree throughput: mamori vs rg (full tree)"
mapfile -d '' BEFORE_TREE < <(before_rows 'mamori (all rules)' "node @CLI@ secrets scan --no-ignore $WORK/tree --format json -o /dev/null"; before_rows 'mamori (aws-access-key-id only)' "node @CLI@ secrets scan --no-ignore --rules aws-access-key-id $WORK/tree --format json -o /dev/null")
hyperfine -i --warmup 1 --runs 5 --export-json "$OUT/tree.json" \
  -n 'mamori (all rules)' "node $CLI secrets scan --no-ignore $WORK/tree --format json -o /dev/null" \
  -n 'mamori (all rules, 1 thread)' "MAMORI_WORKERS=1 node $CLI secrets scan --no-ignore $WORK/tree --format json -o /dev/null" \
  -n 'mamori (aws-access-key-id only)' "node $CLI secrets scan --no-ignore --rules aws-access-key-id $WORK/tree --format json -o /dev/null" \
  -n 'mamori (aws-access-key-id only, 1 thread)' "MAMORI_WORKERS=1 node $CLI secrets scan --no-ignore --rules aws-access-key-id $WORK/tree --format json -o /dev/null" \
  "${BEFORE_TREE[@]}" \
  -n 'rg (AWS key-id pattern)' "rg -uu -c --no-messages -e '$AWS_RE' $WORK/tree" \
  -n 'rg (AWS key-id pattern, 1 thread)' "rg -j1 -uu -c --no-messages -e '$AWS_RE' $WORK/tree" \
  -n 'node: walk and read every file, no detection (floor)' "node $ROOT/dist/bench/secrets/floor.js $WORK/tree" \
  -n 'node -e 0 (Node start alone)' "node -e 0"

echo "== small tree: mamori vs rg vs secretlint"
if [ -n "$SECRETLINT" ]; then
  hyperfine -i --warmup 1 --runs 3 --export-json "$OUT/small.json" \
    -n 'mamori (all rules)' "node $CLI secrets scan --no-ignore $WORK/small --format json -o /dev/null" \
    -n 'rg (AWS key-id pattern)' "rg -uu -c --no-messages -e '$AWS_RE' $WORK/small" \
    -n 'secretlint (preset-recommend)' "cd $WORK/small && $SECRETLINT '**/*' --format json > /dev/null"
else
  echo "secretlint could not be installed through npx; skipped" | tee "$OUT/secretlint-missing.txt"
fi
if [ -n "$SECRETLINT" ] && [ "${SECRETLINT_FULL:-0}" = 1 ]; then
  ( cd "$WORK/tree" && /usr/bin/time -f '%e' -o "$OUT/secretlint-full.txt" timeout 900 "$SECRETLINT" '**/*' --format json > /dev/null ) || echo "secretlint on the full tree: exit $? (124 = timed out after 900 s)" | tee -a "$OUT/secretlint-full.txt"
fi

if [ -n "$HISTORY_REPO" ]; then
  echo "== history and --staged on a clone of $HISTORY_REPO"
  R="$WORK/history"
  if [ ! -d "$R" ]; then
    git clone -q --no-local "$HISTORY_REPO" "$R"
    git -C "$R" config user.name bench; git -C "$R" config user.email bench@example.com
    # A key added then removed: history must still find it.
    node "$ROOT/dist/bench/secrets/plant.js" "$R" 1 >/dev/null
    git -C "$R" add planted && git -C "$R" commit -qm "bench: planted key"
    git -C "$R" rm -rq planted && git -C "$R" commit -qm "bench: remove planted key"
  fi
  BLOBS=$(git -C "$R" rev-list --objects --all --filter=object:type=blob | wc -l)
  COMMITS=$(git -C "$R" rev-list --all --count)
  echo "commits: $COMMITS distinct blobs: $BLOBS" | tee "$OUT/history-size.txt"
  (cd "$R" && node "$CLI" secrets scan --history --format json -o "$OUT/history-scan.json" 2>/dev/null || true)
  node -e 'const j=require(process.argv[1]); console.log("history findings:", j.summary.findings, "planted found:", j.findings.some(f=>f.path.startsWith("planted/")&&f.commit))' "$OUT/history-scan.json" | tee -a "$OUT/history-size.txt"
  mapfile -d '' BEFORE_HISTORY < <(before_rows 'mamori --history' "cd $R && node @CLI@ secrets scan --history --format json -o /dev/null")
  hyperfine -i --warmup 1 --runs 5 --export-json "$OUT/history.json" \
    -n 'mamori --history' "cd $R && node $CLI secrets scan --history --format json -o /dev/null" \
    "${BEFORE_HISTORY[@]}" \
    -n 'git log -p --all | rg (AWS key-id pattern)' "cd $R && git log -p --all --no-color | rg -c -e '$AWS_RE'"

  # A typical commit: a handful of modified files and one new file.
  git -C "$R" checkout -q -- . && git -C "$R" reset -q
  for f in $(git -C "$R" ls-files '*.js' | head -5); do echo "// edit" >> "$R/$f"; done
  node "$ROOT/dist/bench/secrets/plant.js" "$R/staged" 1 >/dev/null
  git -C "$R" add -A
  echo "staged files: $(git -C "$R" diff --cached --name-only | wc -l)" | tee "$OUT/staged-size.txt"
  mapfile -d '' BEFORE_STAGED < <(before_rows 'mamori secrets scan --staged' "cd $R && node @CLI@ secrets scan --staged")
  hyperfine -i --warmup 3 --runs 20 --export-json "$OUT/staged.json" \
    -n 'mamori secrets scan --staged' "cd $R && node $CLI secrets scan --staged" \
    "${BEFORE_STAGED[@]}" \
    -n 'node -e 0 (Node start alone)' "node -e 0"
  git -C "$R" reset -q --hard
fi
uptime | tee -a "$OUT/machine.txt"
echo "results in $OUT"
