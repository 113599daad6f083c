import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rootAccessKeys } from '../../../src/scan/checks/iam/root-access-keys.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, daysAgo, denied, hardened, NOW, ok, setRow } from '../fixtures.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const summary = (keys: number) => ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: keys, AccountSigningCertificatesPresent: 0 });
const activeRootKey = { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(300), access_key_1_last_used_date: daysAgo(3) };

checkTester(rootAccessKeys, {
  valid: [
    { name: 'no root keys', expect: [{ status: 'PASS', resource: ROOT, reason: /GetAccountSummary/ }] },
    {
      name: 'live summary says none although the (older) report still shows one: the key was deleted since',
      setup: (s) => setRow(s, '<root_account>', activeRootKey),
      expect: [{ status: 'PASS' }],
    },
    {
      name: 'summary unreadable, clean report answers with its age caveat',
      setup: (s) => (s.iam.summary = denied('iam:GetAccountSummary')),
      expect: [{ status: 'PASS', reason: /credential report.*4 hours/ }],
    },
  ],
  invalid: [
    {
      name: 'root has an active key: the report says which one',
      setup: (s) => {
        s.iam.summary = summary(1);
        setRow(s, '<root_account>', activeRootKey);
      },
      expect: [{ status: 'FAIL', resource: ROOT, reason: /access key 1 active/, fix: /delete-access-key --access-key-id "\$id"/ }],
    },
    {
      name: 'fix also offers assume-root for organization member accounts, with the real account id',
      setup: (s) => (s.iam.summary = summary(1)),
      expect: [{ status: 'FAIL', fix: new RegExp(`assume-root --region us-east-1 --target-principal ${ACCOUNT} .*IAMDeleteRootUserCredentials`) }],
    },
    {
      name: 'summary unreadable, the report shows an active root key',
      setup: (s) => {
        s.iam.summary = denied('iam:GetAccountSummary');
        setRow(s, '<root_account>', activeRootKey);
      },
      expect: [{ status: 'FAIL', reason: /per the credential report/ }],
    },
    {
      name: 'summary and report both unreadable',
      setup: (s) => {
        s.iam.summary = denied('iam:GetAccountSummary');
        s.iam.credentialReport = denied('iam:GetCredentialReport');
      },
      expect: [{ status: 'NOT_ASSESSED', reason: /GetAccountSummary/ }],
    },
  ],
});

it('iam.root-access-keys: an active root key is critical, an inactive one high', () => {
  const active = hardened();
  active.iam.summary = summary(1);
  setRow(active, '<root_account>', activeRootKey);
  assert.equal(rootAccessKeys.run({ snap: active, now: NOW })[0]!.severity, 'critical');
  const inactive = hardened();
  inactive.iam.summary = summary(1);
  setRow(inactive, '<root_account>', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(300) });
  const [r] = rootAccessKeys.run({ snap: inactive, now: NOW });
  assert.equal(r!.severity, 'high');
  assert.match(r!.reason, /1 inactive access key/);
});
