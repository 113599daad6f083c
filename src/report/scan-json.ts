/**
 * The scan's JSON report, a versioned contract documented in
 * docs/scan-report.md and docs/schema/scan-report.v1.json. Additive changes
 * keep the version; anything else bumps it.
 */
import type { Finding } from '../scan/check.js';
import { VERSION } from '../version.js';

export const SCAN_REPORT_SCHEMA = 'mamori.scan-report/v1';

export interface ReportAccount {
  id: string;
  regions: string[];
  skippedRegions: { region: string; reason: string }[];
  collectedAt: string;
  /** Organization scans: the member account's name. */
  name?: string;
  /** `complete`, or `NOT_ASSESSED` when the account could not be entered (see `reason`). */
  status?: 'complete' | 'NOT_ASSESSED';
  reason?: string;
  /** Counts for this account alone. */
  summary?: Record<string, number>;
}

/** A finding that was FAIL in the previous scan and no longer is. */
export interface ResolvedFinding {
  id: string;
  checkId: string;
  severity: string;
  account: string;
  region: string;
  resource: string;
  title: string;
  /** PASS, or "gone" when the resource no longer exists. */
  now: string;
}

export interface ReportChanges {
  /** The scan compared with: the previous complete scan of the same accounts. */
  previousScanId: number;
  previousScanAt: string;
  /** Ids of findings failing now that were not failing then. */
  new: string[];
  resolved: ResolvedFinding[];
  unchanged: number;
  /** Failing then, suppressed now. */
  suppressed: number;
  /** Failing then, not readable now (NOT_ASSESSED or the account not entered): neither fixed nor known open. */
  notReassessed: number;
}

export interface ReportSuppressions {
  file: string;
  active: number;
  expired: { source: string; reason: string; expires: string }[];
}

export interface ScanReport {
  schema: typeof SCAN_REPORT_SCHEMA;
  tool: string;
  demo: boolean;
  generatedAt: string;
  /** The scan's id in the store (absent with --no-store). */
  scanId?: number;
  /** `org` for `scan --org`. */
  kind?: 'account' | 'org';
  accounts: ReportAccount[];
  summary: Record<string, number>;
  findings: Finding[];
  changes?: ReportChanges;
  suppressions?: ReportSuppressions;
}

export function scanReport(input: Omit<ScanReport, 'schema' | 'tool' | 'generatedAt'>, generatedAt = new Date()): ScanReport {
  return { schema: SCAN_REPORT_SCHEMA, tool: `mamori/${VERSION}`, generatedAt: generatedAt.toISOString(), ...input };
}
