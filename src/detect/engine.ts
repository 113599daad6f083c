/**
 * The detector: runs every compiled rule over a stream of events, feeds rule
 * hits to the correlations that consume them (chains included), and turns
 * what should alert into merged alerts.
 */
import { complete, eventTimeMs, type CloudTrailEvent } from './event.js';
import { AlertBook, type Alert } from './alert.js';
import { CorrelationState, type FirstSeenStore, type Hit } from './sigma/correlation.js';
import type { DetectionRule } from './sigma/rule.js';
import type { RuleRef, RuleSet } from './sigma/ruleset.js';

export interface DetectorOptions {
  /** Where first_seen correlations keep their history across runs (default: this run only). */
  firstSeen?: FirstSeenStore;
  /** How late (ms) an event may arrive, relative to the newest seen, and still be correlated. Default 1 h. */
  lateness?: number;
}

export interface DetectorStats {
  events: number;
  /** Events without a usable eventTime: single-event rules still ran, correlations could not use them. */
  untimed: number;
  hits: number;
}

export class Detector {
  private readonly byName = new Map<string, DetectionRule[]>();
  private readonly unindexed: DetectionRule[] = [];
  /** rule -> correlations consuming it, with the index of the rule in each. */
  private readonly consumers = new Map<RuleRef, { state: CorrelationState; ref: number }[]>();
  private readonly states: CorrelationState[] = [];
  private watermark = -Infinity;
  private readonly lateness: number;
  private sinceEvict = 0;
  readonly alerts = new AlertBook();
  readonly stats: DetectorStats = { events: 0, untimed: 0, hits: 0 };

  constructor(readonly ruleset: RuleSet, opts: DetectorOptions = {}) {
    for (const r of ruleset.detections) {
      if (r.eventNames) for (const n of r.eventNames) (this.byName.get(n) ?? this.byName.set(n, []).get(n)!).push(r);
      else this.unindexed.push(r);
    }
    const lateness = (this.lateness = opts.lateness ?? 3_600_000);
    for (const c of ruleset.correlations) {
      const state = new CorrelationState(c, c.rules, lateness);
      if (c.type === 'first_seen' && opts.firstSeen) state.useStore(opts.firstSeen);
      this.states.push(state);
      c.rules.forEach((ref, i) => {
        const r = ruleset.byRef.get(ref)!;
        (this.consumers.get(r) ?? this.consumers.set(r, []).get(r)!).push({ state, ref: i });
      });
    }
  }

  process(event: CloudTrailEvent): void {
    this.stats.events++;
    this.accept(event, this.match(event));
  }

  /** The detection rules an event matches (no state is touched: safe to run in worker threads). */
  match(event: CloudTrailEvent): DetectionRule[] {
    const out: DetectionRule[] = [];
    const name = typeof event.eventName === 'string' ? event.eventName.toLowerCase() : '';
    const indexed = this.byName.get(name);
    if (indexed) for (const r of indexed) if (r.match(event)) out.push(r);
    for (const r of this.unindexed) if (r.match(event)) out.push(r);
    return out;
  }

  /**
   * Feeds an event with the rules it matched (computed by `match`, here or
   * in a worker) to alerts and correlations. Events that matched nothing
   * still move time forward, but callers may skip them (`advance` does).
   * `t` is the event time when the caller has already read it.
   */
  accept(event: CloudTrailEvent, matched: DetectionRule[], t = eventTimeMs(event)): void {
    const timed = Number.isFinite(t);
    if (!timed) this.stats.untimed++;
    for (const r of matched) this.emit({ rule: r, time: t, events: [event] }, timed);
    if (timed) this.advance(t);
  }

  /**
   * A record the reader's prefilter proved no rule can match, at event time
   * `t`: counted and moving time forward exactly as `process` would.
   */
  skip(t: number): void {
    this.stats.events++;
    this.advance(t);
  }

  /** Moves the clock to event time `t` (events that matched nothing, seen by a worker). */
  advance(t: number): void {
    if (t > this.watermark) this.watermark = t;
    if (++this.sinceEvict >= 4096 && this.states.length) {
      this.sinceEvict = 0;
      for (const s of this.states) for (const h of s.evict(this.watermark)) this.emit(h, true);
    }
  }

  /** Newest event time seen (epoch ms). */
  get newest(): number {
    return this.watermark;
  }

  /** For continuous use: closes windows that ended and forgets alerts that can no longer grow. */
  tick(): void {
    if (!Number.isFinite(this.watermark)) return;
    for (const s of this.states) for (const h of s.evict(this.watermark)) this.emit(h, true);
    this.alerts.forget(this.watermark - this.lateness);
  }

  /** End of input: closes open windows and returns the alerts. */
  finish(): Alert[] {
    for (const s of this.states) for (const h of s.flush()) this.emit(h, true);
    return this.alerts.list();
  }

  /** Correlation state currently held (entries), for memory tests. */
  get stateSize(): number {
    return this.states.reduce((n, s) => n + s.size, 0);
  }

  private emit(hit: Hit, timed: boolean): void {
    this.stats.hits++;
    if (!this.ruleset.silenced.has(hit.rule)) this.alerts.add({ ...hit, events: hit.events.map(complete) });
    if (!timed) return;
    const consumers = this.consumers.get(hit.rule);
    if (!consumers) return;
    for (const { state, ref } of consumers) for (const h of state.add(hit, ref)) this.emit(h, true);
  }
}
