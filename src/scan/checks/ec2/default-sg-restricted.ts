import { fail, pass, perRegion, type Check, regionalArn } from '../../check.js';
import { describeRule, revokeCommand } from './permissions.js';

export const ec2DefaultSgRestricted: Check = {
  meta: {
    id: 'ec2.default-sg-restricted',
    title: 'Default security groups allow no traffic',
    service: 'ec2',
    severity: 'medium',
    threat:
      'Anything launched without naming a security group lands in the VPC default group; if that group allows traffic, a hastily launched instance (like the miners a leaked key spins up) is reachable and can reach out without anyone having decided so.',
    cis: '5.5',
    pci: '1.3.1',
  },
  run(ctx) {
    const { snap } = ctx;
    return perRegion(
      ctx,
      snap.ec2.securityGroups,
      (region) => regionalArn(snap, 'ec2', region, 'security-group/*'),
      (groups, region, resource) => {
        const defaults = groups.filter((g) => g.name === 'default');
        if (defaults.length === 0) return [pass(resource, region, 'No VPC in this region, so no default security group.')];
        return defaults.map((g) => {
          if (g.ingress.length === 0 && g.egress.length === 0) return pass(g.arn, region, `Default group ${g.id} of ${g.vpcId ?? 'its VPC'} has no rules.`);
          const cmds = [];
          if (g.ingress.length) cmds.push(revokeCommand('ingress', g.id, region, g.ingress));
          if (g.egress.length) cmds.push(revokeCommand('egress', g.id, region, g.egress));
          const listed = [...g.ingress.map((r) => `in: ${describeRule(r)}`), ...g.egress.map((r) => `out: ${describeRule(r)}`)];
          return fail(
            g.arn,
            region,
            `Default group ${g.id} of ${g.vpcId ?? 'its VPC'} has ${g.ingress.length} inbound and ${g.egress.length} outbound rules (${listed.slice(0, 5).join('; ')}${listed.length > 5 ? '; …' : ''}).`,
            {
              cli: cmds.join('\n'),
              console: 'First move any instance or interface still using the default group to a purpose-made group, or it loses its traffic.',
            },
            { details: { ingress: g.ingress, egress: g.egress } },
          );
        });
      },
    );
  },
};
