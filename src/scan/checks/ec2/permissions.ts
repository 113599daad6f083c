import type { SgRule } from '../../snapshot.js';
import { sh } from '../../../util/shell.js';

/** One flattened rule back in the IpPermissions shape EC2's revoke calls take. */
export function toIpPermission(r: SgRule): Record<string, unknown> {
  const p: Record<string, unknown> = { IpProtocol: r.protocol };
  if (r.protocol !== '-1' && r.fromPort !== undefined) p.FromPort = r.fromPort;
  if (r.protocol !== '-1' && r.toPort !== undefined) p.ToPort = r.toPort;
  if (r.cidr?.includes(':')) p.Ipv6Ranges = [{ CidrIpv6: r.cidr }];
  else if (r.cidr) p.IpRanges = [{ CidrIp: r.cidr }];
  if (r.sourceGroup) p.UserIdGroupPairs = [{ GroupId: r.sourceGroup }];
  if (r.prefixListId) p.PrefixListIds = [{ PrefixListId: r.prefixListId }];
  return p;
}

/** The exact revoke command for these rules, every value shell-quoted. */
export function revokeCommand(direction: 'ingress' | 'egress', groupId: string, region: string, rules: SgRule[]): string {
  const perms = JSON.stringify(rules.map(toIpPermission));
  return `aws ec2 revoke-security-group-${direction} --group-id ${sh(groupId)} --ip-permissions ${sh(perms)} --region ${sh(region)}`;
}

/** "tcp 22", "udp 0-65535", "all traffic", for reasons a person reads. */
export function describeRule(r: SgRule): string {
  const src = r.cidr ?? r.sourceGroup ?? r.prefixListId ?? '?';
  if (r.protocol === '-1') return `all traffic from ${src}`;
  const ports = r.fromPort === undefined ? 'all ports' : r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`;
  return `${r.protocol} ${ports} from ${src}`;
}
