/**
 * One timed detection run in its own process, so peak memory (maxRSS) is
 * the run's own. Prints JSON. Usage: node dist/bench/detect/one.js DIR
 */
import { performance } from 'node:perf_hooks';
import { detectFiles } from '../../src/detect/run.js';

const dir = process.argv[2]!;
const t0 = performance.now();
const report = await detectFiles([dir]);
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    events: report.input.events,
    files: report.input.files,
    alerts: report.alerts.length,
    skipped: report.input.skipped,
    ms: Math.round(ms),
    eventsPerSecond: Math.round(report.input.events / (ms / 1000)),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
