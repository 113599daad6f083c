import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Aws } from '../../src/aws/clients.js';
import { lookupEvents, RateLimiter } from '../../src/detect/input/lookup.js';
import { newSummary } from '../../src/detect/input/read.js';
import { daysInRange, listTrailObjects, parseS3Url, readS3Events } from '../../src/detect/input/s3.js';
import { detectSources } from '../../src/detect/run.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAws } from '../fake/index.js';
import { recordEvent } from '../fake/trail.js';
import { putObject } from '../fake/services/s3.js';
import { ev } from './helpers.js';

const ACCOUNT = '111122223333';
const aws = () => new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
const iso = (d: string, hhmm: string) => `${d}T${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00Z`;

describe('s3:// input against the S3 fake', () => {
  let fake: FakeAws;
  before(() => {
    const account = emptyAccount(ACCOUNT);
    fake = createFake([account]);
    const put = (region: string, day: string, hhmm: string, events: unknown[]) => {
      const [y, m, d] = day.split('-');
      const key = `trail/AWSLogs/${ACCOUNT}/CloudTrail/${region}/${y}/${m}/${d}/${ACCOUNT}_CloudTrail_${region}_${y}${m}${d}T${hhmm}Z_x${region}.json.gz`;
      putObject(account, 'org-trail', 'eu-west-1', key, gzipSync(JSON.stringify({ Records: events })));
    };
    // A multi-region spree on the 20th, spread over three regions' files.
    put('us-east-1', '2026-11-20', '1000', [ev({ eventTime: iso('2026-11-20', '1000'), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1' })]);
    put('eu-west-1', '2026-11-20', '1005', [ev({ eventTime: iso('2026-11-20', '1004'), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'eu-west-1' })]);
    put('ap-south-1', '2026-11-20', '1010', [ev({ eventTime: iso('2026-11-20', '1009'), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'ap-south-1' })]);
    // Many old days that a --since run must not list.
    for (let day = 1; day <= 30; day++) put('us-east-1', `2026-10-${String(day).padStart(2, '0')}`, '0900', [ev({ eventTime: `2026-10-${String(day).padStart(2, '0')}T09:00:00Z` })]);
    // Digest files are not events.
    putObject(account, 'org-trail', 'eu-west-1', `trail/AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/20/d.json.gz`, gzipSync('{"digestStartTime":"x"}'));
    // Enough keys in one day to need several ListObjectsV2 pages.
    for (let i = 0; i < 1100; i++) putObject(account, 'org-trail', 'eu-west-1', `trail/AWSLogs/${ACCOUNT}/CloudTrail/us-west-2/2026/11/19/${ACCOUNT}_CloudTrail_us-west-2_20261119T0000Z_${String(i).padStart(5, '0')}.json.gz`, gzipSync(JSON.stringify({ Records: [] })));
  });
  after(() => fake.uninstall());

  it('parses locations', () => {
    assert.deepEqual(parseS3Url('s3://org-trail/trail'), { bucket: 'org-trail', prefix: 'trail/' });
    assert.deepEqual(parseS3Url('s3://org-trail'), { bucket: 'org-trail', prefix: '' });
    assert.throws(() => parseS3Url('https://x'), /not an S3 location/);
  });

  it('lists only the day folders in range, in every region, paging past 1,000 keys', async () => {
    const since = Date.parse('2026-11-19T00:00:00Z');
    const until = Date.parse('2026-11-20T23:00:00Z');
    fake.calls.clear();
    const keys = await listTrailObjects(aws(), 'eu-west-1', { bucket: 'org-trail', prefix: '' }, { since, until });
    assert.equal(keys.length, 1103);
    assert.ok(!keys.some((k) => k.includes('/2026/10/')));
    assert.ok(!keys.some((k) => k.includes('Digest')));
    // Delivery order across regions.
    assert.deepEqual(keys.slice(-3).map((k) => k.split('/')[4]), ['us-east-1', 'eu-west-1', 'ap-south-1']);
    // Walking 4 levels + region listing + (regions x days in range) day listings; the 30 old days are never listed.
    assert.ok(fake.calls.get('s3:ListObjectsV2')! < 30, `${fake.calls.get('s3:ListObjectsV2')} calls`);
  });

  it('reads objects through the streaming reader and correlates across regions', async () => {
    const report = await detectSources({ s3: ['s3://org-trail/trail/'] }, { since: Date.parse('2026-11-20T00:00:00Z'), until: Date.parse('2026-11-20T23:00:00Z') }, aws());
    assert.equal(report.input.events, 3);
    assert.deepEqual(report.alerts.map((a) => a.title), ['Instances Launched In Three Or More Regions Within 30 Minutes']);
  });

  it('names the bucket and key of a bad object', async () => {
    const account = fake.accounts.get(ACCOUNT)!;
    putObject(account, 'bad-trail', 'us-east-1', `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/20/x.json.gz`, gzipSync('{"Records": [{"eventID": 1,').subarray(0, 25));
    const problems: string[] = [];
    for await (const _ of readS3Events(aws(), 's3://bad-trail', { onProblem: (p) => problems.push(`${p.file}: ${p.kind}`) })) void _;
    assert.deepEqual(problems, [`s3://bad-trail/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/20/x.json.gz: gzip`]);
  });

  it('an object that cannot be fetched is reported by its s3:// name and the others are read', async () => {
    fake.fail({ api: 's3:GetObject', code: 'AccessDenied', status: 403, times: 1 });
    const problems: string[] = [];
    const report = await detectSources({ s3: ['s3://org-trail/trail/'] }, { since: Date.parse('2026-11-20T00:00:00Z'), until: Date.parse('2026-11-20T23:00:00Z'), onProblem: (p) => problems.push(`${p.file}: ${p.kind}: ${p.message}`) }, aws());
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /^s3:\/\/org-trail\/trail\/AWSLogs\/111122223333\/CloudTrail\/.*\.json\.gz: io: cannot read: .*AccessDenied/);
    // The first object in delivery order (an empty file of the 19th, in the delivery margin) was denied; every other was read.
    assert.match(problems[0]!, /20261119T0000Z_00000\.json\.gz/);
    assert.equal(report.input.events, 3);
    assert.deepEqual(report.input.skipped, { io: 1 });
  });

  it('a log-archive bucket: other services\' folders under an account are neither listed nor read', async () => {
    const account = fake.accounts.get(ACCOUNT)!;
    for (let y = 2020; y <= 2025; y++) {
      putObject(account, 'archive', 'us-east-1', `AWSLogs/${ACCOUNT}/Config/us-east-1/${y}/3/1/ConfigHistory/${ACCOUNT}_Config_us-east-1_ConfigHistory_x.json.gz`, gzipSync('{"fileVersion":"1.0","configurationItems":[]}'));
      putObject(account, 'archive', 'us-east-1', `AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/${y}/03/01/x.log.gz`, gzipSync('h2 x'));
    }
    putObject(account, 'archive', 'us-east-1', `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/20/${ACCOUNT}_CloudTrail_us-east-1_20261120T1000Z_a.json.gz`, gzipSync(JSON.stringify({ Records: [ev({ eventTime: '2026-11-20T10:00:00Z' })] })));
    fake.calls.clear();
    const keys = await listTrailObjects(aws(), 'us-east-1', { bucket: 'archive', prefix: '' }, { since: Date.parse('2026-11-20T00:00:00Z'), until: Date.parse('2026-11-20T23:00:00Z') });
    assert.deepEqual(keys.map((k) => k.split('/')[2]), ['CloudTrail']);
    assert.ok(fake.calls.get('s3:ListObjectsV2')! <= 6, `${fake.calls.get('s3:ListObjectsV2')} calls`);
  });

  it('below the region folder, only the days in range are listed; a layout too deep is reported, not silently empty', async () => {
    fake.calls.clear();
    const keys = await listTrailObjects(aws(), 'eu-west-1', { bucket: 'org-trail', prefix: `trail/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/` }, { since: Date.parse('2026-11-20T00:00:00Z'), until: Date.parse('2026-11-20T23:00:00Z') });
    assert.equal(keys.length, 1);
    assert.ok(fake.calls.get('s3:ListObjectsV2')! <= 4, `${fake.calls.get('s3:ListObjectsV2')} calls (the 30 October days must not be listed)`);
    const account = fake.accounts.get(ACCOUNT)!;
    putObject(account, 'deep', 'us-east-1', 'a/b/c/d/e/f/g/h/i/j/x.json.gz', gzipSync('{"Records":[]}'));
    const problems: string[] = [];
    assert.deepEqual(await listTrailObjects(aws(), 'us-east-1', { bucket: 'deep', prefix: '' }, {}, (p) => problems.push(p.message)), []);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /no AWSLogs\/ folder within 8 levels of s3:\/\/deep\//);
  });

  it('a location with no AWSLogs/ folder at all (a mistyped prefix, the wrong bucket) is reported, not read as empty', async () => {
    for (const prefix of ['trial/', 'nope/']) {
      const problems: string[] = [];
      assert.deepEqual(await listTrailObjects(aws(), 'eu-west-1', { bucket: 'org-trail', prefix }, { since: Date.parse('2026-11-20T00:00:00Z') }, (p) => problems.push(`${p.kind}: ${p.message}`)), []);
      assert.equal(problems.length, 1, prefix);
      assert.match(problems[0]!, new RegExp(`^io: no AWSLogs/ folder within 8 levels of s3://org-trail/${prefix}`));
    }
    // Below AWSLogs/, an empty range is just empty.
    const problems: string[] = [];
    await listTrailObjects(aws(), 'eu-west-1', { bucket: 'org-trail', prefix: 'trail/' }, { since: Date.parse('2026-12-20T00:00:00Z') }, (p) => problems.push(p.message));
    assert.deepEqual(problems, []);
  });

  it('day list covers the range with the delivery margin', () => {
    assert.deepEqual(daysInRange({ since: Date.parse('2026-11-19T23:50:00Z'), until: Date.parse('2026-11-20T01:00:00Z') }), ['2026/11/19', '2026/11/20']);
    assert.deepEqual(daysInRange({ since: Date.parse('2026-11-20T00:10:00Z'), until: Date.parse('2026-11-20T01:00:00Z') }), ['2026/11/19', '2026/11/20']);
  });
});

describe('LookupEvents input against the CloudTrail fake', () => {
  let fake: FakeAws;
  before(() => {
    const account = emptyAccount(ACCOUNT);
    fake = createFake([account]);
    // 60 failed console logins in us-east-1 (two pages) and a StopLogging in eu-west-1.
    for (let i = 0; i < 60; i++)
      recordEvent(account, 'us-east-1', ev({ eventTime: new Date(Date.parse('2026-11-20T10:00:00Z') + i * 5000).toISOString(), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'alice', accountId: ACCOUNT }, responseElements: { ConsoleLogin: 'Failure' } }));
    recordEvent(account, 'eu-west-1', ev({ eventTime: '2026-11-20T10:30:00Z', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', awsRegion: 'eu-west-1' }));
  });
  after(() => fake.uninstall());

  it('reads every region in time order, within the 2 requests/s limit (the fake throttles beyond)', async () => {
    const summary = newSummary();
    const problems: string[] = [];
    const events = [];
    for await (const e of lookupEvents(aws(), { regions: ['us-east-1', 'eu-west-1'], since: Date.parse('2026-11-20T09:00:00Z'), until: Date.parse('2026-11-20T11:00:00Z'), onProblem: (p) => problems.push(p.message) }, summary))
      events.push(e);
    assert.deepEqual(problems, []);
    assert.equal(events.length, 61);
    const times = events.map((e) => Date.parse(e.eventTime as string));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.equal(events.at(-1)!.eventName, 'StopLogging');
  });

  it('without the limiter the fake throttles, and the region is reported missing rather than silently empty', async () => {
    const problems: string[] = [];
    const events = [];
    for await (const e of lookupEvents(aws(), { regions: ['us-east-1'], since: Date.parse('2026-11-20T09:00:00Z'), until: Date.parse('2026-11-20T11:00:00Z'), ratePerSecond: 1000, sliceMs: 60_000, onProblem: (p) => problems.push(p.message) }))
      events.push(e);
    assert.ok(problems.some((p) => /LookupEvents failed in us-east-1: .*(Rate exceeded|Throttl)/i.test(p)), problems.join('\n'));
  });

  it('the rate limiter spaces calls by 1/rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(2, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    for (let i = 0; i < 4; i++) await limiter.take();
    assert.deepEqual(waits, [500, 500, 500]);
  });
});
