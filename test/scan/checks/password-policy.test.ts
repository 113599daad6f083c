import { passwordPolicy } from '../../../src/scan/checks/iam/password-policy.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok, STRONG_PASSWORD_POLICY } from '../fixtures.js';

const strong = STRONG_PASSWORD_POLICY;

checkTester(passwordPolicy, {
  valid: [{ name: 'strong policy', expect: [{ status: 'PASS', resource: ACCOUNT, reason: /16 characters/ }] }],
  invalid: [
    {
      name: 'no policy at all',
      setup: (s) => (s.iam.passwordPolicy = ok(null)),
      expect: [{ status: 'FAIL', resource: ACCOUNT, reason: /No password policy/, fix: /update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters/ }],
    },
    {
      name: 'short, no reuse prevention: each weakness named',
      setup: (s) => (s.iam.passwordPolicy = ok({ ...strong, MinimumPasswordLength: 8, PasswordReusePrevention: undefined })),
      expect: [{ status: 'FAIL', reason: /minimum length 8 \(< 14, CIS 1\.7\); no password reuse prevention/ }],
    },
    {
      name: 'reuse prevention below 24 and no symbols',
      setup: (s) => (s.iam.passwordPolicy = ok({ ...strong, PasswordReusePrevention: 5, RequireSymbols: false })),
      expect: [{ status: 'FAIL', reason: /remembers only 5 passwords[^]*symbols not required/ }],
    },
    {
      name: 'the fix keeps stricter settings it would otherwise reset',
      setup: (s) => (s.iam.passwordPolicy = ok({ ...strong, MinimumPasswordLength: 20, RequireNumbers: false, MaxPasswordAge: 90, HardExpiry: true })),
      expect: [{ status: 'FAIL', reason: /^Password policy is weak: numbers not required\.$/, fix: /--minimum-password-length 20 [^]*--max-password-age 90 --hard-expiry/ }],
    },
    { name: 'policy unreadable', setup: (s) => (s.iam.passwordPolicy = denied('iam:GetAccountPasswordPolicy')), expect: [{ status: 'NOT_ASSESSED', reason: /GetAccountPasswordPolicy/ }] },
  ],
});
