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
import { newSummary, readStream, type InputSummary, type ReadOptions } from './read.js';

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

/** Every object key holding events under the location, within the range, in delivery order. */
export async function listTrailObjects(aws: Aws, region: string, loc: S3Location, range: TimeRange = {}): Promise<string[]> {
  const keys: string[] = [];
  const listLevel = async (prefix: string): Promise<{ prefixes: string[]; keys: string[] }> => {
    const prefixes: string[] = [];
    const found: string[] = [];
    for await (const page of aws.pages<ListObjectsV2CommandOutput>(
      S3Client,
      region,
      (token) => new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }),
      (out) => (out.IsTruncated ? out.NextContinuationToken : undefined),
    )) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
      for (const o of page.Contents ?? []) if (o.Key && /\.json(\.gz)?$/.test(o.Key)) found.push(o.Key);
    }
    return { prefixes, keys: found };
  };
  const listAll = async (prefix: string) => {
    for await (const page of aws.pages<ListObjectsV2CommandOutput>(
      S3Client,
      region,
      (token) => new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      (out) => (out.IsTruncated ? out.NextContinuationToken : undefined),
    ))
      for (const o of page.Contents ?? []) if (o.Key && /\.json(\.gz)?$/.test(o.Key)) keys.push(o.Key);
  };
  const walk = async (prefix: string, depth: number): Promise<void> => {
    if (SKIP.test(prefix)) return;
    if (REGION_DIR.test(prefix)) {
      if (range.since !== undefined) {
        for (const day of daysInRange(range)) await listAll(`${prefix}${day}/`);
        return;
      }
      const level = await listLevel(prefix);
      for (const p of level.prefixes) if (!dayFolderOutOfRange(p.replace(/\/$/, ''), range)) await listAll(p);
      return;
    }
    if (depth > 8) return; // not a CloudTrail layout this deep: stop rather than list the bucket
    const level = await listLevel(prefix);
    keys.push(...level.keys);
    for (const p of level.prefixes) await walk(p, depth + 1);
  };
  await walk(loc.prefix, 0);
  return sortByDelivery(keys);
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
  const keys = await listTrailObjects(aws, region, loc, opts);
  for (const key of keys) {
    const out = await aws.send(S3Client, region, new GetObjectCommand({ Bucket: loc.bucket, Key: key }));
    yield* readStream(`s3://${loc.bucket}/${key}`, () => out.Body as Readable, opts, summary);
  }
}
