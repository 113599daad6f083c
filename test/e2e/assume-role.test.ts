import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Aws } from '../../src/aws/clients.js';
import { collectSnapshot } from '../../src/scan/collect/index.js';
import { createFake, type FakeAws } from '../fake/index.js';
import { hardenedAccount } from '../fake/seeds.js';
import { scanJson, useExampleCredentials } from './cli-harness.js';

const ROLE = 'arn:aws:iam::210987654321:role/audit';

function accountWithAuditRole(condition: Record<string, unknown>) {
  const a = hardenedAccount();
  a.iam.roles.set('audit', {
    name: 'audit',
    id: 'AROAAUDITROLEEXAMPLE',
    path: '/',
    created: new Date('2025-01-01T00:00:00Z'),
    trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: condition }] },
    attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    inline: {},
  });
  return a;
}

describe('scanning through an assumed role', () => {
  let fake: FakeAws;
  afterEach(() => fake?.uninstall());

  it('--role-arn with --external-id scans as the role', async () => {
    useExampleCredentials();
    fake = createFake([accountWithAuditRole({ StringEquals: { 'sts:ExternalId': 'mamori-audit-7f3a' } })]);
    const report = await scanJson(['--role-arn', ROLE, '--external-id', 'mamori-audit-7f3a', '--regions', 'eu-west-1']);
    assert.equal(report.accounts[0].id, '210987654321');
    assert.equal(fake.calls.get('sts:AssumeRole'), 1, 'one AssumeRole shared by every client');
  });

  it('a wrong external id fails clearly, naming sts:AssumeRole', async () => {
    useExampleCredentials();
    fake = createFake([accountWithAuditRole({ StringEquals: { 'sts:ExternalId': 'mamori-audit-7f3a' } })]);
    await assert.rejects(scanJson(['--role-arn', ROLE, '--external-id', 'wrong', '--regions', 'eu-west-1']), /AccessDenied on sts:AssumeRole \(access denied\)/);
  });

  it('a role that demands MFA is assumed with the serial and the code the user is asked for', async () => {
    useExampleCredentials();
    fake = createFake([accountWithAuditRole({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })]);
    const asked: string[] = [];
    const aws = new Aws({ roleArn: ROLE, mfaSerial: 'arn:aws:iam::111122223333:mfa/me', mfaCode: async (serial) => (asked.push(serial), '123456'), region: 'us-east-1' });
    try {
      const snap = await collectSnapshot(aws, { regions: ['eu-west-1'], pollMs: 0, only: [] });
      assert.match(snap.account.callerArn, /assumed-role\/audit\//);
      assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/me'], 'the code is asked for once');
    } finally {
      aws.destroy();
    }
  });
});
