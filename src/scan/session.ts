/**
 * A scan of one or many accounts, streamed to the store: each account is
 * collected, evaluated, suppressed and written as soon as it finishes, then
 * dropped from memory. A bounded number of accounts run at once. An account
 * that cannot be entered is recorded NOT_ASSESSED with the reason, never
 * skipped. Accounts still pending when the scan stops (Ctrl-C, crash) are
 * what `--resume` picks up.
 */
import pLimit from 'p-limit';
import { AwsCallError, describeFailure } from '../aws/errors.js';
import type { ScanStore } from '../store/scans.js';
import { findingId, type Finding } from './check.js';
import { evaluateSnapshot, summarize } from './engine.js';
import type { AccountSnapshot } from './snapshot.js';

export interface ScanTarget {
  account: string;
  name?: string;
  /** Where the account's own role lives, for the NOT_ASSESSED row when it cannot be entered. */
  resource?: string;
  open(): Promise<AccountSnapshot>;
}

/** Thrown by `open` when the account cannot be entered at all. */
export class AccountUnreachable extends Error {}

export interface SessionOptions {
  store: ScanStore;
  scanId: number;
  parallelAccounts?: number;
  /** Turns matching findings into SUPPRESSED (see suppress.ts). */
  suppress?: (findings: Finding[], snap: AccountSnapshot) => Finding[];
  progress?: (message: string) => void;
  /** Stops starting new accounts; those already running finish and are recorded. */
  signal?: AbortSignal;
  /** Called after each account is recorded (tests interrupt a scan with it). */
  onAccountDone?: (account: string) => void;
}

export const MEMBER_ACCESS_CHECK = {
  id: 'org.member-access',
  title: 'Member account can be scanned',
  service: 'organizations',
  severity: 'high' as const,
  threat:
    'An account mamori cannot enter is an account nobody is checking: an attacker holding a key there is not seen by this scan.',
};

export function memberAccessFinding(target: ScanTarget, reason: string): Finding {
  const resource = target.resource ?? target.account;
  return {
    id: findingId(MEMBER_ACCESS_CHECK.id, target.account, 'global', resource),
    checkId: MEMBER_ACCESS_CHECK.id,
    status: 'NOT_ASSESSED',
    severity: MEMBER_ACCESS_CHECK.severity,
    account: target.account,
    region: 'global',
    resource,
    title: MEMBER_ACCESS_CHECK.title,
    reason,
    fix: {
      console: `Create the role ${resource.split('/').pop()} in account ${target.account} with a trust policy allowing the scanning account (or pass --org-role with the role that exists there), then run the scan again.`,
    },
    threat: MEMBER_ACCESS_CHECK.threat,
    service: MEMBER_ACCESS_CHECK.service,
  };
}

function unreachableReason(err: unknown): string {
  if (err instanceof AwsCallError) return `Could not enter the account: ${describeFailure(err.failure)}`;
  return `Could not scan the account: ${(err as Error)?.message ?? String(err)}`;
}

async function scanOne(target: ScanTarget, o: SessionOptions): Promise<void> {
  let snap: AccountSnapshot;
  try {
    snap = await target.open();
  } catch (err) {
    const reason = unreachableReason(err);
    const findings = [memberAccessFinding(target, reason)];
    o.store.recordAccount(
      o.scanId,
      { account: target.account, ...(target.name ? { name: target.name } : {}), status: 'not_assessed', reason, regions: [], skippedRegions: [], collectedAt: new Date().toISOString(), summary: summarize(findings) },
      findings,
    );
    o.progress?.(`account ${target.account}: not assessed`);
    return;
  }
  let findings = evaluateSnapshot(snap);
  if (o.suppress) findings = o.suppress(findings, snap);
  o.store.recordAccount(
    o.scanId,
    {
      account: snap.account.id,
      ...(target.name ? { name: target.name } : {}),
      status: 'complete',
      regions: snap.regions,
      skippedRegions: snap.skippedRegions,
      collectedAt: snap.collectedAt,
      summary: summarize(findings),
    },
    findings,
  );
  o.progress?.(`account ${snap.account.id}: done`);
}

/** Runs the targets; returns false when it stopped early on the signal. */
export async function runSession(targets: ScanTarget[], o: SessionOptions): Promise<boolean> {
  const limit = pLimit(Math.max(1, o.parallelAccounts ?? 4));
  await Promise.all(
    targets.map((t) =>
      limit(async () => {
        if (o.signal?.aborted) return;
        await scanOne(t, o);
        o.onAccountDone?.(t.account);
      }),
    ),
  );
  return !o.signal?.aborted;
}

/** Closes a session: the combined summary goes on the scan row. */
export function finishSession(store: ScanStore, scanId: number): Record<string, number> {
  // Account summaries add up (counts by status and severity): no need to reload every finding.
  const summary: Record<string, number> = { total: 0, takeoverPaths: 0 };
  for (const a of store.accounts(scanId)) for (const [k, v] of Object.entries(a.summary ?? {})) summary[k] = (summary[k] ?? 0) + v;
  const regions = [...new Set(store.accounts(scanId).flatMap((a) => a.regions))].sort();
  store.finish(scanId, 'complete', summary, regions);
  return summary;
}
