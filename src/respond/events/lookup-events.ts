import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { Aws } from '../../aws/clients.js';
import { AwsCallError, describeFailure } from '../../aws/errors.js';
import { RateLimiter } from '../rate.js';
import { merge, type EventQuery, type EventSource, type SourceGap, type TrailRecord } from './source.js';

/** LookupEvents' documented limits. */
export const LOOKUP_PAGE_SIZE = 50;
export const LOOKUP_RATE_PER_SECOND = 2;
/** Event history goes back 90 days; a start before that is moved to the horizon (with a little margin) rather than refused. */
const HORIZON_MS = 90 * 86_400_000 - 10 * 60_000;
const MAX_THROTTLE_RETRIES = 6;

export interface LookupEventsOptions {
  ratePerSecond?: number;
  /** Called once per page received (benchmarks count pages per region). */
  onPage?: (region: string, events: number) => void;
}

/**
 * CloudTrail event history through LookupEvents, every given region in
 * parallel, each behind its own limiter (2 requests/s per region). A region
 * that cannot be read (denied, not implemented by an emulator) is recorded as
 * a gap and the others go on.
 */
export class LookupEventsSource implements EventSource {
  readonly gaps: SourceGap[] = [];
  readonly pages = new Map<string, number>();
  readonly throttled = new Map<string, number>();
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly gapRegions = new Set<string>();

  constructor(
    private readonly aws: Aws,
    readonly regions: string[],
    private readonly options: LookupEventsOptions = {},
  ) {}

  get name(): string {
    return `CloudTrail LookupEvents (${this.regions.length} regions)`;
  }

  limiter(region: string): RateLimiter {
    let l = this.limiters.get(region);
    if (!l) this.limiters.set(region, (l = new RateLimiter(this.options.ratePerSecond ?? LOOKUP_RATE_PER_SECOND)));
    return l;
  }

  events(query: EventQuery, limit?: number): AsyncIterable<TrailRecord> {
    return merge(this.regions.map((r) => this.regionEvents(r, query, limit)));
  }

  /** One region's records, page by page, newest first as LookupEvents returns them. */
  async *regionEvents(region: string, q: EventQuery, limit?: number): AsyncGenerator<TrailRecord> {
    let token: string | undefined;
    let yielded = 0;
    do {
      const out = await this.page(region, q, token, limit);
      if (!out) return;
      for (const e of out.Events ?? []) {
        const record = parseEvent(e, region);
        if (record) {
          yielded++;
          yield record;
        }
      }
      if (limit && yielded >= limit) return;
      token = out.NextToken || undefined;
    } while (token);
  }

  private async page(region: string, q: EventQuery, token: string | undefined, limit?: number): Promise<LookupEventsCommandOutput | undefined> {
    const limiter = this.limiter(region);
    for (let attempt = 0; ; attempt++) {
      await limiter.take();
      try {
        const out = await this.aws.send<LookupEventsCommandOutput>(
          CloudTrailClient,
          region,
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: q.attribute, AttributeValue: q.value }],
            StartTime: new Date(Math.max(q.start.getTime(), Date.now() - HORIZON_MS)),
            EndTime: q.end,
            MaxResults: Math.min(LOOKUP_PAGE_SIZE, limit ?? LOOKUP_PAGE_SIZE),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        this.pages.set(region, (this.pages.get(region) ?? 0) + 1);
        this.options.onPage?.(region, out.Events?.length ?? 0);
        return out;
      } catch (err) {
        const f = err instanceof AwsCallError ? err.failure : undefined;
        if (f?.kind === 'throttled' && attempt < MAX_THROTTLE_RETRIES) {
          this.throttled.set(region, (this.throttled.get(region) ?? 0) + 1);
          limiter.backOff(500 * 2 ** Math.min(attempt, 3));
          continue;
        }
        if (!this.gapRegions.has(region)) {
          this.gapRegions.add(region);
          this.gaps.push({ where: region, reason: f ? describeFailure(f) : String((err as Error).message ?? err) });
        }
        return undefined;
      }
    }
  }
}

/** The record inside a LookupEvents event (its CloudTrailEvent JSON); undefined if unreadable. */
export function parseEvent(e: { CloudTrailEvent?: string; EventId?: string; EventName?: string; EventTime?: Date; EventSource?: string; AccessKeyId?: string; Username?: string }, region: string): TrailRecord | undefined {
  if (e.CloudTrailEvent) {
    try {
      const r = JSON.parse(e.CloudTrailEvent) as TrailRecord;
      if (r && typeof r === 'object' && r.eventName) return r;
    } catch {
      // fall through to the summary fields
    }
  }
  if (!e.EventId || !e.EventName) return undefined;
  return {
    eventID: e.EventId,
    eventName: e.EventName,
    eventTime: (e.EventTime ?? new Date(0)).toISOString(),
    eventSource: e.EventSource ?? '',
    awsRegion: region,
    userIdentity: { ...(e.AccessKeyId ? { accessKeyId: e.AccessKeyId } : {}), ...(e.Username ? { userName: e.Username } : {}) },
  };
}
