/**
 * A check is a module with its metadata beside its logic, like an ESLint rule:
 * `meta` says what it is and why it matters, `run` is a pure function of the
 * account snapshot. One file per check under scan/checks/<service>/.
 */
import { createHash } from 'node:crypto';
import type { AccountSnapshot, Read } from './snapshot.js';
import { describeFailure, type AwsFailure } from '../aws/errors.js';

export type Status = 'FAIL' | 'PASS' | 'NOT_ASSESSED' | 'MANUAL' | 'SUPPRESSED';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface CheckMeta {
  /** `<service>.<what>`, stable forever: suppressions and history key on it. */
  id: string;
  title: string;
  service: string;
  severity: Severity;
  /** Why it matters, tied to the threat it enables (shown beside every FAIL). */
  threat: string;
  /** CIS AWS Foundations Benchmark v5.0 control id. */
  cis?: string;
  /** PCI DSS v4.0 requirement. */
  pci?: string;
}

export interface Fix {
  /** Exact AWS CLI command(s), names filled in and shell-quoted. */
  cli?: string;
  /** Console steps where no CLI exists. */
  console?: string;
}

export interface Finding {
  /** Stable across scans: hash of check, account, region and resource. */
  id: string;
  checkId: string;
  status: Status;
  severity: Severity;
  account: string;
  region: string;
  resource: string;
  title: string;
  reason: string;
  fix: Fix;
  threat: string;
  service: string;
  cis?: string;
  pci?: string;
  /** Ids of findings this one is built from (takeover paths). */
  related?: string[];
  /** Ranking score; takeover paths carry the highest. */
  score?: number;
  details?: Record<string, unknown>;
  /** SUPPRESSED findings: the config entry that suppressed it and the status it had. */
  suppression?: { reason: string; expires?: string; source: string; status: string };
}

/** What a check returns: the engine adds ids, meta and the account. */
export interface Result {
  status: Status;
  resource: string;
  region: string;
  reason: string;
  fix?: Fix;
  severity?: Severity;
  details?: Record<string, unknown>;
}

export interface CheckContext {
  snap: AccountSnapshot;
  /** The snapshot's collection time: ages are computed against it. */
  now: Date;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): Result[];
}

export function findingId(checkId: string, account: string, region: string, resource: string): string {
  return createHash('sha256').update(`${checkId}\0${account}\0${region}\0${resource}`).digest('hex').slice(0, 16);
}

// ---- helpers shared by checks ---------------------------------------------

export const pass = (resource: string, region: string, reason: string, details?: Record<string, unknown>): Result => ({
  status: 'PASS',
  resource,
  region,
  reason,
  ...(details ? { details } : {}),
});

export const fail = (
  resource: string,
  region: string,
  reason: string,
  fix: Fix,
  extra: { severity?: Severity; details?: Record<string, unknown> } = {},
): Result => ({ status: 'FAIL', resource, region, reason, fix, ...extra });

export const manual = (resource: string, region: string, reason: string, fix: Fix): Result => ({
  status: 'MANUAL',
  resource,
  region,
  reason,
  fix,
});

export const notAssessed = (resource: string, region: string, error: AwsFailure | string): Result => ({
  status: 'NOT_ASSESSED',
  resource,
  region,
  reason: `Could not read the data: ${typeof error === 'string' ? error : describeFailure(error)}`,
});

/**
 * Runs `body` on a read's value, or reports NOT_ASSESSED for it. This is the
 * rule that keeps an unreadable check from ever passing.
 */
export function withRead<T>(read: Read<T> | undefined, resource: string, region: string, body: (value: T) => Result[]): Result[] {
  if (!read) return [notAssessed(resource, region, 'not collected')];
  if (!read.ok) return [notAssessed(resource, region, read.error)];
  return body(read.value);
}

/** Same, once per enabled region of the snapshot; `body` also gets the region's resource. */
export function perRegion<T>(
  ctx: CheckContext,
  reads: Record<string, Read<T>>,
  resource: (region: string) => string,
  body: (value: T, region: string, resource: string) => Result[],
): Result[] {
  return ctx.snap.regions.flatMap((region) => {
    const r = resource(region);
    return withRead(reads[region], r, region, (v) => body(v, region, r));
  });
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of this snapshot's account. */
export function regionalArn(snap: AccountSnapshot, service: string, region: string, resource: string): string {
  return `arn:${snap.account.partition}:${service}:${region}:${snap.account.id}:${resource}`;
}

/** Whole days between an ISO date (or undefined) and now. */
export function daysSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return Math.floor((now.getTime() - t) / 86_400_000);
}
