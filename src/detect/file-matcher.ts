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
  /** Only correlations consume these rules (./wire.ts sends such events cut down). */
  feedsOnly?: boolean;
  /** The event's place in its file's `times` (its time, read once here). */
  at: number;
}

export interface FileMatches {
  matches: Match[];
  /**
   * The time of every event of the file that was read (in range), matched or
   * not, in file order: the thread applying results moves correlation time
   * event by event as one thread does, since when state is evicted depends on it.
   */
  times: Float64Array;
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
    const times: number[] = [];
    const { since, until, maxRecordBytes } = this.opts;
    const read: ReadOptions = {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(maxRecordBytes ? { maxRecordBytes } : {}),
      onProblem: (p: InputProblem) => problems.push(p),
    };
    // Records no rule can match still move correlation time forward, like the others.
    if (this.filter) read.prefilter = { filter: this.filter, onSkip: (t) => void times.push(t), keepText: this.forWire };
    const take = (e: CloudTrailEvent) => {
      const t = parseEventTime(e.eventTime as string);
      const at = times.push(t) - 1;
      const rules = this.detector.match(e);
      if (!rules.length) return;
      if (this.forWire && rules.every((r) => this.ruleset.silenced.has(r))) matches.push({ event: e, rules, feedsOnly: true, at });
      else matches.push({ event: e, rules, at });
    };
    await forEachEvent(file, read, summary, take);
    return { matches, times: Float64Array.from(times), summary, problems };
  }
}
