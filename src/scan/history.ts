/**
 * Scans over time: the report of a stored scan, and what changed between two
 * scans. A finding's id is stable (check, account, region, resource), so the
 * same problem keeps its id from one scan to the next.
 */
import type { ScanStore } from '../store/scans.js';
import type { Finding } from './check.js';
import { sortFindings } from './engine.js';
import { scanReport, type ReportAccount, type ReportChanges, type ResolvedFinding, type ScanReport } from '../report/scan-json.js';

export interface ScanDiff extends ReportChanges {
  scanId: number;
  newFindings: Finding[];
}

/**
 * FAIL findings of `to` against those of `from`. Only statuses are held for
 * the whole scans; finding bodies are read for the new and resolved ones only.
 */
export function diffScans(store: ScanStore, fromId: number, toId: number): ScanDiff {
  const from = store.get(fromId);
  const to = store.get(toId);
  if (!from) throw new Error(`no scan ${fromId} in the store`);
  if (!to) throw new Error(`no scan ${toId} in the store`);
  const before = store.statuses(fromId);
  const after = store.statuses(toId);
  const assessed = new Set(store.accounts(toId).filter((a) => a.status === 'complete').map((a) => a.account));
  // Scans recorded before per-account rows existed: every account they list was assessed.
  if (!store.accounts(toId).length) for (const a of to.accounts) assessed.add(a);
  const diff: ScanDiff = {
    scanId: toId,
    previousScanId: fromId,
    previousScanAt: from.finishedAt ?? from.startedAt,
    new: [],
    newFindings: [],
    resolved: [],
    unchanged: 0,
    suppressed: 0,
    notReassessed: 0,
  };
  const resolvedIds = new Map<string, string>();
  for (const [id, was] of before) {
    if (was.status !== 'FAIL') continue;
    const now = after.get(id);
    if (now?.status === 'FAIL') diff.unchanged++;
    else if (now?.status === 'SUPPRESSED') diff.suppressed++;
    else if (now?.status === 'PASS') resolvedIds.set(id, 'PASS');
    else if (!now && assessed.has(was.account)) resolvedIds.set(id, 'gone');
    else diff.notReassessed++;
  }
  for (const f of store.iterateFindings(toId)) {
    if (f.status === 'FAIL' && before.get(f.id)?.status !== 'FAIL') {
      diff.new.push(f.id);
      diff.newFindings.push(f);
    }
  }
  if (resolvedIds.size)
    for (const f of store.iterateFindings(fromId)) {
      const now = resolvedIds.get(f.id);
      if (now && f.status === 'FAIL') diff.resolved.push(resolved(f, now));
    }
  diff.newFindings = sortFindings(diff.newFindings);
  return diff;
}

function resolved(f: Finding, now: string): ResolvedFinding {
  return { id: f.id, checkId: f.checkId, severity: f.severity, account: f.account, region: f.region, resource: f.resource, title: f.title, now };
}

/** The combined report of a stored scan, accounts in id order and findings ranked across accounts. */
export function reportFromStore(store: ScanStore, scanId: number, extra: Partial<ScanReport> = {}): ScanReport {
  const scan = store.get(scanId);
  if (!scan) throw new Error(`no scan ${scanId} in the store`);
  const findings = sortFindings(store.findings(scanId));
  const accounts: ReportAccount[] = store.accounts(scanId).map((a) => ({
    id: a.account,
    regions: a.regions,
    skippedRegions: a.skippedRegions,
    collectedAt: a.collectedAt ?? scan.startedAt,
    ...(a.name ? { name: a.name } : {}),
    status: a.status === 'complete' ? 'complete' : 'NOT_ASSESSED',
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.summary ? { summary: a.summary } : {}),
  }));
  return scanReport({
    demo: scan.demo,
    scanId,
    kind: scan.kind,
    accounts,
    summary: scan.summary ?? {},
    findings,
    ...extra,
  });
}
