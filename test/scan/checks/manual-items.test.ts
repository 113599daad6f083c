/**
 * The three defences no API can see. They read nothing, so they have no
 * NOT_ASSESSED case: whatever the snapshot holds, each says MANUAL once per
 * account with its steps, and never PASS.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { manualAmazonLogin2sv } from '../../../src/scan/checks/iam/manual-amazon-login-2sv.js';
import { manualRootContactPhone } from '../../../src/scan/checks/iam/manual-root-contact-phone.js';
import { manualRootTotpBackup } from '../../../src/scan/checks/iam/manual-root-totp-backup.js';
import type { AccountSnapshot } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, hardened, NOW } from '../fixtures.js';

const everythingDenied = (s: AccountSnapshot) => {
  s.iam.summary = denied('iam:GetAccountSummary');
  s.iam.credentialReport = denied('iam:GetCredentialReport');
  s.iam.virtualMfaDevices = denied('iam:ListVirtualMFADevices');
  s.iam.passwordPolicy = denied('iam:GetAccountPasswordPolicy');
};
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

checkTester(manualAmazonLogin2sv, {
  valid: [{ name: 'hardened account is still MANUAL', expect: [{ status: 'MANUAL', resource: ROOT, fix: /amazon\.com[^]*Login & security → 2-Step Verification/ }] }],
  invalid: [{ name: 'nothing readable: still MANUAL, not PASS', setup: everythingDenied, expect: [{ status: 'MANUAL' }] }],
});

checkTester(manualRootTotpBackup, {
  valid: [{ name: 'hardened account is still MANUAL', expect: [{ status: 'MANUAL', resource: ROOT, fix: /second MFA device[^]*both authenticators/ }] }],
  invalid: [{ name: 'nothing readable: still MANUAL, not PASS', setup: everythingDenied, expect: [{ status: 'MANUAL' }] }],
});

checkTester(manualRootContactPhone, {
  valid: [
    {
      name: 'hardened account is still MANUAL',
      expect: [{ status: 'MANUAL', resource: `arn:aws:account::${ACCOUNT}:account`, fix: /get-contact-information[^]*Account → Contact information/ }],
    },
  ],
  invalid: [{ name: 'nothing readable: still MANUAL, not PASS', setup: everythingDenied, expect: [{ status: 'MANUAL' }] }],
});

it('each manual item is reported exactly once per account', () => {
  for (const check of [manualAmazonLogin2sv, manualRootTotpBackup, manualRootContactPhone]) {
    const results = check.run({ snap: hardened(), now: NOW });
    assert.equal(results.length, 1, check.meta.id);
    assert.equal(results[0]!.status, 'MANUAL');
  }
});
