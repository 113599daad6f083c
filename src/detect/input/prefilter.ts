/**
 * Record prefilter for compact S3 delivery files: finds the records no rule
 * can match from their raw bytes, so the reader decodes and JSON.parses only
 * the others ("candidates"). Records skipped this way are still counted and
 * still move correlation time forward: their eventTime is read from the bytes.
 *
 * Proof that a record cannot match, all by native searches within its bytes:
 * - it holds no `\u` escape (so every key is spelled literally);
 * - `"eventName"`, `"eventTime"` and `"eventSource"` each occur exactly once,
 *   directly followed by `:"` (a second copy, e.g. nested in request
 *   parameters, or other spacing makes the record a candidate);
 * - the eventName value (ASCII, no backslash), lower-cased, is not an event
 *   name the engine indexes rules under, and the eventTime value parses;
 * - no unindexed rule's byte anchor (../sigma/anchors.ts) is present.
 * Anything unexpected makes a record a candidate; a candidate that does not
 * parse into a valid record sends the whole file back to the ordinary path.
 */
import type { ByteAnchor } from '../sigma/anchors.js';
import type { RuleSet } from '../sigma/ruleset.js';

const HEADER = Buffer.from('{"Records":[{"eventVersion":"');
const RECORD = Buffer.from('{"eventVersion":"');
const UNICODE_ESCAPE = Buffer.from('\\u');

/**
 * A byte pattern searched from its rarest character: Buffer.indexOf finds
 * the first byte of what it looks for with memchr, so a pattern starting
 * with `"` (the most common byte of JSON) is slow; its tail from a rare
 * letter is found several times faster, and the head is compared in place.
 */
class Needle {
  readonly tail: Buffer;
  readonly head: number;
  constructor(readonly whole: Buffer) {
    let best = 0;
    for (let i = 1; i < whole.length - 1; i++) if (rarity(whole[i]!) > rarity(whole[best]!)) best = i;
    this.head = best;
    this.tail = whole.subarray(best);
  }
}

/** Bytes of CloudTrail JSON from most to least frequent (roughly); others are rarer still. */
const FREQUENT = Buffer.from('"etaonisrcl:,dum-p.g0123456789hbATSIENfCRD/yOLMPUwkvBGHFKVWxYjqzXJQZ{}[]_');
function rarity(b: number): number {
  const i = FREQUENT.indexOf(b);
  return i === -1 ? FREQUENT.length : i;
}

const EVENT_NAME = new Needle(Buffer.from('"eventName"'));
const EVENT_TIME = new Needle(Buffer.from('"eventTime"'));
const EVENT_SOURCE = new Needle(Buffer.from('"eventSource"'));
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

interface CompiledAnchor {
  keys: string[];
  /** ASCII bytes, lower-cased unless `cased`. */
  prefix?: Buffer;
  cased: boolean;
}

/** One record of a split file: its bytes, and whether it must be parsed. */
export interface Segment {
  start: number;
  end: number;
}

export class RecordPrefilter {
  /** How many records were judged by bytes alone (for tests and profiling). */
  skipped = 0;
  /** How many records of prefiltered files were parsed. */
  parsed = 0;

  /** Anchors grouped by the key they search, so each key is searched once. */
  private readonly byKey = new Map<Needle, CompiledAnchor[]>();

  private constructor(
    private readonly names: Set<string>,
    anchors: CompiledAnchor[],
  ) {
    const keys = new Map<string, Needle>();
    for (const a of anchors) {
      for (const k of a.keys) {
        const key = keys.get(k) ?? keys.set(k, new Needle(Buffer.from(JSON.stringify(k)))).get(k)!;
        (this.byKey.get(key) ?? this.byKey.set(key, []).get(key)!).push(a);
      }
    }
  }

  /**
   * The prefilter for a rule set, or undefined when some rule can match
   * records that no byte test can point out (a `not` alone, keywords, a
   * wildcard event name with no other anchored field): then every record
   * is parsed, as without a prefilter.
   */
  static forRules(ruleset: RuleSet): RecordPrefilter | undefined {
    const names = new Set<string>();
    const anchors: ByteAnchor[] = [];
    for (const r of ruleset.detections) {
      if (r.eventNames) for (const n of r.eventNames) names.add(n);
      else if (r.anchors) anchors.push(...r.anchors);
      else return undefined;
    }
    return new RecordPrefilter(
      names,
      anchors.map((a) => ({ keys: a.keys, ...(a.prefix ? { prefix: Buffer.from(a.prefix, 'latin1') } : {}), cased: a.cased })),
    );
  }

  /**
   * The records of a compact delivery file (`{"Records":[{"eventVersion":"...`,
   * one record after another with nothing between them but a comma), or
   * undefined when the file has another shape.
   */
  static split(buf: Buffer): Segment[] | undefined {
    let at = 0;
    while (at < buf.length && isSpace(buf[at]!)) at++;
    if (!buf.subarray(at, at + HEADER.length).equals(HEADER)) return undefined;
    let end = buf.length;
    while (end > at && isSpace(buf[end - 1]!)) end--;
    // The array and the object close right after the last record.
    if (buf[end - 1] !== CLOSE_BRACE || buf[end - 2] !== CLOSE_BRACKET || buf[end - 3] !== CLOSE_BRACE) return undefined;
    const last = end - 2;
    const out: Segment[] = [];
    let start = at + HEADER.length - RECORD.length;
    for (;;) {
      const next = buf.indexOf(RECORD, start + 1);
      if (next === -1 || next >= last) {
        out.push({ start, end: last });
        return out;
      }
      // Only `},` may separate records; the pattern anywhere else (a map value, a first array element) is not a record start.
      if (buf[next - 1] !== COMMA || buf[next - 2] !== CLOSE_BRACE) return undefined;
      out.push({ start, end: next - 1 });
      start = next;
    }
  }

  /**
   * For each record of a split file, the event time (epoch ms) when no rule
   * can match it, or NaN when it must be parsed. Each pattern is searched
   * once over the whole file (native searches, one call per occurrence) and
   * its occurrences assigned to records.
   */
  judge(buf: Buffer, segs: Segment[]): Float64Array {
    const n = segs.length;
    const out = new Float64Array(n);
    const from = segs[0]!.start;
    const to = segs[n - 1]!.end;
    // Occurrences are found in increasing order: a cursor walks the records alongside.
    // `visit` gets the record and where the whole pattern starts.
    const each = (p: Needle, visit: (rec: number, at: number) => void) => {
      const { tail, head, whole } = p;
      let r = 0;
      for (let i = buf.indexOf(tail, from + head); i !== -1 && i < to; i = buf.indexOf(tail, i + 1)) {
        const at = i - head;
        let j = 0;
        while (j < head && buf[at + j] === whole[j]) j++;
        if (j < head) continue;
        while (segs[r]!.end <= at) r++;
        if (at >= segs[r]!.start && at + whole.length <= segs[r]!.end) visit(r, at);
      }
    };
    const candidate = new Uint8Array(n);
    each(new Needle(UNICODE_ESCAPE), (r) => void (candidate[r] = 1));
    const keyAt = (key: Needle) => {
      // Where the key is, when it occurs exactly once in the record (-2: several times).
      const at = new Int32Array(n).fill(-1);
      each(key, (r, i) => void (at[r] = at[r] === -1 ? i : -2));
      return at;
    };
    const names = keyAt(EVENT_NAME);
    const times = keyAt(EVENT_TIME);
    const sources = keyAt(EVENT_SOURCE);
    for (const [key, anchors] of this.byKey) {
      each(key, (r, i) => {
        if (candidate[r]) return;
        for (const a of anchors) if (anchorHit(buf, i + key.whole.length, segs[r]!.end, a)) return void (candidate[r] = 1);
      });
    }
    for (let r = 0; r < n; r++) {
      out[r] = NaN;
      if (candidate[r] || names[r]! < 0 || times[r]! < 0 || sources[r]! < 0) continue;
      const end = segs[r]!.end;
      const name = stringValue(buf, names[r]! + EVENT_NAME.whole.length, end);
      if (name === undefined || this.names.has(buf.toString('latin1', name.start, name.end).toLowerCase())) continue;
      const time = stringValue(buf, times[r]! + EVENT_TIME.whole.length, end);
      if (time === undefined || stringValue(buf, sources[r]! + EVENT_SOURCE.whole.length, end) === undefined) continue;
      const t = Date.parse(buf.toString('latin1', time.start, time.end));
      if (Number.isFinite(t)) out[r] = t;
    }
    return out;
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The string value after a key ending at `at`: directly `:"`, then ASCII
 * without escapes up to the closing quote, within the record; else undefined.
 */
function stringValue(buf: Buffer, at: number, end: number): Segment | undefined {
  if (buf[at] !== COLON || buf[at + 1] !== QUOTE) return undefined;
  const start = at + 2;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b === QUOTE) return { start, end: i };
    if (b >= 0x80 || b === BACKSLASH) return undefined;
  }
  return undefined;
}

/**
 * Whether the value after an anchor key ending at `at` may be what the
 * anchor requires (any doubt counts as a hit).
 */
function anchorHit(buf: Buffer, at: number, end: number, a: CompiledAnchor): boolean {
  const p = a.prefix;
  if (!p) return true;
  if (buf[at] !== COLON || buf[at + 1] !== QUOTE) return true;
  const i = at + 2;
  for (let j = 0; j < p.length; j++) {
    if (i + j >= end) return true;
    const b = buf[i + j]!;
    if (b >= 0x80 || b === BACKSLASH) return true;
    const c = !a.cased && b >= 0x41 && b <= 0x5a ? b + 32 : b;
    if (c !== p[j]) return false;
  }
  return true;
}
