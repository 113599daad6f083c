import { rootMfaEnabled } from '../../../src/scan/checks/iam/root-mfa-enabled.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(rootMfaEnabled, {
  valid: [{ name: 'root has MFA', expect: [{ status: 'PASS' }] }],
  invalid: [
    {
      name: 'no MFA on root',
      setup: (s) => (s.iam.summary = ok({ AccountMFAEnabled: 0 })),
      expect: [{ status: 'FAIL', resource: /:root$/, fix: /Assign MFA device/ }],
    },
    {
      name: 'summary unreadable is NOT_ASSESSED, never PASS',
      setup: (s) => (s.iam.summary = denied('iam:GetAccountSummary')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on iam:GetAccountSummary/ }],
    },
  ],
});
