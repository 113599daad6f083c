/**
 * The alert store: one alert stays one row whatever order its events reach
 * mamori in, across runs of `detect` and polls of `watch`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/detect/alert.js';
import { loadBuiltinRules } from '../../src/detect/builtin.js';
import type { CloudTrailEvent } from '../../src/detect/event.js';
import { evaluate } from '../../src/detect/run.js';
import { alertFingerprint } from '../../src/detect/output.js';
import { AlertStore } from '../../src/store/alerts.js';
import { openDatabase } from '../../src/store/store.js';
import { at, ev } from '../detect/helpers.js';

const { ruleset } = loadBuiltinRules();
const stop = (min: number, user = 'alice') =>
  ev({ eventTime: at(min), eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${user}`, accountId: '111122223333' } });
const stopped = (events: CloudTrailEvent[]) => evaluate(ruleset, events).filter((a) => a.title === 'CloudTrail Logging Stopped Or Changed');
const HOUR = 3_600_000;

function rows(db: ReturnType<typeof openDatabase>): { fingerprint: string; first_seen: string; last_seen: string; count: number; notified: number; data: string }[] {
  return db.prepare(`SELECT fingerprint, first_seen, last_seen, count, notified, data FROM alerts ORDER BY first_seen`).all() as never;
}

describe('alert store', () => {
  it('a late event a few minutes before a stored alert moves its start: the row is updated, not doubled', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    const at10 = stop(0);
    const late = stop(-5); // delivered in a file that arrived after the first run
    assert.equal(store.save(stopped([at10])), 1);
    // The next run reads the logs again with the late file: one alert, from 09:55.
    const again = stopped([at10, late]);
    assert.equal(again.length, 1);
    assert.equal(store.save(again), 0, 'not a new alert');
    const r = rows(db);
    assert.equal(r.length, 1);
    assert.equal(r[0]!.first_seen, at(-5).replace('Z', '.000Z'));
    assert.equal(r[0]!.last_seen, at(0).replace('Z', '.000Z'));
    assert.equal(r[0]!.count, 2);
    // The row is keyed as a run over the same logs keys it: saving that run again changes nothing.
    assert.equal(r[0]!.fingerprint, alertFingerprint(again[0]!));
    assert.equal(store.save(again), 0);
    assert.equal(rows(db).length, 1);
  });

  it('a run over the late file alone joins the stored alert (its events merged), and is known to watch', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    store.save(stopped([stop(0), stop(10)]), new Date(), true);
    const lateOnly = stopped([stop(-5)]);
    assert.equal(store.isKnown(lateOnly[0]!), true, 'within the merge window of the delivered alert: not sent again');
    assert.equal(store.save(lateOnly), 0);
    const r = rows(db);
    assert.equal(r.length, 1);
    const merged = JSON.parse(r[0]!.data) as Alert;
    assert.equal(merged.firstSeen, '2026-11-20T09:55:00.000Z');
    assert.equal(merged.lastSeen, '2026-11-20T10:10:00.000Z');
    assert.equal(merged.count, 3);
    assert.equal(r[0]!.count, 3);
    assert.equal(new Set(merged.eventIds).size, 3);
    assert.equal(r[0]!.notified, 1, 'still marked delivered');
  });

  it('parts of an alert with more events than its data lists still count their union exactly, and fall back to the larger count for rows that kept no ids', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    // One StopLogging every 6 s: 150 events each run, the second overlapping the first by 50.
    const events = Array.from({ length: 320 }, (_, i) => stop(i / 10));
    const run = (from: number, n: number) => stopped(events.slice(from, from + n));
    store.save(run(0, 150));
    assert.equal(store.save(run(100, 150)), 0);
    let r = rows(db);
    assert.equal(r.length, 1);
    assert.equal(r[0]!.count, 250, '150 + 150 events, 50 of them in both runs');
    assert.equal((JSON.parse(r[0]!.data) as Alert).eventIds.length, 100, 'the data still lists at most 100');
    // The same logs read again: nothing new to count.
    store.save(run(0, 250));
    assert.equal(rows(db)[0]!.count, 250);
    // A row from before the ids were kept: the larger of the two counts, as before.
    db.prepare(`UPDATE alerts SET event_ids = NULL`).run();
    store.save(run(200, 120));
    r = rows(db);
    assert.equal(r[0]!.count, 250);
  });

  it('a genuinely new alert (same rule and principal, more than the merge window later, or another principal) gets its own row', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    store.save(stopped([stop(0)]), new Date(), true);
    const later = stopped([stop(61 + 60)]);
    assert.equal(store.isKnown(later[0]!), false);
    assert.equal(store.save(later), 1);
    const bob = stopped([stop(1, 'bob')]);
    assert.equal(store.isKnown(bob[0]!), false);
    assert.equal(store.save(bob), 1);
    assert.equal(rows(db).length, 3);
    // Before the first one, by more than the window: also its own.
    assert.equal(store.save(stopped([stop(-2 * 60)])), 1);
    assert.equal(rows(db).length, 4);
  });

  it('a late event between two stored alerts joins them into one row, as it joins them in memory', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    store.save(stopped([stop(0)]), new Date(), true);
    store.save(stopped([stop(100)]));
    assert.equal(rows(db).length, 2);
    const bridge = stopped([stop(50)]);
    assert.equal(store.save(bridge), 0);
    const r = rows(db);
    assert.equal(r.length, 1);
    assert.equal(r[0]!.count, 3);
    assert.equal(r[0]!.notified, 1);
    assert.equal(JSON.parse(r[0]!.data).lastSeen, '2026-11-20T11:40:00.000Z');
  });

  it('correlations merge within their own timespan, given by windowOf', () => {
    const db = openDatabase(':memory:');
    const store = new AlertStore(db);
    const fail = (min: number) =>
      ev({ eventTime: at(min), sourceIPAddress: `203.0.113.${min + 50}`, recipientAccountId: '111122223333', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'alice', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Failure' } });
    const burst = (from: number) => evaluate(ruleset, [0, 1, 2, 3, 4, 5].map((m) => fail(from + m))).filter((a) => a.title === 'Console Login Failures For One User');
    const windowOf = (a: Alert) => (a.title === 'Console Login Failures For One User' ? 10 * 60_000 : HOUR);
    store.save(burst(0), new Date(), false, windowOf);
    // 20 minutes after the first burst ended: over its 10-minute timespan, a new alert.
    store.save(burst(25), new Date(), false, windowOf);
    assert.equal(rows(db).length, 2);
    // A burst ending 9 minutes before the first began: within the timespan, one alert.
    store.save(burst(-14), new Date(), false, windowOf);
    assert.equal(rows(db).length, 2);
    assert.equal(rows(db)[0]!.first_seen, '2026-11-20T09:46:00.000Z');
  });
});
