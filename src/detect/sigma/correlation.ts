/**
 * Streaming evaluation of Sigma correlation rules. State lives in memory per
 * (rule, group) and holds only what can still fall inside a window: entries
 * older than the newest event time minus the timespan and the allowed
 * lateness are evicted, so memory follows the event rate, not the input size.
 *
 * Windows slide (they are not aligned to clock boundaries). Input need not be
 * perfectly ordered: entries are kept sorted by event time, and lateness
 * bounds how late an event may arrive and still be correlated.
 */
import { fieldGetter, ownText, type CloudTrailEvent, type FieldGetter } from '../event.js';
import type { CorrelationRule, CountOp } from './rule.js';
import type { RuleRef } from './ruleset.js';

/** A rule firing: one event for a detection, the events joined for a correlation. */
export interface Hit {
  rule: RuleRef;
  time: number;
  events: CloudTrailEvent[];
  /** Group-by values of a correlation hit. */
  group?: Record<string, unknown>;
}

interface Entry {
  t: number;
  seq: number;
  /** Index of the referenced rule that produced it. */
  ref: number;
  value?: string;
  distinct?: string;
  events: CloudTrailEvent[];
  reported: boolean;
  /** For an entry of one event with an id: `copyKey`, to spot a delivered copy of it. */
  copy?: string;
}

interface Group {
  entries: Entry[];
  /** The `copy` keys of the entries held. */
  copies: Set<string>;
  values: Record<string, unknown>;
  /** Tumbling window start, for conditions judged when the window closes (lt, lte, eq, neq). */
  windowStart?: number;
}

/** Entries kept per group at most; a flood beyond it keeps the newest. */
const MAX_ENTRIES = 10_000;

/**
 * Where first_seen correlations keep what they learned, so that history
 * outlives one run (the store, for the CLI). `load` is called once per group
 * per run; `seen` for every sighting.
 */
export interface FirstSeenStore {
  load(ruleId: string, group: string): { first: number; values: Map<string, Sightings> } | undefined;
  seen(ruleId: string, group: string, value: string, time: number): void;
}

/** A value's first and last sighting in earlier runs. */
export interface Sightings {
  first: number;
  last: number;
}

/** What first_seen knows of a group: when it was first seen, and per value its latest sighting in this run and its stored ones. */
interface Known {
  first: number;
  values: Map<string, { last?: number; stored?: Sightings }>;
}

export class CorrelationState {
  private readonly known = new Map<string, Known>();
  /** first_seen groups whose values have all aged out: only when each was first seen (it decides learning). */
  private readonly firstOf = new Map<string, number>();
  private firstSeenStore: FirstSeenStore | undefined;

  /** Persists first_seen history (see FirstSeenStore). */
  useStore(store: FirstSeenStore): void {
    this.firstSeenStore = store;
  }

  private readonly groups = new Map<string, Group>();
  private readonly getters: FieldGetter[][];
  private readonly valueGetters: FieldGetter[] = [];
  private readonly distinctGetters: (FieldGetter | undefined)[] = [];
  private readonly monotone: boolean;
  private seq = 0;

  constructor(
    readonly rule: CorrelationRule,
    /** Reference names in rule order, as the correlation wrote them (aliases are keyed by them). */
    refNames: string[],
    private readonly lateness: number,
  ) {
    this.getters = refNames.map((name, i) =>
      rule.groupBy.map((g) => fieldGetter(rule.aliases[g]?.[name] ?? rule.aliases[g]?.[refIdName(rule, i)] ?? g)),
    );
    if (rule.field) for (const _ of refNames) this.valueGetters.push(fieldGetter(rule.field));
    if (rule.distinct) for (const name of refNames) {
      const f = rule.distinct[name];
      this.distinctGetters.push(f ? fieldGetter(f) : undefined);
    }
    this.monotone = rule.condition.length > 0 && rule.condition.every((c) => c.op === 'gt' || c.op === 'gte');
  }

  /** Feeds a hit of referenced rule number `ref`; returns the hits this correlation produces. */
  add(hit: Hit, ref: number): Hit[] {
    const last = hit.events[hit.events.length - 1]!;
    const getters = this.getters[ref]!;
    const parts: unknown[] = [];
    for (const get of getters) {
      const v = get(last)[0];
      // An event without a group-by field (absent or null) is in no group, as `stats ... by` leaves
      // it out: pooled under null, different principals would add up to a count none of them reached.
      if (v === undefined || v === null) return [];
      parts.push(v);
    }
    const key = JSON.stringify(parts);
    // first_seen keeps what it learned per group apart (`known`), not as windows.
    if (this.rule.type === 'first_seen') return this.firstSeen(key, parts, hit);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { entries: [], copies: new Set(), values: this.groupValues(parts) }));
    // CloudTrail may deliver an event twice, and organization and account trails overlap: a copy counts once.
    const copy = copyKey(hit, ref);
    if (copy !== undefined && group.copies.has(copy)) return [];
    const entry: Entry = { t: hit.time, seq: this.seq++, ref, events: hit.events, reported: false, ...(copy !== undefined ? { copy } : {}) };
    if (this.rule.field) {
      const v = this.valueGetters[ref]!(last)[0];
      if (v === undefined || v === null) return []; // value_count counts values; an event without one adds none
      entry.value = typeof v === 'string' ? v : JSON.stringify(v);
    }
    if (this.rule.distinct) {
      const g = this.distinctGetters[ref];
      const v = g ? g(last)[0] : undefined;
      if (v !== undefined && v !== null) entry.distinct = String(v);
    }
    const out: Hit[] = [];
    if (!this.monotone && (this.rule.type === 'event_count' || this.rule.type === 'value_count')) {
      if (group.windowStart === undefined) group.windowStart = entry.t;
      else if (entry.t > group.windowStart + this.rule.timespanMs) {
        const h = this.closeWindow(group);
        if (h) out.push(h);
        group.windowStart = entry.t;
      }
      hold(group, entry);
      return out;
    }
    hold(group, entry);
    if (group.entries.length > MAX_ENTRIES) release(group, group.entries.splice(0, group.entries.length - MAX_ENTRIES));
    const h = this.evaluate(group, entry);
    if (h) out.push(h);
    return out;
  }

  /**
   * first_seen: alerts when a value (an IP, a user agent) appears for a group
   * (a key, a user) that has been known for at least the learning period and
   * has not used that value within the timespan.
   */
  /** Group-by values by field name, as alerts show them. */
  private groupValues(parts: unknown[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    this.rule.groupBy.forEach((g, i) => (values[g] = parts[i]));
    return values;
  }

  private firstSeen(key: string, parts: unknown[], hit: Hit): Hit[] {
    const last = hit.events[hit.events.length - 1]!;
    const raw = this.valueGetters.length ? this.valueGetters[0]!(last)[0] : undefined;
    if (raw === undefined || raw === null || raw === '') return [];
    const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const t = hit.time;
    let k = this.known.get(key);
    if (!k) {
      const stored = this.firstSeenStore?.load(this.rule.id, key);
      const remembered = this.firstOf.get(key);
      this.firstOf.delete(key);
      k = { first: Math.min(t, stored?.first ?? t, remembered ?? t), values: new Map(stored ? [...stored.values].map(([v, s]) => [v, { stored: s }]) : []) };
      this.known.set(key, k);
    }
    if (t < k.first) k.first = t;
    const span = this.rule.timespanMs;
    let s = k.values.get(value);
    // Sightings in this run count whenever they are (a late event meets later ones: not new, as
    // before); stored ones only when they are before this event (see unseenBefore).
    const isNew = (s?.last === undefined || t - s.last > span) && unseenBefore(s?.stored, t, span) && t - k.first >= (this.rule.learningMs ?? 0);
    if (!s) k.values.set(value, (s = {}));
    if (s.last === undefined || t > s.last) s.last = t;
    this.firstSeenStore?.seen(this.rule.id, key, value, t);
    return isNew ? [{ rule: this.rule, time: t, events: hit.events, group: { ...this.groupValues(parts), [this.rule.field!]: value } }] : [];
  }

  /** Drops state that can no longer fall in a window; closes tumbling windows that ended. */
  evict(watermark: number): Hit[] {
    if (this.rule.type === 'first_seen') {
      // Values unseen for longer than the timespan would count as new anyway. Of a group left
      // without values, when it was first seen is kept: it decides learning, however long ago.
      for (const [key, k] of this.known) {
        for (const [v, s] of k.values) if (Math.max(s.last ?? -Infinity, s.stored?.last ?? -Infinity) < watermark - this.rule.timespanMs - this.lateness) k.values.delete(v);
        if (k.values.size === 0) {
          this.known.delete(key);
          this.firstOf.set(key, k.first);
        }
      }
      return [];
    }
    const horizon = watermark - this.rule.timespanMs - this.lateness;
    const out: Hit[] = [];
    for (const [key, g] of this.groups) {
      if (g.windowStart !== undefined && g.windowStart + this.rule.timespanMs < watermark - this.lateness) {
        const h = this.closeWindow(g);
        if (h) out.push(h);
        delete g.windowStart;
        if (g.entries.length === 0) this.groups.delete(key);
        continue;
      }
      if (g.windowStart !== undefined) continue;
      let i = 0;
      while (i < g.entries.length && g.entries[i]!.t < horizon) i++;
      if (i) release(g, g.entries.splice(0, i));
      if (g.entries.length === 0) this.groups.delete(key);
    }
    return out;
  }

  /** End of input: judges the open tumbling windows. */
  flush(): Hit[] {
    const out: Hit[] = [];
    for (const g of this.groups.values()) {
      if (g.windowStart === undefined) continue;
      const h = this.closeWindow(g);
      if (h) out.push(h);
    }
    this.groups.clear();
    return out;
  }

  get size(): number {
    let n = 0;
    for (const k of this.known.values()) n += k.values.size;
    for (const g of this.groups.values()) n += g.entries.length;
    return n;
  }

  private closeWindow(g: Group): Hit | undefined {
    const end = g.windowStart! + this.rule.timespanMs;
    const inWin = g.entries.filter((e) => e.t <= end);
    g.entries = g.entries.filter((e) => e.t > end);
    release(g, inWin);
    const n = this.rule.type === 'value_count' ? new Set(inWin.map((e) => e.value)).size : inWin.length;
    if (!meets(n, this.rule.condition)) return undefined;
    return this.hit(g, inWin, true);
  }

  private evaluate(g: Group, entry: Entry): Hit | undefined {
    const span = this.rule.timespanMs;
    const es = g.entries;
    switch (this.rule.type) {
      case 'event_count': {
        // The best window containing the new entry: slide its start over entries in [t - span, t].
        let best: [number, number] | undefined;
        let lo = lowerBound(es, entry.t - span);
        let hi = lo;
        for (let s = lo; s < es.length && es[s]!.t <= entry.t; s++) {
          if (hi < s) hi = s;
          while (hi + 1 < es.length && es[hi + 1]!.t <= es[s]!.t + span) hi++;
          if (es[hi]!.t < entry.t) continue;
          if (!best || hi - s > best[1] - best[0]) best = [s, hi];
        }
        if (!best || !meets(best[1] - best[0] + 1, this.rule.condition)) return undefined;
        return this.hit(g, es.slice(best[0], best[1] + 1));
      }
      case 'value_count': {
        const win = distinctWindow(es, entry, span, (e) => e.value, (n) => meets(n, this.rule.condition));
        return win && this.hit(g, win);
      }
      case 'temporal': {
        const need = this.rule.condition.length ? undefined : this.rule.rules.length;
        const win = distinctWindow(es, entry, span, (e) => e.ref, (n) => (need !== undefined ? n >= need : meets(n, this.rule.condition)));
        if (!win) return undefined;
        const latest = new Map<number, Entry>();
        for (const e of win) latest.set(e.ref, e);
        // The new event is evidence too when a later one of its rule is already there (it came late).
        return this.hit(g, [...new Set([...latest.values(), entry])].sort(byTime));
      }
      case 'temporal_ordered': {
        const last = this.rule.rules.length - 1;
        // Try each candidate final event near the new entry, latest first, and
        // walk back greedily to the latest earlier event of each previous rule.
        const ends = es.filter((e) => e.ref === last && e.t >= entry.t - span && e.t <= entry.t + span).reverse();
        for (const end of ends) {
          const chain: Entry[] = [end];
          let cur = end;
          for (let r = last - 1; r >= 0; r--) {
            let pick: Entry | undefined;
            for (let i = es.length - 1; i >= 0; i--) {
              const e = es[i]!;
              if (e.ref !== r || before(cur, e) || chain.includes(e)) continue;
              if (end.t - e.t > span) break;
              if (this.rule.distinct && e.distinct !== undefined && chain.some((c) => c.distinct !== undefined && c.distinct === e.distinct)) continue;
              pick = e;
              break;
            }
            if (!pick) break;
            chain.unshift(pick);
            cur = pick;
          }
          if (chain.length !== last + 1) continue;
          const h = this.hit(g, chain);
          if (h) return h;
        }
        return undefined;
      }
    }
  }

  private hit(g: Group, entries: Entry[], all = false): Hit | undefined {
    // Only entries not yet reported, so a long burst yields one growing alert, not a quadratic list.
    const fresh = all ? entries : entries.filter((e) => !e.reported);
    if (fresh.length === 0) return undefined;
    for (const e of entries) e.reported = true;
    const events = (all ? entries : fresh).flatMap((e) => e.events);
    return { rule: this.rule, time: Math.max(...entries.map((e) => e.t)), events, group: g.values };
  }
}

/**
 * Whether earlier runs did not see a value in the timespan before `t`, from
 * its first and last stored sightings. Logs run again, or older logs read
 * after newer ones, meet stored sightings at or after `t`: the event's own
 * (first == t) is not history, and later ones say nothing of before `t`.
 * Between a first sighting before `t` and a last one after it, the latest
 * sighting before `t` is unknown: it counts as recent (no alert rather than
 * a false one).
 */
function unseenBefore(s: Sightings | undefined, t: number, timespan: number): boolean {
  if (!s || s.first >= t) return true;
  if (s.last < t) return t - s.last > timespan;
  return false;
}

function refIdName(rule: CorrelationRule, i: number): string {
  return rule.rules[i]!;
}

function before(a: Entry, b: Entry): boolean {
  // true when b comes after a (b cannot precede a in a chain ending at a). Events of the same
  // second may have happened in either order: CloudTrail times have one-second resolution and its
  // log files are not in call order, so arrival order says nothing about them.
  return b.t > a.t;
}

function byTime(a: Entry, b: Entry): number {
  return a.t - b.t || a.seq - b.seq;
}

export function meets(n: number, cond: { op: CountOp; value: number }[]): boolean {
  return cond.every(({ op, value }) =>
    op === 'gt' ? n > value : op === 'gte' ? n >= value : op === 'lt' ? n < value : op === 'lte' ? n <= value : op === 'eq' ? n === value : n !== value,
  );
}

/**
 * The first window [start, start + span] holding `entry`, its start an
 * entry's time (every window holding it can slide to start there), whose
 * entries have a number of distinct keys that passes `ok`; undefined when
 * none does. Keys are counted as the window slides, not recounted.
 */
function distinctWindow(es: Entry[], entry: Entry, span: number, key: (e: Entry) => unknown, ok: (n: number) => boolean): Entry[] | undefined {
  const counts = new Map<unknown, number>();
  const first = lowerBound(es, entry.t - span);
  let hi = first - 1;
  for (let s = first; s < es.length && es[s]!.t <= entry.t; s++) {
    if (s > first) {
      const k = key(es[s - 1]!);
      const n = counts.get(k)! - 1;
      if (n === 0) counts.delete(k);
      else counts.set(k, n);
    }
    while (hi + 1 < es.length && es[hi + 1]!.t <= es[s]!.t + span) {
      hi++;
      const k = key(es[hi]!);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (es[hi]!.t >= entry.t && ok(counts.size)) return es.slice(s, hi + 1);
  }
  return undefined;
}

/** What makes a single-event hit a copy of another: the same rule, time and eventID. */
function copyKey(hit: Hit, ref: number): string | undefined {
  if (hit.events.length !== 1) return undefined;
  const id = hit.events[0]!.eventID;
  return typeof id === 'string' && id ? `${ref}\u0000${hit.time}\u0000${id}` : undefined;
}

/** Adds an entry to a group, in time order. */
function hold(g: Group, e: Entry): void {
  // A held event may outlive the buffer its record text points into by a long way.
  for (const ev of e.events) ownText(ev);
  const es = g.entries;
  let i = es.length;
  while (i > 0 && es[i - 1]!.t > e.t) i--;
  es.splice(i, 0, e);
  if (e.copy !== undefined) g.copies.add(e.copy);
}

/** Forgets entries taken out of a group. */
function release(g: Group, gone: Entry[]): void {
  for (const e of gone) if (e.copy !== undefined) g.copies.delete(e.copy);
}

function lowerBound(es: Entry[], t: number): number {
  let lo = 0;
  let hi = es.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (es[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
