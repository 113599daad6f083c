/**
 * The scan as a library call: collect (or load) a snapshot, evaluate it,
 * optionally record it in the store. The CLI is a thin shell over this.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Aws } from '../aws/clients.js';
import { ScanStore } from '../store/scans.js';
import type { Finding } from './check.js';
import { collectSnapshot, type CollectOptions } from './collect/index.js';
import { evaluateSnapshot, summarize } from './engine.js';
import { SNAPSHOT_SCHEMA, type AccountSnapshot } from './snapshot.js';
import { scanReport, type ScanReport } from '../report/scan-json.js';

export const DEMO_SNAPSHOT = new URL('../../../data/demo/demo-account.json', import.meta.url);

export interface ScanResult {
  snapshot: AccountSnapshot;
  findings: Finding[];
  report: ScanReport;
  scanId?: number;
}

export class SnapshotError extends Error {}

/** Reads a saved snapshot, refusing files that are not one (naming the file and what is wrong). */
export function loadSnapshot(path: string | URL): AccountSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SnapshotError(`${String(path)}: not a readable JSON snapshot (${(err as Error).message})`);
  }
  const snap = data as Partial<AccountSnapshot>;
  if (snap?.schema !== SNAPSHOT_SCHEMA)
    throw new SnapshotError(`${String(path)}: unsupported snapshot schema ${JSON.stringify(snap?.schema)} (expected ${SNAPSHOT_SCHEMA})`);
  for (const key of ['account', 'regions', 'iam', 'collectedAt'] as const)
    if (!(key in snap)) throw new SnapshotError(`${String(path)}: snapshot is missing "${key}"`);
  return snap as AccountSnapshot;
}

export function saveSnapshot(path: string, snap: AccountSnapshot): void {
  writeFileSync(path, JSON.stringify(snap, null, 1) + '\n', { mode: 0o600 });
}

export function evaluate(snapshot: AccountSnapshot): ScanResult {
  const findings = evaluateSnapshot(snapshot);
  const report = scanReport({
    demo: snapshot.demo,
    accounts: [{ id: snapshot.account.id, regions: snapshot.regions, skippedRegions: snapshot.skippedRegions, collectedAt: snapshot.collectedAt }],
    summary: summarize(findings),
    findings,
  });
  return { snapshot, findings, report };
}

export async function scanAccount(aws: Aws, options: CollectOptions = {}): Promise<ScanResult> {
  return evaluate(await collectSnapshot(aws, options));
}

/** Records a finished scan and its findings. */
export function recordScan(db: Database.Database, result: ScanResult): number {
  const store = new ScanStore(db);
  const id = store.begin([result.snapshot.account.id], result.snapshot.regions, result.snapshot.demo, new Date(result.snapshot.collectedAt));
  store.addFindings(id, result.findings);
  store.finish(id, 'complete', result.report.summary);
  return id;
}
