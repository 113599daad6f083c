import { s3AccountPublicAccessBlock } from '../../../src/scan/checks/s3/account-public-access-block.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const FULL_FIX = /^aws s3control put-public-access-block --account-id 123456789012 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true$/m;

checkTester(s3AccountPublicAccessBlock, {
  valid: [{ name: 'all four settings on', expect: [{ status: 'PASS', resource: 'arn:aws:iam::123456789012:root', region: 'global' }] }],
  invalid: [
    {
      name: 'no configuration at all',
      setup: (s) => (s.s3.accountPublicAccessBlock = ok(null)),
      expect: [{ status: 'FAIL', reason: /no S3 Block Public Access configuration/, fix: FULL_FIX }],
    },
    {
      name: 'one setting off is named',
      setup: (s) =>
        (s.s3.accountPublicAccessBlock = ok({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false })),
      expect: [{ status: 'FAIL', reason: /off: RestrictPublicBuckets\.$/, fix: FULL_FIX }],
    },
    {
      name: 'unreadable is NOT_ASSESSED',
      setup: (s) => (s.s3.accountPublicAccessBlock = denied('s3:GetPublicAccessBlock')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on s3:GetPublicAccessBlock/ }],
    },
  ],
});
