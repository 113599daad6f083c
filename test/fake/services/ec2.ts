import * as ec2 from '@aws-sdk/client-ec2';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import type { FakeAccount } from '../state.js';
import type { SgRule } from '../../../src/scan/snapshot.js';
import { ec2Region, hexId, regionOf, type FakeInstance, type FakeSecurityGroup, type FakeSnapshot } from './ec2-state.js';
import { ec2RespondHandlers } from './ec2-respond.js';

export type { FakeEc2Region, FakeInstance, FakeKeyPair, FakeSecurityGroup, FakeSnapshot } from './ec2-state.js';


// ---- seed helpers --------------------------------------------------------

export function addSecurityGroup(
  a: FakeAccount,
  region: string,
  g: { name: string; id?: string; vpcId?: string; description?: string; ingress?: SgRule[]; egress?: SgRule[] },
): FakeSecurityGroup {
  const r = regionOf(a, region);
  const sg: FakeSecurityGroup = {
    id: g.id ?? hexId('sg'),
    name: g.name,
    description: g.description ?? g.name,
    vpcId: g.vpcId ?? r.defaultVpcId,
    ingress: g.ingress ?? [],
    // A new group allows all outbound traffic unless told otherwise.
    egress: g.egress ?? [{ protocol: '-1', cidr: '0.0.0.0/0' }],
  };
  r.securityGroups.set(sg.id, sg);
  return sg;
}

/** The default VPC's default group in the region (created with the region's EC2 state). */
export function defaultSecurityGroup(a: FakeAccount, region: string): FakeSecurityGroup {
  const r = regionOf(a, region);
  return [...r.securityGroups.values()].find((g) => g.name === 'default' && g.vpcId === r.defaultVpcId)!;
}

/** Replaces the rules of the region's default group (CIS 5.5 wants both lists empty). */
export function setDefaultSecurityGroupRules(a: FakeAccount, region: string, rules: { ingress: SgRule[]; egress: SgRule[] }): void {
  Object.assign(defaultSecurityGroup(a, region), { ingress: rules.ingress, egress: rules.egress });
}

export function addInstance(
  a: FakeAccount,
  region: string,
  i: { id?: string; type?: string; state?: FakeInstance['state']; httpTokens?: FakeInstance['httpTokens']; httpEndpoint?: FakeInstance['httpEndpoint']; name?: string; launched?: Date } = {},
): FakeInstance {
  const inst: FakeInstance = {
    id: i.id ?? hexId('i'),
    type: i.type ?? 't3.micro',
    state: i.state ?? 'running',
    // Instances launched from most AMIs still default to IMDSv1 allowed.
    httpTokens: i.httpTokens ?? 'optional',
    httpEndpoint: i.httpEndpoint ?? 'enabled',
    launched: i.launched ?? new Date('2026-01-01T00:00:00Z'),
    ...(i.name ? { name: i.name } : {}),
  };
  regionOf(a, region).instances.set(inst.id, inst);
  return inst;
}

export function setEbsEncryptionByDefault(a: FakeAccount, region: string, enabled: boolean): void {
  regionOf(a, region).ebsEncryptionByDefault = enabled;
}

export function addSnapshot(a: FakeAccount, region: string, s: { id?: string; public?: boolean; sharedWith?: string[]; encrypted?: boolean } = {}): FakeSnapshot {
  const snap: FakeSnapshot = {
    id: s.id ?? hexId('snap'),
    volumeId: hexId('vol'),
    sizeGiB: 8,
    encrypted: s.encrypted ?? false,
    started: new Date('2026-01-01T00:00:00Z'),
    sharedWith: [...(s.sharedWith ?? []), ...(s.public ? ['all'] : [])],
  };
  regionOf(a, region).snapshots.set(snap.id, snap);
  return snap;
}

// ---- handlers --------------------------------------------------------------

/** EC2's MaxResults rule for the Describe calls used here: absent means everything, else 5..1000. */
function pageOf<T>(items: T[], input: { MaxResults?: number; NextToken?: string }) {
  if (input.MaxResults === undefined && !input.NextToken) return { page: items, next: undefined };
  if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000))
    throw new FakeError('InvalidParameterValue', `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`, 400);
  return paginate(items, input.NextToken, input.MaxResults, 1000);
}

/** Groups rules back into IpPermissions the way EC2 returns them: one entry per protocol and port range. */
function toPermissions(rules: SgRule[], ctx: FakeCtx) {
  const byKey = new Map<string, any>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}`;
    let p = byKey.get(key);
    if (!p) {
      p = { IpProtocol: r.protocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      if (r.protocol !== '-1') Object.assign(p, { FromPort: r.fromPort, ToPort: r.toPort });
      byKey.set(key, p);
    }
    if (r.cidr?.includes(':')) p.Ipv6Ranges.push({ CidrIpv6: r.cidr });
    else if (r.cidr) p.IpRanges.push({ CidrIp: r.cidr });
    if (r.sourceGroup) p.UserIdGroupPairs.push({ GroupId: r.sourceGroup, UserId: ctx.account.id });
    if (r.prefixListId) p.PrefixListIds.push({ PrefixListId: r.prefixListId });
  }
  return [...byKey.values()];
}

export const ec2Service: FakeService = {
  prefix: 'ec2',
  client: ec2.EC2Client,
  module: ec2,
  handlers: {
    // Instances, key pairs and security-group lifecycle (what respond needs) live beside this file.
    ...ec2RespondHandlers,
    DescribeRegions(input, ctx) {
      const regions = [...ctx.account.regions.values()]
        .filter((r) => input.AllRegions || r.optIn !== 'not-opted-in')
        .map((r) => ({ RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: r.optIn }));
      return { Regions: regions };
    },
    DescribeSecurityGroups(input, ctx) {
      const r = ec2Region(ctx.regionState);
      let groups = [...r.securityGroups.values()];
      if (input.GroupIds?.length) {
        const missing = input.GroupIds.find((id: string) => !r.securityGroups.has(id));
        if (missing) throw new FakeError('InvalidGroup.NotFound', `The security group '${missing}' does not exist`, 400);
        groups = groups.filter((g) => input.GroupIds.includes(g.id));
      }
      const { page, next } = pageOf(groups, input);
      return {
        SecurityGroups: page.map((g) => ({
          GroupId: g.id,
          GroupName: g.name,
          Description: g.description,
          VpcId: g.vpcId,
          OwnerId: ctx.account.id,
          SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:security-group/${g.id}`,
          IpPermissions: toPermissions(g.ingress, ctx),
          IpPermissionsEgress: toPermissions(g.egress, ctx),
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
    GetEbsEncryptionByDefault(_input, ctx) {
      return { EbsEncryptionByDefault: ec2Region(ctx.regionState).ebsEncryptionByDefault, SseType: 'sse-ebs' };
    },
    DescribeSnapshots(input, ctx) {
      const r = ec2Region(ctx.regionState);
      const owners: string[] = input.OwnerIds ?? [];
      // Other accounts' public snapshots are not modelled: an owner filter other than self/own id yields nothing.
      const own = owners.length === 0 || owners.some((o) => o === 'self' || o === ctx.account.id);
      let snaps = own ? [...r.snapshots.values()] : [];
      const restorable: string[] = input.RestorableByUserIds ?? [];
      if (restorable.length) snaps = snaps.filter((s) => restorable.some((u) => s.sharedWith.includes(u)));
      const { page, next } = pageOf(snaps, input);
      return {
        Snapshots: page.map((s) => ({
          SnapshotId: s.id,
          VolumeId: s.volumeId,
          VolumeSize: s.sizeGiB,
          State: 'completed',
          StartTime: s.started,
          Encrypted: s.encrypted,
          OwnerId: ctx.account.id,
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
};
