import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from '../../src/respond/rate.js';
import { createdResources, obtainedCredentials, isUnhandledChange } from '../../src/respond/extract.js';
import type { TrailRecord } from '../../src/respond/events/source.js';
import { estimateCost, transitionTime } from '../../src/respond/cost.js';
import { mdCell, renderHtml, renderMarkdown, renderTerminal } from '../../src/respond/report.js';
import { revokePolicy } from '../../src/respond/actions.js';
import { exitCode, parseSince } from '../../src/cli/commands/respond.js';
import type { RespondResult } from '../../src/respond/playbook.js';

const rec = (over: Partial<TrailRecord>): TrailRecord => ({
  eventID: 'e1',
  eventTime: '2026-11-22T00:10:00Z',
  eventName: 'X',
  eventSource: 'ec2.amazonaws.com',
  awsRegion: 'eu-west-1',
  userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'dev' },
  ...over,
});

describe('respond units', () => {
  it('the limiter spaces calls evenly at the rate, with no burst', async () => {
    const sleeps: number[] = [];
    const l = new RateLimiter(2, 1, async (ms) => void sleeps.push(ms));
    for (let i = 0; i < 4; i++) await l.take();
    assert.equal(sleeps.length, 3);
    // each wait is what is left of 500 ms after the previous call (calls were immediate here)
    for (const [i, ms] of sleeps.entries()) assert.ok(ms > 500 * (i + 1) - 50 && ms <= 500 * (i + 1), `sleep ${i}: ${ms}`);
  });

  it('after a throttle the limiter waits and spaces wider, never beyond twice its rate', () => {
    const l = new RateLimiter(2, 1, async () => {});
    assert.equal(l.intervalMs, 500);
    l.backOff(1000);
    assert.equal(l.intervalMs, 625);
    for (let i = 0; i < 10; i++) l.backOff(0);
    assert.equal(l.intervalMs, 1000);
  });

  it('reads new credentials from CreateAccessKey and STS responses, not from failures', () => {
    const k = obtainedCredentials(rec({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', responseElements: { accessKey: { accessKeyId: 'AKIASECONDKEYEXAMPLE', userName: 'dev' } } }));
    assert.deepEqual(k.map((c) => [c.accessKeyId, c.kind, c.userName]), [['AKIASECONDKEYEXAMPLE', 'access-key', 'dev']]);
    const s = obtainedCredentials(rec({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: 'arn:aws:iam::1:role/Admin' }, responseElements: { credentials: { accessKeyId: 'ASIASESSIONXXEXAMPLE' } } }));
    assert.deepEqual(s.map((c) => [c.accessKeyId, c.kind, c.roleArn]), [['ASIASESSIONXXEXAMPLE', 'session', 'arn:aws:iam::1:role/Admin']]);
    assert.deepEqual(obtainedCredentials(rec({ eventName: 'GetFederationToken', errorCode: 'AccessDenied', responseElements: null })), []);
  });

  it('reads created resources from CloudTrail shapes; a failed call created nothing', () => {
    const run = createdResources(rec({ eventName: 'RunInstances', requestParameters: { instanceType: 'p3.16xlarge' }, responseElements: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2', instanceType: 'g4dn.metal' }] } } }));
    assert.deepEqual(run.map((r) => [r.type, r.id, r.instanceType, r.region]), [['ec2:instance', 'i-1', 'p3.16xlarge', 'eu-west-1'], ['ec2:instance', 'i-2', 'g4dn.metal', 'eu-west-1']]);
    assert.deepEqual(createdResources(rec({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', errorCode: 'AccessDenied', requestParameters: { userName: 'x' } })), []);
    const user = createdResources(rec({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', requestParameters: { userName: 'x' }, responseElements: { user: { userName: 'x' } } }));
    assert.deepEqual(user.map((r) => [r.type, r.id, r.region]), [['iam:user', 'x', 'global']]);
    assert.equal(createdResources(rec({ eventSource: 'lambda.amazonaws.com', eventName: 'CreateFunction20150331', responseElements: { functionName: 'miner' } }))[0]!.type, 'lambda:function');
    assert.ok(isUnhandledChange(rec({ eventName: 'AuthorizeSecurityGroupIngress', readOnly: false })));
    assert.ok(!isUnhandledChange(rec({ eventName: 'DescribeInstances', readOnly: true })));
  });

  it('reads the other ways back in: service-specific credentials, SSH keys, a rewritten trust policy', () => {
    const iam = (eventName: string, requestParameters: any, responseElements: any = null) => rec({ eventSource: 'iam.amazonaws.com', eventName, requestParameters, responseElements });
    const ssc = createdResources(iam('CreateServiceSpecificCredential', { userName: 'bob', serviceName: 'codecommit.amazonaws.com' }, { serviceSpecificCredential: { serviceSpecificCredentialId: 'ACCA1', userName: 'bob' } }));
    assert.deepEqual(ssc.map((r) => [r.type, r.id, r.userName]), [['iam:service-specific-credential', 'ACCA1', 'bob']]);
    const ssh = createdResources(iam('UploadSSHPublicKey', { userName: 'bob' }, { sSHPublicKey: { sSHPublicKeyId: 'APKA1' } }));
    assert.deepEqual(ssh.map((r) => [r.type, r.id]), [['iam:ssh-public-key', 'APKA1']]);
    const trust = createdResources(iam('UpdateAssumeRolePolicy', { roleName: 'deploy', policyDocument: '{}' }));
    assert.deepEqual(trust.map((r) => [r.type, r.id]), [['iam:role-trust-policy', 'deploy']]);
    assert.ok(!isUnhandledChange(iam('UpdateAssumeRolePolicy', { roleName: 'deploy' })), 'it has a rule now, not a manual review line');
  });

  it('the revoke policy is the documented AWSRevokeOlderSessions shape', () => {
    assert.deepEqual(JSON.parse(revokePolicy('2026-11-22T00:30:00.000Z')), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-22T00:30:00.000Z' } } }],
    });
  });

  it('cost: instance-hours × price, a 60-second minimum, unknown types reported not guessed', () => {
    const c = estimateCost(
      [
        { instanceId: 'i-1', region: 'us-east-1', instanceType: 'm5.24xlarge', launchedAt: '2026-11-22T00:10:00Z', endedAt: '2026-11-22T01:10:00Z', stillRunning: false },
        { instanceId: 'i-2', region: 'sa-east-1', instanceType: 'm5.24xlarge', launchedAt: '2026-11-22T00:10:00Z', endedAt: '2026-11-22T00:10:01Z', stillRunning: false },
        { instanceId: 'i-3', region: 'sa-east-1', instanceType: 'z9.mega', launchedAt: '2026-11-22T00:10:00Z', endedAt: '2026-11-22T02:10:00Z', stillRunning: true },
      ],
    );
    const m5 = c.lines.find((l) => l.instanceType === 'm5.24xlarge')!;
    assert.equal(m5.cost, Math.round((1 + 1 / 60) * 4.608 * 100) / 100);
    assert.deepEqual(c.unpriced, ['z9.mega']);
    assert.equal(c.total, m5.cost);
    assert.equal(transitionTime('User initiated (2026-11-22 01:10:00 GMT)'), '2026-11-22T01:10:00Z');
  });

  it('--since takes durations and ISO times', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    assert.equal(parseSince('24h', now).toISOString(), '2026-11-21T12:00:00.000Z');
    assert.equal(parseSince('7d', now).toISOString(), '2026-11-15T12:00:00.000Z');
    assert.equal(parseSince('2026-11-01T00:00:00Z').toISOString(), '2026-11-01T00:00:00.000Z');
    assert.throws(() => parseSince('yesterday'));
  });

  it('exit status: 2 when containment did not complete, 1 for a failed cleanup or a gap, 0 otherwise', () => {
    const r = fakeResult('x');
    assert.equal(exitCode(r), 0);
    const action = { id: 'a', stage: 'contain' as const, kind: 'deactivate-access-key' as const, region: 'global', target: 't', params: {}, why: 'w', commands: [] };
    assert.equal(exitCode({ ...r, mode: 'contain', contain: [{ action, outcome: 'failed', error: 'AccessDenied' }] }), 2);
    assert.equal(exitCode({ ...r, mode: 'dry-run', contain: [{ action, outcome: 'planned' }] }), 0);
    assert.equal(exitCode({ ...r, investigation: { ...r.investigation, gaps: [{ where: 'eu-west-1', reason: 'AccessDenied' }] } }), 1);
  });

  it('escapes attacker-chosen names in every report format', () => {
    const evil = '<img src=x onerror=alert(1)>| **x** \u001b[31mred\u001b[0m\n# heading';
    const r = fakeResult(evil);
    const html = renderHtml(r);
    assert.ok(!html.includes('<img'), 'no live HTML from a name');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes('\u001b'));
    const md = renderMarkdown(r);
    // Inside fenced blocks text is literal (commands to copy); everywhere else no raw HTML may appear.
    const prose = md.replace(/```sh\n[\s\S]*?\n```/g, '');
    assert.ok(md.includes('```sh'));
    assert.ok(!prose.includes('<img'));
    assert.ok(!md.includes('\u001b'));
    assert.ok(!/\n# heading/.test(md), 'a newline in a name cannot start a Markdown heading');
    assert.equal(mdCell('a|b'), 'a\\|b');
    const term = renderTerminal(r);
    assert.ok(!term.includes('\u001b'), 'no terminal escape sequences');
  });
});

function fakeResult(evil: string): RespondResult {
  const created = { type: 'ec2:key-pair' as const, region: 'eu-west-1', id: 'key-0123456789abcdef0', name: evil, createdAt: '2026-11-22T00:10:00Z', createdBy: 'AKIAIOSFODNN7EXAMPLE', eventId: 'e1' };
  return {
    subject: { kind: 'key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    identification: { subject: 'AKIAIOSFODNN7EXAMPLE', callerAccount: '123456789012', callerArn: 'arn', owner: { kind: 'user', name: evil, source: 'iam' }, notes: [evil] },
    incidentId: 1,
    startedAt: '2026-11-22T00:30:00Z',
    finishedAt: '2026-11-22T00:31:00Z',
    mode: 'dry-run',
    regions: ['eu-west-1'],
    skippedRegions: [],
    contain: [],
    investigation: {
      subject: { kind: 'key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      start: '2026-11-21T00:00:00Z',
      end: '2026-11-22T00:30:00Z',
      source: 'test',
      gaps: [],
      credentials: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', kind: 'leaked' }],
      users: [],
      principals: [],
      timeline: [{ time: '2026-11-22T00:10:00Z', region: 'eu-west-1', credential: 'AKIAIOSFODNN7EXAMPLE', principal: evil, api: 'ec2:CreateKeyPair', result: 'ok', resource: evil, eventId: 'e1', attributed: true }],
      created: [created],
      unhandled: [],
      deletions: [],
      assumedRoles: [],
    },
    eradicate: [],
    recover: [{ title: evil, why: evil, commands: [`# ${evil}`] }],
    cost: estimateCost([]),
  };
}
