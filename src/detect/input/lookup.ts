/**
 * CloudTrail's LookupEvents API, for accounts without a trail bucket: the
 * last 90 days of management events, in every enabled region. The API allows
 * 2 requests per second per account and region and returns 50 events a page,
 * newest first. The range is read in slices, oldest first; each slice is
 * gathered from all regions and sorted, so correlations across regions see
 * events in time order while memory holds one slice at a time.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { Aws } from '../../aws/clients.js';
import type { CloudTrailEvent } from '../event.js';
import type { InputProblem, InputSummary } from './read.js';
import { newSummary } from './read.js';
import { parseEventTime } from '../time.js';

export interface LookupOptions {
  regions: string[];
  since: number;
  until?: number;
  /** Slice length; default 1 hour. */
  sliceMs?: number;
  /** Requests per second per region; AWS allows 2. */
  ratePerSecond?: number;
  onProblem?: (p: InputProblem) => void;
  /** Per-region limiters to reuse across calls (watch polls), so the limit holds between polls too. */
  limiters?: Map<string, RateLimiter>;
  /** Injected for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Spaces calls so no more than `rate` start in any second. */
export class RateLimiter {
  private next = 0;
  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}
  async take(): Promise<void> {
    const interval = 1000 / this.rate;
    const t = this.now();
    const at = Math.max(t, this.next);
    this.next = at + interval;
    if (at > t) await this.sleep(at - t);
  }
}

export async function* lookupEvents(aws: Aws, opts: LookupOptions, summary: InputSummary = newSummary()): AsyncGenerator<CloudTrailEvent> {
  const now = opts.now ?? Date.now;
  const until = opts.until ?? now();
  const slice = opts.sliceMs ?? 3_600_000;
  // Slightly under the documented limit, so clock jitter never trips it.
  const limiters = opts.limiters ?? new Map<string, RateLimiter>();
  for (const r of opts.regions) if (!limiters.has(r)) limiters.set(r, new RateLimiter(opts.ratePerSecond ?? 1.9, now, opts.sleep));
  for (let start = opts.since; start < until; start += slice) {
    const end = Math.min(start + slice, until);
    const batches = await Promise.all(opts.regions.map((region) => lookupRegion(aws, region, limiters.get(region)!, start, end, opts, summary)));
    const events = batches.flat();
    events.sort((a, b) => parseEventTime(a.eventTime as string) - parseEventTime(b.eventTime as string));
    for (const e of events) {
      summary.events++;
      yield e;
    }
  }
}

async function lookupRegion(aws: Aws, region: string, limiter: RateLimiter, start: number, end: number, opts: LookupOptions, summary: InputSummary): Promise<CloudTrailEvent[]> {
  const out: CloudTrailEvent[] = [];
  summary.files++;
  try {
    let token: string | undefined;
    do {
      // Wait before each call: the limit is on calls started per second.
      await limiter.take();
      const page: LookupEventsCommandOutput = await aws.send(
        CloudTrailClient,
        region,
        new LookupEventsCommand({ StartTime: new Date(start), EndTime: new Date(end), MaxResults: 50, ...(token ? { NextToken: token } : {}) }),
      );
      for (const e of page.Events ?? []) {
        try {
          const rec = JSON.parse(e.CloudTrailEvent ?? '') as CloudTrailEvent;
          // EndTime is inclusive; an event on a slice boundary belongs to the next slice.
          const t = parseEventTime(rec.eventTime as string);
          if (t >= end && end !== (opts.until ?? Infinity)) continue;
          out.push(rec);
        } catch (err) {
          summary.skipped['invalid-json'] = (summary.skipped['invalid-json'] ?? 0) + 1;
          opts.onProblem?.({ file: `lookup:${region}`, kind: 'invalid-json', message: `event ${e.EventId ?? '?'} has no valid CloudTrailEvent: ${(err as Error).message}` });
        }
      }
      token = page.NextToken || undefined;
    } while (token);
  } catch (err) {
    summary.filesWithErrors++;
    opts.onProblem?.({ file: `lookup:${region}`, kind: 'io', message: `LookupEvents failed in ${region}: ${(err as Error).message}; events of this region in ${new Date(start).toISOString()}..${new Date(end).toISOString()} are missing` });
  }
  return out;
}
