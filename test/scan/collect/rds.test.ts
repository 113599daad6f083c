import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { collectRds } from '../../../src/scan/collect/rds.js';
import type { Read } from '../../../src/scan/snapshot.js';
import { addDbClusterSnapshot, addDbSnapshot } from '../../fake/services/rds.js';
import { harness, type Harness } from './harness.js';

const value = <T>(r: Read<T> | undefined): T => {
  assert.ok(r?.ok, `expected a value, got ${JSON.stringify(r)}`);
  return r.value;
};

describe('collect rds', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.done());

  it('lists manual DB and cluster snapshots restorable by all, per region', async () => {
    addDbSnapshot(h.account, 'eu-west-1', { id: 'public-db', public: true });
    addDbSnapshot(h.account, 'eu-west-1', { id: 'shared-db', sharedWith: ['210987654321'] });
    addDbSnapshot(h.account, 'eu-west-1', { id: 'rds:nightly', type: 'automated' });
    addDbClusterSnapshot(h.account, 'us-east-1', { id: 'public-cluster', public: true });
    addDbClusterSnapshot(h.account, 'us-east-1', { id: 'private-cluster' });
    const snap = await h.run(collectRds);
    assert.deepEqual(value(snap.rds.publicSnapshots['eu-west-1']), [
      { id: 'public-db', arn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:public-db', cluster: false },
    ]);
    assert.deepEqual(value(snap.rds.publicSnapshots['us-east-1']), [
      { id: 'public-cluster', arn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:public-cluster', cluster: true },
    ]);
    // Automated snapshots cannot be shared: their attributes are not even read.
    assert.equal(h.fake.calls.get('rds:DescribeDBSnapshotAttributes'), 2);
  });

  it('follows Marker across pages', async () => {
    for (let i = 0; i < 230; i++) addDbSnapshot(h.account, 'us-east-1', { id: `snap-${i}`, public: i % 100 === 7 });
    const snap = await h.run(collectRds);
    assert.deepEqual(value(snap.rds.publicSnapshots['us-east-1']).map((s) => s.id).sort(), ['snap-107', 'snap-207', 'snap-7']);
    // Three pages in us-east-1, one in eu-west-1.
    assert.equal(h.fake.calls.get('rds:DescribeDBSnapshots'), 4);
  });

  it('a denied attribute read fails the region, never reporting it clean', async () => {
    addDbSnapshot(h.account, 'eu-west-1', { id: 'public-db', public: true });
    h.fake.fail({ api: 'rds:DescribeDBSnapshotAttributes', region: 'eu-west-1', code: 'AccessDenied' });
    const snap = await h.run(collectRds);
    const eu = snap.rds.publicSnapshots['eu-west-1']!;
    assert.equal(eu.ok, false);
    assert.equal(!eu.ok && eu.error.kind, 'access-denied');
    assert.deepEqual(value(snap.rds.publicSnapshots['us-east-1']), []);
  });

  it('a region the account has not opted into is region-disabled', async () => {
    h.done();
    h = harness(['me-south-1', 'us-east-1']);
    const snap = await h.run(collectRds);
    const r = snap.rds.publicSnapshots['me-south-1']!;
    assert.equal(!r.ok && r.error.kind, 'region-disabled');
    assert.ok(snap.rds.publicSnapshots['us-east-1']!.ok);
  });
});
