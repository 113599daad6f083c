import { userUnusedCredentials } from '../../../src/scan/checks/iam/user-unused-credentials.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, ok, reportRow, setRow, userArn } from '../fixtures.js';

checkTester(userUnusedCredentials, {
  valid: [
    { name: 'password used 2 days ago', expect: [{ status: 'PASS', resource: userArn('alice') }] },
    {
      name: 'password set 10 days ago and not used yet',
      setup: (s) => setRow(s, 'hana', { password_enabled: 'true', password_last_used: 'N/A', password_last_changed: daysAgo(10) }),
      expect: [{ status: 'PASS', resource: userArn('hana') }],
    },
    {
      name: 'root is not judged here even if unused for long',
      setup: (s) => setRow(s, '<root_account>', { password_enabled: 'true', password_last_used: daysAgo(400) }),
      expect: [{ status: 'PASS', resource: userArn('alice') }],
    },
    {
      name: 'no console users',
      setup: (s) => (s.iam.credentialReport = ok([reportRow('<root_account>')])),
      expect: [{ status: 'PASS', resource: ACCOUNT }],
    },
  ],
  invalid: [
    {
      name: 'password last used 60 days ago',
      setup: (s) => setRow(s, 'alice', { password_last_used: daysAgo(60) }),
      expect: [{ status: 'FAIL', resource: userArn('alice'), reason: /last used 60 days ago/, fix: /delete-login-profile --user-name alice/ }],
    },
    {
      name: 'password never used since it was set 100 days ago',
      setup: (s) => setRow(s, 'hana', { password_enabled: 'true', password_last_used: 'N/A', password_last_changed: daysAgo(100) }),
      expect: [{ status: 'FAIL', resource: userArn('hana'), reason: /never used since it was set 100 days ago/ }],
    },
    {
      name: "'no_information' (not used since tracking began) counts as never used",
      setup: (s) => setRow(s, 'ivan', { password_enabled: 'true', password_last_used: 'no_information', password_last_changed: daysAgo(3000) }),
      expect: [{ status: 'FAIL', resource: userArn('ivan'), reason: /never used/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});
