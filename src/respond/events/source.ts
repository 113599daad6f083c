/**
 * Where an investigation reads CloudTrail from. Two sources exist: the
 * LookupEvents API in every region (lookup-events.ts) and trail files or the
 * trail bucket (trail-files.ts, an adapter over detect's readers). Both hand
 * back CloudTrail records as the trail writes them.
 */
import { parseEventTime } from '../../detect/time.js';

/** A CloudTrail record, as written to trail files and returned in LookupEvents' CloudTrailEvent. */
export interface TrailRecord {
  eventID: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    accessKeyId?: string;
    userName?: string;
    principalId?: string;
    sessionContext?: { sessionIssuer?: { type?: string; arn?: string; userName?: string }; attributes?: Record<string, string> };
  };
  requestParameters?: Record<string, any> | null;
  responseElements?: Record<string, any> | null;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  readOnly?: boolean;
  recipientAccountId?: string;
}

/** LookupEvents' attributes an investigation follows: a credential, or a user's name. */
export interface EventQuery {
  attribute: 'AccessKeyId' | 'Username';
  value: string;
  start: Date;
  end: Date;
}

/** A region (or a trail location) the source could not read, and why. */
export interface SourceGap {
  where: string;
  reason: string;
}

export interface EventSource {
  /** "CloudTrail LookupEvents (17 regions)", "trail s3://bucket/prefix". */
  readonly name: string;
  /** Every record matching the query, in no particular order; duplicates possible across calls. */
  events(query: EventQuery): AsyncIterable<TrailRecord>;
  /** Where the source could not read; an investigation reports these, never hides them. */
  readonly gaps: SourceGap[];
}

/** Whether a record matches a query (used by sources that cannot filter server-side). */
export function matches(r: TrailRecord, q: EventQuery): boolean {
  const t = parseEventTime(r.eventTime);
  if (!(t >= q.start.getTime() && t <= q.end.getTime())) return false;
  if (q.attribute === 'AccessKeyId') return r.userIdentity?.accessKeyId === q.value;
  return r.userIdentity?.userName === q.value;
}

/** Runs several async iterables at once and yields their items as they arrive. */
export async function* merge<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  const pull = (i: number) => pending.set(i, iterators[i]!.next().then((r) => ({ i, r })));
  iterators.forEach((_, i) => pull(i));
  while (pending.size) {
    const { i, r } = await Promise.race(pending.values());
    if (r.done) pending.delete(i);
    else {
      pull(i);
      yield r.value;
    }
  }
}
