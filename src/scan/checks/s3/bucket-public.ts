import { fail, notAssessed, pass, type Check, type Result } from '../../check.js';
import type { Bucket, PublicAccessBlock, Read } from '../../snapshot.js';
import { sh } from '../../../util/shell.js';
import { PAB_ALL_ON } from './account-public-access-block.js';
import { describeFailure } from '../../../aws/errors.js';

type Flag = 'on' | 'off' | 'unknown';

/** A Block Public Access setting is on if either the account or the bucket turns it on. */
function flag(account: Read<PublicAccessBlock | null>, bucket: Read<PublicAccessBlock | null>, key: keyof PublicAccessBlock): Flag {
  const on = (r: Read<PublicAccessBlock | null>) => r.ok && !!r.value?.[key];
  if (on(account) || on(bucket)) return 'on';
  return account.ok && bucket.ok ? 'off' : 'unknown';
}

const WRITE = /:(WRITE|WRITE_ACP|FULL_CONTROL)$/;

/**
 * Public through its ACL (AllUsers / AuthenticatedUsers grants) or its policy
 * (S3's own IsPublic verdict), unless Block Public Access neutralises that
 * path: IgnorePublicAcls voids ACL grants, RestrictPublicBuckets confines a
 * public policy to the owner's principals and AWS services.
 */
export function bucketExposure(accountPab: Read<PublicAccessBlock | null>, b: Bucket) {
  const ignoreAcls = flag(accountPab, b.publicAccessBlock, 'IgnorePublicAcls');
  const restrict = flag(accountPab, b.publicAccessBlock, 'RestrictPublicBuckets');
  const paths: string[] = [];
  const neutralised: string[] = [];
  const unknown: string[] = [];
  let write = false;
  const where = (r: Read<PublicAccessBlock | null>) => (r.ok && r.value ? 'set' : 'missing');

  if (ignoreAcls === 'on') {
    if (b.aclPublicGrants.ok && b.aclPublicGrants.value.length) neutralised.push(`ACL grants (${b.aclPublicGrants.value.join(', ')}) are ignored by IgnorePublicAcls`);
  } else if (!b.aclPublicGrants.ok) unknown.push(`ACL: ${describeFailure(b.aclPublicGrants.error)}`);
  else if (b.aclPublicGrants.value.length) {
    if (ignoreAcls === 'off') paths.push(`its ACL grants ${b.aclPublicGrants.value.join(', ')}`);
    else unknown.push(`ACL grants ${b.aclPublicGrants.value.join(', ')} but Block Public Access could not be read (account ${where(accountPab)}, bucket ${where(b.publicAccessBlock)})`);
    write = b.aclPublicGrants.value.some((g) => WRITE.test(g));
  }

  if (restrict === 'on') {
    if (b.policyPublic.ok && b.policyPublic.value) neutralised.push('its public bucket policy is confined by RestrictPublicBuckets');
  } else if (!b.policyPublic.ok) unknown.push(`policy: ${describeFailure(b.policyPublic.error)}`);
  else if (b.policyPublic.value) {
    if (restrict === 'off') paths.push('its bucket policy allows anyone');
    else unknown.push('its bucket policy is public but Block Public Access could not be read');
  }
  return { paths, neutralised, unknown, write };
}

export const s3BucketPublic: Check = {
  meta: {
    id: 's3.bucket-public',
    title: 'No S3 bucket is open to the public',
    service: 's3',
    severity: 'high',
    threat:
      'A public bucket lets anyone on the internet list or download its objects — backups, exports, logs with credentials — and with write grants, plant content or run up the bill; bucket-name scanners find them within hours.',
    cis: '2.1.4',
    pci: '1.4.4',
  },
  run({ snap }) {
    const p = snap.account.partition;
    const all = `arn:${p}:s3:::*`;
    if (!snap.s3.buckets.ok) return [notAssessed(all, 'global', snap.s3.buckets.error)];
    if (snap.s3.buckets.value.length === 0) return [pass(all, 'global', 'The account has no buckets.')];
    return snap.s3.buckets.value.map((b): Result => {
      const resource = `arn:${p}:s3:::${b.name}`;
      const { paths, neutralised, unknown, write } = bucketExposure(snap.s3.accountPublicAccessBlock, b);
      if (paths.length) {
        const cmds = [`aws s3api put-public-access-block --bucket ${sh(b.name)} --public-access-block-configuration ${PAB_ALL_ON} --region ${sh(b.region)}`];
        if (b.aclPublicGrants.ok && b.aclPublicGrants.value.length) cmds.push(`aws s3api put-bucket-acl --bucket ${sh(b.name)} --acl private --region ${sh(b.region)}`);
        return fail(
          resource,
          b.region,
          `Bucket is public: ${paths.join('; ')}, and Block Public Access does not stop it.`,
          {
            cli: cmds.join('\n'),
            console: 'If the bucket serves a public website on purpose, put it behind CloudFront with origin access control instead, then block public access.',
          },
          { severity: write ? 'critical' : 'high', details: { paths, ...(neutralised.length ? { neutralised } : {}) } },
        );
      }
      if (unknown.length) return notAssessed(resource, b.region, unknown.join('; '));
      return pass(resource, b.region, neutralised.length ? `Not public: ${neutralised.join('; ')}.` : 'No public ACL grant and no public policy.', neutralised.length ? { neutralised } : undefined);
    });
  },
};
