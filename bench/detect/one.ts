/**
 * One timed detection run in its own process, so peak memory (maxRSS) is
 * the run's own. Prints JSON. Usage: node dist/bench/detect/one.js DIR [WORKERS]
 * (WORKERS 0 = single thread). MAMORI_DETECT_PREFILTER=0 and MAMORI_BENCH_ONLY: below.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_RULES_DIR } from '../../src/detect/builtin.js';
import { detectFiles, type DetectOptions } from '../../src/detect/run.js';
import { detectFilesParallel } from '../../src/detect/parallel.js';

/**
 * MAMORI_BENCH_ONLY=id,id,...: run only these built-in rules and the rules
 * their correlations reference (the same work as DuckDB's SQL), from a
 * temporary rules directory.
 */
function onlyRules(ids: string[]): DetectOptions {
  const docs = readdirSync(BUILTIN_RULES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(BUILTIN_RULES_DIR, f), 'utf8')).map((d) => d.toJS() as Record<string, any>));
  const chosen = docs.filter((d) => ids.includes(d.id));
  const names = new Set(chosen.flatMap((d) => d.correlation?.rules ?? []));
  const all = [...chosen, ...docs.filter((d) => names.has(d.name) && !chosen.includes(d))];
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bench-rules-'));
  writeFileSync(join(dir, 'rules.yml'), all.map((d) => JSON.stringify(d)).join('\n---\n'));
  return { builtin: false, rules: [dir] };
}

const dir = process.argv[2]!;
const workers = Number(process.argv[3] ?? 0);
const t0 = performance.now();
// MAMORI_DETECT_PREFILTER=0 measures the run without the record prefilter (same alerts, more parsing).
const prefilter = process.env.MAMORI_DETECT_PREFILTER !== '0';
const only = process.env.MAMORI_BENCH_ONLY ? onlyRules(process.env.MAMORI_BENCH_ONLY.split(',')) : {};
const report = workers > 0 ? await detectFilesParallel([dir], { workers, prefilter, ...only }) : await detectFiles([dir], { prefilter, ...only });
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    workers,
    prefilter,
    rules: report.rules.loaded,
    events: report.input.events,
    files: report.input.files,
    alerts: report.alerts.length,
    alertCounts: report.alerts.reduce((n, a) => n + a.count, 0),
    // Per rule: [alerts, events behind them], compared with DuckDB's SQL by bench.js.
    byRule: report.alerts.reduce<Record<string, [number, number]>>((m, a) => {
      const v = (m[a.ruleId] ??= [0, 0]);
      v[0]++;
      v[1] += a.count;
      return m;
    }, {}),
    skipped: report.input.skipped,
    ms: Math.round(ms),
    eventsPerSecond: Math.round(report.input.events / (ms / 1000)),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
