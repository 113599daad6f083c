/**
 * The brief's attack, played against the fake with the real SDK clients and
 * the leaked key's credentials, so that every call lands in the fake's
 * CloudTrail history exactly as the attacker made it. The fake's clock is set
 * back while the attacker acts: the events are an hour old when respond runs.
 */
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyPairCommand, CreateSecurityGroupCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { FakeAws } from './fake.js';
import { ALL_REGIONS, type FakeAccount } from './state.js';
import { addCustomerPolicy } from './seeds.js';

export const LEAKED_USER = 'dev-poweruser';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AttackOutcome {
  leakedKey: string;
  secondKey: Creds;
  session: Creds;
  regions: string[];
  instancesPerRegion: number;
  createUserError: string;
  securityGroup: { region: string; id: string };
}

export const ENABLED_REGIONS = ALL_REGIONS.filter(([, o]) => o !== 'not-opted-in').map(([r]) => r);

/**
 * PowerUserAccess alone cannot create access keys; the brief's key could, as a
 * user allowed to manage its own keys (a common self-service policy) can.
 */
export function allowSelfServiceKeys(a: FakeAccount, user = LEAKED_USER): void {
  const arn = addCustomerPolicy(a, 'ManageOwnAccessKeys', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' }],
  });
  a.iam.users.get(user)!.attached.push(arn);
}

const cfg = (region: string, credentials: Creds) => ({ region, credentials });

export async function playBriefAttack(
  fake: FakeAws,
  leaked: Creds,
  o: {
    regions?: string[];
    instancesPerRegion?: number;
    minutesAgo?: number;
    instanceType?: string;
    /** The brief's attacker deleted the leaked key; false keeps it (benchmarks time its deactivation). */
    deleteLeaked?: boolean;
    /** DescribeInstances polls per region, as mining scripts make: more events, more LookupEvents pages. */
    polls?: number;
  } = {},
): Promise<AttackOutcome> {
  const regions = o.regions ?? ENABLED_REGIONS;
  const n = o.instancesPerRegion ?? 20;
  const savedOffset = fake.clockOffsetMs;
  const savedReads = fake.recordReadEvents;
  fake.clockOffsetMs = -(o.minutesAgo ?? 60) * 60_000;
  // The attacker's reads (GetCallerIdentity, polling) belong in its timeline.
  fake.recordReadEvents = true;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(c: T) => (clients.push(c), c);
  try {
    await track(new STSClient(cfg('us-east-1', leaked))).send(new GetCallerIdentityCommand({}));
    const iam1 = track(new IAMClient(cfg('us-east-1', leaked)));
    const created = await iam1.send(new CreateAccessKeyCommand({}));
    const second: Creds = { accessKeyId: created.AccessKey!.AccessKeyId!, secretAccessKey: created.AccessKey!.SecretAccessKey! };
    const iam2 = track(new IAMClient(cfg('us-east-1', second)));
    if (o.deleteLeaked ?? true) await iam2.send(new DeleteAccessKeyCommand({ AccessKeyId: leaked.accessKeyId }));
    let createUserError = '';
    try {
      await iam2.send(new CreateUserCommand({ UserName: 'backup-admin' }));
    } catch (e) {
      createUserError = (e as Error).name;
    }
    const tokens = await track(new STSClient(cfg('us-east-1', second))).send(new GetSessionTokenCommand({}));
    const session: Creds = { accessKeyId: tokens.Credentials!.AccessKeyId!, secretAccessKey: tokens.Credentials!.SecretAccessKey!, sessionToken: tokens.Credentials!.SessionToken! };
    await Promise.all(
      regions.map(async (region) => {
        const ec2 = track(new EC2Client(cfg(region, second)));
        // A script goes on when the name is taken: the existing key pair of that name is used.
        await ec2.send(new CreateKeyPairCommand({ KeyName: 'miner' })).catch(() => undefined);
        await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', InstanceType: (o.instanceType ?? 'm5.24xlarge') as any, MinCount: n, MaxCount: n, KeyName: 'miner' }));
        for (let i = 0; i < (o.polls ?? 0); i++) await ec2.send(new DescribeInstancesCommand({}));
      }),
    );
    const sgRegion = regions[regions.length - 1]!;
    const sg = await track(new EC2Client(cfg(sgRegion, session))).send(new CreateSecurityGroupCommand({ GroupName: 'open-all', Description: 'x' }));
    return { leakedKey: leaked.accessKeyId, secondKey: second, session, regions, instancesPerRegion: n, createUserError, securityGroup: { region: sgRegion, id: sg.GroupId! } };
  } finally {
    fake.clockOffsetMs = savedOffset;
    fake.recordReadEvents = savedReads;
    for (const c of clients) c.destroy();
  }
}
