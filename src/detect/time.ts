// Kept apart from run.ts so that the CLI can parse --since/--until without loading the detector.

/**
 * A time argument: a duration back from now (`90s`, `30m`, `24h`, `7d`) or
 * an ISO 8601 date/time. Returns epoch milliseconds.
 */
export function parseTimeArg(value: string, now = Date.now()): number {
  const m = /^(\d+)([smhd])$/.exec(value.trim());
  if (m) return now - Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(t)) throw new Error(`not a time: ${JSON.stringify(value)} (use e.g. 7d, 24h, 30m or 2026-11-20T10:00:00Z)`);
  return t;
}
