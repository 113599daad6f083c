/**
 * An organization in the fake: a management account (the example key's
 * owner), a vulnerable and a hardened member, a member whose role is missing
 * (cannot be assumed) and a suspended one (never scanned).
 */
import { createFake, EXAMPLE_CREDENTIALS, emptyAccount, type FakeAws } from '../fake/index.js';
import { hardenedAccount, vulnerableAccount } from '../fake/seeds.js';
import { createOrganization } from '../fake/services/organizations.js';

export const MGMT = '111122223333';
export const VULN = '222233334444';
export const HARD = '333344445555';
export const NO_ROLE = '444455556666';
export const SUSPENDED = '555566667777';

export function orgFake(): FakeAws {
  const fake = createFake([]);
  const mgmt = emptyAccount(MGMT, 'auditor');
  fake.addAccount(mgmt, EXAMPLE_CREDENTIALS.accessKeyId);
  createOrganization(fake, mgmt, [vulnerableAccount(VULN), hardenedAccount(HARD), hardenedAccount(NO_ROLE), hardenedAccount(SUSPENDED)], {
    withoutRole: [NO_ROLE],
    states: { [SUSPENDED]: 'SUSPENDED' },
    names: { [VULN]: 'legacy-prod', [HARD]: 'platform' },
  });
  return fake;
}
