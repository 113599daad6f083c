/**
 * The per-file half of parallel detection: read, inflate, parse one file and
 * run the single-event rules, which need no shared state. Worker threads run
 * it for their files and the main thread for its own share; the main thread
 * then feeds every file's matches, in file order, to the correlations.
 */
import { Detector } from './engine.js';
import { newSummary, readFile, type InputProblem, type InputSummary, type ReadOptions } from './input/read.js';
import { RecordPrefilter } from './input/prefilter.js';
import type { RuleSet } from './sigma/ruleset.js';

export interface FileOptions {
  since?: number;
  until?: number;
  maxRecordBytes?: number;
  prefilter: boolean;
}

export interface Match {
  event: Record<string, unknown>;
  rules: string[];
}

export interface FileMatches {
  matches: Match[];
  /** Newest event time in the file, to move correlation time forward. */
  newest: number;
  summary: InputSummary;
  problems: InputProblem[];
}

export class FileMatcher {
  private readonly detector: Detector;
  private readonly filter: RecordPrefilter | undefined;
  private readonly keep = new Set(['eventID', 'eventTime', 'eventName', 'eventSource', 'awsRegion', 'sourceIPAddress', 'userAgent', 'recipientAccountId', 'userIdentity', 'errorCode']);

  /**
   * `trim`: events that only feed correlations are cut down to what alerts
   * and correlations read, for a trip between threads (a frequent base rule,
   * such as every call made with a long-term key, would otherwise copy most
   * of the input).
   */
  constructor(
    private readonly ruleset: RuleSet,
    private readonly opts: FileOptions,
    private readonly trim: boolean,
  ) {
    this.detector = new Detector(ruleset);
    this.filter = opts.prefilter ? RecordPrefilter.forRules(ruleset) : undefined;
    for (const c of ruleset.correlations) {
      const fields = [...c.groupBy, ...Object.values(c.aliases).flatMap((m) => Object.values(m)), ...(c.field ? [c.field] : []), ...Object.values(c.distinct ?? {})];
      for (const f of fields) this.keep.add(f.split('.')[0]!);
    }
  }

  async run(file: string): Promise<FileMatches> {
    const summary = newSummary();
    const problems: InputProblem[] = [];
    const matches: Match[] = [];
    let newest = -Infinity;
    const { since, until, maxRecordBytes } = this.opts;
    const read: ReadOptions = {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(maxRecordBytes ? { maxRecordBytes } : {}),
      onProblem: (p: InputProblem) => problems.push(p),
    };
    // Records no rule can match still move correlation time forward, like the others.
    if (this.filter) read.prefilter = { filter: this.filter, onSkip: (t) => void (t > newest && (newest = t)) };
    for await (const e of readFile(file, read, summary)) {
      const t = Date.parse(e.eventTime as string);
      if (t > newest) newest = t;
      const hit = this.detector.match(e);
      if (hit.length) matches.push({ event: this.trim && hit.every((r) => this.ruleset.silenced.has(r)) ? this.project(e) : e, rules: hit.map((r) => r.id) });
    }
    return { matches, newest, summary, problems };
  }

  private project(e: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.keep) if (k in e) out[k] = e[k];
    return out;
  }
}
