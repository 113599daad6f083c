/**
 * How a worker's matches cross to the main thread (./parallel.ts). Most
 * matched events only feed correlations (a base rule such as every call made
 * with a long-term key): those cross as the few values correlations read,
 * with the record's JSON text beside them for the rare event that ends up in
 * an alert (`complete`, ./event.ts). Other matches cross whole.
 *
 * Everything goes as JSON text: V8 deserializes a structured clone of many
 * small objects at about twice the cost of JSON.parse. Record texts go apart,
 * as an array of strings (copied as they are; inside JSON every quote would
 * be escaped). Rules go as their index among the rule set's detections:
 * every thread loads the same rules in the same order.
 */
import { fieldGetter, recordText, setRecordText, type CloudTrailEvent, type FieldGetter } from './event.js';
import type { Match } from './file-matcher.js';
import type { RuleRef, RuleSet } from './sigma/ruleset.js';

export interface WireMatches {
  /**
   * JSON of one array per match: the rule indexes, the event time (epoch
   * ms, read once by the worker), then either `-1` and the whole event, or
   * the index of the record text, the eventTime and the first value of each
   * path the correlations fed by those rules read (null when absent).
   */
  matches: string;
  texts: string[];
}

type WireMatch = [number[], number, -1, CloudTrailEvent] | [number[], number, number, unknown, ...unknown[]];

interface Fields {
  paths: string[];
  getters: FieldGetter[];
}

export class MatchWire {
  private readonly index: Map<RuleRef, number>;
  /** Per detection rule (by index): the fields the correlations it feeds read, by dotted path. */
  private readonly read: Set<string>[];
  /** The same for a set of rules, keyed by their indexes: a match's rules come in few combinations. */
  private readonly fields = new Map<string, Fields>();

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
    const texts: string[] = [];
    const wire = matches.map((m): WireMatch => {
      const rules = m.rules.map((r) => this.index.get(r)!);
      if (!m.feedsOnly) return [rules, m.time, -1, m.event];
      const e = m.event;
      // Correlations read the first value of each path and nothing else (sigma/correlation.ts).
      return [rules, m.time, texts.push(recordText(e) ?? JSON.stringify(e)) - 1, e.eventTime, ...this.fieldsOf(rules).getters.map((g) => g(e)[0] ?? null)];
    });
    return { matches: JSON.stringify(wire), texts };
  }

  /**
   * The matches again; events that only feed correlations come back as
   * eventTime and each path's value under the dotted path itself, which field
   * getters try before walking, so correlations read what they read on the
   * whole event.
   */
  decode(w: WireMatches): Match[] {
    return (JSON.parse(w.matches) as WireMatch[]).map((m): Match => {
      const rules = m[0].map((i) => this.ruleset.detections[i]!);
      const time = m[1] ?? NaN; // JSON writes NaN as null
      if (m[2] === -1) return { event: m[3] as CloudTrailEvent, rules, time };
      const event: CloudTrailEvent = { eventTime: m[3] };
      const { paths } = this.fieldsOf(m[0]);
      for (let i = 0; i < paths.length; i++) if (m[i + 4] !== null) event[paths[i]!] = m[i + 4];
      setRecordText(event, w.texts[m[2]]!);
      return { event, rules, time };
    });
  }

  private fieldsOf(rules: number[]): Fields {
    const key = rules.join();
    let f = this.fields.get(key);
    if (!f) {
      const paths = [...new Set(rules.flatMap((i) => [...this.read[i]!]))];
      this.fields.set(key, (f = { paths, getters: paths.map(fieldGetter) }));
    }
    return f;
  }
}
