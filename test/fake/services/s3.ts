import * as s3 from '@aws-sdk/client-s3';
import * as s3control from '@aws-sdk/client-s3-control';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { accountWide, type FakeAccount } from '../state.js';
import type { PolicyDocument, PublicAccessBlock } from '../../../src/scan/snapshot.js';

/**
 * S3 and S3 Control. Buckets are account-wide state (ListBuckets returns them
 * all from any region) but each lives in one region: a per-bucket call sent
 * to another region is refused with a 301 PermanentRedirect, as S3 does when
 * the client does not follow redirects. Defaults are those of a bucket
 * created today: Block Public Access on, SSE-S3 encryption (both defaults
 * since 2023), owner-only ACL, no policy.
 */
export interface FakeBucket {
  name: string;
  region: string;
  created: Date;
  /** Bucket-level Block Public Access; undefined when none is configured. */
  pab?: PublicAccessBlock;
  policy?: PolicyDocument;
  /** Public grants only, e.g. { grantee: 'AllUsers', permission: 'READ' }. */
  publicGrants: { grantee: 'AllUsers' | 'AuthenticatedUsers'; permission: string }[];
  /** Default encryption algorithm; null for a bucket with none (only possible before 2023). */
  encryption: string | null;
  /** Objects, for the trail bucket that `mamori detect s3://...` reads. */
  objects?: Map<string, { body: Buffer; modified: Date }>;
}

export interface FakeS3 {
  buckets: Map<string, FakeBucket>;
  /** Simulates an endpoint whose ListBuckets omits BucketRegion (S3-compatible stores, older partitions). */
  omitBucketRegion?: boolean;
  /** Account-level Block Public Access; undefined when none is configured. */
  accountPab?: PublicAccessBlock;
}

export const ALL_BLOCKED: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const GROUP_URI = { AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers', AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' };

export const s3State = (a: FakeAccount) => accountWide<FakeS3>(a, 's3', () => ({ buckets: new Map() }));

// ---- seed helpers --------------------------------------------------------

export function addBucket(
  a: FakeAccount,
  b: { name: string; region?: string; created?: Date } & Partial<Omit<FakeBucket, 'name' | 'region' | 'created'>> & { noPublicAccessBlock?: boolean },
): FakeBucket {
  const bucket: FakeBucket = {
    name: b.name,
    region: b.region ?? 'us-east-1',
    created: b.created ?? new Date('2024-01-01T00:00:00Z'),
    publicGrants: b.publicGrants ?? [],
    encryption: b.encryption === undefined ? 'AES256' : b.encryption,
    ...(b.policy ? { policy: b.policy } : {}),
  };
  if (!b.noPublicAccessBlock) bucket.pab = b.pab ?? { ...ALL_BLOCKED };
  s3State(a).buckets.set(bucket.name, bucket);
  return bucket;
}

/** Account-level Block Public Access; `undefined` removes it. */
export function setAccountPublicAccessBlock(a: FakeAccount, pab: PublicAccessBlock | undefined): void {
  const s = s3State(a);
  if (pab) s.accountPab = { ...pab };
  else delete s.accountPab;
}

/**
 * S3's notion of a public policy, narrowed to what seeds use: an Allow to
 * the `*` principal without a condition that pins it to known callers.
 */
export function isPublicPolicy(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const p = s.Principal as unknown;
    const everyone = p === '*' || (typeof p === 'object' && p !== null && ([] as unknown[]).concat((p as { AWS?: unknown }).AWS ?? []).includes('*'));
    return everyone && !s.Condition;
  });
}

// ---- handlers --------------------------------------------------------------

function bucketIn(ctx: FakeCtx, name: string): FakeBucket {
  const b = s3State(ctx.account).buckets.get(name);
  if (!b) throw new FakeError('NoSuchBucket', 'The specified bucket does not exist', 404);
  if (b.region !== ctx.region)
    throw new FakeError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301);
  return b;
}

const PAB_MISSING = 'The public access block configuration was not found';
const noPab = () => new FakeError('NoSuchPublicAccessBlockConfiguration', PAB_MISSING, 404);

/**
 * S3 Control models NoSuchPublicAccessBlockConfiguration as its own class
 * (without the `Exception` suffix errors.ts looks for), so the handler throws
 * it ready-made. The module is handed to the fake without the modeled
 * InternalServiceException, which errors.ts would otherwise take for the
 * service's base class and give every injected error its name.
 */
const s3controlModule = Object.fromEntries(Object.entries(s3control).filter(([k]) => k !== 'InternalServiceException'));
const noAccountPab = () =>
  new s3control.NoSuchPublicAccessBlockConfiguration({
    message: PAB_MISSING,
    $metadata: { httpStatusCode: 404, requestId: 'fake-request', attempts: 1, totalRetryDelay: 0 },
  });

export const s3Service: FakeService = {
  prefix: 's3',
  client: s3.S3Client,
  module: s3,
  handlers: {
    ListBuckets(input, ctx) {
      const all = [...s3State(ctx.account).buckets.values()]
        .filter((b) => (!input.BucketRegion || b.region === input.BucketRegion) && (!input.Prefix || b.name.startsWith(input.Prefix)))
        .sort((x, y) => (x.name < y.name ? -1 : 1))
        .map((b) => ({ Name: b.name, CreationDate: b.created, ...(s3State(ctx.account).omitBucketRegion ? {} : { BucketRegion: b.region }) }));
      const owner = { DisplayName: 'owner', ID: 'fakecanonicaluserid' };
      // Without MaxBuckets S3 answers with every bucket in one response (legacy, unpaginated).
      if (input.MaxBuckets === undefined && !input.ContinuationToken) return { Buckets: all, Owner: owner };
      const { page, next } = paginate(all, input.ContinuationToken, input.MaxBuckets, 10000);
      return { Buckets: page, Owner: owner, ...(next ? { ContinuationToken: next } : {}), ...(input.Prefix ? { Prefix: input.Prefix } : {}) };
    },
    GetBucketLocation(input, ctx) {
      // Answered from any region; us-east-1 is the legacy empty constraint.
      const b = s3State(ctx.account).buckets.get(input.Bucket);
      if (!b) throw new FakeError('NoSuchBucket', 'The specified bucket does not exist', 404);
      return b.region === 'us-east-1' ? {} : { LocationConstraint: b.region };
    },
    GetBucketPolicyStatus(input, ctx) {
      const b = bucketIn(ctx, input.Bucket);
      if (!b.policy) throw new FakeError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return { PolicyStatus: { IsPublic: isPublicPolicy(b.policy) } };
    },
    GetBucketAcl(input, ctx) {
      const b = bucketIn(ctx, input.Bucket);
      const owner = { DisplayName: 'owner', ID: 'fakecanonicaluserid' };
      return {
        Owner: owner,
        Grants: [
          { Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' },
          ...b.publicGrants.map((g) => ({ Grantee: { Type: 'Group', URI: GROUP_URI[g.grantee] }, Permission: g.permission })),
        ],
      };
    },
    GetPublicAccessBlock(input, ctx) {
      const b = bucketIn(ctx, input.Bucket);
      if (!b.pab) throw noPab();
      return { PublicAccessBlockConfiguration: { ...b.pab } };
    },
    /**
     * ListObjectsV2 as S3 does it: keys in UTF-8 binary order, Delimiter rolling
     * keys up into CommonPrefixes, MaxKeys (at most 1000) counting both, an
     * opaque NextContinuationToken.
     */
    ListObjectsV2(input: s3.ListObjectsV2CommandInput, ctx) {
      const b = bucketIn(ctx, input.Bucket!);
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
      const keys = [...(b.objects?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
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
          const o = b.objects!.get(k)!;
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
      const o = bucketIn(ctx, input.Bucket!).objects?.get(input.Key!);
      if (!o) throw new FakeError('NoSuchKey', 'The specified key does not exist.', 404);
      return { Body: Readable.from([o.body]), ContentLength: o.body.length, LastModified: o.modified };
    },
    GetBucketEncryption(input, ctx) {
      const b = bucketIn(ctx, input.Bucket);
      if (!b.encryption)
        throw new FakeError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
      return {
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption }, BucketKeyEnabled: b.encryption !== 'AES256' }],
        },
      };
    },
  },
};

/**
 * S3 Control: the account's own Block Public Access. Its prefix is
 * `s3control` here only so that tests can inject a fault on the account call
 * without hitting the bucket call of the same name.
 */
export const s3ControlService: FakeService = {
  prefix: 's3control',
  client: s3control.S3ControlClient,
  module: s3controlModule,
  global: true,
  handlers: {
    GetPublicAccessBlock(input, ctx) {
      if (input.AccountId !== ctx.account.id) throw new FakeError('AccessDenied', 'Access Denied', 403);
      const pab = s3State(ctx.account).accountPab;
      if (!pab) throw noAccountPab();
      return { PublicAccessBlockConfiguration: { ...pab } };
    },
  },
};

const token = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString('base64');

/** Test helper: puts an object as CloudTrail delivers it, creating the bucket in `region` if needed. */
export function putObject(account: FakeAccount, bucketName: string, region: string, key: string, body: Buffer): void {
  const b = s3State(account).buckets.get(bucketName) ?? addBucket(account, { name: bucketName, region });
  (b.objects ??= new Map()).set(key, { body, modified: new Date('2026-11-20T12:00:00Z') });
}
