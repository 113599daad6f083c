/**
 * Containment: whose key is it, and the actions that stop it now. Three
 * calls at once (GetAccessKeyInfo, GetCallerIdentity, GetAccessKeyLastUsed),
 * so the plan is ready after one round trip. If IAM no longer knows the key
 * (the attacker deleted it, as in the brief) the owner comes from the first
 * CloudTrail event made with it.
 */
import { GetAccessKeyLastUsedCommand, GetLoginProfileCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, STSClient } from '@aws-sdk/client-sts';
import type { Aws } from '../aws/clients.js';
import { AwsCallError, describeFailure } from '../aws/errors.js';
import { sh } from '../util/shell.js';
import { deactivateKey, deleteLoginProfile, manual, revokeRoleSessions, revokeUserSessions, type Action } from './actions.js';
import type { TrailRecord } from './events/source.js';
import type { AttackerCredential } from './investigate.js';

export interface KeyOwner {
  kind: 'user' | 'role' | 'root' | 'unknown';
  name?: string;
  arn?: string;
  /** Where the owner was learned: IAM (the key still exists) or CloudTrail (it does not). */
  source: 'iam' | 'cloudtrail' | 'none';
}

export interface Identification {
  subject: string;
  /** The account the key belongs to (GetAccessKeyInfo), when it is a key. */
  keyAccount?: string;
  callerAccount: string;
  callerArn: string;
  owner: KeyOwner;
  notes: string[];
}

const msg = (err: unknown) => (err instanceof AwsCallError ? describeFailure(err.failure) : String((err as Error)?.message ?? err));

/** The owner as a CloudTrail record names it. */
export function ownerFromRecord(r: TrailRecord): KeyOwner {
  const id = r.userIdentity ?? {};
  const issuer = id.sessionContext?.sessionIssuer;
  if (id.type === 'Root') return { kind: 'root', ...(id.arn ? { arn: id.arn } : {}), source: 'cloudtrail' };
  if (id.type === 'AssumedRole' && issuer?.userName) return { kind: 'role', name: issuer.userName, ...(issuer.arn ? { arn: issuer.arn } : {}), source: 'cloudtrail' };
  if (id.type === 'FederatedUser' && issuer?.userName) return { kind: 'user', name: issuer.userName, ...(issuer.arn ? { arn: issuer.arn } : {}), source: 'cloudtrail' };
  if (id.userName) return { kind: 'user', name: id.userName, ...(id.arn ? { arn: id.arn } : {}), source: 'cloudtrail' };
  return { kind: 'unknown', source: 'none' };
}

export async function identifyKey(aws: Aws, accessKeyId: string, firstEvent: () => Promise<TrailRecord | undefined>): Promise<Identification> {
  const g = aws.homeRegion;
  const isLongTerm = accessKeyId.startsWith('AKIA');
  const [info, caller, lastUsed] = await Promise.allSettled([
    aws.send(STSClient, g, new GetAccessKeyInfoCommand({ AccessKeyId: accessKeyId })),
    aws.whoAmI(g),
    isLongTerm ? aws.send(IAMClient, g, new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })) : Promise.reject(new Error('temporary credentials (ASIA) have no IAM owner record')),
  ]);
  if (caller.status === 'rejected') throw new Error(`cannot tell which account mamori is signed in to: ${msg(caller.reason)}`);
  const notes: string[] = [];
  const id: Identification = {
    subject: accessKeyId,
    callerAccount: caller.value.Account!,
    callerArn: caller.value.Arn!,
    owner: { kind: 'unknown', source: 'none' },
    notes,
  };
  if (info.status === 'fulfilled') id.keyAccount = info.value.Account;
  else notes.push(`sts:GetAccessKeyInfo failed (${msg(info.reason)}); assuming the key is from account ${id.callerAccount}`);
  if (id.keyAccount && id.keyAccount !== id.callerAccount) return id;
  if (lastUsed.status === 'fulfilled' && lastUsed.value.UserName) {
    const name: string = lastUsed.value.UserName;
    id.owner = name === 'root' || name === '<root_account>' ? { kind: 'root', source: 'iam' } : { kind: 'user', name, source: 'iam' };
    return id;
  }
  if (isLongTerm) notes.push(`IAM does not know the key any more (${lastUsed.status === 'rejected' ? msg(lastUsed.reason) : 'no user'}): it was deleted, possibly by the attacker; the owner is taken from CloudTrail`);
  const first = await firstEvent();
  if (first) id.owner = ownerFromRecord(first);
  else notes.push('no CloudTrail event made with the key was found: its owner is unknown');
  return id;
}

/** Whose user is it, and does it have a console password (for `respond user`). */
export async function identifyUser(aws: Aws, userName: string): Promise<Identification & { hasPassword: boolean }> {
  const g = aws.homeRegion;
  const [caller, user, login] = await Promise.allSettled([
    aws.whoAmI(g),
    aws.send(IAMClient, g, new GetUserCommand({ UserName: userName })),
    aws.send(IAMClient, g, new GetLoginProfileCommand({ UserName: userName })),
  ]);
  if (caller.status === 'rejected') throw new Error(`cannot tell which account mamori is signed in to: ${msg(caller.reason)}`);
  if (user.status === 'rejected') throw new Error(`user ${userName}: ${msg(user.reason)}`);
  const notFound = login.status === 'rejected' && login.reason instanceof AwsCallError && login.reason.failure.kind === 'not-found';
  if (login.status === 'rejected' && !notFound) throw new Error(`cannot read the console password of ${userName}: ${msg(login.reason)}`);
  return {
    subject: userName,
    callerAccount: caller.value.Account!,
    callerArn: caller.value.Arn!,
    owner: { kind: 'user', name: userName, arn: user.value.User?.Arn, source: 'iam' },
    notes: notFound ? [`${userName} has no console password (no login profile)`] : [],
    hasPassword: login.status === 'fulfilled',
  };
}

/**
 * The first containment plan. Deactivating the key stops it; the deny on
 * `aws:TokenIssueTime` stops every session minted before now — the sessions
 * obtained with GetSessionToken, and the federation tokens from
 * GetFederationToken, which survive the key's deactivation. Root cannot be
 * restricted by a policy: that case is manual.
 */
export function containKeyPlan(id: Identification, before: string): Action[] {
  const key = id.subject;
  const o = id.owner;
  const why = `the leaked credential ${key}`;
  if (o.kind === 'user' && o.name) {
    const actions: Action[] = [];
    if (key.startsWith('AKIA')) actions.push(deactivateKey(o.name, key, `${why}; deactivated, not deleted, so that it stays as evidence`));
    actions.push(revokeUserSessions(o.name, before, `sessions and federation tokens minted with ${key} outlive its deactivation`));
    return actions;
  }
  if (o.kind === 'role' && o.name) return [revokeRoleSessions(o.name, before, `${key} is a session of role ${o.name}; role sessions cannot be revoked one by one`)];
  if (o.kind === 'root')
    return [
      manual(`root-key:${key}`, 'global', `root access key ${key}`, `# sign in as root: IAM console > Security credentials > Access keys > Deactivate ${sh(key)}`, 'a root key cannot be deactivated or restricted by any other principal; root sessions cannot be revoked by policy'),
    ];
  return [manual(`unknown-owner:${key}`, 'global', `credential ${key}`, `aws iam get-access-key-last-used --access-key-id ${sh(key)}`, 'the owner of the credential could not be determined; find it and deactivate the key by hand')];
}

export function containUserPlan(userName: string, hasPassword: boolean, before: string): Action[] {
  return [
    ...(hasPassword ? [deleteLoginProfile(userName, 'the console password is compromised; IAM has no "disable" for a password — deleting the login profile is what the console\'s "Disable console access" does')] : []),
    revokeUserSessions(userName, before, 'console sessions opened with the password stay valid until revoked'),
  ];
}

/**
 * Containment for a credential found during investigation. The revocation
 * comes after the key's deactivation with its own cut-off, so that sessions
 * the key minted before it was stopped are revoked too.
 */
export function containFound(c: AttackerCredential, before: string): Action[] {
  const why = `${c.kind === 'access-key' ? 'created' : 'obtained'} by the attacker (${c.via ?? 'console'}${c.at ? ` at ${c.at}` : ''}${c.eventId ? `, event ${c.eventId}` : ''})`;
  if (c.kind === 'access-key' && c.userName)
    return [deactivateKey(c.userName, c.accessKeyId, why), revokeUserSessions(c.userName, before, `sessions minted with ${c.accessKeyId} before its deactivation`, c.accessKeyId)];
  if (c.kind === 'session' && c.roleArn) {
    const role = c.roleArn.split('/').pop()!;
    return [revokeRoleSessions(role, before, `the attacker assumed role ${role}: ${why}`)];
  }
  if (c.kind === 'session' && c.userName) return [revokeUserSessions(c.userName, before, `session ${c.accessKeyId} ${why}`)];
  return [];
}

/** The responder's own principal, from GetCallerIdentity's ARN and whether its credentials are a session. */
export interface Responder {
  kind: 'role' | 'user' | 'other';
  name?: string;
  session: boolean;
}

export function responderFrom(callerArn: string, hasSessionToken: boolean): Responder {
  const role = /:assumed-role\/([^/]+)\//.exec(callerArn);
  if (role) return { kind: 'role', name: role[1]!, session: true };
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(callerArn);
  if (user) return { kind: 'user', name: user[1]!, session: hasSessionToken };
  return { kind: 'other', session: hasSessionToken };
}

/**
 * A revocation that would cut off the responder's own session (responding
 * through the very role the attacker assumed) becomes a manual step: applied
 * mid-run it would deny every call that follows, the cleanup included.
 */
export function guardSelf(a: Action, me: Responder): Action {
  const own =
    (a.kind === 'revoke-role-sessions' && me.kind === 'role' && a.params.roleName === me.name) ||
    (a.kind === 'revoke-user-sessions' && me.kind === 'user' && me.session && a.params.userName === me.name);
  if (!own) return a;
  return manual(
    `self:${a.id}`,
    a.region,
    a.target,
    a.commands[0]!,
    `mamori runs as a session of this same ${a.kind === 'revoke-role-sessions' ? 'role' : 'user'}: revoking now would cut off the response itself. Finish with these credentials, then run the command from other credentials (or re-run respond from them)`,
  );
}

