/**
 * Running detection end to end: rules in, files in, report out. The CLI and
 * other programs call this; nothing here prints.
 */
import { Detector, type DetectorOptions } from './engine.js';
import type { CloudTrailEvent } from './event.js';
import { mergeWindows, type Alert } from './alert.js';
import { loadBuiltinRules } from './builtin.js';
import { findEventFiles } from './input/files.js';
import { forEachEvent, newSummary, countedProblem, type InputProblem, type ReadOptions } from './input/read.js';
import { RecordPrefilter } from './input/prefilter.js';
import type { DetectReport } from './output.js';
import type { RuleSet } from './sigma/ruleset.js';
import type { Aws } from '../aws/clients.js';

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
  /**
   * Skip JSON.parse of delivery-file records no rule can match (input/prefilter.ts).
   * Default: on, unless the environment has `MAMORI_DETECT_PREFILTER=0`.
   * Results are the same either way; only the cost differs.
   */
  prefilter?: boolean;
}

/**
 * Where a run's problems go: kept for the report up to `maxProblems`, each
 * passed on; `omitted()` is how many were not kept, so that the report can
 * say so rather than look complete.
 */
export function problemCollector(opts: Pick<DetectOptions, 'maxProblems' | 'onProblem'>): { problems: InputProblem[]; onProblem: (p: InputProblem) => void; omitted: () => number } {
  const problems: InputProblem[] = [];
  const max = opts.maxProblems ?? 1000;
  let omitted = 0;
  return {
    problems,
    onProblem: (p) => {
      if (problems.length < max) problems.push(p);
      else omitted++;
      opts.onProblem?.(p);
    },
    omitted: () => omitted,
  };
}

export function prefilterWanted(opts: { prefilter?: boolean }): boolean {
  return opts.prefilter ?? process.env.MAMORI_DETECT_PREFILTER !== '0';
}

/** Evaluates rules over events already in memory (tests, other inputs). */
export function evaluate(ruleset: RuleSet, events: Iterable<CloudTrailEvent>, opts: DetectorOptions = {}): Alert[] {
  const d = new Detector(ruleset, opts);
  for (const e of events) d.process(e);
  return d.finish();
}

export interface DetectSources {
  /** Local files and directories. */
  paths?: string[];
  /** s3://bucket/prefix locations (need `aws`). */
  s3?: string[];
  /** LookupEvents in these regions (need `aws` and `since`). */
  lookupRegions?: string[];
}

export async function detectFiles(paths: string[], opts: DetectOptions = {}): Promise<DetectReport> {
  return detectSources({ paths }, opts);
}

/** Reads every source in turn (files, then S3, then LookupEvents) through one detector. */
export async function detectSources(src: DetectSources, opts: DetectOptions = {}, aws?: Aws): Promise<DetectReport> {
  const loaded = loadBuiltinRules(opts.rules ?? [], opts.builtin ?? true);
  const d = new Detector(loaded.ruleset, opts);
  const summary = newSummary();
  const { problems, onProblem, omitted } = problemCollector(opts);
  const readOpts: ReadOptions = { ...(opts.since !== undefined ? { since: opts.since } : {}), ...(opts.until !== undefined ? { until: opts.until } : {}), ...(opts.maxRecordBytes ? { maxRecordBytes: opts.maxRecordBytes } : {}), onProblem };
  const filter = prefilterWanted(opts) ? RecordPrefilter.forRules(loaded.ruleset) : undefined;
  if (filter) readOpts.prefilter = { filter, onSkip: (t) => d.skip(t) };
  for (const file of src.paths?.length ? findEventFiles(src.paths, readOpts, countedProblem(readOpts, summary)) : []) await forEachEvent(file, readOpts, summary, (e) => d.process(e));
  if ((src.s3?.length || src.lookupRegions?.length) && !aws) throw new Error('S3 and LookupEvents sources need AWS access');
  // AWS inputs are imported on demand: the SDK clients take a while to load, and local runs need none.
  if (src.s3?.length) {
    const { readS3Events } = await import('./input/s3.js');
    for (const url of src.s3) for await (const e of readS3Events(aws!, url, readOpts, summary)) d.process(e);
  }
  if (src.lookupRegions?.length) {
    if (opts.since === undefined) throw new Error('LookupEvents needs a start time (--since)');
    const { lookupEvents } = await import('./input/lookup.js');
    for await (const e of lookupEvents(aws!, { regions: src.lookupRegions, since: opts.since, ...(opts.until !== undefined ? { until: opts.until } : {}), onProblem }, summary)) d.process(e);
  }
  return {
    alerts: d.finish(),
    input: summary,
    problems,
    ...(omitted() ? { problemsOmitted: omitted() } : {}),
    rules: {
      loaded: loaded.ruleset.detections.length + loaded.ruleset.correlations.length,
      rejected: loaded.errors.map((e) => ({ ...e.pos, message: e.message })),
    },
    windowOf: mergeWindows(loaded.ruleset),
  };
}
