/**
 * Schema migrations, applied in order; entry N brings the schema to version
 * N+1. Never edit an entry that has shipped: append a new one.
 */
export const MIGRATIONS: string[] = [
  // 1: scans and their findings
  `
  CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,            -- running | complete | failed
    demo INTEGER NOT NULL DEFAULT 0,
    accounts TEXT NOT NULL,          -- JSON array of account ids
    regions TEXT NOT NULL,           -- JSON array
    summary TEXT                     -- JSON counts by status and severity
  );
  CREATE TABLE findings (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    finding_id TEXT NOT NULL,
    check_id TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    resource TEXT NOT NULL,
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    data TEXT NOT NULL,              -- the whole finding as JSON
    PRIMARY KEY (scan_id, finding_id)
  );
  CREATE INDEX findings_by_check ON findings(check_id, account);
  `,
  // scan-org (issue 4): organization scans streamed per account and resumable.
  // One row per account of a scan, written as each account finishes, so a
  // scan of hundreds of accounts never holds their findings in memory and an
  // interrupted scan knows which accounts are done. `options` records how the
  // scan was started (never credentials) so `--resume` can continue it.
  `
  CREATE TABLE scan_accounts (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    name TEXT,
    status TEXT NOT NULL,            -- pending | complete | not_assessed
    reason TEXT,                     -- why an account was not assessed
    regions TEXT,                    -- JSON array
    skipped_regions TEXT,            -- JSON array of {region, reason}
    collected_at TEXT,
    summary TEXT,                    -- JSON counts
    PRIMARY KEY (scan_id, account)
  );
  ALTER TABLE scans ADD COLUMN kind TEXT NOT NULL DEFAULT 'account';   -- account | org
  ALTER TABLE scans ADD COLUMN options TEXT;                            -- JSON, see ScanStore.begin
  CREATE INDEX findings_by_scan_status ON findings(scan_id, status);
  `,
];
