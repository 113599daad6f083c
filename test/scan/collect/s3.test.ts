import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { collectS3 } from '../../../src/scan/collect/s3.js';
import type { Bucket, Read } from '../../../src/scan/snapshot.js';
import { addBucket, setAccountPublicAccessBlock, s3State, ALL_BLOCKED } from '../../fake/services/s3.js';
import { harness, type Harness } from './harness.js';

const value = <T>(r: Read<T>): T => {
  assert.ok(r.ok, `expected a value, got ${JSON.stringify(r)}`);
  return r.value;
};
const byName = (buckets: Bucket[], name: string) => buckets.find((b) => b.name === name)!;

describe('collect s3', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.done());

  it('reads the account block, and each bucket from its own region', async () => {
    setAccountPublicAccessBlock(h.account, { ...ALL_BLOCKED, RestrictPublicBuckets: false });
    addBucket(h.account, { name: 'private-eu', region: 'eu-west-1' });
    addBucket(h.account, {
      name: 'open-site',
      region: 'us-east-1',
      noPublicAccessBlock: true,
      publicGrants: [{ grantee: 'AllUsers', permission: 'READ' }],
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open-site/*' }] },
      encryption: null,
    });
    const snap = await h.run(collectS3);
    assert.deepEqual(value(snap.s3.accountPublicAccessBlock), { ...ALL_BLOCKED, RestrictPublicBuckets: false });
    const buckets = value(snap.s3.buckets);
    assert.equal(buckets.length, 2);
    const eu = byName(buckets, 'private-eu');
    // Calls sent to the wrong region would have failed with PermanentRedirect.
    assert.equal(eu.region, 'eu-west-1');
    assert.deepEqual(value(eu.publicAccessBlock), ALL_BLOCKED);
    assert.equal(value(eu.policyPublic), false, 'no bucket policy is "not public", not a failure');
    assert.deepEqual(value(eu.aclPublicGrants), []);
    assert.equal(value(eu.encryption), 'AES256');
    const open = byName(buckets, 'open-site');
    assert.equal(value(open.publicAccessBlock), null);
    assert.equal(value(open.policyPublic), true);
    assert.deepEqual(value(open.aclPublicGrants), ['AllUsers:READ']);
    assert.equal(value(open.encryption), null, 'no encryption configuration is null, not a failure');
  });

  it('an account without Block Public Access reads as null, not as a failure', async () => {
    const snap = await h.run(collectS3);
    assert.deepEqual(snap.s3.accountPublicAccessBlock, { ok: true, value: null });
    assert.deepEqual(snap.s3.buckets, { ok: true, value: [] });
  });

  it('a denied per-bucket call fails that field only', async () => {
    addBucket(h.account, { name: 'b1', region: 'eu-west-1' });
    addBucket(h.account, { name: 'b2', region: 'us-east-1' });
    h.fake.fail({ api: 's3:GetBucketAcl', region: 'eu-west-1', code: 'AccessDenied' });
    const snap = await h.run(collectS3);
    const buckets = value(snap.s3.buckets);
    const b1 = byName(buckets, 'b1');
    assert.equal(b1.aclPublicGrants.ok, false);
    assert.equal(!b1.aclPublicGrants.ok && b1.aclPublicGrants.error.kind, 'access-denied');
    assert.equal(!b1.aclPublicGrants.ok && b1.aclPublicGrants.error.api, 's3:GetBucketAcl');
    assert.equal(b1.encryption.ok && b1.policyPublic.ok && b1.publicAccessBlock.ok, true);
    assert.deepEqual(value(byName(buckets, 'b2').aclPublicGrants), []);
  });

  it('a denied account-level read is a failed Read, and listing failure leaves buckets failed', async () => {
    h.fake.fail({ api: 's3control:GetPublicAccessBlock', code: 'AccessDenied' });
    h.fake.fail({ api: 's3:ListBuckets', code: 'AccessDenied' });
    const snap = await h.run(collectS3);
    assert.equal(snap.s3.accountPublicAccessBlock.ok, false);
    assert.equal(!snap.s3.accountPublicAccessBlock.ok && snap.s3.accountPublicAccessBlock.error.kind, 'access-denied');
    assert.equal(snap.s3.buckets.ok, false);
  });

  it('follows ListBuckets continuation tokens across pages', async () => {
    for (let i = 0; i < 1005; i++) addBucket(h.account, { name: `bucket-${String(i).padStart(4, '0')}`, region: i % 2 ? 'eu-west-1' : 'us-east-1' });
    const snap = await h.run(collectS3);
    const names = value(snap.s3.buckets).map((b) => b.name);
    assert.equal(names.length, 1005);
    assert.equal(new Set(names).size, 1005);
    assert.equal(h.fake.calls.get('s3:ListBuckets'), 2);
  });

  it('finds a bucket\'s region with GetBucketLocation when ListBuckets does not give it', async () => {
    addBucket(h.account, { name: 'old-eu', region: 'eu-west-1' });
    addBucket(h.account, { name: 'old-us', region: 'us-east-1' });
    s3State(h.account).omitBucketRegion = true;
    const snap = await h.run(collectS3);
    const buckets = value(snap.s3.buckets);
    assert.equal(byName(buckets, 'old-eu').region, 'eu-west-1');
    assert.equal(byName(buckets, 'old-us').region, 'us-east-1');
    assert.ok(buckets.every((b) => b.encryption.ok && b.aclPublicGrants.ok && b.policyPublic.ok && b.publicAccessBlock.ok));
  });

  it('the snapshot section stays JSON-serializable', async () => {
    addBucket(h.account, { name: 'b', region: 'us-east-1' });
    const snap = await h.run(collectS3);
    assert.deepEqual(JSON.parse(JSON.stringify(snap.s3)), snap.s3);
  });
});
