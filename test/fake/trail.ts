/**
 * CloudTrail event history in the fake: every call that reaches a handler is
 * recorded, as AWS records management events, in the region that receives it
 * (IAM and other global services in us-east-1), with the caller's identity,
 * request parameters, response elements and error code. LookupEvents
 * (services/cloudtrail.ts) reads it back.
 *
 * Request/response shapes follow what CloudTrail writes, which is not the
 * SDK's shape: lower-camel names, EC2's query-style `instancesSet.items`,
 * secrets and passwords omitted.
 */
import { randomUUID } from 'node:crypto';
import type { FakeAccount } from './state.js';
import { regional } from './state.js';
import type { FakePrincipal } from './identity.js';

export interface FakeTrailEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  accessKeyId: string;
  username?: string;
  resources: { ResourceType: string; ResourceName: string }[];
  record: Record<string, unknown>;
}

export interface EventHistory {
  /** Oldest first; LookupEvents returns newest first. */
  events: FakeTrailEvent[];
  /** Times of recent LookupEvents calls, for the 2-per-second limit. */
  lookups: number[];
}

export const eventHistory = (a: FakeAccount, region: string) => {
  const r = a.regions.get(region);
  if (!r) throw new Error(`fake: no region ${region}`);
  return regional<EventHistory>(r, 'eventHistory', () => ({ events: [], lookups: [] }));
};

const GLOBAL_EVENT_REGION = 'us-east-1';
const SOURCE: Record<string, string> = { iam: 'iam.amazonaws.com', sts: 'sts.amazonaws.com', ec2: 'ec2.amazonaws.com', cloudtrail: 'cloudtrail.amazonaws.com', lambda: 'lambda.amazonaws.com' };
const READ = /^(Describe|List|Get|Lookup)/;
/** CloudTrail's readOnly flag, as the fake decides it from the operation's name. */
export const isReadOnly = (op: string) => READ.test(op);

const lowerCamel = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(lowerCamel);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), lowerCamel(x)]));
  return v;
};

type Shape = (input: any, out: any) => unknown;
/** requestParameters where CloudTrail's shape differs from the lower-camel input. */
const REQUEST: Record<string, Shape> = {
  'ec2:RunInstances': (i) => ({
    instancesSet: { items: [{ imageId: i.ImageId, minCount: i.MinCount, maxCount: i.MaxCount, ...(i.KeyName ? { keyName: i.KeyName } : {}) }] },
    instanceType: i.InstanceType,
  }),
  'ec2:TerminateInstances': (i) => ({ instancesSet: { items: (i.InstanceIds ?? []).map((instanceId: string) => ({ instanceId })) } }),
  'iam:CreateLoginProfile': (i) => ({ userName: i.UserName, passwordResetRequired: !!i.PasswordResetRequired }),
  'iam:UpdateLoginProfile': (i) => ({ userName: i.UserName }),
};
/** responseElements for the calls whose answer an investigation needs. */
const RESPONSE: Record<string, Shape> = {
  'iam:CreateAccessKey': (_i, o) => ({
    accessKey: { userName: o.AccessKey.UserName, accessKeyId: o.AccessKey.AccessKeyId, status: o.AccessKey.Status, createDate: o.AccessKey.CreateDate.toISOString() },
  }),
  'iam:CreateUser': (_i, o) => ({ user: lowerCamel(o.User) }),
  'iam:CreateRole': (_i, o) => ({ role: lowerCamel({ ...o.Role, AssumeRolePolicyDocument: undefined }) }),
  'iam:CreateLoginProfile': (_i, o) => ({ loginProfile: { userName: o.LoginProfile.UserName, createDate: o.LoginProfile.CreateDate.toISOString(), passwordResetRequired: o.LoginProfile.PasswordResetRequired } }),
  'sts:GetSessionToken': (_i, o) => ({ credentials: creds(o) }),
  'sts:GetFederationToken': (_i, o) => ({ credentials: creds(o), federatedUser: lowerCamel(o.FederatedUser) }),
  'sts:AssumeRole': (_i, o) => ({ credentials: creds(o), assumedRoleUser: lowerCamel(o.AssumedRoleUser) }),
  'ec2:RunInstances': (_i, o) => ({
    reservationId: o.ReservationId,
    ownerId: o.OwnerId,
    instancesSet: { items: o.Instances.map((x: any) => ({ instanceId: x.InstanceId, instanceType: x.InstanceType, imageId: x.ImageId, keyName: x.KeyName, launchTime: x.LaunchTime.getTime(), instanceState: { code: 0, name: 'pending' } })) },
  }),
  'ec2:CreateKeyPair': (_i, o) => ({ keyName: o.KeyName, keyFingerprint: o.KeyFingerprint, keyPairId: o.KeyPairId }),
  'ec2:ImportKeyPair': (_i, o) => ({ keyName: o.KeyName, keyFingerprint: o.KeyFingerprint, keyPairId: o.KeyPairId }),
  'ec2:CreateSecurityGroup': (_i, o) => ({ _return: true, groupId: o.GroupId }),
  'ec2:TerminateInstances': (_i, o) => ({ instancesSet: { items: o.TerminatingInstances.map((t: any) => ({ instanceId: t.InstanceId, currentState: lowerCamel(t.CurrentState), previousState: lowerCamel(t.PreviousState) })) } }),
};
// Secret access key and session token are never in CloudTrail.
const creds = (o: any) => ({ accessKeyId: o.Credentials.AccessKeyId, expiration: o.Credentials.Expiration.toUTCString(), sessionToken: '(omitted)' });

function resourcesOf(api: string, input: any, out: any): FakeTrailEvent['resources'] {
  if (api === 'ec2:RunInstances' && out) return out.Instances.map((x: any) => ({ ResourceType: 'AWS::EC2::Instance', ResourceName: x.InstanceId }));
  if (api === 'ec2:CreateKeyPair' || api === 'ec2:DeleteKeyPair') return input.KeyName ? [{ ResourceType: 'AWS::EC2::KeyPair', ResourceName: input.KeyName }] : [];
  if (api === 'iam:CreateAccessKey' && out) return [{ ResourceType: 'AWS::IAM::AccessKey', ResourceName: out.AccessKey.AccessKeyId }];
  if (input?.UserName) return [{ ResourceType: 'AWS::IAM::User', ResourceName: input.UserName }];
  return [];
}

function userIdentity(a: FakeAccount, p: FakePrincipal, accessKeyId: string): { identity: Record<string, unknown>; username?: string } {
  if (p.kind === 'user')
    return { identity: { type: 'IAMUser', principalId: p.user.id, arn: p.arn, accountId: a.id, accessKeyId, userName: p.user.name }, username: p.user.name };
  if (p.kind === 'session') {
    const s = p.session;
    const attributes = { creationDate: s.issued.toISOString(), mfaAuthenticated: 'false' };
    if (s.role) {
      const roleArn = `arn:aws:iam::${a.id}:role/${s.role}`;
      return {
        identity: { type: 'AssumedRole', principalId: `AROA${s.role.toUpperCase().slice(0, 8)}:${s.sessionName}`, arn: p.arn, accountId: a.id, accessKeyId, sessionContext: { sessionIssuer: { type: 'Role', arn: roleArn, accountId: a.id, userName: s.role }, attributes } },
        username: s.sessionName!,
      };
    }
    if (s.sessionName)
      return {
        identity: { type: 'FederatedUser', principalId: `${a.id}:${s.sessionName}`, arn: `arn:aws:sts::${a.id}:federated-user/${s.sessionName}`, accountId: a.id, accessKeyId, sessionContext: { sessionIssuer: { type: 'IAMUser', arn: p.arn, accountId: a.id, userName: s.user }, attributes } },
        username: s.sessionName,
      };
    return { identity: { type: 'IAMUser', principalId: p.user?.id, arn: p.arn, accountId: a.id, accessKeyId, userName: s.user, sessionContext: { attributes } }, username: s.user! };
  }
  const root = p.arn.endsWith(':root');
  const name = root ? undefined : p.arn.split('/').pop();
  return { identity: { type: root ? 'Root' : 'IAMUser', arn: p.arn, accountId: a.id, accessKeyId, ...(name ? { userName: name } : {}) }, ...(name ? { username: name } : {}) };
}

export interface CallRecord {
  account: FakeAccount;
  region: string;
  prefix: string;
  op: string;
  global: boolean;
  principal: FakePrincipal;
  accessKeyId: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  at?: Date;
}

export function recordCall(c: CallRecord): void {
  const api = `${c.prefix}:${c.op}`;
  // The history reading itself is left out so that investigating does not change what is investigated.
  if (api === 'cloudtrail:LookupEvents') return;
  const region = c.global ? GLOBAL_EVENT_REGION : c.region;
  const eventTime = c.at ?? new Date();
  const { identity, username } = userIdentity(c.account, c.principal, c.accessKeyId);
  const readOnly = READ.test(c.op);
  const input = c.input as any;
  const ok = !c.error;
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: SOURCE[c.prefix] ?? `${c.prefix}.amazonaws.com`,
    eventName: c.op,
    awsRegion: region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-sdk-js/3 fake',
    requestParameters: REQUEST[api]?.(input, c.output) ?? (input && Object.keys(input).length ? lowerCamel(input) : null),
    responseElements: ok ? (RESPONSE[api]?.(input, c.output) ?? null) : null,
    ...(c.error ? { errorCode: c.error.code, errorMessage: c.error.message } : {}),
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: c.account.id,
  };
  eventHistory(c.account, region).events.push({
    eventId: record.eventID as string,
    eventTime,
    eventName: c.op,
    eventSource: record.eventSource as string,
    readOnly,
    accessKeyId: c.accessKeyId,
    ...(username ? { username } : {}),
    resources: ok ? resourcesOf(api, input, c.output) : [],
    record,
  });
}

/**
 * Puts a CloudTrail record, as CloudTrail would write it, into the region's
 * event history (tests and benchmarks that replay recorded events).
 */
export function recordEvent(a: FakeAccount, region: string, record: Record<string, any>): void {
  const history = eventHistory(a, region);
  const event: FakeTrailEvent = {
    eventId: record.eventID ?? randomUUID(),
    eventTime: new Date(record.eventTime),
    eventName: record.eventName,
    eventSource: record.eventSource,
    readOnly: record.readOnly ?? isReadOnly(record.eventName),
    accessKeyId: record.userIdentity?.accessKeyId ?? '',
    ...(record.userIdentity?.userName ? { username: record.userIdentity.userName } : {}),
    resources: (record.resources ?? []).map((r: { type?: string; ARN?: string }) => ({ ResourceType: r.type ?? '', ResourceName: r.ARN ?? '' })),
    record,
  };
  // History is oldest first; LookupEvents reads it newest first.
  const at = history.events.findIndex((e) => e.eventTime > event.eventTime);
  history.events.splice(at < 0 ? history.events.length : at, 0, event);
}
