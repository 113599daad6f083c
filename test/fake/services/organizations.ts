/**
 * AWS Organizations, as far as a scanner uses it: ListAccounts from the
 * management account (or a delegated administrator), 20 accounts a page at
 * most, opaque tokens. Member accounts get AccessDeniedException; an account
 * outside any organization gets AWSOrganizationsNotInUseException.
 */
import * as org from '@aws-sdk/client-organizations';
import type { FakeService } from '../fake.js';
import { FakeError } from '../errors.js';
import { paginate } from '../paging.js';
import { accountWide, type FakeAccount } from '../state.js';
import type { FakeAws } from '../fake.js';
import { addManaged } from '../seeds.js';

export interface FakeOrgAccount {
  Id: string;
  Name: string;
  Email: string;
  /** ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED (`Status` was retired in 2026). */
  State: string;
  JoinedMethod: 'INVITED' | 'CREATED';
  JoinedTimestamp: Date;
}

export interface FakeOrganization {
  id: string;
  management: string;
  delegatedAdmins: Set<string>;
  accounts: FakeOrgAccount[];
}

/** Which organization an account belongs to, and in what role. */
interface OrgMembership {
  org: FakeOrganization;
}

export const organizationsService: FakeService = {
  prefix: 'organizations',
  client: org.OrganizationsClient,
  module: org,
  global: true,
  handlers: {
    ListAccounts(input: org.ListAccountsCommandInput, ctx) {
      const m = accountWide<OrgMembership | undefined>(ctx.account, 'organizations', () => undefined);
      if (!m) throw new FakeError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
      if (m.org.management !== ctx.account.id && !m.org.delegatedAdmins.has(ctx.account.id))
        throw new FakeError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
      if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 20))
        throw new FakeError('InvalidInputException', 'You provided a value that does not match the required pattern: MaxResults must be between 1 and 20.', 400);
      let page;
      try {
        page = paginate(m.org.accounts, input.NextToken, input.MaxResults, 20, 20);
      } catch {
        throw new FakeError('InvalidInputException', 'The NextToken is not valid.', 400);
      }
      return {
        Accounts: page.page.map((a) => ({ ...a, Arn: `arn:aws:organizations::${m.org.management}:account/${m.org.id}/${a.Id}` })),
        ...(page.next ? { NextToken: page.next } : {}),
      };
    },
  },
};

/**
 * Builds an organization in the fake: the management account and members
 * (added to the fake), each member with `OrganizationAccountAccessRole`
 * trusting the management account unless `withoutRole` lists it.
 */
export function createOrganization(
  fake: FakeAws,
  management: FakeAccount,
  members: FakeAccount[],
  options: { withoutRole?: string[]; states?: Record<string, string>; names?: Record<string, string> } = {},
): FakeOrganization {
  const o: FakeOrganization = { id: 'o-exampleorgid', management: management.id, delegatedAdmins: new Set(), accounts: [] };
  for (const a of [management, ...members]) {
    if (!fake.accounts.has(a.id)) fake.addAccount(a);
    accountWide<OrgMembership>(a, 'organizations', () => ({ org: o }));
    o.accounts.push({
      Id: a.id,
      Name: options.names?.[a.id] ?? (a === management ? 'management' : `member-${a.id.slice(-4)}`),
      Email: `aws+${a.id}@example.com`,
      State: options.states?.[a.id] ?? 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2024-01-15T00:00:00Z'),
    });
    if (a !== management && !options.withoutRole?.includes(a.id) && !a.iam.roles.has('OrganizationAccountAccessRole'))
      a.iam.roles.set('OrganizationAccountAccessRole', {
        name: 'OrganizationAccountAccessRole',
        id: `AROAORG${a.id.slice(-6)}EXAMPLE`,
        path: '/',
        created: new Date('2024-01-15T00:00:00Z'),
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${management.id}:root` }, Action: 'sts:AssumeRole' }] },
        attached: [addManaged(a, 'AdministratorAccess')],
        inline: {},
      });
  }
  return o;
}
