/**
 * `mamori watch`: detection that keeps running. Each source (LookupEvents
 * or a trail bucket) is polled; what was read is recorded in the store as a
 * cursor, so a restart continues where the last run stopped (no gap). On
 * start the window before the cursor is read again, as far back as the
 * longest correlation timespan, to rebuild correlation state; alerts that
 * replay or extension produce are matched against the stored ones, so only
 * new alerts are sent (no double alerts).
 *
 * Late delivery: CloudTrail makes events available minutes after they
 * happen, so each poll reads again from the cursor minus `lateness`, and
 * events already processed in this run are skipped by event id.
 */
import type { Aws } from '../aws/clients.js';
import type { AlertStore } from '../store/alerts.js';
import type { Alert } from './alert.js';
import { Detector } from './engine.js';
import type { CloudTrailEvent } from './event.js';
import { lookupEvents, RateLimiter } from './input/lookup.js';
import { newSummary, readStream, type InputProblem } from './input/read.js';
import { bucketRegion, listTrailObjects, parseS3Url } from './input/s3.js';
import type { AlertSink } from './sinks.js';
import type { RuleSet } from './sigma/ruleset.js';
import type { FirstSeenStore } from './sigma/correlation.js';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { parseEventTime } from './time.js';

export interface WatchSource {
  /** Stable name, the cursor's key in the store. */
  name: string;
  read(from: number, to: number, onProblem: (p: InputProblem) => void): AsyncIterable<CloudTrailEvent>;
}

export function lookupSource(aws: Aws, regions: string[], accountHint = 'default'): WatchSource {
  const limiters = new Map<string, RateLimiter>();
  return {
    name: `lookup:${accountHint}:${regions.join(',')}`,
    read: (from, to, onProblem) => lookupEvents(aws, { regions, since: from, until: to, onProblem, limiters }),
  };
}

export function s3Source(aws: Aws, url: string): WatchSource {
  const loc = parseS3Url(url);
  const done = new Map<string, number>();
  let region: string | undefined;
  return {
    name: `s3:${loc.bucket}/${loc.prefix}`,
    async *read(from, to, onProblem) {
      region ??= await bucketRegion(aws, loc.bucket);
      // A delivered file holds events up to ~15 minutes older than its name says.
      const keys = await listTrailObjects(aws, region, loc, { since: from - 3_600_000, until: to });
      for (const key of keys) {
        if (done.has(key)) continue;
        const out = await aws.send(S3Client, region, new GetObjectCommand({ Bucket: loc.bucket, Key: key }));
        yield* readStream(`s3://${loc.bucket}/${key}`, () => out.Body as Readable, { onProblem }, newSummary());
        done.set(key, to);
      }
      for (const [k, t] of done) if (t < from - 2 * 86_400_000) done.delete(k);
    },
  };
}

export interface WatchOptions {
  sources: WatchSource[];
  /** first_seen history that outlives the process (flushed after each poll). */
  firstSeen?: FirstSeenStore & { flush(): void };
  sinks: AlertSink[];
  store: AlertStore;
  /** Poll interval, ms. Default 60 s. */
  intervalMs?: number;
  /** How far back each poll re-reads for late events. Default 15 min. */
  latenessMs?: number;
  /** First run without a cursor starts this far back. Default 1 h. */
  initialLookbackMs?: number;
  /** Stop after this many polls (tests, --once). */
  maxPolls?: number;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProblem?: (p: InputProblem) => void;
  onSinkError?: (sink: string, alert: Alert, err: Error) => void;
}

export interface WatchStats {
  polls: number;
  events: number;
  sent: number;
  updated: number;
}

export async function watch(ruleset: RuleSet, opts: WatchOptions): Promise<WatchStats> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
  }));
  const lateness = opts.latenessMs ?? 15 * 60_000;
  const maxSpan = Math.max(0, ...ruleset.correlations.map((c) => c.timespanMs));
  const detector = new Detector(ruleset, { lateness: Math.max(lateness, 3_600_000), ...(opts.firstSeen ? { firstSeen: opts.firstSeen } : {}) });
  const windowOf = (a: Alert) => {
    const r = ruleset.byRef.get(a.ruleId);
    return r?.kind === 'correlation' ? r.timespanMs : 3_600_000;
  };
  const seen = new Map<string, number>();
  const stats: WatchStats = { polls: 0, events: 0, sent: 0, updated: 0 };
  const first = new Set(opts.sources.map((s) => s.name));
  const onProblem = opts.onProblem ?? (() => {});

  while (!opts.signal?.aborted) {
    const t = now();
    for (const src of opts.sources) {
      const cursor = opts.store.cursor(src.name);
      const from = first.has(src.name)
        ? (cursor ?? t - (opts.initialLookbackMs ?? 3_600_000)) - (cursor !== undefined ? Math.max(maxSpan, lateness) : 0)
        : (cursor ?? t) - lateness;
      first.delete(src.name);
      let complete = true;
      const problem = (p: InputProblem) => {
        if (p.kind === 'io' || p.kind === 'gzip') complete = false;
        onProblem(p);
      };
      for await (const e of src.read(from, t, problem)) {
        const id = typeof e.eventID === 'string' ? e.eventID : undefined;
        if (id) {
          if (seen.has(id)) continue;
          seen.set(id, parseEventTime(e.eventTime as string));
        }
        stats.events++;
        detector.process(e);
      }
      // A source that failed part-way keeps its cursor: the next poll reads the range again.
      if (complete) opts.store.setCursor(src.name, t);
    }
    detector.tick();
    opts.firstSeen?.flush();
    for (const a of detector.alerts.drainChanged()) {
      const known = opts.store.isKnown(a, windowOf(a));
      let delivered = known;
      if (!known) {
        delivered = true;
        for (const sink of opts.sinks) {
          try {
            await sink.send(a);
          } catch (err) {
            opts.onSinkError?.(sink.name, a, err as Error);
          }
        }
        stats.sent++;
      } else stats.updated++;
      opts.store.save([a], new Date(t), delivered);
    }
    const horizon = t - Math.max(maxSpan, lateness) - 2 * lateness;
    for (const [id, et] of seen) if (et < horizon) seen.delete(id);
    stats.polls++;
    if (opts.maxPolls !== undefined && stats.polls >= opts.maxPolls) break;
    await sleep(opts.intervalMs ?? 60_000, opts.signal);
  }
  return stats;
}
