import { ec2PublicEbsSnapshots } from '../../../src/scan/checks/ec2/public-ebs-snapshots.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

checkTester(ec2PublicEbsSnapshots, {
  valid: [{ name: 'no public snapshot', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] }],
  invalid: [
    {
      name: 'a public snapshot',
      setup: (s) => (s.ec2.publicSnapshots['eu-west-1'] = ok([{ id: 'snap-0123456789abcdef0', arn: 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0' }])),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0',
          fix: /^aws ec2 modify-snapshot-attribute --snapshot-id snap-0123456789abcdef0 --attribute createVolumePermission --operation-type remove --group-names all --region eu-west-1$/m,
        },
      ],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.ec2.publicSnapshots['us-east-1'] = denied('ec2:DescribeSnapshots', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1' }],
    },
  ],
});
