import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionMatches, evaluate, type PrivilegeClass } from '../../src/scan/iam/policy.js';
import { PRIVILEGED_MANAGED, READ_ONLY_MANAGED } from '../../src/scan/iam/managed-policies.js';
import type { PolicyDocument, PolicyStatement } from '../../src/scan/snapshot.js';

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Action, Resource, ...extra });
const src = (document: PolicyDocument, source = 'p (inline)') => ({ source, document });

describe('policy evaluation: privilege classes from the documents', () => {
  const table: [string, PolicyDocument[], PrivilegeClass][] = [
    ['AdministratorAccess', [PRIVILEGED_MANAGED.AdministratorAccess!.document], 'admin'],
    ['"*:*" written by hand', [doc(allow('*:*'))], 'admin'],
    ['PowerUserAccess (NotAction iam:*)', [PRIVILEGED_MANAGED.PowerUserAccess!.document], 'power-user'],
    ['IAMFullAccess', [PRIVILEGED_MANAGED.IAMFullAccess!.document], 'iam-write'],
    ['iam:* alone', [doc(allow('iam:*'))], 'iam-write'],
    ['iam:CreateAccessKey on users/*', [doc(allow('iam:CreateAccessKey', 'arn:aws:iam::1:user/*'))], 'iam-write'],
    ['ec2:Run* wildcard', [doc(allow('ec2:Run*'))], 'run-instances'],
    ['EC2 full access', [doc(allow('ec2:*'))], 'run-instances'],
    ['S3 writes on a bucket', [doc(allow(['s3:PutObject'], 'arn:aws:s3:::b/*'))], 'write'],
    ['ReadOnlyAccess', [READ_ONLY_MANAGED.ReadOnlyAccess!], 'read-only'],
    ['nothing', [], 'none'],
    ['admin denied everything by an explicit Deny', [doc(allow('*'), { Effect: 'Deny', Action: '*', Resource: '*' })], 'none'],
    ['RunInstances only with MFA (conditional: a leaked key cannot use it)', [doc(allow('ec2:RunInstances', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))], 'none'],
    ['RunInstances on one specific instance ARN only', [doc(allow('ec2:RunInstances', 'arn:aws:ec2:eu-west-1:1:instance/i-0123'))], 'write'],
  ];
  for (const [name, docs, expected] of table)
    it(`${name} → ${expected}`, () => assert.equal(evaluate(docs.map((d) => src(d))).class, expected));

  it('a permissions boundary caps what the policies grant', () => {
    const boundary = src(doc(allow(['s3:*'])), 'permissions boundary');
    assert.equal(evaluate([src(PRIVILEGED_MANAGED.AdministratorAccess!.document)], boundary).class, 'write');
    assert.equal(evaluate([src(doc(allow('ec2:RunInstances')))], boundary).class, 'none', 'nothing in common with the boundary');
  });

  it('finds escalation combinations and names the policy they come from', () => {
    const p = evaluate([src(doc(allow(['iam:PassRole', 'ec2:RunInstances'])), 'deploy (inline)')]);
    assert.ok(p.escalations.some((e) => /launch an instance with a privileged role/.test(e) && /deploy \(inline\)/.test(e)), p.escalations.join('\n'));
    assert.deepEqual(evaluate([src(doc(allow('iam:PassRole')))]).escalations, []);
    assert.ok(evaluate([src(doc(allow('iam:AttachUserPolicy', 'arn:aws:iam::1:user/*')))]).escalations.length > 0);
  });

  it('lists conditional grants instead of counting them', () => {
    const p = evaluate([src(doc(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })))]);
    assert.equal(p.class, 'none');
    assert.match(p.conditional[0]!, /IpAddress/);
  });

  it('matches actions like IAM does: case-insensitive with * and ? wildcards', () => {
    assert.ok(actionMatches('ec2:Describe*', 'EC2:DescribeInstances'));
    assert.ok(actionMatches('iam:?etUser', 'iam:GetUser'));
    assert.ok(!actionMatches('iam:Get*', 'iam:CreateUser'));
    assert.ok(!actionMatches('s3:Get.bject', 's3:GetObject'), 'a dot is literal');
  });
});
