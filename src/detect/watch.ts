/**
 * `mamori watch`: detection that keeps running. Each source (LookupEvents
 * or a trail bucket) is polled; what was read is recorded in the store as a
 * cursor, so a restart continues where the last run stopped (no gap). On
 * start the window before the cursor is read again, as far back as the
 * longest windowed correlation timespan (event_count, value_count, temporal,
 * temporal_ordered) plus the lateness, to rebuild correlation state;
 * first_seen history is in the store (`firstSeen`) and is not replayed.
 * Alerts that replay or extension produce are matched against the stored
 * ones, so only new alerts are sent (no double alerts).
 *
 * Late delivery: CloudTrail makes events available minutes after they
 * happen, so each poll reads again from the cursor minus `lateness`, and
 * events already processed in this run are skipped by event id.
 *
 * Failures: a source's cursor advances only after a poll that read all of
 * it (every region, every object); a source that never completed a poll
 * has its cursor at the start of the initial lookback. A poll that failed
 * part-way therefore reads its whole range again on the next poll, in this
 * run or after a restart. The retried range is bounded: a source that
 * keeps failing for `retryMs` (default 6 h: a throttled or briefly
 * unreachable API recovers well within it; a region denied by an SCP never
 * does) has its cursor moved to the end of that poll, and a problem says so;
 * each failed part was already reported as missing.
 */
import type { Aws } from '../aws/clients.js';
import type { AlertStore } from '../store/alerts.js';
import { abortableSleep } from '../util/sleep.js';
import { mergeWindows, type Alert } from './alert.js';
import { Detector } from './engine.js';
import type { CloudTrailEvent } from './event.js';
import { lookupEvents, RateLimiter } from './input/lookup.js';
import { newSummary, type InputProblem } from './input/read.js';
import { sortByDelivery } from './input/files.js';
import { bucketRegion, deliveredAt, findTrailFolders, listRegionFolder, parseS3Url, readS3Object } from './input/s3.js';
import type { AlertSink } from './sinks.js';
import type { RuleSet } from './sigma/ruleset.js';
import type { FirstSeenStore } from './sigma/correlation.js';
import { parseEventTime } from './time.js';

export interface WatchSource {
  /** Stable name, the cursor's key in the store. */
  name: string;
  /**
   * Whether `stored` is a name an earlier version gave this source's cursor. A source with no cursor
   * under its own name takes over the furthest such cursor (and when its failures began), and they
   * are all removed: an upgrade continues where the last run stopped, once.
   */
  formerName?(stored: string): boolean;
  read(from: number, to: number, onProblem: (p: InputProblem) => void): AsyncIterable<CloudTrailEvent>;
}

/**
 * `account` names the cursor: one per account, whatever regions are enabled (a region opted in
 * must not start a new cursor, which would skip back only to the initial lookback), and two
 * accounts watched into the same store must not share one.
 *
 * Before, the cursor was `lookup:default:<enabled regions, comma-separated>` (`default`, or the
 * account hint a library caller gave): such a cursor is adopted on the first start.
 */
export function lookupSource(aws: Aws, regions: string[], account = 'default', opts: { sleep?: (ms: number) => Promise<void> } = {}): WatchSource {
  const limiters = new Map<string, RateLimiter>();
  const former = (stored: string) => {
    const m = /^lookup:([^:#]+):([a-z0-9-]+(?:,[a-z0-9-]+)*)$/.exec(stored);
    return !!m && (m[1] === 'default' || m[1] === account);
  };
  return {
    name: `lookup:${account}`,
    formerName: former,
    read: (from, to, onProblem) => lookupEvents(aws, { regions, since: from, until: to, onProblem, limiters, ...(opts.sleep ? { sleep: opts.sleep } : {}) }),
  };
}

export interface S3SourceOptions {
  /**
   * How often the account and region folders are listed again, ms. Default
   * 15 min. Between two listings a new account or region is not read; once
   * found, it is read from before the previous listing, so it is late, never
   * missed.
   */
  relistMs?: number;
}

/** How long a newly found folder is read from before its discovery while its objects cannot all be read (the watch's default retry bound). */
const NEW_FOLDER_RETRY_MS = 6 * 3_600_000;
/** A location inside a region folder (a year, month or day): listed whole on every poll, it is small. */
const BELOW_REGION = /(^|\/)CloudTrail\/[a-z0-9-]+\/./;

/**
 * A trail bucket. Each poll lists, per account and region, only the day
 * folders of its range, each from the delivery time the range needs
 * (`listRegionFolder`): one request per folder however many files the day
 * already holds. The walk to those folders (bucket, AWSLogs/, organization,
 * one request per account) is kept for `relistMs`.
 *
 * Objects are chosen by the delivery time in their names: each poll reads
 * those delivered from an hour before its range on (CloudTrail makes a file
 * visible minutes after the time in its name) and not read before in this
 * run; the watch's cursor (a poll time, advanced only past a poll that read
 * everything) makes this survive restarts.
 *
 * A folder the walk had not seen (a new account or region, or every folder
 * on a process's first walk, since the last walk of a previous run is not
 * known) is read from where the range would have started at the previous
 * walk (`relistMs` before the range on the first walk), until a poll has
 * listed it and read all of its objects.
 */
export function s3Source(aws: Aws, url: string, opts: S3SourceOptions = {}): WatchSource {
  const loc = parseS3Url(url);
  const relistMs = opts.relistMs ?? 15 * 60_000;
  const done = new Map<string, number>();
  let region: string | undefined;
  // The last walk: its folders and its poll time; `cached` when the next polls may reuse it.
  let walked: { folders: Set<string>; at: number; cached: boolean } | undefined;
  // Folders to read from further back than the range: since when, and until when at the latest.
  const pending = new Map<string, { since: number; until: number }>();
  return {
    name: `s3:${loc.bucket}/${loc.prefix}`,
    async *read(from, to, onProblem) {
      region ??= await bucketRegion(aws, loc.bucket);
      // A delivered file holds events up to ~15 minutes older than its name says.
      const since = from - 3_600_000;
      let loose: string[] = [];
      if (!walked?.cached || to - walked.at >= relistMs) {
        let reported = false;
        const found = await findTrailFolders(aws, region, loc, { since, until: to }, (p) => ((reported = true), onProblem(p)));
        const back = walked ? walked.at - (to - since) : since - relistMs;
        for (const f of found.folders) if (!walked?.folders.has(f) && !pending.has(f)) pending.set(f, { since: back, until: to + NEW_FOLDER_RETRY_MS });
        loose = found.keys;
        // Files outside the layout, or a walk that reported a problem, are listed again on every poll, as they were found.
        walked = { folders: new Set(found.folders), at: to, cached: !reported && !loose.length && !BELOW_REGION.test(loc.prefix) };
      }
      const folderOf = new Map<string, string>();
      const sinceOf = (f: string | undefined) => {
        const p = f === undefined ? undefined : pending.get(f);
        return p ? Math.min(since, p.since) : since;
      };
      for (const f of walked.folders) {
        const s = sinceOf(f);
        for (const key of await listRegionFolder(aws, region, loc.bucket, f, { since: s, until: to }, s)) folderOf.set(key, f);
      }
      const failed = new Set<string | undefined>();
      for (const key of sortByDelivery([...loose, ...folderOf.keys()])) {
        const folder = folderOf.get(key);
        // Read by an earlier poll or run (the cursor passes only what was read), or older than the lookback.
        if (done.has(key) || (deliveredAt(key) ?? Infinity) < sinceOf(folder)) continue;
        // An object that cannot be fetched is reported (the poll is then incomplete and read again); the others are read.
        if (yield* readS3Object(aws, region, loc.bucket, key, { onProblem }, newSummary())) done.set(key, to);
        else failed.add(folder);
      }
      for (const [f, p] of pending) if (!failed.has(f) || to >= p.until || !walked.folders.has(f)) pending.delete(f);
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
  /**
   * How long a source that keeps failing part-way is read again from its
   * cursor before the cursor moves on past the failed parts. Default 6 h.
   */
  retryMs?: number;
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

/**
 * Per source, in the store beside its cursor (so that the retry bound holds across restarts and
 * `--once` runs): when its unbroken run of failed polls began.
 */
const failingKey = (name: string) => `${name}#failing-since`;

/** See `WatchSource.formerName`. The new cursor is written before the old ones are removed: a stop in between adopts again. */
function adoptFormerCursor(store: AlertStore, src: WatchSource): void {
  if (!src.formerName || store.cursor(src.name) !== undefined) return;
  const former = store.cursorList().filter((c) => !c.source.includes('#') && src.formerName!(c.source));
  if (!former.length) return;
  const chosen = former.reduce((a, b) => (b.position > a.position ? b : a));
  const failing = store.cursor(failingKey(chosen.source));
  if (failing !== undefined) store.setCursor(failingKey(src.name), failing);
  store.setCursor(src.name, chosen.position);
  for (const c of former) {
    store.clearCursor(c.source);
    store.clearCursor(failingKey(c.source));
  }
}

export async function watch(ruleset: RuleSet, opts: WatchOptions): Promise<WatchStats> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const lateness = opts.latenessMs ?? 15 * 60_000;
  const lookback = opts.initialLookbackMs ?? 3_600_000;
  const retryMs = opts.retryMs ?? 6 * 3_600_000;
  // Replay on start rebuilds windowed correlations. first_seen history is
  // persisted by `firstSeen`; only without it is its timespan replayed.
  const span = Math.max(0, ...ruleset.correlations.filter((c) => c.type !== 'first_seen' || !opts.firstSeen).map((c) => c.timespanMs));
  const replay = span + lateness;
  const detector = new Detector(ruleset, { lateness: Math.max(lateness, 3_600_000), ...(opts.firstSeen ? { firstSeen: opts.firstSeen } : {}) });
  const windowOf = mergeWindows(ruleset);
  const seen = new Map<string, number>();
  const stats: WatchStats = { polls: 0, events: 0, sent: 0, updated: 0 };
  const first = new Set(opts.sources.map((s) => s.name));
  for (const src of opts.sources) adoptFormerCursor(opts.store, src);
  const onProblem = opts.onProblem ?? (() => {});
  const iso = (ms: number) => new Date(ms).toISOString();

  while (!opts.signal?.aborted) {
    const t = now();
    let horizon = Infinity;
    const cursors: [string, number][] = [];
    for (const src of opts.sources) {
      const cursor = opts.store.cursor(src.name);
      const from = cursor === undefined ? t - lookback : cursor - (first.has(src.name) ? replay : lateness);
      first.delete(src.name);
      let complete = true;
      const problem = (p: InputProblem) => {
        if (p.kind === 'io' || p.kind === 'gzip') complete = false;
        onProblem(p);
      };
      try {
        for await (const e of src.read(from, t, problem)) {
          const id = typeof e.eventID === 'string' ? e.eventID : undefined;
          if (id) {
            if (seen.has(id)) continue;
            const et = parseEventTime(e.eventTime as string);
            seen.set(id, Number.isNaN(et) ? t : et);
          }
          stats.events++;
          detector.process(e);
        }
      } catch (err) {
        problem({ file: src.name, kind: 'io', message: `read failed: ${(err as Error).message}; events in ${iso(from)}..${iso(t)} may be missing` });
      }
      // The cursor advances only to what was fully read: past the whole poll,
      // or not at all (a source never read keeps the start of its lookback).
      let next = complete ? t : (cursor ?? from);
      const failing = opts.store.cursor(failingKey(src.name));
      if (complete) {
        if (failing !== undefined) opts.store.clearCursor(failingKey(src.name));
      } else if (failing === undefined) opts.store.setCursor(failingKey(src.name), t);
      else if (t - failing >= retryMs) {
        onProblem({ file: src.name, kind: 'io', message: `still failing after retrying for ${Math.round((t - failing) / 60_000)} min; moving on: events in the parts of ${iso(next)}..${iso(t)} reported missing are not read` });
        next = t;
        opts.store.clearCursor(failingKey(src.name));
      }
      if (next !== cursor) cursors.push([src.name, next]);
      // Ids are kept as long as a later poll may read their events again.
      horizon = Math.min(horizon, next - lateness - replay);
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
      opts.store.save([a], new Date(t), delivered, windowOf);
    }
    // Only now that this poll's alerts are sent and stored: a process that dies while
    // delivering them reads the poll's range again on restart instead of skipping it.
    for (const [name, next] of cursors) opts.store.setCursor(name, next);
    for (const [id, et] of seen) if (et < horizon) seen.delete(id);
    stats.polls++;
    if (opts.maxPolls !== undefined && stats.polls >= opts.maxPolls) break;
    // A stop during the poll: an abort listener added now would never fire, and the sleep would run its full interval.
    if (opts.signal?.aborted) break;
    await sleep(opts.intervalMs ?? 60_000, opts.signal);
  }
  return stats;
}
