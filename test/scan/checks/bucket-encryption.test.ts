import { s3BucketEncryption } from '../../../src/scan/checks/s3/bucket-encryption.js';
import type { AccountSnapshot, Bucket } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const bucket = (s: AccountSnapshot): Bucket => (s.s3.buckets as { ok: true; value: Bucket[] }).value[0]!;

checkTester(s3BucketEncryption, {
  valid: [
    { name: 'SSE-KMS', expect: [{ status: 'PASS', reason: /aws:kms/ }] },
    { name: 'SSE-S3', setup: (s) => (bucket(s).encryption = ok('AES256')), expect: [{ status: 'PASS', reason: /AES256/ }] },
  ],
  invalid: [
    {
      name: 'no default encryption',
      setup: (s) => (bucket(s).encryption = ok(null)),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:s3:::app-assets',
          fix: /^aws s3api put-bucket-encryption --bucket app-assets --server-side-encryption-configuration '\{"Rules":\[\{"ApplyServerSideEncryptionByDefault":\{"SSEAlgorithm":"AES256"\}\}\]\}' --region eu-west-1$/m,
        },
      ],
    },
    {
      name: 'unreadable is NOT_ASSESSED',
      setup: (s) => (bucket(s).encryption = denied('s3:GetBucketEncryption', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1' }],
    },
  ],
});
