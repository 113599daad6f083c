import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/** The fake's history written as CloudTrail delivers it: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz. */
function writeTrail(a: FakeAccount): string {
  const root = mkdtempSync(join(tmpdir(), 'mamori-trail-'));
  for (const region of ENABLED_REGIONS) {
    const records = eventHistory(a, region).events.map((e) => e.record);
    if (!records.length) continue;
    const day = new Date(String(records[0]!.eventTime));
    const dir = join(root, 'AWSLogs', a.id, 'CloudTrail', region, String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate()).padStart(2, '0'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${a.id}_CloudTrail_${region}_0001.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
  return root;
}

describe('respond event sources', () => {
  it('works from trail files alone when LookupEvents is not implemented (an emulator), and says which source it used', async () => {
    const s = await briefScene({ regions: REGIONS, instancesPerRegion: 4 });
    try {
      s.fake.fail({ api: 'cloudtrail:LookupEvents', code: 'UnknownOperationException' });
      const dir = writeTrail(s.account);
      const r = await respond(s.aws, {
        subject: { kind: 'key', accessKeyId: s.attack.leakedKey },
        contain: true,
        apply: true,
        store: s.store,
        regions: REGIONS,
        source: () => new TrailFileSource(dir, detectTrailReader(s.aws), { start: new Date(0), end: new Date() }),
      });
      assert.equal(r.investigation.source, `trail ${dir}`);
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

  it('--trail reads files with detect\'s readers; a truncated file is a gap naming it, the rest is still read', async () => {
    const s2 = await briefScene({ regions: REGIONS, instancesPerRegion: 2 });
    try {
      const dir = writeTrail(s2.account);
      const broken = join(dir, 'AWSLogs', s2.account.id, 'CloudTrail', 'eu-west-1', 'broken.json.gz');
      writeFileSync(broken, gzipSync(JSON.stringify({ Records: trailOf(s2.account).slice(0, 3) })).subarray(0, 40));
      const src = new TrailFileSource(dir, detectTrailReader(s2.aws), { start: new Date(0), end: new Date() });
      const got: TrailRecord[] = [];
      for await (const r of src.events({ attribute: 'AccessKeyId', value: s2.attack.secondKey.accessKeyId, start: new Date(0), end: new Date() })) got.push(r);
      assert.ok(got.some((r) => r.eventName === 'RunInstances'), 'the attacker key\'s launches are read from the files');
      assert.ok(src.gaps.some((g) => g.reason.includes('broken.json.gz')), JSON.stringify(src.gaps));
    } finally {
      s2.done();
    }
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
