import type Database from 'better-sqlite3';
import type { Alert } from '../detect/alert.js';
import { alertFingerprint } from '../detect/output.js';

export function groupKey(a: Alert): string {
  return a.group ? JSON.stringify(a.group) : a.principal;
}

/**
 * Detection alerts in the store. Seeing the same alert again (same rule,
 * principal or group, overlapping time) updates it instead of adding another,
 * so reruns and `watch` restarts do not repeat alerts.
 */
export class AlertStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * True when an alert of the same rule and principal/group was already
   * stored with a time span overlapping this one (within `windowMs`).
   */
  isKnown(a: Alert, windowMs = 3_600_000): boolean {
    if (this.db.prepare(`SELECT 1 FROM alerts WHERE fingerprint = ?`).get(alertFingerprint(a))) return true;
    if (!a.firstSeen) return false;
    const from = new Date(Date.parse(a.firstSeen) - windowMs).toISOString();
    return !!this.db.prepare(`SELECT 1 FROM alerts WHERE rule_id = ? AND group_key = ? AND last_seen >= ? AND first_seen <= ?`).get(a.ruleId, groupKey(a), from, a.lastSeen ?? a.firstSeen);
  }

  /** Saves alerts; returns how many were new (not seen in an earlier run). */
  save(alerts: Alert[], now = new Date(), notified = false): number {
    const exists = this.db.prepare(`SELECT 1 FROM alerts WHERE fingerprint = ?`);
    const upsert = this.db.prepare(
      `INSERT INTO alerts (fingerprint, rule_id, severity, principal, group_key, notified, first_seen, last_seen, count, created_at, updated_at, data)
       VALUES (@fp, @rule, @sev, @principal, @group, @notified, @first, @last, @count, @now, @now, @data)
       ON CONFLICT(fingerprint) DO UPDATE SET last_seen = excluded.last_seen, count = MAX(alerts.count, excluded.count),
         notified = MAX(alerts.notified, excluded.notified), updated_at = excluded.updated_at, data = excluded.data`,
    );
    let fresh = 0;
    this.db.transaction(() => {
      for (const a of alerts) {
        const fp = alertFingerprint(a);
        if (!exists.get(fp)) fresh++;
        upsert.run({ fp, rule: a.ruleId, sev: a.severity, principal: a.principal, group: groupKey(a), notified: notified ? 1 : 0, first: a.firstSeen ?? null, last: a.lastSeen ?? null, count: a.count, now: now.toISOString(), data: JSON.stringify(a) });
      }
    })();
    return fresh;
  }

  list(limit = 100): Alert[] {
    return (this.db.prepare(`SELECT data FROM alerts ORDER BY last_seen DESC LIMIT ?`).all(limit) as { data: string }[]).map((r) => JSON.parse(r.data));
  }

  cursor(source: string): number | undefined {
    const r = this.db.prepare(`SELECT position FROM detect_cursors WHERE source = ?`).get(source) as { position: number } | undefined;
    return r?.position;
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
