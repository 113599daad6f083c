import type Database from 'better-sqlite3';
import type { Finding } from '../scan/check.js';

export interface ScanRecord {
  id: number;
  startedAt: string;
  finishedAt?: string;
  status: string;
  demo: boolean;
  accounts: string[];
  regions: string[];
  summary?: Record<string, number>;
}

/** Scans and their findings in the store. */
export class ScanStore {
  constructor(private readonly db: Database.Database) {}

  begin(accounts: string[], regions: string[], demo: boolean, startedAt = new Date()): number {
    const r = this.db
      .prepare(`INSERT INTO scans (started_at, status, demo, accounts, regions) VALUES (?, 'running', ?, ?, ?)`)
      .run(startedAt.toISOString(), demo ? 1 : 0, JSON.stringify(accounts), JSON.stringify(regions));
    return Number(r.lastInsertRowid);
  }

  addFindings(scanId: number, findings: Finding[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO findings (scan_id, finding_id, check_id, status, severity, account, region, resource, title, reason, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction((rows: Finding[]) => {
      for (const f of rows)
        insert.run(scanId, f.id, f.checkId, f.status, f.severity, f.account, f.region, f.resource, f.title, f.reason, JSON.stringify(f));
    })(findings);
  }

  finish(scanId: number, status: 'complete' | 'failed', summary: Record<string, number>): void {
    this.db
      .prepare(`UPDATE scans SET finished_at = ?, status = ?, summary = ? WHERE id = ?`)
      .run(new Date().toISOString(), status, JSON.stringify(summary), scanId);
  }

  list(limit = 50): ScanRecord[] {
    const rows = this.db.prepare(`SELECT * FROM scans ORDER BY id DESC LIMIT ?`).all(limit) as any[];
    return rows.map((r) => ({
      id: r.id,
      startedAt: r.started_at,
      ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
      status: r.status,
      demo: !!r.demo,
      accounts: JSON.parse(r.accounts),
      regions: JSON.parse(r.regions),
      ...(r.summary ? { summary: JSON.parse(r.summary) } : {}),
    }));
  }

  findings(scanId: number): Finding[] {
    return (this.db.prepare(`SELECT data FROM findings WHERE scan_id = ?`).all(scanId) as { data: string }[]).map((r) =>
      JSON.parse(r.data),
    );
  }
}
