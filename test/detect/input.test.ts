import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { dayFolderOutOfRange, findEventFiles } from '../../src/detect/input/files.js';
import { readEventsFile } from '../../src/detect/input/events-file.js';
import { newSummary, readEvents, type InputProblem } from '../../src/detect/input/read.js';
import { RecordScanner, type ScannedRecord } from '../../src/detect/input/scanner.js';
import { at, ev, FIXTURES } from './helpers.js';

async function readAll(paths: string[], opts: Parameters<typeof readEvents>[1] = {}) {
  const problems: InputProblem[] = [];
  const summary = newSummary();
  const events = [];
  for await (const e of readEvents(paths, { ...opts, onProblem: (p) => problems.push(p) }, summary)) events.push(e);
  return { events, problems, summary };
}

function s3Layout(): string {
  const root = mkdtempSync(join(tmpdir(), 'mamori-ct-'));
  const put = (region: string, day: string, stamp: string, records: unknown[] | Buffer) => {
    const [y, m, d] = day.split('-');
    const dir = join(root, 'AWSLogs', '111122223333', 'CloudTrail', region, y!, m!, d!);
    mkdirSync(dir, { recursive: true });
    const body = Buffer.isBuffer(records) ? records : gzipSync(JSON.stringify({ Records: records }));
    writeFileSync(join(dir, `111122223333_CloudTrail_${region}_${stamp}Z_abc.json.gz`), body);
  };
  put('us-east-1', '2026-11-20', '20261120T1010', [ev({ eventTime: at(8), eventID: 'e-use1-b' })]);
  put('eu-west-1', '2026-11-20', '20261120T1005', [ev({ eventTime: at(3), awsRegion: 'eu-west-1', eventID: 'e-euw1-a' })]);
  put('us-east-1', '2026-11-20', '20261120T1000', [ev({ eventTime: at(0), eventID: 'e-use1-a' })]);
  // A day outside the range, holding a corrupt file: it must never be opened.
  put('us-east-1', '2026-11-01', '20261101T1000', Buffer.from('not gzip, not json'));
  mkdirSync(join(root, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20'), { recursive: true });
  writeFileSync(join(root, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20', 'digest.json.gz'), gzipSync('{"digestStartTime":"x"}'));
  return root;
}

describe('S3 delivery layout', () => {
  it('reads gzip files of every region in delivery order, skipping digests', async () => {
    const root = s3Layout();
    const { events, problems } = await readAll([root], { since: Date.parse('2026-11-15T00:00:00Z') });
    assert.deepEqual(events.map((e) => e.eventID), ['e-use1-a', 'e-euw1-a', 'e-use1-b']);
    assert.deepEqual(problems, [], 'the out-of-range day folder was never opened');
  });

  it('without a range, the corrupt file in the old day folder is reported with its name', async () => {
    const { events, problems, summary } = await readAll([s3Layout()]);
    assert.equal(events.length, 3);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.file, /20261101T1000Z_abc\.json\.gz$/);
    assert.equal(problems[0]!.kind, 'invalid-json');
    assert.deepEqual(summary.skipped, { 'invalid-json': 1 });
  });

  it('--since/--until filter by event time and count what they drop', async () => {
    const { events, summary } = await readAll([s3Layout()], { since: Date.parse(at(1)), until: Date.parse(at(5)) });
    assert.deepEqual(events.map((e) => e.eventID), ['e-euw1-a']);
    assert.equal(summary.outOfRange, 2);
  });

  it('a local copy of a log-archive bucket: under an account only CloudTrail/ is read, as from S3', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mamori-archive-'));
    for (const acct of ['AWSLogs/111122223333', 'AWSLogs/o-exampleorgid/444455556666']) {
      const trail = join(root, acct, 'CloudTrail', 'us-east-1', '2026', '11', '20');
      const config = join(root, acct, 'Config', 'us-east-1', '2026', '11', '20', 'ConfigHistory');
      mkdirSync(trail, { recursive: true });
      mkdirSync(config, { recursive: true });
      writeFileSync(join(trail, `x_CloudTrail_us-east-1_20261120T1000Z_a.json.gz`), gzipSync(JSON.stringify({ Records: [ev({ eventID: `ct-${acct.slice(-4)}` })] })));
      writeFileSync(join(config, `x_Config_us-east-1_ConfigHistory_AWS::IAM::User_20261120T100000Z_1.json.gz`), gzipSync(JSON.stringify({ fileVersion: '1.0', configurationItems: [] })));
    }
    const { events, problems } = await readAll([root]);
    assert.deepEqual(events.map((e) => e.eventID).sort(), ['ct-3333', 'ct-6666']);
    assert.deepEqual(problems, []);
    // Named, a folder is read whatever it is.
    assert.equal((await readAll([join(root, 'AWSLogs', '111122223333', 'Config')])).problems.length, 1);
  });

  it('day folders are judged by their date with a delivery margin', () => {
    const dir = '/x/AWSLogs/1/CloudTrail/us-east-1/2026/11/20';
    assert.equal(dayFolderOutOfRange(dir, { since: Date.parse('2026-11-21T01:00:00Z') }), true);
    assert.equal(dayFolderOutOfRange(dir, { since: Date.parse('2026-11-21T00:10:00Z') }), false);
    assert.equal(dayFolderOutOfRange(dir, { until: Date.parse('2026-11-19T12:00:00Z') }), true);
    assert.equal(dayFolderOutOfRange('/x/AWSLogs/1/CloudTrail/us-east-1/2025', { since: Date.parse('2026-01-02T00:00:00Z') }), true);
    assert.equal(dayFolderOutOfRange('/x/other/2025/01/01', { since: Date.parse('2026-01-01T00:00:00Z') }), false);
  });
});

describe('formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-fmt-'));
  const file = (name: string, body: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };

  it('a JSON array (Stratus Red Team detonation logs)', async () => {
    const { events, problems } = await readAll([join(FIXTURES, 'cloudtrail', 'stratus', 'aws.defense-evasion.cloudtrail-stop.json.gz')]);
    assert.deepEqual(events.map((e) => e.eventName), ['StopLogging']);
    assert.deepEqual(problems, []);
  });

  it('JSON Lines, gzipped or not', async () => {
    const lines = [ev({ eventID: 'l1' }), ev({ eventID: 'l2' })].map((e) => JSON.stringify(e)).join('\n') + '\n';
    assert.deepEqual((await readAll([file('a.jsonl', lines)])).events.map((e) => e.eventID), ['l1', 'l2']);
    assert.deepEqual((await readAll([file('a.jsonl.gz', gzipSync(lines))])).events.map((e) => e.eventID), ['l1', 'l2']);
  });

  it('aws cloudtrail lookup-events output (CloudTrailEvent is a JSON string)', async () => {
    const e = ev({ eventID: 'lk1', eventName: 'StopLogging' });
    const out = { Events: [{ EventId: 'lk1', EventName: 'StopLogging', ReadOnly: 'false', EventTime: '2026-11-20T10:00:00+00:00', Username: 'alice', Resources: [], CloudTrailEvent: JSON.stringify(e) }], NextToken: 'x' };
    const { events } = await readAll([file('lookup.json', JSON.stringify(out, null, 2))]);
    assert.deepEqual(events.map((x) => [x.eventID, (x.userIdentity as { userName: string }).userName]), [['lk1', 'alice']]);
  });

  it('CloudTrail Lake query results (rows of one-key objects)', async () => {
    const out = { QueryStatus: 'FINISHED', QueryResultRows: [[{ eventID: 'q1' }, { eventTime: '2026-11-20T10:00:00Z' }, { eventName: 'DeleteTrail' }, { eventSource: 'cloudtrail.amazonaws.com' }]] };
    const { events } = await readAll([file('lake.json', JSON.stringify(out))]);
    assert.deepEqual(events, [{ eventID: 'q1', eventTime: '2026-11-20T10:00:00Z', eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com' }]);
  });

  describe('CloudTrail Lake: every column is a string (GetQueryResults returns rows of string-to-string maps)', () => {
    // Lake's schema makes userIdentity and tlsDetails structs, requestParameters, responseElements and
    // additionalEventData maps, resources an array of structs; selected as they are, the query engine
    // prints them in its own notation, which is not JSON and cannot be read reliably.
    const trinoIdentity = '{type=Root, principalid=111122223333, arn=arn:aws:iam::111122223333:root, accountid=111122223333, accesskeyid=, username=null, sessioncontext=null, invokedby=null}';
    const row = (over: Record<string, string>, id: string) =>
      Object.entries({ eventID: id, eventTime: '2026-11-20 10:00:00.000', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userAgent: '[S3Console/0.4, aws-internal/3]', recipientAccountId: '111122223333', ...over }).map(([k, v]) => ({ [k]: v }));
    const lake = (...rows: Record<string, string>[][]) => JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: rows });

    it('nested columns in the engine\'s own notation: the records are read, and the file is reported once, naming the columns and the fix', async () => {
      const body = lake(row({ userIdentity: trinoIdentity, requestParameters: '{name=trail, Host=x}' }, 'a'), row({ userIdentity: trinoIdentity, requestParameters: '{name=trail}' }, 'b'));
      for (const name of ['lake-text.json', 'lake-text.json.gz']) {
        const r = await readAll([file(name, name.endsWith('.gz') ? gzipSync(body) : body)]);
        assert.deepEqual(r.events.map((e) => e.eventID), ['a', 'b'], name);
        assert.deepEqual(r.problems.map((p) => [p.kind, p.line]), [['unreadable-columns', 1]], name);
        assert.match(r.problems[0]!.message, /userIdentity, requestParameters/);
        assert.match(r.problems[0]!.message, /json_format\(CAST\(userIdentity AS JSON\)\) AS userIdentity/);
        assert.deepEqual(r.summary.skipped, { 'unreadable-columns': 1 }, name);
      }
    });

    it('nested columns selected as JSON text are read as the objects they are: rules see userIdentity.type', async () => {
      // A struct cast to JSON has every field of its type, null where the record has none: those are absent, as in the record.
      const fields = { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' };
      const identity = JSON.stringify({ ...fields, userName: null, invokedBy: null, sessionContext: { sessionIssuer: null, attributes: { mfaAuthenticated: 'false' } } });
      const resources = JSON.stringify([{ accountId: '111122223333', type: 'AWS::CloudTrail::Trail', ARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' }]);
      const r = await readAll([file('lake-json.json', lake(row({ userIdentity: identity, resources, requestParameters: '{"name":"t"}', responseElements: '', additionalEventData: 'null' }, 'j')))]);
      assert.deepEqual(r.problems, []);
      const e = r.events[0]!;
      assert.deepEqual(e.userIdentity, { ...fields, sessionContext: { attributes: { mfaAuthenticated: 'false' } } });
      assert.deepEqual(e.resources, JSON.parse(resources));
      assert.deepEqual(e.requestParameters, { name: 't' });
      assert.equal(e.responseElements, null);
      assert.equal(e.additionalEventData, null);
      // Other columns are the strings they are, even one that starts with a bracket.
      assert.equal(e.userAgent, '[S3Console/0.4, aws-internal/3]');
      const { detectFiles } = await import('../../src/detect/run.js');
      const report = await detectFiles([file('lake-json2.json', lake(row({ userIdentity: identity }, 'k')))], { prefilter: false });
      // Root API Activity leaves out calls AWS made for root (userIdentity.invokedBy exists): a null one is not one.
      assert.ok(report.alerts.some((a) => a.title === 'Root API Activity'), report.alerts.map((a) => a.title).join(' | '));
    });

    it("a struct's fields in Lake's lower-case names are given CloudTrail's (rules read userIdentity.userName, resources' ARN)", async () => {
      const identity = JSON.stringify({ type: 'IAMUser', principalid: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountid: '111122223333', accesskeyid: 'AKIAIOSFODNN7EXAMPLE', username: 'alice', invokedby: null, sessioncontext: { attributes: { mfaauthenticated: 'false' }, sessionissuer: null } });
      const resources = JSON.stringify([{ arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t', accountid: '111122223333', type: 'AWS::CloudTrail::Trail' }]);
      // a map's keys are data, kept as they are
      const r = await readAll([file('lake-lower.json', lake(row({ userIdentity: identity, resources, requestParameters: '{"name":"t","includeglobalserviceevents":"true"}' }, 'l')))]);
      assert.deepEqual(r.problems, []);
      const e = r.events[0]!;
      assert.deepEqual(e.userIdentity, { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice', sessionContext: { attributes: { mfaAuthenticated: 'false' } } });
      assert.deepEqual(e.resources, [{ ARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t', accountId: '111122223333', type: 'AWS::CloudTrail::Trail' }]);
      assert.deepEqual(e.requestParameters, { name: 't', includeglobalserviceevents: 'true' });
    });

    it('a struct cast to a JSON array without field names (as Presto casts a ROW) is reported too, not read as nothing', async () => {
      const r = await readAll([file('lake-array.json', lake(row({ userIdentity: '["Root","111122223333","arn:aws:iam::111122223333:root"]' }, 'p')))]);
      assert.deepEqual(r.events.map((e) => e.eventID), ['p']);
      assert.deepEqual(r.problems.map((p) => p.kind), ['unreadable-columns']);
      assert.match(r.problems[0]!.message, /userIdentity/);
    });

    it('rules test stops on such a file, naming it: a rule test must not pass on fields it never saw', () => {
      assert.throws(() => readEventsFile(file('lake-rt.json', lake(row({ userIdentity: trinoIdentity }, 'r')))), /lake-rt\.json: item 1 of QueryResultRows has CloudTrail Lake columns that are not JSON: userIdentity/);
      assert.deepEqual(readEventsFile(file('lake-rt2.json', lake(row({ userIdentity: '{"type":"Root"}' }, 'r')))).map((e) => (e.userIdentity as { type: string }).type), ['Root']);
    });
  });

  it('a lookup-events entry or Lake row holding no record is reported by kind and position; the rest is read', async () => {
    const good = JSON.stringify(ev({ eventID: 'ok' }));
    const lookup = `{"Events":[\n{"EventId":"a"},\n{"CloudTrailEvent":"{not json"},\n{"CloudTrailEvent":"[1]"},\n{"CloudTrailEvent":${JSON.stringify(good)}}]}`;
    const lake = `{"QueryResultRows":[\n{"eventID":"x"},\n[{"eventID":"ok"},{"eventTime":"${at(1)}"},{"eventName":"DeleteTrail"},{"eventSource":"cloudtrail.amazonaws.com"}]]}`;
    const expected: [string, string, [string, number][]][] = [
      ['lookup.json', lookup, [['missing-fields', 2], ['invalid-json', 3], ['not-a-record', 4]]],
      ['lake.json', lake, [['not-a-record', 2]]],
    ];
    for (const [name, body, problems] of expected) {
      const r = await readAll([file(name, body)]);
      assert.deepEqual(r.events.map((e) => e.eventID), ['ok'], name);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.line]), problems, name);
      assert.deepEqual(r.summary.skipped, Object.fromEntries(problems.map(([k]) => [k, problems.filter(([x]) => x === k).length])), name);
    }
    // `rules test` reads the same wrappers, and stops at the first item holding no record.
    assert.throws(() => readEventsFile(file('lookup2.json', lookup)), /lookup2\.json: item 1 of Events has no CloudTrailEvent/);
    assert.throws(() => readEventsFile(file('lake2.json', lake)), /lake2\.json: item 1 of QueryResultRows is not a CloudTrail Lake row/);
    assert.deepEqual(readEventsFile(file('lookup3.json', `{"Events":[{"CloudTrailEvent":${JSON.stringify(good)}}]}`)).map((e) => e.eventID), ['ok']);
  });

  it('splits records identically whatever the chunk boundaries', () => {
    const text = JSON.stringify({ Records: [ev({ userAgent: 'a "quoted" {brace} [x] \\ back' }), ev()] }, null, 1);
    const collect = (chunks: string[]) => {
      const out: ScannedRecord[] = [];
      const s = new RecordScanner((r) => out.push(r), (p) => assert.fail(p.message));
      for (const c of chunks) s.push(c);
      s.end();
      return out.map((r) => [JSON.parse(r.text).userAgent, r.line]);
    };
    const whole = collect([text]);
    assert.equal(whole.length, 2);
    assert.deepEqual(collect([...text]), whole);
    assert.deepEqual(collect(text.match(/[\s\S]{1,7}/g)!), whole);
  });
});

describe('bad input is reported with file and position; the rest is processed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bad-'));
  const file = (name: string, body: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const good = (id: string) => JSON.stringify(ev({ eventID: id }));

  it('truncated gzip: records before the damage are kept', async () => {
    const full = gzipSync(JSON.stringify({ Records: Array.from({ length: 2000 }, (_, i) => ev({ eventID: `t${i}` })) }));
    const p = file('trunc.json.gz', full.subarray(0, Math.floor(full.length * 0.6)));
    const { events, problems, summary } = await readAll([p]);
    assert.ok(events.length > 100 && events.length < 2000, `${events.length}`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.kind, 'gzip');
    assert.equal(problems[0]!.file, p);
    assert.equal(summary.filesWithErrors, 1);
  });

  it('damaged gzip after the last record (bytes after the member, a bad checksum, a broken second member): the records inflated are kept', async () => {
    const member = gzipSync(JSON.stringify({ Records: [ev({ eventID: 'z1' }), ev({ eventID: 'z2' })] }));
    const badCrc = Buffer.from(member);
    badCrc[badCrc.length - 8]! ^= 0xff;
    const second = gzipSync(JSON.stringify({ Records: [ev({ eventID: 'z3' })] }));
    second[2] = 0x63; // an unknown compression method
    const cases: [string, Buffer, string[], RegExp][] = [
      ['garbage.json.gz', Buffer.concat([member, Buffer.from('not gzip')]), ['z1', 'z2'], /incorrect header check/],
      ['crc.json.gz', badCrc, ['z1', 'z2'], /incorrect data check/],
      ['members.json.gz', Buffer.concat([member, second]), ['z1', 'z2'], /unknown compression method/],
    ];
    for (const [name, body, ids, why] of cases) {
      const { events, problems, summary } = await readAll([file(name, body)]);
      assert.deepEqual(events.map((e) => e.eventID), ids, name);
      assert.deepEqual(problems.map((x) => x.kind), ['gzip'], name);
      assert.match(problems[0]!.message, why, name);
      assert.deepEqual(summary.skipped, { gzip: 1 }, name);
      assert.equal(summary.filesWithErrors, 1, name);
    }
  });

  it('invalid JSON in one record, a record missing fields, a huge record', async () => {
    const huge = JSON.stringify(ev({ eventID: 'huge', requestParameters: { blob: 'x'.repeat(5000) } }));
    const noTime = JSON.stringify({ eventID: 'no-time', eventName: 'X', eventSource: 'iam.amazonaws.com' });
    const body = `{"Records": [\n${good('g1')},\n{"eventID": "broken", "eventTime": tru},\n${noTime},\n${huge},\n${good('g2')}\n]}`;
    const p = file('mixed.json', body);
    const { events, problems, summary } = await readAll([p], { maxRecordBytes: 4096 });
    assert.deepEqual(events.map((e) => e.eventID), ['g1', 'g2']);
    assert.deepEqual(problems.map((x) => [x.kind, x.line]), [['invalid-json', 3], ['missing-fields', 4], ['too-large', 5]]);
    assert.ok(problems.every((x) => x.file === p));
    assert.match(problems[1]!.message, /eventID no-time.*lacks a valid eventTime/);
    assert.deepEqual(summary.skipped, { 'invalid-json': 1, 'missing-fields': 1, 'too-large': 1 });
  });

  it('in a delivery file (one line), problems are located by column', async () => {
    const noTime = JSON.stringify({ eventID: 'no-time', eventName: 'X', eventSource: 'iam.amazonaws.com' });
    const body = `{"Records":[${good('g1')},{"eventID":"broken","eventTime":tru},${noTime},${good('g2')}]}`;
    const gz = join(mkdtempSync(join(tmpdir(), 'mamori-col-')), 'one-line.json.gz');
    writeFileSync(gz, gzipSync(body));
    const { events, problems } = await readAll([gz]);
    assert.deepEqual(events.map((e) => e.eventID), ['g1', 'g2']);
    assert.deepEqual(problems.map((x) => [x.kind, x.line, body.slice(x.column! - 1, x.column! + 13)]), [
      ['invalid-json', 1, '{"eventID":"br'],
      ['missing-fields', 1, '{"eventID":"no'],
    ]);
    assert.match(problems[0]!.message, new RegExp(`at line 1, column ${problems[0]!.column}:`));
  });

  it('an object without Records, and a truncated plain file', async () => {
    const a = await readAll([file('norecords.json', '{"Recrods": []}')]);
    assert.equal(a.problems[0]!.kind, 'not-a-record');
    assert.match(a.problems[0]!.message, /no "Records" array/);
    const b = await readAll([file('cut.json', `{"Records": [${good('c1')}, {"eventID": "c2", "eventTi`)]);
    assert.deepEqual(b.events.map((e) => e.eventID), ['c1']);
    assert.equal(b.problems[0]!.kind, 'truncated');
  });

  it('records without commas between them are read, and the defect reported', async () => {
    const { events, problems } = await readAll([file('nocomma.json', `{"Records": [${good('m1')}\n${good('m2')}]}`)]);
    assert.deepEqual(events.map((e) => e.eventID), ['m1', 'm2']);
    assert.equal(problems[0]!.kind, 'missing-comma');
    assert.equal(problems[0]!.line, 2);
  });

  it('explicitly named files are read whatever their extension; directories only take JSON files', () => {
    const d = mkdtempSync(join(tmpdir(), 'mamori-ext-'));
    writeFileSync(join(d, 'a.json'), '[]');
    writeFileSync(join(d, 'notes.txt'), 'x');
    assert.deepEqual(findEventFiles([d]).map((f) => f.slice(d.length)), ['/a.json']);
    assert.equal(findEventFiles([join(d, 'notes.txt')]).length, 1);
  });

  it('a dangling symbolic link or a link loop in a directory is reported as io; the other files are read', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mamori-links-'));
    writeFileSync(join(d, 'a.json'), JSON.stringify({ Records: [ev({ eventID: 'kept' })] }));
    symlinkSync('/nonexistent-target', join(d, 'old-link'));
    mkdirSync(join(d, 'sub'));
    symlinkSync('..', join(d, 'sub', 'up'));
    symlinkSync('loop-b.json', join(d, 'loop-a.json'));
    symlinkSync('loop-a.json', join(d, 'loop-b.json'));
    const { events, problems, summary } = await readAll([d]);
    assert.deepEqual(events.map((e) => e.eventID), ['kept'], 'the file behind sub/up is not read again');
    assert.deepEqual(problems.map((p) => [p.kind, p.file.slice(d.length)]).sort(), [['io', '/loop-a.json'], ['io', '/loop-b.json'], ['io', '/old-link'], ['io', '/sub/up']]);
    assert.match(problems.find((p) => p.file.endsWith('old-link'))!.message, /broken symbolic link/);
    assert.match(problems.find((p) => p.file.endsWith('up'))!.message, /symbolic link loop/);
    assert.deepEqual(summary.skipped, { io: 4 });
    assert.equal(summary.files, 1);
    // A path the user names that does not exist is an error, not a skipped entry.
    assert.throws(() => findEventFiles([join(d, 'nope.json')]), /nope\.json: no such file or directory/);
    assert.throws(() => findEventFiles([join(d, 'old-link')]), /old-link: broken symbolic link/);
  });

  it('a byte order mark at the start is ignored, whether the file is read whole or streamed', async () => {
    const body = `\ufeff${JSON.stringify({ Records: [ev({ eventID: 'b1' }), ev({ eventID: 'b2' })] }, null, 1)}`;
    const plain = file('bom.json', body);
    const gz = file('bom.json.gz', gzipSync(body));
    for (const opts of [{}, { maxRecordBytes: body.length - 10 }]) {
      for (const p of [plain, gz]) {
        const { events, problems, summary } = await readAll([p], opts);
        assert.deepEqual(events.map((e) => e.eventID), ['b1', 'b2'], `${p} ${JSON.stringify(opts)}`);
        assert.deepEqual(problems, []);
        assert.deepEqual(summary.skipped, {});
      }
    }
  });

  it('a UTF-16 file with its byte order mark (what PowerShell 5 writes with >) is read, whole or streamed', async () => {
    const out = { Events: [{ EventId: 'u1', CloudTrailEvent: JSON.stringify(ev({ eventID: 'u1', userAgent: 'caf\u00e9 \u{1f600}' })) }, { EventId: 'u2', CloudTrailEvent: JSON.stringify(ev({ eventID: 'u2' })) }] };
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(out, null, 4).replace(/\n/g, '\r\n'), 'utf16le')]);
    const p = file('lookup-utf16.json', body);
    for (const opts of [{}, { maxRecordBytes: 1500 }]) {
      const { events, problems } = await readAll([p], opts);
      assert.deepEqual(events.map((e) => [e.eventID, e.userAgent]), [['u1', 'caf\u00e9 \u{1f600}'], ['u2', 'aws-cli/2.15.0']], JSON.stringify(opts));
      assert.deepEqual(problems, []);
    }
  });

  it('columns do not count a byte order mark', () => {
    const got: [string, number, number][] = [];
    const scanner = new RecordScanner(
      (r) => got.push(['record', r.line, r.column]),
      (p) => got.push([p.kind, p.line, p.column]),
    );
    scanner.push('\ufeff{"eventID":"x"}\n"no"');
    scanner.end();
    assert.deepEqual(got, [['record', 1, 1], ['not-a-record', 2, 1]]);
  });

  it('a string, number, true, false or null where a record should be is reported as not-a-record with its line and counted', async () => {
    const records = `{"Records": [\n${good('s1')},\n"garbage",\n42, null,\ntrue,\n${good('s2')},\n-1.5e3\n]}`;
    const array = `[\n${good('a1')},\n"garbage",\n42,\n${good('a2')}\n]`;
    const lines = `${good('l1')}\n"just a string"\n12345\nfalse\n${good('l2')}\n`;
    const cases: [string, string | Buffer, string[], [string, number][]][] = [
      ['scalars.json', records, ['s1', 's2'], [['not-a-record', 3], ['not-a-record', 4], ['not-a-record', 4], ['not-a-record', 5], ['not-a-record', 7]]],
      ['scalars.json.gz', gzipSync(records), ['s1', 's2'], [['not-a-record', 3], ['not-a-record', 4], ['not-a-record', 4], ['not-a-record', 5], ['not-a-record', 7]]],
      ['scalars_arr.json', array, ['a1', 'a2'], [['not-a-record', 3], ['not-a-record', 4]]],
      ['scalars.jsonl', lines, ['l1', 'l2'], [['not-a-record', 2], ['not-a-record', 3], ['not-a-record', 4]]],
    ];
    for (const [name, body, ids, expected] of cases) {
      const p = file(name, body);
      // Read whole (the fast path bails out to the streaming path), and streamed from the start.
      for (const opts of [{}, { maxRecordBytes: 1500 }]) {
        const { events, problems, summary } = await readAll([p], opts);
        assert.deepEqual(events.map((e) => e.eventID), ids, name);
        assert.deepEqual(problems.map((x) => [x.kind, x.line]), expected, name);
        assert.ok(problems.every((x) => x.file === p && /is not a CloudTrail record/.test(x.message)));
        assert.deepEqual(summary.skipped, { 'not-a-record': expected.length }, name);
      }
    }
    assert.match((await readAll([file('one.json', records)])).problems[0]!.message, /a string at line 3/);
    // Text that is no JSON at all between records is invalid-json, in an array too.
    const junk = await readAll([file('junk.json', `[${good('j1')},\nnot json here,\n${good('j2')}]`)]);
    assert.deepEqual(junk.events.map((e) => e.eventID), ['j1', 'j2']);
    assert.deepEqual(junk.problems.map((x) => [x.kind, x.line]), [['invalid-json', 2]]);
  });

  it('a stray closing bracket between records is reported once; the records after it are read', async () => {
    const body = `${good('x1')}}\n${good('x2')}\n${good('x3')}\n`;
    for (const opts of [{}, { maxRecordBytes: 1500 }]) {
      const { events, problems, summary } = await readAll([file('stray.jsonl', body)], opts);
      assert.deepEqual(events.map((e) => e.eventID), ['x1', 'x2', 'x3']);
      assert.deepEqual(problems.map((x) => [x.kind, x.line, x.column]), [['invalid-json', 1, good('x1').length + 1]]);
      assert.deepEqual(summary.skipped, { 'invalid-json': 1 });
    }
    const arr = await readAll([file('stray.json', `[${good('y1')}]]\n[${good('y2')}]`)]);
    assert.deepEqual(arr.events.map((e) => e.eventID), ['y1', 'y2']);
    assert.deepEqual(arr.problems.map((x) => [x.kind, x.line]), [['invalid-json', 1]]);
  });

  it('a record cut short inside a string (a writer that stopped mid-line) loses only itself; the records after it are read', async () => {
    const cut = (id: string) => good(id).slice(0, good(id).indexOf('"userAgent":"') + 17);
    const lines = `${good('k1')}\n${cut('k2')}\n${good('k3')}\n${good('k4')}\n`;
    const records = `{"Records": [\n${good('r1')},\n${cut('r2')}\n${good('r3')},\n${good('r4')}\n]}`;
    for (const [name, body, ids, line] of [['cut.jsonl', lines, ['k1', 'k3', 'k4'], 2], ['cut-records.json', records, ['r1', 'r3', 'r4'], 3]] as const) {
      for (const opts of [{}, { maxRecordBytes: 1500 }]) {
        const { events, problems, summary } = await readAll([file(name, body)], opts);
        assert.deepEqual(events.map((e) => e.eventID), ids, name);
        assert.deepEqual(problems.map((x) => [x.kind, x.line, x.column]), [['invalid-json', line, 1]], name);
        assert.match(problems[0]!.message, new RegExp(`line ${line} ends inside a string`));
        assert.deepEqual(summary.skipped, { 'invalid-json': 1 }, name);
      }
    }
  });

  it('a record cut short outside a string (after a value, a comma, an object) loses only itself, not every record after it', async () => {
    // Where a writer stopped mid-line: right after a nested object, after a member's comma, inside
    // an object in an array after its comma, and text that is no JSON. None leaves a string open.
    const g = good('k2');
    const cuts = [
      g.slice(0, g.indexOf('"userIdentity":{') + g.slice(g.indexOf('"userIdentity":{')).indexOf('}') + 1),
      g.slice(0, g.indexOf('"userAgent":')),
      `{"eventName":"x","resources":[{"ARN":"a",`,
      '{bad json',
    ];
    for (const cut of cuts) {
      const lines = `${good('k1')}\n${cut}\n${good('k3')}\n${good('k4')}\n`;
      const records = `{"Records": [\n${good('r1')},\n${cut}\n${good('r3')},\n${good('r4')}\n]}`;
      for (const [name, body, ids, line] of [['cut.jsonl', lines, ['k1', 'k3', 'k4'], 2], ['cut-records.json', records, ['r1', 'r3', 'r4'], 3]] as const) {
        for (const opts of [{}, { maxRecordBytes: 1500 }]) {
          const { events, problems, summary } = await readAll([file(name, body)], opts);
          assert.deepEqual(events.map((e) => e.eventID), ids, `${name}: ${cut}`);
          assert.deepEqual(problems.map((x) => [x.kind, x.line, x.column]), [['invalid-json', line, 1]], `${name}: ${cut}`);
          assert.match(problems[0]!.message, new RegExp(`cut short: a record starts at line ${line + 1}`));
          assert.deepEqual(summary.skipped, { 'invalid-json': 1 }, name);
        }
      }
    }
    // Valid JSON is never cut: an object opening a line after ":", "[" or an array's ",", pretty-printed.
    const pretty = `${JSON.stringify({ ...JSON.parse(good('p1')), resources: [{ ARN: 'a' }, { ARN: 'b' }] }, null, 2)}\n${JSON.stringify(JSON.parse(good('p2')), null, 0)}\n`;
    const valid = await readAll([file('pretty.jsonl', pretty.replace(/\n +/g, '\n').replace(/: \{/g, ':\n{'))]);
    assert.deepEqual(valid.events.map((e) => e.eventID), ['p1', 'p2']);
    assert.deepEqual(valid.problems, []);
  });

  it('values that are not records are found whatever the chunk boundaries', () => {
    const text = `\ufeff{"Records": [${good('c1')}, "a \\" ] string", 12345, null, {"x": [1, "y"]}, true]}\n"tail"\n-7\nnope\n`;
    const collect = (chunks: string[]) => {
      const problems: [string, number][] = [];
      const records: number[] = [];
      const s = new RecordScanner((r) => records.push(r.line), (p) => problems.push([p.kind, p.line]));
      for (const c of chunks) s.push(c);
      s.end();
      return { records, problems };
    };
    const whole = collect([text]);
    assert.deepEqual(whole.records, [1, 1]);
    assert.deepEqual(whole.problems, [['not-a-record', 1], ['not-a-record', 1], ['not-a-record', 1], ['not-a-record', 1], ['not-a-record', 2], ['not-a-record', 3], ['invalid-json', 4]]);
    assert.deepEqual(collect([...text]), whole);
    assert.deepEqual(collect(text.match(/[\s\S]{1,5}/g)!), whole);
  });
});
