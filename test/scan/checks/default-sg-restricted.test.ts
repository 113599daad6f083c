import { ec2DefaultSgRestricted } from '../../../src/scan/checks/ec2/default-sg-restricted.js';
import type { AccountSnapshot, SecurityGroup } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const dflt = (s: AccountSnapshot, region = 'us-east-1'): SecurityGroup =>
  (s.ec2.securityGroups[region] as { ok: true; value: SecurityGroup[] }).value.find((g) => g.name === 'default')!;

checkTester(ec2DefaultSgRestricted, {
  valid: [
    { name: 'default groups have no rules', expect: [{ status: 'PASS', resource: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0000000000000d1' }] },
    { name: 'a region without VPCs', setup: (s) => (s.ec2.securityGroups['us-east-1'] = ok([])), expect: [{ status: 'PASS', reason: /No VPC/ }] },
  ],
  invalid: [
    {
      name: 'the AWS-created rules (self-referencing inbound, all outbound) are revoked exactly',
      setup: (s) => {
        const g = dflt(s);
        g.ingress = [{ protocol: '-1', sourceGroup: g.id }];
        g.egress = [{ protocol: '-1', cidr: '0.0.0.0/0' }];
      },
      expect: [
        {
          status: 'FAIL',
          region: 'us-east-1',
          reason: /1 inbound and 1 outbound/,
          fix: /^aws ec2 revoke-security-group-ingress --group-id sg-0000000000000d1 --ip-permissions '\[\{"IpProtocol":"-1","UserIdGroupPairs":\[\{"GroupId":"sg-0000000000000d1"\}\]\}\]' --region us-east-1\naws ec2 revoke-security-group-egress --group-id sg-0000000000000d1 --ip-permissions '\[\{"IpProtocol":"-1","IpRanges":\[\{"CidrIp":"0\.0\.0\.0\/0"\}\]\}\]' --region us-east-1$/m,
        },
        { status: 'PASS', region: 'eu-west-1' },
      ],
    },
    {
      name: 'unreadable region is NOT_ASSESSED',
      setup: (s) => (s.ec2.securityGroups['eu-west-1'] = denied('ec2:DescribeSecurityGroups', 'eu-west-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'eu-west-1' }],
    },
  ],
});
