import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadBuiltinRules } from '../../src/detect/builtin.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { eventTimeAt, ownMember, RecordPrefilter } from '../../src/detect/input/prefilter.js';
import { newSummary, readEvents } from '../../src/detect/input/read.js';
import { detectFilesParallel } from '../../src/detect/parallel.js';
import { detectFiles, type DetectOptions } from '../../src/detect/run.js';
import { anchorChoices, bestChoice, coveredBy } from '../../src/detect/sigma/anchors.js';
import type { FirstSeenStore } from '../../src/detect/sigma/correlation.js';
import { at, ev, load } from './helpers.js';

/** Records every first_seen call, to compare the state two runs build. */
class RecordingFirstSeen implements FirstSeenStore {
  readonly calls: unknown[] = [];
  load(ruleId: string, group: string) {
    this.calls.push(['load', ruleId, group]);
    return undefined;
  }
  seen(ruleId: string, group: string, value: string, time: number) {
    this.calls.push(['seen', ruleId, group, value, time]);
  }
}

/** Runs detection with the prefilter on and off and asserts everything reported is the same. */
async function sameBothWays(paths: string[], opts: DetectOptions & { workers?: number } = {}) {
  const runs = [];
  for (const prefilter of [false, true]) {
    const firstSeen = new RecordingFirstSeen();
    const o = { ...opts, prefilter, firstSeen };
    const report = opts.workers ? await detectFilesParallel(paths, o) : await detectFiles(paths, o);
    runs.push({ report, firstSeen: firstSeen.calls });
  }
  const [off, on] = runs as [(typeof runs)[0], (typeof runs)[0]];
  assert.deepEqual(on.report.alerts, off.report.alerts);
  assert.deepEqual(on.report.input, off.report.input);
  assert.deepEqual(on.report.problems, off.report.problems);
  assert.deepEqual(on.firstSeen, off.firstSeen);
  return on;
}

/** What the reader does with the built-in rules' prefilter: events parsed, records skipped. */
async function readWithPrefilter(paths: string[]) {
  const filter = RecordPrefilter.forRules(loadBuiltinRules().ruleset)!;
  const skippedTimes: number[] = [];
  const events: CloudTrailEvent[] = [];
  const summary = newSummary();
  for await (const e of readEvents(paths, { prefilter: { filter, onSkip: (t) => skippedTimes.push(t) } }, summary)) events.push(e);
  return { filter, events, skippedTimes, summary };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mamori-prefilter-'));
}

/** A compact delivery file (what CloudTrail writes), or any text, gzipped. */
function gzFile(dir: string, name: string, content: CloudTrailEvent[] | string): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(typeof content === 'string' ? content : JSON.stringify({ Records: content })));
  return path;
}

const noise = (n: number, minute = 0) => Array.from({ length: n }, (_, i) => ev({ eventTime: at(minute), eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', userIdentity: { type: 'AssumedRole', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', arn: `arn:aws:sts::111122223333:assumed-role/r/s${i}` } }));
const stopLogging = (over: Record<string, unknown> = {}) => ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'main-trail' }, ...over });
const titles = (alerts: { title: string }[]) => alerts.map((a) => a.title);

describe('record prefilter', () => {
  describe('on generated trail data (bench generator: attack records, bursts, sprees)', () => {
    const root = tempDir();
    execFileSync(process.execPath, [join(process.cwd(), 'dist', 'bench', 'detect', 'generate.js'), root, '6000'], { stdio: 'pipe' });

    it('gives the same alerts, summary and first_seen state with and without it, on one thread', async () => {
      const on = await sameBothWays([root]);
      assert.equal(on.report.input.events, 6000);
      assert.ok(on.report.alerts.length > 0);
      assert.ok(on.firstSeen.length > 0);
    });

    it('gives the same with a time range (records outside it counted alike)', async () => {
      const on = await sameBothWays([root], { since: Date.parse('2026-11-15T00:00:00Z'), until: Date.parse('2026-11-18T00:00:00Z') });
      assert.ok(on.report.input.outOfRange > 0);
      assert.ok(on.report.input.events > 0);
    });

    it('gives the same with two workers, and the same as one thread', async () => {
      const on = await sameBothWays([root], { workers: 2 });
      const single = await detectFiles([root]);
      assert.deepEqual(on.report.alerts, single.alerts);
      assert.deepEqual(on.report.input, single.input);
    });

    it('actually skips most records and parses only the candidates', async () => {
      const { filter, events, skippedTimes, summary } = await readWithPrefilter([root]);
      assert.equal(events.length + skippedTimes.length, 6000);
      assert.equal(summary.events, 6000);
      assert.equal(filter.parsed, events.length);
      assert.equal(filter.skipped, skippedTimes.length);
      // About 30% of generated records can match a built-in rule (by event name, long-term key or
      // root); the rest, arrays or not, are skipped.
      assert.ok(filter.skipped > 6000 * 0.6, `skipped ${filter.skipped}`);
      assert.ok(skippedTimes.every((t) => Number.isFinite(t)));
    });
  });

  describe('adversarial records', () => {
    it('a nested {"eventVersion":…,"eventName":"StopLogging"} map in a benign record raises nothing; the real StopLogging is still found', async () => {
      const dir = tempDir();
      const nested = { eventVersion: '1.09', eventTime: at(0), eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' };
      gzFile(dir, 'a.json.gz', [...noise(5), ev({ eventName: 'TagResource', requestParameters: { tags: nested } }), ...noise(5)]);
      gzFile(dir, 'b.json.gz', [...noise(5), stopLogging({ requestParameters: { name: 'main-trail', tags: nested } }), ...noise(5)]);
      // As array elements too, where the pattern follows `},` exactly as between records, in a
      // record that would otherwise be skipped: the pieces must not become events or move time.
      const forged = { ...nested, eventTime: '2099-01-01T00:00:00Z' };
      const host = noise(1)[0]!;
      gzFile(dir, 'c.json.gz', [...noise(3), { ...host, eventName: 'TagResource', requestParameters: { list: [{ a: 1 }, forged, forged, { ...forged, eventName: 'GetObject' }] } }, ...noise(3)]);
      const on = await sameBothWays([dir]);
      const stops = on.report.alerts.filter((a) => /cloudtrail/i.test(a.title) && a.count > 0);
      assert.equal(stops.length, 1, titles(on.report.alerts).join());
      assert.equal(stops[0]!.count, 1);
      assert.equal(on.report.input.events, 11 + 11 + 7);
    });

    it('a record whose only eventName, eventTime and eventSource sit in a nested object is reported as lacking them, not counted and its time not read, as without the prefilter', async () => {
      const dir = tempDir();
      const inner = { eventTime: '2099-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject' };
      const hollow = (over: Record<string, unknown>) => {
        const { eventTime: _t, eventSource: _s, eventName: _n, ...rest } = noise(1)[0]!;
        return { ...rest, ...over };
      };
      gzFile(dir, 'a.json.gz', [...noise(3), hollow({ extra: inner }), ...noise(3)]);
      gzFile(dir, 'b.json.gz', [...noise(3), hollow({ extra: inner, resources: [{ ARN: 'arn:aws:s3:::b' }] }), ...noise(3)]);
      const on = await sameBothWays([dir]);
      assert.equal(on.report.input.events, 12);
      assert.equal(on.report.input.skipped['missing-fields'], 2);
    });

    it('a later copy of eventTime or eventSource is the one read (JSON keeps the last), as without the prefilter', async () => {
      const dir = tempDir();
      const text = (extra: string) => JSON.stringify({ Records: noise(3) }).replace('"eventID":', `${extra}"eventID":`);
      // A later eventTime far ahead: read as the record's time, it moves correlation time there.
      gzFile(dir, 'a.json.gz', text('"eventTime":"2099-01-01T00:00:00Z",'));
      // A later eventSource that is not a string: the record lacks a valid one.
      gzFile(dir, 'b.json.gz', text('"eventSource":7,'));
      // The same in records holding an array (found by the bracket scan, not a search).
      const withArray = (extra: string) => JSON.stringify({ Records: noise(3).map((e) => ({ ...e, resources: [{ ARN: 'arn:aws:s3:::b' }] })) }).replace('"eventID":', `${extra}"eventID":`);
      gzFile(dir, 'c.json.gz', withArray('"eventTime":"2099-01-01T00:00:00Z",'));
      gzFile(dir, 'd.json.gz', withArray('"eventSource":7,'));
      const on = await sameBothWays([dir]);
      assert.equal(on.report.input.events, 10);
      assert.equal(on.report.input.skipped['missing-fields'], 2);
    });

    it('finds an eventName written with a \\u escape', async () => {
      const dir = tempDir();
      const text = JSON.stringify({ Records: [...noise(4), stopLogging(), ...noise(4)] }).replace('"eventName":"StopLogging"', '"eventName":"\\u0053topLogging"');
      gzFile(dir, 'a.json.gz', text);
      const on = await sameBothWays([dir]);
      assert.equal(on.report.alerts.filter((a) => a.count === 1 && /logging/i.test(a.title)).length, 1, titles(on.report.alerts).join());
    });

    it('a second eventName key after the first is not hidden by it (JSON keeps the last)', async () => {
      const dir = tempDir();
      const text = JSON.stringify({ Records: [...noise(4), { ...noise(1)[0]!, eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', recipientAccountId: '444455556666' }, ...noise(4)] }).replace('"recipientAccountId":"444455556666"}', '"recipientAccountId":"444455556666","eventName":"StopLogging"}');
      gzFile(dir, 'a.json.gz', text);
      const on = await sameBothWays([dir]);
      assert.equal(on.report.alerts.filter((a) => /logging/i.test(a.title)).length, 1, titles(on.report.alerts).join());
    });

    it('an eventTime key that is the tail of another key (`"x\\"eventTime":…`) is not read as the record\'s time', async () => {
      const dir = tempDir();
      const text = (fake: string) => JSON.stringify({ Records: noise(3) }).replace('"eventTime":', fake);
      // The record's only eventTime is fake: it lacks one and is reported, not counted.
      gzFile(dir, 'a.json.gz', text('"x\\"eventTime":'));
      const on = await sameBothWays([dir]);
      assert.equal(on.report.input.events, 2);
      assert.equal(on.report.input.skipped['missing-fields'], 1);
      // The record's real eventTime comes earlier; the fake one, far ahead, must not put it out of range.
      const other = tempDir();
      gzFile(other, 'b.json.gz', text(`"eventTime":"${at(0)}","x\\"eventTime":"2099-01-01T00:00:00Z","y":`));
      const ranged = await sameBothWays([other], { until: Date.parse('2030-01-01T00:00:00Z') });
      assert.deepEqual([ranged.report.input.events, ranged.report.input.outOfRange], [3, 0]);
    });

    it('an array element after a record that is not a record itself (`{}`, `{"a":1}`) is reported, as without the prefilter', async () => {
      const dir = tempDir();
      const text = (extra: string) => JSON.stringify({ Records: noise(3) }).replace(/\}\]\}$/, `},${extra}]}`);
      gzFile(dir, 'a.json.gz', text('{}'));
      gzFile(dir, 'b.json.gz', text(' {"a":1}'));
      gzFile(dir, 'c.json.gz', JSON.stringify({ Records: noise(3) }).replace('},{"eventVersion"', '},{"eventSource":"x"},{"eventVersion"'));
      const on = await sameBothWays([dir]);
      assert.equal(on.report.input.events, 9);
      assert.equal(on.report.input.skipped['missing-fields'], 3);
    });

    it('reads a pretty-printed file the ordinary way, with the same result', async () => {
      const dir = tempDir();
      gzFile(dir, 'a.json.gz', JSON.stringify({ Records: [...noise(4), stopLogging(), ...noise(4)] }, null, 2));
      const on = await sameBothWays([dir]);
      assert.equal(on.report.alerts.length, 1);
      const { filter, events } = await readWithPrefilter([dir]);
      assert.equal(filter.skipped + filter.parsed, 0);
      assert.equal(events.length, 9);
    });

    it('sees a long-term key written in mixed case (AkIa…) and feeds it to first_seen', async () => {
      const dir = tempDir();
      const key = 'AkIaIOSFODNN7EXAMPLE';
      gzFile(dir, 'a.json.gz', [...noise(4), ev({ eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', userIdentity: { type: 'IAMUser', accessKeyId: key, userName: 'bob', arn: 'arn:aws:iam::111122223333:user/bob' } }), ...noise(4)]);
      const on = await sameBothWays([dir]);
      assert.ok(on.firstSeen.some((c) => Array.isArray(c) && c[0] === 'seen' && String(c[2]).includes(key)), JSON.stringify(on.firstSeen));
      const { events } = await readWithPrefilter([dir]);
      assert.deepEqual(events.map((e) => (e.userIdentity as { accessKeyId: string }).accessKeyId), [key]);
    });

    it('sees an indexed event name written in another case (Sigma matches case-insensitively)', async () => {
      const dir = tempDir();
      gzFile(dir, 'a.json.gz', [...noise(4), stopLogging({ eventName: 'STOPLOGGING' }), ...noise(2), stopLogging({ eventName: 'stopLogging', eventTime: at(90) }), ...noise(4)]);
      const on = await sameBothWays([dir]);
      const stops = on.report.alerts.filter((a) => /logging/i.test(a.title));
      assert.deepEqual(stops.map((a) => a.count), [1, 1]);
      const { events } = await readWithPrefilter([dir]);
      assert.deepEqual(events.map((e) => e.eventName), ['STOPLOGGING', 'stopLogging']);
    });

    it('sees root API activity on an event name no rule is indexed under', async () => {
      const dir = tempDir();
      gzFile(dir, 'a.json.gz', [...noise(4), ev({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' } }), ...noise(4)]);
      const on = await sameBothWays([dir]);
      assert.deepEqual(titles(on.report.alerts), ['Root API Activity']);
    });

    it('a record without eventSource, or a candidate that is not valid JSON, sends the file to the careful path, reported by line', async () => {
      const dir = tempDir();
      const missing = ev({ eventName: 'StopLogging' });
      delete missing.eventSource;
      gzFile(dir, 'a.json.gz', [...noise(3), missing, ...noise(3)]);
      gzFile(dir, 'b.json.gz', JSON.stringify({ Records: [...noise(3), stopLogging(), ...noise(3)] }).replace('"StopLogging",', '"StopLogging" "oops",'));
      const on = await sameBothWays([dir]);
      assert.deepEqual(on.report.input.skipped, { 'missing-fields': 1, 'invalid-json': 1 });
      assert.equal(on.report.input.events, 12);
      assert.ok(on.report.problems.every((p) => p.line !== undefined && p.line > 0), JSON.stringify(on.report.problems));
    });

    it('a truncated gzip file is still reported by file and position, the rest processed', async () => {
      const dir = tempDir();
      const whole = gzipSync(JSON.stringify({ Records: [...noise(200), stopLogging(), ...noise(200)] }));
      writeFileSync(join(dir, 'a.json.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
      gzFile(dir, 'b.json.gz', [...noise(3), stopLogging(), ...noise(3)]);
      const on = await sameBothWays([dir]);
      assert.equal(on.report.input.filesWithErrors, 1);
      assert.ok(on.report.problems.some((p) => p.kind === 'gzip' && p.file.endsWith('a.json.gz')), JSON.stringify(on.report.problems));
      assert.ok(on.report.alerts.some((a) => /logging/i.test(a.title)));
    });

    it('a user rule with only a negation, or keywords, turns the prefilter off; a negated filter beside a selection does not', () => {
      const rule = (det: string) => load(`title: t\nid: t1\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n${det}\nlevel: high\n`).ruleset;
      const builtin = loadBuiltinRules().ruleset;
      const plus = (det: string) => ({ ...builtin, detections: [...builtin.detections, ...rule(det).detections] });
      assert.ok(RecordPrefilter.forRules(builtin));
      assert.equal(RecordPrefilter.forRules(plus('    sel:\n        eventName: ListUsers\n    condition: not sel')), undefined);
      assert.equal(RecordPrefilter.forRules(plus('    keywords:\n        - evil\n    condition: keywords')), undefined);
      assert.ok(RecordPrefilter.forRules(plus('    sel:\n        userIdentity.userName|startswith: admin\n    filter:\n        eventType: AwsServiceEvent\n    condition: sel and not filter')));
    });

    it('a user rule turning it off still gives the same result (everything parsed)', async () => {
      const dir = tempDir();
      gzFile(dir, 'a.json.gz', [...noise(4), ev({ eventName: 'ListUsers', userAgent: 'evil-scanner' }), ...noise(4)]);
      const rules = join(dir, 'kw.yml');
      writeFileSync(rules, 'title: keyword\nid: kw\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    keywords:\n        - evil-scanner\n    condition: keywords\nlevel: high\n');
      const on = await sameBothWays([join(dir, 'a.json.gz')], { rules: [rules] });
      assert.deepEqual(titles(on.report.alerts), ['keyword']);
    });
    it('a user rule on a name every object inherits (constructor, __proto__) matches the records that spell it, with the prefilter as without', async () => {
      const dir = tempDir();
      const spelled = JSON.stringify({ Records: noise(2) }).replace('"eventID":', '"constructor":"{x}","__proto__":"{y}","eventID":');
      gzFile(dir, 'a.json.gz', spelled);
      gzFile(dir, 'b.json.gz', noise(3));
      const rule = (id: string, item: string) => {
        const path = join(dir, `${id}.yml`);
        writeFileSync(path, `title: ${id}\nid: ${id}\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        ${item}\n    condition: sel\nlevel: high\n`);
        return path;
      };
      const rules = [rule('ctor', 'constructor|exists: true'), rule('proto', "__proto__|contains: '{'"), rule('nested', 'userIdentity.toString|exists: true')];
      const on = await sameBothWays([dir], { rules, builtin: false });
      // Only the record that spells the keys, and only at the top level.
      assert.deepEqual(titles(on.report.alerts).sort(), ['ctor', 'proto']);
    });
  });

  describe('random records (seeded): nesting, escapes, duplicates, key cases', () => {
    it('every file gives the same alerts, summary and first_seen state with and without the prefilter', async () => {
      let seed = 0x5eed;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const names = ['DescribeInstances', 'ListBuckets', 'StopLogging', 'DeleteTrail', 'ConsoleLogin', 'CreateAccessKey', 'RunInstances', 'GetObject', 'PutBucketPolicy'];
      const keys = ['AKIAIOSFODNN7EXAMPLE', 'akiaIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE', 'AKIA', 'AK'];
      const nestedRecord = () => ({ eventVersion: '1.09', eventTime: at(Math.floor(rnd() * 600)), eventSource: 'cloudtrail.amazonaws.com', eventName: pick(names) });
      const dir = tempDir();
      for (let f = 0; f < 12; f++) {
        const records = Array.from({ length: 25 }, (_, i) => {
          const r: CloudTrailEvent = {
            ...noise(1, f * 10 + (i % 7))[0]!,
            eventName: pick(names),
            eventSource: pick(['cloudtrail.amazonaws.com', 'ec2.amazonaws.com', 'signin.amazonaws.com', 'iam.amazonaws.com']),
            userIdentity: { type: pick(['IAMUser', 'AssumedRole', 'Root', 'AWSService']), accessKeyId: pick(keys), userName: pick(['alice', 'bob']), arn: 'arn:aws:iam::111122223333:user/alice' },
            sourceIPAddress: pick(['198.51.100.1', '203.0.113.9', 'ec2.amazonaws.com']),
          };
          const shape = rnd();
          if (shape < 0.02) r.requestParameters = { tags: nestedRecord() };
          else if (shape < 0.05) r.requestParameters = { list: [{ a: 1 }, nestedRecord(), nestedRecord()] };
          else if (shape < 0.4) r.requestParameters = { names: ['a', 'b'] };
          else if (shape < 0.5) r.responseElements = { ConsoleLogin: pick(['Success', 'Failure']) };
          return r;
        });
        let text = JSON.stringify({ Records: records });
        // Spell some keys and values differently: escapes, spacing, a duplicate key.
        const edits: [string, string][] = [
          ['"eventName":"StopLogging"', '"eventName":"\\u0053topLogging"'],
          ['"type":"Root"', '"type":"\\u0052oot"'],
          ['"accessKeyId":"AKIA', '"accessKeyId" : "AKIA'],
          ['"eventType":"AwsApiCall"', '"eventType":"AwsApiCall","eventName":"DeleteTrail"'],
          ['"userName":"bob"', '"userName":"b\\u00f6b"'],
        ];
        for (const [from, to] of edits) if (rnd() < 0.5) text = text.replace(from, to);
        gzFile(dir, `f${String(f).padStart(2, '0')}.json.gz`, rnd() < 0.15 ? JSON.stringify(JSON.parse(text), null, 1) : text);
      }
      const on = await sameBothWays([dir]);
      assert.ok(on.report.alerts.length > 0);
      const { filter } = await readWithPrefilter([dir]);
      assert.ok(filter.skipped > 0 && filter.parsed > 0, `skipped ${filter.skipped}, parsed ${filter.parsed}`);
    });
  });

  it('reads event times from bytes exactly as Date.parse reads them', () => {
    const times = ['2026-11-13T10:00:00Z', '2026-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-02-31T00:00:00Z', '2024-02-29T12:00:00Z',
      '2026-11-13T24:00:00Z', '2026-11-13T23:59:60Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-11-00T00:00:00Z', '0099-01-01T00:00:00Z', '0999-06-01T00:00:00Z',
      '2026-11-13T10:00:00.123Z', '2026-11-13T10:00:00+09:00', '2026-11-13t10:00:00z', '2026-11-13 10:00:00Z', '2026-1a-13T10:00:00Z', 'not a time at all!!!', ''];
    for (const t of times) {
      const buf = Buffer.from(`"${t}"`);
      assert.deepEqual(eventTimeAt(buf, 1, buf.length - 1), Date.parse(t), t);
    }
  });

  describe('whole records: the bracket scan that lets records holding arrays be skipped', () => {
    // The eventName key (else the first key, at 1) is a member of the object itself; the question is whether the piece is whole.
    const check = (text: string) => ownMember(Buffer.from(text), 0, Buffer.byteLength(text), text.includes('"eventName"') ? text.indexOf('"eventName"') : 1, true);
    it('accepts one object, whatever strings hold (brackets, escaped quotes, backslashes)', () => {
      assert.equal(check('{"a":[{"b":1},{"c":[2,3]}],"s":"]}[{\\"x\\\\","t":"\\\\"}'), true);
      assert.equal(check(JSON.stringify(ev({ resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }], requestParameters: { name: 'a"]}' } }))), true);
    });
    it('rejects a record cut at a nested array, the tail of one, or two objects in a row', () => {
      const rec = JSON.stringify({ eventVersion: '1.09', requestParameters: { list: [{ a: 1 }, { eventVersion: 'x' }] } });
      const cut = rec.indexOf(',{"eventVersion":"x"');
      assert.equal(check(rec.slice(0, cut)), false);
      assert.equal(check(rec.slice(cut + 1)), false);
      assert.equal(check('{"a":1},{"b":2}'), false);
      assert.equal(check('{"a":"}'), false);
    });
    it('tells a key of the record itself from one of an object nested in it, strings skipped', () => {
      const member = (text: string, key: string, whole: boolean) => ownMember(Buffer.from(text), 0, text.length, text.indexOf(`"${key}"`), whole);
      const own = '{"s":"{\\"x\\":{","a":{"b":{}},"eventName":"x","c":{"d":[1]}}';
      assert.equal(member(own, 'eventName', false), true);
      assert.equal(member(own, 'eventName', true), true);
      const nested = '{"a":{"eventName":"x"},"s":"}}"}';
      assert.equal(member(nested, 'eventName', false), false);
      assert.equal(member(nested, 'eventName', true), false);
      // Past a nested object that closed, the depth is the record's again.
      assert.equal(member('{"a":{"b":1},"eventName":"x"}', 'eventName', false), true);
      // Whole: a later eventTime or eventSource member is the one JSON.parse keeps; nested ones are not members.
      const dup = '{"eventTime":"t","eventSource":"s","eventName":"x","r":[1],"eventTime":"u"}';
      assert.equal(member(dup, 'eventName', true), false);
      assert.equal(member(dup.replace(',"eventTime":"u"', ',"eventSource":7'), 'eventName', true), false);
      assert.equal(member(dup.replace(',"eventTime":"u"', ',"n":{"eventTime":"u","eventSource":"v"}'), 'eventName', true), true);
    });
    it('skips a benign record holding arrays (resources, lists) without parsing it', async () => {
      const dir = tempDir();
      const withArrays = noise(4).map((e) => ({ ...e, resources: [{ ARN: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1' }], requestParameters: { filterSet: { items: [{ name: 'tag:a]}' }] } } }));
      gzFile(dir, 'a.json.gz', withArrays);
      const { filter, skippedTimes } = await readWithPrefilter([dir]);
      assert.deepEqual([filter.skipped, filter.parsed, skippedTimes.length], [4, 0, 4]);
    });
  });

  describe('anchors derived from rules', () => {
    const anchorsOf = (det: Record<string, unknown>) => {
      const choices = anchorChoices(det);
      return choices && bestChoice(choices);
    };
    it('a startswith selection anchors on its key and prefix, lower-cased unless cased', () => {
      assert.deepEqual(anchorsOf({ sel: { 'userIdentity.accessKeyId|startswith': 'AKIA' }, condition: 'sel' }), [{ keys: ['accessKeyId', 'userIdentity.accessKeyId'], prefix: 'akia', cased: false }]);
      assert.deepEqual(anchorsOf({ sel: { 'userName|cased': 'Admin*' }, condition: 'sel' }), [{ keys: ['userName'], prefix: 'Admin', cased: true }]);
    });
    it('contains, regular expressions and the like anchor on the key alone; or needs both sides', () => {
      assert.deepEqual(anchorsOf({ a: { 'userAgent|contains': 'curl' }, b: { 'errorCode|re': '^Access' }, condition: 'a or b' }), [
        { keys: ['userAgent'], cased: true },
        { keys: ['errorCode'], cased: true },
      ]);
    });
    it('nothing to anchor: a negation alone, keywords, null, exists false, a field name JSON could spell otherwise', () => {
      assert.equal(anchorsOf({ a: { eventName: 'x' }, condition: 'not a' }), undefined);
      assert.equal(anchorsOf({ k: ['evil'], condition: 'k' }), undefined);
      assert.equal(anchorsOf({ a: { errorCode: null }, condition: 'a' }), undefined);
      assert.equal(anchorsOf({ a: { 'errorCode|exists': false }, condition: 'a' }), undefined);
      assert.equal(anchorsOf({ a: { 'a/b': 'x' }, condition: 'a' }), undefined);
      assert.equal(anchorsOf({ a: { eventName: 'x' }, b: { 'errorCode|exists': false }, condition: 'a or b' }), undefined);
    });
    it('1 of needs every selection as an alternative, all of any one', () => {
      const det = { s1: { eventSource: 'iam.amazonaws.com' }, s2: { 'errorCode|exists': false }, condition: '' };
      assert.equal(anchorsOf({ ...det, condition: '1 of s*' }), undefined);
      assert.deepEqual(anchorsOf({ ...det, condition: 'all of s*' }), [{ keys: ['eventSource'], prefix: 'iam.amazonaws.com', cased: false }]);
    });

    const longTermKey = [{ keys: ['accessKeyId', 'userIdentity.accessKeyId'], prefix: 'akia', cased: false }];
    it('a rule is covered by an anchor searched anyway only when every record it matches passes that anchor', () => {
      const keyed = { sel: { eventName: 'GetSecretValue', 'userIdentity.accessKeyId|startswith': 'AKIA', errorCode: null }, condition: 'sel' };
      assert.equal(coveredBy(anchorChoices(keyed)!, longTermKey), true);
      // a longer prefix implies the shorter; the key alone (exists) or another prefix does not, nor a key searched under fewer names
      assert.equal(coveredBy(anchorChoices({ sel: { eventName: 'X', 'userIdentity.accessKeyId|startswith': 'AKIAI' }, condition: 'sel' })!, longTermKey), true);
      assert.equal(coveredBy(anchorChoices({ sel: { eventName: 'X', 'userIdentity.accessKeyId|exists': true }, condition: 'sel' })!, longTermKey), false);
      assert.equal(coveredBy(anchorChoices({ sel: { eventName: 'X', 'userIdentity.accessKeyId|startswith': 'ASIA' }, condition: 'sel' })!, longTermKey), false);
      assert.equal(coveredBy(anchorChoices(keyed)!, [{ keys: ['userIdentity.accessKeyId'], prefix: 'akia', cased: false }]), false);
      // or: both sides must be covered; and: either; not: never; a list of mappings: each
      assert.equal(coveredBy(anchorChoices({ a: keyed.sel, b: { eventName: 'Y' }, condition: 'a or b' })!, longTermKey), false);
      assert.equal(coveredBy(anchorChoices({ a: keyed.sel, b: { eventName: 'Y' }, condition: 'a and b' })!, longTermKey), true);
      assert.equal(anchorChoices({ a: keyed.sel, condition: 'not a' }), undefined);
      assert.equal(coveredBy(anchorChoices({ sel: [keyed.sel, { eventName: 'Y' }], condition: 'sel' })!, longTermKey), false);
      assert.equal(coveredBy(anchorChoices({ sel: [keyed.sel, { eventName: 'Y', 'accessKeyId|startswith': 'akiaz' }], condition: 'sel' })!, longTermKey), true);
      // a cased anchor is implied only by a cased prefix
      assert.equal(coveredBy(anchorChoices(keyed)!, [{ ...longTermKey[0]!, prefix: 'AKIA', cased: true }]), false);
    });
  });

  describe('rules covered by another rule\'s anchor', () => {
    // Secrets read by a role (temporary key) and by a long-term key, and other noise.
    const read = (min: number, key: string, i: number) =>
      ev({ eventTime: at(min), eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', requestParameters: { secretId: `s-${i}` }, userIdentity: { type: key.startsWith('AKIA') ? 'IAMUser' : 'AssumedRole', arn: `arn:aws:iam::111122223333:user/u-${key}`, accountId: '111122223333', accessKeyId: key } });
    const dir = tempDir();
    gzFile(dir, 'a.json.gz', [...noise(3), ...Array.from({ length: 12 }, (_, i) => read(i / 10, 'ASIAIOSFODNN7EXAMPLE', i)), ...Array.from({ length: 12 }, (_, i) => read(i / 10, 'AKIAIOSFODNN7EXAMPLE', i)), ...noise(3)]);

    it('a role\'s reads are skipped by bytes (the secrets rule needs a long-term key, which the first-seen rule searches for); the long-term key\'s are parsed and alert', async () => {
      const { filter, events } = await readWithPrefilter([dir]);
      assert.equal(events.filter((e) => e.eventName === 'GetSecretValue').length, 12);
      assert.ok(events.every((e) => e.eventName !== 'GetSecretValue' || (e.userIdentity as { accessKeyId: string }).accessKeyId.startsWith('AKIA')));
      assert.equal(filter.skipped, 18);
      const on = await sameBothWays([dir]);
      assert.deepEqual(titles(on.report.alerts).filter((t) => /Secrets/.test(t)), ['Many Secrets Read With A Long-Term Access Key']);
    });

    it('without the rule whose anchor covers it, its event names make candidates again', async () => {
      const rules = tempDir();
      writeFileSync(join(rules, 'secrets.yml'), 'title: secrets\nid: s\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n    sel:\n        eventName: GetSecretValue\n        userIdentity.accessKeyId|startswith: AKIA\n    condition: sel\nlevel: high\n');
      const filter = RecordPrefilter.forRules(loadBuiltinRules([rules], false).ruleset)!;
      const events: CloudTrailEvent[] = [];
      for await (const e of readEvents([dir], { prefilter: { filter, onSkip: () => {} } }, newSummary())) events.push(e);
      assert.equal(events.filter((e) => e.eventName === 'GetSecretValue').length, 24);
      await sameBothWays([dir], { builtin: false, rules: [rules] });
    });
  });
});
