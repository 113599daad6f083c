import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  type GetBucketAclCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandOutput,
  type GetBucketPolicyStatusCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { AwsCallError } from '../../aws/errors.js';
import type { Bucket, PublicAccessBlock } from '../snapshot.js';
import { all, read, type CollectContext } from './context.js';

const G = 'global';
/** ListBuckets allows up to 10,000 per page; unpaginated calls are only served to accounts under the default quota. */
const PAGE = 1000;
const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** Treats one AWS error code as an answer ("there is none") rather than a failure. */
async function absentOn<T, D>(codes: string[], absent: D, fn: () => Promise<T>): Promise<T | D> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AwsCallError && codes.includes(err.failure.code)) return absent;
    throw err;
  }
}

const pab = (c: Partial<PublicAccessBlock> | undefined): PublicAccessBlock => ({
  BlockPublicAcls: c?.BlockPublicAcls === true,
  IgnorePublicAcls: c?.IgnorePublicAcls === true,
  BlockPublicPolicy: c?.BlockPublicPolicy === true,
  RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
});

/**
 * S3: the account's Block Public Access, then every bucket with its own
 * Block Public Access, policy status, ACL and default encryption. Each
 * per-bucket field is its own read, so one denied call leaves the others
 * usable. Calls go to the bucket's region (BucketRegion from ListBuckets).
 */
export async function collectS3(ctx: CollectContext): Promise<void> {
  const { aws, snap } = ctx;
  const home = aws.homeRegion;
  const [accountPab, listed] = await Promise.all([
    read('s3:GetAccountPublicAccessBlock', G, () =>
      absentOn(['NoSuchPublicAccessBlockConfiguration'], null, async () => {
        const out = await aws.send(S3ControlClient, home, new GetAccountPublicAccessBlockCommand({ AccountId: snap.account.id }));
        return pab(out.PublicAccessBlockConfiguration);
      }),
    ),
    read('s3:ListAllMyBuckets', G, () =>
      all(
        aws.pages<ListBucketsCommandOutput>(S3Client, home, (ContinuationToken) => new ListBucketsCommand({ MaxBuckets: PAGE, ContinuationToken }), (o) => o.ContinuationToken),
        (o) => o.Buckets?.map((b) => ({ name: b.Name!, region: b.BucketRegion })),
      ),
    ),
  ]);
  snap.s3.accountPublicAccessBlock = accountPab;
  if (!listed.ok) {
    snap.s3.buckets = listed;
    return;
  }
  ctx.progress(`s3: ${listed.value.length} buckets`);
  const buckets = await Promise.all(listed.value.map(async (b) => bucketDetails(ctx, b.name, b.region ?? (await bucketRegion(ctx, b.name)))));
  snap.s3.buckets = { ok: true, value: buckets };
}

/**
 * Where a bucket lives when ListBuckets did not say (S3-compatible endpoints,
 * older partitions). GetBucketLocation answers from any region; its legacy
 * values are null/empty for us-east-1 and `EU` for eu-west-1. If even that
 * fails, the home region is tried and the per-field reads report what S3 said.
 */
async function bucketRegion(ctx: CollectContext, name: string): Promise<string> {
  const { aws } = ctx;
  try {
    const out = await aws.send<GetBucketLocationCommandOutput>(S3Client, aws.homeRegion, new GetBucketLocationCommand({ Bucket: name }));
    const c = out.LocationConstraint as string | undefined;
    return !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
  } catch {
    return aws.homeRegion;
  }
}

async function bucketDetails(ctx: CollectContext, name: string, region: string): Promise<Bucket> {
  const { aws } = ctx;
  const [publicAccessBlock, policyPublic, aclPublicGrants, encryption] = await Promise.all([
    read('s3:GetBucketPublicAccessBlock', region, () =>
      absentOn(['NoSuchPublicAccessBlockConfiguration'], null, async () => {
        const out = await aws.send<GetPublicAccessBlockCommandOutput>(S3Client, region, new GetPublicAccessBlockCommand({ Bucket: name }));
        return pab(out.PublicAccessBlockConfiguration);
      }),
    ),
    read('s3:GetBucketPolicyStatus', region, () =>
      absentOn(['NoSuchBucketPolicy'], false, async () => {
        const out = await aws.send<GetBucketPolicyStatusCommandOutput>(S3Client, region, new GetBucketPolicyStatusCommand({ Bucket: name }));
        return out.PolicyStatus?.IsPublic === true;
      }),
    ),
    read('s3:GetBucketAcl', region, async () => {
      const out = await aws.send<GetBucketAclCommandOutput>(S3Client, region, new GetBucketAclCommand({ Bucket: name }));
      return (out.Grants ?? []).flatMap((g) => {
        const group = g.Grantee?.URI ? PUBLIC_GROUPS[g.Grantee.URI] : undefined;
        return group ? [`${group}:${g.Permission ?? 'UNKNOWN'}`] : [];
      });
    }),
    read('s3:GetEncryptionConfiguration', region, () =>
      absentOn(['ServerSideEncryptionConfigurationNotFoundError'], null, async () => {
        const out = await aws.send<GetBucketEncryptionCommandOutput>(S3Client, region, new GetBucketEncryptionCommand({ Bucket: name }));
        return out.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault)?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
      }),
    ),
  ]);
  return { name, region, publicAccessBlock, policyPublic, aclPublicGrants, encryption };
}
