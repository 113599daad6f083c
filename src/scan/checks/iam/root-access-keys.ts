import type { Check } from '../../check.js';
import { rootCredentialResults, rootOnlyCli } from './root-credential.js';

export const rootAccessKeys: Check = {
  meta: {
    id: 'iam.root-access-keys',
    title: 'Root user has no access keys',
    service: 'iam',
    severity: 'critical',
    threat:
      'A root access key is a password that MFA cannot protect and no policy can restrict: leaked in a script or a repository, it lets an attacker create users, mine crypto in every region and close the account.',
    cis: '1.3',
    pci: '8.2.2',
  },
  run({ snap }) {
    return rootCredentialResults(snap, {
      noun: 'access key',
      summaryKey: 'AccountAccessKeysPresent',
      column: 'access_key',
      fix: {
        cli: rootOnlyCli(snap.account.id, 'access-key', 'AccessKeyMetadata[].AccessKeyId'),
        console:
          'Sign in as root → account name → Security credentials → Access keys → for each key: Actions → Deactivate, then Delete. Give automation an IAM role or a least-privilege IAM user instead.',
      },
    });
  },
};
