/**
 * The per-file half of parallel detection: read, inflate, parse one file and
 * run the single-event rules, which need no shared state. Worker threads run
 * it for their files and the main thread for its own share; the main thread
 * then feeds every file's matches, in file order, to the correlations.
 */
import { Detector } from './engine.js';
import type { CloudTrailEvent } from './event.js';
import { forEachEvent, newSummary, type InputProblem, type InputSummary, type ReadOptions } from './input/read.js';
import { RecordPrefilter } from './input/prefilter.js';
import type { DetectionRule } from './sigma/rule.js';
import type { RuleSet } from './sigma/ruleset.js';
import { parseEventTime } from './time.js';

export interface FileOptions {
  since?: number;
  until?: number;
  maxRecordBytes?: number;
  prefilter: boolean;
}

export interface Match {
  event: CloudTrailEvent;
  rules: DetectionRule[];
  /** The event time (epoch ms), read once here rather than again where matches are applied. */
  time: number;
  /** Only correlations consume these rules (./wire.ts sends such events cut down). */
  feedsOnly?: boolean;
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

  /**
   * `forWire`: matches that only feed correlations are marked (`feedsOnly`)
   * and parsed records keep their JSON text, for a trip between threads.
   */
  constructor(
    private readonly ruleset: RuleSet,
    private readonly opts: FileOptions,
    private readonly forWire: boolean,
  ) {
    this.detector = new Detector(ruleset);
    this.filter = opts.prefilter ? RecordPrefilter.forRules(ruleset) : undefined;
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
    if (this.filter) read.prefilter = { filter: this.filter, onSkip: (t) => void (t > newest && (newest = t)), keepText: this.forWire };
    const take = (e: CloudTrailEvent) => {
      const t = parseEventTime(e.eventTime as string);
      if (t > newest) newest = t;
      const rules = this.detector.match(e);
      if (!rules.length) return;
      if (this.forWire && rules.every((r) => this.ruleset.silenced.has(r))) matches.push({ event: e, rules, time: t, feedsOnly: true });
      else matches.push({ event: e, rules, time: t });
    };
    await forEachEvent(file, read, summary, take);
    return { matches, newest, summary, problems };
  }
}
