import * as sts from '@aws-sdk/client-sts';
import { createHash, randomBytes } from 'node:crypto';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { credentialState, findKey, type FakeSession } from '../identity.js';
import type { FakeAccount } from '../state.js';
import type { PolicyDocument } from '../../../src/scan/snapshot.js';

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Does the role's trust policy let a caller from another account assume it?
 * Allow statements naming the caller (its ARN, its account or `*`) for
 * sts:AssumeRole, with an `sts:ExternalId` condition honoured when present.
 * Enough for what an organization scan meets: a role trusting someone else,
 * a wrong or missing external id.
 */
function trusts(trust: PolicyDocument, callerArn: string, callerAccount: string, externalId: string | undefined): boolean {
  const statements = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement];
  return statements.some((s: any) => {
    if (s.Effect !== 'Allow') return false;
    if (!asList(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principals = s.Principal === '*' ? ['*'] : asList(s.Principal?.AWS);
    const ok = principals.some((p) => p === '*' || p === callerArn || p === callerAccount || p === `arn:aws:iam::${callerAccount}:root`);
    if (!ok) return false;
    const want = s.Condition?.StringEquals?.['sts:ExternalId'];
    return want === undefined || asList(want).includes(externalId ?? '\u0000');
  });
}

/** A session key id: ASIA + 16 base32 characters generated at run time (never a committed literal). */
export function sessionKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'ASIA' + [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
}

/** A session in `account` (the caller's, or the target account of a cross-account AssumeRole). */
function issue(ctx: FakeCtx, session: Omit<FakeSession, 'accessKeyId' | 'issued' | 'expires'>, seconds: number, account: FakeAccount = ctx.account) {
  const issued = ctx.now;
  const s: FakeSession = { ...session, accessKeyId: sessionKeyId(), issued, expires: new Date(issued.getTime() + seconds * 1000) };
  credentialState(account).sessions.set(s.accessKeyId, s);
  ctx.fake.keyOwners.set(s.accessKeyId, account.id);
  return {
    AccessKeyId: s.accessKeyId,
    SecretAccessKey: randomBytes(30).toString('base64'),
    SessionToken: randomBytes(64).toString('base64'),
    Expiration: s.expires,
  };
}

/** The caller's user name, for the STS calls only an IAM user may make. */
function callingUser(ctx: FakeCtx, api: string): string {
  const p = ctx.principal;
  if (p.kind === 'user') return p.user.name;
  if (p.kind === 'caller' && !p.arn.endsWith(':root')) return p.arn.split('/').pop()!;
  throw new FakeError('AccessDenied', `Cannot call ${api} with session credentials`, 403);
}

export const stsService: FakeService = {
  prefix: 'sts',
  client: sts.STSClient,
  module: sts,
  global: true,
  handlers: {
    GetCallerIdentity(_input, ctx) {
      const arn = ctx.principal.arn;
      const userId = arn.endsWith(':root') ? ctx.account.id : ctx.principal.kind === 'user' ? ctx.principal.user.id : 'AIDAEXAMPLEEXAMPLE01';
      return { Account: ctx.account.id, Arn: arn, UserId: userId };
    },
    /**
     * The account a key belongs to. AWS decodes it from the key id itself and
     * answers for any well-formed key, whoever asks; the fake answers from the
     * accounts it holds (keys of users, deleted keys, sessions) and otherwise
     * with an account id derived from the key, which is not the caller's.
     */
    GetAccessKeyInfo(input, ctx) {
      const id: string = input.AccessKeyId ?? '';
      if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(id)) throw new FakeError('ValidationError', 'The specified value for accessKeyId is invalid.', 400);
      for (const a of ctx.fake.accounts.values()) {
        const c = credentialState(a);
        if (findKey(a, id) || c.sessions.has(id) || c.deleted.has(id) || a.iam.root.keys.some((k) => k.id === id)) return { Account: a.id };
      }
      const n = BigInt('0x' + createHash('sha256').update(id).digest('hex').slice(0, 12)) % 1_000_000_000_000n;
      return { Account: n.toString().padStart(12, '0') };
    },
    GetSessionToken(input, ctx) {
      const user = callingUser(ctx, 'GetSessionToken');
      return { Credentials: issue(ctx, { user }, input.DurationSeconds ?? 43_200) };
    },
    GetFederationToken(input, ctx) {
      const user = callingUser(ctx, 'GetFederationToken');
      const creds = issue(ctx, { user, sessionName: input.Name }, input.DurationSeconds ?? 43_200);
      return {
        Credentials: creds,
        FederatedUser: { FederatedUserId: `${ctx.account.id}:${input.Name}`, Arn: `arn:aws:sts::${ctx.account.id}:federated-user/${input.Name}` },
      };
    },
    AssumeRole(input, ctx) {
      const m = ROLE_ARN.exec(String(input.RoleArn ?? ''));
      if (!m) throw new FakeError('ValidationError', `${input.RoleArn} is invalid`, 400);
      if (!input.RoleSessionName || !/^[\w+=,.@-]{1,64}$/.test(input.RoleSessionName))
        throw new FakeError('ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint", 400);
      const seconds = input.DurationSeconds ?? 3600;
      if (seconds < 900 || seconds > 43_200) throw new FakeError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
      const target = ctx.fake.accounts.get(m[2]!);
      const name = m[3]!;
      const role = target?.iam.roles.get(name);
      // AWS answers the same AccessDenied whether the role is missing or does not trust the caller.
      const denied = () => new FakeError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
      if (!target || !role) throw denied();
      // Across accounts the role's trust policy must name the caller (organization scans); within one, the caller's IAM permission decides.
      if (target.id !== ctx.account.id && !trusts(role.trust, ctx.principal.arn, ctx.account.id, input.ExternalId)) throw denied();
      // The trust policy's conditions that callers meet in practice: an external id, and MFA.
      for (const st of [role.trust.Statement].flat()) {
        const cond = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
        const externalId = cond.StringEquals?.['sts:ExternalId'];
        if (externalId !== undefined && input.ExternalId !== externalId) throw denied();
        const mfa = cond.Bool?.['aws:MultiFactorAuthPresent'];
        if (String(mfa) === 'true' && !(input.SerialNumber && /^\d{6}$/.test(String(input.TokenCode ?? '')))) throw denied();
      }
      const creds = issue(ctx, { role: name, sessionName: input.RoleSessionName }, seconds, target);
      return {
        Credentials: creds,
        AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.RoleSessionName}`, Arn: `arn:${m[1]}:sts::${target.id}:assumed-role/${name}/${input.RoleSessionName}` },
        PackedPolicySize: 0,
      };
    },
  },
};
