import type { Check } from '../../check.js';
import { rootCredentialResults, rootOnlyCli } from './root-credential.js';

export const rootSigningCertificates: Check = {
  meta: {
    id: 'iam.root-signing-certificates',
    title: 'Root user has no X.509 signing certificates',
    service: 'iam',
    severity: 'high',
    threat:
      'An X.509 signing certificate is a third door into the account beside the password and access keys, rarely watched and not covered by MFA; on root it grants everything root can do.',
  },
  run({ snap }) {
    return rootCredentialResults(snap, {
      noun: 'signing certificate',
      summaryKey: 'AccountSigningCertificatesPresent',
      column: 'cert',
      fix: {
        cli: rootOnlyCli(snap.account.id, 'signing-certificate', 'Certificates[].CertificateId'),
        console: 'Sign in as root → account name → Security credentials → X.509 certificates → delete each certificate.',
      },
    });
  },
};
