import { regional, type FakeAccount, type FakeRegion } from '../state.js';
import type { SgRule } from '../../../src/scan/snapshot.js';

/**
 * EC2: regions, security groups, instances, EBS default encryption and
 * snapshots, each held per region as EC2 does (a group in eu-west-1 is
 * invisible from us-east-1). Like a real account, every region has a default
 * VPC whose default security group allows all traffic from itself and all
 * outbound traffic; it is only materialised when a region is first touched,
 * so 17 idle regions cost nothing.
 */
export interface FakeSecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: SgRule[];
  egress: SgRule[];
}

export interface FakeInstance {
  id: string;
  type: string;
  state: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  httpTokens: 'optional' | 'required';
  httpEndpoint: 'enabled' | 'disabled';
  name?: string;
  launched: Date;
  reservationId?: string;
  imageId?: string;
  keyName?: string;
  securityGroupIds?: string[];
  stateTransitionReason?: string;
}

export interface FakeKeyPair {
  name: string;
  id: string;
  fingerprint: string;
  created: Date;
}

export interface FakeSnapshot {
  id: string;
  volumeId: string;
  sizeGiB: number;
  encrypted: boolean;
  started: Date;
  /** createVolumePermission: `all` makes it public; otherwise account ids. */
  sharedWith: string[];
}

export interface FakeEc2Region {
  defaultVpcId: string;
  securityGroups: Map<string, FakeSecurityGroup>;
  instances: Map<string, FakeInstance>;
  snapshots: Map<string, FakeSnapshot>;
  keyPairs: Map<string, FakeKeyPair>;
  ebsEncryptionByDefault: boolean;
}

let seq = 0;
/** 17 hex digits, unique in the process, like EC2's long resource ids. */
export const hexId = (prefix: string) => `${prefix}-${(++seq).toString(16).padStart(17, '0')}`;

function defaultGroup(vpcId: string): FakeSecurityGroup {
  const id = hexId('sg');
  return {
    id,
    name: 'default',
    description: 'default VPC security group',
    vpcId,
    ingress: [{ protocol: '-1', sourceGroup: id }],
    egress: [{ protocol: '-1', cidr: '0.0.0.0/0' }],
  };
}

export function ec2Region(region: FakeRegion): FakeEc2Region {
  return regional<FakeEc2Region>(region, 'ec2', () => {
    const vpc = hexId('vpc');
    const sg = defaultGroup(vpc);
    return { defaultVpcId: vpc, securityGroups: new Map([[sg.id, sg]]), instances: new Map(), snapshots: new Map(), keyPairs: new Map(), ebsEncryptionByDefault: false };
  });
}

export function regionOf(a: FakeAccount, region: string): FakeEc2Region {
  const r = a.regions.get(region);
  if (!r) throw new Error(`fake: no region ${region}`);
  return ec2Region(r);
}
