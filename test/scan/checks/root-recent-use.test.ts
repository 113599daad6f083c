import { rootRecentUse } from '../../../src/scan/checks/iam/root-recent-use.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, ok, reportRow, setRow } from '../fixtures.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

checkTester(rootRecentUse, {
  valid: [
    { name: 'root last signed in 200 days ago', expect: [{ status: 'PASS', resource: ROOT }] },
    {
      name: "'no_information' and 'N/A' mean not used",
      setup: (s) => setRow(s, '<root_account>', { password_last_used: 'no_information', access_key_1_last_used_date: 'N/A' }),
      expect: [{ status: 'PASS' }],
    },
    { name: 'used 91 days ago is outside the window', setup: (s) => setRow(s, '<root_account>', { password_last_used: daysAgo(91) }), expect: [{ status: 'PASS' }] },
  ],
  invalid: [
    {
      name: 'root signed in 10 days ago',
      setup: (s) => setRow(s, '<root_account>', { password_last_used: daysAgo(10) }),
      expect: [{ status: 'FAIL', resource: ROOT, reason: /password \(console sign-in\) 10 day/, fix: /CloudTrail/ }],
    },
    {
      name: 'root access key 2 used 5 days ago',
      setup: (s) => setRow(s, '<root_account>', { access_key_2_active: 'true', access_key_2_last_used_date: daysAgo(5) }),
      expect: [{ status: 'FAIL', reason: /access key 2 5 day/ }],
    },
    {
      name: 'a scan run as root says so',
      setup: (s) => {
        s.account.callerArn = ROOT;
        setRow(s, '<root_account>', { access_key_1_last_used_date: daysAgo(0) });
      },
      expect: [{ status: 'FAIL', reason: /ran as root/ }],
    },
    { name: 'report unreadable', setup: (s) => (s.iam.credentialReport = denied('iam:GetCredentialReport')), expect: [{ status: 'NOT_ASSESSED', reason: /GetCredentialReport/ }] },
    { name: 'report without a root row', setup: (s) => (s.iam.credentialReport = ok([reportRow('alice')])), expect: [{ status: 'NOT_ASSESSED', reason: /<root_account>/ }] },
  ],
});
