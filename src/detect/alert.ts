/**
 * Alerts: what a responder needs from a rule hit, and the merging of
 * repeats. Hits of the same rule about the same principal (for correlations:
 * the same group) whose times fall within the rule's window of the previous
 * ones extend one alert instead of raising another.
 */
import { sh } from '../util/shell.js';
import { eventTimeMs, type CloudTrailEvent } from './event.js';
import type { Hit } from './sigma/correlation.js';
import { LEVELS, type Level } from './sigma/rule.js';
import type { RuleRef, RuleSet } from './sigma/ruleset.js';

export interface Alert {
  ruleId: string;
  title: string;
  severity: Level;
  /** ATT&CK technique ids from the rule's tags (attack.t1078.004 -> T1078.004). */
  techniques: string[];
  /** ATT&CK tactics from the rule's tags (attack.persistence -> persistence). */
  tactics: string[];
  /** The acting principal's ARN (root as arn:aws:iam::<account>:root), or its name when no ARN is recorded. */
  principal: string;
  /** Every principal involved, for correlations that group by something else (e.g. a source IP). */
  principals: string[];
  accountIds: string[];
  accessKeyIds: string[];
  sourceIps: string[];
  regions: string[];
  userAgents: string[];
  eventNames: string[];
  /** ISO 8601; absent when no event carried a usable time. */
  firstSeen?: string;
  lastSeen?: string;
  /** Distinct events behind the alert. */
  count: number;
  /** Event ids behind the alert (at most MAX_IDS; `count` is exact). */
  eventIds: string[];
  /** Group-by values of a correlation. */
  group?: Record<string, unknown>;
  nextStep: string;
  description?: string;
  file: string;
}

const MAX_IDS = 100;
const MAX_LIST = 50;
/** Merge window for single-event rules: repeats within an hour are one alert. */
const DEFAULT_MERGE_MS = 3_600_000;

/**
 * Every event id behind an alert, where known (`eventIds` lists at most
 * MAX_IDS): merging two parts of one alert, a stored one and a later run's,
 * counts their union exactly only with all of them. Kept beside the alert,
 * not in it, so that the JSON contract stays as documented.
 */
const allIds = new WeakMap<Alert, Set<string>>();

export function allEventIds(a: Alert): ReadonlySet<string> | undefined {
  return allIds.get(a);
}

/** Records every event id behind `a` (read back from the store); returns `a`. */
export function withAllEventIds(a: Alert, ids: Iterable<string>): Alert {
  allIds.set(a, new Set(ids));
  return a;
}

interface Open {
  alert: Alert;
  first: number;
  last: number;
  ids: Set<string>;
  mergeMs: number;
}

export class AlertBook {
  /**
   * Per rule and principal (or group), the alerts still held, in time order.
   * Trails deliver events out of order (each region's files on their own
   * schedule), so a late event can fall between two alerts and join them:
   * alerts are then the runs of events with no gap over the merge window,
   * whatever the order they arrived in.
   */
  private readonly byKey = new Map<string, Open[]>();
  private changed = new Set<Open>();

  add(hit: Hit): void {
    const r = hit.rule;
    const principals = uniq(hit.events.map(principalOf));
    const groupKey = hit.group ? JSON.stringify(hit.group) : principals[0] ?? 'unknown';
    const key = `${r.id}\u0000${groupKey}`;
    const times = hit.events.map(eventTimeMs).filter(Number.isFinite);
    const first = times.length ? Math.min(...times) : NaN;
    const last = times.length ? Math.max(...times) : NaN;
    const mergeMs = mergeWindowMs(r);
    const held = this.byKey.get(key) ?? this.byKey.set(key, []).get(key)!;
    // Without a usable time a hit joins the latest alert; otherwise every alert within reach.
    const near = !Number.isFinite(first) ? held.slice(-1) : held.filter((o) => !Number.isFinite(o.last) || !(first > o.last + o.mergeMs || last < o.first - o.mergeMs));
    let o = near[0];
    if (!o) {
      o = {
        alert: {
          ruleId: r.id,
          title: r.title,
          severity: r.level,
          techniques: uniq(r.tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice(7).toUpperCase())),
          // Older SigmaHQ rules spell tactics with underscores (attack.credential_access): shown as today's.
          tactics: uniq(r.tags.filter((t) => /^attack\.[a-z_-]+$/i.test(t)).map((t) => t.slice(7).toLowerCase().replace(/_/g, '-'))),
          principal: principals[0] ?? 'unknown',
          principals: [],
          accountIds: [],
          accessKeyIds: [],
          sourceIps: [],
          regions: [],
          userAgents: [],
          eventNames: [],
          count: 0,
          eventIds: [],
          ...(hit.group ? { group: hit.group } : {}),
          nextStep: '',
          ...(r.description ? { description: r.description.trim() } : {}),
          file: r.file,
        },
        first,
        last,
        ids: new Set(),
        mergeMs,
      };
      held.push(o);
      // The same set, so that it follows every event the alert gains.
      allIds.set(o.alert, o.ids);
    }
    for (const other of near.slice(1)) {
      absorb(o, other);
      held.splice(held.indexOf(other), 1);
      this.changed.delete(other);
    }
    const a = o.alert;
    for (const e of hit.events) {
      const id = typeof e.eventID === 'string' ? e.eventID : undefined;
      if (id) {
        if (o.ids.has(id)) continue;
        o.ids.add(id);
        if (a.eventIds.length < MAX_IDS) a.eventIds.push(id);
      }
      a.count++;
      const ui = (e.userIdentity ?? {}) as Record<string, unknown>;
      push(a.principals, principalOf(e));
      push(a.accountIds, ui.accountId ?? e.recipientAccountId);
      push(a.accessKeyIds, ui.accessKeyId);
      push(a.sourceIps, e.sourceIPAddress);
      push(a.regions, e.awsRegion);
      push(a.userAgents, e.userAgent);
      push(a.eventNames, e.eventName);
    }
    extend(o, first, last);
    held.sort((x, y) => x.first - y.first);
    this.changed.add(o);
  }

  /** Alerts created or extended since the last call (for watch, which notifies as it goes). */
  drainChanged(): Alert[] {
    const out = [...this.changed].map((o) => o.alert);
    this.changed.clear();
    return out;
  }

  /**
   * Drops alerts that ended before `before` (epoch ms) and can no longer be
   * extended; a long-running watch keeps them in the store, not in memory.
   */
  forget(before: number): void {
    for (const [k, held] of this.byKey) {
      const kept = held.filter((o) => !(o.last + o.mergeMs < before));
      if (kept.length) this.byKey.set(k, kept);
      else this.byKey.delete(k);
    }
  }

  /** All alerts, most severe first, then by time. */
  list(): Alert[] {
    const all = [...this.byKey.values()].flat().map((o) => o.alert);
    return all.sort(
      (x, y) => LEVELS.indexOf(y.severity) - LEVELS.indexOf(x.severity) || (x.firstSeen ?? '').localeCompare(y.firstSeen ?? '') || x.ruleId.localeCompare(y.ruleId),
    );
  }
}

/** How far apart hits of a rule may be and still extend one alert: a correlation's timespan, an hour for a single-event rule. */
export function mergeWindowMs(r: RuleRef): number {
  return r.kind === 'correlation' ? r.timespanMs : DEFAULT_MERGE_MS;
}

/** The merge window of an alert's rule, by its id (an hour for a rule the set does not hold). */
export function mergeWindows(ruleset: RuleSet): (a: Alert) => number {
  return (a) => {
    const r = ruleset.byRef.get(a.ruleId);
    return r ? mergeWindowMs(r) : DEFAULT_MERGE_MS;
  };
}

/**
 * One alert from two parts of the same run of events seen at different times
 * (a stored alert, and the alert a later run or poll made of some of its
 * events and of events new to it). `a` is the earlier-known part: its
 * principal stays; the rule's title, level and text come from `b`, the newer.
 * `count` is exact when every event id of both parts is known (allEventIds);
 * events without an id cannot be told apart, so the part with more of them
 * gives their number. Otherwise it is the larger of what each part and the
 * listed ids show.
 */
export function mergeAlerts(a: Alert, b: Alert): Alert {
  const times = (k: 'firstSeen' | 'lastSeen') => [a[k], b[k]].filter((t): t is string => typeof t === 'string' && Number.isFinite(Date.parse(t))).map(Date.parse);
  const first = times('firstSeen');
  const last = times('lastSeen');
  const ids = [...new Set([...a.eventIds, ...b.eventIds])];
  const list = (f: 'principals' | 'accountIds' | 'accessKeyIds' | 'sourceIps' | 'regions' | 'userAgents' | 'eventNames') => {
    const out: string[] = [];
    for (const v of [...a[f], ...b[f]]) push(out, v);
    return out;
  };
  const { firstSeen: _f, lastSeen: _l, ...rest } = b;
  const out: Alert = {
    ...rest,
    principal: a.principal,
    principals: list('principals'),
    accountIds: list('accountIds'),
    accessKeyIds: list('accessKeyIds'),
    sourceIps: list('sourceIps'),
    regions: list('regions'),
    userAgents: list('userAgents'),
    eventNames: list('eventNames'),
    ...(first.length ? { firstSeen: new Date(Math.min(...first)).toISOString() } : {}),
    ...(last.length ? { lastSeen: new Date(Math.max(...last)).toISOString() } : {}),
    count: Math.max(a.count, b.count, ids.length),
    eventIds: ids.slice(0, MAX_IDS),
  };
  const known = [allIds.get(a), allIds.get(b)];
  if (known[0] && known[1]) {
    const union = new Set([...known[0], ...known[1]]);
    out.count = union.size + Math.max(0, a.count - known[0].size, b.count - known[1].size);
    allIds.set(out, union);
  }
  out.nextStep = nextStep(out);
  return out;
}

/** Moves alert `from`'s events into `into` (two runs joined by a late event). */
function absorb(into: Open, from: Open): void {
  const a = into.alert;
  const b = from.alert;
  const anonymous = b.count - from.ids.size; // events without an id are counted, never deduplicated
  for (const id of from.ids) {
    if (into.ids.has(id)) continue;
    into.ids.add(id);
    a.count++;
  }
  a.count += anonymous;
  for (const id of b.eventIds) if (a.eventIds.length < MAX_IDS && !a.eventIds.includes(id)) a.eventIds.push(id);
  for (const f of ['principals', 'accountIds', 'accessKeyIds', 'sourceIps', 'regions', 'userAgents', 'eventNames'] as const) for (const v of b[f]) push(a[f], v);
  extend(into, from.first, from.last);
}

function extend(o: Open, first: number, last: number): void {
  const a = o.alert;
  if (Number.isFinite(first)) o.first = Number.isFinite(o.first) ? Math.min(o.first, first) : first;
  if (Number.isFinite(last)) o.last = Number.isFinite(o.last) ? Math.max(o.last, last) : last;
  if (Number.isFinite(o.first)) a.firstSeen = new Date(o.first).toISOString();
  if (Number.isFinite(o.last)) a.lastSeen = new Date(o.last).toISOString();
  a.nextStep = nextStep(a);
}

export function principalOf(e: CloudTrailEvent): string {
  const ui = e.userIdentity as Record<string, unknown> | undefined;
  if (!ui || typeof ui !== 'object') return 'unknown';
  if (typeof ui.arn === 'string' && ui.arn) return ui.arn;
  if (ui.type === 'Root' && typeof ui.accountId === 'string') return `arn:aws:iam::${ui.accountId}:root`;
  for (const k of ['userName', 'principalId', 'invokedBy']) if (typeof ui[k] === 'string' && ui[k]) return ui[k] as string;
  return 'unknown';
}

/**
 * The first thing to do. Keys get the containment command; root and users
 * get the matching investigation. Names are shell-quoted: they come from
 * the events, which the attacker wrote.
 */
export function nextStep(a: Alert): string {
  const key = a.accessKeyIds.find((k) => /^AKIA/.test(k)) ?? a.accessKeyIds.find((k) => /^ASIA/.test(k));
  if (key) return `mamori respond key ${sh(key)}`;
  if (a.principal === 'HIDDEN_DUE_TO_SECURITY_REASONS')
    return `Sign-ins were tried with user names that do not exist${a.sourceIps.length ? ` from ${a.sourceIps.slice(0, 3).join(', ')}` : ''}: password spraying. Check that every console user has MFA (mamori scan) and consider blocking the source`;
  if (/:root$/.test(a.principal)) return `Confirm the root activity with the account owner; if not theirs, reset the root password, check root MFA and delete root access keys (mamori scan)`;
  if (a.principal !== 'unknown') return `Review the activity of ${a.principal}: aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=${sh(a.principal.split('/').pop()!)}`;
  return 'Review the events listed in eventIds';
}

function push(list: string[], v: unknown): void {
  if (typeof v !== 'string' || !v || list.length >= MAX_LIST || list.includes(v)) return;
  list.push(v);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
