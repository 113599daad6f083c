/**
 * The per-file half of parallel detection: read, inflate, parse one file and
 * run the single-event rules, which need no shared state. Worker threads run
 * it for their files and the main thread for its own share; the main thread
 * then feeds every file's matches, in file order, to the correlations.
 */
import { Detector } from './engine.js';
import { RECORD_TEXT, fieldGetter, type CloudTrailEvent, type FieldGetter } from './event.js';
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
  event: CloudTrailEvent;
  rules: string[];
  /**
   * Set when `event` was cut down to the fields correlations read: the
   * record's whole JSON text, parsed again only if the event ends up in an
   * alert (RECORD_TEXT, ../event.ts).
   */
  text?: string;
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
  /** Every field a correlation reads (group-by, aliases, value and distinct fields), by dotted path. */
  private readonly paths: [string, FieldGetter][] = [];

  /**
   * `trim`: events that only feed correlations are cut down to the fields
   * correlations read, with their record's text for alerts, for a trip
   * between threads (a frequent base rule, such as every call made with a
   * long-term key, would otherwise copy most of the input as objects).
   */
  constructor(
    private readonly ruleset: RuleSet,
    private readonly opts: FileOptions,
    private readonly trim: boolean,
  ) {
    this.detector = new Detector(ruleset);
    this.filter = opts.prefilter ? RecordPrefilter.forRules(ruleset) : undefined;
    const fields = ruleset.correlations.flatMap((c) => [...c.groupBy, ...Object.values(c.aliases).flatMap((m) => Object.values(m)), ...(c.field ? [c.field] : []), ...Object.values(c.distinct ?? {})]);
    for (const f of new Set(fields)) this.paths.push([f, fieldGetter(f)]);
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
    if (this.filter) read.prefilter = { filter: this.filter, onSkip: (t) => void (t > newest && (newest = t)), keepText: this.trim };
    for await (const e of readFile(file, read, summary)) {
      const t = Date.parse(e.eventTime as string);
      if (t > newest) newest = t;
      const hit = this.detector.match(e);
      if (!hit.length) continue;
      const rules = hit.map((r) => r.id);
      if (this.trim && hit.every((r) => this.ruleset.silenced.has(r))) {
        matches.push({ event: this.slim(e), rules, text: (e as { [RECORD_TEXT]?: string })[RECORD_TEXT] ?? JSON.stringify(e) });
      } else matches.push({ event: e, rules });
    }
    return { matches, newest, summary, problems };
  }

  /**
   * The event as correlations see it: eventTime and the first value of each
   * path (correlation.ts reads no other), under the dotted path itself,
   * which field getters try before walking.
   */
  private slim(e: CloudTrailEvent): CloudTrailEvent {
    const out: CloudTrailEvent = { eventTime: e.eventTime };
    for (const [path, get] of this.paths) {
      const values = get(e);
      if (values.length) out[path] = values[0];
    }
    return out;
  }
}
