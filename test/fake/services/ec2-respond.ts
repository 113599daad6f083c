/**
 * EC2 resource handlers respond needs: instances, key pairs, security groups
 * (create/delete). Spread into ec2Service.handlers by ec2.ts. State per region,
 * as EC2 keeps it: `regional(regionState, 'ec2', ...)` with `instances`,
 * `keyPairs` and `securityGroups` maps.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FakeError } from '../errors.js';
import type { FakeCtx, Handler } from '../fake.js';
import { paginate } from '../paging.js';
import type { FakeRegion } from '../state.js';
import { ec2Region, type FakeEc2Region, type FakeInstance, type FakeKeyPair, type FakeSecurityGroup } from './ec2-state.js';

export type { FakeEc2Region, FakeInstance, FakeKeyPair, FakeSecurityGroup } from './ec2-state.js';

/** The region's EC2 state, shared with the scan's handlers in ec2.ts (default VPC and group included). */
export const ec2State = (region: FakeRegion): FakeEc2Region => ec2Region(region);

const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
const STATE_CODE: Record<FakeInstance['state'], number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
const stateOf = (s: FakeInstance['state']) => ({ Code: STATE_CODE[s], Name: s });
/** "User initiated (2026-11-22 22:40:00 GMT)", the format DescribeInstances uses. */
const userInitiated = (d: Date) => `User initiated (${d.toISOString().slice(0, 19).replace('T', ' ')} GMT)`;

function filterValues(input: any, name: string): string[] | undefined {
  const f = (input.Filters ?? []).find((f: any) => f.Name === name);
  return f?.Values;
}

function instanceOut(i: FakeInstance) {
  return {
    InstanceId: i.id,
    ...(i.imageId ? { ImageId: i.imageId } : {}),
    InstanceType: i.type,
    ...(i.keyName ? { KeyName: i.keyName } : {}),
    LaunchTime: i.launched,
    State: stateOf(i.state),
    StateTransitionReason: i.stateTransitionReason ?? '',
    SecurityGroups: (i.securityGroupIds ?? []).map((GroupId) => ({ GroupId })),
    MetadataOptions: { State: 'applied', HttpTokens: i.httpTokens, HttpPutResponseHopLimit: 1, HttpEndpoint: i.httpEndpoint, HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
    ...(i.name ? { Tags: [{ Key: 'Name', Value: i.name }] } : {}),
  };
}

/** A fake's way to seed an instance that belongs to the victim (no API call, no CloudTrail event). */
export function seedInstance(region: FakeRegion, over: Partial<FakeInstance> = {}): FakeInstance {
  const i: FakeInstance = {
    id: `i-${hex(17)}`,
    reservationId: `r-${hex(17)}`,
    type: 't3.micro',
    imageId: 'ami-0abcdef1234567890',
    securityGroupIds: [],
    state: 'running',
    httpTokens: 'optional',
    httpEndpoint: 'enabled',
    launched: new Date(Date.now() - 30 * 86_400_000),
    ...over,
  };
  ec2State(region).instances.set(i.id, i);
  return i;
}
export function seedKeyPair(region: FakeRegion, name: string): FakeKeyPair {
  const k: FakeKeyPair = { name, id: `key-${hex(17)}`, fingerprint: 'seeded', created: new Date(Date.now() - 30 * 86_400_000) };
  ec2State(region).keyPairs.set(name, k);
  return k;
}

export const ec2RespondHandlers: Record<string, Handler> = {
  RunInstances(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    if (!input.ImageId) throw new FakeError('MissingParameter', 'The request must contain the parameter ImageId', 400);
    const min = input.MinCount ?? 1;
    const max = input.MaxCount ?? min;
    if (min < 1 || max < min) throw new FakeError('InvalidParameterValue', 'MinCount and MaxCount are invalid', 400);
    if (input.KeyName && !s.keyPairs.has(input.KeyName)) throw new FakeError('InvalidKeyPair.NotFound', `The key pair '${input.KeyName}' does not exist`, 400);
    for (const g of input.SecurityGroupIds ?? [])
      if (!s.securityGroups.has(g)) throw new FakeError('InvalidGroup.NotFound', `The security group '${g}' does not exist`, 400);
    const reservationId = `r-${hex(17)}`;
    const launched: FakeInstance[] = [];
    for (let n = 0; n < max; n++) {
      const i: FakeInstance = {
        id: `i-${hex(17)}`,
        reservationId,
        type: input.InstanceType ?? 'm1.small',
        imageId: input.ImageId,
        ...(input.KeyName ? { keyName: input.KeyName } : {}),
        securityGroupIds: input.SecurityGroupIds ?? [],
        state: 'running',
        // Instances launched from most AMIs still allow IMDSv1 unless told otherwise.
        httpTokens: input.MetadataOptions?.HttpTokens ?? 'optional',
        httpEndpoint: input.MetadataOptions?.HttpEndpoint ?? 'enabled',
        launched: ctx.now,
      };
      s.instances.set(i.id, i);
      launched.push(i);
    }
    return { ReservationId: reservationId, OwnerId: ctx.account.id, Groups: [], Instances: launched.map((i) => ({ ...instanceOut(i), State: stateOf('pending') })) };
  },
  DescribeInstances(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    if (input.InstanceIds?.length && input.MaxResults !== undefined)
      throw new FakeError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults', 400);
    if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000))
      throw new FakeError('InvalidParameterValue', 'Value for parameter maxResults is invalid. Expecting a value between 5 and 1000.', 400);
    let list = [...s.instances.values()];
    if (input.InstanceIds?.length) {
      const missing = input.InstanceIds.filter((id: string) => !s.instances.has(id));
      if (missing.length) throw new FakeError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`, 400);
      list = list.filter((i) => input.InstanceIds.includes(i.id));
    }
    const ids = filterValues(input, 'instance-id');
    if (ids) list = list.filter((i) => ids.includes(i.id));
    const states = filterValues(input, 'instance-state-name');
    if (states) list = list.filter((i) => states.includes(i.state));
    const keys = filterValues(input, 'key-name');
    if (keys) list = list.filter((i) => i.keyName && keys.includes(i.keyName));
    const { page, next } = paginate(list, input.NextToken, input.MaxResults, 1000);
    const byReservation = new Map<string, FakeInstance[]>();
    for (const i of page) {
      const r = i.reservationId ?? `r-${i.id.slice(2)}`;
      byReservation.set(r, [...(byReservation.get(r) ?? []), i]);
    }
    return {
      Reservations: [...byReservation].map(([ReservationId, is]) => ({ ReservationId, OwnerId: ctx.account.id, Groups: [], Instances: is.map(instanceOut) })),
      ...(next ? { NextToken: next } : {}),
    };
  },
  TerminateInstances(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    const ids: string[] = input.InstanceIds ?? [];
    const missing = ids.filter((id) => !s.instances.has(id));
    if (missing.length) throw new FakeError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`, 400);
    return {
      TerminatingInstances: ids.map((id) => {
        const i = s.instances.get(id)!;
        const previous = i.state;
        if (previous !== 'terminated') {
          // Shutting-down lasts minutes on AWS; the fake moves straight to terminated.
          i.state = 'terminated';
          i.stateTransitionReason = userInitiated(ctx.now);
        }
        return { InstanceId: id, CurrentState: stateOf(previous === 'terminated' ? 'terminated' : 'shutting-down'), PreviousState: stateOf(previous) };
      }),
    };
  },
  CreateKeyPair(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    if (s.keyPairs.has(input.KeyName)) throw new FakeError('InvalidKeyPair.Duplicate', `The keypair '${input.KeyName}' already exists.`, 400);
    const material = randomBytes(64).toString('base64');
    const k: FakeKeyPair = { name: input.KeyName, id: `key-${hex(17)}`, fingerprint: createHash('sha1').update(material).digest('hex').match(/../g)!.join(':'), created: ctx.now };
    s.keyPairs.set(k.name, k);
    return { KeyName: k.name, KeyPairId: k.id, KeyFingerprint: k.fingerprint, KeyMaterial: `-----BEGIN RSA PRIVATE KEY-----\n${material}\n-----END RSA PRIVATE KEY-----` };
  },
  /** Succeeds whether or not the key pair exists, as EC2 does. */
  DeleteKeyPair(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    const k = input.KeyPairId ? [...s.keyPairs.values()].find((k) => k.id === input.KeyPairId) : s.keyPairs.get(input.KeyName);
    if (k) s.keyPairs.delete(k.name);
    return { Return: true, ...(k ? { KeyPairId: k.id } : {}) };
  },
  DescribeKeyPairs(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    let list = [...s.keyPairs.values()];
    for (const name of input.KeyNames ?? []) if (!s.keyPairs.has(name)) throw new FakeError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`, 400);
    for (const id of input.KeyPairIds ?? []) if (!list.some((k) => k.id === id)) throw new FakeError('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`, 400);
    if (input.KeyNames?.length) list = list.filter((k) => input.KeyNames.includes(k.name));
    if (input.KeyPairIds?.length) list = list.filter((k) => input.KeyPairIds.includes(k.id));
    const names = filterValues(input, 'key-name');
    if (names) list = list.filter((k) => names.includes(k.name));
    const ids = filterValues(input, 'key-pair-id');
    if (ids) list = list.filter((k) => ids.includes(k.id));
    return { KeyPairs: list.map((k) => ({ KeyName: k.name, KeyPairId: k.id, KeyFingerprint: k.fingerprint, KeyType: 'rsa', CreateTime: k.created })) };
  },
  CreateSecurityGroup(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    if ([...s.securityGroups.values()].some((g) => g.name === input.GroupName))
      throw new FakeError('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists`, 400);
    // A new group allows all outbound traffic and nothing inbound, as EC2 creates it.
    const g: FakeSecurityGroup = { id: `sg-${hex(17)}`, name: input.GroupName, description: input.Description ?? '', vpcId: input.VpcId ?? 'vpc-default', ingress: [], egress: [{ protocol: '-1', cidr: '0.0.0.0/0' }] };
    s.securityGroups.set(g.id, g);
    return { GroupId: g.id };
  },
  DeleteSecurityGroup(input, ctx: FakeCtx) {
    const s = ec2State(ctx.regionState);
    const g = input.GroupId ? s.securityGroups.get(input.GroupId) : [...s.securityGroups.values()].find((g) => g.name === input.GroupName);
    if (!g) throw new FakeError('InvalidGroup.NotFound', `The security group '${input.GroupId ?? input.GroupName}' does not exist`, 400);
    if ([...s.instances.values()].some((i) => i.state !== 'terminated' && (i.securityGroupIds ?? []).includes(g.id)))
      throw new FakeError('DependencyViolation', `resource ${g.id} has a dependent object`, 400);
    s.securityGroups.delete(g.id);
    return { Return: true, GroupId: g.id };
  },
};
