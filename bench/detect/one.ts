/**
 * One timed detection run in its own process, so peak memory (maxRSS) is
 * the run's own. Prints JSON. Usage: node dist/bench/detect/one.js DIR [WORKERS]
 * (WORKERS 0 = single thread).
 */
import { performance } from 'node:perf_hooks';
import { detectFiles } from '../../src/detect/run.js';
import { detectFilesParallel } from '../../src/detect/parallel.js';

const dir = process.argv[2]!;
const workers = Number(process.argv[3] ?? 0);
const t0 = performance.now();
// MAMORI_DETECT_PREFILTER=0 measures the run without the record prefilter (same alerts, more parsing).
const prefilter = process.env.MAMORI_DETECT_PREFILTER !== '0';
const report = workers > 0 ? await detectFilesParallel([dir], { workers, prefilter }) : await detectFiles([dir], { prefilter });
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    workers,
    prefilter,
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
