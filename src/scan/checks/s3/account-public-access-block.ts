import { fail, pass, withRead, type Check } from '../../check.js';
import type { PublicAccessBlock } from '../../snapshot.js';
import { sh } from '../../../util/shell.js';

export const PAB_SETTINGS: (keyof PublicAccessBlock)[] = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
export const PAB_ALL_ON = PAB_SETTINGS.map((k) => `${k}=true`).join(',');

export const s3AccountPublicAccessBlock: Check = {
  meta: {
    id: 's3.account-public-access-block',
    title: 'S3 Block Public Access is on for the whole account',
    service: 's3',
    severity: 'high',
    threat:
      'Without the account-wide block, one ACL or bucket policy written by mistake (or by an intruder with s3:PutBucketPolicy) publishes a bucket to the internet; the account setting overrides every bucket at once and stops that.',
    cis: '2.1.4',
    pci: '1.4.4',
  },
  run({ snap }) {
    const resource = `arn:${snap.account.partition}:iam::${snap.account.id}:root`;
    const fix = {
      cli: `aws s3control put-public-access-block --account-id ${sh(snap.account.id)} --public-access-block-configuration ${PAB_ALL_ON}`,
    };
    return withRead(snap.s3.accountPublicAccessBlock, resource, 'global', (pab) => {
      if (!pab) return [fail(resource, 'global', 'The account has no S3 Block Public Access configuration: every bucket can be made public on its own.', fix)];
      const off = PAB_SETTINGS.filter((k) => !pab[k]);
      if (off.length === 0) return [pass(resource, 'global', 'All four account-level Block Public Access settings are on.')];
      return [fail(resource, 'global', `Account-level Block Public Access is only partly on; off: ${off.join(', ')}.`, fix, { details: { off } })];
    });
  },
};
