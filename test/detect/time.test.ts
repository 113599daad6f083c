import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEventTime, parseTimeArg } from '../../src/detect/time.js';

/** Runs `fn` with the process in another time zone (Node applies a new TZ at once). */
function inZone<T>(tz: string, fn: () => T): T {
  const old = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.TZ;
    else process.env.TZ = old;
  }
}

describe('event times', () => {
  const TEN = Date.UTC(2026, 10, 20, 10, 0, 0);

  it('reads a time without a zone (CloudTrail Lake: 2026-11-20 10:00:00.000) as UTC, whatever the machine zone', () => {
    inZone('America/New_York', () => {
      // Date.parse alone would read these as New York time: the test would mean nothing otherwise.
      assert.notEqual(Date.parse('2026-11-20 10:00:00.000'), TEN);
      for (const s of ['2026-11-20 10:00:00.000', '2026-11-20T10:00:00', '2026-11-20T10:00', '2026-11-20 10:00:00']) assert.equal(parseEventTime(s), TEN, s);
    });
  });

  it('keeps zoned times and rejects what is not a time', () => {
    inZone('Asia/Tokyo', () => {
      assert.equal(parseEventTime('2026-11-20T10:00:00Z'), TEN);
      assert.equal(parseEventTime('2026-11-20T19:00:00+09:00'), TEN);
      assert.equal(parseEventTime('2026-11-20'), Date.UTC(2026, 10, 20));
      assert.ok(Number.isNaN(parseEventTime('yesterday')));
      assert.ok(Number.isNaN(parseEventTime('2026-11-20 25:00:00')));
    });
  });

  it('a time in no ISO 8601 form is not a time: Date.parse would read some as local time, and "1" as 2001', () => {
    inZone('Asia/Tokyo', () => {
      for (const s of ['2026/11/20 10:00:00', 'Nov 20 2026 10:00:00', '2026-11-20 10:00:00 AM', '1', '2026', 'x 2026-11-20']) assert.ok(Number.isNaN(parseEventTime(s)), s);
      assert.equal(parseEventTime('2026-11-20T10:00:00.123456Z'), TEN + 123);
      assert.equal(parseEventTime('2026-11-20T19:00:00+0900'), TEN);
      assert.equal(parseEventTime('2026-11-20 10:00:00 +0000'), TEN);
    });
  });

  it('--since/--until: durations back from now, or a time (without a zone: UTC)', () => {
    const now = TEN;
    assert.equal(parseTimeArg('30m', now), TEN - 1_800_000);
    assert.equal(parseTimeArg('7d', now), TEN - 7 * 86_400_000);
    inZone('America/New_York', () => assert.equal(parseTimeArg('2026-11-20T10:00:00', now), TEN));
    assert.throws(() => parseTimeArg('last week', now), /not a time: "last week"/);
    // A day the month does not have is a typo, not the next month's first days.
    for (const s of ['2026-02-30', '2026-02-29T10:00:00Z', '2026-04-31 10:00', '2026-11-00']) assert.throws(() => parseTimeArg(s, now), /not a time/, s);
    assert.equal(parseTimeArg('2024-02-29', now), Date.UTC(2024, 1, 29));
  });
});
