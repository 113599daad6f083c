import * as s3 from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { accountWide } from '../state.js';

/** Buckets of one account: name -> region and objects. */
export interface FakeS3 {
  buckets: Map<string, { region: string; objects: Map<string, { body: Buffer; modified: Date }> }>;
}

export function s3State(ctx: Pick<FakeCtx, 'account'>): FakeS3 {
  return accountWide(ctx.account, 's3', () => ({ buckets: new Map() }));
}

function bucket(ctx: FakeCtx, name: string) {
  const b = s3State(ctx).buckets.get(name);
  if (!b) throw new FakeError('NoSuchBucket', 'The specified bucket does not exist', 404);
  return b;
}

const token = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString('base64');

/**
 * S3: the calls `mamori detect s3://...` makes. ListObjectsV2 as S3 does it:
 * keys in UTF-8 binary order, Delimiter rolling keys up into CommonPrefixes,
 * MaxKeys (at most 1000) counting both, an opaque NextContinuationToken.
 */
export const s3Service: FakeService = {
  prefix: 's3',
  client: s3.S3Client,
  module: s3,
  global: true,
  handlers: {
    GetBucketLocation(input: s3.GetBucketLocationCommandInput, ctx) {
      const b = bucket(ctx, input.Bucket!);
      // us-east-1 buckets report no location constraint.
      return b.region === 'us-east-1' ? {} : { LocationConstraint: b.region };
    },
    ListObjectsV2(input: s3.ListObjectsV2CommandInput, ctx) {
      const b = bucket(ctx, input.Bucket!);
      const prefix = input.Prefix ?? '';
      const max = Math.min(input.MaxKeys ?? 1000, 1000);
      let after = input.StartAfter ?? '';
      if (input.ContinuationToken) {
        try {
          after = JSON.parse(Buffer.from(input.ContinuationToken, 'base64').toString()).k;
          if (typeof after !== 'string') throw new Error();
        } catch {
          throw new FakeError('InvalidArgument', 'The continuation token provided is incorrect', 400);
        }
      }
      const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix)).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      const contents: s3._Object[] = [];
      const common: string[] = [];
      let last = '';
      let truncated = false;
      for (const k of keys) {
        if (k <= after) continue;
        const rest = k.slice(prefix.length);
        const cut = input.Delimiter ? rest.indexOf(input.Delimiter) : -1;
        const entry = cut >= 0 ? prefix + rest.slice(0, cut + input.Delimiter!.length) : undefined;
        if (entry && common.at(-1) === entry) {
          last = k;
          continue;
        }
        if (contents.length + common.length >= max) {
          truncated = true;
          break;
        }
        if (entry) common.push(entry);
        else {
          const o = b.objects.get(k)!;
          contents.push({ Key: k, LastModified: o.modified, ETag: `"${createHash('md5').update(o.body).digest('hex')}"`, Size: o.body.length, StorageClass: 'STANDARD' });
        }
        last = k;
      }
      // A continuation resumes after the last key consumed (including keys rolled into a prefix).
      if (truncated && common.length && last.startsWith(common.at(-1)!)) last = common.at(-1)! + '\uffff';
      return {
        Name: input.Bucket,
        Prefix: prefix,
        ...(input.Delimiter ? { Delimiter: input.Delimiter } : {}),
        MaxKeys: max,
        KeyCount: contents.length + common.length,
        IsTruncated: truncated,
        ...(contents.length ? { Contents: contents } : {}),
        ...(common.length ? { CommonPrefixes: common.map((p) => ({ Prefix: p })) } : {}),
        ...(input.ContinuationToken ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(truncated ? { NextContinuationToken: token(last) } : {}),
      };
    },
    GetObject(input: s3.GetObjectCommandInput, ctx) {
      const o = bucket(ctx, input.Bucket!).objects.get(input.Key!);
      if (!o) throw new FakeError('NoSuchKey', 'The specified key does not exist.', 404);
      return { Body: Readable.from([o.body]), ContentLength: o.body.length, LastModified: o.modified };
    },
  },
};

/** Test helper: puts an object as CloudTrail delivers it. */
export function putObject(account: FakeCtx['account'], bucketName: string, region: string, key: string, body: Buffer): void {
  const st = s3State({ account });
  let b = st.buckets.get(bucketName);
  if (!b) st.buckets.set(bucketName, (b = { region, objects: new Map() }));
  b.objects.set(key, { body, modified: new Date('2026-11-20T12:00:00Z') });
}
