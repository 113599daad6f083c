import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  type DescribeInstancesCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeSnapshotsCommandOutput,
  type GetEbsEncryptionByDefaultCommandOutput,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { Instance, SecurityGroup, SgRule } from '../snapshot.js';
import { all, readPerRegion, type CollectContext } from './context.js';

/** Largest page the Describe calls accept; without MaxResults EC2 would send everything at once. */
const PAGE = 1000;

/**
 * One rule per source. EC2 groups sources under a protocol and port range;
 * flattening lets a check name, and a fix revoke, exactly one of them.
 */
export function flattenPermissions(perms: IpPermission[] | undefined): SgRule[] {
  const out: SgRule[] = [];
  for (const p of perms ?? []) {
    const base: SgRule = { protocol: p.IpProtocol ?? '-1' };
    // Protocol -1 (all traffic) has no ports; EC2 may omit them or send -1.
    if (base.protocol !== '-1') {
      if (p.FromPort !== undefined) base.fromPort = p.FromPort;
      if (p.ToPort !== undefined) base.toPort = p.ToPort;
    }
    for (const r of p.IpRanges ?? []) if (r.CidrIp) out.push({ ...base, cidr: r.CidrIp });
    for (const r of p.Ipv6Ranges ?? []) if (r.CidrIpv6) out.push({ ...base, cidr: r.CidrIpv6 });
    for (const g of p.UserIdGroupPairs ?? []) if (g.GroupId) out.push({ ...base, sourceGroup: g.GroupId });
    for (const l of p.PrefixListIds ?? []) if (l.PrefixListId) out.push({ ...base, prefixListId: l.PrefixListId });
  }
  return out;
}

/** EC2 per region: security groups, instances' metadata options, EBS default encryption, public EBS snapshots. */
export async function collectEc2(ctx: CollectContext): Promise<void> {
  const { aws, snap } = ctx;
  const account = snap.account;
  const [securityGroups, instances, ebsEncryptionByDefault, publicSnapshots] = await Promise.all([
    readPerRegion(ctx, 'ec2:DescribeSecurityGroups', (region) =>
      all(
        aws.pages<DescribeSecurityGroupsCommandOutput>(EC2Client, region, (NextToken) => new DescribeSecurityGroupsCommand({ MaxResults: PAGE, NextToken }), (o) => o.NextToken),
        (o) =>
          o.SecurityGroups?.map((g): SecurityGroup => {
            const egress = flattenPermissions(g.IpPermissionsEgress);
            return {
              id: g.GroupId!,
              name: g.GroupName ?? '',
              ...(g.VpcId ? { vpcId: g.VpcId } : {}),
              arn: g.SecurityGroupArn ?? `arn:${account.partition}:ec2:${region}:${g.OwnerId ?? account.id}:security-group/${g.GroupId}`,
              ingress: flattenPermissions(g.IpPermissions),
              egress,
              egressRuleCount: egress.length,
            };
          }),
      ),
    ),
    readPerRegion(ctx, 'ec2:DescribeInstances', (region) =>
      all(
        aws.pages<DescribeInstancesCommandOutput>(EC2Client, region, (NextToken) => new DescribeInstancesCommand({ MaxResults: PAGE, NextToken }), (o) => o.NextToken),
        (o) =>
          (o.Reservations ?? []).flatMap((r) =>
            (r.Instances ?? [])
              // A terminated instance stays listed for about an hour and can no longer be changed.
              .filter((i) => i.State?.Name !== 'terminated')
              .map((i): Instance => {
                const name = i.Tags?.find((t) => t.Key === 'Name')?.Value;
                return {
                  id: i.InstanceId!,
                  arn: `arn:${account.partition}:ec2:${region}:${r.OwnerId ?? account.id}:instance/${i.InstanceId}`,
                  state: i.State?.Name ?? 'unknown',
                  type: i.InstanceType ?? 'unknown',
                  // Absent options mean the defaults of the time, which allowed IMDSv1.
                  httpTokens: i.MetadataOptions?.HttpTokens ?? 'optional',
                  httpEndpoint: i.MetadataOptions?.HttpEndpoint ?? 'enabled',
                  ...(name ? { name } : {}),
                };
              }),
          ),
      ),
    ),
    readPerRegion(ctx, 'ec2:GetEbsEncryptionByDefault', async (region) => {
      const out = await aws.send<GetEbsEncryptionByDefaultCommandOutput>(EC2Client, region, new GetEbsEncryptionByDefaultCommand({}));
      return out.EbsEncryptionByDefault === true;
    }),
    readPerRegion(ctx, 'ec2:DescribeSnapshots', (region) =>
      all(
        aws.pages<DescribeSnapshotsCommandOutput>(
          EC2Client,
          region,
          // Own snapshots that anyone may restore: createVolumePermission group `all`.
          (NextToken) => new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'], MaxResults: PAGE, NextToken }),
          (o) => o.NextToken,
        ),
        (o) => o.Snapshots?.map((s) => ({ id: s.SnapshotId!, arn: `arn:${account.partition}:ec2:${region}::snapshot/${s.SnapshotId}` })),
      ),
    ),
  ]);
  Object.assign(snap.ec2, { securityGroups, instances, ebsEncryptionByDefault, publicSnapshots });
}
