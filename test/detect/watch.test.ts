import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Aws, type ClientClass } from '../../src/aws/clients.js';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { Alert } from '../../src/detect/alert.js';
import { loadBuiltinRules } from '../../src/detect/builtin.js';
import { alertFingerprint } from '../../src/detect/output.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { snsSink, webhookSink, type AlertSink } from '../../src/detect/sinks.js';
import { abortableSleep } from '../../src/util/sleep.js';
import { lookupSource, s3Source, watch, type WatchSource } from '../../src/detect/watch.js';
import { AlertStore } from '../../src/store/alerts.js';
import { SqliteFirstSeen } from '../../src/store/first-seen.js';
import { openDatabase } from '../../src/store/store.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAws } from '../fake/index.js';
import { recordEvent } from '../fake/trail.js';
import { addTopic, snsState } from '../fake/services/sns.js';
import { addBucket, putObject } from '../fake/services/s3.js';
import { gzipSync } from 'node:zlib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register as registerWatch } from '../../src/cli/commands/watch.js';
import { ev } from './helpers.js';

const { ruleset } = loadBuiltinRules();
const T0 = Date.parse('2026-11-20T10:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const at = (m: number) => new Date(min(m)).toISOString();

/** A source backed by a list the test appends to, as CloudTrail would make events available. */
function listSource(events: CloudTrailEvent[]): WatchSource {
  return {
    name: 'test',
    async *read(from, to) {
      for (const e of [...events].sort((a, b) => Date.parse(a.eventTime as string) - Date.parse(b.eventTime as string))) {
        const t = Date.parse(e.eventTime as string);
        if (t >= from && t <= to) yield e;
      }
    },
  };
}

/**
 * Like listSource, with one region that can be denied (as by an SCP): while
 * `denied()` holds, its events are not returned and an io problem says so.
 * Records the range of each read.
 */
function regionSource(events: CloudTrailEvent[], denied: () => boolean): WatchSource & { reads: [number, number][] } {
  const inner = listSource(events);
  const reads: [number, number][] = [];
  return {
    name: 'lookup:test',
    reads,
    async *read(from, to, onProblem) {
      reads.push([from, to]);
      const deny = denied();
      if (deny) onProblem({ file: 'lookup:ap-east-1', kind: 'io', message: 'AccessDenied' });
      for await (const e of inner.read(from, to, onProblem)) if (!(deny && e.awsRegion === 'ap-east-1')) yield e;
    },
  };
}

function memorySink(): AlertSink & { got: Alert[] } {
  const got: Alert[] = [];
  return { name: 'memory', got, send: async (a) => void got.push(a) };
}

const stop = (m: number) => ev({ eventTime: at(m), eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
const del = (m: number) => ev({ eventTime: at(m), eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob', accountId: '111122223333' } });
const fail = (m: number) =>
  ev({ eventTime: at(m), sourceIPAddress: `203.0.113.${m + 50}`, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'alice', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' } });

describe('mamori watch', () => {
  it('alerts once per alert across polls, catches late events, and survives a restart without repeats or gaps', async () => {
    const store = new AlertStore(openDatabase(':memory:'));
    const events: CloudTrailEvent[] = [stop(-10), fail(-3), fail(-2), fail(-1)];
    const sink = memorySink();
    let now = min(0);
    let polls = 0;
    const script: (() => void)[] = [
      // poll 2: three more failures (the threshold is six), one of them delivered late
      () => events.push(fail(1), fail(2), fail(-4)),
      // poll 3: the burst goes on: the same alert grows, nothing new is sent
      () => events.push(fail(5), fail(6)),
    ];
    const run = (maxPolls: number) =>
      watch(ruleset, {
        sources: [listSource(events)],
        sinks: [sink],
        store,
        maxPolls,
        now: () => now,
        sleep: async () => {
          script[polls++]?.();
          now += 60_000 * 4;
        },
      });
    const first = await run(3);
    assert.deepEqual(sink.got.map((a) => a.title), ['CloudTrail Logging Stopped Or Changed', 'Console Login Failures For One User']);
    assert.equal(first.polls, 3);
    assert.ok(first.updated >= 1, 'the growing burst updated the stored alert');

    // Stopped. While down, another user deletes a trail; then the watch restarts with a fresh process.
    events.push(del(12));
    now = min(20);
    polls = 99;
    await run(1);
    assert.deepEqual(sink.got.map((a) => a.title), ['CloudTrail Logging Stopped Or Changed', 'Console Login Failures For One User', 'CloudTrail Logging Stopped Or Changed']);
    assert.deepEqual(sink.got[2]!.eventNames, ['DeleteTrail']);
    const stored = store.list(100);
    assert.equal(stored.find((a) => a.title === 'Console Login Failures For One User')!.count, 8);
  });

  it('a late event before a delivered alert moves its start: one stored row, updated, and nothing sent again', async () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    const events: CloudTrailEvent[] = [stop(-5)];
    const got: Alert[] = [];
    const sink: AlertSink = { name: 'memory', send: async (a) => void got.push(structuredClone(a)) }; // as sent, not as it grew after
    let now = min(0);
    // Poll 2 reads again from the cursor minus the lateness (15 min): the event of 09:52, delivered late, is found.
    const stats = await watch(ruleset, { sources: [listSource(events)], sinks: [sink], store, maxPolls: 2, now: () => now, sleep: async () => void (events.push(stop(-8)), (now += 60_000)) });
    assert.deepEqual(got.map((a) => a.firstSeen), ['2026-11-20T09:55:00.000Z']);
    assert.equal(stats.sent, 1);
    assert.equal(stats.updated, 1);
    const rows = db.prepare(`SELECT first_seen, last_seen, count, notified FROM alerts`).all();
    assert.deepEqual(rows, [{ first_seen: '2026-11-20T09:52:00.000Z', last_seen: '2026-11-20T09:55:00.000Z', count: 2, notified: 1 }]);
    // A restart replays the same events: still one row, nothing sent.
    now = min(5);
    await watch(ruleset, { sources: [listSource(events)], sinks: [sink], store, maxPolls: 1, now: () => now });
    assert.equal(got.length, 1);
    assert.equal((db.prepare(`SELECT count(*) AS n FROM alerts`).get() as { n: number }).n, 1);
  });

  it('a poll that failed part-way is read again, the first one from the start of its lookback, and a restart too', async () => {
    const stopBy = (m: number, user: string) =>
      ev({ eventTime: at(m), awsRegion: 'ap-east-1', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${user}`, accountId: '111122223333' } });
    const store = new AlertStore(openDatabase(':memory:'));
    const sink = memorySink();
    const problems: string[] = [];
    // Polls every 30 min; the region is denied in polls 1, 2 and 4.
    const events = [stopBy(-50, 'carol'), stopBy(20, 'dave'), stopBy(80, 'erin')];
    let poll = 0;
    let now = min(0);
    const src = regionSource(events, () => [1, 2, 4].includes(++poll));
    const opts = { sources: [src], sinks: [sink], store, now: () => now, sleep: async () => void (now += 30 * 60_000), onProblem: (p: { message: string }) => problems.push(p.message) };
    await watch(ruleset, { ...opts, maxPolls: 3 });
    // Nothing of the region was read in 09:00..10:30 until poll 3, which read all of it.
    assert.deepEqual(src.reads[1], [min(-60) - 15 * 60_000, min(30)]);
    assert.deepEqual(src.reads[2], [min(-60) - 15 * 60_000, min(60)]);
    assert.deepEqual(sink.got.map((a) => a.principal).sort(), ['arn:aws:iam::111122223333:user/carol', 'arn:aws:iam::111122223333:user/dave']);
    // Poll 4 fails; the process stops; a restart reads the range poll 4 missed.
    now += 30 * 60_000;
    await watch(ruleset, { ...opts, maxPolls: 1 });
    now += 30 * 60_000;
    await watch(ruleset, { ...opts, maxPolls: 1 });
    assert.deepEqual(sink.got.map((a) => a.principal).sort(), ['arn:aws:iam::111122223333:user/carol', 'arn:aws:iam::111122223333:user/dave', 'arn:aws:iam::111122223333:user/erin']);
    assert.deepEqual(problems, ['AccessDenied', 'AccessDenied', 'AccessDenied']);
  });

  it('a source that keeps failing is read again for retryMs (6 h), then moves on and says so', async () => {
    const store = new AlertStore(openDatabase(':memory:'));
    const problems: string[] = [];
    let poll = 0;
    let now = min(0);
    const src = regionSource([], () => ++poll > 1); // denied from poll 2 on, for good
    await watch(ruleset, { sources: [src], sinks: [], store, maxPolls: 10, now: () => now, sleep: async () => void (now += 3_600_000), onProblem: (p) => problems.push(p.message) });
    const hours = (ms: number) => (ms - min(0)) / 3_600_000;
    // Polls 2..8 (1 h..7 h) read again from the cursor of poll 1; poll 8 has failed for 6 h and moves the cursor to 7 h.
    assert.deepEqual(src.reads.map(([from]) => hours(from)), [-1, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25, 6.75, 6.75]);
    assert.equal(problems.filter((m) => m === 'AccessDenied').length, 9);
    assert.equal(problems.filter((m) => /still failing after retrying for 360 min; moving on/.test(m)).length, 1);
  });

  it('the retry bound holds across restarts (watch --once from cron): the failing run is remembered in the store', async () => {
    const store = new AlertStore(openDatabase(':memory:'));
    const problems: string[] = [];
    let poll = 0;
    let now = min(0);
    const src = regionSource([], () => ++poll > 1);
    // Ten runs of one poll each, an hour apart, each a new watch (a new process).
    for (let run = 0; run < 10; run++) {
      await watch(ruleset, { sources: [src], sinks: [], store, maxPolls: 1, now: () => now, onProblem: (p) => problems.push(p.message) });
      now += 3_600_000;
    }
    const hours = (ms: number) => (ms - min(0)) / 3_600_000;
    // Each new run replays from the cursor (here 30 days and 15 minutes: no first_seen store is
    // given); the cursor stays at 0 h while the source fails, then moves on to 7 h after 6 h of
    // failures, as in one long-running process. Before, each run forgot when the failures began.
    assert.equal(problems.filter((m) => /still failing after retrying for 360 min; moving on/.test(m)).length, 1);
    assert.deepEqual(src.reads.map(([from]) => hours(from)), [-1, ...Array(7).fill(-720.25), -713.25, -713.25]);
  });

  it('a read that throws (a throttled S3 GET) is reported, the watch goes on, and the range is read again', async () => {
    const store = new AlertStore(openDatabase(':memory:'));
    const sink = memorySink();
    const problems: string[] = [];
    const inner = listSource([stop(-30)]);
    let poll = 0;
    let now = min(0);
    const src: WatchSource = {
      name: 's3:trail/',
      async *read(from, to, p) {
        if (++poll === 1) throw new Error('SlowDown');
        yield* inner.read(from, to, p);
      },
    };
    await watch(ruleset, { sources: [src], sinks: [sink], store, maxPolls: 2, now: () => now, sleep: async () => void (now += 60_000), onProblem: (p) => problems.push(p.message) });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /read failed: SlowDown/);
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging']]);
  });

  it('a restart replays only windowed correlations; first_seen history comes from the store and its alert is not sent twice', async () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    const firstSeen = new SqliteFirstSeen(db);
    const sink = memorySink();
    // Calls with the same long-term key: known from an IP for two days, then a new IP.
    const call = (m: number, ip: string) => ev({ eventTime: at(m), sourceIPAddress: ip });
    const events = [call(-2 * 1440, '198.51.100.7'), call(-10, '203.0.113.9')];
    const froms: number[] = [];
    const inner = listSource(events);
    const src: WatchSource = { name: 'test', read: (from, to, p) => (froms.push(from), inner.read(from, to, p)) };
    let now = min(0);
    const run = () => watch(ruleset, { sources: [src], sinks: [sink], store, firstSeen, initialLookbackMs: 3 * 86_400_000, maxPolls: 1, now: () => now });
    const newIp = () => sink.got.filter((a) => a.title === 'Access Key Used From A New Source IP').map((a) => a.sourceIps);
    await run();
    assert.deepEqual(newIp(), [['203.0.113.9']]);

    // Restart an hour later: the old IP again, and another new one.
    now = min(60);
    events.push(call(50, '198.51.100.7'), call(55, '192.0.2.44'));
    await run();
    const windowed = Math.max(...ruleset.correlations.filter((c) => c.type !== 'first_seen').map((c) => c.timespanMs));
    assert.ok(ruleset.correlations.some((c) => c.type === 'first_seen' && c.timespanMs > windowed));
    assert.equal(froms[1], min(0) - windowed - 15 * 60_000, 'replay: the longest windowed timespan plus lateness');
    assert.deepEqual(newIp(), [['203.0.113.9'], ['192.0.2.44']]);
  });

  it('a stop (SIGINT) during a poll ends the watch after that poll, without waiting out the interval', async () => {
    const controller = new AbortController();
    const inner = listSource([stop(-5)]);
    // The signal comes while the source is being read, as a Ctrl-C during a slow poll would.
    const src: WatchSource = { name: 'test', read: (from, to, p) => (controller.abort(), inner.read(from, to, p)) };
    const sink = memorySink();
    const started = Date.now();
    await watch(ruleset, { sources: [src], sinks: [sink], store: new AlertStore(openDatabase(':memory:')), intervalMs: 4000, signal: controller.signal, now: () => min(0) });
    assert.ok(Date.now() - started < 2000, `stopped after ${Date.now() - started} ms`);
    assert.equal(sink.got.length, 1, 'the poll under way still sent its alert');
  });

  it('a poll that dies while delivering its alerts loses none: the cursor moves only once they are sent and stored', async () => {
    const db = openDatabase(':memory:');
    let dying = false;
    // The store write fails (disk full, the database locked by another mamori): the process exits with the error.
    class DyingStore extends AlertStore {
      override save(...args: Parameters<AlertStore['save']>): number {
        if (dying) throw new Error('SQLITE_FULL: database or disk is full');
        return super.save(...args);
      }
    }
    const store = new DyingStore(db);
    const events: CloudTrailEvent[] = [];
    const sink = memorySink();
    let now = min(0);
    // As the CLI runs it: first_seen history in the store, so a restart replays 1 h 15 min; polls two hours apart.
    const opts = { sources: [listSource(events)], sinks: [sink], store, firstSeen: new SqliteFirstSeen(db), intervalMs: 2 * 3_600_000, maxPolls: 1, now: () => now };
    await watch(ruleset, opts);
    events.push(stop(10), del(12));
    now = min(120);
    dying = true;
    await assert.rejects(watch(ruleset, opts), /SQLITE_FULL/);
    // The first alert reached the sink before the store write failed; the second never did.
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging']]);
    dying = false;
    now = min(121);
    await watch(ruleset, opts);
    assert.ok(sink.got.some((a) => a.eventNames.includes('DeleteTrail')), 'the alert the dead poll never sent is sent after the restart');
  });

  it('a sink failure is reported and does not stop the others', async () => {
    const store = new AlertStore(openDatabase(':memory:'));
    const ok = memorySink();
    const errors: string[] = [];
    await watch(ruleset, {
      sources: [listSource([stop(-5)])],
      sinks: [{ name: 'broken', send: async () => { throw new Error('down'); } }, ok],
      store,
      maxPolls: 1,
      now: () => min(0),
      onSinkError: (s, _a, e) => errors.push(`${s}: ${e.message}`),
    });
    assert.equal(ok.got.length, 1);
    assert.deepEqual(errors, ['broken: down']);
  });
});

describe('alert outputs against local fakes', () => {
  const alert = (): Alert => ({
    ruleId: 'r', title: 'Root Console Login', severity: 'high', techniques: ['T1078.004'], tactics: [], principal: 'arn:aws:iam::111122223333:root <!channel>',
    principals: [], accountIds: [], accessKeyIds: [], sourceIps: ['203.0.113.5'], regions: ['us-east-1'], userAgents: ['\u001b[31mred'], eventNames: ['ConsoleLogin'],
    firstSeen: at(0), lastSeen: at(0), count: 1, eventIds: ['e1'], nextStep: 'x', file: 'f',
  });

  it('webhook: Slack-compatible JSON, mentions and control sequences neutralised', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      await webhookSink(`http://127.0.0.1:${port}/hook`).send(alert());
      const body = JSON.parse(bodies[0]!);
      assert.match(body.text, /Root Console Login/);
      assert.match(body.text, /&lt;!channel&gt;/);
      assert.doesNotMatch(body.text, /<!channel>|\u001b/);
      assert.equal(body.alert.ruleId, 'r');
    } finally {
      server.close();
    }
  });

  it('webhook: an HTTP error is an error', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await assert.rejects(webhookSink(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, { sleep: async () => {} }).send(alert()), /HTTP 500/);
    } finally {
      server.close();
    }
  });

  it('webhook: a redirect is an error, not a POST turned into a GET that drops the alert', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      req.resume();
      seen.push(`${req.method} ${req.url}`);
      // e.g. http:// given for an https:// endpoint; the target answers 200 to anything.
      if (req.url === '/hook') res.writeHead(302, { location: '/moved' }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await assert.rejects(webhookSink(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`).send(alert()), /HTTP 302/);
      assert.deepEqual(seen, ['POST /hook']);
    } finally {
      server.close();
    }
  });

  it('webhook: credentials in the URL go in an Authorization header, never into an error message', async () => {
    const auth: (string | undefined)[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      req.resume();
      auth.push(req.headers.authorization);
      res.writeHead(status).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const sink = webhookSink(`http://alerts:s3cr%40t@127.0.0.1:${(server.address() as { port: number }).port}/hook`, { sleep: async () => {} });
      await sink.send(alert());
      assert.deepEqual(auth, [`Basic ${Buffer.from('alerts:s3cr@t').toString('base64')}`]);
      status = 500;
      await assert.rejects(sink.send(alert()), (err: Error) => /HTTP 500/.test(err.message) && !/s3cr/.test(err.message));
      assert.doesNotMatch(sink.name, /s3cr/);
    } finally {
      server.close();
    }
  });

  /** A local webhook answering the given statuses in turn (the last one from then on), with their headers; counts the POSTs. */
  const statusServer = async (answers: [number, Record<string, string>?][]) => {
    const posts: string[] = [];
    const keys: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        posts.push(b);
        keys.push(req.headers['idempotency-key'] as string | undefined);
        const [status, headers] = answers[Math.min(posts.length, answers.length) - 1]!;
        res.writeHead(status, headers).end(status === 200 ? 'ok' : 'slow down');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, posts, keys, close: () => server.close() };
  };

  it('webhook: a 429 is retried after its Retry-After (at most 30 s), a 5xx after a backoff, and the alert is delivered', async () => {
    const hook = await statusServer([[429, { 'retry-after': '2' }], [503], [429, { 'retry-after': '120' }], [200]]);
    try {
      const waits: number[] = [];
      await webhookSink(hook.url, { sleep: async (ms) => void waits.push(ms) }).send(alert());
      assert.equal(hook.posts.length, 4);
      assert.deepEqual(waits, [2000, 2000, 30_000]);
      assert.equal(JSON.parse(hook.posts[3]!).alert.ruleId, 'r', 'the same alert, again');
      // A 5xx from a proxy may come after the receiver took the POST: the key lets it drop the retry.
      assert.deepEqual(hook.keys, Array(4).fill(alertFingerprint(alert())), 'every attempt carries the alert\'s key');
    } finally {
      hook.close();
    }
  });

  it('webhook: Retry-After as an HTTP date', async () => {
    const hook = await statusServer([[429, { 'retry-after': 'Fri, 20 Nov 2026 10:00:07 GMT' }], [200]]);
    try {
      const waits: number[] = [];
      await webhookSink(hook.url, { sleep: async (ms) => void waits.push(ms), now: () => min(0) }).send(alert());
      assert.deepEqual(waits, [7000]);
    } finally {
      hook.close();
    }
  });

  it('webhook: a 4xx other than 429 is not retried; a 5xx that persists is given up after 4 attempts', async () => {
    const bad = await statusServer([[400]]);
    const down = await statusServer([[500]]);
    try {
      const waits: number[] = [];
      const sleep = async (ms: number) => void waits.push(ms);
      await assert.rejects(webhookSink(bad.url, { sleep }).send(alert()), /HTTP 400$/);
      assert.equal(bad.posts.length, 1);
      assert.deepEqual(waits, []);
      await assert.rejects(webhookSink(down.url, { sleep }).send(alert()), /HTTP 500 \(4 attempts\)/);
      assert.equal(down.posts.length, 4);
      assert.deepEqual(waits, [1000, 2000, 4000]);
    } finally {
      bad.close();
      down.close();
    }
  });

  it('webhook: a stop (Ctrl-C) during the wait ends the retries, and the alert is reported undelivered', async () => {
    const hook = await statusServer([[429, { 'retry-after': '30' }]]);
    try {
      const controller = new AbortController();
      // The wait the watch uses, as the CLI stops it: the stop comes 30 s before the retry would.
      const sleep = (ms: number, signal?: AbortSignal) => {
        const slept = abortableSleep(ms, signal);
        controller.abort();
        return slept;
      };
      await assert.rejects(webhookSink(hook.url, { sleep, signal: controller.signal }).send(alert()), /HTTP 429; stopped before retrying/);
      assert.equal(hook.posts.length, 1);
    } finally {
      hook.close();
    }
  });

  it('the wait between polls and retries ends at once on a stop', async () => {
    const controller = new AbortController();
    const slept = abortableSleep(60_000, controller.signal).then(() => 'woke');
    controller.abort();
    // Settled before any timer or I/O callback runs: the 60 s timer played no part.
    assert.equal(await Promise.race([slept, new Promise((r) => setImmediate(() => r('still asleep')))]), 'woke');
    const again = abortableSleep(60_000, controller.signal).then(() => 'woke');
    assert.equal(await Promise.race([again, new Promise((r) => setImmediate(() => r('still asleep')))]), 'woke', 'already stopped: no wait');
  });

  it('SNS: a throttled Publish is retried by the SDK (adaptive retry, 6 attempts, set by the client factory), not reported undelivered', async () => {
    // A local SNS endpoint (AWS Query protocol): Throttled (HTTP 429) once, then the message id.
    const actions: string[] = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        actions.push(new URLSearchParams(b).get('Action') ?? '?');
        if (actions.length === 1)
          res.writeHead(429, { 'content-type': 'text/xml' }).end('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>Throttled</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>');
        else res.writeHead(200, { 'content-type': 'text/xml' }).end('<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></PublishResponse>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // As the CLI builds it: no maxAttempts given.
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, clientConfig: { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}` } });
    try {
      await snsSink(aws, 'arn:aws:sns:us-east-1:111122223333:alerts').send(alert());
      assert.deepEqual(actions, ['Publish', 'Publish']);
    } finally {
      aws.destroy();
      server.close();
    }
  });

  describe('SNS', () => {
    let fake: FakeAws;
    const account = emptyAccount('111122223333');
    before(() => {
      fake = createFake([account]);
      addTopic(account, 'eu-west-1', 'alerts');
    });
    after(() => fake.uninstall());
    const aws = () => new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });

    it('publishes to the topic in its own region with a valid subject', async () => {
      const long = { ...alert(), title: 'T'.repeat(300) };
      await snsSink(aws(), 'arn:aws:sns:eu-west-1:111122223333:alerts').send(long);
      const [m] = snsState(account.regions.get('eu-west-1')!).topics.get('arn:aws:sns:eu-west-1:111122223333:alerts')!.messages;
      assert.ok(m!.Subject!.length < 100);
      assert.equal(JSON.parse(m!.Message).alert.title, long.title);
    });

    it('a missing topic fails loudly', async () => {
      await assert.rejects(snsSink(aws(), 'arn:aws:sns:eu-west-1:111122223333:nope').send(alert()), /NotFound|does not exist/);
    });
  });
});

describe('watch over LookupEvents (CloudTrail fake)', () => {
  let fake: FakeAws;
  const account = emptyAccount('111122223333');
  before(() => (fake = createFake([account])));
  after(() => fake.uninstall());

  it('polls every region and alerts once', async () => {
    recordEvent(account, 'eu-west-1', stop(-5));
    const store = new AlertStore(openDatabase(':memory:'));
    const sink = memorySink();
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const problems: string[] = [];
    let now = min(0);
    await watch(ruleset, {
      sources: [lookupSource(aws, ['us-east-1', 'eu-west-1'])],
      sinks: [sink],
      store,
      maxPolls: 2,
      now: () => now,
      sleep: async () => void (now += 60_000),
      onProblem: (p) => problems.push(p.message),
    });
    assert.deepEqual(problems, []);
    assert.equal(sink.got.length, 1);
    assert.equal(sink.got[0]!.title, 'CloudTrail Logging Stopped Or Changed');
  });

  it('the cursor belongs to the account, not to the set of enabled regions: enabling a region leaves no gap', async () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    const sink = memorySink();
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const run = (regions: string[], at: number) =>
      watch(ruleset, { sources: [lookupSource(aws, regions, '111122223333')], sinks: [sink], store, firstSeen: new SqliteFirstSeen(db), maxPolls: 1, now: () => at });
    await run(['eu-west-1', 'us-east-1'], min(200));
    // Down for three hours; meanwhile a trail is deleted, and the account opts in to another region.
    recordEvent(account, 'us-east-1', del(260));
    const region = account.regions.get('ap-east-1')!;
    const optIn = region.optIn;
    region.optIn = 'opted-in';
    try {
      await run(['ap-east-1', 'eu-west-1', 'us-east-1'], min(380));
    } finally {
      region.optIn = optIn;
    }
    assert.ok(sink.got.some((a) => a.eventNames.includes('DeleteTrail')), 'the events of the downtime are read');
    assert.notEqual(lookupSource(aws, ['us-east-1'], '111122223333').name, lookupSource(aws, ['us-east-1'], '444455556666').name, 'two accounts, two cursors');
  });

  it('a cursor stored by the earlier build (named after the enabled regions) is adopted once: an upgrade neither skips back to the 1 h lookback nor forgets when failures began', async () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    // The store as the build before the account-named cursor left it: `lookup:default:<enabled regions>`, its
    // last poll at 11:40 (failing since 11:10), and an older cursor from before a region was enabled.
    store.setCursor('lookup:default:eu-west-1,us-east-1', min(100));
    store.setCursor('lookup:default:eu-west-1,us-east-1#failing-since', min(70));
    store.setCursor('lookup:default:us-east-1', min(40));
    // Stopped for five hours, during which a trail is deleted (13:20).
    recordEvent(account, 'us-east-1', ev({ eventTime: at(200), eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333' } }));
    const sink = memorySink();
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    // LookupEvents' 2 calls a second are not waited out here.
    const rate = fake.enforceLookupRate;
    fake.enforceLookupRate = false;
    const run = (t: number) => watch(ruleset, { sources: [lookupSource(aws, ['eu-west-1', 'us-east-1'], '111122223333', { sleep: async () => {} })], sinks: [sink], store, firstSeen: new SqliteFirstSeen(db), maxPolls: 1, now: () => t });
    try {
      // The upgraded build starts at 16:40; its first poll fails in a region, the next one reads everything.
      fake.fail({ api: 'cloudtrail:LookupEvents', code: 'AccessDenied', status: 400, times: 1 });
      await run(min(400));
      assert.equal(store.cursor('lookup:111122223333'), min(100), 'the old position, not moved by the failed poll');
      assert.equal(store.cursor('lookup:111122223333#failing-since'), min(70), 'the retry bound counts from when the failures began');
      assert.equal(store.cursor('lookup:default:eu-west-1,us-east-1'), undefined, 'adopted once: the old cursors are gone');
      assert.equal(store.cursor('lookup:default:eu-west-1,us-east-1#failing-since'), undefined);
      assert.equal(store.cursor('lookup:default:us-east-1'), undefined);
      await run(min(401));
    } finally {
      fake.enforceLookupRate = rate;
    }
    assert.deepEqual(sink.got.filter((a) => a.principal.endsWith('user/mallory')).map((a) => a.eventNames), [['DeleteTrail']], 'the events of the downtime are read');
    assert.equal(store.cursor('lookup:111122223333'), min(401));
  });

  it('mamori watch --lookup keeps its cursor under the account it reads; --once exits 2 when a region could not be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-watch-'));
    const env = { MAMORI_DB: join(dir, 'm.db'), AWS_ACCESS_KEY_ID: EXAMPLE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: EXAMPLE_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    // The store was used by the earlier build, whose cursor was named after the enabled regions: the first run takes it over.
    const before = openDatabase(env.MAMORI_DB);
    new AlertStore(before).setCursor('lookup:default:ap-south-1,eu-west-1,us-east-1', Date.now() - 20 * 60_000);
    before.close();
    // The tests above have just called LookupEvents in two of these regions, and a mocked client does not retry.
    const rate = fake.enforceLookupRate;
    fake.enforceLookupRate = false;
    try {
      const program = new Command().exitOverride();
      registerWatch(program);
      await program.parseAsync(['watch', '--lookup', '--once', '--format', 'none'], { from: 'user' });
      assert.equal(process.exitCode ?? 0, 0);
      // A cron job must be able to tell a poll that missed a region: --once then exits 2.
      fake.fail({ api: 'cloudtrail:LookupEvents', code: 'AccessDenied', status: 400, times: 1 });
      await program.parseAsync(['watch', '--lookup', '--once', '--format', 'none'], { from: 'user' });
      assert.equal(process.exitCode, 2);
    } finally {
      process.exitCode = undefined;
      fake.enforceLookupRate = rate;
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    }
    const db = openDatabase(env.MAMORI_DB);
    const sources = (db.prepare('SELECT source FROM detect_cursors').all() as { source: string }[]).map((r) => r.source);
    db.close();
    // (beside it, since the second run, when its failures began: `#failing-since`; the earlier build's cursor is gone)
    assert.deepEqual(sources.sort(), ['lookup:111122223333', 'lookup:111122223333#failing-since']);
  });
});

describe('watch over a trail bucket (S3 fake)', () => {
  let fake: FakeAws;
  const account = emptyAccount('111122223333');
  before(() => (fake = createFake([account])));
  after(() => fake.uninstall());
  /** A delivery file in `bucket`, named for minute `m` (delivery time in the name, as CloudTrail does). */
  const deliverTo = (bucket: string) => (m: number, events: CloudTrailEvent[]) => {
    const stamp = at(m).replace(/[-:]/g, '').slice(0, 13);
    putObject(account, bucket, 'us-east-1', `AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_${stamp}Z_${m}.json.gz`, gzipSync(JSON.stringify({ Records: events })));
  };

  it('reads objects delivered between polls once, and a restart sends nothing twice', async () => {
    const deliver = deliverTo('trail');
    deliver(-5, [stop(-6)]);
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const store = new AlertStore(openDatabase(':memory:'));
    const sink = memorySink();
    let now = min(0);
    const problems: string[] = [];
    const opts = (maxPolls: number) => ({
      sources: [s3Source(aws, 's3://trail')],
      sinks: [sink],
      store,
      maxPolls,
      now: () => now,
      onProblem: (p: { message: string }) => problems.push(p.message),
      sleep: async () => {
        deliver(3, [del(2)]);
        now = min(5);
      },
    });
    await watch(ruleset, opts(2));
    assert.deepEqual(problems, []);
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging'], ['DeleteTrail']]);
    now = min(30);
    await watch(ruleset, { ...opts(1), sleep: async () => {} });
    assert.equal(sink.got.length, 2, 'nothing re-sent after the restart');
  });

  it('an object that cannot be fetched is reported and retried; the objects after it are read meanwhile', async () => {
    const put = deliverTo('trail2');
    put(-10, [stop(-11)]);
    put(-5, [del(-6)]);
    fake.fail({ api: 's3:GetObject', code: 'AccessDenied', status: 403, times: 1 }); // the first object, on the first poll
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const sink = memorySink();
    const problems: string[] = [];
    let now = min(0);
    await watch(ruleset, { sources: [s3Source(aws, 's3://trail2')], sinks: [sink], store: new AlertStore(openDatabase(':memory:')), maxPolls: 2, now: () => now, sleep: async () => void (now = min(1)), onProblem: (p) => problems.push(`${p.file}: ${p.message}`) });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^s3:\/\/trail2\/AWSLogs\/.*T0950Z_-10\.json\.gz: cannot read: .*AccessDenied/);
    // The second object on the first poll, the first one again on the second.
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['DeleteTrail'], ['StopLogging']]);
  });

  it('the first start reads back the initial lookback (1 h), not the whole day folder', async () => {
    const put = deliverTo('trail4');
    // Delivered at 01:00 and at 09:50 the same day; the watch starts at 10:00 with no cursor.
    put(-540, [stop(-545)]);
    put(-10, [del(-12)]);
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const sink = memorySink();
    await watch(ruleset, { sources: [s3Source(aws, 's3://trail4')], sinks: [sink], store: new AlertStore(openDatabase(':memory:')), maxPolls: 1, now: () => min(0) });
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['DeleteTrail']], 'nine hours back is outside the 1 h lookback');
  });

  it('an object whose download breaks off is fetched again on the next poll, not taken as read', async () => {
    const key = `AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0955Z_a.json.gz`;
    putObject(account, 'trail3', 'us-east-1', key, gzipSync(JSON.stringify({ Records: [stop(-6)] })));
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    // The GET answers 200, then the connection is reset a few bytes into the body (ECONNRESET).
    let broken = 1;
    const send = aws.send.bind(aws);
    aws.send = (async (Ctor: ClientClass, region: string, command: object) => {
      const out = await send(Ctor, region, command);
      if (command instanceof GetObjectCommand && broken-- > 0) {
        const body = out.Body as Readable;
        out.Body = Readable.from((async function* () {
          for await (const chunk of body) yield (chunk as Buffer).subarray(0, 10);
          throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        })());
      }
      return out;
    }) as Aws['send'];
    const sink = memorySink();
    const problems: string[] = [];
    let now = min(0);
    await watch(ruleset, { sources: [s3Source(aws, 's3://trail3')], sinks: [sink], store: new AlertStore(openDatabase(':memory:')), maxPolls: 2, now: () => now, sleep: async () => void (now = min(1)), onProblem: (p) => problems.push(`${p.file}: ${p.message}`) });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /T0955Z_a\.json\.gz: cannot read: read ECONNRESET/);
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging']], 'the second poll read the object whole');
  });
});

describe('watch over an organization trail (S3 fake): ListObjectsV2 calls per poll', () => {
  let fake: FakeAws;
  const account = emptyAccount('999988887777');
  before(() => (fake = createFake([account])));
  after(() => fake.uninstall());
  const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1'];
  const member = (i: number) => String(100000000000 + i);
  /** A delivery file of an organization trail: `AWSLogs/o-.../<member>/CloudTrail/<region>/YYYY/MM/DD/<member>_CloudTrail_<region>_<stamp>Z_<tag>.json.gz`. */
  const deliver = (bucket: string, acct: string, region: string, m: number, events: CloudTrailEvent[], tag = 'x') => {
    const stamp = at(m).replace(/[-:]/g, '').slice(0, 13);
    const day = at(m).slice(0, 10).replace(/-/g, '/');
    putObject(account, bucket, 'us-east-1', `AWSLogs/o-exampleorg1/${acct}/CloudTrail/${region}/${day}/${acct}_CloudTrail_${region}_${stamp}Z_${tag}.json.gz`, gzipSync(JSON.stringify({ Records: events })));
  };
  /** An Aws whose ListObjectsV2 requests are recorded (Prefix, StartAfter). */
  const recordingAws = () => {
    const aws = new Aws({ region: 'us-east-1', credentials: async () => EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const lists: { Prefix?: string; StartAfter?: string }[] = [];
    const send = aws.send.bind(aws);
    aws.send = (async (Ctor: ClientClass, region: string, command: object) => {
      if (command.constructor.name === 'ListObjectsV2Command') {
        const input = (command as { input: { Prefix?: string; StartAfter?: string } }).input;
        lists.push({ ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}), ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}) });
      }
      return send(Ctor, region, command);
    }) as Aws['send'];
    return { aws, lists };
  };

  it('50 accounts x 17 regions: the account and region folders are not listed again on every poll', async () => {
    for (let a = 0; a < 50; a++) for (const r of REGIONS) deliver('org-big', member(a), r, -20, []);
    const { aws, lists } = recordingAws();
    const perPoll: number[] = [];
    let now = min(0);
    let seen = 0;
    const problems: string[] = [];
    await watch(ruleset, {
      sources: [s3Source(aws, 's3://org-big')],
      sinks: [],
      store: new AlertStore(openDatabase(':memory:')),
      maxPolls: 6,
      now: () => now,
      onProblem: (p) => problems.push(p.message),
      sleep: async () => {
        perPoll.push(lists.length - seen);
        seen = lists.length;
        now += 60_000;
      },
    });
    perPoll.push(lists.length - seen);
    assert.deepEqual(problems, []);
    // 1 (bucket root) + 1 (AWSLogs/) + 1 (o-exampleorg1/) + 50 (each account's CloudTrail/) to find the region folders, then one day folder per account and region.
    // Before, the region folders were looked for again on every poll: 903 requests each time.
    const structure = 3 + 50;
    const dayFolders = 50 * REGIONS.length;
    assert.deepEqual(perPoll, [structure + dayFolders, dayFolders, dayFolders, dayFolders, dayFolders, dayFolders]);
  });

  it('a busy region: its day folder is listed from the delivery time the poll needs (StartAfter), not from midnight', async () => {
    // 3,000 files since midnight (5 a minute), as a busy account's region delivers them; the last ones hold a StopLogging.
    const acct = member(0);
    for (let m = -600; m < 0; m++) for (let i = 0; i < 5; i++) deliver('busy', acct, 'eu-west-1', m, m === -2 && i === 0 ? [stop(-3)] : [], `f${i}`);
    const { aws, lists } = recordingAws();
    const sink = memorySink();
    const perPoll: number[] = [];
    let seen = 0;
    let now = min(0);
    const dayFolder = `AWSLogs/o-exampleorg1/${acct}/CloudTrail/eu-west-1/2026/11/20/`;
    await watch(ruleset, {
      sources: [s3Source(aws, 's3://busy')],
      sinks: [sink],
      store: new AlertStore(openDatabase(':memory:')),
      maxPolls: 3,
      now: () => now,
      sleep: async () => {
        perPoll.push(lists.slice(seen).filter((l) => l.Prefix === dayFolder).length);
        seen = lists.length;
        // A file delivered between polls, named a minute after the last one.
        deliver('busy', acct, 'eu-west-1', (now - min(0)) / 60_000, [del((now - min(0)) / 60_000 - 1)], 'new');
        now += 60_000;
      },
    });
    perPoll.push(lists.slice(seen).filter((l) => l.Prefix === dayFolder).length);
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging'], ['DeleteTrail']]);
    // One page each: the 3,000 files since midnight are not listed again on every poll (before: 3, 4, 4).
    assert.deepEqual(perPoll, [1, 1, 1]);
  });

  it('an account that appears between two listings is read once found, from before the previous listing: late, not missed', async () => {
    // Folders are listed again every 3 hours here (15 min by default), polls every 30 min.
    deliver('org-new', member(0), 'us-east-1', -5, []);
    const { aws, lists } = recordingAws();
    const sink = memorySink();
    const problems: string[] = [];
    let now = min(0);
    const walks: number[] = [];
    await watch(ruleset, {
      sources: [s3Source(aws, 's3://org-new', { relistMs: 3 * 3_600_000 })],
      sinks: [sink],
      store: new AlertStore(openDatabase(':memory:')),
      maxPolls: 8,
      now: () => now,
      onProblem: (p) => problems.push(`${p.file}: ${p.message}`),
      sleep: async () => {
        // 10:30: a new member account delivers its first file, with a DeleteTrail in it.
        if (now === min(0)) deliver('org-new', member(7), 'eu-west-1', 30, [del(29)]);
        // Its first file cannot be fetched once (on the poll that finds the account); the next poll reads it.
        if (now === min(150)) fake.fail({ api: 's3:GetObject', code: 'SlowDown', status: 503, times: 1 });
        now += 30 * 60_000;
      },
    });
    for (const [i, l] of lists.entries()) if (l.Prefix === '') walks.push(i);
    assert.equal(walks.length, 2, 'listed at 10:00 and again at 13:00');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /T1030Z_x\.json\.gz: cannot read: .*SlowDown/);
    // Found at 13:00, two and a half hours after its file was delivered: far before that poll's range (11:45 on).
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['DeleteTrail']]);
  });

  it('a new account whose file cannot be read is read from before its discovery for 6 hours at most, as the watch retries', async () => {
    // In a region of its own, so that the fault below stays with this bucket.
    addBucket(account, { name: 'org-stuck', region: 'eu-central-1' });
    deliver('org-stuck', member(0), 'us-east-1', -5, []);
    const { aws, lists } = recordingAws();
    const problems: string[] = [];
    const perPoll: string[][] = [];
    let now = min(0);
    const folder = `AWSLogs/o-exampleorg1/${member(9)}/CloudTrail/eu-west-1/2026/11/20/`;
    let seen = 0;
    await watch(ruleset, {
      sources: [s3Source(aws, 's3://org-stuck', { relistMs: 3_600_000 })],
      sinks: [],
      store: new AlertStore(openDatabase(':memory:')),
      maxPolls: 10,
      now: () => now,
      onProblem: (p) => problems.push(`${at((now - min(0)) / 60_000).slice(11, 16)} ${p.message}`),
      sleep: async () => {
        perPoll.push(lists.slice(seen).filter((l) => l.Prefix === folder).map((l) => l.StartAfter!.slice(-4)));
        seen = lists.length;
        if (now === min(0)) {
          // 10:30: a new account's first file, which can never be fetched (its KMS key denies us).
          deliver('org-stuck', member(9), 'eu-west-1', 30, [del(29)]);
          fake.fail({ api: 's3:GetObject', region: 'eu-central-1', code: 'AccessDenied', status: 403 });
        }
        now += 3_600_000;
      },
    });
    // Found at 11:00 and read from 07:45 (where the 10:00 poll's range began) until the watch gives up at 17:00, after 6 hours; then from the range.
    assert.deepEqual(perPoll.slice(1), [...Array(7).fill(['0745']), ['1545']]);
    assert.equal(problems.filter((p) => /cannot read/.test(p)).length, 7);
    assert.match(problems.at(-1)!, /^17:00 still failing after retrying for 360 min; moving on/);
  });

  it('a restart reads the folders the stopped run had not found yet', async () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    deliver('org-restart', member(0), 'us-east-1', -5, []);
    const { aws } = recordingAws();
    const sink = memorySink();
    let now = min(0);
    const run = (maxPolls: number) =>
      watch(ruleset, {
        // As the CLI runs it (first_seen in the store: a restart replays 1 h 15 min), with a long relisting interval.
        sources: [s3Source(aws, 's3://org-restart', { relistMs: 5 * 3_600_000 })],
        sinks: [sink],
        store,
        firstSeen: new SqliteFirstSeen(db),
        maxPolls,
        now: () => now,
        sleep: async () => {
          // 10:30: a new account's first file; the run polls until 14:00 without listing the accounts again, and stops.
          if (now === min(0)) deliver('org-restart', member(8), 'eu-west-1', 30, [del(29)]);
          now += 30 * 60_000;
        },
      });
    await run(9);
    assert.equal(now, min(240));
    assert.equal(sink.got.length, 0, 'the new account is not found before the next listing');
    now = min(270);
    await run(1);
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['DeleteTrail']]);
  });

  it('a file that becomes visible after a later-named one was read is still read (the listing position is a time, not the last key)', async () => {
    const acct = member(1);
    deliver('org-late', acct, 'us-east-1', -1, [stop(-2)], 'a');
    const { aws } = recordingAws();
    const sink = memorySink();
    let now = min(0);
    await watch(ruleset, {
      sources: [s3Source(aws, 's3://org-late')],
      sinks: [sink],
      store: new AlertStore(openDatabase(':memory:')),
      maxPolls: 2,
      now: () => now,
      sleep: async () => {
        // Named 09:57, two minutes before the file read at 10:00, but visible only now.
        deliver('org-late', acct, 'us-east-1', -3, [del(-4)], 'b');
        now += 60_000;
      },
    });
    assert.deepEqual(sink.got.map((a) => a.eventNames), [['StopLogging'], ['DeleteTrail']]);
  });
});
