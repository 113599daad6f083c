/**
 * Scan findings as OCSF Detection Findings (class_uid 2004, schema 1.3.0): the
 * format AWS Security Hub and Prowler exchange. One event per finding except
 * PASS, as a JSON array. Field choices are documented in docs/scan-report.md.
 */
import type { Finding, Severity } from '../scan/check.js';
import type { ScanReport } from './scan-json.js';
import { VERSION } from '../version.js';

export const OCSF_VERSION = '1.3.0';
const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { info: 'Informational', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export interface OcsfDetectionFinding {
  activity_id: 1;
  activity_name: 'Create';
  category_uid: 2;
  category_name: 'Findings';
  class_uid: 2004;
  class_name: 'Detection Finding';
  type_uid: 200401;
  type_name: 'Detection Finding: Create';
  time: number;
  time_dt: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_code: string;
  status_detail: string;
  is_alert: boolean;
  message: string;
  metadata: { version: string; product: { name: string; vendor_name: string; version: string }; event_code: string; uid: string; profiles: string[] };
  finding_info: { uid: string; title: string; desc: string; types: string[]; created_time: number; related_events?: { uid: string }[] };
  cloud: { provider: 'AWS'; region: string; account: { uid: string; type: 'AWS Account'; type_id: 10 } };
  resources: { uid: string; type: string; region: string; cloud_partition?: string; group: { name: string } }[];
  remediation: { desc: string; references?: string[] };
  unmapped: Record<string, unknown>;
}

function partition(arn: string): string | undefined {
  return /^arn:([^:]+):/.exec(arn)?.[1];
}

function resourceType(f: Finding): string {
  const m = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:([^/:]+)/.exec(f.resource);
  return m ? `${m[1]}:${m[2]}` : f.service;
}

export function toOcsf(f: Finding, time: Date): OcsfDetectionFinding {
  const t = time.getTime();
  const suppressed = f.status === 'SUPPRESSED';
  const region = f.region === 'global' ? 'global' : f.region;
  const p = partition(f.resource);
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    time: t,
    time_dt: time.toISOString(),
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY_NAME[f.severity],
    // Finding lifecycle: 1 New, 3 Suppressed (OCSF finding.status_id).
    status_id: suppressed ? 3 : 1,
    status: suppressed ? 'Suppressed' : 'New',
    status_code: f.status,
    status_detail: f.reason,
    is_alert: f.status === 'FAIL',
    message: f.reason,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'mamori', vendor_name: 'mamori', version: VERSION },
      event_code: f.checkId,
      uid: f.id,
      profiles: ['cloud'],
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.threat,
      types: [f.service, ...(f.checkId.startsWith('takeover.') ? ['takeover-path'] : [])],
      created_time: t,
      ...(f.related?.length ? { related_events: f.related.map((uid) => ({ uid })) } : {}),
    },
    cloud: { provider: 'AWS', region, account: { uid: f.account, type: 'AWS Account', type_id: 10 } },
    resources: [{ uid: f.resource, type: resourceType(f), region, ...(p ? { cloud_partition: p } : {}), group: { name: f.service } }],
    remediation: { desc: f.fix.cli ?? f.fix.console ?? '' },
    unmapped: {
      check_id: f.checkId,
      ...(f.cis ? { cis_aws_foundations_v5: f.cis } : {}),
      ...(f.pci ? { pci_dss_v4: f.pci } : {}),
      ...(f.fix.cli ? { fix_cli: f.fix.cli } : {}),
      ...(f.fix.console ? { fix_console: f.fix.console } : {}),
      ...(f.suppression ? { suppression_reason: f.suppression.reason, suppressed_by: f.suppression.source } : {}),
      ...(f.score !== undefined ? { score: f.score } : {}),
    },
  };
}

export function renderScanOcsf(report: ScanReport): OcsfDetectionFinding[] {
  const time = new Date(report.generatedAt);
  return report.findings.filter((f) => f.status !== 'PASS').map((f) => toOcsf(f, time));
}
