/**
 * The data and network collectors and checks together, through the whole
 * collectSnapshot path (identity, region selection, every collector), on a
 * seeded account with one problem of each kind in a non-default region.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Aws } from '../../../src/aws/clients.js';
import { CHECKS } from '../../../src/scan/checks/index.js';
import { collectSnapshot } from '../../../src/scan/collect/index.js';
import type { Result } from '../../../src/scan/check.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS } from '../../fake/index.js';
import { addBucket, setAccountPublicAccessBlock } from '../../fake/services/s3.js';
import { addInstance, addSecurityGroup, addSnapshot } from '../../fake/services/ec2.js';
import { addDbSnapshot } from '../../fake/services/rds.js';
import { addLambda } from '../../fake/services/lambda.js';
import { generatedKeyId } from './harness.js';

describe('data and network scan end to end', () => {
  it('finds each seeded problem in its region and only there', async () => {
    const account = emptyAccount('123456789012');
    setAccountPublicAccessBlock(account, undefined);
    addBucket(account, { name: 'leaky', region: 'ap-south-1', noPublicAccessBlock: true, publicGrants: [{ grantee: 'AllUsers', permission: 'READ' }] });
    const sg = addSecurityGroup(account, 'ap-south-1', { name: 'ssh', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }] });
    const inst = addInstance(account, 'ap-south-1', { httpTokens: 'optional' });
    addSnapshot(account, 'ap-south-1', { public: true });
    addDbSnapshot(account, 'ap-south-1', { id: 'prod-final', public: true });
    const key = generatedKeyId();
    addLambda(account, 'ap-south-1', { name: 'exporter', env: { UPLOAD_KEY: key }, url: 'NONE' });

    const fake = createFake([account]);
    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    try {
      const snap = await collectSnapshot(aws, { pollMs: 0, regions: ['ap-south-1', 'us-east-1', 'af-south-1'] });
      assert.deepEqual(snap.regions, ['ap-south-1', 'us-east-1']);
      assert.ok(!JSON.stringify(snap).includes(key), 'the key itself never enters the snapshot');
      const results = new Map<string, Result[]>(CHECKS.filter((c) => ['s3', 'ec2', 'rds', 'lambda'].includes(c.meta.service)).map((c) => [c.meta.id, c.run({ snap, now: new Date(snap.collectedAt) })]));
      const fails = (id: string) => results.get(id)!.filter((r) => r.status === 'FAIL');
      assert.deepEqual(fails('s3.account-public-access-block').length, 1);
      assert.deepEqual(fails('s3.bucket-public').map((r) => [r.resource, r.region]), [['arn:aws:s3:::leaky', 'ap-south-1']]);
      assert.deepEqual(fails('ec2.sg-open-admin-ports').map((r) => r.resource), [`arn:aws:ec2:ap-south-1:123456789012:security-group/${sg.id}`]);
      assert.deepEqual(fails('ec2.imdsv2-required').map((r) => r.resource), [`arn:aws:ec2:ap-south-1:123456789012:instance/${inst.id}`]);
      assert.deepEqual(fails('ec2.public-ebs-snapshots').map((r) => r.region), ['ap-south-1']);
      assert.deepEqual(fails('rds.public-snapshots').map((r) => r.resource), ['arn:aws:rds:ap-south-1:123456789012:snapshot:prod-final']);
      assert.deepEqual(fails('lambda.env-credentials').map((r) => r.severity), ['critical']);
      assert.deepEqual(fails('lambda.url-auth-none').map((r) => r.region), ['ap-south-1']);
      // A fresh account: EBS default encryption off and AWS's default security group rules, in both regions.
      assert.deepEqual(fails('ec2.ebs-default-encryption').map((r) => r.region).sort(), ['ap-south-1', 'us-east-1']);
      assert.deepEqual(fails('ec2.default-sg-restricted').map((r) => r.region).sort(), ['ap-south-1', 'us-east-1']);
      // Everything was readable: nothing is left unassessed.
      for (const [id, rs] of results) assert.ok(rs.every((r) => r.status !== 'NOT_ASSESSED'), `${id}: ${JSON.stringify(rs.filter((r) => r.status === 'NOT_ASSESSED'))}`);
    } finally {
      aws.destroy();
      fake.uninstall();
    }
  });
});
