/**
 * The wrappers CloudTrail records come in, and how a record is taken out of
 * an item of each: one definition for detect's reader (read.ts) and for the
 * event files of `mamori rules test` (events-file.ts), which differ only in
 * what they do with a problem (report and go on, or stop).
 */

/** `{"Records":[…]}` (S3 delivery), `{"Events":[…]}` (lookup-events), `{"QueryResultRows":[…]}` (CloudTrail Lake). */
export const CONTAINERS = ['Records', 'Events', 'QueryResultRows'] as const;
export type Container = (typeof CONTAINERS)[number];

/** The container a whole JSON document is, if it is one. */
export function containerOf(doc: unknown): Container | undefined {
  return isObject(doc) ? CONTAINERS.find((c) => Array.isArray(doc[c])) : undefined;
}

/** What an item held, or why it holds no record (a phrase following the item's name). */
export type Unwrapped = { record: Record<string, unknown> } | { kind: 'missing-fields' | 'invalid-json' | 'not-a-record'; why: string };

/**
 * The record an item of a container holds: lookup-events carries it as a JSON
 * string in `CloudTrailEvent`, CloudTrail Lake as a row of one-key objects;
 * anything else is the record itself (outside any container, only if it has
 * an eventName or eventTime).
 */
export function unwrap(item: unknown, container: Container | undefined): Unwrapped {
  let rec = item;
  if (container === 'Events') {
    const s = isObject(item) ? item.CloudTrailEvent : undefined;
    if (typeof s !== 'string') return { kind: 'missing-fields', why: 'has no CloudTrailEvent' };
    try {
      rec = JSON.parse(s);
    } catch (err) {
      return { kind: 'invalid-json', why: `has a CloudTrailEvent that is not valid JSON: ${(err as Error).message}` };
    }
  } else if (container === 'QueryResultRows') {
    if (!Array.isArray(item)) return { kind: 'not-a-record', why: 'is not a CloudTrail Lake row (a list of columns)' };
    rec = Object.assign({}, ...item.filter(isObject));
  }
  if (!isObject(rec)) return { kind: 'not-a-record', why: 'is not a CloudTrail record (a JSON object)' };
  // An object outside any container must be a record itself, not a misspelt wrapper ({"Recrods": […]}).
  if (!container && !('eventName' in rec) && !('eventTime' in rec))
    return { kind: 'not-a-record', why: `is not a CloudTrail record: ${'Records' in rec ? '"Records" is not an array' : 'no "Records" array, and no eventName or eventTime'}` };
  return { record: rec };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
