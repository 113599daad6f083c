import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { respond } from '../../src/respond/playbook.js';
import { awsManagedArn } from '../../src/scan/iam/managed-policies.js';
import { createFake, EXAMPLE_CREDENTIALS } from '../fake/index.js';
import { exampleKeyId, vulnerableAccount } from '../fake/seeds.js';
import { instancesIn } from './helpers.js';

describe('respond key: an admin key leaks and the attacker plants IAM backdoors', () => {
  it('follows the backdoor user\'s key, removes the backdoors, leaves the existing users themselves alone', async () => {
    const a = vulnerableAccount();
    const fake = createFake([a]);
    // The intern's "ReadOnlyHelper" allows everything: an administrator key.
    const leaked = { accessKeyId: exampleKeyId('intern'), secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const admin = awsManagedArn('AdministratorAccess');
    fake.clockOffsetMs = -20 * 60_000;
    const iam = new IAMClient({ region: 'us-east-1', credentials: leaked });
    await iam.send(new CreateUserCommand({ UserName: 'svc-metrics' }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-metrics' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'svc-metrics', PolicyArn: admin }));
    // Backdoors on an existing user: a console password, an inline policy, an attached policy.
    await iam.send(new CreateLoginProfileCommand({ UserName: 'legacy-backup', Password: 'Attacker-Chosen-1!' })); // mamori:allow the simulated attacker's password in the fake
    await iam.send(new PutUserPolicyCommand({ UserName: 'legacy-backup', PolicyName: 'ops', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'legacy-backup', PolicyArn: admin }));
    const backdoorKey = { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    const ec2 = new EC2Client({ region: 'ap-south-1', credentials: backdoorKey });
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0eeeeeeeeeeeeeeee', InstanceType: 'p3.16xlarge', MinCount: 3, MaxCount: 3 }));
    fake.clockOffsetMs = 0;
    iam.destroy();
    ec2.destroy();

    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    const db = openDatabase(':memory:');
    try {
      const r = await respond(aws, { subject: { kind: 'key', accessKeyId: leaked.accessKeyId }, contain: true, apply: true, store: new ResponseStore(db), regions: ['us-east-1', 'ap-south-1'] });
      assert.deepEqual(r.investigation.credentials.map((c) => [c.accessKeyId, c.kind]), [[leaked.accessKeyId, 'leaked'], [backdoorKey.accessKeyId, 'access-key']]);
      assert.deepEqual(r.investigation.users, ['svc-metrics']);
      assert.ok(r.eradicate.every((x) => x.outcome === 'done'), r.eradicate.map((x) => `${x.action.id}:${x.outcome}:${x.error}`).join('\n'));
      // the backdoor user is gone with its key and policy
      assert.ok(!a.iam.users.has('svc-metrics'));
      // the existing user stays, stripped of what the attacker added, its own policy and key kept
      const legacy = a.iam.users.get('legacy-backup')!;
      assert.equal(legacy.password, undefined);
      assert.deepEqual(Object.keys(legacy.inline), ['backup']);
      assert.deepEqual(legacy.attached, []);
      assert.equal(legacy.keys.length, 1);
      for (const i of run.Instances!) assert.equal(instancesIn(a, 'ap-south-1').find((x) => x.id === i.InstanceId)?.state, 'terminated');
      const cost = r.cost.lines.find((l) => l.instanceType === 'p3.16xlarge')!;
      assert.equal(cost.pricePerHour, 24.48);
      // the leaked key itself: Inactive, kept as evidence
      assert.equal(a.iam.users.get('intern')!.keys[0]!.status, 'Inactive');
    } finally {
      aws.destroy();
      db.close();
      fake.uninstall();
    }
  });
});
