/**
 * What a CloudTrail record says an attacker's credential obtained or created.
 * Only successful calls count (no errorCode): a failed CreateUser created
 * nothing. Field paths are CloudTrail's, e.g. RunInstances'
 * `responseElements.instancesSet.items[].instanceId`.
 */
import type { TrailRecord } from './events/source.js';

export type ResourceType =
  | 'ec2:instance'
  | 'ec2:key-pair'
  | 'ec2:security-group'
  | 'ec2:snapshot'
  | 'ec2:volume'
  | 'ec2:image'
  | 'iam:user'
  | 'iam:access-key'
  | 'iam:login-profile'
  | 'iam:user-policy'
  | 'iam:user-policy-attachment'
  | 'iam:role'
  | 'iam:policy'
  | 'lambda:function'
  | 'iam:service-specific-credential'
  | 'iam:ssh-public-key'
  | 'iam:role-trust-policy';

export interface CreatedResource {
  type: ResourceType;
  /** Region, or `global` for IAM. */
  region: string;
  /** The id a cleanup call takes: instance id, key pair id, user name, access key id... */
  id: string;
  /** A second name where one exists (key pair name, security group name, policy name). */
  name?: string;
  /** Owning user for keys, login profiles and user policies. */
  userName?: string;
  /** Instance type, for the cost estimate. */
  instanceType?: string;
  createdAt: string;
  /** The attacker credential that created it, and the event that shows it. */
  createdBy: string;
  eventId: string;
}

export interface ObtainedCredential {
  accessKeyId: string;
  kind: 'access-key' | 'session';
  /** The user a new key belongs to. */
  userName?: string;
  /** The role a session is for (AssumeRole). */
  roleArn?: string;
  via: string;
  eventId: string;
  at: string;
}

const ok = (r: TrailRecord) => !r.errorCode;
const req = (r: TrailRecord) => r.requestParameters ?? {};
const res = (r: TrailRecord) => r.responseElements ?? {};
const service = (r: TrailRecord) => r.eventSource.replace(/\.amazonaws\.com$/, '');
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The first value under a key matching `name`, at any depth (response shapes differ in casing, e.g. sSHPublicKey). */
function findField(v: unknown, name: RegExp, depth = 0): unknown {
  if (!v || typeof v !== 'object' || depth > 4) return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (name.test(k)) return x;
    const inner = findField(x, name, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Credentials a record hands to its caller: new access keys and temporary credentials. */
export function obtainedCredentials(r: TrailRecord): ObtainedCredential[] {
  if (!ok(r)) return [];
  const base = { via: `${service(r)}:${r.eventName}`, eventId: r.eventID, at: r.eventTime };
  if (r.eventName === 'CreateAccessKey') {
    const id = str(res(r).accessKey?.accessKeyId);
    return id ? [{ ...base, accessKeyId: id, kind: 'access-key', userName: str(res(r).accessKey?.userName) ?? str(req(r).userName) ?? r.userIdentity?.userName }] : [];
  }
  if (['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetSessionToken', 'GetFederationToken', 'AssumeRoot'].includes(r.eventName)) {
    const id = str(res(r).credentials?.accessKeyId);
    if (!id) return [];
    const roleArn = str(req(r).roleArn);
    return [{ ...base, accessKeyId: id, kind: 'session', ...(roleArn ? { roleArn } : {}), ...(r.userIdentity?.userName ? { userName: r.userIdentity.userName } : {}) }];
  }
  return [];
}

/** Users a record created: investigated by name too (console logins, keys made for them by others). */
export function createdUsers(r: TrailRecord): string[] {
  if (!ok(r) || r.eventName !== 'CreateUser') return [];
  const name = str(res(r).user?.userName) ?? str(req(r).userName);
  return name ? [name] : [];
}

/** Resources a record created. */
export function createdResources(r: TrailRecord): CreatedResource[] {
  if (!ok(r)) return [];
  const p = req(r);
  const o = res(r);
  const global = service(r) === 'iam';
  const base = { region: global ? 'global' : r.awsRegion, createdAt: r.eventTime, createdBy: r.userIdentity?.accessKeyId ?? '?', eventId: r.eventID };
  const one = (type: ResourceType, id: string | undefined, extra: Partial<CreatedResource> = {}): CreatedResource[] => (id ? [{ ...base, type, id, ...extra }] : []);
  switch (`${service(r)}:${r.eventName}`) {
    case 'ec2:RunInstances': {
      const items: any[] = o.instancesSet?.items ?? [];
      const fallbackType = str(p.instanceType);
      return items.flatMap((i) => one('ec2:instance', str(i.instanceId), { ...(str(i.instanceType) ?? fallbackType ? { instanceType: (str(i.instanceType) ?? fallbackType)! } : {}) }));
    }
    case 'ec2:CreateKeyPair':
    case 'ec2:ImportKeyPair':
      return one('ec2:key-pair', str(o.keyPairId) ?? str(p.keyName), { ...(str(o.keyName ?? p.keyName) ? { name: str(o.keyName ?? p.keyName)! } : {}) });
    case 'ec2:CreateSecurityGroup':
      return one('ec2:security-group', str(o.groupId), { ...(str(p.groupName) ? { name: str(p.groupName)! } : {}) });
    case 'ec2:CreateSnapshot':
      return one('ec2:snapshot', str(o.snapshotId));
    case 'ec2:CreateVolume':
      return one('ec2:volume', str(o.volumeId));
    case 'ec2:CreateImage':
    case 'ec2:CopyImage':
    case 'ec2:RegisterImage':
      return one('ec2:image', str(o.imageId));
    case 'iam:CreateUser':
      return one('iam:user', str(o.user?.userName) ?? str(p.userName));
    case 'iam:CreateAccessKey':
      return one('iam:access-key', str(o.accessKey?.accessKeyId), { userName: str(o.accessKey?.userName) ?? str(p.userName) ?? r.userIdentity?.userName ?? '?' });
    case 'iam:CreateLoginProfile':
      return one('iam:login-profile', str(p.userName) ?? r.userIdentity?.userName, { userName: str(p.userName) ?? r.userIdentity?.userName ?? '?' });
    case 'iam:PutUserPolicy':
      return one('iam:user-policy', `${p.userName}/${p.policyName}`, { userName: str(p.userName)!, name: str(p.policyName)! });
    case 'iam:AttachUserPolicy':
      return one('iam:user-policy-attachment', `${p.userName}/${p.policyArn}`, { userName: str(p.userName)!, name: str(p.policyArn)! });
    case 'iam:CreateRole':
      return one('iam:role', str(o.role?.roleName) ?? str(p.roleName));
    // Other ways back in that outlive a deactivated key (CodeCommit/Keyspaces credentials, SSH keys, a trust policy opened to the attacker).
    case 'iam:CreateServiceSpecificCredential':
      return one('iam:service-specific-credential', str(findField(o, /^serviceSpecificCredentialId$/i)), { userName: str(p.userName) ?? r.userIdentity?.userName ?? '?', ...(str(p.serviceName) ? { name: str(p.serviceName)! } : {}) });
    case 'iam:UploadSSHPublicKey':
      return one('iam:ssh-public-key', str(findField(o, /^sshPublicKeyId$/i)) ?? `${p.userName}/(id in the event)`, { userName: str(p.userName) ?? r.userIdentity?.userName ?? '?' });
    case 'iam:UpdateAssumeRolePolicy':
      return one('iam:role-trust-policy', str(p.roleName));
    case 'iam:CreatePolicy':
      return one('iam:policy', str(o.policy?.arn), { ...(str(p.policyName) ? { name: str(p.policyName)! } : {}) });
    default:
      if (service(r) === 'lambda' && /^CreateFunction/.test(r.eventName)) return one('lambda:function', str(o.functionName) ?? str(p.functionName));
      return [];
  }
}

/** A successful call that may have changed something, with no rule above: shown for manual review. */
export function isUnhandledChange(r: TrailRecord): boolean {
  if (!ok(r) || r.readOnly === true) return false;
  if (createdResources(r).length || obtainedCredentials(r).length) return false;
  return /^(Create|Run|Put|Attach|Import|Allocate|Request|Upload|Update|Authorize|Add|Associate|Enable|Modify|Register|Copy|Start|Publish|Invoke|Set)/.test(r.eventName);
}
