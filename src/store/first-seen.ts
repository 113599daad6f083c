import type Database from 'better-sqlite3';
import type { FirstSeenStore, Sightings } from '../detect/sigma/correlation.js';

/**
 * first_seen history in the store. Sightings are buffered and written in one
 * transaction by `flush` (end of a detect run, end of each watch poll).
 */
export class SqliteFirstSeen implements FirstSeenStore {
  private pending = new Map<string, { rule: string; group: string; value: string; first: number; last: number }>();

  constructor(private readonly db: Database.Database) {}

  load(ruleId: string, group: string): { first: number; values: Map<string, Sightings> } | undefined {
    const rows = this.db.prepare(`SELECT value, first_seen, last_seen FROM first_seen WHERE rule_id = ? AND group_key = ?`).all(ruleId, group) as { value: string; first_seen: number; last_seen: number }[];
    if (!rows.length) return undefined;
    return { first: rows.reduce((m, r) => Math.min(m, r.first_seen), Infinity), values: new Map(rows.map((r) => [r.value, { first: r.first_seen, last: r.last_seen }])) };
  }

  seen(ruleId: string, group: string, value: string, time: number): void {
    const k = `${ruleId}\u0000${group}\u0000${value}`;
    const p = this.pending.get(k);
    if (p) {
      p.first = Math.min(p.first, time);
      p.last = Math.max(p.last, time);
    } else this.pending.set(k, { rule: ruleId, group, value, first: time, last: time });
  }

  flush(): void {
    const upsert = this.db.prepare(
      `INSERT INTO first_seen (rule_id, group_key, value, first_seen, last_seen) VALUES (@rule, @group, @value, @first, @last)
       ON CONFLICT(rule_id, group_key, value) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)`,
    );
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.db.transaction(() => {
      for (const r of rows) upsert.run(r);
    })();
  }
}
