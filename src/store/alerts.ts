import type Database from 'better-sqlite3';
import { allEventIds, mergeAlerts, withAllEventIds, type Alert } from '../detect/alert.js';
import { alertFingerprint } from '../detect/output.js';

export function groupKey(a: Alert): string {
  return a.group ? JSON.stringify(a.group) : a.principal;
}

/** Merge window when none is given: single-event rules' (an hour). */
const DEFAULT_WINDOW_MS = 3_600_000;
/** Past this many event ids (~4 MB of JSON) a row keeps only the 100 its data lists; its merges then fall back to the larger count. */
const MAX_STORED_IDS = 100_000;

interface Row {
  fingerprint: string;
  notified: number;
  created_at: string;
  data: string;
  event_ids: string | null;
}

/**
 * Detection alerts in the store, one row per alert. An alert seen again —
 * by a rerun, a later poll of `watch`, or a run over logs delivered late — is
 * the same alert when it is of the same rule and principal/group and its time
 * span is within the rule's merge window of a stored one (as hits join one
 * alert in memory, AlertBook): the row is updated (times, count, event ids,
 * lists; still marked delivered if it was), never doubled. Its key follows
 * its first event, so a run over the same logs finds it by fingerprint.
 */
export class AlertStore {
  // Prepared once: save() looks up and writes every alert it is given (a run can hold thousands,
  // and watch saves its alerts one call each).
  private readonly byFingerprint;
  private readonly byGroup;
  private readonly remove;
  private readonly insert;

  constructor(private readonly db: Database.Database) {
    this.byFingerprint = db.prepare(`SELECT fingerprint, notified, created_at, data, event_ids, first_seen FROM alerts WHERE fingerprint = ?`);
    this.byGroup = db.prepare(`SELECT fingerprint, notified, created_at, data, event_ids, first_seen FROM alerts WHERE rule_id = ? AND group_key = ? AND last_seen >= ? AND first_seen <= ?`);
    this.remove = db.prepare(`DELETE FROM alerts WHERE fingerprint = ?`);
    this.insert = db.prepare(
      `INSERT INTO alerts (fingerprint, rule_id, severity, principal, group_key, notified, first_seen, last_seen, count, created_at, updated_at, data, event_ids)
       VALUES (@fp, @rule, @sev, @principal, @group, @notified, @first, @last, @count, @created, @now, @data, @ids)`,
    );
  }

  /**
   * True when an alert of the same rule and principal/group is stored with a
   * time span within `windowMs` of this one's (`watch` sends only the others).
   */
  isKnown(a: Alert, windowMs = DEFAULT_WINDOW_MS): boolean {
    return this.stored(a, windowMs).length > 0;
  }

  /**
   * Saves alerts, each merged into the stored alerts it continues (several,
   * when it joins them); returns how many were new (not seen in an earlier run).
   * `windowOf` gives each alert's merge window (mergeWindows of its rule set).
   */
  save(alerts: Alert[], now = new Date(), notified = false, windowOf: (a: Alert) => number = () => DEFAULT_WINDOW_MS): number {
    let fresh = 0;
    this.db.transaction(() => {
      for (const a of alerts) {
        const rows = this.stored(a, windowOf(a));
        if (!rows.length) fresh++;
        // Earliest stored first: its principal stays; the rule's text comes from the newest.
        const [earliest, ...later] = rows.map(storedAlert);
        let merged = earliest ?? a;
        for (const r of later) merged = mergeAlerts(merged, r);
        if (earliest) merged = mergeAlerts(merged, a);
        const ids = allEventIds(merged);
        for (const r of rows) this.remove.run(r.fingerprint);
        this.insert.run({
          fp: alertFingerprint(merged),
          rule: merged.ruleId,
          sev: merged.severity,
          principal: merged.principal,
          group: groupKey(merged),
          notified: notified || rows.some((r) => r.notified) ? 1 : 0,
          first: merged.firstSeen ?? null,
          last: merged.lastSeen ?? null,
          count: merged.count,
          created: rows.map((r) => r.created_at).sort()[0] ?? now.toISOString(),
          now: now.toISOString(),
          data: JSON.stringify(merged),
          ids: ids && ids.size <= MAX_STORED_IDS ? JSON.stringify([...ids]) : null,
        });
      }
    })();
    return fresh;
  }

  /** The stored alerts `a` continues: its own key, or the same rule and group within `windowMs`; earliest first. */
  private stored(a: Alert, windowMs: number): Row[] {
    const rows = this.byFingerprint.all(alertFingerprint(a)) as (Row & { first_seen: string | null })[];
    const first = a.firstSeen ? Date.parse(a.firstSeen) : NaN;
    const last = a.lastSeen ? Date.parse(a.lastSeen) : first;
    if (Number.isFinite(first) && Number.isFinite(last)) {
      const near = this.byGroup.all(a.ruleId, groupKey(a), iso(first - windowMs), iso(last + windowMs)) as (Row & { first_seen: string | null })[];
      for (const r of near) if (!rows.some((x) => x.fingerprint === r.fingerprint)) rows.push(r);
    }
    return rows.sort((x, y) => (x.first_seen ?? '').localeCompare(y.first_seen ?? ''));
  }

  list(limit = 100): Alert[] {
    return (this.db.prepare(`SELECT data FROM alerts ORDER BY last_seen DESC LIMIT ?`).all(limit) as { data: string }[]).map((r) => JSON.parse(r.data));
  }

  cursor(source: string): number | undefined {
    const r = this.db.prepare(`SELECT position FROM detect_cursors WHERE source = ?`).get(source) as { position: number } | undefined;
    return r?.position;
  }

  /** Every stored cursor (watch sources, and when their failures began). */
  cursorList(): { source: string; position: number }[] {
    return this.db.prepare(`SELECT source, position FROM detect_cursors ORDER BY source`).all() as { source: string; position: number }[];
  }

  clearCursor(source: string): void {
    this.db.prepare(`DELETE FROM detect_cursors WHERE source = ?`).run(source);
  }

  setCursor(source: string, position: number, now = new Date()): void {
    this.db
      .prepare(`INSERT INTO detect_cursors (source, position, updated_at) VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`)
      .run(source, position, now.toISOString());
  }
}

/** A stored alert, with every event id behind it when the row kept them. */
function storedAlert(r: Row): Alert {
  const a = JSON.parse(r.data) as Alert;
  return r.event_ids === null ? a : withAllEventIds(a, JSON.parse(r.event_ids) as string[]);
}

/** An epoch time as stored (ISO 8601, as Date.toISOString writes it, which sorts as text). */
function iso(ms: number): string {
  return new Date(Math.max(-8.64e15, Math.min(8.64e15, ms))).toISOString();
}
