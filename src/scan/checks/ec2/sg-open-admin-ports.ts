import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';
import type { SgRule } from '../../snapshot.js';
import { describeRule, revokeCommand } from './permissions.js';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const ADMIN_PORTS = [22, 3389];
// CIS counts TCP, UDP and "all protocols"; EC2 returns names or protocol numbers.
const PORT_PROTOCOLS = new Set(['tcp', 'udp', '6', '17']);

/** True when the rule lets the whole internet reach SSH or RDP (or everything). */
export function opensAdminPort(r: SgRule): boolean {
  if (!r.cidr || !WORLD.has(r.cidr)) return false;
  if (r.protocol === '-1') return true;
  if (!PORT_PROTOCOLS.has(r.protocol)) return false;
  const from = r.fromPort ?? 0;
  const to = r.toPort ?? 65535;
  // A range of -1 from EC2 means every port.
  if (from === -1 || to === -1) return true;
  return ADMIN_PORTS.some((p) => from <= p && p <= to);
}

export const ec2SgOpenAdminPorts: Check = {
  meta: {
    id: 'ec2.sg-open-admin-ports',
    title: 'No security group opens SSH, RDP or all traffic to the internet',
    service: 'ec2',
    severity: 'high',
    threat:
      'SSH and RDP open to 0.0.0.0/0 or ::/0 are brute-forced and exploited within minutes of exposure; a foothold on an instance yields its role credentials from the metadata service, and from there the account.',
    cis: '5.3, 5.4',
    pci: '1.3.1',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.ec2.securityGroups,
      (region) => regionalArn(snap, 'ec2', region, 'security-group/*'),
      (groups, region, resource) => {
        const results = groups.flatMap((g) => {
          const open = g.ingress.filter(opensAdminPort);
          if (open.length === 0) return [];
          return [
            fail(
              g.arn,
              region,
              `Security group ${g.id} (${g.name}) allows ${open.map(describeRule).join('; ')}.`,
              {
                cli: revokeCommand('ingress', g.id, region, open),
                console: 'Then allow only your own address ranges, or use Systems Manager Session Manager / EC2 Instance Connect Endpoint instead of open SSH/RDP.',
              },
              { severity: open.some((r) => r.protocol === '-1') ? 'critical' : 'high', details: { rules: open, groupName: g.name } },
            ),
          ];
        });
        return results.length ? results : [pass(resource, region, `None of ${groups.length} security groups opens SSH, RDP or all traffic to the internet.`)];
      },
    );
  },
};
