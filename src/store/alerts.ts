import type Database from 'better-sqlite3';
import type { Alert } from '../detect/alert.js';
import { alertFingerprint } from '../detect/output.js';

/** Detection alerts in the store. Seeing the same alert again updates it instead of adding another. */
export class AlertStore {
  constructor(private readonly db: Database.Database) {}

  /** Saves alerts; returns how many were new (not seen in an earlier run). */
  save(alerts: Alert[], now = new Date()): number {
    const exists = this.db.prepare(`SELECT 1 FROM alerts WHERE fingerprint = ?`);
    const upsert = this.db.prepare(
      `INSERT INTO alerts (fingerprint, rule_id, severity, principal, first_seen, last_seen, count, created_at, updated_at, data)
       VALUES (@fp, @rule, @sev, @principal, @first, @last, @count, @now, @now, @data)
       ON CONFLICT(fingerprint) DO UPDATE SET last_seen = excluded.last_seen, count = MAX(alerts.count, excluded.count),
         updated_at = excluded.updated_at, data = excluded.data`,
    );
    let fresh = 0;
    this.db.transaction(() => {
      for (const a of alerts) {
        const fp = alertFingerprint(a);
        if (!exists.get(fp)) fresh++;
        upsert.run({ fp, rule: a.ruleId, sev: a.severity, principal: a.principal, first: a.firstSeen ?? null, last: a.lastSeen ?? null, count: a.count, now: now.toISOString(), data: JSON.stringify(a) });
      }
    })();
    return fresh;
  }

  list(limit = 100): Alert[] {
    return (this.db.prepare(`SELECT data FROM alerts ORDER BY last_seen DESC LIMIT ?`).all(limit) as { data: string }[]).map((r) => JSON.parse(r.data));
  }
}
