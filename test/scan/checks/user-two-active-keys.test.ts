import { userTwoActiveKeys } from '../../../src/scan/checks/iam/user-two-active-keys.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, KEY_A, KEY_B, ok, setRow, userArn } from '../fixtures.js';

const both = {
  access_key_1_active: 'true',
  access_key_1_last_rotated: daysAgo(100),
  access_key_1_last_used_date: daysAgo(1),
  access_key_2_active: 'true',
  access_key_2_last_rotated: daysAgo(20),
  access_key_2_last_used_date: 'N/A',
};

checkTester(userTwoActiveKeys, {
  valid: [
    { name: 'no active keys', expect: [{ status: 'PASS', resource: ACCOUNT }] },
    {
      name: 'one active and one inactive key',
      setup: (s) => setRow(s, 'frank', { ...both, access_key_2_active: 'false' }),
      expect: [{ status: 'PASS', resource: userArn('frank'), reason: /one active/ }],
    },
  ],
  invalid: [
    {
      name: 'two active keys: the fix retires the one not in use, by id',
      setup: (s) => {
        setRow(s, 'frank', both);
        s.iam.accessKeys.frank = ok([
          { id: KEY_A, status: 'Active', created: daysAgo(100), lastUsed: daysAgo(1) },
          { id: KEY_B, status: 'Active', created: daysAgo(20) },
        ]);
      },
      expect: [
        {
          status: 'FAIL',
          resource: userArn('frank'),
          reason: new RegExp(`${KEY_A}.*, key ${KEY_B} \\(access key 2\\) last used never`),
          fix: new RegExp(`update-access-key --user-name frank --access-key-id ${KEY_B} --status Inactive`),
        },
      ],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});
