import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { respond } from '../../src/respond/playbook.js';
import { renderMarkdown } from '../../src/respond/report.js';
import { TrailFileSource, detectTrailReader } from '../../src/respond/events/trail-files.js';
import { LookupEventsSource } from '../../src/respond/events/lookup-events.js';
import type { TrailRecord } from '../../src/respond/events/source.js';
import { createFake, EXAMPLE_CREDENTIALS } from '../fake/index.js';
import { vulnerableAccount, exampleKeyId } from '../fake/seeds.js';
import { eventHistory } from '../fake/trail.js';
import type { FakeAccount } from '../fake/state.js';
import { ENABLED_REGIONS } from '../fake/attack.js';
import { briefScene, instancesIn } from './helpers.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

/** What a trail bucket would hold: every record of the fake's history, oldest first. */
function trailOf(a: FakeAccount): TrailRecord[] {
  return ENABLED_REGIONS.flatMap((r) => eventHistory(a, r).events.map((e) => e.record as unknown as TrailRecord));
}

describe('respond event sources', () => {
  it('works from trail files alone when LookupEvents is not implemented (an emulator), and says which source it used', async () => {
    const s = await briefScene({ regions: REGIONS, instancesPerRegion: 4 });
    try {
      s.fake.fail({ api: 'cloudtrail:LookupEvents', code: 'UnknownOperationException' });
      const records = trailOf(s.account);
      const reader = async function* () {
        yield* records;
      };
      const r = await respond(s.aws, {
        subject: { kind: 'key', accessKeyId: s.attack.leakedKey },
        contain: true,
        apply: true,
        store: s.store,
        regions: REGIONS,
        source: () => new TrailFileSource('s3://trail-bucket/AWSLogs/', reader, { start: new Date(0), end: new Date() }),
      });
      assert.equal(r.investigation.source, 'trail s3://trail-bucket/AWSLogs/');
      assert.deepEqual(r.investigation.gaps, []);
      assert.equal(r.identification.owner.name, 'dev-poweruser');
      assert.equal(r.investigation.credentials.length, 3);
      assert.equal(r.investigation.created.filter((c) => c.type === 'ec2:instance').length, 12);
      for (const region of REGIONS) assert.ok(instancesIn(s.account, region).filter((i) => i.type === 'm5.24xlarge').every((i) => i.state === 'terminated'));
      assert.equal(s.fake.calls.get('cloudtrail:LookupEvents') ?? 0, 0, 'a given trail source is used instead of LookupEvents');
    } finally {
      s.done();
    }
  });

  it('without events, contains from IAM alone and reports every region it could not read', async () => {
    const a = vulnerableAccount();
    const fake = createFake([a]);
    fake.fail({ api: 'cloudtrail:LookupEvents', code: 'AccessDeniedException' });
    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    const db = openDatabase(':memory:');
    try {
      const key = exampleKeyId('devpower');
      const r = await respond(aws, { subject: { kind: 'key', accessKeyId: key }, contain: true, apply: false, store: new ResponseStore(db) });
      assert.equal(a.iam.users.get('dev-poweruser')!.keys[0]!.status, 'Inactive');
      assert.equal(r.identification.owner.source, 'iam');
      assert.equal(r.investigation.gaps.length, 17);
      assert.match(r.investigation.gaps[0]!.reason, /AccessDeniedException on cloudtrail:LookupEvents/);
      assert.match(renderMarkdown(r), /Gap: [a-z0-9-]+ could not be read — AccessDeniedException/);
    } finally {
      aws.destroy();
      db.close();
      fake.uninstall();
    }
  });

  it('the --trail reader is not wired in this build and says so as a gap instead of pretending', async () => {
    const src = new TrailFileSource('./logs', detectTrailReader('./logs'), { start: new Date(0), end: new Date() });
    const got: TrailRecord[] = [];
    for await (const r of src.events({ attribute: 'AccessKeyId', value: exampleKeyId('x'), start: new Date(0), end: new Date() })) got.push(r);
    assert.deepEqual(got, []);
    assert.match(src.gaps[0]!.reason, /mamori detect's CloudTrail readers, which are not wired/);
  });

  it('LookupEvents: regions in parallel, one limiter per region, throttling retried', async () => {
    const s = await briefScene({ regions: REGIONS, instancesPerRegion: 60 });
    try {
      s.fake.fail({ api: 'cloudtrail:LookupEvents', region: 'us-east-1', code: 'ThrottlingException', times: 1 });
      const src = new LookupEventsSource(s.aws, REGIONS);
      const got: TrailRecord[] = [];
      // The second key made CreateKeyPair + RunInstances per region (60 instances in one event) and the IAM calls in us-east-1.
      for await (const r of src.events({ attribute: 'AccessKeyId', value: s.attack.secondKey.accessKeyId, start: new Date(0), end: new Date() })) got.push(r);
      assert.equal(got.filter((r) => r.eventName === 'RunInstances').length, 3);
      assert.equal(src.throttled.get('us-east-1'), 1);
      assert.deepEqual(src.gaps, []);
      assert.equal(src.pages.get('eu-west-1'), 1);
    } finally {
      s.done();
    }
  });

  it('--regions never drops us-east-1, where IAM records the attacker\'s CreateAccessKey', async () => {
    const s = await briefScene({ regions: ['eu-west-1'], instancesPerRegion: 1 });
    try {
      const r = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: false, apply: false, store: s.store, regions: ['eu-west-1'] });
      assert.deepEqual(r.regions, ['eu-west-1', 'us-east-1']);
      assert.deepEqual(r.investigation.credentials.map((c) => c.kind), ['leaked', 'access-key', 'session']);
    } finally {
      s.done();
    }
  });
});
