import { rootSigningCertificates } from '../../../src/scan/checks/iam/root-signing-certificates.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, ok, setRow } from '../fixtures.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

checkTester(rootSigningCertificates, {
  valid: [{ name: 'no root signing certificates', expect: [{ status: 'PASS', resource: ROOT }] }],
  invalid: [
    {
      name: 'root has an active signing certificate',
      setup: (s) => {
        s.iam.summary = ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 1 });
        setRow(s, '<root_account>', { cert_2_active: 'true', cert_2_last_rotated: daysAgo(900) });
      },
      expect: [{ status: 'FAIL', resource: ROOT, reason: /signing certificate 2 active/, fix: /delete-signing-certificate --certificate-id "\$id"/ }],
    },
    {
      name: 'summary without the field is NOT_ASSESSED, not a PASS',
      setup: (s) => (s.iam.summary = ok({ AccountMFAEnabled: 1 })),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccountSigningCertificatesPresent/ }],
    },
    {
      name: 'summary and report unreadable',
      setup: (s) => {
        s.iam.summary = denied('iam:GetAccountSummary');
        s.iam.credentialReport = denied('iam:GetCredentialReport');
      },
      expect: [{ status: 'NOT_ASSESSED' }],
    },
  ],
});
