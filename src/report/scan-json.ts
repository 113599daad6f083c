/**
 * The scan's JSON report, a versioned contract documented in
 * docs/scan-report.md and docs/schema/scan-report.v1.json. Additive changes
 * keep the version; anything else bumps it.
 */
import type { Finding } from '../scan/check.js';
import { VERSION } from '../version.js';

export const SCAN_REPORT_SCHEMA = 'mamori.scan-report/v1';

export interface ScanReport {
  schema: typeof SCAN_REPORT_SCHEMA;
  tool: string;
  demo: boolean;
  generatedAt: string;
  accounts: { id: string; regions: string[]; skippedRegions: { region: string; reason: string }[]; collectedAt: string }[];
  summary: Record<string, number>;
  findings: Finding[];
}

export function scanReport(input: Omit<ScanReport, 'schema' | 'tool' | 'generatedAt'>, generatedAt = new Date()): ScanReport {
  return { schema: SCAN_REPORT_SCHEMA, tool: `mamori/${VERSION}`, generatedAt: generatedAt.toISOString(), ...input };
}
