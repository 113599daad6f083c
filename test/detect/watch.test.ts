import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Aws } from '../../src/aws/clients.js';
import type { Alert } from '../../src/detect/alert.js';
import { loadBuiltinRules } from '../../src/detect/builtin.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { snsSink, webhookSink, type AlertSink } from '../../src/detect/sinks.js';
import { lookupSource, s3Source, watch, type WatchSource } from '../../src/detect/watch.js';
import { AlertStore } from '../../src/store/alerts.js';
import { openDatabase } from '../../src/store/store.js';
import { createFake, emptyAccount, EXAMPLE_CREDENTIALS, type FakeAws } from '../fake/index.js';
import { recordEvent } from '../fake/trail.js';
import { addTopic, snsState } from '../fake/services/sns.js';
import { putObject } from '../fake/services/s3.js';
import { gzipSync } from 'node:zlib';
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
      await assert.rejects(webhookSink(`http://127.0.0.1:${(server.address() as { port: number }).port}/`).send(alert()), /HTTP 500/);
    } finally {
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
});

describe('watch over a trail bucket (S3 fake)', () => {
  let fake: FakeAws;
  const account = emptyAccount('111122223333');
  before(() => (fake = createFake([account])));
  after(() => fake.uninstall());

  it('reads objects delivered between polls once, and a restart sends nothing twice', async () => {
    const deliver = (m: number, events: CloudTrailEvent[]) => {
      const stamp = at(m).replace(/[-:]/g, '').slice(0, 13);
      putObject(account, 'trail', 'us-east-1', `AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_${stamp}Z_${m}.json.gz`, gzipSync(JSON.stringify({ Records: events })));
    };
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
});
