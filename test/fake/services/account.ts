import * as acct from '@aws-sdk/client-account';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { accountWide, type FakeAccount } from '../state.js';

export type AlternateContactType = 'BILLING' | 'OPERATIONS' | 'SECURITY';
export interface FakeContact {
  Name: string;
  Title: string;
  EmailAddress: string;
  PhoneNumber: string;
}
export interface FakeAccountSettings {
  alternateContacts: Partial<Record<AlternateContactType, FakeContact>>;
}

export const accountSettings = (a: FakeAccount) => accountWide<FakeAccountSettings>(a, 'account', () => ({ alternateContacts: {} }));

export const accountService: FakeService = {
  prefix: 'account',
  client: acct.AccountClient,
  module: acct,
  global: true,
  handlers: {
    GetAlternateContact(input, ctx) {
      const type = input.AlternateContactType as AlternateContactType;
      if (!['BILLING', 'OPERATIONS', 'SECURITY'].includes(type)) throw new FakeError('ValidationException', 'Invalid AlternateContactType', 400);
      if (input.AccountId && input.AccountId !== ctx.account.id) throw new FakeError('AccessDeniedException', 'Access to the account is denied', 403);
      const c = accountSettings(ctx.account).alternateContacts[type];
      if (!c) throw new FakeError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404);
      return { AlternateContact: { ...c, AlternateContactType: type } };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

export function setSecurityContact(account: FakeAccount, contact: Partial<FakeContact> = {}): void {
  accountSettings(account).alternateContacts.SECURITY = {
    Name: 'Security team',
    Title: 'Security',
    EmailAddress: 'security@example.com',
    PhoneNumber: '+1-555-0100',
    ...contact,
  };
}
