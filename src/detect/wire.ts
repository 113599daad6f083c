/**
 * How a worker's matches cross to the main thread (./parallel.ts). Most
 * matched events only feed correlations (a base rule such as every call made
 * with a long-term key): those cross as the few values correlations read,
 * with the record's JSON text beside them for the rare event that ends up in
 * an alert (`complete`, ./event.ts). Other matches cross whole.
 *
 * Matches go as JSON text: V8 deserializes a structured clone of many small
 * objects at about twice the cost of JSON.parse. Record texts go apart, as
 * their UTF-8 bytes one after another in a buffer the worker hands over
 * (transferred, not copied): as strings they filled the main thread's young
 * heap and were copied by its collector while waiting their turn (230 MB
 * surviving scavenges per million events, against 66 MB on one thread), yet
 * few are ever read. Rules go as their index among the rule set's
 * detections: every thread loads the same rules in the same order.
 */
import { fieldGetter, recordText, setRecordText, type CloudTrailEvent, type FieldGetter, type RecordBytes } from './event.js';
import type { Match } from './file-matcher.js';
import type { RuleRef, RuleSet } from './sigma/ruleset.js';

export interface WireMatches {
  /**
   * JSON of one array per match: the rule indexes, then either `-1` and the
   * whole event, or where the record's text starts and ends in `texts`, the
   * eventTime and the first value of each path the correlations fed by those
   * rules read (null when absent).
   */
  matches: string;
  /** The texts of the matches that cross cut down (a Uint8Array once it has crossed). */
  texts: Uint8Array;
  /**
   * Events holding a number JSON cannot write back as it is (-0, or Infinity,
   * which JSON.parse makes of a literal too large for a double), cloned
   * whole with the message; the match is then `-2` and an index here.
   */
  whole: CloudTrailEvent[];
  /** Each match's `at`. */
  at: number[];
}

type WireMatch = [number[], -1, CloudTrailEvent] | [number[], -2, number] | [number[], number, number, unknown, ...unknown[]];

interface Fields {
  paths: string[];
  getters: FieldGetter[];
}

export class MatchWire {
  private readonly index: Map<RuleRef, number>;
  /** Per detection rule (by index): the fields the correlations it feeds read, by dotted path. */
  private readonly read: Set<string>[];
  /** The same for a set of rules, keyed by their indexes: a match's rules come in few combinations. */
  private readonly fields = new Map<number | string, Fields>();

  constructor(private readonly ruleset: RuleSet) {
    this.index = new Map(ruleset.detections.map((r, i) => [r, i]));
    // eventID for every rule: correlations count a delivered copy of an event once.
    this.read = ruleset.detections.map(() => new Set(['eventID']));
    for (const c of ruleset.correlations) {
      const paths = [...c.groupBy, ...Object.values(c.aliases).flatMap((m) => Object.values(m)), ...(c.field ? [c.field] : []), ...Object.values(c.distinct ?? {})];
      for (const ref of c.rules) {
        const i = this.index.get(ruleset.byRef.get(ref)!);
        if (i !== undefined) for (const p of paths) this.read[i]!.add(p);
      }
    }
  }

  encode(matches: Match[]): WireMatches {
    const texts = new TextPack();
    const whole: CloudTrailEvent[] = [];
    const wire = matches.map((m): WireMatch => {
      const rules = m.rules.map((r) => this.index.get(r)!);
      const e = m.event;
      if (!m.feedsOnly) return jsonSafe(e, 0) ? [rules, -1, e] : [rules, -2, whole.push(e) - 1];
      const values = this.valuesOf(e, rules);
      if (!values.every((v) => jsonSafe(v, 0))) return [rules, -2, whole.push(e) - 1];
      return [rules, ...texts.add(e), e.eventTime, ...values];
    });
    return { matches: JSON.stringify(wire), texts: texts.bytes(), whole, at: matches.map((m) => m.at) };
  }

  /**
   * The matches again; events that only feed correlations come back as
   * eventTime and each path's value under the dotted path itself, which field
   * getters try before walking, so correlations read what they read on the
   * whole event.
   */
  decode(w: WireMatches): Match[] {
    const bytes = Buffer.from(w.texts.buffer, w.texts.byteOffset, w.texts.byteLength);
    return (JSON.parse(w.matches) as WireMatch[]).map((m, k): Match => {
      const rules = m[0].map((i) => this.ruleset.detections[i]!);
      const at = w.at[k]!;
      if (m[1] === -1) return { event: m[2] as CloudTrailEvent, rules, at };
      if (m[1] === -2) return { event: w.whole[m[2] as number]!, rules, at };
      const event = this.cutEvent(m[0], m[3], m.slice(4));
      setRecordText(event, { bytes, start: m[1], end: m[2] as number });
      return { event, rules, at };
    });
  }

  /**
   * A file's matches read on this thread and held until their turn comes
   * (parallel.ts), as they would have crossed from a worker: one that only
   * feeds correlations is cut down to the fields they read, its text packed
   * with the file's others into a buffer of their own. A whole parsed record
   * would outlive the young heap there, and a text left where it was read
   * would keep the file's whole inflated buffer.
   */
  cutDown(matches: Match[]): Match[] {
    const texts = new TextPack();
    const spans: [CloudTrailEvent, number, number][] = [];
    const out = matches.map((m): Match => {
      if (!m.feedsOnly) return m;
      const rules = m.rules.map((r) => this.index.get(r)!);
      const event = this.cutEvent(rules, m.event.eventTime, this.valuesOf(m.event, rules));
      spans.push([event, ...texts.add(m.event)]);
      return { event, rules: m.rules, at: m.at };
    });
    const bytes = texts.bytes();
    for (const [event, start, end] of spans) setRecordText(event, { bytes, start, end });
    return out;
  }

  /** The first value of each path the correlations fed by these rules read (they read nothing else), null when absent. */
  private valuesOf(e: CloudTrailEvent, rules: number[]): unknown[] {
    return this.fieldsOf(rules).getters.map((g) => g(e)[0] ?? null);
  }

  /** An event cut down to its eventTime and those values, each under its dotted path. */
  private cutEvent(rules: number[], eventTime: unknown, values: unknown[]): CloudTrailEvent {
    const event: CloudTrailEvent = { eventTime };
    const { paths } = this.fieldsOf(rules);
    for (let i = 0; i < paths.length; i++) if (values[i] !== null) event[paths[i]!] = values[i];
    return event;
  }

  private fieldsOf(rules: number[]): Fields {
    // Most matches have one rule: its index is the key, without making a string.
    const key = rules.length === 1 ? rules[0]! : rules.join();
    let f = this.fields.get(key);
    if (!f) {
      const paths = [...new Set(rules.flatMap((i) => [...this.read[i]!]))];
      this.fields.set(key, (f = { paths, getters: paths.map(fieldGetter) }));
    }
    return f;
  }
}

/** Record texts laid one after another in a buffer of their own. */
class TextPack {
  private readonly texts: RecordBytes[] = [];
  private size = 0;

  /** Adds an event's text; where it will start and end in the buffer. */
  add(e: CloudTrailEvent): [number, number] {
    const t = recordText(e) ?? JSON.stringify(e);
    const bytes = typeof t === 'string' ? Buffer.from(t) : undefined;
    const text = bytes ? { bytes, start: 0, end: bytes.length } : (t as RecordBytes);
    this.texts.push(text);
    const start = this.size;
    this.size += text.end - text.start;
    return [start, this.size];
  }

  /** The buffer: its own memory (not the shared pool), so that it can be transferred. */
  bytes(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.size);
    let at = 0;
    for (const t of this.texts) at += t.bytes.copy(out, at, t.start, t.end);
    return out;
  }
}

/** Whether JSON writes a value back as it is: no -0, Infinity or -Infinity in it (a parsed event holds no NaN). */
function jsonSafe(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (v === null || typeof v !== 'object') return true;
  // Deeper than records go in practice: cloned whole, which is always exact.
  if (depth > 64) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (!jsonSafe(x, depth + 1)) return false;
  return true;
}
