import { userConsoleMfa } from '../../../src/scan/checks/iam/user-console-mfa.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, hardened, NOW, ok, reportRow, setRow, userArn } from '../fixtures.js';

checkTester(userConsoleMfa, {
  valid: [
    { name: 'console user with MFA', expect: [{ status: 'PASS', resource: userArn('alice') }] },
    {
      name: 'root is not counted among console users (the Prowler false result), even if its row said password enabled',
      setup: (s) => setRow(s, '<root_account>', { password_enabled: 'true', mfa_active: 'false', password_last_used: daysAgo(1) }),
      expect: [{ status: 'PASS', resource: userArn('alice') }],
    },
    {
      name: 'no console users at all: one account-wide PASS',
      setup: (s) => (s.iam.credentialReport = ok([reportRow('<root_account>'), reportRow('ci-bot', { access_key_1_active: 'true' })])),
      expect: [{ status: 'PASS', resource: ACCOUNT, reason: /No IAM user has a console password/ }],
    },
  ],
  invalid: [
    {
      name: 'console password without MFA',
      setup: (s) => setRow(s, 'bob', { password_enabled: 'true', password_last_used: daysAgo(1), mfa_active: 'false' }),
      expect: [
        { status: 'FAIL', resource: userArn('bob'), reason: /password alone/, fix: /delete-login-profile --user-name bob\n[^]*enable-mfa-device --user-name bob --serial-number arn:aws:iam::123456789012:mfa\/bob/ },
        { status: 'PASS', resource: userArn('alice') },
      ],
    },
    {
      name: 'user names are quoted in the fix',
      setup: (s) => setRow(s, 'ops team', { password_enabled: 'true', mfa_active: 'false' }),
      expect: [{ status: 'FAIL', fix: /--user-name 'ops team'/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});

it('iam.user-console-mfa never reports on root', () => {
  const snap = hardened();
  setRow(snap, '<root_account>', { password_enabled: 'true', mfa_active: 'false', password_last_used: daysAgo(1) });
  const results = userConsoleMfa.run({ snap, now: NOW });
  assert.deepEqual(results.map((r) => r.resource), [userArn('alice')]);
});
