import type Database from 'better-sqlite3';

export interface ActionRow {
  actionId: string;
  stage: string;
  kind: string;
  region: string;
  target: string;
  status: 'running' | 'done' | 'already-done' | 'failed';
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

export interface AuditRow {
  at: string;
  actionId: string;
  api: string;
  region: string;
  target: string;
  before?: unknown;
  after?: unknown;
  outcome: string;
  error?: string;
}

/**
 * Incidents, their response actions and the audit log. A run of `respond`
 * finds the open incident for the same subject and account, so a second run
 * after a failure resumes: actions recorded done are not repeated.
 */
export class ResponseStore {
  constructor(private readonly db: Database.Database) {}

  openIncident(kind: 'key' | 'user', subject: string, account: string, now = new Date()): number {
    const existing = this.db
      .prepare(`SELECT id FROM incidents WHERE kind = ? AND subject = ? AND account = ? AND status != 'closed' ORDER BY id DESC LIMIT 1`)
      .get(kind, subject, account) as { id: number } | undefined;
    if (existing) return existing.id;
    const r = this.db
      .prepare(`INSERT INTO incidents (kind, subject, account, started_at, updated_at, status) VALUES (?, ?, ?, ?, ?, 'open')`)
      .run(kind, subject, account, now.toISOString(), now.toISOString());
    return Number(r.lastInsertRowid);
  }

  setStatus(incidentId: number, status: string, investigation?: unknown): void {
    this.db
      .prepare(`UPDATE incidents SET status = ?, updated_at = ?, investigation = COALESCE(?, investigation) WHERE id = ?`)
      .run(status, new Date().toISOString(), investigation === undefined ? null : JSON.stringify(investigation), incidentId);
  }

  incident(incidentId: number): { id: number; kind: string; subject: string; account: string; startedAt: string; status: string } | undefined {
    const r = this.db.prepare(`SELECT * FROM incidents WHERE id = ?`).get(incidentId) as any;
    return r ? { id: r.id, kind: r.kind, subject: r.subject, account: r.account, startedAt: r.started_at, status: r.status } : undefined;
  }

  action(incidentId: number, actionId: string): ActionRow | undefined {
    const r = this.db.prepare(`SELECT * FROM response_actions WHERE incident_id = ? AND action_id = ?`).get(incidentId, actionId) as any;
    return r ? toActionRow(r) : undefined;
  }

  actions(incidentId: number): ActionRow[] {
    return (this.db.prepare(`SELECT * FROM response_actions WHERE incident_id = ? ORDER BY started_at, action_id`).all(incidentId) as any[]).map(toActionRow);
  }

  begin(incidentId: number, a: { id: string; stage: string; kind: string; region: string; target: string }, now = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO response_actions (incident_id, action_id, stage, kind, region, target, action, status, attempts, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', 1, ?)
         ON CONFLICT (incident_id, action_id) DO UPDATE SET status = 'running', attempts = attempts + 1, started_at = excluded.started_at, error = NULL`,
      )
      .run(incidentId, a.id, a.stage, a.kind, a.region, a.target, JSON.stringify(a), now.toISOString());
  }

  finish(incidentId: number, actionId: string, status: 'done' | 'already-done' | 'failed', error?: string): void {
    this.db
      .prepare(`UPDATE response_actions SET status = ?, finished_at = ?, error = ? WHERE incident_id = ? AND action_id = ?`)
      .run(status, new Date().toISOString(), error ?? null, incidentId, actionId);
  }

  audit(incidentId: number, row: AuditRow): void {
    this.db
      .prepare(`INSERT INTO audit_log (incident_id, action_id, at, api, region, target, before, after, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        incidentId,
        row.actionId,
        row.at,
        row.api,
        row.region,
        row.target,
        row.before === undefined ? null : JSON.stringify(row.before),
        row.after === undefined ? null : JSON.stringify(row.after),
        row.outcome,
        row.error ?? null,
      );
  }

  auditLog(incidentId: number): AuditRow[] {
    return (this.db.prepare(`SELECT * FROM audit_log WHERE incident_id = ? ORDER BY id`).all(incidentId) as any[]).map((r) => ({
      at: r.at,
      actionId: r.action_id,
      api: r.api,
      region: r.region,
      target: r.target,
      ...(r.before ? { before: JSON.parse(r.before) } : {}),
      ...(r.after ? { after: JSON.parse(r.after) } : {}),
      outcome: r.outcome,
      ...(r.error ? { error: r.error } : {}),
    }));
  }
}

function toActionRow(r: any): ActionRow {
  return {
    actionId: r.action_id,
    stage: r.stage,
    kind: r.kind,
    region: r.region,
    target: r.target,
    status: r.status,
    attempts: r.attempts,
    ...(r.started_at ? { startedAt: r.started_at } : {}),
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}
