/**
 * A CloudTrail record as parsed from JSON. Field access follows Sigma's dotted
 * paths (`userIdentity.type`) into nested objects; when a path crosses an
 * array (`requestParameters.instancesSet.items.instanceType`) every element is
 * visited, so a field can have several values.
 */
import { parseEventTime } from './time.js';

export type CloudTrailEvent = Record<string, unknown>;

export type FieldGetter = (event: CloudTrailEvent) => unknown[];

const MISSING: unknown[] = [];

/**
 * Compiles a dotted path into a getter returning every value found (empty
 * when the field is absent). A key that itself contains dots is tried whole
 * first, so flattened exports still match. Only a record's own members
 * count: a name every object inherits (`constructor`, `toString`,
 * `__proto__`) is found only where the record spells it.
 */
export function fieldGetter(path: string): FieldGetter {
  const parts = path.split('.');
  const guarded = parts.some(inherited);
  if (parts.length === 1) {
    if (guarded) return (e) => (Object.hasOwn(e, path) ? [e[path]] : MISSING);
    return (e) => {
      const v = e[path];
      return v === undefined ? MISSING : [v];
    };
  }
  // No inherited name holds a dot: `in` finds only a flattened key here.
  return (e) => {
    if (path in e) return [e[path]];
    const out: unknown[] = [];
    walk(e, parts, 0, out, guarded);
    return out;
  };
}

/** Whether every object has `key` (from Object.prototype): then only an own member counts. */
function inherited(key: string): boolean {
  return key in Object.prototype;
}

function walk(node: unknown, parts: string[], i: number, out: unknown[], guarded: boolean): void {
  if (i === parts.length) {
    out.push(node);
    return;
  }
  if (Array.isArray(node)) {
    for (const el of node) walk(el, parts, i, out, guarded);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (guarded && !Object.hasOwn(node, parts[i]!)) return;
  const v = (node as Record<string, unknown>)[parts[i]!];
  if (v !== undefined) walk(v, parts, i + 1, out, guarded);
}

/**
 * Compiles a dotted path into a test of whether it exists, whatever its
 * value (null included); across arrays, in any element. Own members only,
 * as fieldGetter.
 */
export function fieldExists(path: string): (event: CloudTrailEvent) => boolean {
  const parts = path.split('.');
  return (e) => Object.hasOwn(e, path) || exists(e, parts, 0);
}

function exists(node: unknown, parts: string[], i: number): boolean {
  if (Array.isArray(node)) return node.some((el) => exists(el, parts, i));
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, parts[i]!)) return false;
  return i === parts.length - 1 || exists((node as Record<string, unknown>)[parts[i]!], parts, i + 1);
}

/**
 * An event cut down to the fields correlations read (see wire.ts) carries
 * its whole record's JSON text under this key (a symbol: invisible to rules,
 * field getters and JSON); `complete` parses it when the event goes into an
 * alert, which needs more than correlations do. The text may be held as its
 * UTF-8 bytes, decoded only then: most such events never go into an alert.
 */
const RECORD_TEXT = Symbol('mamori.recordText');

/** A record's JSON text, or where its UTF-8 bytes are. */
export type RecordText = string | RecordBytes;
export interface RecordBytes {
  bytes: Buffer;
  start: number;
  end: number;
}

type WithText = CloudTrailEvent & { [RECORD_TEXT]?: RecordText };

export function recordText(e: CloudTrailEvent): RecordText | undefined {
  return (e as WithText)[RECORD_TEXT];
}

export function setRecordText(e: CloudTrailEvent, text: RecordText): void {
  (e as WithText)[RECORD_TEXT] = text;
}

/**
 * Gives an event whose text is bytes in a larger buffer (a whole file's, or
 * every text a worker sent for a file) its own copy, so that keeping the
 * event (in a correlation window) does not keep that buffer.
 */
export function ownText(e: CloudTrailEvent): void {
  const t = recordText(e);
  if (t !== undefined && typeof t !== 'string' && t.end - t.start < t.bytes.length) {
    setRecordText(e, { bytes: Buffer.from(t.bytes.subarray(t.start, t.end)), start: 0, end: t.end - t.start });
  }
}

/** The whole record of an event cut down for correlations, else the event itself. */
export function complete(e: CloudTrailEvent): CloudTrailEvent {
  const text = recordText(e);
  if (text === undefined) return e;
  return JSON.parse(typeof text === 'string' ? text : text.bytes.toString('utf8', text.start, text.end)) as CloudTrailEvent;
}

/** Milliseconds since epoch of `eventTime`, or NaN. */
export function eventTimeMs(event: CloudTrailEvent): number {
  const t = event.eventTime;
  return typeof t === 'string' ? parseEventTime(t) : NaN;
}
