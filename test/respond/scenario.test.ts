import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EC2Client, DescribeInstancesCommand, CreateKeyPairCommand } from '@aws-sdk/client-ec2';
import { respond, type RespondResult } from '../../src/respond/playbook.js';
import { renderHtml, renderMarkdown } from '../../src/respond/report.js';
import { REVOKE_POLICY_NAME } from '../../src/respond/actions.js';
import { ec2State } from '../fake/services/ec2-respond.js';
import { ENABLED_REGIONS } from '../fake/attack.js';
import { briefScene, instancesIn, writesSince, type Scene } from './helpers.js';

/** The attacker tries its second key, then the session minted before containment. */
async function attackerTries(s: Scene): Promise<string[]> {
  const errors: string[] = [];
  const byKey = new EC2Client({ region: 'eu-west-1', credentials: s.attack.secondKey });
  const bySession = new EC2Client({ region: 'eu-west-1', credentials: s.attack.session });
  for (const call of [() => byKey.send(new CreateKeyPairCommand({ KeyName: 'again' })), () => bySession.send(new DescribeInstancesCommand({}))]) {
    try {
      await call();
      errors.push('allowed');
    } catch (e) {
      errors.push((e as Error).name);
    }
  }
  byKey.destroy();
  bySession.destroy();
  return errors;
}

describe('respond key: the brief end to end (PowerUser key leaked, 20 instances in each of 17 regions)', () => {
  let s: Scene;
  let dry: RespondResult;
  let applied: RespondResult;
  let dryWrites: Map<string, number>;
  let contained: RespondResult;
  let containWrites: Map<string, number>;
  let secondKeyAfterContain: string | undefined;
  let attackerErrorsAfterContain: string[];

  before(async () => {
    s = await briefScene();
    const c0 = new Map(s.fake.calls);
    dry = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: false, apply: false, store: s.store });
    dryWrites = writesSince(s.fake, c0);
    const c1 = new Map(s.fake.calls);
    contained = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: true, apply: false, store: s.store });
    containWrites = writesSince(s.fake, c1);
    secondKeyAfterContain = s.account.iam.users.get('dev-poweruser')!.keys.find((k) => k.id === s.attack.secondKey.accessKeyId)?.status;
    attackerErrorsAfterContain = await attackerTries(s);
    applied = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: true, apply: true, store: s.store });
  });
  after(() => s.done());

  it('the attack itself played as the brief tells it', () => {
    assert.equal(s.attack.createUserError, 'AccessDenied');
    assert.equal(instancesIn(s.account, 'sa-east-1').filter((i) => i.type === 'm5.24xlarge').length, 20);
  });

  it('a dry run makes no write call and plans everything', () => {
    assert.deepEqual([...dryWrites], []);
    assert.equal(dry.mode, 'dry-run');
    assert.ok(dry.contain.every((a) => a.outcome === 'planned' || a.outcome === 'already-done'));
    const terminate = dry.eradicate.filter((a) => a.action.kind === 'terminate-instances');
    assert.equal(terminate.length, 17);
    assert.ok(terminate.every((a) => a.outcome === 'planned' && a.action.params.instanceIds.length === 20));
  });

  it('identifies the owner from CloudTrail, since the attacker deleted the leaked key', () => {
    assert.equal(applied.identification.owner.kind, 'user');
    assert.equal(applied.identification.owner.name, 'dev-poweruser');
    assert.equal(applied.identification.owner.source, 'cloudtrail');
    assert.ok(applied.identification.notes.some((n) => /deleted/.test(n)));
  });

  it('follows the chain: leaked key → second key → session', () => {
    const kinds = applied.investigation.credentials.map((c) => [c.accessKeyId, c.kind]);
    assert.deepEqual(kinds, [
      [s.attack.leakedKey, 'leaked'],
      [s.attack.secondKey.accessKeyId, 'access-key'],
      [s.attack.session.accessKeyId, 'session'],
    ]);
    assert.ok(applied.investigation.gaps.length === 0, JSON.stringify(applied.investigation.gaps));
  });

  it('--contain contains both keys and changes nothing else', () => {
    assert.equal(contained.mode, 'contain');
    // the deny on the owner, then the second key's deactivation followed by a later cut-off
    assert.deepEqual([...containWrites].sort(), [['iam:PutUserPolicy', 2], ['iam:UpdateAccessKey', 1]]);
    const deactivated = contained.contain.find((a) => a.action.id === `deactivate-access-key:${s.attack.secondKey.accessKeyId}`)!;
    const revokedAfter = contained.contain.find((a) => a.action.id === `revoke-user-sessions:dev-poweruser:after:${s.attack.secondKey.accessKeyId}`)!;
    assert.equal(revokedAfter.outcome, 'done');
    assert.ok(String(revokedAfter.after!.revokedBefore) >= deactivated.at!, 'sessions minted up to the deactivation are revoked');
    assert.ok(contained.eradicate.every((a) => a.outcome === 'planned'), 'the cleanup stays a plan');
    assert.equal(secondKeyAfterContain, 'Inactive');
    const u = s.account.iam.users.get('dev-poweruser')!;
    assert.ok(!u.keys.some((k) => k.id === s.attack.leakedKey), 'the leaked key is gone (deleted by the attacker)');
    const deny = u.inline[REVOKE_POLICY_NAME] as any;
    assert.equal(deny.Statement[0].Effect, 'Deny');
    assert.ok(deny.Statement[0].Condition.DateLessThan['aws:TokenIssueTime']);
    const leakedAction = contained.contain.find((a) => a.action.id === `deactivate-access-key:${s.attack.leakedKey}`);
    assert.equal(leakedAction?.outcome, 'already-done');
  });

  it('after containment the attacker can use neither the second key nor the session it minted', () => {
    assert.deepEqual(attackerErrorsAfterContain, ['InvalidClientTokenId', 'UnauthorizedOperation']);
  });

  it('finds every instance and key pair the attacker made, and nothing else', () => {
    const created = applied.investigation.created;
    assert.equal(created.filter((c) => c.type === 'ec2:instance').length, 17 * 20);
    assert.equal(created.filter((c) => c.type === 'ec2:key-pair').length, 17);
    assert.deepEqual(created.filter((c) => c.type === 'ec2:security-group').map((c) => c.id), [s.attack.securityGroup.id]);
    assert.equal(created.filter((c) => c.type === 'iam:access-key').length, 1);
    assert.ok(!created.some((c) => c.type === 'iam:user'), 'the failed CreateUser created nothing');
    const planned = new Set(applied.eradicate.flatMap((a) => a.action.params.instanceIds ?? []));
    for (const v of [...s.victimInstances.map((i) => i.id), s.victimApiInstance]) assert.ok(!planned.has(v), `victim instance ${v} is not in the plan`);
  });

  it('applies the cleanup: the fake shows the attacker\'s resources gone and the victim\'s running', () => {
    for (const region of ENABLED_REGIONS) {
      const attackers = instancesIn(s.account, region).filter((i) => i.type === 'm5.24xlarge');
      assert.equal(attackers.length, 20);
      assert.ok(attackers.every((i) => i.state === 'terminated'), `all terminated in ${region}`);
      assert.ok(!ec2State(s.account.regions.get(region)!).keyPairs.has('miner'), `miner key pair gone in ${region}`);
    }
    assert.ok(s.victimInstances.every((i) => i.state === 'running'));
    assert.equal(instancesIn(s.account, 'eu-west-1').find((i) => i.id === s.victimApiInstance)?.state, 'running');
    assert.ok(ec2State(s.account.regions.get('us-east-1')!).keyPairs.has('deploy'), 'the victim key pair survives');
    assert.ok(!ec2State(s.account.regions.get(s.attack.securityGroup.region)!).securityGroups.has(s.attack.securityGroup.id));
    assert.ok(applied.eradicate.every((a) => a.outcome === 'done'), applied.eradicate.filter((a) => a.outcome !== 'done').map((a) => `${a.action.id} ${a.outcome} ${a.error}`).join('\n'));
    // The attacker's second key was deactivated in containment and deleted in the cleanup.
    assert.ok(!s.account.iam.users.get('dev-poweruser')!.keys.some((k) => k.id === s.attack.secondKey.accessKeyId));
  });

  it('records every action in the audit log with before and after', () => {
    const log = s.store.auditLog(applied.incidentId);
    const term = log.filter((l) => /TerminateInstances/.test(l.api));
    assert.equal(term.length, 17);
    for (const l of term) {
      assert.ok(Object.values(l.before as any).length === 0 || Object.values((l.before as any).instances).every((v) => v === 'running'));
      assert.ok(Object.values((l.after as any).instances).every((v) => /^terminated/.test(String(v))));
    }
    assert.ok(log.some((l) => l.api === 'iam:UpdateAccessKey ' + s.attack.secondKey.accessKeyId && (l.before as any).key === 'Active' && (l.after as any).key === 'Inactive'));
  });

  it('estimates the cost from instance-hours and the dated price table', () => {
    const line = applied.cost.lines.find((l) => l.instanceType === 'm5.24xlarge')!;
    assert.equal(line.instances, 340);
    assert.equal(line.pricePerHour, 4.608);
    // launched an hour before respond ran, terminated by it: about 340 × 1 h × 4.608
    assert.ok(line.hours > 330 && line.hours < 350, `hours ${line.hours}`);
    assert.ok(applied.cost.total > 1500 && applied.cost.total < 1620, `total ${applied.cost.total}`);
    assert.match(applied.cost.pricesCompiled, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('writes the report: the timeline has the failed CreateUser, resources show their state now', () => {
    const md = renderMarkdown(applied);
    assert.match(md, /iam:CreateUser \| AccessDenied/);
    assert.match(md, /iam:DeleteAccessKey \| ok/);
    assert.match(md, /ec2:instance \| sa-east-1 \| i-[0-9a-f]{17} \| m5\.24xlarge .*\| terminated/);
    assert.match(md, /Recover \d+\. Enable GuardDuty/);
    const html = renderHtml(applied);
    assert.match(html, /^<!doctype html>/);
    assert.ok(!/<script/i.test(html));
  });

  it('a second run resumes: nothing is repeated', async () => {
    const c0 = new Map(s.fake.calls);
    const again = await respond(s.aws, { subject: { kind: 'key', accessKeyId: s.attack.leakedKey }, contain: true, apply: true, store: s.store });
    assert.equal(again.incidentId, applied.incidentId);
    assert.deepEqual([...writesSince(s.fake, c0)], []);
    assert.ok(again.eradicate.every((a) => a.outcome === 'resumed'));
  });
});
