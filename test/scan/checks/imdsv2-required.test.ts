import { ec2Imdsv2Required } from '../../../src/scan/checks/ec2/imdsv2-required.js';
import type { AccountSnapshot, Instance } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const inst = (s: AccountSnapshot, region = 'eu-west-1'): Instance => (s.ec2.instances[region] as { ok: true; value: Instance[] }).value[0]!;

checkTester(ec2Imdsv2Required, {
  valid: [
    { name: 'tokens required', expect: [{ status: 'PASS', region: 'eu-west-1' }] },
    { name: 'metadata endpoint disabled', setup: (s) => Object.assign(inst(s), { httpTokens: 'optional', httpEndpoint: 'disabled' }), expect: [{ status: 'PASS' }] },
    { name: 'no instances', setup: (s) => (s.ec2.instances['eu-west-1'] = ok([])), expect: [{ status: 'PASS', reason: /No instances/ }] },
  ],
  invalid: [
    {
      name: 'IMDSv1 allowed',
      setup: (s) => (inst(s).httpTokens = 'optional'),
      expect: [
        {
          status: 'FAIL',
          resource: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-00000000000000a0',
          reason: /accepts IMDSv1/,
          fix: /^aws ec2 modify-instance-metadata-options --instance-id i-00000000000000a0 --http-tokens required --region eu-west-1$/m,
        },
        { status: 'PASS', region: 'us-east-1' },
      ],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.ec2.instances['us-east-1'] = denied('ec2:DescribeInstances', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1' }],
    },
  ],
});
