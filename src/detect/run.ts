/**
 * Running detection end to end: rules in, files in, report out. The CLI and
 * other programs call this; nothing here prints.
 */
import { Detector, type DetectorOptions } from './engine.js';
import type { CloudTrailEvent } from './event.js';
import type { Alert } from './alert.js';
import { loadBuiltinRules } from './builtin.js';
import { newSummary, readEvents, type InputProblem } from './input/read.js';
import type { DetectReport } from './output.js';
import type { RuleSet } from './sigma/ruleset.js';

export interface DetectOptions extends DetectorOptions {
  /** Extra rule files or directories. */
  rules?: string[];
  /** Include mamori's built-in rules (default true). */
  builtin?: boolean;
  since?: number;
  until?: number;
  maxRecordBytes?: number;
  /** Problems kept in the report (all are counted). Default 1000. */
  maxProblems?: number;
  onProblem?: (p: InputProblem) => void;
}

/** Evaluates rules over events already in memory (tests, other inputs). */
export function evaluate(ruleset: RuleSet, events: Iterable<CloudTrailEvent>, opts: DetectorOptions = {}): Alert[] {
  const d = new Detector(ruleset, opts);
  for (const e of events) d.process(e);
  return d.finish();
}

export async function detectFiles(paths: string[], opts: DetectOptions = {}): Promise<DetectReport> {
  const loaded = loadBuiltinRules(opts.rules ?? [], opts.builtin ?? true);
  const d = new Detector(loaded.ruleset, opts);
  const summary = newSummary();
  const problems: InputProblem[] = [];
  const max = opts.maxProblems ?? 1000;
  const onProblem = (p: InputProblem) => {
    if (problems.length < max) problems.push(p);
    opts.onProblem?.(p);
  };
  for await (const e of readEvents(paths, { ...(opts.since !== undefined ? { since: opts.since } : {}), ...(opts.until !== undefined ? { until: opts.until } : {}), ...(opts.maxRecordBytes ? { maxRecordBytes: opts.maxRecordBytes } : {}), onProblem }, summary))
    d.process(e);
  return {
    alerts: d.finish(),
    input: summary,
    problems,
    rules: {
      loaded: loaded.ruleset.detections.length + loaded.ruleset.correlations.length,
      rejected: loaded.errors.map((e) => ({ ...e.pos, message: e.message })),
    },
  };
}

/**
 * A time argument: a duration back from now (`90s`, `30m`, `24h`, `7d`) or
 * an ISO 8601 date/time. Returns epoch milliseconds.
 */
export function parseTimeArg(value: string, now = Date.now()): number {
  const m = /^(\d+)([smhd])$/.exec(value.trim());
  if (m) return now - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(t)) throw new Error(`not a time: ${JSON.stringify(value)} (use e.g. 7d, 24h, 30m or 2026-11-20T10:00:00Z)`);
  return t;
}
