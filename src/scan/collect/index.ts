import type { Aws } from '../../aws/clients.js';
import { selectRegions } from '../../aws/regions.js';
import { VERSION } from '../../version.js';
import { SNAPSHOT_SCHEMA, type AccountSnapshot } from '../snapshot.js';
import { notCollected, type Collector, type CollectContext } from './context.js';
import { collectIam } from './iam.js';
import { collectS3 } from './s3.js';
import { collectEc2 } from './ec2.js';
import { collectRds } from './rds.js';
import { collectLambda } from './lambda.js';
import { collectGuardDuty } from './guardduty.js';
import { collectCloudTrail } from './cloudtrail.js';
import { collectCloudWatch } from './cloudwatch.js';
import { collectBudgets } from './budgets.js';
import { collectAccount } from './account.js';
import { collectAccessAnalyzer } from './accessanalyzer.js';

/**
 * Every collector, each filling its own sections of the snapshot. They run in
 * parallel; the client layer bounds calls per service and region.
 */
export const COLLECTORS: Record<string, Collector> = {
  iam: collectIam,
  s3: collectS3,
  ec2: collectEc2,
  rds: collectRds,
  lambda: collectLambda,
  guardduty: collectGuardDuty,
  cloudtrail: collectCloudTrail,
  cloudwatch: collectCloudWatch,
  budgets: collectBudgets,
  account: collectAccount,
  accessanalyzer: collectAccessAnalyzer,
};

export interface CollectOptions {
  regions?: string[];
  progress?: (message: string) => void;
  pollMs?: number;
  /** Only these collectors (by name); all by default. */
  only?: string[];
}

/** A snapshot in which nothing has been read yet: every section says "not collected". */
export function emptySnapshot(account: AccountSnapshot['account'], regions: string[], collectedAt = new Date()): AccountSnapshot {
  const nc = (api: string) => ({ ok: false as const, error: notCollected(api) });
  return {
    schema: SNAPSHOT_SCHEMA,
    demo: false,
    collectedAt: collectedAt.toISOString(),
    tool: `mamori/${VERSION}`,
    account,
    regions,
    skippedRegions: [],
    iam: {
      summary: nc('iam:GetAccountSummary'),
      passwordPolicy: nc('iam:GetAccountPasswordPolicy'),
      credentialReport: nc('iam:GetCredentialReport'),
      authorization: nc('iam:GetAccountAuthorizationDetails'),
      virtualMfaDevices: nc('iam:ListVirtualMFADevices'),
      accessKeys: {},
    },
    account_settings: { securityContact: nc('account:GetAlternateContact') },
    billing: { budgets: nc('budgets:DescribeBudgets') },
    guardduty: {},
    cloudtrail: { trails: nc('cloudtrail:DescribeTrails') },
    metricFilters: {},
    alarms: {},
    snsSubscriptions: {},
    accessAnalyzer: {},
    s3: { accountPublicAccessBlock: nc('s3:GetAccountPublicAccessBlock'), buckets: nc('s3:ListAllMyBuckets') },
    ec2: { securityGroups: {}, instances: {}, ebsEncryptionByDefault: {}, publicSnapshots: {} },
    rds: { publicSnapshots: {} },
    lambda: { functions: {} },
  };
}

/** Reads the account into a snapshot. Only identity and region listing can fail the whole scan. */
export async function collectSnapshot(aws: Aws, options: CollectOptions = {}): Promise<AccountSnapshot> {
  const progress = options.progress ?? (() => {});
  const id = await aws.whoAmI();
  const partition = id.Arn!.split(':')[1]!;
  const { enabled, skipped } = await selectRegions(aws, options.regions);
  progress(`account ${id.Account}: ${enabled.length} enabled regions`);
  const snap = emptySnapshot({ id: id.Account!, partition, callerArn: id.Arn! }, enabled);
  snap.skippedRegions = skipped;
  const ctx: CollectContext = { aws, snap, progress, pollMs: options.pollMs ?? 1000 };
  const selected = Object.entries(COLLECTORS).filter(([name]) => !options.only || options.only.includes(name));
  await Promise.all(
    selected.map(async ([name, collect]) => {
      await collect(ctx);
      progress(`${name}: done`);
    }),
  );
  return snap;
}
