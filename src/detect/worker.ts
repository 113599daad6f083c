/**
 * Worker thread for parallel detection: reads, inflates and parses files
 * and runs the single-event rules, which need no shared state. It sends back
 * only the events that matched something (with the rule ids), plus counts and
 * problems; the main thread keeps file order and runs correlations.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { Detector } from './engine.js';
import { newSummary, readFile, type InputProblem, type ReadOptions } from './input/read.js';
import { RecordPrefilter } from './input/prefilter.js';

export interface WorkerInit {
  rules: string[];
  builtin: boolean;
  since?: number;
  until?: number;
  maxRecordBytes?: number;
  prefilter: boolean;
}

export interface Match {
  event: Record<string, unknown>;
  rules: string[];
}

export interface WorkerResult {
  index: number;
  /**
   * The matched events with their rule ids, as JSON text (`Match[]`): V8
   * deserializes a structured clone of many small objects at about twice the
   * cost of JSON.parse, and this is the main thread's biggest input. Events
   * come from JSON, so the round trip loses nothing.
   */
  matches: string;
  /** Newest event time in the file, to move correlation time forward. */
  newest: number;
  summary: ReturnType<typeof newSummary>;
  problems: InputProblem[];
}

const init = workerData as WorkerInit;
const { ruleset } = loadBuiltinRules(init.rules, init.builtin);
const detector = new Detector(ruleset);
const filter = init.prefilter ? RecordPrefilter.forRules(ruleset) : undefined;

/**
 * Events that only feed correlations travel back trimmed to what alerts and
 * correlations read (a frequent base rule, such as every call made with a
 * long-term key, would otherwise copy most of the input between threads).
 */
const KEEP = new Set(['eventID', 'eventTime', 'eventName', 'eventSource', 'awsRegion', 'sourceIPAddress', 'userAgent', 'recipientAccountId', 'userIdentity', 'errorCode']);
for (const c of ruleset.correlations) {
  const fields = [...c.groupBy, ...Object.values(c.aliases).flatMap((m) => Object.values(m)), ...(c.field ? [c.field] : []), ...Object.values(c.distinct ?? {})];
  for (const f of fields) KEEP.add(f.split('.')[0]!);
}
const project = (e: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const k of KEEP) if (k in e) out[k] = e[k];
  return out;
};

parentPort!.on('message', async (job: { index: number; file: string }) => {
  const summary = newSummary();
  const problems: InputProblem[] = [];
  const matches: Match[] = [];
  let newest = -Infinity;
  const opts: ReadOptions = {
    ...(init.since !== undefined ? { since: init.since } : {}),
    ...(init.until !== undefined ? { until: init.until } : {}),
    ...(init.maxRecordBytes ? { maxRecordBytes: init.maxRecordBytes } : {}),
    onProblem: (p: InputProblem) => problems.push(p),
  };
  // Records no rule can match still move correlation time forward, like the others.
  if (filter) opts.prefilter = { filter, onSkip: (t) => void (t > newest && (newest = t)) };
  for await (const e of readFile(job.file, opts, summary)) {
    const t = Date.parse(e.eventTime as string);
    if (t > newest) newest = t;
    const hit = detector.match(e);
    if (hit.length) matches.push({ event: hit.every((r) => ruleset.silenced.has(r)) ? project(e) : e, rules: hit.map((r) => r.id) });
  }
  const result: WorkerResult = { index: job.index, matches: JSON.stringify(matches), newest, summary, problems };
  parentPort!.postMessage(result);
});
