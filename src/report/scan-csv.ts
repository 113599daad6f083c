/**
 * The scan as CSV, one finding per row, for spreadsheets. Values are
 * attacker-controlled (resource names, tags): control characters are removed
 * and a cell that a spreadsheet would run as a formula (= + - @, tab, CR) is
 * prefixed with a quote, as OWASP recommends against CSV injection.
 */
import type { Finding } from '../scan/check.js';
import type { ScanReport } from './scan-json.js';
import { stripControl } from './sanitize.js';

export const CSV_COLUMNS = [
  'id', 'account', 'region', 'check', 'service', 'status', 'severity', 'resource', 'title', 'reason',
  'fix_cli', 'fix_console', 'cis', 'pci', 'suppressed_reason', 'suppressed_by',
] as const;

export function csvCell(value: unknown): string {
  let s = stripControl(value ?? '', true);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(f: Finding): string[] {
  return [
    f.id, f.account, f.region, f.checkId, f.service, f.status, f.severity, f.resource, f.title, f.reason,
    f.fix.cli ?? '', f.fix.console ?? '', f.cis ?? '', f.pci ?? '', f.suppression?.reason ?? '', f.suppression?.source ?? '',
  ];
}

export function renderScanCsv(report: ScanReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of report.findings) lines.push(row(f).map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
