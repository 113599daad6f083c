import { randomBytes } from 'node:crypto';
import * as sts from '@aws-sdk/client-sts';
import type { FakeService } from '../fake.js';
import { FakeError } from '../errors.js';
import type { PolicyDocument } from '../../../src/scan/snapshot.js';

/** Assumed-role sessions by access key id: the ARN GetCallerIdentity reports for them. */
const sessions = new Map<string, string>();

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A temporary access key id made at run time (ASIA prefix, like STS session keys). */
function sessionKeyId(): string {
  return 'ASIA' + [...randomBytes(16)].map((b) => BASE32[b % 32]).join('');
}

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Does the role's trust policy let this caller assume it? Allow statements
 * naming the caller (its ARN, its account or `*`) for sts:AssumeRole, with an
 * `sts:ExternalId` condition honoured when present. Enough for what a
 * scanner meets: a missing role, a role trusting someone else, a wrong
 * external id.
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

export const stsService: FakeService = {
  prefix: 'sts',
  client: sts.STSClient,
  module: sts,
  global: true,
  handlers: {
    GetCallerIdentity(_input, ctx) {
      const arn = sessions.get(ctx.credentials.accessKeyId) ?? ctx.account.callerArn;
      return { Account: ctx.account.id, Arn: arn, UserId: arn.endsWith(':root') ? ctx.account.id : 'AIDAEXAMPLEEXAMPLE01' };
    },
    AssumeRole(input: sts.AssumeRoleCommandInput, ctx) {
      const m = ROLE_ARN.exec(input.RoleArn ?? '');
      if (!m) throw new FakeError('ValidationError', `${input.RoleArn} is invalid`, 400);
      if (!input.RoleSessionName || !/^[\w+=,.@-]{2,64}$/.test(input.RoleSessionName))
        throw new FakeError('ValidationError', "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint", 400);
      const duration = input.DurationSeconds ?? 3600;
      if (duration < 900 || duration > 43_200) throw new FakeError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400);
      const callerArn = sessions.get(ctx.credentials.accessKeyId) ?? ctx.account.callerArn;
      const denied = () =>
        new FakeError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
      const target = ctx.fake.accounts.get(m[2]!);
      const role = target?.iam.roles.get(m[3]!);
      // AWS answers the same AccessDenied whether the role is missing or does not trust the caller.
      if (!target || !role || !trusts(role.trust, callerArn, ctx.account.id, input.ExternalId)) throw denied();
      const keyId = sessionKeyId();
      const arn = `arn:${m[1]}:sts::${target.id}:assumed-role/${role.name}/${input.RoleSessionName}`;
      ctx.fake.keyOwners.set(keyId, target.id);
      sessions.set(keyId, arn);
      return {
        Credentials: {
          AccessKeyId: keyId,
          SecretAccessKey: randomBytes(30).toString('base64'),
          SessionToken: randomBytes(60).toString('base64'),
          Expiration: new Date(Date.now() + duration * 1000),
        },
        AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.RoleSessionName}`, Arn: arn },
        PackedPolicySize: 0,
      };
    },
  },
};
