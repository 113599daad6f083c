import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFake, emptyAccount, type FakeAws } from '../fake/index.js';
import { scanSecrets } from '../../src/secrets/scan.js';
import { verifyAwsKeys } from '../../src/secrets/verify.js';
import * as g from './gen.js';

describe('--verify (STS GetCallerIdentity against the fake)', () => {
  let fake: FakeAws;
  const liveId = g.keyId('111111111111');
  const deadId = g.keyId('222222222222');
  const lonelyId = g.keyId('444444444444');
  before(() => {
    // Two accounts: a key the fake does not know is refused (InvalidClientTokenId), as AWS does.
    fake = createFake([emptyAccount('111111111111', 'leaky-ci'), emptyAccount('333333333333')]);
    fake.keyOwners.set(liveId, '111111111111');
  });
  after(() => fake.uninstall());

  it('reports live with the ARN, or invalid, for each key id + secret pair', async () => {
    const text = [
      `aws_access_key_id = ${liveId}`,
      `aws_secret_access_key = ${g.secretKey()}`,
      '',
      '# another file section far away' + '\n'.repeat(40),
      `aws_access_key_id = ${deadId}`,
      `aws_secret_access_key = ${g.secretKey()}`,
      `lonely = "${lonelyId}"`,
    ].join('\n');
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from(text) });
    const calls = await verifyAwsKeys(res.findings);
    assert.equal(calls, 2, 'one call per pair; a key id without a secret is not verified');
    const byId = (id: string) => res.findings.find((f) => f.rule === 'aws-access-key-id' && f.aws?.keyId === id)!;
    assert.deepEqual(byId(liveId).verification, { status: 'live', arn: 'arn:aws:iam::111111111111:user/leaky-ci', account: '111111111111' });
    assert.equal(byId(deadId).verification?.status, 'invalid');
    assert.equal(byId(deadId).verification?.detail, 'InvalidClientTokenId');
    assert.equal(byId(lonelyId).verification, undefined);
  });

  it('never verifies documentation examples', async () => {
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from('AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') });
    assert.equal(await verifyAwsKeys(res.findings), 0);
  });

  for (const code of ['SignatureDoesNotMatch', 'ExpiredToken']) {
    it(`${code} (wrong secret, expired token) is invalid`, async () => {
      fake.fail({ api: 'sts:GetCallerIdentity', code, status: 403, times: 1 });
      const res = await scanSecrets({ mode: 'stdin', input: Buffer.from(`aws_access_key_id=${liveId}\naws_secret_access_key=${g.secretKey()}`) });
      await verifyAwsKeys(res.findings);
      assert.deepEqual(res.findings.map((f) => [f.rule, f.verification?.status]), [
        ['aws-access-key-id', 'invalid'],
        ['aws-secret-access-key', 'invalid'],
      ]);
      // STS models ExpiredToken as ExpiredTokenException in the SDK; the code is reported as the SDK names it.
      assert.match(res.findings[0]!.verification!.detail!, new RegExp(`^${code}`));
    });
  }

  it('a network or service failure is unknown, not invalid', async () => {
    fake.fail({ api: 'sts:GetCallerIdentity', code: 'ServiceUnavailable', status: 503, times: 1 });
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from(`aws_access_key_id=${liveId}\naws_secret_access_key=${g.secretKey()}`) });
    await verifyAwsKeys(res.findings);
    assert.equal(res.findings[0]!.verification?.status, 'unknown');
  });
});
