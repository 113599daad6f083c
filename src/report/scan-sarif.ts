/**
 * Scan findings as SARIF 2.1.0 (GitHub code scanning, CI viewers): one rule per
 * check, one result per FAIL, and SUPPRESSED findings as results carrying an
 * `external` suppression with the config's reason, so viewers show them as
 * accepted rather than losing them. PASS, MANUAL and NOT_ASSESSED are not
 * results: SARIF has no "not checked" state, and the JSON report has them.
 */
import type { Finding, Severity } from '../scan/check.js';
import type { ScanReport } from './scan-json.js';
import { stripControl } from './sanitize.js';
import { toSarif, type SarifRule } from './sarif.js';

const LEVEL: Record<Severity, SarifRule['level']> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub reads security-severity: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SCORE: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 1.0 };

function message(f: Finding): string {
  const fix = f.fix.cli ? `\nFix: ${f.fix.cli}` : f.fix.console ? `\nFix (console): ${f.fix.console}` : '';
  const where = `account ${f.account}${f.region === 'global' ? '' : `, ${f.region}`}`;
  return stripControl(`${f.reason} (${where})${fix}`, true);
}

export function renderScanSarif(report: ScanReport): object {
  const results = report.findings.filter((f) => f.status === 'FAIL' || f.status === 'SUPPRESSED');
  const rules = new Map<string, SarifRule>();
  for (const f of results) {
    if (rules.has(f.checkId)) continue;
    rules.set(f.checkId, {
      id: f.checkId,
      name: f.checkId.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
      shortDescription: stripControl(f.title),
      fullDescription: stripControl(f.threat, true),
      help: stripControl([f.threat, f.cis ? `CIS AWS Foundations v5.0 ${f.cis}` : '', f.pci ? `PCI DSS v4.0 ${f.pci}` : ''].filter(Boolean).join('\n'), true),
      level: LEVEL[f.severity],
      tags: ['security', 'aws', f.service, ...(f.cis ? [`CIS-${f.cis}`] : []), ...(f.pci ? [`PCI-${f.pci}`] : [])],
      securitySeverity: SCORE[f.severity],
    });
  }
  return toSarif(
    [...rules.values()],
    results.map((f) => ({
      ruleId: f.checkId,
      level: LEVEL[f.severity],
      message: message(f),
      location: { logical: stripControl(f.resource) },
      fingerprint: f.id,
      properties: { account: f.account, region: f.region, severity: f.severity, status: f.status, ...(f.score !== undefined ? { score: f.score } : {}) },
      ...(f.suppression ? { suppressions: [{ kind: 'external' as const, justification: stripControl(f.suppression.reason, true) }] } : {}),
    })),
  );
}
