import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Detector } from '../../src/detect/engine.js';
import { at, ev, load, run } from './helpers.js';

const base = (name: string, sel: string, extra = '') =>
  `title: ${name}\nname: ${name}\n${extra}logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n${sel}\n    condition: sel\nlevel: low\n`;

const FAILED = base('failed_login', `        eventName: ConsoleLogin\n        responseElements.ConsoleLogin: Failure`);
const SUCCESS = base('successful_login', `        eventName: ConsoleLogin\n        responseElements.ConsoleLogin: Success`);
const fail = (min: number, user = 'alice', ip = '198.51.100.7') =>
  ev({ eventTime: at(min), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', sourceIPAddress: ip, userIdentity: { type: 'IAMUser', userName: user, accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' } });
const success = (min: number, user = 'alice') => ({ ...fail(min, user), eventID: `ok-${min}-${user}`, responseElements: { ConsoleLogin: 'Success' } });

const countRule = (groupBy: string, gte = 6, span = '10m') =>
  `title: brute force\nid: bf\ncorrelation:\n    type: event_count\n    rules: [failed_login]\n    group-by: [${groupBy}]\n    timespan: ${span}\n    condition:\n        gte: ${gte}\nlevel: high\n`;

describe('event_count', () => {
  it('six failures in ten minutes for one user alert once, with every event', () => {
    const alerts = run(load(FAILED, countRule('userIdentity.userName')), [0, 1, 2, 3, 4, 5, 6].map((m) => fail(m)));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.ruleId, 'bf');
    assert.equal(alerts[0]!.severity, 'high');
    assert.equal(alerts[0]!.count, 7);
    assert.equal(alerts[0]!.firstSeen, '2026-11-20T10:00:00.000Z');
    assert.equal(alerts[0]!.lastSeen, '2026-11-20T10:06:00.000Z');
    assert.deepEqual(alerts[0]!.group, { 'userIdentity.userName': 'alice' });
  });

  it('five failures, or six spread over more than the timespan, do not alert', () => {
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), [0, 1, 2, 3, 4].map((m) => fail(m))).length, 0);
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), [0, 3, 6, 9, 12, 15].map((m) => fail(m))).length, 0);
  });

  it('groups separately: failures spread over users do not add up per user, but do per source IP', () => {
    const events = [0, 1, 2, 3, 4, 5].map((m) => fail(m, `user${m}`));
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), events).length, 0);
    const byIp = run(load(FAILED, countRule('sourceIPAddress')), events);
    assert.equal(byIp.length, 1);
    assert.equal(byIp[0]!.principals.length, 6);
  });

  it('events slightly out of order still correlate', () => {
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), [3, 1, 0, 5, 2, 4].map((m) => fail(m))).length, 1);
  });

  it('a delivered copy of an event (same eventID) counts once: three failures sent twice are three', () => {
    const three = [0, 1, 2].map((m) => fail(m));
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), [...three, ...three.map((e) => ({ ...e }))]).length, 0);
    // The same six events with ids of their own are six.
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), [...three, ...three.map((e) => ({ ...e, eventID: `${e.eventID}-b` }))]).length, 1);
  });

  it('upper-bound conditions are judged when the window closes', () => {
    const rule = `title: few\nid: few\ncorrelation:\n    type: event_count\n    rules: [failed_login]\n    group-by: [userIdentity.userName]\n    timespan: 10m\n    condition:\n        lt: 3\n`;
    const alerts = run(load(FAILED, rule), [fail(0, 'a'), fail(1, 'b'), fail(2, 'b'), fail(3, 'b')]);
    assert.deepEqual(alerts.map((a) => a.group), [{ 'userIdentity.userName': 'a' }]);
  });

  it('base rules referenced by a correlation do not alert alone, unless generate: true', () => {
    const events = [0, 1].map((m) => fail(m));
    assert.equal(run(load(FAILED, countRule('userIdentity.userName')), events).length, 0);
    const gen = countRule('userIdentity.userName').replace('    timespan', '    generate: true\n    timespan');
    assert.equal(run(load(FAILED, gen), events).length, 1);
  });

  it('generate must be true or false: "yes" (a string to YAML 1.2, true to YAML 1.1) is rejected, not read as false', () => {
    const yes = countRule('userIdentity.userName').replace('    timespan', '    generate: yes\n    timespan');
    assert.match(load(FAILED, yes).errors[0]?.message ?? '', /^rule1\.yml:7:5: "generate" must be true or false/);
  });
});

describe('value_count', () => {
  const RUN = base('run_instances', `        eventName: RunInstances`);
  const rule = `title: spree\nid: spree\ncorrelation:\n    type: value_count\n    rules: [run_instances]\n    group-by: [userIdentity.arn]\n    timespan: 30m\n    condition:\n        field: awsRegion\n        gte: 3\nlevel: high\n`;
  const runIn = (min: number, region: string) => ev({ eventTime: at(min), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: region });

  it('three regions within 30 minutes alert; names every region', () => {
    const alerts = run(load(RUN, rule), [runIn(0, 'us-east-1'), runIn(5, 'us-east-1'), runIn(10, 'eu-west-1'), runIn(20, 'ap-south-1')]);
    assert.equal(alerts.length, 1);
    assert.deepEqual([...alerts[0]!.regions].sort(), ['ap-south-1', 'eu-west-1', 'us-east-1']);
  });

  it('a late event completing a window that straddles it still alerts (within lateness)', () => {
    // Delivered last, the 10:10 launch lies between the other two: only the window 10:00-10:30 holds all three.
    assert.equal(run(load(RUN, rule), [runIn(0, 'us-east-1'), runIn(25, 'eu-west-1'), runIn(10, 'ap-south-1')]).length, 1);
    assert.equal(run(load(RUN, rule), [runIn(0, 'us-east-1'), runIn(25, 'eu-west-1'), runIn(31, 'ap-south-1')]).length, 0);
  });

  it('many launches in two regions, or three regions over two hours, do not', () => {
    assert.equal(run(load(RUN, rule), [0, 1, 2, 3, 4, 5].map((m) => runIn(m, m % 2 ? 'us-east-1' : 'us-west-2'))).length, 0);
    assert.equal(run(load(RUN, rule), [runIn(0, 'us-east-1'), runIn(50, 'eu-west-1'), runIn(100, 'ap-south-1')]).length, 0);
  });
});

describe('temporal and temporal_ordered', () => {
  const A = base('create_key', `        eventName: CreateAccessKey`);
  const B = base('delete_key', `        eventName: DeleteAccessKey`);
  const corr = (type: string, extra = '') =>
    `title: rotate\nid: rot\ncorrelation:\n    type: ${type}\n    rules: [create_key, delete_key]\n    group-by: [userIdentity.arn]\n    timespan: 15m\n${extra}level: high\n`;
  const create = (min: number, key = 'AKIANEWKEY000EXAMPLE') => ev({ eventTime: at(min), eventName: 'CreateAccessKey', responseElements: { accessKey: { accessKeyId: key } } });
  const del = (min: number, key = 'AKIAIOSFODNN7EXAMPLE') => ev({ eventTime: at(min), eventName: 'DeleteAccessKey', requestParameters: { accessKeyId: key } });

  it('temporal: both within the timespan, in any order', () => {
    assert.equal(run(load(A, B, corr('temporal')), [del(0), create(5)]).length, 1);
    assert.equal(run(load(A, B, corr('temporal')), [create(0), del(30)]).length, 0);
  });

  it('temporal: a late event between the other two completes the window around it', () => {
    const C = base('list_keys', `        eventName: ListAccessKeys`);
    const three = `title: three\nid: three\ncorrelation:\n    type: temporal\n    rules: [create_key, delete_key, list_keys]\n    group-by: [userIdentity.arn]\n    timespan: 15m\nlevel: high\n`;
    const list = (min: number) => ev({ eventTime: at(min), eventName: 'ListAccessKeys' });
    assert.equal(run(load(A, B, C, three), [create(0), del(14), list(7)]).length, 1);
    assert.equal(run(load(A, B, C, three), [create(0), del(16), list(8)]).length, 0);
  });

  it('temporal: a late event joins the alert it belongs to, though a later one of its rule is there', () => {
    const alerts = run(load(A, B, corr('temporal')), [create(0), del(7), del(6, 'AKIAI44QH8DHBEXAMPLE')]);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.count, 3);
  });

  it('temporal_ordered: only in the given order', () => {
    assert.equal(run(load(A, B, corr('temporal_ordered')), [create(0), del(5)]).length, 1);
    assert.equal(run(load(A, B, corr('temporal_ordered')), [del(0), create(5)]).length, 0);
    assert.equal(run(load(A, B, corr('temporal_ordered')), [create(0), del(16)]).length, 0);
  });

  it('temporal_ordered with a count condition is rejected, not run as if every rule were required', () => {
    const C = base('list_keys', `        eventName: ListAccessKeys`);
    const two = `title: two of three\nid: two\ncorrelation:\n    type: temporal_ordered\n    rules: [create_key, delete_key, list_keys]\n    group-by: [userIdentity.arn]\n    timespan: 15m\n    condition:\n        gte: 2\n`;
    const r = load(A, B, C, two);
    assert.match(r.errors[0]?.message ?? '', /^rule3\.yml:8:5: a count condition on temporal_ordered is not supported/);
    assert.equal(r.ruleset.correlations.length, 0);
    // With one rule, a condition no longer stands in for the second rule.
    assert.match(load(A, corr('temporal_ordered').replace('[create_key, delete_key]', '[create_key]')).errors[0]?.message ?? '', /temporal_ordered needs at least two rules/);
  });

  it('x-mamori-distinct: deleting the key just created is not "the original deleted"', () => {
    const distinct = 'x-mamori-distinct:\n    create_key: responseElements.accessKey.accessKeyId\n    delete_key: requestParameters.accessKeyId\n';
    const rules = () => load(A, B, corr('temporal_ordered', '') + distinct);
    assert.equal(run(rules(), [create(0), del(3, 'AKIANEWKEY000EXAMPLE')]).length, 0);
    assert.equal(run(rules(), [create(0), del(3)]).length, 1);
  });

  it('group-by keeps principals apart', () => {
    const other = { ...del(5), userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob' } };
    assert.equal(run(load(A, B, corr('temporal_ordered')), [create(0), other]).length, 0);
  });
});

describe('chains, aliases and references across files', () => {
  it('the specification example: many failures then a success, rules in four files', () => {
    const many = `title: many failed\nname: many_failed\ncorrelation:\n    type: event_count\n    rules: [failed_login]\n    group-by: [userIdentity.userName]\n    timespan: 10m\n    condition:\n        gte: 3\n`;
    const seq = `title: brute force success\nid: bfs\ncorrelation:\n    type: temporal_ordered\n    rules: [many_failed, successful_login]\n    group-by: [userIdentity.userName]\n    timespan: 10m\nlevel: critical\n`;
    const alerts = run(load(seq, many, FAILED, SUCCESS), [fail(0), fail(1), fail(2), success(3)]);
    assert.deepEqual(alerts.map((a) => a.ruleId), ['bfs']);
    assert.equal(alerts[0]!.count, 4);
    assert.equal(run(load(seq, many, FAILED, SUCCESS), [fail(0), success(3)]).length, 0);
  });

  it('aliases group on differently named fields', () => {
    const created = base('user_created', `        eventName: CreateUser`);
    const keyed = base('key_for_user', `        eventName: CreateAccessKey`);
    const rule = `title: new user with key\nid: nuk\ncorrelation:\n    type: temporal_ordered\n    rules: [user_created, key_for_user]\n    group-by: [target]\n    timespan: 1h\n    aliases:\n        target:\n            user_created: requestParameters.userName\n            key_for_user: requestParameters.userName\n`;
    const mk = (min: number, name: string, user: string) => ev({ eventTime: at(min), eventName: name, requestParameters: { userName: user } });
    assert.equal(run(load(created, keyed, rule), [mk(0, 'CreateUser', 'x'), mk(1, 'CreateAccessKey', 'x')]).length, 1);
    assert.equal(run(load(created, keyed, rule), [mk(0, 'CreateUser', 'x'), mk(1, 'CreateAccessKey', 'y')]).length, 0);
  });

  it('aliases are keyed by rule name even where the correlation references the rules by id', () => {
    const created = base('user_created', `        eventName: CreateUser`, 'id: 6f1c0f4e-1111-4c1e-9d7a-000000000001\n');
    const keyed = base('key_for_user', `        eventName: CreateAccessKey`, 'id: 6f1c0f4e-2222-4c1e-9d7a-000000000002\n');
    const rule = (names: string) =>
      `title: new user with key\nid: nuk\ncorrelation:\n    type: temporal_ordered\n    rules: [6f1c0f4e-1111-4c1e-9d7a-000000000001, 6f1c0f4e-2222-4c1e-9d7a-000000000002]\n    group-by: [target]\n    timespan: 1h\n    aliases:\n        target:\n            ${names.split(',')[0]}: requestParameters.userName\n            ${names.split(',')[1]}: requestParameters.user\n`;
    const events = (other: string) => [
      ev({ eventTime: at(0), eventName: 'CreateUser', requestParameters: { userName: 'x' } }),
      ev({ eventTime: at(1), eventName: 'CreateAccessKey', requestParameters: { user: other } }),
    ];
    assert.equal(run(load(created, keyed, rule('user_created,key_for_user')), events('x')).length, 1);
    assert.equal(run(load(created, keyed, rule('user_created,key_for_user')), events('y')).length, 0);
    // An alias naming a rule the correlation does not use (a typo) is an error, not a silent fallback.
    const typo = load(created, keyed, rule('user_created,key_for_usr'));
    assert.match(typo.errors[0]!.message, /rule2\.yml:1:1: alias "target" names rule "key_for_usr", which this correlation does not reference/);
  });

  it('rejects unsupported types, missing references and bad timespans, by name and position', () => {
    const sum = load(FAILED, `title: s\ncorrelation:\n    type: value_sum\n    rules: [failed_login]\n    group-by: [x]\n    timespan: 1h\n    condition:\n        field: bytes\n        gt: 5\n`);
    assert.match(sum.errors[0]!.message, /^rule1\.yml:3:5: correlation type "value_sum" is not supported/);
    const missing = load(countRule('userIdentity.userName'));
    assert.match(missing.errors[0]!.message, /refers to rule "failed_login", which is not loaded/);
    const span = load(FAILED, countRule('userIdentity.userName', 6, '10 minutes'));
    assert.match(span.errors[0]!.message, /"timespan" must be/);
    // A misspelt attribute is rejected, not dropped (a lost group-by would merge every user's failures).
    const typo = load(FAILED, countRule('userIdentity.userName').replace('group-by:', 'groupby:'));
    assert.match(typo.errors[0]!.message, /rule1\.yml:6:5: unknown correlation attribute "groupby"/);
    assert.equal(load(FAILED, countRule('userIdentity.userName')).errors.length, 0);
  });
});

describe('first_seen (mamori extension)', () => {
  const KEY = base('key_call', `        userIdentity.accessKeyId|startswith: AKIA`);
  const rule = (extra = '') =>
    `title: new ip\nid: nip\ncorrelation:\n    type: first_seen\n    rules: [key_call]\n    group-by: [userIdentity.accessKeyId]\n    timespan: 30d\n    learning: 1d\n    condition:\n        field: sourceIPAddress\n${extra}`;
  const call = (minutes: number, ip: string) => ev({ eventTime: at(minutes), sourceIPAddress: ip });
  const DAY = 24 * 60;

  it('alerts on a value new for a known group; returning values and groups still learning do not', () => {
    const alerts = run(load(KEY, rule()), [call(0, '198.51.100.1'), call(5, '198.51.100.2'), call(2 * DAY, '198.51.100.1'), call(2 * DAY + 1, '203.0.113.9'), call(2 * DAY + 2, '203.0.113.9')]);
    assert.deepEqual(alerts.map((a) => a.group), [{ 'userIdentity.accessKeyId': 'AKIAIOSFODNN7EXAMPLE', sourceIPAddress: '203.0.113.9' }]);
    assert.equal(alerts[0]!.count, 1);
  });

  it('a value unseen for longer than the timespan is new again', () => {
    assert.equal(run(load(KEY, rule()), [call(0, '198.51.100.1'), call(2 * DAY, '198.51.100.2'), call(40 * DAY, '198.51.100.1')]).length, 2);
  });

  it('a group stays known after its values age out: a key first seen 40 days ago is past learning', () => {
    const d = new Detector(load(KEY, rule()).ruleset);
    d.process(call(0, '198.51.100.1'));
    d.process(call(2 * DAY, '198.51.100.1'));
    // Another key's call on day 40 moves time on, and state is evicted (as a long run does every few thousand events).
    d.process({ ...call(40 * DAY, '198.51.100.1'), userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' } });
    d.tick();
    d.process(call(40 * DAY + 1, '203.0.113.9'));
    assert.deepEqual(d.finish().map((a) => a.group?.sourceIPAddress), ['203.0.113.9']);
  });

  it('history lives in the store across runs', async () => {
    const { openDatabase } = await import('../../src/store/store.js');
    const { SqliteFirstSeen } = await import('../../src/store/first-seen.js');
    const db = openDatabase(':memory:');
    const runWith = (events: ReturnType<typeof ev>[]) => {
      const firstSeen = new SqliteFirstSeen(db);
      const d = new Detector(load(KEY, rule()).ruleset, { firstSeen });
      for (const e of events) d.process(e);
      const out = d.finish();
      firstSeen.flush();
      return out;
    };
    assert.equal(runWith([call(0, '198.51.100.1')]).length, 0);
    // A later run, with a fresh detector: the key is known from the first run.
    assert.deepEqual(runWith([call(3 * DAY, '198.51.100.1'), call(3 * DAY, '203.0.113.9')]).map((a) => a.group?.sourceIPAddress), ['203.0.113.9']);
    assert.equal(runWith([call(4 * DAY, '203.0.113.9')]).length, 0);
  });

  it('with history in the store, the same logs run again give the same alerts, and older logs read later are judged on what came before them', async () => {
    const { openDatabase } = await import('../../src/store/store.js');
    const { SqliteFirstSeen } = await import('../../src/store/first-seen.js');
    const runner = () => {
      const db = openDatabase(':memory:');
      return (events: ReturnType<typeof ev>[]) => {
        const firstSeen = new SqliteFirstSeen(db);
        const d = new Detector(load(KEY, rule()).ruleset, { firstSeen });
        for (const e of events) d.process(e);
        const out = d.finish().map((a) => a.group?.sourceIPAddress);
        firstSeen.flush();
        return out;
      };
    };
    const again = runner();
    const logs = [call(0, '198.51.100.1'), call(2 * DAY, '198.51.100.1'), call(2 * DAY + 1, '203.0.113.9'), call(2 * DAY + 5, '203.0.113.9')];
    assert.deepEqual(again(logs), ['203.0.113.9']);
    assert.deepEqual(again(logs), ['203.0.113.9']);
    // Newer logs first (day 0 and day 10), then an older day: the IP first used on day 2 was new then.
    const backfill = runner();
    assert.deepEqual(backfill([call(0, '198.51.100.1'), call(10 * DAY, '192.0.2.44')]), ['192.0.2.44']);
    assert.deepEqual(backfill([call(2 * DAY, '192.0.2.44')]), ['192.0.2.44']);
    // Sightings stored before and after (hour 12, still learning, and day 10): used within the timespan before, not new.
    const between = runner();
    assert.deepEqual(between([call(0, '198.51.100.1'), call(DAY / 2, '192.0.2.44'), call(10 * DAY, '192.0.2.44')]), []);
    assert.deepEqual(between([call(5 * DAY, '192.0.2.44')]), []);
  });

  it('rejects counts and learning on other types', () => {
    assert.match(load(KEY, rule().replace('        field: sourceIPAddress', '        field: sourceIPAddress\n        gte: 2')).errors[0]!.message, /first_seen takes only "field"/);
    assert.match(load(KEY, countRule('x').replace('    timespan', '    learning: 1d\n    timespan')).errors.map((e) => e.message).join(), /"learning" applies to first_seen only/);
  });
});

describe('group-by fields missing from an event', () => {
  // Without the field (absent, or JSON null), an event belongs to no group: pooling such events
  // under null would add up failures of different principals into a threshold none of them reached.
  const anon = (min: number, n: number) => ({ ...fail(min, 'x', `203.0.113.${n}`), userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::111122223333:assumed-role/r${n}/s`, accountId: '111122223333' } });
  const nullName = (min: number, n: number) => ({ ...fail(min, 'x', `203.0.113.${n}`), userIdentity: { type: 'IAMUser', userName: null, accountId: '111122223333' } });

  it('event_count: six failures of six principals without a user name raise nothing per user name, and still count per IP', () => {
    const six = [0, 1, 2, 3, 4, 5].map((m) => anon(m, m));
    assert.deepEqual(run(load(FAILED, countRule('userIdentity.userName')), six), []);
    assert.deepEqual(run(load(FAILED, countRule('userIdentity.userName')), [0, 1, 2, 3, 4, 5].map((m) => nullName(m, m))), []);
    assert.equal(run(load(FAILED, countRule('sourceIPAddress')), six.map((e) => ({ ...e, sourceIPAddress: '203.0.113.9' }))).length, 1);
    // With several fields, every one must be there: the account alone does not make a group.
    assert.deepEqual(run(load(FAILED, countRule('recipientAccountId, userIdentity.userName')), six.map((e) => ({ ...e, recipientAccountId: '111122223333' }))), []);
  });

  it('event_count: a value, even one standing for many unknown names, is a group (HIDDEN_DUE_TO_SECURITY_REASONS, the empty string)', () => {
    const hidden = [0, 1, 2, 3, 4, 5].map((m) => fail(m, 'HIDDEN_DUE_TO_SECURITY_REASONS', `203.0.113.${m}`));
    assert.deepEqual(run(load(FAILED, countRule('userIdentity.userName')), hidden).map((a) => a.group), [{ 'userIdentity.userName': 'HIDDEN_DUE_TO_SECURITY_REASONS' }]);
    assert.deepEqual(run(load(FAILED, countRule('userIdentity.userName')), [0, 1, 2, 3, 4, 5].map((m) => fail(m, ''))).map((a) => a.group), [{ 'userIdentity.userName': '' }]);
    // Events without the field do not join a group that has it either: five named plus one unnamed is five.
    assert.deepEqual(run(load(FAILED, countRule('userIdentity.userName')), [...[0, 1, 2, 3, 4].map((m) => fail(m)), anon(5, 5)]), []);
  });

  it('value_count: launches in three regions by callers without an ARN (AWS services) raise nothing per ARN', () => {
    const RUN = base('run_instances', `        eventName: RunInstances`);
    const rule = `title: spree\nid: spree\ncorrelation:\n    type: value_count\n    rules: [run_instances]\n    group-by: [userIdentity.arn]\n    timespan: 30m\n    condition:\n        field: awsRegion\n        gte: 3\nlevel: high\n`;
    const runIn = (min: number, region: string, userIdentity: unknown) => ev({ eventTime: at(min), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: region, userIdentity });
    const service = { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' };
    assert.deepEqual(run(load(RUN, rule), [runIn(0, 'us-east-1', service), runIn(5, 'eu-west-1', service), runIn(10, 'ap-south-1', { ...service, invokedBy: 'spot.amazonaws.com' })]), []);
    const alice = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' };
    assert.equal(run(load(RUN, rule), [runIn(0, 'us-east-1', alice), runIn(5, 'eu-west-1', alice), runIn(10, 'ap-south-1', alice)]).length, 1);
  });

  it('temporal and temporal_ordered: events without the field are never joined', () => {
    const A = base('create_key', `        eventName: CreateAccessKey`);
    const B = base('delete_key', `        eventName: DeleteAccessKey`);
    const corr = (type: string) => `title: rotate\nid: rot\ncorrelation:\n    type: ${type}\n    rules: [create_key, delete_key]\n    group-by: [userIdentity.arn]\n    timespan: 15m\nlevel: high\n`;
    const noArn = { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' };
    const create = (min: number, userIdentity?: unknown) => ev({ eventTime: at(min), eventName: 'CreateAccessKey', ...(userIdentity ? { userIdentity } : {}) });
    const del = (min: number, userIdentity?: unknown) => ev({ eventTime: at(min), eventName: 'DeleteAccessKey', ...(userIdentity ? { userIdentity } : {}) });
    for (const type of ['temporal', 'temporal_ordered']) {
      assert.deepEqual(run(load(A, B, corr(type)), [create(0, noArn), del(5, { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' })]), [], type);
      assert.equal(run(load(A, B, corr(type)), [create(0), del(5)]).length, 1, type);
    }
  });

  it('first_seen: a call without the group field neither learns nor alerts', () => {
    const CALL = base('any_call', `        eventName: ListUsers`);
    const rule = `title: new ip\nid: nip\ncorrelation:\n    type: first_seen\n    rules: [any_call]\n    group-by: [userIdentity.userName]\n    timespan: 30d\n    learning: 1d\n    condition:\n        field: sourceIPAddress\n`;
    const DAY = 24 * 60;
    const call = (minutes: number, ip: string, userName?: string) => ev({ eventTime: at(minutes), sourceIPAddress: ip, userIdentity: { type: 'AssumedRole', ...(userName ? { userName } : {}) } });
    // Different roles, all without a user name: pooled, the second day's new IP would have alerted.
    assert.deepEqual(run(load(CALL, rule), [call(0, '198.51.100.1'), call(2 * DAY, '203.0.113.9')]), []);
    assert.equal(run(load(CALL, rule), [call(0, '198.51.100.1', 'bob'), call(2 * DAY, '203.0.113.9', 'bob')]).length, 1);
  });
});

describe('bounded state', () => {
  it('evicts windows that can no longer match, so state follows the rate, not the input size', () => {
    const loaded = load(FAILED, countRule('userIdentity.userName', 1000));
    const d = new Detector(loaded.ruleset, { lateness: 60_000 });
    // 50,000 failures, one per second, spread over 5,000 users: 13.9 hours of input.
    for (let i = 0; i < 50_000; i++) d.process(fail(i / 60, `user${i % 5000}`));
    // A 10-minute window plus 1 minute of lateness holds at most ~660 events, plus one eviction batch.
    assert.ok(d.stateSize < 660 + 4096, `state ${d.stateSize}`);
    assert.equal(d.finish().length, 0);
  });
});
