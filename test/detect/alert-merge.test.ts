/**
 * Repeats of a rule about one principal within the merge window are one
 * alert, and the result does not depend on the order events arrive in (a
 * trail delivers each region's files on its own schedule).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, ev, load, run } from './helpers.js';

const STOP = `title: trail stopped\nid: stop\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: StopLogging\n    condition: sel\nlevel: high\n`;
const stop = (min: number, user = 'alice') =>
  ev({ eventTime: at(min), eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${user}`, accountId: '111122223333', userName: user } });
const shape = (alerts: ReturnType<typeof run>) => alerts.map((a) => [a.principal, a.firstSeen, a.lastSeen, a.count, [...a.eventIds].sort()]).sort((x, y) => String(x).localeCompare(String(y)));

describe('alert merging', () => {
  it("an alert names the rule's ATT&CK tactics and techniques, in today's spelling and in older rules' underscores", () => {
    const tagged = STOP.replace('level: high', 'tags:\n    - attack.defense-evasion\n    - attack.credential_access\n    - attack.t1562.008\n    - attack.g0016\n    - cve.2021-44228\nlevel: high');
    const [a] = run(load(tagged), [stop(0)]);
    assert.deepEqual(a!.tactics, ['defense-evasion', 'credential-access']);
    assert.deepEqual(a!.techniques, ['T1562.008']);
  });

  it('events within an hour of each other are one alert; a gap over an hour starts another', () => {
    const alerts = run(load(STOP), [stop(0), stop(50), stop(100), stop(200)]);
    assert.deepEqual(
      alerts.map((a) => [a.firstSeen, a.lastSeen, a.count]),
      [
        ['2026-11-20T10:00:00.000Z', '2026-11-20T11:40:00.000Z', 3],
        ['2026-11-20T13:20:00.000Z', '2026-11-20T13:20:00.000Z', 1],
      ],
    );
  });

  it('a late event between two alerts joins them into the alert in-order delivery gives', () => {
    const events = [stop(0), stop(65), stop(61), stop(300, 'bob'), stop(30), stop(80)];
    const inOrder = run(load(STOP), [...events].sort((x, y) => String(x.eventTime).localeCompare(String(y.eventTime))));
    const late = run(load(STOP), events);
    assert.equal(inOrder.filter((a) => a.principal.endsWith('alice')).length, 1);
    assert.deepEqual(shape(late), shape(inOrder));
  });

  it('joining alerts counts each event once and keeps every principal detail', () => {
    const e1 = stop(0);
    const e2 = ev({ ...stop(70), sourceIPAddress: '203.0.113.9', awsRegion: 'eu-west-1' });
    const bridge = stop(35);
    const [a] = run(load(STOP), [e1, e2, e1, bridge]);
    assert.equal(a!.count, 3);
    assert.deepEqual([...a!.sourceIps].sort(), ['198.51.100.7', '203.0.113.9']);
    assert.deepEqual([...a!.regions].sort(), ['eu-west-1', 'us-east-1']);
  });
});
