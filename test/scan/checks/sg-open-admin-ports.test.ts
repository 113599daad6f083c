import { ec2SgOpenAdminPorts, opensAdminPort } from '../../../src/scan/checks/ec2/sg-open-admin-ports.js';
import type { AccountSnapshot, SecurityGroup, SgRule } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied } from '../fixtures.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';

const web = (s: AccountSnapshot, region = 'eu-west-1'): SecurityGroup =>
  (s.ec2.securityGroups[region] as { ok: true; value: SecurityGroup[] }).value.find((g) => g.name === 'web')!;
const open = (rule: SgRule) => (s: AccountSnapshot) => web(s).ingress.push(rule);

checkTester(ec2SgOpenAdminPorts, {
  valid: [
    { name: 'only HTTPS is public, SSH from a private range', expect: [{ status: 'PASS', region: 'eu-west-1' }, { status: 'PASS', region: 'us-east-1' }] },
    { name: 'SSH open to a single address', setup: open({ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '203.0.113.7/32' }), expect: [{ status: 'PASS' }] },
    { name: 'ICMP from anywhere', setup: open({ protocol: 'icmp', fromPort: -1, toPort: -1, cidr: '0.0.0.0/0' }), expect: [{ status: 'PASS' }] },
    { name: 'all traffic from another security group', setup: open({ protocol: '-1', sourceGroup: 'sg-0123' }), expect: [{ status: 'PASS' }] },
  ],
  invalid: [
    {
      name: 'SSH open to the IPv4 internet, with the exact revoke command',
      setup: open({ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }),
      expect: [
        {
          status: 'FAIL',
          region: 'eu-west-1',
          resource: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0000000000000w0',
          reason: /tcp 22 from 0\.0\.0\.0\/0/,
          fix: /^aws ec2 revoke-security-group-ingress --group-id sg-0000000000000w0 --ip-permissions '\[\{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":\[\{"CidrIp":"0\.0\.0\.0\/0"\}\]\}\]' --region eu-west-1$/m,
        },
        { status: 'PASS', region: 'us-east-1' },
      ],
    },
    {
      name: 'RDP inside a port range open to ::/0',
      setup: open({ protocol: 'tcp', fromPort: 3000, toPort: 4000, cidr: '::/0' }),
      expect: [{ status: 'FAIL', reason: /tcp 3000-4000 from ::\/0/, fix: /"Ipv6Ranges":\[\{"CidrIpv6":"::\/0"\}\]/ }],
    },
    {
      name: 'all traffic to the internet is critical and revoked without ports',
      setup: open({ protocol: '-1', cidr: '0.0.0.0/0' }),
      expect: [{ status: 'FAIL', reason: /all traffic from 0\.0\.0\.0\/0/, fix: /'\[\{"IpProtocol":"-1","IpRanges":\[\{"CidrIp":"0\.0\.0\.0\/0"\}\]\}\]'/ }],
    },
    {
      name: 'region unreadable is NOT_ASSESSED there, other regions still judged',
      setup: (s) => (s.ec2.securityGroups['us-east-1'] = denied('ec2:DescribeSecurityGroups', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1', reason: /AccessDenied/ }, { status: 'PASS', region: 'eu-west-1' }],
    },
    {
      name: 'a region missing from the snapshot is NOT_ASSESSED',
      setup: (s) => delete s.ec2.securityGroups['us-east-1'],
      expect: [{ status: 'NOT_ASSESSED', region: 'us-east-1', reason: /not collected/ }],
    },
  ],
});

it('opensAdminPort: UDP and numeric protocols count, other ports do not', () => {
  assert.equal(opensAdminPort({ protocol: '17', fromPort: 3389, toPort: 3389, cidr: '0.0.0.0/0' }), true);
  assert.equal(opensAdminPort({ protocol: '6', fromPort: 0, toPort: 65535, cidr: '::/0' }), true);
  assert.equal(opensAdminPort({ protocol: 'tcp', fromPort: 23, toPort: 3388, cidr: '0.0.0.0/0' }), false);
  assert.equal(opensAdminPort({ protocol: 'tcp', fromPort: 22, toPort: 22, prefixListId: 'pl-1' }), false);
});
