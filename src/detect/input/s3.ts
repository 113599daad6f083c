/**
 * CloudTrail straight from its S3 bucket. The listing walks the delivery
 * layout with delimiters (accounts, organization ids, regions), and with a
 * time range it asks only for the day folders in range
 * (`.../CloudTrail/<region>/YYYY/MM/DD/`) instead of listing every year.
 * Objects are then read one at a time, in delivery order across regions and
 * accounts, through the same streaming reader as local files.
 */
import { GetBucketLocationCommand, GetObjectCommand, ListObjectsV2Command, S3Client, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Aws } from '../../aws/clients.js';
import type { CloudTrailEvent } from '../event.js';
import { dayFolderOutOfRange, sortByDelivery, type TimeRange } from './files.js';
import { countedProblem, newSummary, readStream, type InputProblem, type InputSummary, type ReadOptions } from './read.js';

export interface S3Location {
  bucket: string;
  prefix: string;
}

export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new Error(`not an S3 location: ${JSON.stringify(url)} (expected s3://bucket/prefix)`);
  const prefix = m[2] ?? '';
  return { bucket: m[1]!, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

/** The bucket's region (GetBucketLocation answers null for us-east-1 and "EU" for eu-west-1). */
export async function bucketRegion(aws: Aws, bucket: string): Promise<string> {
  const out = await aws.send(S3Client, aws.homeRegion, new GetBucketLocationCommand({ Bucket: bucket }));
  const c = out.LocationConstraint as string | undefined | null;
  return !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
}

const SKIP = /(^|\/)(CloudTrail-Digest|CloudTrail-Insight)\/$/;
const REGION_DIR = /(^|\/)CloudTrail\/[a-z0-9-]+\/$/;
/** An account's folder (`AWSLogs/<account>/`, or `AWSLogs/o-.../<account>/` for an organization trail). */
const ACCOUNT_DIR = /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/$/;
/** Folders above AWSLogs/ (the trail's own key prefix) walked at most: deeper, this is not a trail layout. */
const MAX_PREFIX_DEPTH = 8;

/**
 * Every object key holding events under the location, within the range, in
 * delivery order. Below an account's folder only `CloudTrail/` is followed:
 * a log-archive bucket also holds AWS Config, load balancer and other
 * services' logs, which are neither listed nor read.
 */
export async function listTrailObjects(aws: Aws, region: string, loc: S3Location, range: TimeRange = {}, onProblem?: (p: InputProblem) => void): Promise<string[]> {
  const { folders, keys } = await findTrailFolders(aws, region, loc, range, onProblem);
  for (const folder of folders) keys.push(...(await listRegionFolder(aws, region, loc.bucket, folder, range)));
  return sortByDelivery(keys);
}

export interface TrailFolders {
  /** Each account's region folder under the location (`.../AWSLogs/[o-.../]<account>/CloudTrail/<region>/`). */
  folders: string[];
  /** Objects met outside that layout: the location is below a region folder, or stray files lie above `AWSLogs/`. */
  keys: string[];
}

/**
 * The walk down the delivery layout to every region folder (accounts,
 * organization ids, regions), with delimiters; what is below a region folder
 * is left to `listRegionFolder`. `mamori watch` keeps the result between
 * polls: new accounts and regions are rare, and an organization trail has
 * one folder per account and region.
 */
export async function findTrailFolders(aws: Aws, region: string, loc: S3Location, range: TimeRange = {}, onProblem?: (p: InputProblem) => void): Promise<TrailFolders> {
  const keys: string[] = [];
  const folders: string[] = [];
  // Whether the walk met an AWSLogs/ folder: a location without one (a mistyped prefix, the
  // wrong bucket) is reported below, not read as an empty trail.
  let awsLogs = loc.prefix.includes('AWSLogs/');
  let cut = false;
  const walk = async (prefix: string, depth: number): Promise<void> => {
    awsLogs ||= prefix.includes('AWSLogs/');
    if (SKIP.test(prefix) || dayFolderOutOfRange(prefix.replace(/\/$/, ''), range)) return;
    if (ACCOUNT_DIR.test(prefix)) return walk(`${prefix}CloudTrail/`, depth + 1);
    if (REGION_DIR.test(prefix)) return void folders.push(prefix);
    if (depth > MAX_PREFIX_DEPTH && !prefix.includes('AWSLogs/')) {
      // Not a CloudTrail layout this deep: stop rather than list the whole bucket, and say so.
      onProblem?.({ file: `s3://${loc.bucket}/${prefix}`, kind: 'io', message: `no AWSLogs/ folder within ${MAX_PREFIX_DEPTH} levels of s3://${loc.bucket}/${loc.prefix}; not listed further (give the trail's prefix in the URL)` });
      cut = true;
      return;
    }
    const level = await listLevel(aws, region, loc.bucket, prefix);
    keys.push(...level.keys);
    for (const p of level.prefixes) await walk(p, depth + 1);
  };
  await walk(loc.prefix, 0);
  if (!awsLogs && !cut) onProblem?.({ file: `s3://${loc.bucket}/${loc.prefix}`, kind: 'io', message: `no AWSLogs/ folder within ${MAX_PREFIX_DEPTH} levels of s3://${loc.bucket}/${loc.prefix}; nothing to read (check the bucket and the prefix)` });
  return { folders, keys };
}

/** A region folder's account and region, as CloudTrail also writes them at the start of each file name in it. */
const REGION_FOLDER = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/$/;

/**
 * The objects of one region folder in the range's day folders (all of them
 * without `range.since`). With `deliveredSince`, each day folder is listed
 * from there on: CloudTrail names its files `<account>_CloudTrail_<region>_
 * <YYYYMMDDTHHmm>Z_<unique>.json.gz` with the delivery time, so within a day
 * folder (one account, one region) key order is delivery order, and
 * `StartAfter` = `<folder><account>_CloudTrail_<region>_<stamp>` (any key may
 * be given, S3 lists the keys after it in UTF-8 binary order) returns exactly
 * the files delivered in that minute or later — whenever they became
 * visible: the position is a time, never the last key read, so a file that
 * appears late with an earlier name is still listed.
 */
export async function listRegionFolder(aws: Aws, region: string, bucket: string, folder: string, range: TimeRange = {}, deliveredSince?: number): Promise<string[]> {
  const keys: string[] = [];
  const named = REGION_FOLDER.exec(folder);
  const after = (day: string) => {
    if (deliveredSince === undefined || !named) return undefined;
    const stamp = new Date(deliveredSince).toISOString().replace(/[-:]/g, '').slice(0, 13);
    return `${folder}${day}/${named[1]}_CloudTrail_${named[2]}_${stamp}`;
  };
  if (range.since !== undefined) {
    for (const day of daysInRange(range)) keys.push(...(await listAll(aws, region, bucket, `${folder}${day}/`, after(day))));
    return keys;
  }
  const level = await listLevel(aws, region, bucket, folder);
  for (const p of level.prefixes) if (!dayFolderOutOfRange(p.replace(/\/$/, ''), range)) keys.push(...(await listAll(aws, region, bucket, p)));
  return keys;
}

async function listLevel(aws: Aws, region: string, bucket: string, prefix: string): Promise<{ prefixes: string[]; keys: string[] }> {
  const prefixes: string[] = [];
  const found: string[] = [];
  for await (const page of aws.pages<ListObjectsV2CommandOutput>(
    S3Client,
    region,
    (token) => new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }),
    (out) => (out.IsTruncated ? out.NextContinuationToken : undefined),
  )) {
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
    for (const o of page.Contents ?? []) if (o.Key && /\.json(\.gz)?$/.test(o.Key)) found.push(o.Key);
  }
  return { prefixes, keys: found };
}

async function listAll(aws: Aws, region: string, bucket: string, prefix: string, startAfter?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of aws.pages<ListObjectsV2CommandOutput>(
    S3Client,
    region,
    (token) => new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(startAfter ? { StartAfter: startAfter } : {}), ...(token ? { ContinuationToken: token } : {}) }),
    (out) => (out.IsTruncated ? out.NextContinuationToken : undefined),
  ))
    for (const o of page.Contents ?? []) if (o.Key && /\.json(\.gz)?$/.test(o.Key)) keys.push(o.Key);
  return keys;
}

/** The delivery time in a CloudTrail object's name (`..._20261120T1005Z_...`), epoch ms; undefined without one. */
export function deliveredAt(key: string): number | undefined {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/.exec(key);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) : undefined;
}

/** YYYY/MM/DD of every UTC day overlapping the range (until defaults to now), with the delivery margin. */
export function daysInRange(range: TimeRange, now = Date.now()): string[] {
  const margin = 30 * 60_000;
  const start = new Date((range.since ?? now) - margin);
  const end = (range.until ?? now) + margin;
  const out: string[] = [];
  for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); d <= end; d += 86_400_000) {
    const x = new Date(d);
    out.push(`${x.getUTCFullYear()}/${String(x.getUTCMonth() + 1).padStart(2, '0')}/${String(x.getUTCDate()).padStart(2, '0')}`);
  }
  return out;
}

export async function* readS3Events(aws: Aws, url: string, opts: ReadOptions = {}, summary: InputSummary = newSummary()): AsyncGenerator<CloudTrailEvent> {
  const loc = parseS3Url(url);
  const region = await bucketRegion(aws, loc.bucket);
  const keys = await listTrailObjects(aws, region, loc, opts, countedProblem(opts, summary));
  for (const key of keys) yield* readS3Object(aws, region, loc.bucket, key, opts, summary);
}

/**
 * One object's events. An object that cannot be fetched (denied by its KMS
 * key, throttled, gone), or whose download breaks off, is reported as `io`
 * under its s3:// name and the others are still read; returns whether it was
 * read whole.
 */
export async function* readS3Object(aws: Aws, region: string, bucket: string, key: string, opts: ReadOptions, summary: InputSummary): AsyncGenerator<CloudTrailEvent, boolean> {
  const name = `s3://${bucket}/${key}`;
  let body: Readable;
  try {
    body = (await aws.send(S3Client, region, new GetObjectCommand({ Bucket: bucket, Key: key }))).Body as Readable;
  } catch (err) {
    summary.files++;
    summary.filesWithErrors++;
    countedProblem(opts, summary)({ file: name, kind: 'io', message: `cannot read: ${(err as Error).message}` });
    return false;
  }
  // A GET that answered can still fail in its body (a connection reset): the events after the break were not read.
  let broken = false;
  const watched: ReadOptions = { ...opts, onProblem: (p) => ((broken ||= p.kind === 'io'), opts.onProblem?.(p)) };
  yield* readStream(name, () => body, watched, summary);
  return !broken;
}

