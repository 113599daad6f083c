import { userKeyUnused } from '../../../src/scan/checks/iam/user-key-unused.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, KEY_A, ok, setRow, userArn } from '../fixtures.js';

const key = (created: number, used: number | 'N/A') => ({
  access_key_1_active: 'true',
  access_key_1_last_rotated: daysAgo(created),
  access_key_1_last_used_date: used === 'N/A' ? 'N/A' : daysAgo(used),
});

checkTester(userKeyUnused, {
  valid: [
    { name: 'no active keys', expect: [{ status: 'PASS', resource: ACCOUNT }] },
    { name: 'key used 10 days ago', setup: (s) => setRow(s, 'erin', key(300, 10)), expect: [{ status: 'PASS', resource: userArn('erin') }] },
    { name: 'new key never used yet (10 days)', setup: (s) => setRow(s, 'erin', key(10, 'N/A')), expect: [{ status: 'PASS' }] },
    {
      name: 'GetAccessKeyLastUsed is newer than the report: the later use counts',
      setup: (s) => {
        setRow(s, 'erin', key(300, 50));
        s.iam.accessKeys.erin = ok([{ id: KEY_A, status: 'Active', created: daysAgo(300), lastUsed: daysAgo(1) }]);
      },
      expect: [{ status: 'PASS' }],
    },
  ],
  invalid: [
    {
      name: 'key last used 50 days ago',
      setup: (s) => {
        setRow(s, 'erin', key(300, 50));
        s.iam.accessKeys.erin = ok([{ id: KEY_A, status: 'Active', created: daysAgo(300), lastUsed: daysAgo(50) }]);
      },
      expect: [{ status: 'FAIL', resource: userArn('erin'), reason: new RegExp(`${KEY_A}.*last used 50 days ago`), fix: new RegExp(`update-access-key --user-name erin --access-key-id ${KEY_A} --status Inactive`) }],
    },
    {
      name: 'key never used, created 60 days ago, counts as unused',
      setup: (s) => setRow(s, 'erin', key(60, 'N/A')),
      expect: [{ status: 'FAIL', reason: /never used since its creation 60 days ago/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
  ],
});
