import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { respond, RespondRefused } from '../../src/respond/playbook.js';
import { REVOKE_POLICY_NAME } from '../../src/respond/actions.js';
import { createFake, EXAMPLE_CREDENTIALS } from '../fake/index.js';
import { vulnerableAccount } from '../fake/seeds.js';
import { newAccessKeyId } from '../fake/services/iam.js';
import { LEAKED } from './helpers.js';

function setup() {
  const a = vulnerableAccount();
  const fake = createFake([a]);
  const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
  const db = openDatabase(':memory:');
  return { a, fake, aws, store: new ResponseStore(db), done: () => (aws.destroy(), db.close(), fake.uninstall()) };
}

describe('respond contain', () => {
  it('a session key of an assumed role: the role\'s older sessions are revoked, and that session stops working', async () => {
    const s = setup();
    try {
      s.fake.recordReadEvents = true; // the session is only ever seen reading
      const sts = new STSClient({ region: 'us-east-1', credentials: LEAKED });
      s.fake.clockOffsetMs = -5 * 60_000;
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.a.id}:role/OrganizationAccountAccessRole`, RoleSessionName: 'x' }));
      s.fake.clockOffsetMs = 0;
      const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
      const ec2 = new EC2Client({ region: 'eu-west-1', credentials: session });
      await ec2.send(new DescribeInstancesCommand({}));
      const r = await respond(s.aws, { subject: { kind: 'key', accessKeyId: session.accessKeyId }, contain: true, apply: false, store: s.store, regions: ['us-east-1', 'eu-west-1'] });
      assert.deepEqual([r.identification.owner.kind, r.identification.owner.name], ['role', 'OrganizationAccountAccessRole']);
      assert.deepEqual(r.contain.map((c) => [c.action.kind, c.outcome]), [['revoke-role-sessions', 'done']]);
      assert.ok(s.a.iam.roles.get('OrganizationAccountAccessRole')!.inline[REVOKE_POLICY_NAME]);
      await assert.rejects(ec2.send(new DescribeInstancesCommand({})), (e: Error) => e.name === 'UnauthorizedOperation');
      ec2.destroy();
      sts.destroy();
    } finally {
      s.done();
    }
  });

  it('a key of another account is refused before anything is changed', async () => {
    const s = setup();
    try {
      const before = new Map(s.fake.calls);
      await assert.rejects(
        respond(s.aws, { subject: { kind: 'key', accessKeyId: newAccessKeyId() }, contain: true, apply: true, store: s.store }),
        (e: Error) => e instanceof RespondRefused && /belongs to account \d{12}, but mamori is signed in to account 123456789012/.test(e.message),
      );
      assert.ok([...s.fake.callsSince(before).keys()].every((api) => /:(Get|Describe)/.test(api)));
    } finally {
      s.done();
    }
  });

  it('never revokes the responder\'s own session mid-run: that revocation becomes a manual step', async () => {
    const s = setup();
    try {
      const role = `arn:aws:iam::${s.a.id}:role/OrganizationAccountAccessRole`;
      // The attacker and the responder both work through the same role.
      s.fake.recordReadEvents = true;
      const attackerSts = new STSClient({ region: 'us-east-1', credentials: LEAKED });
      const stolen = await attackerSts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'a' }));
      const ec2 = new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: stolen.Credentials!.AccessKeyId!, secretAccessKey: 'x', sessionToken: 'y' } });
      await ec2.send(new DescribeInstancesCommand({}));
      const mine = await new STSClient({ region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS }).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'responder' }));
      const responder = new Aws({
        credentials: async () => ({ accessKeyId: mine.Credentials!.AccessKeyId!, secretAccessKey: mine.Credentials!.SecretAccessKey!, sessionToken: mine.Credentials!.SessionToken! }),
        region: 'us-east-1',
        maxAttempts: 1,
      });
      const r = await respond(responder, { subject: { kind: 'key', accessKeyId: stolen.Credentials!.AccessKeyId! }, contain: true, apply: false, store: s.store, regions: ['us-east-1', 'eu-west-1'] });
      assert.deepEqual(r.contain.map((c) => [c.action.kind, c.outcome]), [['manual', 'manual']]);
      assert.match(r.contain[0]!.action.why, /cut off the response itself/);
      assert.equal(s.a.iam.roles.get('OrganizationAccountAccessRole')!.inline[REVOKE_POLICY_NAME], undefined);
      responder.destroy();
      attackerSts.destroy();
      ec2.destroy();
    } finally {
      s.done();
    }
  });
});

