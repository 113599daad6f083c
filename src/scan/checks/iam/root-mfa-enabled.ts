import { fail, pass, withRead, type Check } from '../../check.js';

export const rootMfaEnabled: Check = {
  meta: {
    id: 'iam.root-mfa-enabled',
    title: 'Root user has MFA enabled',
    service: 'iam',
    severity: 'critical',
    threat:
      'Root can do everything, cannot be restricted by policy, and can close the account. Without MFA, a phished or reused root password is a complete takeover.',
    cis: '1.4',
    pci: '8.4.1',
  },
  run({ snap }) {
    const resource = `arn:${snap.account.partition}:iam::${snap.account.id}:root`;
    return withRead(snap.iam.summary, resource, 'global', (summary) => {
      // AccountMFAEnabled is the authoritative flag; the credential report can lag by up to 4 hours.
      if (summary.AccountMFAEnabled === 1) return [pass(resource, 'global', 'Root has at least one MFA device.')];
      return [
        fail(resource, 'global', 'Root has no MFA device: its password alone opens the account.', {
          console:
            'Sign in as root → account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device. Prefer a FIDO security key, and register a second device (up to 8 are allowed) so a lost phone does not lock you out.',
        }),
      ];
    });
  },
};
