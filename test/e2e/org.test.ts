import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runCli, scanJson, tempDir, useExampleCredentials } from './cli-harness.js';
import { HARD, NO_ROLE, orgFake, SUSPENDED, VULN } from './org-fixture.js';
import type { FakeAws } from '../fake/index.js';
import { ajv, scanReportSchema } from '../report/schemas.js';

const valid = (r: unknown) => {
  const v = ajv().compile(scanReportSchema);
  assert.ok(v(r), JSON.stringify(v.errors?.slice(0, 3)));
};

describe('mamori scan --org', () => {
  let fake: FakeAws;
  let report: any;
  before(async () => {
    useExampleCredentials();
    fake = orgFake();
    report = await scanJson(['--org', '--regions', 'us-east-1,eu-west-1']);
  });
  after(() => fake.uninstall());

  it('scans every ACTIVE member, the suspended one not at all', () => {
    valid(report);
    assert.equal(report.kind, 'org');
    assert.deepEqual(report.accounts.map((a: any) => a.id), ['111122223333', VULN, HARD, NO_ROLE].sort());
    assert.ok(!report.findings.some((f: any) => f.account === SUSPENDED));
  });

  it('reports the account whose role cannot be assumed as NOT_ASSESSED with the reason', () => {
    const row = report.accounts.find((a: any) => a.id === NO_ROLE);
    assert.equal(row.status, 'NOT_ASSESSED');
    assert.match(row.reason, /AccessDenied on sts:AssumeRole \(access denied\)/);
    const f = report.findings.filter((x: any) => x.account === NO_ROLE);
    assert.equal(f.length, 1);
    assert.equal(f[0].checkId, 'org.member-access');
    assert.equal(f[0].status, 'NOT_ASSESSED');
    assert.equal(f[0].resource, `arn:aws:iam::${NO_ROLE}:role/OrganizationAccountAccessRole`);
  });

  it('scans the management account itself with the caller\'s own credentials (it has no member role)', () => {
    const mgmt = report.accounts.find((a: any) => a.id === '111122223333');
    assert.equal(mgmt.status, 'complete');
    assert.equal(mgmt.name, 'management');
    // the fixture's management account is empty: root without MFA fails there
    const root = report.findings.find((f: any) => f.account === '111122223333' && f.checkId === 'iam.root-mfa-enabled');
    assert.equal(root.status, 'FAIL');
  });

  it('scans each member with its own credentials and keeps a per-account summary', () => {
    const vuln = report.accounts.find((a: any) => a.id === VULN);
    const hard = report.accounts.find((a: any) => a.id === HARD);
    assert.equal(vuln.status, 'complete');
    assert.equal(vuln.name, 'legacy-prod');
    assert.deepEqual(vuln.regions, ['eu-west-1', 'us-east-1']);
    assert.ok(vuln.summary.takeoverPaths >= 4, `vulnerable member paths: ${vuln.summary.takeoverPaths}`);
    assert.equal(hard.summary.takeoverPaths, 0);
    const paths = report.findings.filter((f: any) => f.checkId === 'takeover.access-key' && f.status === 'FAIL');
    assert.ok(paths.every((f: any) => f.account === VULN));
    assert.equal(report.findings[0].checkId, 'takeover.access-key', 'the combined report still opens on takeover paths');
    // the combined summary adds up the accounts
    const sum = report.accounts.reduce((n: number, a: any) => n + (a.summary.FAIL ?? 0), 0);
    assert.equal(report.summary.FAIL, sum);
    assert.equal(report.summary.total, report.findings.length);
  });

  it('prints a per-account table, names the account on every path, and one heading per check', async () => {
    const dir = tempDir();
    const out = join(dir, 'org.txt');
    await runCli(['scan', '--org', '--regions', 'us-east-1', '--out', out, '--db', join(dir, 'm.db')]);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^mamori scan — 4 accounts/m);
    assert.match(text, new RegExp(`^  ${NO_ROLE}\\s+member-6666\\s+NOT ASSESSED: Could not enter the account: AccessDenied on sts:AssumeRole`, 'm'));
    assert.match(text, new RegExp(`^  ${VULN}\\s+legacy-prod\\s+\\d+\\s+\\d+`, 'm'));
    const pathLines = text.split('\n').filter((l) => /^\s+\d+\. (HIGH|CRITICAL|MEDIUM|LOW)/.test(l));
    assert.ok(pathLines.length >= 4 && pathLines.every((l) => l.includes(VULN)), pathLines.join('\n'));
    // one heading per check and severity, shared by every account failing it
    const report = await scanJson(['--org', '--regions', 'us-east-1']);
    const priv = report.findings.filter((f: any) => f.checkId === 'iam.privileged-principals' && f.status === 'FAIL');
    assert.ok(new Set(priv.map((f: any) => f.account)).size > 1, 'the check fails in several accounts');
    const headings = text.split('\n').filter((l) => /\[iam\.privileged-principals/.test(l));
    assert.equal(headings.length, new Set(priv.map((f: any) => f.severity)).size, 'failures of one check across accounts share a heading');
  });

  it('narrows with --accounts and --exclude-accounts', async () => {
    const only = await scanJson(['--org', '--regions', 'us-east-1', '--accounts', `${VULN},${NO_ROLE}`]);
    assert.deepEqual(only.accounts.map((a: any) => a.id), [VULN, NO_ROLE]);
    const without = await scanJson(['--org', '--regions', 'us-east-1', '--exclude-accounts', `${VULN},111122223333`]);
    assert.deepEqual(without.accounts.map((a: any) => a.id), [HARD, NO_ROLE]);
  });

  it('refuses an account that is not an ACTIVE member instead of leaving a silent gap', async () => {
    await assert.rejects(scanJson(['--org', '--accounts', SUSPENDED]), /is SUSPENDED, not ACTIVE/);
    await assert.rejects(scanJson(['--org', '--accounts', '999999999999']), /not a member of the organization/);
    await assert.rejects(scanJson(['--org', '--accounts', '12345']), /not an AWS account id/);
  });

  it('passes --external-id to member roles that require one, and --org-role names another role', async () => {
    const vuln = fake.accounts.get(HARD)!;
    const role = vuln.iam.roles.get('OrganizationAccountAccessRole')!;
    vuln.iam.roles.set('AuditRole', {
      ...role,
      name: 'AuditRole',
      trust: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-4242' } } }],
      },
    });
    const args = ['--org', '--regions', 'us-east-1', '--accounts', HARD, '--org-role', 'AuditRole'];
    const without = await scanJson(args);
    assert.equal(without.accounts[0].status, 'NOT_ASSESSED');
    assert.match(without.accounts[0].reason, /sts:AssumeRole/);
    const withId = await scanJson([...args, '--external-id', 'ext-4242']);
    assert.equal(withId.accounts[0].status, 'complete');
  });

  it('refuses organization options without --org', async () => {
    const dir = tempDir();
    await assert.rejects(runCli(['scan', '--accounts', VULN, '--db', join(dir, 'm.db')]), /need --org/);
    await assert.rejects(runCli(['scan', '--org', '--snapshot-out', join(dir, 's.json'), '--db', join(dir, 'm.db')]), /--org cannot be combined/);
  });
});
