/**
 * Evaluates a snapshot: runs every check (pure functions), derives the
 * takeover paths from the results, and orders the report by what an attacker
 * gains — takeover paths first, then failures by severity.
 */
import { findingId, SEVERITIES, type Check, type CheckMeta, type Finding, type Result } from './check.js';
import { CHECKS } from './checks/index.js';
import type { AccountSnapshot } from './snapshot.js';
import { TAKEOVER_CHECK, takeoverPaths } from './takeover.js';

const STATUS_ORDER = ['FAIL', 'MANUAL', 'NOT_ASSESSED', 'SUPPRESSED', 'PASS'];

function toFinding(meta: CheckMeta, r: Result, account: string): Finding {
  return {
    id: findingId(meta.id, account, r.region, r.resource),
    checkId: meta.id,
    status: r.status,
    severity: r.severity ?? meta.severity,
    account,
    region: r.region,
    resource: r.resource,
    title: meta.title,
    reason: r.reason,
    fix: r.fix ?? {},
    threat: meta.threat,
    service: meta.service,
    ...(meta.cis ? { cis: meta.cis } : {}),
    ...(meta.pci ? { pci: meta.pci } : {}),
    ...(r.details ? { details: r.details } : {}),
  };
}

export function evaluateSnapshot(snap: AccountSnapshot, checks: Check[] = CHECKS): Finding[] {
  const now = new Date(snap.collectedAt);
  const account = snap.account.id;
  const findings: Finding[] = [];
  for (const check of checks) {
    let results: Result[];
    try {
      results = check.run({ snap, now });
    } catch (err) {
      // A bug in one check must not hide the others, nor pass silently.
      results = [{ status: 'NOT_ASSESSED', resource: account, region: 'global', reason: `Check failed to evaluate: ${(err as Error).message}` }];
    }
    findings.push(...results.map((r) => toFinding(check.meta, r, account)));
  }
  const paths = takeoverPaths(snap, findings, now).map((r) => {
    const f = toFinding(TAKEOVER_CHECK, r, account);
    f.score = (r.details?.score as number) ?? 0;
    f.related = (r.details?.related as string[]) ?? [];
    return f;
  });
  return sortFindings([...paths, ...findings]);
}

export function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) => [
    f.checkId === TAKEOVER_CHECK.id && f.status === 'FAIL' ? 0 : 1,
    STATUS_ORDER.indexOf(f.status),
    -(f.score ?? 0),
    SEVERITIES.indexOf(f.severity),
  ];
  return findings
    .map((f, i) => ({ f, k: key(f), i }))
    .sort((a, b) => {
      for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return a.k[j]! - b.k[j]!;
      return a.i - b.i;
    })
    .map((x) => x.f);
}

export function summarize(findings: Finding[]): Record<string, number> {
  const s: Record<string, number> = { total: findings.length };
  for (const f of findings) {
    s[f.status] = (s[f.status] ?? 0) + 1;
    if (f.status === 'FAIL') s[`FAIL_${f.severity}`] = (s[`FAIL_${f.severity}`] ?? 0) + 1;
  }
  s.takeoverPaths = findings.filter((f) => f.checkId === TAKEOVER_CHECK.id && f.status === 'FAIL').length;
  return s;
}
