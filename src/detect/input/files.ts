/**
 * Finds CloudTrail files under the paths a user gives, in the S3 delivery
 * layout (AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz)
 * or any other: whole year, month and day folders outside the time range are
 * skipped without being listed, digest and Insights folders and other services'
 * logs beside CloudTrail's (a log-archive bucket) are left out, and
 * files are ordered by the delivery time in their names so that events from
 * every region and account interleave as they happened (correlations across
 * regions need that).
 */
import { basename } from 'node:path';
import { walk } from '../../util/walk.js';
import type { InputProblem } from './read.js';

export interface TimeRange {
  since?: number;
  until?: number;
}

const EVENT_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
const SKIP_DIRS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);
const DATE_DIR = /[\\/]CloudTrail[\\/][a-z0-9-]+[\\/](\d{4})(?:[\\/](\d{2}))?(?:[\\/](\d{2}))?$/;
const NAME_TIME = /_(\d{8}T\d{4})Z_/;
/** A service's folder under an account's (`AWSLogs/[o-org/]<account>/<service>`). */
const SERVICE_DIR = /[\\/]AWSLogs[\\/](?:o-[a-z0-9]+[\\/])?\d{12}[\\/]([^\\/]+)$/;

/**
 * A log-archive bucket copied to disk also holds AWS Config, load balancer
 * and other services' logs beside CloudTrail's, some of them `.json.gz`:
 * as from S3, only `CloudTrail/` is entered under an account's folder,
 * rather than every Config file being reported as not a record.
 */
function otherServiceFolder(dir: string): boolean {
  const m = SERVICE_DIR.exec(dir);
  return !!m && m[1] !== 'CloudTrail';
}

/** True when a year/month/day folder of the S3 layout cannot hold events in range. */
export function dayFolderOutOfRange(dir: string, range: TimeRange): boolean {
  const m = DATE_DIR.exec(dir);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) - 1 : undefined;
  const d = m[3] ? Number(m[3]) : undefined;
  const start = Date.UTC(y, mo ?? 0, d ?? 1);
  const end = d !== undefined ? Date.UTC(y, mo!, d + 1) : mo !== undefined ? Date.UTC(y, mo + 1, 1) : Date.UTC(y + 1, 0, 1);
  // CloudTrail files in a day folder can hold events up to ~15 minutes from
  // its edges (delivery batches), so the folder is kept with that margin.
  const margin = 30 * 60_000;
  if (range.since !== undefined && end + margin <= range.since) return true;
  if (range.until !== undefined && start - margin > range.until) return true;
  return false;
}

/**
 * The event files under `paths`. A named path that does not exist throws; an
 * entry inside a directory that cannot be followed (a dangling symbolic link,
 * a link loop, a directory that cannot be listed) is passed to `onProblem`
 * as an `io` problem and left out.
 */
export function findEventFiles(paths: string[], range: TimeRange = {}, onProblem?: (p: InputProblem) => void): string[] {
  const out = walk(paths, {
    take: (p, named) => named || EVENT_FILE.test(p),
    enter: (p, named) => (named || (!SKIP_DIRS.has(basename(p)) && !otherServiceFolder(p))) && !dayFolderOutOfRange(p, range),
    onProblem: (file, message) => onProblem?.({ file, kind: 'io', message }),
  });
  return sortByDelivery(out);
}

/** Orders files by the delivery timestamp in CloudTrail file names, falling back to the path. */
export function sortByDelivery(files: string[]): string[] {
  const key = (f: string) => {
    const m = NAME_TIME.exec(basename(f));
    if (m) return m[1]!;
    const d = /(\d{4})[\\/](\d{2})[\\/](\d{2})[\\/][^\\/]*$/.exec(f);
    return d ? `${d[1]}${d[2]}${d[3]}T0000` : '';
  };
  return files
    .map((f) => ({ f, k: key(f) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.f < b.f ? -1 : a.f > b.f ? 1 : 0))
    .map((x) => x.f);
}
