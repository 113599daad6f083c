import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../../src/store/store.js';
import { AlertStore } from '../../src/store/alerts.js';
import { at, ev, FIXTURES } from './helpers.js';

const MAIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
const STRATUS = join(FIXTURES, 'cloudtrail', 'stratus');

function mamori(args: string[], db = join(mkdtempSync(join(tmpdir(), 'mamori-db-')), 'm.db')) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, MAMORI_DB: db } });
  return { code: r.status, out: r.stdout, err: r.stderr, db };
}

describe('mamori detect', () => {
  it('--format json follows the documented contract', () => {
    const r = mamori(['detect', STRATUS, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.ok(Array.isArray(doc.alerts) && doc.alerts.length > 0);
    for (const a of doc.alerts) {
      for (const k of ['ruleId', 'title', 'severity', 'principal', 'firstSeen', 'lastSeen', 'nextStep']) assert.equal(typeof a[k], 'string', k);
      for (const k of ['accessKeyIds', 'sourceIps', 'regions', 'eventIds', 'techniques']) assert.ok(Array.isArray(a[k]), k);
      assert.equal(typeof a.count, 'number');
    }
    const stop = doc.alerts.find((a: { title: string }) => a.title === 'CloudTrail Logging Stopped Or Changed');
    assert.deepEqual(stop.techniques, ['T1562.008']);
    assert.match(stop.nextStep, /^mamori respond key AKIA/);
    assert.equal(doc.input.files, 23);
  });

  it('--format jsonl and sarif', () => {
    const lines = mamori(['detect', STRATUS, '--format', 'jsonl']).out.trim().split('\n');
    assert.ok(lines.length > 5);
    assert.ok(lines.every((l) => typeof JSON.parse(l).ruleId === 'string'));
    const sarif = JSON.parse(mamori(['detect', STRATUS, '--format', 'sarif']).out);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, lines.length);
    assert.ok(sarif.runs[0].results.every((r: { partialFingerprints: object }) => r.partialFingerprints));
  });

  it('terminal output strips escape sequences an attacker put in the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-esc-'));
    const evil = ev({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      userAgent: 'x\u001b]8;;http://evil\u0007click\u001b[2J\u001b[31m',
      sourceIPAddress: '1.2.3.4\u001b[1A',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/\u001b[0mroot\u202e', accountId: '111122223333' },
    });
    writeFileSync(join(dir, 'evil.json'), JSON.stringify({ Records: [evil] }));
    const r = mamori(['detect', dir]);
    assert.match(r.out, /CloudTrail Logging Stopped/);
    assert.doesNotMatch(r.out, /[\u001b\u0007\u202e]/);
  });

  it('JSON outputs write C1 controls and bidi overrides as escapes: viewable on a terminal, the same data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-c1-'));
    const agent = 'arn:aws:iam::111122223333:user/ci\u009b2J\u0085x\u202eexe.txt';
    writeFileSync(join(dir, 'c1.json'), JSON.stringify({ Records: [ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: { type: 'IAMUser', arn: agent, accountId: '111122223333' } })] }));
    for (const format of ['json', 'jsonl', 'sarif']) {
      const out = mamori(['detect', dir, '--format', format]).out;
      assert.doesNotMatch(out, /[\u0080-\u009f\u202a-\u202e]/, format);
      assert.match(out, /\\u009b2J\\u0085x\\u202eexe/, format);
    }
    assert.ok(JSON.stringify(JSON.parse(mamori(['detect', dir, '--format', 'json']).out)).includes(agent), 'parsed back, the text is what the log held');
  });

  it('stores alerts; a second run over the same logs adds none', () => {
    const first = mamori(['detect', STRATUS, '--format', 'json']);
    const n = JSON.parse(first.out).alerts.length;
    const db = openDatabase(first.db);
    try {
      const store = new AlertStore(db);
      assert.equal(store.list(1000).length, n);
      assert.equal(store.save(JSON.parse(first.out).alerts), 0);
    } finally {
      db.close();
    }
  });

  it('runs over logs delivered late update the stored alert: one row per alert, merged within its rule\'s window', () => {
    const dir = (events: ReturnType<typeof ev>[]) => {
      const d = mkdtempSync(join(tmpdir(), 'mamori-late-'));
      writeFileSync(join(d, 'f.json'), JSON.stringify({ Records: events }));
      return d;
    };
    const stop = (m: number) => ev({ eventTime: at(m), eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    const fail = (m: number) =>
      ev({ eventTime: at(m), sourceIPAddress: `203.0.113.${m + 50}`, recipientAccountId: '111122223333', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'alice', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' } });
    const burst = (from: number) => [0, 1, 2, 3, 4, 5].map((m) => fail(from + m));
    const first = mamori(['detect', dir([stop(0), ...burst(0)]), '--format', 'json']);
    assert.equal(first.code, 0, first.err);
    // Later: a file with a StopLogging five minutes before the stored one, and a burst 20 minutes
    // after the first ended (over the 10-minute timespan of its rule: an alert of its own).
    assert.equal(mamori(['detect', dir([stop(-5), ...burst(25)]), '--format', 'json'], first.db).code, 0);
    const db = openDatabase(first.db);
    try {
      const rows = db.prepare(`SELECT rule_id, first_seen, count FROM alerts ORDER BY rule_id, first_seen`).all() as { rule_id: string; first_seen: string; count: number }[];
      const of = (title: string) => rows.filter((r) => new AlertStore(db).list(100).some((a) => a.ruleId === r.rule_id && a.title === title));
      assert.deepEqual(of('CloudTrail Logging Stopped Or Changed').map((r) => [r.first_seen, r.count]), [['2026-11-20T09:55:00.000Z', 2]]);
      assert.deepEqual(of('Console Login Failures For One User').map((r) => r.first_seen), ['2026-11-20T10:00:00.000Z', '2026-11-20T10:25:00.000Z']);
    } finally {
      db.close();
    }
  });

  it('--fail-on sets the exit code; --since filters; bad input goes to stderr with its file', () => {
    assert.equal(mamori(['detect', STRATUS, '--fail-on', 'high', '--no-store']).code, 1);
    // nothing critical: the detonations' one critical call, LeaveOrganization, was refused (a medium alert)
    assert.equal(mamori(['detect', STRATUS, '--fail-on', 'critical', '--no-store']).code, 0);
    const none = mamori(['detect', STRATUS, '--since', '2030-01-01T00:00:00Z', '--format', 'json', '--no-store']);
    assert.equal(JSON.parse(none.out).alerts.length, 0);
    assert.ok(JSON.parse(none.out).input.outOfRange > 0);
    const dir = mkdtempSync(join(tmpdir(), 'mamori-badcli-'));
    writeFileSync(join(dir, 'cut.json.gz'), gzipSync(JSON.stringify({ Records: [ev({ eventTime: at(0) })] })).subarray(0, 20));
    const r = mamori(['detect', dir, '--no-store']);
    assert.match(r.err, /cut\.json\.gz: gzip data is corrupt or truncated/);
    assert.match(r.out, /skipped: 1 gzip/);
    // A gate must not pass on input it could not read, even beside alerts that pass it.
    assert.equal(r.code, 2);
    assert.match(r.err, /1 file, object or region could not be read in full/);
    assert.equal(mamori(['detect', dir, STRATUS, '--fail-on', 'critical', '--no-store']).code, 2);
    // A record skipped inside a readable file is counted, not an error.
    writeFileSync(join(dir, 'cut.json.gz'), gzipSync(`{"Records":[${JSON.stringify(ev({ eventTime: at(0) }))},{"eventVersion":"1.09"}]}`));
    assert.equal(mamori(['detect', dir, '--no-store']).code, 0);
  });

  it('--no-builtin with no rule that loads stops before reading any input (detect) or watching (watch), exit 2', () => {
    const rules = mkdtempSync(join(tmpdir(), 'mamori-norules-'));
    writeFileSync(join(rules, 'bad.yml'), 'title: t\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        userAgent|windash: x\n    condition: sel\n');
    const logs = mkdtempSync(join(tmpdir(), 'mamori-norules-logs-'));
    writeFileSync(join(logs, 'cut.json'), '{"Records": [');
    for (const args of [['--no-builtin'], ['--no-builtin', '--rules', rules]]) {
      const r = mamori(['detect', logs, '--no-store', ...args]);
      assert.equal(r.code, 2);
      assert.match(r.err, /no rules loaded/);
      assert.doesNotMatch(r.err, /cut\.json/, 'the input was not read');
      if (args.length > 1) assert.match(r.err, /rule rejected: .*windash/);
    }
    // watch would otherwise go on to AWS and poll with no rule.
    const w = spawnSync(process.execPath, [MAIN, 'watch', 's3://no-such-bucket/AWSLogs', '--once', '--no-builtin', '--rules', rules], {
      encoding: 'utf8',
      env: { ...process.env, MAMORI_DB: join(logs, 'm.db'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_PROFILE: 'mamori-test-none', AWS_CONFIG_FILE: join(logs, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(logs, 'none') },
    });
    assert.equal(w.status, 2);
    assert.match(w.stderr, /no rules loaded/);
  });

  it('a directory holding no CloudTrail file is said on stderr, not left to read as a clean "0 alerts"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-nofiles-'));
    writeFileSync(join(dir, 'trail.log'), JSON.stringify({ Records: [ev()] }));
    const r = mamori(['detect', dir, '--no-store']);
    assert.equal(r.code, 0);
    assert.match(r.out, /0 alerts from 0 events in 0 files/);
    assert.match(r.err, /no CloudTrail files found in .*mamori-nofiles-.*: directories are searched for \.json/);
    // The file named is read, and then there is nothing to say.
    assert.doesNotMatch(mamori(['detect', join(dir, 'trail.log'), '--no-store']).err, /no CloudTrail files/);
    assert.doesNotMatch(mamori(['detect', STRATUS, '--no-store', '--since', '2030-01-01T00:00:00Z']).err, /no CloudTrail files/);
  });

  it('a dangling symbolic link or a link loop is reported with its path; the other files are read (one thread and workers)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-links-'));
    const stop = ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    for (let i = 0; i < 9; i++) writeFileSync(join(dir, `f${i}.json`), JSON.stringify({ Records: [i === 0 ? stop : ev()] }));
    symlinkSync('/nonexistent-target', join(dir, 'old-link'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    for (const workers of ['1', '2']) {
      const r = mamori(['detect', dir, '--no-store', '--format', 'json', '--workers', workers]);
      assert.equal(r.code, 0, r.err);
      const doc = JSON.parse(r.out);
      assert.equal(doc.input.files, 9);
      assert.equal(doc.input.events, 9);
      assert.deepEqual(doc.input.skipped, { io: 2 });
      assert.deepEqual(doc.problems.map((p: { file: string; kind: string }) => [p.kind, p.file.slice(dir.length)]).sort(), [['io', '/old-link'], ['io', '/sub/up']]);
      assert.ok(doc.alerts.some((a: { title: string }) => a.title === 'CloudTrail Logging Stopped Or Changed'));
      assert.match(r.err, /old-link: broken symbolic link/);
      assert.match(r.err, /sub\/up: symbolic link loop/);
    }
    const missing = mamori(['detect', join(dir, 'nope'), '--no-store']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^mamori: .*nope: no such file or directory/);
    const backwards = mamori(['detect', dir, '--no-store', '--since', '2026-11-20T12:00:00Z', '--until', '2026-11-20T10:00:00Z']);
    assert.equal(backwards.code, 2);
    assert.match(backwards.err, /--since is later than --until/);
  });

  it('a byte order mark is no problem; values that are not records are reported and counted (plain and gzip)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-values-'));
    const stop = ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    const bom = `\ufeff${JSON.stringify({ Records: [stop] })}`;
    const scalars = `{"Records":[${JSON.stringify(ev())},"garbage",42,null,true,${JSON.stringify(ev())}]}`;
    writeFileSync(join(dir, 'bom.json'), bom);
    writeFileSync(join(dir, 'bom2.json.gz'), gzipSync(bom));
    writeFileSync(join(dir, 'scalars.json'), scalars);
    writeFileSync(join(dir, 'scalars2.json.gz'), gzipSync(scalars));
    writeFileSync(join(dir, 'scalars.jsonl'), `${JSON.stringify(ev())}\n"just a string"\n${JSON.stringify(ev())}\n`);
    const r = mamori(['detect', dir, '--no-store', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.input.events, 8);
    assert.deepEqual(doc.input.skipped, { 'not-a-record': 9 });
    const where = doc.problems.map((p: { file: string; line: number; kind: string }) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.kind}`);
    assert.deepEqual(where.sort(), [...Array(4).fill('scalars.json:1:not-a-record'), 'scalars.jsonl:2:not-a-record', ...Array(4).fill('scalars2.json.gz:1:not-a-record')]);
    assert.match(r.err, /scalars\.jsonl:2:1: a string at line 2, column 1 is not a CloudTrail record/);
    // A delivery file is one line: the column finds each value in it.
    const cols = doc.problems.filter((p: { file: string }) => p.file.endsWith('scalars.json')).map((p: { column: number }) => scalars.slice(p.column - 1, p.column + 8));
    assert.deepEqual(cols, ['"garbage"', '42,null,t', 'null,true', 'true,{"ev']);
    assert.doesNotMatch(r.err, /bom/);
  });

  it('more problems than the report keeps: stderr counts every one, and the JSON says how many it left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-many-'));
    writeFileSync(join(dir, 'many.jsonl'), '42\n'.repeat(1500));
    const r = mamori(['detect', dir, '--no-store', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.deepEqual(doc.input.skipped, { 'not-a-record': 1500 });
    assert.equal(doc.problems.length, 1000);
    assert.equal(doc.problemsOmitted, 500);
    assert.match(r.err, /\.\.\. and 1480 more \(see --format json, which keeps the first 1000\)/);
  });

  it('watch needs a source', () => {
    const r = mamori(['watch']);
    assert.equal(r.code, 2);
    assert.match(r.err, /s3:\/\/bucket\/prefix or --lookup/);
  });

  it('--lookup without --since is a usage error', () => {
    const r = mamori(['detect', '--lookup']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--lookup needs --since/);
  });
});

describe('mamori rules', () => {
  it('lint reports rejected rules with file and line and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-lint-'));
    writeFileSync(join(dir, 'bad.yml'), 'title: t\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        userAgent|windash: x\n    condition: sel\n');
    const r = mamori(['rules', 'lint', dir]);
    assert.equal(r.code, 1);
    assert.match(r.out, /bad\.yml:7:9: modifier "windash" is not supported/);
    assert.equal(mamori(['rules', 'lint', join(FIXTURES, 'sigma', 'sigmahq')]).code, 0);
  });

  it('lint reports a dangling symbolic link or link loop among rule files instead of stopping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-rulelinks-'));
    writeFileSync(join(dir, 'ok.yml'), 'title: t\nid: t1\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: X\n    condition: sel\nlevel: high\n');
    symlinkSync('/nonexistent-target', join(dir, 'gone.yml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const r = mamori(['rules', 'lint', dir]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /gone\.yml: broken symbolic link/);
    assert.match(r.out, /sub\/up: symbolic link loop/);
    assert.match(r.out, /1 files, 1 rules loaded, 2 rejected/);
  });

  const STOP_RULE = 'title: Stop\nid: rt-stop\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n    sel:\n        eventName: StopLogging\n    condition: sel\nlevel: high\n';

  it('test reads {"Records": [...]} with one record a line, JSON Lines and a BOM; a file it cannot read is an error naming file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-rt-'));
    const rule = join(dir, 'rule.yml');
    writeFileSync(rule, STOP_RULE);
    const stop = () => JSON.stringify(ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }));
    const files: Record<string, string> = {
      'records-lines.json': `{"Records":[\n${stop()},\n${stop()}\n]}`,
      'lines.jsonl': `${stop()}\n${stop()}\n`,
      'pretty.jsonl': `${JSON.stringify(JSON.parse(stop()), null, 2)}\n${JSON.stringify(JSON.parse(stop()), null, 2)}\n`,
      'bom.json': `\ufeff{"Records":[${stop()}]}`,
      // aws cloudtrail lookup-events, and a CloudTrail Lake export
      'lookup.json': JSON.stringify({ Events: [{ EventId: 'x', CloudTrailEvent: stop() }] }),
      'lake.json': JSON.stringify({ QueryResultRows: [Object.entries(JSON.parse(stop())).map(([k, v]) => ({ [k]: v }))] }),
      // pages of both, one after another (each a JSON document of its own)
      'lookup-pages.json': `${JSON.stringify({ Events: [{ EventId: 'x', CloudTrailEvent: stop() }] })}\n${JSON.stringify({ Events: [{ EventId: 'y', CloudTrailEvent: stop() }] })}\n`,
      'lake-pages.json': `${JSON.stringify({ QueryResultRows: [Object.entries(JSON.parse(stop())).map(([k, v]) => ({ [k]: v }))] })}\n${JSON.stringify({ QueryResultRows: [] })}\n`,
    };
    for (const [name, body] of Object.entries(files)) {
      writeFileSync(join(dir, name), body);
      // The same file as Windows PowerShell 5 writes it (UTF-16 with a byte order mark) reads the same.
      writeFileSync(join(dir, `utf16-${name}`), Buffer.from(`\ufeff${body.replace(/^\ufeff/, '')}`, 'utf16le'));
      assert.equal(mamori(['rules', 'test', rule, '--fires-on', join(dir, `utf16-${name}`)]).code, 0, `utf16-${name}`);
      const r = mamori(['rules', 'test', rule, '--fires-on', join(dir, name)]);
      assert.equal(r.code, 0, `${name}: ${r.err}`);
      assert.match(r.out, new RegExp(`ok {3}Stop fires on .*${name}`));
    }
    writeFileSync(join(dir, 'broken.jsonl'), `${stop()}\n${stop()}\n{"eventName": tru}\n`);
    const broken = mamori(['rules', 'test', rule, '--quiet-on', join(dir, 'broken.jsonl')]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.jsonl:3: invalid JSON/);
    writeFileSync(join(dir, 'empty.json'), '');
    const empty = mamori(['rules', 'test', rule, '--quiet-on', join(dir, 'empty.json')]);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /empty\.json: no events/);
  });

  it('test: an events file whose wrapper is misspelt or whose Records is not an array is an error, not one event that passes --quiet-on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-rt-'));
    const rule = join(dir, 'rule.yml');
    writeFileSync(rule, STOP_RULE);
    const stop = ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    const cases: [string, unknown, RegExp][] = [
      ['typo.json', { Recrods: [stop] }, /typo\.json: the document is not a CloudTrail record: no "Records" array/],
      ['object.json', { Records: { 0: stop } }, /object\.json: the document is not a CloudTrail record: "Records" is not an array/],
    ];
    for (const [name, doc, message] of cases) {
      writeFileSync(join(dir, name), JSON.stringify(doc));
      for (const flag of ['--quiet-on', '--fires-on']) {
        const r = mamori(['rules', 'test', rule, flag, join(dir, name)]);
        assert.equal(r.code, 2, `${name} ${flag}: ${r.out}`);
        assert.match(r.err, message);
      }
    }
    // A record written alone is still read as one.
    writeFileSync(join(dir, 'one.json'), JSON.stringify(stop));
    assert.equal(mamori(['rules', 'test', rule, '--fires-on', join(dir, 'one.json')]).code, 0);
  });

  it('a rule file named is loaded whatever its extension; a path with no rules fails test and lint with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-rt-'));
    writeFileSync(join(dir, 'stop.sigma'), STOP_RULE);
    writeFileSync(join(dir, 'events.json'), JSON.stringify([ev({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' })]));
    const named = mamori(['rules', 'test', join(dir, 'stop.sigma'), '--fires-on', join(dir, 'events.json')]);
    assert.equal(named.code, 0, named.err);
    assert.match(named.out, /ok {3}Stop fires on/);
    assert.equal(mamori(['rules', 'lint', join(dir, 'stop.sigma')]).code, 0);
    // The directory holds no .yml/.yaml file: nothing would be tested.
    for (const args of [['rules', 'test', dir, '--fires-on', join(dir, 'events.json')], ['rules', 'lint', dir], ['rules', 'lint', join(FIXTURES, 'sigma', 'sigmahq'), dir], ['rules', 'list', '--rules', dir], ['detect', join(dir, 'events.json'), '--no-store', '--rules', dir]]) {
      const r = mamori(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, new RegExp(`no rules found in ${dir}`));
      assert.doesNotMatch(r.err, /sigmahq/);
    }
    writeFileSync(join(dir, 'blank.yml'), '# nothing yet\n');
    assert.equal(mamori(['rules', 'lint', join(dir, 'blank.yml')]).code, 2);
  });

  it('list shows built-in rules, test checks a rule against events', () => {
    assert.match(mamori(['rules', 'list']).out, /Root Access Key Created/);
    const r = mamori(['rules', 'test', join(process.cwd(), 'data', 'rules', 'defense_evasion.yml'), '--fires-on', join(STRATUS, 'aws.defense-evasion.cloudtrail-stop.json.gz')]);
    // Only the CloudTrail rule fires on a StopLogging event; the others in the file must report FAIL.
    assert.match(r.out, /ok {3}CloudTrail Logging Stopped Or Changed fires/);
    assert.match(r.out, /FAIL Budget Deleted fires/);
    assert.equal(r.code, 1);
  });
});
