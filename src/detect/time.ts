// Kept apart from run.ts so that the CLI can parse --since/--until without loading the detector.

/**
 * A time argument: a duration back from now (`90s`, `30m`, `24h`, `7d`) or
 * an ISO 8601 date/time. Returns epoch milliseconds.
 */
export function parseTimeArg(value: string, now = Date.now()): number {
  const m = /^(\d+)([smhd])$/.exec(value.trim());
  if (m) return now - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = parseEventTime(value.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(t) || !realDate(value.trim())) throw new Error(`not a time: ${JSON.stringify(value)} (use e.g. 7d, 24h, 30m or 2026-11-20T10:00:00Z)`);
  return t;
}

/**
 * Whether the date a time starts with is on the calendar. Date.parse takes any day up to 31 in
 * any month and rolls over: `--until 2026-02-30` would quietly mean March 2.
 */
function realDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/** A date and time without a zone designator (`2026-11-20 10:00:00.000`, `2026-11-20T10:00`). */
const NO_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** A date alone (UTC to Date.parse), or a date and time with a zone (`Z`, `+09:00`, `+0900`). */
const ZONED = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)? ?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * Epoch ms of a time as CloudTrail and its exports write it, or NaN. A
 * date and time without a zone is UTC (CloudTrail Lake writes
 * `2026-11-20 10:00:00.000`), never the machine's local time, which
 * Date.parse would assume; a time in no ISO 8601 form is NaN.
 */
export function parseEventTime(s: string): number {
  // The reader checks a record's time and the matcher then reads it, and records of a
  // delivery file share many times: the last answer is kept (a string compare is cheaper).
  if (s === last.text) return last.time;
  // Any other form goes nowhere near Date.parse, whose fallback reads `2026/11/20 10:00` as
  // the machine's local time and takes "1" for 2001: such a record lacks a valid time.
  const time = NO_ZONE.test(s) ? Date.parse(`${s.replace(' ', 'T')}Z`) : ZONED.test(s) ? Date.parse(s) : NaN;
  last.text = s;
  last.time = time;
  return time;
}

const last = { text: '', time: NaN };
