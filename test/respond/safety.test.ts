import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateKeyPairCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { respond } from '../../src/respond/playbook.js';
import { ec2State, seedInstance } from '../fake/services/ec2-respond.js';
import { Aws } from '../../src/aws/clients.js';
import { openDatabase } from '../../src/store/store.js';
import { ResponseStore } from '../../src/store/responses.js';
import { createFake, EXAMPLE_CREDENTIALS, FakeAws, SERVICES } from '../fake/index.js';
import type { FakeService } from '../fake/fake.js';
import { ec2Service } from '../fake/services/ec2.js';
import { exampleKeyId, vulnerableAccount } from '../fake/seeds.js';
import { allowSelfServiceKeys, playBriefAttack } from '../fake/attack.js';
import { briefScene, instancesIn, LEAKED, writesSince } from './helpers.js';

const REGIONS = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];

describe('respond safety', () => {
  it('a run that fails halfway is resumed without repeating what was done', async () => {
    const s = await briefScene({ regions: REGIONS, instancesPerRegion: 3 });
    try {
      s.fake.fail({ api: 'ec2:TerminateInstances', region: 'eu-west-1', code: 'InternalError', status: 500, times: 1 });
      s.fake.fail({ api: 'ec2:DeleteKeyPair', region: 'ap-northeast-1', code: 'InternalError', status: 500, times: 1 });
      const subject = { kind: 'key' as const, accessKeyId: s.attack.leakedKey };
      const first = await respond(s.aws, { subject, contain: true, apply: true, store: s.store, regions: REGIONS });
      const failed = first.eradicate.filter((a) => a.outcome === 'failed').map((a) => a.action.id.split(':').slice(0, 2).join(':'));
      assert.deepEqual(failed.sort(), ['delete-key-pair:ap-northeast-1', 'terminate-instances:eu-west-1']);
      assert.ok(instancesIn(s.account, 'eu-west-1').some((i) => i.type === 'm5.24xlarge' && i.state === 'running'), 'eu-west-1 left running by the failure');

      const c0 = new Map(s.fake.calls);
      const second = await respond(s.aws, { subject, contain: true, apply: true, store: s.store, regions: REGIONS });
      assert.equal(second.incidentId, first.incidentId);
      assert.deepEqual([...writesSince(s.fake, c0)].sort(), [['ec2:DeleteKeyPair', 1], ['ec2:TerminateInstances', 1]]);
      assert.equal(second.eradicate.filter((a) => a.outcome === 'done').length, 2);
      assert.ok(second.eradicate.filter((a) => a.outcome !== 'done').every((a) => a.outcome === 'resumed'));
      for (const r of REGIONS) assert.ok(instancesIn(s.account, r).filter((i) => i.type === 'm5.24xlarge').every((i) => i.state === 'terminated'));
      const attempts = s.store.actions(first.incidentId).filter((a) => a.attempts > 1).map((a) => a.kind).sort();
      assert.deepEqual(attempts, ['delete-key-pair', 'terminate-instances']);
    } finally {
      s.done();
    }
  });

  it('a cleanup that is not confirmed stays a plan, while containment has already run', async () => {
    const s = await briefScene({ regions: ['us-east-1'], instancesPerRegion: 2 });
    try {
      const c0 = new Map(s.fake.calls);
      let shown: string[] = [];
      const r = await respond(s.aws, {
        subject: { kind: 'key', accessKeyId: s.attack.leakedKey },
        contain: false,
        apply: true,
        store: s.store,
        regions: ['us-east-1'],
        confirmCleanup: async (plan) => ((shown = plan.map((a) => a.kind)), false),
      });
      assert.deepEqual(shown, ['terminate-instances', 'delete-security-group', 'delete-key-pair', 'delete-access-key']);
      assert.equal(r.mode, 'contain');
      const writes = [...writesSince(s.fake, c0).keys()].sort();
      assert.deepEqual(writes, ['iam:PutUserPolicy', 'iam:UpdateAccessKey']);
      assert.ok(r.eradicate.every((a) => a.outcome === 'planned'));
    } finally {
      s.done();
    }
  });

  it('an action whose effect is already there is recorded as already done, not repeated', async () => {
    const s = await briefScene({ regions: ['us-east-1'], instancesPerRegion: 2 });
    try {
      // Someone terminated the attacker's instances by hand before respond ran.
      for (const i of instancesIn(s.account, 'us-east-1').filter((i) => i.type === 'm5.24xlarge')) i.state = 'terminated';
      const c0 = new Map(s.fake.calls);
      const r = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: true, apply: true, store: s.store, regions: ['us-east-1'] });
      assert.equal(r.eradicate.find((a) => a.action.kind === 'terminate-instances')?.outcome, 'already-done');
      assert.ok(!writesSince(s.fake, c0).has('ec2:TerminateInstances'));
    } finally {
      s.done();
    }
  });

  it('resources created by other principals are never in the plan, even with the same names', async () => {
    // Another user of the account (the intern) works in the same regions shortly before the attack.
    const a = vulnerableAccount();
    allowSelfServiceKeys(a);
    const fake = createFake([a]);
    const intern = { accessKeyId: exampleKeyId('intern'), secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const otherIds: string[] = [];
    fake.clockOffsetMs = -70 * 60_000;
    for (const region of REGIONS) {
      const ec2 = new EC2Client({ region, credentials: intern });
      // The intern's key pair is called "miner" in eu-west-1: the attacker's CreateKeyPair there fails.
      await ec2.send(new CreateKeyPairCommand({ KeyName: region === 'eu-west-1' ? 'miner' : 'intern-key' }));
      const out = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0bbbbbbbbbbbbbbbb', InstanceType: 'm5.24xlarge', MinCount: 2, MaxCount: 2 }));
      otherIds.push(...out.Instances!.map((i) => i.InstanceId!));
      ec2.destroy();
    }
    fake.clockOffsetMs = 0;
    await playBriefAttack(fake, LEAKED, { regions: REGIONS, instancesPerRegion: 2 });
    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    const db = openDatabase(':memory:');
    try {
      const r = await respond(aws, { subject: { kind: 'key', accessKeyId: LEAKED.accessKeyId }, contain: true, apply: true, store: new ResponseStore(db), regions: REGIONS });
      const planned = r.eradicate.flatMap((x) => [...(x.action.params.instanceIds ?? []), x.action.params.keyPairId].filter(Boolean));
      for (const id of otherIds) assert.ok(!planned.includes(id), `intern instance ${id} not planned`);
      const internPairs = REGIONS.map((reg) => [...ec2State(a.regions.get(reg)!).keyPairs.values()].find((k) => k.name === 'miner' || k.name === 'intern-key')).filter(Boolean);
      assert.equal(internPairs.length, 3, 'the intern\'s key pairs survive, including the one named "miner"');
      assert.ok(!r.eradicate.some((x) => x.action.kind === 'delete-key-pair' && x.action.region === 'eu-west-1'), 'the failed CreateKeyPair created nothing to delete');
      for (const region of REGIONS) {
        const byIntern = instancesIn(a, region).filter((i) => otherIds.includes(i.id));
        assert.equal(byIntern.length, 2);
        assert.ok(byIntern.every((i) => i.state === 'running'), `the intern's instances run on in ${region}`);
      }
      assert.equal(r.investigation.created.filter((c) => c.type === 'ec2:instance').length, 6);
    } finally {
      aws.destroy();
      db.close();
      fake.uninstall();
    }
  });

  it('an endpoint that ignores Describe filters still gets only the attacker\'s ids in the terminate call', async () => {
    const a = vulnerableAccount();
    allowSelfServiceKeys(a);
    const victim = seedInstance(a.regions.get('us-east-1')!, { type: 'm5.large' });
    // An emulator that answers DescribeInstances and DescribeKeyPairs with everything, filters ignored.
    const sloppy: FakeService = {
      ...ec2Service,
      handlers: {
        ...ec2Service.handlers,
        DescribeInstances: (input, ctx) => ec2Service.handlers.DescribeInstances!({ ...input, Filters: undefined }, ctx),
        DescribeKeyPairs: (input, ctx) => ec2Service.handlers.DescribeKeyPairs!({ ...input, Filters: undefined }, ctx),
      },
    };
    const fake = new FakeAws([...SERVICES.filter((x) => x !== ec2Service), sloppy], [a]).install();
    const aws = new Aws({ credentials: async () => EXAMPLE_CREDENTIALS, region: 'us-east-1', maxAttempts: 1 });
    const db = openDatabase(':memory:');
    try {
      await playBriefAttack(fake, LEAKED, { regions: ['us-east-1'], instancesPerRegion: 2 });
      const r = await respond(aws, { subject: { kind: 'key', accessKeyId: LEAKED.accessKeyId }, contain: true, apply: true, store: new ResponseStore(db), regions: ['us-east-1'] });
      assert.equal(r.eradicate.find((x) => x.action.kind === 'terminate-instances')?.outcome, 'done');
      assert.equal(victim.state, 'running');
      assert.ok(instancesIn(a, 'us-east-1').filter((i) => i.type === 'm5.24xlarge').every((i) => i.state === 'terminated'));
    } finally {
      aws.destroy();
      db.close();
      fake.uninstall();
    }
  });
});

