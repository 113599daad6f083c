import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyPairCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createFake, EXAMPLE_CREDENTIALS, emptyAccount, type FakeAws } from './index.js';

describe('fake CloudTrail LookupEvents', () => {
  let fake: FakeAws;
  let ct: CloudTrailClient;
  before(async () => {
    fake = createFake([emptyAccount('123456789012')]);
    fake.enforceLookupRate = false;
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials: EXAMPLE_CREDENTIALS });
    for (let i = 0; i < 120; i++) await ec2.send(new CreateKeyPairCommand({ KeyName: `k${i}` }));
    ec2.destroy();
    ct = new CloudTrailClient({ region: 'eu-west-1', credentials: EXAMPLE_CREDENTIALS });
  });
  after(() => {
    ct.destroy();
    fake.uninstall();
  });

  it('pages 50 at a time, newest first, with a NextToken', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKeyPair' }], ...(token ? { NextToken: token } : {}) }));
      pages++;
      assert.ok(out.Events!.length <= 50);
      names.push(...out.Events!.map((e) => JSON.parse(e.CloudTrailEvent!).requestParameters.keyName));
      token = out.NextToken;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(names.length, 120);
    assert.equal(names[0], 'k119');
  });

  it('records the caller, the request and the response as CloudTrail does', async () => {
    const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: EXAMPLE_CREDENTIALS.accessKeyId }], MaxResults: 1 }));
    const e = out.Events![0]!;
    assert.equal(e.EventSource, 'ec2.amazonaws.com');
    const rec = JSON.parse(e.CloudTrailEvent!);
    assert.equal(rec.userIdentity.accessKeyId, EXAMPLE_CREDENTIALS.accessKeyId);
    assert.equal(rec.awsRegion, 'eu-west-1');
    assert.match(rec.responseElements.keyPairId, /^key-[0-9a-f]{17}$/);
    assert.equal(rec.responseElements.keyMaterial, undefined, 'private key material is never in CloudTrail');
  });

  it('refuses what LookupEvents refuses', async () => {
    await assert.rejects(ct.send(new LookupEventsCommand({ MaxResults: 51 })), (e: Error) => e.name === 'InvalidMaxResultsException');
    await assert.rejects(
      ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] })),
      (e: Error) => e.name === 'InvalidLookupAttributesException',
    );
    await assert.rejects(ct.send(new LookupEventsCommand({ NextToken: 'forged' })), (e: Error) => e.name === 'InvalidNextTokenException');
  });

  it('throttles beyond 2 requests a second in a region, not across regions', async () => {
    fake.enforceLookupRate = true;
    // Regions no earlier test has asked, so that the window starts empty.
    const fresh = new CloudTrailClient({ region: 'us-east-2', credentials: EXAMPLE_CREDENTIALS });
    const other = new CloudTrailClient({ region: 'us-west-2', credentials: EXAMPLE_CREDENTIALS });
    try {
      const results = await Promise.allSettled([1, 2, 3].map(() => fresh.send(new LookupEventsCommand({ MaxResults: 1 }))));
      assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name)), ['ok', 'ok', 'ThrottlingException']);
      await other.send(new LookupEventsCommand({ MaxResults: 1 }));
    } finally {
      fresh.destroy();
      other.destroy();
      fake.enforceLookupRate = false;
    }
  });
});
