/**
 * Every change respond makes is an Action: planned first (printed with the
 * equivalent AWS CLI command), carried out only with --contain/--apply, and
 * checked before and after so that it is idempotent — an action whose effect
 * is already there is recorded as such and not repeated.
 */
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Aws } from '../aws/clients.js';
import { AwsCallError } from '../aws/errors.js';
import { sh } from '../util/shell.js';

export type ActionKind =
  | 'deactivate-access-key'
  | 'revoke-user-sessions'
  | 'revoke-role-sessions'
  | 'delete-login-profile'
  | 'terminate-instances'
  | 'delete-security-group'
  | 'delete-key-pair'
  | 'delete-access-key'
  | 'delete-user-policy'
  | 'detach-user-policy'
  | 'delete-user'
  | 'manual';

export interface Action {
  /** Stable across runs, so a resumed run recognises what it already did. */
  id: string;
  stage: 'contain' | 'eradicate';
  kind: ActionKind;
  region: string;
  /** What it acts on, for people: "user dev-poweruser", "20 instances". */
  target: string;
  params: Record<string, any>;
  /** Why it is in the plan: which attacker credential and event make it the attacker's. */
  why: string;
  /** The same change as AWS CLI commands, names quoted. */
  commands: string[];
}

/** The state an action observes before and after, recorded in the audit log. */
export type Observed = Record<string, unknown>;

/** A write made while carrying out an action: the audit log keeps one line per call. */
export type CallLog = (api: string, target: string) => void;

interface Executor {
  /** Reads the current state (no write). */
  observe(aws: Aws, a: Action): Promise<Observed>;
  /** Whether the observed state already is the action's effect. */
  done(state: Observed, a: Action): boolean;
  run(aws: Aws, a: Action, log: CallLog): Promise<void>;
}

/** The name of the inline deny policy; one per principal, overwritten with a later time. */
export const REVOKE_POLICY_NAME = 'mamori-revoke-older-sessions';

/** The AWSRevokeOlderSessions pattern: deny everything to credentials issued before `before`. */
export function revokePolicy(before: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
  });
}

const code = (err: unknown) => (err instanceof AwsCallError ? err.failure.code : '');
const notFound = (err: unknown) => err instanceof AwsCallError && (err.failure.kind === 'not-found' || /NotFound/.test(err.failure.code));

async function absentOn<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}

/**
 * The cut-off written into the deny: the moment the policy is put, never
 * earlier than planned. A key deactivated just before is then covered for
 * every session it minted up to its deactivation.
 */
function revokeAt(a: Action): string {
  const now = new Date().toISOString();
  return now > a.params.before ? now : a.params.before;
}

function revokeTime(doc: string | undefined): string | undefined {
  if (!doc) return undefined;
  try {
    const d = JSON.parse(decodeURIComponent(doc));
    const s = (Array.isArray(d.Statement) ? d.Statement : [d.Statement])[0];
    return s?.Condition?.DateLessThan?.['aws:TokenIssueTime'];
  } catch {
    return undefined;
  }
}

async function keyStatus(aws: Aws, userName: string, keyId: string): Promise<Observed> {
  const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new ListAccessKeysCommand({ UserName: userName })));
  if (!out) return { user: 'absent', key: 'absent' };
  const k = (out.AccessKeyMetadata ?? []).find((k: any) => k.AccessKeyId === keyId);
  return { key: k ? k.Status : 'absent' };
}

const EXECUTORS: Record<Exclude<ActionKind, 'manual'>, Executor> = {
  'deactivate-access-key': {
    observe: (aws, a) => keyStatus(aws, a.params.userName, a.params.accessKeyId),
    done: (s) => s.key === 'Inactive' || s.key === 'absent',
    async run(aws, a, log) {
      log('iam:UpdateAccessKey', a.params.accessKeyId);
      await aws.send(IAMClient, aws.homeRegion, new UpdateAccessKeyCommand({ UserName: a.params.userName, AccessKeyId: a.params.accessKeyId, Status: 'Inactive' }));
    },
  },
  'revoke-user-sessions': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new GetUserPolicyCommand({ UserName: a.params.userName, PolicyName: REVOKE_POLICY_NAME })));
      return { revokedBefore: revokeTime(out?.PolicyDocument) ?? 'none' };
    },
    done: (s, a) => s.revokedBefore !== 'none' && String(s.revokedBefore) >= a.params.before,
    async run(aws, a, log) {
      log('iam:PutUserPolicy', a.params.userName);
      await aws.send(IAMClient, aws.homeRegion, new PutUserPolicyCommand({ UserName: a.params.userName, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: revokePolicy(revokeAt(a)) }));
    },
  },
  'revoke-role-sessions': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new GetRolePolicyCommand({ RoleName: a.params.roleName, PolicyName: REVOKE_POLICY_NAME })));
      return { revokedBefore: revokeTime(out?.PolicyDocument) ?? 'none' };
    },
    done: (s, a) => s.revokedBefore !== 'none' && String(s.revokedBefore) >= a.params.before,
    async run(aws, a, log) {
      log('iam:PutRolePolicy', a.params.roleName);
      await aws.send(IAMClient, aws.homeRegion, new PutRolePolicyCommand({ RoleName: a.params.roleName, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: revokePolicy(revokeAt(a)) }));
    },
  },
  'delete-login-profile': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new GetLoginProfileCommand({ UserName: a.params.userName })));
      return { loginProfile: out ? 'present' : 'absent' };
    },
    done: (s) => s.loginProfile === 'absent',
    async run(aws, a, log) {
      log('iam:DeleteLoginProfile', a.params.userName);
      await aws.send(IAMClient, aws.homeRegion, new DeleteLoginProfileCommand({ UserName: a.params.userName }));
    },
  },
  'terminate-instances': {
    async observe(aws, a) {
      const ids: string[] = a.params.instanceIds;
      const states: Record<string, string> = Object.fromEntries(ids.map((id) => [id, 'absent']));
      for (let i = 0; i < ids.length; i += 200) {
        for await (const page of aws.pages<any>(
          EC2Client,
          a.region,
          (t) => new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids.slice(i, i + 200) }], ...(t ? { NextToken: t } : {}) }),
          (o) => o.NextToken,
        ))
          for (const r of page.Reservations ?? [])
            for (const inst of r.Instances ?? [])
              // Only the planned ids, whatever the answer holds: an endpoint that ignored the
              // filter must never put someone else's instance into the terminate call.
              if (inst.InstanceId in states) states[inst.InstanceId] = `${inst.State?.Name ?? 'unknown'}${inst.StateTransitionReason ? ` (${inst.StateTransitionReason})` : ''}`;
      }
      return { instances: states };
    },
    done: (s) => Object.values(s.instances as Record<string, string>).every((v) => v === 'absent' || /^(terminated|shutting-down)/.test(v)),
    async run(aws, a, log) {
      const before = (await this.observe(aws, a)).instances as Record<string, string>;
      const live = Object.entries(before).filter(([, v]) => v !== 'absent' && !/^(terminated|shutting-down)/.test(v)).map(([id]) => id);
      for (let i = 0; i < live.length; i += 1000) {
        log('ec2:TerminateInstances', `${live.slice(i, i + 1000).length} instances`);
        await aws.send(EC2Client, a.region, new TerminateInstancesCommand({ InstanceIds: live.slice(i, i + 1000) }));
      }
    },
  },
  'delete-security-group': {
    async observe(aws, a) {
      try {
        const out = await aws.send(EC2Client, a.region, new DescribeSecurityGroupsCommand({ GroupIds: [a.params.groupId] }));
        return { group: (out.SecurityGroups ?? []).some((g: any) => g.GroupId === a.params.groupId) ? 'present' : 'absent' };
      } catch (err) {
        if (/InvalidGroup\.NotFound/.test(code(err))) return { group: 'absent' };
        // Unknown is not absent: the delete is still attempted, and its NotFound answer settles it.
        if (err instanceof AwsCallError && err.failure.kind !== 'access-denied') return { group: 'unknown' };
        throw err;
      }
    },
    done: (s) => s.group === 'absent',
    async run(aws, a, log) {
      log('ec2:DeleteSecurityGroup', a.params.groupId);
      try {
        await aws.send(EC2Client, a.region, new DeleteSecurityGroupCommand({ GroupId: a.params.groupId }));
      } catch (err) {
        if (!/InvalidGroup\.NotFound/.test(code(err))) throw err;
      }
    },
  },
  'delete-key-pair': {
    async observe(aws, a) {
      const out = await aws.send(EC2Client, a.region, new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-pair-id', Values: [a.params.keyPairId] }] }));
      return { keyPair: (out.KeyPairs ?? []).some((k: any) => k.KeyPairId === a.params.keyPairId) ? 'present' : 'absent' };
    },
    done: (s) => s.keyPair === 'absent',
    async run(aws, a, log) {
      log('ec2:DeleteKeyPair', a.params.keyPairId);
      // By id, not name: a key pair of the same name made later by someone else is not the attacker's.
      await aws.send(EC2Client, a.region, new DeleteKeyPairCommand({ KeyPairId: a.params.keyPairId }));
    },
  },
  'delete-access-key': {
    observe: (aws, a) => keyStatus(aws, a.params.userName, a.params.accessKeyId),
    done: (s) => s.key === 'absent',
    async run(aws, a, log) {
      log('iam:DeleteAccessKey', a.params.accessKeyId);
      await aws.send(IAMClient, aws.homeRegion, new DeleteAccessKeyCommand({ UserName: a.params.userName, AccessKeyId: a.params.accessKeyId }));
    },
  },
  'delete-user-policy': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new GetUserPolicyCommand({ UserName: a.params.userName, PolicyName: a.params.policyName })));
      return { policy: out ? 'present' : 'absent' };
    },
    done: (s) => s.policy === 'absent',
    async run(aws, a, log) {
      log('iam:DeleteUserPolicy', `${a.params.userName}/${a.params.policyName}`);
      await aws.send(IAMClient, aws.homeRegion, new DeleteUserPolicyCommand({ UserName: a.params.userName, PolicyName: a.params.policyName }));
    },
  },
  'detach-user-policy': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new ListAttachedUserPoliciesCommand({ UserName: a.params.userName })));
      return { attached: (out?.AttachedPolicies ?? []).some((p: any) => p.PolicyArn === a.params.policyArn) ? 'yes' : 'no' };
    },
    done: (s) => s.attached === 'no',
    async run(aws, a, log) {
      log('iam:DetachUserPolicy', `${a.params.userName} ${a.params.policyArn}`);
      await aws.send(IAMClient, aws.homeRegion, new DetachUserPolicyCommand({ UserName: a.params.userName, PolicyArn: a.params.policyArn }));
    },
  },
  /** A user the attacker created, with everything hanging off it (IAM refuses DeleteUser otherwise). */
  'delete-user': {
    async observe(aws, a) {
      const out = await absentOn(aws.send(IAMClient, aws.homeRegion, new GetUserCommand({ UserName: a.params.userName })));
      return { user: out ? 'present' : 'absent' };
    },
    done: (s) => s.user === 'absent',
    async run(aws, a, log) {
      const u = a.params.userName as string;
      const g = aws.homeRegion;
      const keys = await aws.send(IAMClient, g, new ListAccessKeysCommand({ UserName: u }));
      for (const k of keys.AccessKeyMetadata ?? []) {
        log('iam:DeleteAccessKey', `${u} ${k.AccessKeyId}`);
        await aws.send(IAMClient, g, new DeleteAccessKeyCommand({ UserName: u, AccessKeyId: k.AccessKeyId }));
      }
      if (await absentOn(aws.send(IAMClient, g, new GetLoginProfileCommand({ UserName: u })))) {
        log('iam:DeleteLoginProfile', u);
        await aws.send(IAMClient, g, new DeleteLoginProfileCommand({ UserName: u }));
      }
      for (const name of (await aws.send(IAMClient, g, new ListUserPoliciesCommand({ UserName: u }))).PolicyNames ?? []) {
        log('iam:DeleteUserPolicy', `${u}/${name}`);
        await aws.send(IAMClient, g, new DeleteUserPolicyCommand({ UserName: u, PolicyName: name }));
      }
      for (const p of (await aws.send(IAMClient, g, new ListAttachedUserPoliciesCommand({ UserName: u }))).AttachedPolicies ?? []) {
        log('iam:DetachUserPolicy', `${u} ${p.PolicyArn}`);
        await aws.send(IAMClient, g, new DetachUserPolicyCommand({ UserName: u, PolicyArn: p.PolicyArn }));
      }
      for (const grp of (await aws.send(IAMClient, g, new ListGroupsForUserCommand({ UserName: u }))).Groups ?? []) {
        log('iam:RemoveUserFromGroup', `${u} ${grp.GroupName}`);
        await aws.send(IAMClient, g, new RemoveUserFromGroupCommand({ UserName: u, GroupName: grp.GroupName }));
      }
      log('iam:DeleteUser', u);
      await aws.send(IAMClient, g, new DeleteUserCommand({ UserName: u }));
    },
  },
};

export function executorFor(kind: ActionKind): Executor | undefined {
  return kind === 'manual' ? undefined : EXECUTORS[kind];
}

// ---- constructors: one per kind, each with its CLI equivalent ----

export function deactivateKey(userName: string, accessKeyId: string, why: string): Action {
  return {
    id: `deactivate-access-key:${accessKeyId}`,
    stage: 'contain',
    kind: 'deactivate-access-key',
    region: 'global',
    target: `access key ${accessKeyId} of user ${userName}`,
    params: { userName, accessKeyId },
    why,
    commands: [`aws iam update-access-key --user-name ${sh(userName)} --access-key-id ${sh(accessKeyId)} --status Inactive`],
  };
}

/** `after`: the credential whose deactivation this revocation follows (a new revocation with a later cut-off). */
export function revokeUserSessions(userName: string, before: string, why: string, after?: string): Action {
  return {
    id: `revoke-user-sessions:${userName}${after ? `:after:${after}` : ''}`,
    stage: 'contain',
    kind: 'revoke-user-sessions',
    region: 'global',
    target: `sessions of user ${userName} issued before ${before}`,
    params: { userName, before },
    why,
    commands: [`aws iam put-user-policy --user-name ${sh(userName)} --policy-name ${REVOKE_POLICY_NAME} --policy-document ${sh(revokePolicy(before))}`],
  };
}

export function revokeRoleSessions(roleName: string, before: string, why: string, after?: string): Action {
  return {
    id: `revoke-role-sessions:${roleName}${after ? `:after:${after}` : ''}`,
    stage: 'contain',
    kind: 'revoke-role-sessions',
    region: 'global',
    target: `sessions of role ${roleName} issued before ${before}`,
    params: { roleName, before },
    why,
    commands: [`aws iam put-role-policy --role-name ${sh(roleName)} --policy-name ${REVOKE_POLICY_NAME} --policy-document ${sh(revokePolicy(before))}`],
  };
}

/** Containment for a compromised password, or cleanup of a password the attacker created. */
export function deleteLoginProfile(userName: string, why: string, stage: Action['stage'] = 'contain'): Action {
  return {
    id: `delete-login-profile:${userName}`,
    stage,
    kind: 'delete-login-profile',
    region: 'global',
    target: `console password of user ${userName}`,
    params: { userName },
    why,
    commands: [`aws iam delete-login-profile --user-name ${sh(userName)}`],
  };
}

export function terminateInstances(region: string, instanceIds: string[], why: string): Action {
  return {
    id: `terminate-instances:${region}:${[...instanceIds].sort().join(',')}`,
    stage: 'eradicate',
    kind: 'terminate-instances',
    region,
    target: `${instanceIds.length} instance(s) in ${region}`,
    params: { instanceIds },
    why,
    commands: [`aws ec2 terminate-instances --region ${sh(region)} --instance-ids ${instanceIds.map(sh).join(' ')}`],
  };
}

export function deleteSecurityGroup(region: string, groupId: string, name: string | undefined, why: string): Action {
  return {
    id: `delete-security-group:${region}:${groupId}`,
    stage: 'eradicate',
    kind: 'delete-security-group',
    region,
    target: `security group ${groupId}${name ? ` (${name})` : ''} in ${region}`,
    params: { groupId },
    why,
    commands: [`aws ec2 delete-security-group --region ${sh(region)} --group-id ${sh(groupId)}`],
  };
}

export function deleteKeyPair(region: string, keyPairId: string, name: string | undefined, why: string): Action {
  return {
    id: `delete-key-pair:${region}:${keyPairId}`,
    stage: 'eradicate',
    kind: 'delete-key-pair',
    region,
    target: `key pair ${name ?? keyPairId} (${keyPairId}) in ${region}`,
    params: { keyPairId, ...(name ? { keyName: name } : {}) },
    why,
    commands: [`aws ec2 delete-key-pair --region ${sh(region)} --key-pair-id ${sh(keyPairId)}`],
  };
}

export function deleteAccessKey(userName: string, accessKeyId: string, why: string): Action {
  return {
    id: `delete-access-key:${accessKeyId}`,
    stage: 'eradicate',
    kind: 'delete-access-key',
    region: 'global',
    target: `access key ${accessKeyId} of user ${userName}`,
    params: { userName, accessKeyId },
    why,
    commands: [`aws iam delete-access-key --user-name ${sh(userName)} --access-key-id ${sh(accessKeyId)}`],
  };
}

export function deleteUserPolicy(userName: string, policyName: string, why: string): Action {
  return {
    id: `delete-user-policy:${userName}/${policyName}`,
    stage: 'eradicate',
    kind: 'delete-user-policy',
    region: 'global',
    target: `inline policy ${policyName} of user ${userName}`,
    params: { userName, policyName },
    why,
    commands: [`aws iam delete-user-policy --user-name ${sh(userName)} --policy-name ${sh(policyName)}`],
  };
}

export function detachUserPolicy(userName: string, policyArn: string, why: string): Action {
  return {
    id: `detach-user-policy:${userName}/${policyArn}`,
    stage: 'eradicate',
    kind: 'detach-user-policy',
    region: 'global',
    target: `policy ${policyArn} attached to user ${userName}`,
    params: { userName, policyArn },
    why,
    commands: [`aws iam detach-user-policy --user-name ${sh(userName)} --policy-arn ${sh(policyArn)}`],
  };
}

export function deleteUser(userName: string, why: string): Action {
  const u = sh(userName);
  return {
    id: `delete-user:${userName}`,
    stage: 'eradicate',
    kind: 'delete-user',
    region: 'global',
    target: `user ${userName} with its keys, password, policies and group memberships`,
    params: { userName },
    why,
    commands: [
      `aws iam list-access-keys --user-name ${u}   # then: aws iam delete-access-key --user-name ${u} --access-key-id <id> for each`,
      `aws iam delete-login-profile --user-name ${u}`,
      `aws iam list-user-policies --user-name ${u}   # then: aws iam delete-user-policy --user-name ${u} --policy-name <name> for each`,
      `aws iam list-attached-user-policies --user-name ${u}   # then: aws iam detach-user-policy --user-name ${u} --policy-arn <arn> for each`,
      `aws iam list-groups-for-user --user-name ${u}   # then: aws iam remove-user-from-group --user-name ${u} --group-name <group> for each`,
      `aws iam delete-user --user-name ${u}`,
    ],
  };
}

/** A resource mamori found but has no cleanup executor for: listed with the command to run by hand. */
export function manual(id: string, region: string, target: string, command: string, why: string): Action {
  return { id: `manual:${id}`, stage: 'eradicate', kind: 'manual', region, target, params: {}, why, commands: [command] };
}
