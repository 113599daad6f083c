import { s3BucketPublic } from '../../../src/scan/checks/s3/bucket-public.js';
import type { AccountSnapshot, Bucket } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const bucket = (s: AccountSnapshot): Bucket => (s.s3.buckets as { ok: true; value: Bucket[] }).value[0]!;
/** Neither the account nor the bucket blocks anything. */
const noBlocks = (s: AccountSnapshot) => {
  s.s3.accountPublicAccessBlock = ok(null);
  bucket(s).publicAccessBlock = ok({ ...OFF });
};

checkTester(s3BucketPublic, {
  valid: [
    { name: 'private bucket', expect: [{ status: 'PASS', resource: 'arn:aws:s3:::app-assets', region: 'eu-west-1' }] },
    {
      name: 'public ACL neutralised by the account IgnorePublicAcls is explained',
      setup: (s) => {
        bucket(s).publicAccessBlock = ok(null);
        bucket(s).aclPublicGrants = ok(['AllUsers:READ']);
      },
      expect: [{ status: 'PASS', reason: /ignored by IgnorePublicAcls/ }],
    },
    {
      name: 'public policy neutralised by the bucket RestrictPublicBuckets',
      setup: (s) => {
        s.s3.accountPublicAccessBlock = ok(null);
        bucket(s).publicAccessBlock = ok({ ...OFF, RestrictPublicBuckets: true });
        bucket(s).policyPublic = ok(true);
      },
      expect: [{ status: 'PASS', reason: /confined by RestrictPublicBuckets/ }],
    },
    {
      name: 'an unreadable ACL does not matter when IgnorePublicAcls is on',
      setup: (s) => (bucket(s).aclPublicGrants = denied('s3:GetBucketAcl', 'eu-west-1')),
      expect: [{ status: 'PASS' }],
    },
    { name: 'no buckets', setup: (s) => (s.s3.buckets = ok([])), expect: [{ status: 'PASS', reason: /no buckets/ }] },
  ],
  invalid: [
    {
      name: 'public policy with nothing blocking it',
      setup: (s) => {
        noBlocks(s);
        bucket(s).policyPublic = ok(true);
      },
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:s3:::app-assets',
          region: 'eu-west-1',
          reason: /bucket policy allows anyone/,
          fix: /^aws s3api put-public-access-block --bucket app-assets --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region eu-west-1$/m,
        },
      ],
    },
    {
      name: 'public-write ACL is critical and the fix resets the ACL',
      setup: (s) => {
        noBlocks(s);
        bucket(s).aclPublicGrants = ok(['AllUsers:WRITE']);
      },
      expect: [{ status: 'FAIL', reason: /ACL grants AllUsers:WRITE/, fix: /^aws s3api put-bucket-acl --bucket app-assets --acl private --region eu-west-1$/m }],
    },
    {
      name: 'a hostile bucket name is quoted in the fix',
      setup: (s) => {
        noBlocks(s);
        bucket(s).name = "x'; rm -rf ~; '";
        bucket(s).policyPublic = ok(true);
      },
      expect: [{ status: 'FAIL', fix: /--bucket 'x'\\''; rm -rf ~; '\\''' / }],
    },
    {
      name: 'ACL grant with Block Public Access unreadable is NOT_ASSESSED',
      setup: (s) => {
        s.s3.accountPublicAccessBlock = denied('s3:GetPublicAccessBlock');
        bucket(s).publicAccessBlock = ok(null);
        bucket(s).aclPublicGrants = ok(['AuthenticatedUsers:READ']);
      },
      expect: [{ status: 'NOT_ASSESSED', reason: /Could not read the data: ACL grants AuthenticatedUsers:READ but Block Public Access could not be read/ }],
    },
    {
      name: 'policy status unreadable without RestrictPublicBuckets is NOT_ASSESSED',
      setup: (s) => {
        noBlocks(s);
        bucket(s).policyPublic = denied('s3:GetBucketPolicyStatus', 'eu-west-1');
      },
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on s3:GetBucketPolicyStatus/ }],
    },
    {
      name: 'bucket list unreadable is NOT_ASSESSED',
      setup: (s) => (s.s3.buckets = denied('s3:ListBuckets')),
      expect: [{ status: 'NOT_ASSESSED', resource: 'arn:aws:s3:::*' }],
    },
  ],
});
