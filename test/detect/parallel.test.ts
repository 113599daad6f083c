import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadBuiltinRules } from '../../src/detect/builtin.js';
import { Detector } from '../../src/detect/engine.js';
import { complete, recordText } from '../../src/detect/event.js';
import { detectFilesParallel } from '../../src/detect/parallel.js';
import { MatchWire } from '../../src/detect/wire.js';
import { detectFiles } from '../../src/detect/run.js';
import { at, ev } from './helpers.js';

describe('parallel detection', () => {
  it('gives exactly the single-thread result, correlations across files and regions included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mamori-par-'));
    const regions = ['us-east-1', 'eu-west-1', 'ap-south-1', 'us-west-2'];
    for (let f = 0; f < 40; f++) {
      const region = regions[f % regions.length]!;
      const minute = f * 2;
      const dir = join(root, 'AWSLogs', '111122223333', 'CloudTrail', region, '2026', '11', '20');
      mkdirSync(dir, { recursive: true });
      const stamp = at(minute).replace(/[-:]/g, '').slice(0, 13);
      const records = [
        ...Array.from({ length: 50 }, (_, i) => ev({ eventTime: at(minute), eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', awsRegion: region, eventID: `f${f}-${i}` })),
        // one failed console login per file: 40 over 80 minutes, bursts of six within ten minutes
        ev({ eventTime: at(minute), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: region, sourceIPAddress: `203.0.113.${f}`, userIdentity: { type: 'IAMUser', userName: 'alice', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' } }),
        ev({ eventTime: at(minute), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: region, requestParameters: { instanceType: 't3.micro' } }),
      ];
      writeFileSync(join(dir, `111122223333_CloudTrail_${region}_${stamp}Z_${f}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
    }
    // A user rule whose base rule only feeds a correlation: workers send those events back trimmed.
    const rules = join(root, 'rules.yml');
    writeFileSync(
      rules,
      'title: new ip for user\nid: nipu\ncorrelation:\n    type: first_seen\n    rules: [any_failure]\n    group-by: [userIdentity.userName]\n    timespan: 1d\n    learning: 0s\n    condition:\n        field: sourceIPAddress\n' +
        '---\ntitle: any failure\nname: any_failure\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        responseElements.ConsoleLogin: Failure\n    condition: sel\n',
    );
    // Damage in two files, one read by this thread and one by a worker whatever their number.
    const dir = join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20');
    const whole = gzipSync(JSON.stringify({ Records: [ev({ eventTime: at(90) })] }));
    writeFileSync(join(dir, '111122223333_CloudTrail_us-east-1_20261120T1130Z_x.json.gz'), whole.subarray(0, whole.length - 9));
    writeFileSync(join(dir, '111122223333_CloudTrail_us-east-1_20261120T1131Z_y.json.gz'), whole.subarray(0, whole.length - 9));
    const single = await detectFiles([root], { rules: [rules] });
    assert.ok(single.alerts.length >= 2, single.alerts.map((a) => a.title).join());
    assert.ok(single.alerts.filter((a) => a.ruleId === 'nipu').length >= 30);
    assert.equal(single.problems.length, 2);
    // 2 threads: this one and a worker; 3: this one and two workers.
    for (const workers of [2, 3]) {
      const parallel = await detectFilesParallel([root], { workers, rules: [rules] });
      assert.deepEqual(parallel.alerts, single.alerts);
      assert.deepEqual(parallel.input, single.input);
      assert.deepEqual(parallel.problems, single.problems);
    }
  });

  it('events that only feed correlations cross between threads with what correlations read, eventID included', () => {
    // Five failed sign-ins in ten minutes, one below the threshold, and a copy of the last delivered again:
    // a copy counts once, so no alert, whether the events crossed from a worker or not.
    const { ruleset } = loadBuiltinRules();
    const failure = (m: number) => ev({ eventTime: at(m), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'bob', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' }, eventID: `fail-${m}` });
    const events = [0, 2, 4, 6, 8, 8].map(failure);
    const matcher = new Detector(ruleset);
    const matches = events.map((event, at) => ({ event, rules: matcher.match(event), feedsOnly: true, at }));
    assert.ok(matches.every((m) => m.rules.length > 0 && m.rules.every((r) => ruleset.silenced.has(r))));
    const wire = new MatchWire(ruleset);
    const crossed = wire.decode(structuredClone(wire.encode(matches)));
    assert.deepEqual(crossed.map((m) => m.event.eventID), events.map((e) => e.eventID));
    // Only what the correlations fed by this rule read (per user and per IP, per account), not every correlation's fields.
    assert.deepEqual(Object.keys(crossed[0]!.event).sort(), ['eventID', 'eventTime', 'recipientAccountId', 'sourceIPAddress', 'userIdentity.userName']);
    const d = new Detector(ruleset);
    for (const m of crossed) d.accept(m.event, m.rules);
    assert.deepEqual(d.finish(), []);
    // A sixth distinct failure does alert, through the same path.
    const d6 = new Detector(ruleset);
    const sixth = { event: failure(9), rules: matches[0]!.rules, feedsOnly: true, at: 6 };
    for (const m of wire.decode(structuredClone(wire.encode([...matches, sixth])))) d6.accept(m.event, m.rules);
    assert.deepEqual(d6.finish().map((a) => [a.title, a.count]).sort(), [['Console Login Failures For One User', 6], ['Console Login Failures From One Source IP', 6]]);
  });

  it('an event a correlation window keeps owns its record text, not the buffer of every text it crossed with', () => {
    const { ruleset } = loadBuiltinRules();
    const failure = (m: number) => ev({ eventTime: at(m), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'bob', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' }, eventID: `fail-${m}` });
    const events = [0, 1, 2].map(failure);
    const matcher = new Detector(ruleset);
    const wire = new MatchWire(ruleset);
    const crossed = wire.decode(structuredClone(wire.encode(events.map((event, at) => ({ event, rules: matcher.match(event), feedsOnly: true, at })))));
    const d = new Detector(ruleset);
    for (const m of crossed) d.accept(m.event, m.rules);
    for (const [i, m] of crossed.entries()) {
      const text = recordText(m.event);
      assert.ok(text !== undefined && typeof text !== 'string');
      assert.equal(text.bytes.length, Buffer.byteLength(JSON.stringify(events[i])));
      assert.deepEqual(complete(m.event), events[i]);
    }
  });

  it('moves correlation time event by event, as one thread: state is evicted at the same events, so a late event is judged alike', async () => {
    // A long-term key used from two IPs; more than 4096 later events (no rule matches them) push time
    // 31 days on, which evicts the first IP on one thread; then a late call from that IP, in the last
    // file, is new again to first_seen. The thread applying a worker's results must evict there too.
    const root = mkdtempSync(join(tmpdir(), 'mamori-par-'));
    const day = 86_400_000;
    const t0 = Date.parse('2026-10-01T00:00:00Z');
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const call = (t: number, ip: string, accessKeyId = 'AKIAIOSFODNN7EXAMPLE') =>
      ev({ eventTime: iso(t), eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', sourceIPAddress: ip, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId, userName: 'alice' } });
    const put = (f: number, records: ReturnType<typeof ev>[]) => writeFileSync(join(root, `f${String(f).padStart(2, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
    put(0, [call(t0, '198.51.100.1'), call(t0 + 2 * day, '198.51.100.2')]);
    for (let f = 1; f <= 8; f++) put(f, Array.from({ length: 600 }, () => call(t0 + 31 * day + 7_200_000, '203.0.113.9', 'ASIAIOSFODNN7EXAMPLE')));
    put(9, [call(t0 + 1.5 * day, '198.51.100.1')]);
    const single = await detectFiles([root]);
    assert.equal(single.alerts.length, 2);
    for (const prefilter of [false, true]) {
      const parallel = await detectFilesParallel([root], { workers: 2, prefilter });
      assert.deepEqual(parallel.alerts, single.alerts);
    }
  });

  it('values JSON cannot carry (a number too large for a double, -0) reach correlations as they are, as on one thread', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mamori-par-'));
    // RunInstances in three regions (value_count on awsRegion, grouped by the ARN), one region
    // 1e400 (Infinity), the ARN -0: both are null or 0 once through JSON.
    const regions = ['"us-east-1"', '"eu-west-1"', '1e400'];
    for (let f = 0; f < 8; f++) {
      const records = [0, 1, 2].map((i) => ev({ eventTime: at(f * 3 + i), eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', awsRegion: 'REGION', userIdentity: { type: 'IAMUser', arn: 'ARN', accountId: '111122223333', accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, eventID: `r${f}-${i}` }));
      writeFileSync(join(root, `f${f}.json.gz`), gzipSync(JSON.stringify({ Records: records }).replaceAll('"REGION"', regions[f % 3]!).replaceAll('"ARN"', '-0')));
    }
    const single = await detectFiles([root], { prefilter: false });
    assert.ok(single.alerts.length > 0);
    for (const prefilter of [false, true]) {
      const parallel = await detectFilesParallel([root], { workers: 2, prefilter });
      assert.deepEqual(parallel.alerts, single.alerts);
    }
  });
});
