import type Database from 'better-sqlite3';
import type { Finding } from '../scan/check.js';

export type ScanStatus = 'running' | 'complete' | 'failed' | 'interrupted';

export interface ScanRecord {
  id: number;
  startedAt: string;
  finishedAt?: string;
  status: string;
  demo: boolean;
  accounts: string[];
  regions: string[];
  summary?: Record<string, number>;
  kind: 'account' | 'org';
  options?: ScanOptionsRecord;
}

/** How a scan was started, enough for `--resume` (never credentials nor the external id). */
export interface ScanOptionsRecord {
  orgRole?: string;
  regions?: string[];
  homeRegion?: string;
  partition?: string;
  parallelAccounts?: number;
  config?: string;
}

export type AccountStatus = 'pending' | 'complete' | 'not_assessed';

export interface AccountRecord {
  account: string;
  name?: string;
  status: AccountStatus;
  reason?: string;
  regions: string[];
  skippedRegions: { region: string; reason: string }[];
  collectedAt?: string;
  summary?: Record<string, number>;
}

const toScan = (r: any): ScanRecord => ({
  id: r.id,
  startedAt: r.started_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  status: r.status,
  demo: !!r.demo,
  accounts: JSON.parse(r.accounts),
  regions: JSON.parse(r.regions),
  ...(r.summary ? { summary: JSON.parse(r.summary) } : {}),
  kind: r.kind === 'org' ? 'org' : 'account',
  ...(r.options ? { options: JSON.parse(r.options) } : {}),
});

const toAccount = (r: any): AccountRecord => ({
  account: r.account,
  ...(r.name ? { name: r.name } : {}),
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  regions: r.regions ? JSON.parse(r.regions) : [],
  skippedRegions: r.skipped_regions ? JSON.parse(r.skipped_regions) : [],
  ...(r.collected_at ? { collectedAt: r.collected_at } : {}),
  ...(r.summary ? { summary: JSON.parse(r.summary) } : {}),
});

/** Scans, their accounts and their findings in the store. */
export class ScanStore {
  constructor(private readonly db: Database.Database) {}

  begin(
    accounts: string[],
    regions: string[],
    demo: boolean,
    startedAt = new Date(),
    kind: 'account' | 'org' = 'account',
    options?: ScanOptionsRecord,
  ): number {
    const r = this.db
      .prepare(`INSERT INTO scans (started_at, status, demo, accounts, regions, kind, options) VALUES (?, 'running', ?, ?, ?, ?, ?)`)
      .run(startedAt.toISOString(), demo ? 1 : 0, JSON.stringify(accounts), JSON.stringify(regions), kind, options ? JSON.stringify(options) : null);
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

  /** Plans the accounts of a scan (pending), keeping any already recorded. */
  planAccounts(scanId: number, accounts: { id: string; name?: string }[]): void {
    const insert = this.db.prepare(`INSERT OR IGNORE INTO scan_accounts (scan_id, account, name, status) VALUES (?, ?, ?, 'pending')`);
    this.db.transaction(() => {
      for (const a of accounts) insert.run(scanId, a.id, a.name ?? null);
    })();
    this.db.prepare(`UPDATE scans SET accounts = ? WHERE id = ?`).run(JSON.stringify(this.accounts(scanId).map((a) => a.account)), scanId);
  }

  /**
   * Records one finished account and its findings in one transaction: a crash
   * leaves an account either wholly recorded or still pending, never half.
   */
  recordAccount(scanId: number, rec: AccountRecord, findings: Finding[]): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM findings WHERE scan_id = ? AND account = ?`).run(scanId, rec.account);
      this.addFindings(scanId, findings);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO scan_accounts (scan_id, account, name, status, reason, regions, skipped_regions, collected_at, summary)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          scanId,
          rec.account,
          rec.name ?? null,
          rec.status,
          rec.reason ?? null,
          JSON.stringify(rec.regions),
          JSON.stringify(rec.skippedRegions),
          rec.collectedAt ?? null,
          rec.summary ? JSON.stringify(rec.summary) : null,
        );
    })();
  }

  accounts(scanId: number): AccountRecord[] {
    return (this.db.prepare(`SELECT * FROM scan_accounts WHERE scan_id = ? ORDER BY account`).all(scanId) as any[]).map(toAccount);
  }

  setStatus(scanId: number, status: ScanStatus): void {
    this.db.prepare(`UPDATE scans SET status = ? WHERE id = ?`).run(status, scanId);
  }

  finish(scanId: number, status: 'complete' | 'failed', summary: Record<string, number>, regions?: string[]): void {
    this.db
      .prepare(`UPDATE scans SET finished_at = ?, status = ?, summary = ?, regions = COALESCE(?, regions) WHERE id = ?`)
      .run(new Date().toISOString(), status, JSON.stringify(summary), regions ? JSON.stringify(regions) : null, scanId);
  }

  get(scanId: number): ScanRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM scans WHERE id = ?`).get(scanId);
    return r ? toScan(r) : undefined;
  }

  list(limit = 50): ScanRecord[] {
    const rows = this.db.prepare(`SELECT * FROM scans ORDER BY id DESC LIMIT ?`).all(limit) as any[];
    return rows.map(toScan);
  }

  /** The newest scan of this kind left running or interrupted: what `--resume` continues. */
  resumable(kind: 'account' | 'org'): ScanRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM scans WHERE kind = ? AND status IN ('running', 'interrupted') ORDER BY id DESC LIMIT 1`).get(kind);
    return r ? toScan(r) : undefined;
  }

  /** The newest complete scan before `beforeId` of exactly these accounts (same demo flag). */
  previous(beforeId: number, accounts: string[], demo: boolean): ScanRecord | undefined {
    const want = JSON.stringify([...accounts].sort());
    const rows = this.db
      .prepare(`SELECT * FROM scans WHERE id < ? AND status = 'complete' AND demo = ? ORDER BY id DESC`)
      .iterate(beforeId, demo ? 1 : 0) as IterableIterator<any>;
    for (const r of rows) {
      const s = toScan(r);
      if (JSON.stringify([...s.accounts].sort()) === want) return s;
    }
    return undefined;
  }

  findings(scanId: number): Finding[] {
    return (this.db.prepare(`SELECT data FROM findings WHERE scan_id = ? ORDER BY rowid`).all(scanId) as { data: string }[]).map((r) =>
      JSON.parse(r.data),
    );
  }

  /** Findings one at a time, for writers that stream. */
  *iterateFindings(scanId: number): Generator<Finding> {
    for (const r of this.db.prepare(`SELECT data FROM findings WHERE scan_id = ? ORDER BY rowid`).iterate(scanId) as IterableIterator<{ data: string }>)
      yield JSON.parse(r.data);
  }

  /** Finding id → status and severity, what a diff needs (small: no finding bodies). */
  statuses(scanId: number): Map<string, { status: string; severity: string; account: string }> {
    const rows = this.db.prepare(`SELECT finding_id, status, severity, account FROM findings WHERE scan_id = ?`).all(scanId) as any[];
    return new Map(rows.map((r) => [r.finding_id, { status: r.status, severity: r.severity, account: r.account }]));
  }

  /** Summaries of the complete scans of these accounts, oldest first (the HTML trend). */
  history(accounts: string[], demo: boolean, limit = 30): { id: number; at: string; summary: Record<string, number> }[] {
    const want = JSON.stringify([...accounts].sort());
    const rows = this.db.prepare(`SELECT * FROM scans WHERE status = 'complete' AND demo = ? ORDER BY id DESC`).all(demo ? 1 : 0) as any[];
    return rows
      .map(toScan)
      .filter((s) => JSON.stringify([...s.accounts].sort()) === want && s.summary)
      .slice(0, limit)
      .reverse()
      .map((s) => ({ id: s.id, at: s.finishedAt ?? s.startedAt, summary: s.summary! }));
  }
}
