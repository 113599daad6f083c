/**
 * Organization scans: list the member accounts, pick the ones to scan, and
 * enter each through a role assumed from the management (or delegated admin)
 * account. Credentials are per member and refreshed before they expire, so a
 * long scan of many accounts does not die half-way on an expired session.
 */
import { ListAccountsCommand, OrganizationsClient, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { Aws, type AwsOptions } from '../aws/clients.js';
import { shared } from '../aws/credentials.js';
import { collectSnapshot, type CollectOptions } from './collect/index.js';
import type { ScanTarget } from './session.js';

export interface OrgAccount {
  id: string;
  name?: string;
  email?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... */
  state: string;
}

export const DEFAULT_ORG_ROLE = 'OrganizationAccountAccessRole';

/**
 * Every account of the organization (all pages). `State` replaced `Status`,
 * which AWS retired on 2026-09-09; older responses only carry `Status`.
 */
export async function listOrgAccounts(aws: Aws): Promise<OrgAccount[]> {
  const out: OrgAccount[] = [];
  for await (const page of aws.pages<ListAccountsCommandOutput>(
    OrganizationsClient,
    aws.homeRegion,
    (NextToken) => new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}), MaxResults: 20 }),
    (o) => o.NextToken,
  )) {
    for (const a of page.Accounts ?? [])
      out.push({ id: a.Id!, ...(a.Name ? { name: a.Name } : {}), ...(a.Email ? { email: a.Email } : {}), state: a.State ?? a.Status ?? 'UNKNOWN' });
  }
  return out;
}

export class AccountSelectionError extends Error {}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * ACTIVE accounts, narrowed by `--accounts` and `--exclude-accounts`. An id
 * asked for that is not an ACTIVE member is an error rather than a silent
 * gap in the report.
 */
export function selectAccounts(all: OrgAccount[], include?: string[], exclude?: string[]): OrgAccount[] {
  for (const id of [...(include ?? []), ...(exclude ?? [])])
    if (!ACCOUNT_ID.test(id)) throw new AccountSelectionError(`"${id}" is not an AWS account id (12 digits)`);
  const active = all.filter((a) => a.state === 'ACTIVE');
  if (include?.length) {
    const byId = new Map(all.map((a) => [a.id, a]));
    for (const id of include) {
      const a = byId.get(id);
      if (!a) throw new AccountSelectionError(`account ${id} is not a member of the organization`);
      if (a.state !== 'ACTIVE') throw new AccountSelectionError(`account ${id} is ${a.state}, not ACTIVE`);
    }
  }
  const want = include?.length ? new Set(include) : undefined;
  const drop = new Set(exclude ?? []);
  return active.filter((a) => (!want || want.has(a.id)) && !drop.has(a.id)).sort((a, b) => a.id.localeCompare(b.id));
}

export function memberRoleArn(partition: string, account: string, role: string): string {
  const name = role.replace(/^\/+/, '');
  return `arn:${partition}:iam::${account}:role/${name}`;
}

/**
 * Credentials for a member account: AssumeRole through the management
 * account's client layer (so failures are classified like any other call),
 * resolved once up front so that an unassumable role is known before the scan
 * of that account starts.
 */
export async function assumeMember(
  base: Aws,
  roleArn: string,
  externalId: string | undefined,
  options: Omit<AwsOptions, 'credentials'> = {},
): Promise<Aws> {
  const provider = shared(async () => {
    const out = await base.send<AssumeRoleCommandOutput>(
      STSClient,
      base.homeRegion,
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mamori-scan', ...(externalId ? { ExternalId: externalId } : {}), DurationSeconds: 3600 }),
    );
    const c = out.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
      ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
    };
  });
  await provider();
  return new Aws({ ...options, region: base.homeRegion, credentials: provider });
}

export interface MemberOptions {
  externalId?: string;
  /** Calls in flight per service and region inside the member account. */
  concurrency?: number;
  collect?: CollectOptions;
}

/**
 * A member account as a scan target: enter it through the role, collect,
 * and close its clients, so that nothing of the account outlives its turn.
 */
export function memberTarget(base: Aws, account: OrgAccount | { id: string; name?: string }, roleArn: string, o: MemberOptions = {}): ScanTarget {
  return {
    account: account.id,
    ...(account.name ? { name: account.name } : {}),
    resource: roleArn,
    async open() {
      const aws = await assumeMember(base, roleArn, o.externalId, o.concurrency ? { concurrency: o.concurrency } : {});
      try {
        return await collectSnapshot(aws, o.collect ?? {});
      } finally {
        aws.destroy();
      }
    },
  };
}
