import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type ListAccessKeysCommandOutput,
  type ListMFADevicesCommandOutput,
  type ListVirtualMFADevicesCommandOutput,
} from '@aws-sdk/client-iam';
import { AwsCallError } from '../../aws/errors.js';
import { parseCsv } from '../../util/csv.js';
import type { AccessKey, Authorization, CredentialReportRow, InlinePolicy, MfaDevice, PolicyDocument } from '../snapshot.js';
import { all, isoDate, read, sleep, type CollectContext } from './context.js';

const G = 'global';

/** IAM: account summary, password policy, credential report, authorization details, MFA devices, keys. */
export async function collectIam(ctx: CollectContext): Promise<void> {
  const { aws, snap } = ctx;
  const iam = snap.iam;
  const home = aws.homeRegion;
  const [summary, policy, report, authz, virtualMfa] = await Promise.all([
    read('iam:GetAccountSummary', G, async () => {
      const out = await aws.send(IAMClient, home, new GetAccountSummaryCommand({}));
      return (out.SummaryMap ?? {}) as Record<string, number>;
    }),
    read('iam:GetAccountPasswordPolicy', G, async () => {
      try {
        const out = await aws.send(IAMClient, home, new GetAccountPasswordPolicyCommand({}));
        return out.PasswordPolicy ?? null;
      } catch (err) {
        // NoSuchEntity is an answer, not a failure: the account has no policy.
        if (err instanceof AwsCallError && err.failure.kind === 'not-found') return null;
        throw err;
      }
    }),
    read('iam:GetCredentialReport', G, () => credentialReport(ctx)),
    read('iam:GetAccountAuthorizationDetails', G, () => authorizationDetails(ctx)),
    read('iam:ListVirtualMFADevices', G, () =>
      all(
        aws.pages<ListVirtualMFADevicesCommandOutput>(IAMClient, home, (Marker) => new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000, Marker }), (o) => (o.IsTruncated ? o.Marker : undefined)),
        (o) =>
          o.VirtualMFADevices?.map((d) => ({
            serial: d.SerialNumber!,
            ...(d.User?.Arn ? { userArn: d.User.Arn } : {}),
            ...(d.EnableDate ? { enableDate: isoDate(d.EnableDate)! } : {}),
          })),
      ),
    ),
  ]);
  Object.assign(iam, { summary, passwordPolicy: policy, credentialReport: report, authorization: authz, virtualMfaDevices: virtualMfa });

  // Root's device types are only visible to root itself.
  if (snap.account.callerArn.endsWith(':root')) {
    iam.rootMfaDevices = await read('iam:ListMFADevices', G, () =>
      all(
        aws.pages<ListMFADevicesCommandOutput>(IAMClient, home, (Marker) => new ListMFADevicesCommand({ Marker }), (o) => (o.IsTruncated ? o.Marker : undefined)),
        (o) => o.MFADevices?.map((d): MfaDevice => ({ serial: d.SerialNumber!, type: mfaType(d.SerialNumber!), ...(d.EnableDate ? { enableDate: isoDate(d.EnableDate)! } : {}) })),
      ),
    );
  }

  // Key ids are not in the credential report: list them for users it shows with an active key.
  if (report.ok) {
    const withKeys = report.value.filter((r) => r.user !== '<root_account>' && (r.access_key_1_active === 'true' || r.access_key_2_active === 'true'));
    ctx.progress(`iam: access keys of ${withKeys.length} users`);
    const entries = await Promise.all(withKeys.map(async (r) => [r.user, await read('iam:ListAccessKeys', G, () => accessKeys(ctx, r.user))] as const));
    iam.accessKeys = Object.fromEntries(entries);
  }
}

export function mfaType(serial: string): MfaDevice['type'] {
  if (/:u2f\//.test(serial)) return 'fido';
  if (/:mfa\//.test(serial)) return 'virtual';
  return 'hardware';
}

async function accessKeys(ctx: CollectContext, userName: string): Promise<AccessKey[]> {
  const { aws } = ctx;
  const keys = await all(
    aws.pages<ListAccessKeysCommandOutput>(IAMClient, aws.homeRegion, (Marker) => new ListAccessKeysCommand({ UserName: userName, Marker }), (o) => (o.IsTruncated ? o.Marker : undefined)),
    (o) => o.AccessKeyMetadata,
  );
  // Last use is not asked per key: the credential report has it per slot, and
  // a slot is matched to its key by creation time (iam/credential-report.ts).
  // That halves the per-user IAM calls, which dominate a scan's wall time.
  return keys.map((k): AccessKey => ({ id: k.AccessKeyId!, status: k.Status!, ...(k.CreateDate ? { created: isoDate(k.CreateDate)! } : {}) }));
}

/**
 * Generate, wait until COMPLETE, then fetch. IAM reuses a report for four
 * hours, so on a recently scanned account this is two calls.
 */
async function credentialReport(ctx: CollectContext): Promise<CredentialReportRow[]> {
  const { aws } = ctx;
  for (let attempt = 0; ; attempt++) {
    const out = await aws.send(IAMClient, aws.homeRegion, new GenerateCredentialReportCommand({}));
    if (out.State === 'COMPLETE') break;
    if (attempt >= 30) throw new Error('credential report still not COMPLETE after 30 polls');
    await sleep(Math.min(ctx.pollMs * (attempt + 1), 5 * ctx.pollMs));
  }
  const out = await aws.send(IAMClient, aws.homeRegion, new GetCredentialReportCommand({}));
  const text = new TextDecoder().decode(out.Content);
  return parseCsv(text) as unknown as CredentialReportRow[];
}

/** IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them. */
export function decodePolicy(doc: string | undefined): PolicyDocument | undefined {
  if (!doc) return undefined;
  try {
    return JSON.parse(decodeURIComponent(doc)) as PolicyDocument;
  } catch {
    try {
      return JSON.parse(doc) as PolicyDocument;
    } catch {
      return undefined;
    }
  }
}

const inline = (list: { PolicyName?: string; PolicyDocument?: string }[] | undefined): InlinePolicy[] =>
  (list ?? []).flatMap((p) => {
    const document = decodePolicy(p.PolicyDocument);
    return document ? [{ name: p.PolicyName!, document }] : [];
  });
const attached = (list: { PolicyName?: string; PolicyArn?: string }[] | undefined) =>
  (list ?? []).map((p) => ({ name: p.PolicyName!, arn: p.PolicyArn! }));

async function authorizationDetails(ctx: CollectContext): Promise<Authorization> {
  const { aws } = ctx;
  const result: Authorization = { users: [], groups: [], roles: [], policies: [] };
  for await (const page of aws.pages<GetAccountAuthorizationDetailsCommandOutput>(
    IAMClient,
    aws.homeRegion,
    (Marker) => new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker }),
    (o) => (o.IsTruncated ? o.Marker : undefined),
  )) {
    for (const u of page.UserDetailList ?? [])
      result.users.push({
        name: u.UserName!,
        arn: u.Arn!,
        ...(u.CreateDate ? { createDate: isoDate(u.CreateDate)! } : {}),
        groups: u.GroupList ?? [],
        attached: attached(u.AttachedManagedPolicies),
        inline: inline(u.UserPolicyList),
        ...(u.PermissionsBoundary?.PermissionsBoundaryArn ? { permissionsBoundary: u.PermissionsBoundary.PermissionsBoundaryArn } : {}),
        ...(u.Tags?.length ? { tags: Object.fromEntries(u.Tags.map((t) => [t.Key!, t.Value ?? ''])) } : {}),
      });
    for (const g of page.GroupDetailList ?? [])
      result.groups.push({ name: g.GroupName!, arn: g.Arn!, attached: attached(g.AttachedManagedPolicies), inline: inline(g.GroupPolicyList) });
    for (const r of page.RoleDetailList ?? []) {
      const trustPolicy = decodePolicy(r.AssumeRolePolicyDocument);
      result.roles.push({
        name: r.RoleName!,
        arn: r.Arn!,
        attached: attached(r.AttachedManagedPolicies),
        inline: inline(r.RolePolicyList),
        ...(trustPolicy ? { trustPolicy } : {}),
        serviceLinked: (r.Path ?? '').startsWith('/aws-service-role/'),
      });
    }
    for (const p of page.Policies ?? []) {
      const def = p.PolicyVersionList?.find((v) => v.IsDefaultVersion);
      const document = decodePolicy(def?.Document);
      result.policies.push({
        name: p.PolicyName!,
        arn: p.Arn!,
        awsManaged: /^arn:[^:]+:iam::aws:/.test(p.Arn ?? ''),
        attachmentCount: p.AttachmentCount ?? 0,
        ...(document ? { document } : {}),
      });
    }
  }
  return result;
}
