import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { respond, type RespondResult } from '../../src/respond/playbook.js';
import { REVOKE_POLICY_NAME } from '../../src/respond/actions.js';
import { createFake, EXAMPLE_CREDENTIALS, type FakeAws } from '../fake/index.js';
import { credentialState } from '../fake/identity.js';
import { sessionKeyId } from '../fake/services/sts.js';
import { awsManagedArn } from '../../src/scan/iam/managed-policies.js';
import { key, vulnerableAccount } from '../fake/seeds.js';
import type { FakeAccount } from '../fake/state.js';
import { instancesIn } from './helpers.js';

describe('respond user: a stolen console password', () => {
  let fake: FakeAws;
  let a: FakeAccount;
  let result: RespondResult;
  let stolen: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  let legitInstance: string;
  let attackerInstances: string[];
  let sessionErrorAfter = '';
  const cleanup: (() => void)[] = [];

  before(async () => {
    a = vulnerableAccount();
    const alice = a.iam.users.get('alice')!;
    alice.keys.push(key('alicework', 30));
    fake = createFake([a]);
    // The attacker's console session: temporary credentials of alice, as the console uses.
    const issued = new Date(Date.now() - 40 * 60_000);
    stolen = { accessKeyId: sessionKeyId(), secretAccessKey: 'x', sessionToken: 'y' };
    credentialState(a).sessions.set(stolen.accessKeyId, { accessKeyId: stolen.accessKeyId, user: 'alice', issued, expires: new Date(Date.now() + 3600_000) });
    fake.clockOffsetMs = -30 * 60_000;
    const iam = new IAMClient({ region: 'us-east-1', credentials: stolen });
    await iam.send(new CreateUserCommand({ UserName: 'support-backup' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'support-backup' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'support-backup', Password: 'Attacker-Chosen-1!' })); // mamori:allow the simulated attacker's password in the fake
    await iam.send(new AttachUserPolicyCommand({ UserName: 'support-backup', PolicyArn: awsManagedArn('AdministratorAccess') }));
    const ec2 = new EC2Client({ region: 'us-west-2', credentials: stolen });
    const out = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0ccccccccccccccc0', InstanceType: 'c5.24xlarge', MinCount: 2, MaxCount: 2 }));
    attackerInstances = out.Instances!.map((i) => i.InstanceId!);
    // alice's own work with her own key, in the same window and region
    const work = new EC2Client({ region: 'us-west-2', credentials: { accessKeyId: alice.keys[0]!.id, secretAccessKey: 'z' } });
    legitInstance = (await work.send(new RunInstancesCommand({ ImageId: 'ami-0dddddddddddddddd', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
    fake.clockOffsetMs = 0;
    cleanup.push(() => iam.destroy(), () => ec2.destroy(), () => work.destroy());

    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    const db = openDatabase(':memory:');
    cleanup.push(() => aws.destroy(), () => db.close());
    result = await respond(aws, { subject: { kind: 'user', userName: 'alice' }, contain: true, apply: true, store: new ResponseStore(db), regions: ['us-east-1', 'us-west-2'] });
    try {
      await ec2.send(new DescribeInstancesCommand({}));
    } catch (e) {
      sessionErrorAfter = (e as Error).name;
    }
  });
  after(() => {
    for (const c of cleanup) c();
    fake.uninstall();
  });

  it('removes the stolen password and revokes the sessions', () => {
    const alice = a.iam.users.get('alice')!;
    assert.equal(alice.password, undefined);
    assert.ok(alice.inline[REVOKE_POLICY_NAME]);
    assert.equal(sessionErrorAfter, 'UnauthorizedOperation');
    assert.equal(alice.keys[0]!.status, 'Active', 'alice\'s own key is not the stolen credential: left to rotation');
  });

  it('attributes what the stolen session did, not what alice did with her own key', () => {
    const inv = result.investigation;
    const attributed = inv.timeline.filter((e) => e.attributed).map((e) => e.api);
    assert.ok(attributed.includes('iam:CreateUser') && attributed.includes('ec2:RunInstances'));
    const own = inv.timeline.filter((e) => !e.attributed);
    assert.equal(own.length, 1);
    assert.equal(own[0]!.api, 'ec2:RunInstances');
    assert.deepEqual(inv.created.filter((c) => c.type === 'ec2:instance').map((c) => c.id).sort(), [...attackerInstances].sort());
  });

  it('deletes the backdoor user with its key, password and policy; terminates only the attacker\'s instances', () => {
    assert.ok(!a.iam.users.has('support-backup'));
    const states = Object.fromEntries(instancesIn(a, 'us-west-2').map((i) => [i.id, i.state]));
    for (const id of attackerInstances) assert.equal(states[id], 'terminated');
    assert.equal(states[legitInstance], 'running');
    assert.ok(result.eradicate.every((x) => x.outcome === 'done'), result.eradicate.map((x) => `${x.action.id}:${x.outcome}:${x.error}`).join('\n'));
  });

  it('contains the key the attacker made for the backdoor user as soon as it is found', () => {
    const c = result.contain.find((x) => x.action.kind === 'deactivate-access-key');
    assert.equal(c?.outcome, 'done');
    assert.equal((c?.after as any).key, 'Inactive');
  });
});
