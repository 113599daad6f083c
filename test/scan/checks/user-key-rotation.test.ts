import { userKeyRotation } from '../../../src/scan/checks/iam/user-key-rotation.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, KEY_A, KEY_B, ok, setRow, userArn } from '../fixtures.js';

const key1 = (age: number) => ({ access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(age), access_key_1_last_used_date: daysAgo(1) });

checkTester(userKeyRotation, {
  valid: [
    { name: 'no active keys: one account-wide PASS', expect: [{ status: 'PASS', resource: ACCOUNT }] },
    { name: 'key 30 days old', setup: (s) => setRow(s, 'carol', key1(30)), expect: [{ status: 'PASS', resource: userArn('carol') }] },
    {
      name: 'an old key that is inactive does not count',
      setup: (s) => setRow(s, 'carol', { ...key1(10), access_key_2_active: 'false', access_key_2_last_rotated: daysAgo(500) }),
      expect: [{ status: 'PASS', resource: userArn('carol') }],
    },
  ],
  invalid: [
    {
      name: 'key 120 days old: fix names the user and the key id',
      setup: (s) => {
        setRow(s, 'carol', key1(120));
        s.iam.accessKeys.carol = ok([{ id: KEY_A, status: 'Active', created: daysAgo(120) }]);
      },
      expect: [
        {
          status: 'FAIL',
          resource: userArn('carol'),
          reason: new RegExp(`key ${KEY_A} \\(access key 1\\) 120 days old`),
          fix: new RegExp(`create-access-key --user-name carol\n[^]*update-access-key --user-name carol --access-key-id ${KEY_A} --status Inactive[^]*delete-access-key --user-name carol --access-key-id ${KEY_A}`),
        },
      ],
    },
    {
      name: 'two active keys: the id is matched by creation date, not guessed',
      setup: (s) => {
        setRow(s, 'dave', { ...key1(10), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(200), access_key_2_last_used_date: daysAgo(3) });
        s.iam.accessKeys.dave = ok([
          { id: KEY_A, status: 'Active', created: daysAgo(10) },
          { id: KEY_B, status: 'Active', created: daysAgo(200) },
        ]);
      },
      expect: [{ status: 'FAIL', resource: userArn('dave'), reason: new RegExp(`key ${KEY_B} \\(access key 2\\) 200 days`), fix: /already holds two keys[^]*--access-key-id AKIAI44QH8DHBEXAMPLE --status Inactive/ }],
    },
    {
      name: 'key ids unreadable: the fix looks the key up by its creation time instead of a placeholder',
      setup: (s) => {
        setRow(s, 'carol', key1(120));
        s.iam.accessKeys.carol = denied('iam:ListAccessKeys');
      },
      expect: [{ status: 'FAIL', reason: /access key 1 120 days/, fix: /KEY_ID=\$\(aws iam list-access-keys --user-name carol [^]*grep -F [^]*--access-key-id "\$KEY_ID" --status Inactive/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});
