/**
 * Record prefilter for compact S3 delivery files: finds the records no rule
 * can match from their raw bytes, so the reader decodes and JSON.parses only
 * the others ("candidates"). Records skipped this way are still counted and
 * still move correlation time forward: their eventTime is read from the bytes.
 *
 * Records are split where `},{"eventVersion":"` occurs. That pattern cannot
 * come from inside a string (its quotes would be escaped), but it can from an
 * attacker-made array of objects nested in a record R (`"tags":[{…},{"eventVersion":"…`),
 * and then R's first piece is not valid JSON. A `,` before `{` only occurs
 * in arrays, so that first piece holds the array's `[`, still open where the
 * piece ends: a piece holding any `[` is skipped only if a string-aware scan
 * of its brackets finds one whole object (`ownMember`), otherwise it is
 * parsed, and failing to parse sends the file to the ordinary path. The
 * Records array itself may hold elements that do not start that way
 * (`{…},{}`): they stay in the piece before them, past its record's end,
 * the last one an object whose `{` follows no `:`; a piece holding such a
 * `{` after its eventName (`elementAfter`) takes the same scan. So a
 * skipped piece is a whole record.
 *
 * Proof that a record cannot match, all by native searches within its bytes
 * but the last, a byte loop:
 * - its brackets close where it ends (above) and it holds no `\u` escape (so every key is spelled literally);
 * - `"eventName"` occurs exactly once (a second copy, nested or a duplicate key, makes
 *   it a candidate), directly followed by `:"` and an ASCII value without escapes
 *   whose lower case is not an event name the engine indexes rules under;
 * - right before it, as CloudTrail writes them, `"eventTime":"…","eventSource":"…",`
 *   right after a `,` or `{` (so that its first quote is not an escaped one inside
 *   another key: members of the same object as the only eventName), the time parsing, and
 *   neither key again after it (JSON.parse would keep that later copy);
 * - no unindexed rule's byte anchor (../sigma/anchors.ts) is present;
 * - that eventName is a member of the record itself, not of an object nested in it
 *   (`ownMember`): a record whose only eventName is nested lacks the field, and the
 *   ordinary path reports it and does not count it, nor read time from it.
 * Anything unexpected makes a record a candidate; a candidate that does not
 * parse into a valid record sends the whole file back to the ordinary path.
 */
import { coveredBy, type ByteAnchor } from '../sigma/anchors.js';
import type { RuleSet } from '../sigma/ruleset.js';
import { parseEventTime } from '../time.js';

const HEADER = Buffer.from('{"Records":[{"eventVersion":"');
const RECORD = Buffer.from('{"eventVersion":"');
const COLON = 0x3a;
const DASH = 0x2d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

interface CompiledAnchor {
  keys: string[];
  /** ASCII bytes, lower-cased unless `cased`. */
  prefix?: Buffer;
  cased: boolean;
}

/** One record of a split file: where its bytes start and end (exclusive). */
export interface Segment {
  start: number;
  end: number;
}

export class RecordPrefilter {
  /** How many records were judged by bytes alone (for tests and profiling). */
  skipped = 0;
  /** How many records of prefiltered files were parsed. */
  parsed = 0;

  /** The anchors' keys, searched once each (keys ending alike share a search: see `passes`). */
  private readonly anchorPasses: Pass[];

  private readonly names: NameSet;

  private constructor(names: Set<string>, anchors: CompiledAnchor[]) {
    this.names = new NameSet(names);
    const byKey = new Map<string, CompiledAnchor[]>();
    for (const a of anchors) for (const k of a.keys) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(a);
    this.anchorPasses = passes([...byKey].map(([k, as]) => ({ whole: Buffer.from(JSON.stringify(k)), anchors: as })));
  }

  /**
   * The prefilter for a rule set, or undefined when some rule can match
   * records that no byte test can point out (a `not` alone, keywords,
   * `|exists: false` or null values with nothing else required): then every
   * record is parsed, as without a prefilter.
   */
  static forRules(ruleset: RuleSet): RecordPrefilter | undefined {
    const names = new Set<string>();
    const anchors: ByteAnchor[] = [];
    for (const r of ruleset.detections) {
      if (r.eventNames) continue;
      if (r.anchors) anchors.push(...r.anchors);
      else return undefined;
    }
    // A rule's event names make every record of those names a candidate, unless each record the
    // rule matches passes an anchor searched anyway (a call with a long-term key, say: parsed for
    // the first-seen rule): then the names would only add records the rule cannot match.
    for (const r of ruleset.detections) {
      if (r.eventNames && !(r.anchorChoices && coveredBy(r.anchorChoices, anchors))) for (const n of r.eventNames) names.add(n);
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
    const candidate = new Uint8Array(n);
    // Occurrences come in increasing order: a cursor walks the records alongside.
    // `visit` gets the record, where the whole pattern starts and which pattern it is.
    // Records already known to be candidates are jumped over: nothing there needs proving.
    // With `once`, only a record's first occurrence is visited and the search jumps to the next record.
    const each = (pass: Pass, visit: (rec: number, at: number, key: number) => void, once = false) => {
      const { tail, keys } = pass;
      let r = 0;
      let done = false;
      let i = buf.indexOf(tail, from);
      while (i !== -1 && i < to) {
        for (let k = 0; k < keys.length; k++) {
          const { whole, head } = keys[k]!;
          const at = i - head;
          let j = 0;
          while (j < head && buf[at + j] === whole[j]) j++;
          if (j < head) continue;
          while (segs[r]!.end <= at) r++;
          if (at >= segs[r]!.start && at + whole.length <= segs[r]!.end && !candidate[r]) {
            visit(r, at, k);
            if (once) {
              done = true;
              break;
            }
          }
        }
        while (segs[r]!.end <= i) r++;
        i = buf.indexOf(tail, (candidate[r] || done) && i >= segs[r]!.start ? segs[r]!.end : i + 1);
        done = false;
      }
    };
    const bracketed = new Uint8Array(n);
    each(OPEN_BRACKET_PASS, (r) => void (bracketed[r] = 1), true);
    each(UNICODE_PASS, (r) => void (candidate[r] = 1), true);
    for (const pass of this.anchorPasses) {
      each(pass, (r, at, k) => {
        const key = pass.keys[k]!;
        for (const a of key.anchors) if (anchorHit(buf, at + key.whole.length, segs[r]!.end, a)) return void (candidate[r] = 1);
      });
    }
    // Where "eventName" is, when it occurs exactly once in the record.
    const names = new Int32Array(n).fill(-1);
    each(EVENT_NAME_PASS, (r, at) => {
      if (names[r] === -1) names[r] = at;
      else candidate[r] = 1;
    });
    for (let r = 0; r < n; r++) {
      out[r] = NaN;
      const k = names[r]!;
      if (candidate[r] || k < 0) continue;
      const seg = segs[r]!;
      const name = stringValue(buf, k + EVENT_NAME.length, seg.end);
      if (name === undefined || this.names.has(buf, name.start, name.end)) continue;
      // CloudTrail writes `"eventTime":"…","eventSource":"…","eventName":"…"`: the two
      // members right before the (only) eventName key are its siblings.
      const source = valueBefore(buf, k, EVENT_SOURCE, seg.start);
      if (source === undefined) continue;
      const time = valueBefore(buf, source.start - 1 - EVENT_SOURCE.length, EVENT_TIME, seg.start);
      if (time === undefined) continue;
      // A byte loop over the whole record when it holds an array, or a `{` that may open another
      // element of the Records array; otherwise only up to eventName.
      const whole = bracketed[r] === 1 || elementAfter(buf, k, seg.end);
      // JSON.parse keeps the last of duplicate keys: the whole-record loop finds a later eventTime or
      // eventSource member; otherwise a later copy of either (even nested) makes a candidate.
      if (!whole && (occursIn(buf, EVENT_TIME_KEY, k, seg.end) || occursIn(buf, EVENT_SOURCE_KEY, k, seg.end))) continue;
      const t = eventTimeAt(buf, time.start, time.end);
      // Last, as the dearest test: the byte loop, still cheaper than parsing the record.
      if (Number.isFinite(t) && ownMember(buf, seg.start, seg.end, k, whole)) out[r] = t;
    }
    return out;
  }
}

/**
 * The lower-cased event names rules are indexed under, looked up by the
 * bytes of a name (ASCII, compared in lower case) without making a string:
 * a string per record cost more than the rest of the lookup.
 */
class NameSet {
  private readonly byLength: Buffer[][] = [];

  constructor(names: Set<string>) {
    for (const n of names) {
      const b = Buffer.from(n, 'latin1');
      (this.byLength[b.length] ??= []).push(b);
    }
  }

  has(buf: Buffer, start: number, end: number): boolean {
    const same = this.byLength[end - start];
    if (!same) return false;
    next: for (const n of same) {
      for (let i = 0; i < n.length; i++) {
        const b = buf[start + i]!;
        if ((b >= 0x41 && b <= 0x5a ? b + 32 : b) !== n[i]) continue next;
      }
      return true;
    }
    return false;
  }
}

/** Searches for `tail`, each hit checked against the whole patterns ending with it. */
interface Pass {
  tail: Buffer;
  keys: { whole: Buffer; head: number; anchors: CompiledAnchor[] }[];
}

/**
 * One pass for a set of patterns, searched from a shared tail that starts at
 * a rare byte: Buffer.indexOf finds the first byte of what it looks for with
 * memchr, so a pattern starting with `"` (the most common byte of JSON) is
 * slow, while its tail from a rare letter is found several times faster; the
 * head is compared in place.
 */
function passes(patterns: { whole: Buffer; anchors: CompiledAnchor[] }[]): Pass[] {
  const out: Pass[] = [];
  // Shorter patterns first: a longer one ending with a pass's tail (`"userIdentity.type"`
  // with `"type"`'s) is checked on that pass's hits instead of costing a search of its own.
  for (const p of [...patterns].sort((a, b) => a.whole.length - b.whole.length)) {
    let pass = out.find((q) => q.tail.length <= p.whole.length && p.whole.subarray(p.whole.length - q.tail.length).equals(q.tail));
    if (!pass) {
      let best = 0;
      for (let i = 1; i < p.whole.length - 1; i++) if (rarity(p.whole[i]!) > rarity(p.whole[best]!)) best = i;
      out.push((pass = { tail: p.whole.subarray(best), keys: [] }));
    }
    pass.keys.push({ whole: p.whole, head: p.whole.length - pass.tail.length, anchors: p.anchors });
  }
  return out;
}

/**
 * Bytes of CloudTrail JSON from most to least frequent, others rarer still:
 * counted over every twentieth file of the benchmark's trail (bench/detect,
 * built from public CloudTrail samples). `v` and `T`, say, are not where a
 * guess puts them: every member name `"event…"` holds a `v`.
 */
const FREQUENT = Buffer.from('"esatrn:oi1cd-u,ml240385A.69p7 Ivybf/gSw*CDEThR{}_PL#MHOzxNVqGKZFUBWkXQYJj[]+\\=%()\';$<>&@?', 'latin1');
function rarity(b: number): number {
  const i = FREQUENT.indexOf(b);
  return i === -1 ? FREQUENT.length : i;
}

const UNICODE_PASS = passes([{ whole: Buffer.from('\\u'), anchors: [] }])[0]!;
// Any `[` (see the top of this file).
const OPEN_BRACKET_PASS = passes([{ whole: Buffer.from('['), anchors: [] }])[0]!;
const EVENT_NAME = Buffer.from('"eventName"');
const EVENT_NAME_PASS = passes([{ whole: EVENT_NAME, anchors: [] }])[0]!;
const EVENT_SOURCE_NAME = Buffer.from('"eventSource"');
const EVENT_TIME_NAME = Buffer.from('"eventTime"');
// As members, the name and its colon.
const EVENT_SOURCE = Buffer.concat([EVENT_SOURCE_NAME, Buffer.of(COLON)]);
const EVENT_TIME = Buffer.concat([EVENT_TIME_NAME, Buffer.of(COLON)]);
const EVENT_SOURCE_KEY = passes([{ whole: EVENT_SOURCE_NAME, anchors: [] }])[0]!;
const EVENT_TIME_KEY = passes([{ whole: EVENT_TIME_NAME, anchors: [] }])[0]!;

/** Whether a one-pattern pass's pattern occurs within bytes [from, end). */
function occursIn(buf: Buffer, pass: Pass, from: number, end: number): boolean {
  const { whole, head } = pass.keys[0]!;
  for (let i = buf.indexOf(pass.tail, from + head); i !== -1 && i - head + whole.length <= end; i = buf.indexOf(pass.tail, i + 1)) {
    if (spelled(buf, i - head, whole)) return true;
  }
  return false;
}

/**
 * The member right before a key at `at`: `<name>"…",` with a string value
 * (ASCII, no escapes) inside the record, `<name>` itself right after a `,`
 * or `{` (else its quote may be an escaped one, `"x\"eventTime":`, and the
 * member another key); the value's place, or undefined.
 */
function valueBefore(buf: Buffer, at: number, name: Buffer, min: number): Segment | undefined {
  if (buf[at - 1] !== COMMA || buf[at - 2] !== QUOTE) return undefined;
  const end = at - 2;
  let q = end - 1;
  for (; q >= min; q--) {
    const b = buf[q]!;
    if (b === QUOTE) break;
    if (b >= 0x80 || b === BACKSLASH) return undefined;
  }
  const keyStart = q - name.length;
  if (keyStart <= min || (buf[keyStart - 1] !== COMMA && buf[keyStart - 1] !== OPEN_BRACE) || !spelled(buf, keyStart, name)) return undefined;
  return { start: q + 1, end };
}

/**
 * Epoch ms of an event time, as parseEventTime reads it. CloudTrail's own shape,
 * `YYYY-MM-DDTHH:MM:SSZ`, is read digit by digit (no string is made); any
 * other shape, or a field out of its range, goes to parseEventTime.
 */
export function eventTimeAt(buf: Buffer, start: number, end: number): number {
  if (end - start === 20 && buf[start + 4] === DASH && buf[start + 7] === DASH && buf[start + 10] === 0x54 && buf[start + 13] === COLON && buf[start + 16] === COLON && buf[start + 19] === 0x5a) {
    const y = digits(buf, start, 4);
    const mo = digits(buf, start + 5, 2);
    const d = digits(buf, start + 8, 2);
    const h = digits(buf, start + 11, 2);
    const mi = digits(buf, start + 14, 2);
    const sec = digits(buf, start + 17, 2);
    // Date.UTC reads years 0-99 as 1900-1999: those go to parseEventTime.
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59) return Date.UTC(y, mo - 1, d, h, mi, sec);
  }
  return parseEventTime(buf.toString('latin1', start, end));
}

/** The decimal number in `n` bytes at `at`, or -1 when one is not a digit. */
function digits(buf: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = buf[i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Whether the key whose opening quote is at `key` belongs to the object
 * opening at `start` itself (depth 1), not to one nested in it; strings are
 * skipped with their escapes. With `whole`, also whether bytes [start, end)
 * are exactly that object as far as brackets go: its `{` closing at the last
 * byte, not before (a piece cut out of a record at a nested array ends with
 * that array still open; its tail starts with closers it never opened), and
 * no `"eventTime"` or `"eventSource"` string among its members after the key
 * (a later copy of a key is the one JSON.parse keeps).
 */
export function ownMember(buf: Buffer, start: number, end: number, key: number, whole: boolean): boolean {
  if (buf[start] !== OPEN_BRACE || buf[end - 1] !== CLOSE_BRACE) return false;
  let depth = 0;
  let found = false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b === QUOTE) {
      if (i === key) {
        if (depth !== 1) return false;
        if (!whole) return true;
        found = true;
      } else if (found && depth === 1 && (spelled(buf, i, EVENT_TIME_NAME) || spelled(buf, i, EVENT_SOURCE_NAME))) return false;
      for (i++; i < end; i++) {
        const c = buf[i]!;
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) break;
      }
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
    else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) return found && i === end - 1;
  }
  return false;
}

/** Whether `text`'s bytes are at `at` (past the buffer's end, none match). */
function spelled(buf: Buffer, at: number, text: Buffer): boolean {
  for (let j = 0; j < text.length; j++) if (buf[at + j] !== text[j]) return false;
  return true;
}

/**
 * Whether bytes [from, end) hold a `{` that is not a member's value (not
 * right after a `:`, spaces aside), strings not told apart. In a piece
 * without `[`, an object past the record's end is such a `{`: a record
 * followed by other elements of the Records array (`{…},{}`, `{…},{"a":1}`:
 * only elements starting `{"eventVersion":"` are split apart) ends where
 * its tail does, with `}`.
 */
function elementAfter(buf: Buffer, from: number, end: number): boolean {
  for (let i = buf.indexOf(OPEN_BRACE, from); i !== -1 && i < end; i = buf.indexOf(OPEN_BRACE, i + 1)) {
    let j = i - 1;
    while (isSpace(buf[j]!)) j--;
    if (buf[j] !== COLON) return true;
  }
  return false;
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
