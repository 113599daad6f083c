import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS } from '../../../src/scan/checks/index.js';
import { daysAgo, hardened, NOW, ok, reportRow, userArn } from '../fixtures.js';

const iamChecks = CHECKS.filter((c) => c.meta.service === 'iam');

describe('IAM credential-hygiene checks', () => {
  it('are all registered, with unique ids', () => {
    const ids = iamChecks.map((c) => c.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of [
      'iam.root-mfa-enabled',
      'iam.root-hardware-mfa',
      'iam.root-multiple-mfa',
      'iam.root-access-keys',
      'iam.root-recent-use',
      'iam.root-signing-certificates',
      'iam.user-console-mfa',
      'iam.user-key-rotation',
      'iam.user-key-unused',
      'iam.user-two-active-keys',
      'iam.user-key-never-used',
      'iam.user-unused-credentials',
      'iam.password-policy',
      'iam.manual-amazon-login-2sv',
      'iam.manual-root-totp-backup',
      'iam.manual-root-contact-phone',
    ])
      assert.ok(ids.includes(id), `${id} is not registered`);
  });

  it('never FAIL the hardened account', () => {
    const snap = hardened();
    for (const check of iamChecks) {
      const failed = check.run({ snap, now: NOW }).filter((r) => r.status === 'FAIL');
      assert.deepEqual(failed, [], check.meta.id);
    }
  });

  it('a neglected account fails every automated one', () => {
    const snap = hardened();
    snap.iam.summary = ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, AccountSigningCertificatesPresent: 1 });
    snap.iam.passwordPolicy = ok(null);
    snap.iam.credentialReport = ok([
      reportRow('<root_account>', { password_last_used: daysAgo(1), mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(900), cert_1_active: 'true', cert_1_last_rotated: daysAgo(900) }),
      reportRow('dev-poweruser', {
        password_enabled: 'true',
        password_last_used: daysAgo(100),
        password_last_changed: daysAgo(400),
        mfa_active: 'false',
        access_key_1_active: 'true',
        access_key_1_last_rotated: daysAgo(412),
        access_key_1_last_used_date: daysAgo(60),
        access_key_2_active: 'true',
        access_key_2_last_rotated: daysAgo(300),
        access_key_2_last_used_date: 'N/A',
      }),
    ]);
    snap.iam.authorization = ok({
      users: [{ name: 'dev-poweruser', arn: userArn('dev-poweruser'), groups: [], attached: [], inline: [{ name: 'everything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] }],
      groups: [],
      roles: [],
      policies: [],
    });
    const notFailing = iamChecks
      .filter((c) => !c.meta.id.startsWith('iam.manual-'))
      .filter((c) => !c.run({ snap, now: NOW }).some((r) => r.status === 'FAIL'))
      .map((c) => c.meta.id);
    assert.deepEqual(notFailing, []);
  });
});
