import { userKeyNeverUsed } from '../../../src/scan/checks/iam/user-key-never-used.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, KEY_A, ok, setRow, userArn } from '../fixtures.js';

checkTester(userKeyNeverUsed, {
  valid: [
    { name: 'no active keys', expect: [{ status: 'PASS', resource: ACCOUNT }] },
    {
      name: 'active key that has been used',
      setup: (s) => setRow(s, 'gina', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(30), access_key_1_last_used_date: daysAgo(2) }),
      expect: [{ status: 'PASS', resource: userArn('gina') }],
    },
    {
      name: 'an inactive never-used key does not count',
      setup: (s) => setRow(s, 'gina', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(30) }),
      expect: [{ status: 'PASS', resource: ACCOUNT }],
    },
  ],
  invalid: [
    {
      name: 'active key never used (N/A)',
      setup: (s) => {
        setRow(s, 'gina', { password_enabled: 'true', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(3), access_key_1_last_used_date: 'N/A' });
        s.iam.accessKeys.gina = ok([{ id: KEY_A, status: 'Active', created: daysAgo(3) }]);
      },
      expect: [{ status: 'FAIL', resource: userArn('gina'), reason: new RegExp(`${KEY_A} \\(access key 1\\) never used \\(created 3 days ago\\)`), fix: /delete-access-key --user-name gina/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});
