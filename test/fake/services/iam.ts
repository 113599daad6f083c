import * as iam from '@aws-sdk/client-iam';
import { FakeError, noSuchEntity } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { newUser, type FakeAccount, type FakeKey, type FakeUser } from '../state.js';
import { credentialState } from '../identity.js';
import { randomBytes } from 'node:crypto';

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const iso = (d?: Date) => (d ? d.toISOString().replace(/\.\d{3}Z$/, '+00:00') : undefined);
const REPORT_TTL_MS = 4 * 3600_000;

function arnOf(a: FakeAccount, kind: 'user' | 'group' | 'role', path: string, name: string) {
  return `arn:aws:iam::${a.id}:${kind}${path}${name}`;
}

function user(ctx: FakeCtx, name: string): FakeUser {
  const u = ctx.account.iam.users.get(name);
  if (!u) throw noSuchEntity(`user with name ${name}`);
  return u;
}

/** The caller's own identity, for APIs that default to it (ListMFADevices without UserName). */
function callerIsRoot(ctx: FakeCtx) {
  return ctx.account.callerArn.endsWith(':root');
}

function keyColumns(k: FakeKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(k.status === 'Active'),
    iso(k.created)!,
    k.lastUsed ? iso(k.lastUsed.date)! : 'N/A',
    k.lastUsed?.region ?? 'N/A',
    k.lastUsed?.service ?? 'N/A',
  ];
}

/** The CSV exactly as IAM writes it, root first, with its N/A / no_information / not_supported values. */
export function credentialReportCsv(a: FakeAccount): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const certCols = (certs: { active: boolean; uploaded: Date }[]) => [
    String(certs[0]?.active ?? false),
    certs[0] ? iso(certs[0].uploaded)! : 'N/A',
    String(certs[1]?.active ?? false),
    certs[1] ? iso(certs[1].uploaded)! : 'N/A',
  ];
  const r = a.iam.root;
  const rows = [
    [
      '<root_account>',
      `arn:aws:iam::${a.id}:root`,
      iso(r.created)!,
      'not_supported',
      r.passwordLastUsed ? iso(r.passwordLastUsed)! : 'no_information',
      'not_supported',
      'not_supported',
      String(r.mfa.length > 0),
      ...keyColumns(r.keys[0]),
      ...keyColumns(r.keys[1]),
      ...certCols(r.certs),
    ],
  ];
  for (const u of a.iam.users.values()) {
    rows.push([
      u.name,
      arnOf(a, 'user', u.path, u.name),
      iso(u.created)!,
      String(!!u.password),
      u.password ? (u.password.lastUsed ? iso(u.password.lastUsed)! : 'no_information') : 'N/A',
      u.password ? iso(u.password.changed)! : 'N/A',
      'N/A',
      String(u.mfa.length > 0),
      ...keyColumns(u.keys[0]),
      ...keyColumns(u.keys[1]),
      ...certCols(u.certs),
    ]);
  }
  return [header, ...rows.map((r) => r.join(','))].join('\n');
}

function policyDetail(ctx: FakeCtx, arn: string) {
  const p = ctx.account.iam.policies.get(arn)!;
  let count = 0;
  const iamState = ctx.account.iam;
  for (const e of [...iamState.users.values(), ...iamState.groups.values(), ...iamState.roles.values()]) if (e.attached.includes(arn)) count++;
  return {
    PolicyName: p.name,
    PolicyId: `ANPA${Buffer.from(p.name).toString('hex').toUpperCase().slice(0, 16).padEnd(16, 'X')}`,
    Arn: p.arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: count,
    IsAttachable: true,
    PolicyVersionList: [{ Document: enc(p.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: new Date('2020-01-01T00:00:00Z') }],
  };
}

/** A user key id: AKIA + 16 base32 characters generated at run time (never a committed literal). */
export function newAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'AKIA' + [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
}

/** The user an IAM call is about: UserName, or the calling user when it is omitted. */
function subjectUser(ctx: FakeCtx, name: string | undefined): FakeUser {
  if (name) return user(ctx, name);
  const p = ctx.principal;
  if (p.kind === 'user') return p.user;
  if (p.kind === 'session' && p.user) return p.user;
  if (p.kind === 'caller' && !p.arn.endsWith(':root')) return user(ctx, p.arn.split('/').pop()!);
  throw new FakeError('ValidationError', 'UserName is required for this caller.', 400);
}

function userOut(a: FakeAccount, u: FakeUser) {
  return { Path: u.path, UserName: u.name, UserId: u.id, Arn: arnOf(a, 'user', u.path, u.name), CreateDate: u.created };
}

function parseDocument(text: string) {
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    throw new FakeError('MalformedPolicyDocument', 'Syntax errors in policy.', 400);
  }
}

function listed<T>(input: any, items: T[]) {
  return paginate(items, input.Marker, input.MaxItems, 1000, 100);
}

const attachedList = (ctx: FakeCtx, arns: string[]) =>
  arns.map((arn) => ({ PolicyArn: arn, PolicyName: ctx.account.iam.policies.get(arn)?.name ?? arn.split('/').pop() }));
const inlineList = (inline: Record<string, unknown>) =>
  Object.entries(inline).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: enc(doc) }));

export const iamService: FakeService = {
  prefix: 'iam',
  client: iam.IAMClient,
  module: iam,
  global: true,
  handlers: {
    GenerateCredentialReport(_input, ctx) {
      const s = ctx.account.iam;
      const now = Date.now();
      if (!s.report || now - s.report.generatedAt.getTime() > REPORT_TTL_MS) {
        s.report = { generatedAt: new Date(), pollsUntilReady: 1 };
        return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
      }
      if (s.report.pollsUntilReady > 0) {
        s.report.pollsUntilReady--;
        if (s.report.pollsUntilReady > 0) return { State: 'INPROGRESS' };
      }
      s.report.csv ??= credentialReportCsv(ctx.account);
      return { State: 'COMPLETE' };
    },
    GetCredentialReport(_input, ctx) {
      const r = ctx.account.iam.report;
      if (!r) throw new FakeError('ReportNotPresent', 'Credential report not present.', 410);
      if (!r.csv) throw new FakeError('ReportInProgress', 'Credential report is being generated.', 404);
      if (Date.now() - r.generatedAt.getTime() > REPORT_TTL_MS) throw new FakeError('ReportExpired', 'Credential report expired.', 410);
      return { Content: new TextEncoder().encode(r.csv), ReportFormat: 'text/csv', GeneratedTime: r.generatedAt };
    },
    GetAccountSummary(_input, ctx) {
      const s = ctx.account.iam;
      const users = [...s.users.values()];
      return {
        SummaryMap: {
          Users: users.length,
          Groups: s.groups.size,
          Roles: s.roles.size,
          Policies: [...s.policies.values()].filter((p) => !p.awsManaged).length,
          MFADevices: users.reduce((n, u) => n + u.mfa.length, 0) + s.root.mfa.length,
          MFADevicesInUse: users.reduce((n, u) => n + u.mfa.length, 0) + s.root.mfa.length,
          AccountMFAEnabled: s.root.mfa.length > 0 ? 1 : 0,
          AccountAccessKeysPresent: s.root.keys.length > 0 ? 1 : 0,
          AccountSigningCertificatesPresent: s.root.certs.length > 0 ? 1 : 0,
          AccountPasswordPresent: 1,
        },
      };
    },
    GetAccountPasswordPolicy(_input, ctx) {
      const p = ctx.account.iam.passwordPolicy;
      if (!p) throw noSuchEntity(`Password Policy with domain name ${ctx.account.id}`);
      return { PasswordPolicy: { ...p, ExpirePasswords: !!p.MaxPasswordAge } };
    },
    ListVirtualMFADevices(input, ctx) {
      const a = ctx.account;
      const devices: any[] = [];
      for (const d of a.iam.root.mfa.filter((d) => d.type === 'virtual'))
        devices.push({ SerialNumber: d.serial, EnableDate: d.enabled, User: { Arn: `arn:aws:iam::${a.id}:root`, UserId: a.id, Path: '/', CreateDate: a.iam.root.created } });
      for (const u of a.iam.users.values())
        for (const d of u.mfa.filter((d) => d.type === 'virtual'))
          devices.push({ SerialNumber: d.serial, EnableDate: d.enabled, User: { UserName: u.name, Arn: arnOf(a, 'user', u.path, u.name), UserId: u.id, Path: u.path, CreateDate: u.created } });
      if (input.AssignmentStatus === 'Unassigned') devices.length = 0;
      const { page, next } = paginate(devices, input.Marker, input.MaxItems, 1000, 100);
      return { VirtualMFADevices: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    ListMFADevices(input, ctx) {
      let devices;
      if (input.UserName) {
        const u = user(ctx, input.UserName);
        devices = u.mfa.map((d) => ({ UserName: u.name, SerialNumber: d.serial, EnableDate: d.enabled }));
      } else if (callerIsRoot(ctx)) {
        devices = ctx.account.iam.root.mfa.map((d) => ({ SerialNumber: d.serial, EnableDate: d.enabled }));
      } else {
        const name = ctx.account.callerArn.split('/').pop()!;
        devices = (ctx.account.iam.users.get(name)?.mfa ?? []).map((d) => ({ UserName: name, SerialNumber: d.serial, EnableDate: d.enabled }));
      }
      const { page, next } = paginate(devices, input.Marker, input.MaxItems, 1000, 100);
      return { MFADevices: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    ListAccessKeys(input, ctx) {
      const u = user(ctx, input.UserName);
      const keys = u.keys.map((k) => ({ UserName: u.name, AccessKeyId: k.id, Status: k.status, CreateDate: k.created }));
      const { page, next } = paginate(keys, input.Marker, input.MaxItems, 1000, 100);
      return { AccessKeyMetadata: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    GetAccessKeyLastUsed(input, ctx) {
      for (const u of ctx.account.iam.users.values()) {
        const k = u.keys.find((k) => k.id === input.AccessKeyId);
        if (k)
          return {
            UserName: u.name,
            AccessKeyLastUsed: k.lastUsed
              ? { LastUsedDate: k.lastUsed.date, ServiceName: k.lastUsed.service, Region: k.lastUsed.region }
              : { ServiceName: 'N/A', Region: 'N/A' },
          };
      }
      throw new FakeError('AccessDenied', 'The access key does not belong to this account.', 403);
    },
    ListUsers(input, ctx) {
      const { page, next } = listed(input, [...ctx.account.iam.users.values()].map((u) => userOut(ctx.account, u)));
      return { Users: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    GetUser(input, ctx) {
      return { User: userOut(ctx.account, subjectUser(ctx, input.UserName)) };
    },
    CreateUser(input, ctx) {
      const a = ctx.account;
      if (a.iam.users.has(input.UserName)) throw new FakeError('EntityAlreadyExists', `User with name ${input.UserName} already exists.`, 409);
      const u = newUser(input.UserName, 'AIDA' + newAccessKeyId().slice(4, 21), ctx.now, { path: input.Path ?? '/' });
      a.iam.users.set(u.name, u);
      return { User: userOut(a, u) };
    },
    /** Refused while anything hangs off the user, as IAM does: keys, password, policies, groups, MFA. */
    DeleteUser(input, ctx) {
      const u = user(ctx, input.UserName);
      if (u.keys.length || u.password || u.mfa.length || u.groups.length || u.attached.length || Object.keys(u.inline).length || u.certs.length)
        throw new FakeError('DeleteConflict', 'Cannot delete entity, must delete access keys, login profile, policies and group memberships first.', 409);
      ctx.account.iam.users.delete(u.name);
      return {};
    },
    CreateAccessKey(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      if (u.keys.length >= 2) throw new FakeError('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);
      const k: FakeKey = { id: newAccessKeyId(), secret: randomBytes(30).toString('base64'), status: 'Active', created: ctx.now };
      u.keys.push(k);
      ctx.fake.keyOwners.set(k.id, ctx.account.id);
      return { AccessKey: { UserName: u.name, AccessKeyId: k.id, Status: k.status, SecretAccessKey: k.secret, CreateDate: k.created } };
    },
    UpdateAccessKey(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      const k = u.keys.find((k) => k.id === input.AccessKeyId);
      if (!k) throw noSuchEntity(`Access Key with id ${input.AccessKeyId}`);
      if (input.Status !== 'Active' && input.Status !== 'Inactive') throw new FakeError('ValidationError', 'Status must be Active or Inactive.', 400);
      k.status = input.Status;
      return {};
    },
    DeleteAccessKey(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      const i = u.keys.findIndex((k) => k.id === input.AccessKeyId);
      if (i < 0) throw noSuchEntity(`Access Key with id ${input.AccessKeyId}`);
      u.keys.splice(i, 1);
      credentialState(ctx.account).deleted.add(input.AccessKeyId);
      return {};
    },
    GetLoginProfile(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      if (!u.password) throw noSuchEntity(`Login Profile for User ${u.name}`);
      return { LoginProfile: { UserName: u.name, CreateDate: u.password.changed, PasswordResetRequired: false } };
    },
    CreateLoginProfile(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      if (u.password) throw new FakeError('EntityAlreadyExists', `Login Profile for user ${u.name} already exists.`, 409);
      u.password = { changed: ctx.now };
      return { LoginProfile: { UserName: u.name, CreateDate: ctx.now, PasswordResetRequired: !!input.PasswordResetRequired } };
    },
    DeleteLoginProfile(input, ctx) {
      const u = subjectUser(ctx, input.UserName);
      if (!u.password) throw noSuchEntity(`Login Profile for User ${u.name}`);
      delete u.password;
      return {};
    },
    PutUserPolicy(input, ctx) {
      user(ctx, input.UserName).inline[input.PolicyName] = parseDocument(input.PolicyDocument);
      return {};
    },
    GetUserPolicy(input, ctx) {
      const doc = user(ctx, input.UserName).inline[input.PolicyName];
      if (!doc) throw noSuchEntity(`user policy with name ${input.PolicyName}`);
      return { UserName: input.UserName, PolicyName: input.PolicyName, PolicyDocument: enc(doc) };
    },
    DeleteUserPolicy(input, ctx) {
      const u = user(ctx, input.UserName);
      if (!u.inline[input.PolicyName]) throw noSuchEntity(`user policy with name ${input.PolicyName}`);
      delete u.inline[input.PolicyName];
      return {};
    },
    ListUserPolicies(input, ctx) {
      const { page, next } = listed(input, Object.keys(user(ctx, input.UserName).inline));
      return { PolicyNames: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    ListAttachedUserPolicies(input, ctx) {
      const { page, next } = listed(input, attachedList(ctx, user(ctx, input.UserName).attached));
      return { AttachedPolicies: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    AttachUserPolicy(input, ctx) {
      const u = user(ctx, input.UserName);
      if (!ctx.account.iam.policies.has(input.PolicyArn)) throw noSuchEntity(`Policy ${input.PolicyArn}`);
      if (!u.attached.includes(input.PolicyArn)) u.attached.push(input.PolicyArn);
      return {};
    },
    DetachUserPolicy(input, ctx) {
      const u = user(ctx, input.UserName);
      const i = u.attached.indexOf(input.PolicyArn);
      if (i < 0) throw noSuchEntity(`Policy ${input.PolicyArn} attached to user ${u.name}`);
      u.attached.splice(i, 1);
      return {};
    },
    ListGroupsForUser(input, ctx) {
      const groups = user(ctx, input.UserName).groups.map((g) => {
        const group = ctx.account.iam.groups.get(g);
        return { GroupName: g, GroupId: group?.id, Path: group?.path ?? '/', Arn: arnOf(ctx.account, 'group', group?.path ?? '/', g), CreateDate: new Date('2020-01-01T00:00:00Z') };
      });
      const { page, next } = listed(input, groups);
      return { Groups: page, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
    RemoveUserFromGroup(input, ctx) {
      const u = user(ctx, input.UserName);
      const i = u.groups.indexOf(input.GroupName);
      if (i < 0) throw noSuchEntity(`group ${input.GroupName} membership of ${u.name}`);
      u.groups.splice(i, 1);
      return {};
    },
    PutRolePolicy(input, ctx) {
      const r = ctx.account.iam.roles.get(input.RoleName);
      if (!r) throw noSuchEntity(`role with name ${input.RoleName}`);
      r.inline[input.PolicyName] = parseDocument(input.PolicyDocument);
      return {};
    },
    GetRolePolicy(input, ctx) {
      const r = ctx.account.iam.roles.get(input.RoleName);
      const doc = r?.inline[input.PolicyName];
      if (!doc) throw noSuchEntity(`role policy with name ${input.PolicyName}`);
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: enc(doc) };
    },
    GetAccountAuthorizationDetails(input, ctx) {
      const a = ctx.account;
      const filter: string[] = input.Filter?.length ? input.Filter : ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];
      const items: [string, unknown][] = [];
      if (filter.includes('User'))
        for (const u of a.iam.users.values())
          items.push([
            'UserDetailList',
            {
              Path: u.path,
              UserName: u.name,
              UserId: u.id,
              Arn: arnOf(a, 'user', u.path, u.name),
              CreateDate: u.created,
              UserPolicyList: inlineList(u.inline),
              GroupList: [...u.groups],
              AttachedManagedPolicies: attachedList(ctx, u.attached),
              ...(u.permissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.permissionsBoundary } } : {}),
              Tags: Object.entries(u.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
            },
          ]);
      if (filter.includes('Group'))
        for (const g of a.iam.groups.values())
          items.push([
            'GroupDetailList',
            { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: arnOf(a, 'group', g.path, g.name), CreateDate: new Date('2020-01-01T00:00:00Z'), GroupPolicyList: inlineList(g.inline), AttachedManagedPolicies: attachedList(ctx, g.attached) },
          ]);
      if (filter.includes('Role'))
        for (const r of a.iam.roles.values())
          items.push([
            'RoleDetailList',
            {
              Path: r.path,
              RoleName: r.name,
              RoleId: r.id,
              Arn: arnOf(a, 'role', r.path, r.name),
              CreateDate: r.created,
              AssumeRolePolicyDocument: enc(r.trust),
              InstanceProfileList: [],
              RolePolicyList: inlineList(r.inline),
              AttachedManagedPolicies: attachedList(ctx, r.attached),
              Tags: [],
            },
          ]);
      for (const p of a.iam.policies.values()) {
        const kind = p.awsManaged ? 'AWSManagedPolicy' : 'LocalManagedPolicy';
        if (!filter.includes(kind)) continue;
        const detail = policyDetail(ctx, p.arn);
        // Like IAM, only AWS managed policies in use are listed.
        if (p.awsManaged && detail.AttachmentCount === 0) continue;
        items.push(['Policies', detail]);
      }
      const { page, next } = paginate(items, input.Marker, input.MaxItems, 1000, 100);
      const out: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      for (const [list, item] of page) out[list]!.push(item);
      return { ...out, IsTruncated: !!next, ...(next ? { Marker: next } : {}) };
    },
  },
};
