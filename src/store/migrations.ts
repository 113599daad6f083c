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
  // 2: detection alerts (mamori detect / watch) and watch cursors
  `
  CREATE TABLE alerts (
    fingerprint TEXT PRIMARY KEY,    -- rule + principal/group + first event time
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    principal TEXT NOT NULL,
    group_key TEXT NOT NULL,         -- principal, or the correlation's group-by values as JSON
    notified INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen TEXT,
    count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL               -- the whole alert as JSON
  );
  CREATE INDEX alerts_by_group ON alerts(rule_id, group_key, last_seen);
  -- first_seen correlations: values (IPs, user agents) seen per group (key, user)
  CREATE TABLE first_seen (
    rule_id TEXT NOT NULL,
    group_key TEXT NOT NULL,
    value TEXT NOT NULL,
    first_seen INTEGER NOT NULL,     -- epoch ms
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (rule_id, group_key, value)
  );
  -- mamori watch: how far each source has been read
  CREATE TABLE detect_cursors (
    source TEXT PRIMARY KEY,
    position INTEGER NOT NULL,       -- epoch ms up to which events were processed
    updated_at TEXT NOT NULL
  );
  `,
  // 3: incident response (mamori respond):
  // incidents, the response actions of each with their status (resumable runs),
  // and the audit log of every change with the state before and after.
  `
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,              -- key | user
    subject TEXT NOT NULL,           -- the access key id or the user name
    account TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,            -- open | contained | eradicated
    investigation TEXT               -- JSON summary of the last investigation
  );
  CREATE INDEX incidents_by_subject ON incidents(kind, subject, account);
  CREATE TABLE response_actions (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    action_id TEXT NOT NULL,
    stage TEXT NOT NULL,             -- contain | eradicate
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    target TEXT NOT NULL,
    action TEXT NOT NULL,            -- the whole planned action as JSON
    status TEXT NOT NULL,            -- running | done | already-done | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    finished_at TEXT,
    error TEXT,
    PRIMARY KEY (incident_id, action_id)
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    action_id TEXT NOT NULL,
    at TEXT NOT NULL,
    api TEXT NOT NULL,               -- the write call, or 'observe' for a check that found the work done
    region TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,                     -- JSON state observed before
    after TEXT,                      -- JSON state observed after
    outcome TEXT NOT NULL,           -- done | already-done | failed
    error TEXT
  );
  CREATE INDEX audit_by_incident ON audit_log(incident_id, at);
  `,
  // 4: scan-org (issue 4): organization scans streamed per account and resumable.
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
  // 5: every event id behind an alert (its data lists at most 100), so that merging a later
  // run's part of an alert counts the union exactly. NULL for rows written before, or past
  // the cap (store/alerts.ts): their merges fall back to the larger count.
  `
  ALTER TABLE alerts ADD COLUMN event_ids TEXT;                         -- JSON array
  `,
];
