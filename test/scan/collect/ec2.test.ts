import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { collectEc2 } from '../../../src/scan/collect/ec2.js';
import type { Read } from '../../../src/scan/snapshot.js';
import { addInstance, addSecurityGroup, addSnapshot, setEbsEncryptionByDefault } from '../../fake/services/ec2.js';
import { harness, type Harness } from './harness.js';

const value = <T>(r: Read<T> | undefined): T => {
  assert.ok(r?.ok, `expected a value, got ${JSON.stringify(r)}`);
  return r.value;
};

describe('collect ec2', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.done());

  it('keeps each region to itself and flattens every rule source', async () => {
    const sg = addSecurityGroup(h.account, 'eu-west-1', {
      name: 'bastion',
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0' },
        { protocol: '-1', cidr: '10.0.0.0/8' },
        { protocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-0123456789abcdef0' },
      ],
    });
    const snap = await h.run(collectEc2);
    const eu = value(snap.ec2.securityGroups['eu-west-1']);
    const us = value(snap.ec2.securityGroups['us-east-1']);
    assert.ok(eu.some((g) => g.id === sg.id));
    assert.ok(!us.some((g) => g.id === sg.id), 'a group in eu-west-1 is invisible in us-east-1');
    // Every region of a real account has a default VPC and its default group.
    assert.ok(us.some((g) => g.name === 'default'));
    const got = eu.find((g) => g.id === sg.id)!;
    assert.equal(got.arn, `arn:aws:ec2:eu-west-1:123456789012:security-group/${sg.id}`);
    assert.deepEqual(
      [...got.ingress].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
      [
        { protocol: '-1', cidr: '10.0.0.0/8' },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '::/0' },
        { protocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-0123456789abcdef0' },
      ],
    );
    assert.deepEqual(got.egress, [{ protocol: '-1', cidr: '0.0.0.0/0' }]);
    const dflt = us.find((g) => g.name === 'default')!;
    assert.deepEqual(dflt.ingress, [{ protocol: '-1', sourceGroup: dflt.id }]);
  });

  it('follows NextToken across pages of security groups', async () => {
    for (let i = 0; i < 1100; i++) addSecurityGroup(h.account, 'us-east-1', { name: `g${i}` });
    const snap = await h.run(collectEc2);
    const groups = value(snap.ec2.securityGroups['us-east-1']);
    assert.equal(groups.length, 1101, '1100 seeded plus the default group');
    assert.equal(new Set(groups.map((g) => g.id)).size, 1101);
    // Two pages in us-east-1, one in eu-west-1.
    assert.equal(h.fake.calls.get('ec2:DescribeSecurityGroups'), 3);
  });

  it('reads metadata options and skips terminated instances', async () => {
    const v1 = addInstance(h.account, 'us-east-1', { httpTokens: 'optional', name: 'web' });
    const v2 = addInstance(h.account, 'us-east-1', { httpTokens: 'required', state: 'stopped' });
    addInstance(h.account, 'us-east-1', { state: 'terminated' });
    const snap = await h.run(collectEc2);
    const list = value(snap.ec2.instances['us-east-1']);
    assert.deepEqual(
      list.map((i) => [i.id, i.httpTokens, i.state]).sort(),
      [
        [v1.id, 'optional', 'running'],
        [v2.id, 'required', 'stopped'],
      ].sort(),
    );
    assert.equal(list.find((i) => i.id === v1.id)!.name, 'web');
    assert.equal(list.find((i) => i.id === v1.id)!.arn, `arn:aws:ec2:us-east-1:123456789012:instance/${v1.id}`);
    assert.deepEqual(value(snap.ec2.instances['eu-west-1']), []);
  });

  it('reads EBS default encryption per region and lists only public snapshots', async () => {
    setEbsEncryptionByDefault(h.account, 'eu-west-1', true);
    const pub = addSnapshot(h.account, 'eu-west-1', { public: true });
    addSnapshot(h.account, 'eu-west-1', { sharedWith: ['210987654321'] });
    addSnapshot(h.account, 'eu-west-1');
    const snap = await h.run(collectEc2);
    assert.equal(value(snap.ec2.ebsEncryptionByDefault['eu-west-1']), true);
    assert.equal(value(snap.ec2.ebsEncryptionByDefault['us-east-1']), false);
    assert.deepEqual(value(snap.ec2.publicSnapshots['eu-west-1']), [{ id: pub.id, arn: `arn:aws:ec2:eu-west-1::snapshot/${pub.id}` }]);
    assert.deepEqual(value(snap.ec2.publicSnapshots['us-east-1']), []);
  });

  it('a denied call fails that read in that region only', async () => {
    h.fake.fail({ api: 'ec2:DescribeInstances', region: 'eu-west-1', code: 'UnauthorizedOperation' });
    const snap = await h.run(collectEc2);
    const eu = snap.ec2.instances['eu-west-1']!;
    assert.equal(eu.ok, false);
    assert.equal(!eu.ok && eu.error.kind, 'access-denied');
    assert.equal(!eu.ok && eu.error.region, 'eu-west-1');
    assert.ok(snap.ec2.instances['us-east-1']!.ok);
    assert.ok(snap.ec2.securityGroups['eu-west-1']!.ok);
  });

  it('a region the account has not opted into fails every read there as region-disabled', async () => {
    h.done();
    h = harness(['af-south-1', 'us-east-1']);
    const snap = await h.run(collectEc2);
    for (const section of [snap.ec2.securityGroups, snap.ec2.instances, snap.ec2.ebsEncryptionByDefault, snap.ec2.publicSnapshots]) {
      const r = section['af-south-1']!;
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.kind, 'region-disabled');
      assert.ok(section['us-east-1']!.ok);
    }
  });
});
