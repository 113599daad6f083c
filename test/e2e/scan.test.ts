import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createFake, type FakeAws } from '../fake/index.js';
import { hardenedAccount, vulnerableAccount } from '../fake/seeds.js';
import { runCli, scanJson, tempDir, useExampleCredentials } from './cli-harness.js';

const fails = (r: any, checkId: string) => r.findings.filter((f: any) => f.checkId === checkId && f.status === 'FAIL');

describe('mamori scan against the fake: the brief\'s vulnerable account', () => {
  let fake: FakeAws;
  let report: any;
  before(async () => {
    useExampleCredentials();
    fake = createFake([vulnerableAccount()]);
    report = await scanJson();
  });
  after(() => fake.uninstall());

  it('scans every enabled region and reports the opt-in ones as skipped', () => {
    assert.equal(report.accounts[0].id, '123456789012');
    assert.equal(report.accounts[0].regions.length, 17);
    assert.ok(report.accounts[0].skippedRegions.some((r: any) => r.region === 'af-south-1' && /opt-in/.test(r.reason)));
    assert.equal(report.schema, 'mamori.scan-report/v1');
    assert.equal(report.demo, false);
  });

  it('opens with takeover paths, the PowerUser key among the worst', () => {
    const paths = report.findings.filter((f: any) => f.checkId === 'takeover.access-key' && f.status === 'FAIL');
    assert.ok(paths.length >= 4, `takeover paths: ${paths.length}`);
    assert.equal(report.findings[0].checkId, 'takeover.access-key', 'the report opens on a takeover path');
    const dev = paths.find((f: any) => /dev-poweruser/.test(f.resource));
    assert.ok(dev, 'dev-poweruser has a path');
    assert.match(dev.reason, /412 days old/);
    assert.match(dev.reason, /power user/);
    assert.match(dev.reason, /RunInstances works in 17 regions/);
    assert.match(dev.fix.cli, /aws iam update-access-key --user-name dev-poweruser --access-key-id AKIADEVPOWERXEXAMPLE --status Inactive/);
    // scores decrease down the list
    const scores = paths.map((p: any) => p.score);
    assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a));
    // the intern's "ReadOnlyHelper" allows * and is admin whatever its name says
    const intern = paths.find((f: any) => /user\/intern$/.test(f.resource));
    assert.match(intern.reason, /administrator/);
  });

  it('a takeover path links the findings it is built from', () => {
    const dev = report.findings.find((f: any) => f.checkId === 'takeover.access-key' && /dev-poweruser/.test(f.resource));
    const ids = new Set(report.findings.map((f: any) => f.id));
    assert.ok(dev.related.length > 0);
    for (const id of dev.related) assert.ok(ids.has(id), `related ${id} exists in the report`);
    const linked = report.findings.filter((f: any) => dev.related.includes(f.id));
    assert.ok(linked.some((f: any) => f.checkId === 'iam.privileged-principals' && /dev-poweruser/.test(f.resource)));
  });

  it('flags privileged principals from policy documents, not names', () => {
    const priv = fails(report, 'iam.privileged-principals').map((f: any) => f.resource.split(':').pop());
    for (const p of ['user/dev-poweruser', 'user/intern', 'group/admins', 'role/OrganizationAccountAccessRole', 'user/ci-deploy']) assert.ok(priv.includes(p), `${p} flagged; got ${priv}`);
    assert.ok(!priv.includes('user/bob'), 'read-only bob is not flagged');
    assert.ok(!priv.some((p: string) => /AWSServiceRoleForSupport/.test(p)), 'service-linked roles are not flagged');
    const ci = fails(report, 'iam.privileged-principals').find((f: any) => /ci-deploy/.test(f.resource));
    assert.match(ci.reason, /PassRole/);
    assert.equal(fails(report, 'iam.full-admin-policy').length, 1);
    assert.match(fails(report, 'iam.full-admin-policy')[0].reason, /ReadOnlyHelper/);
  });

  it('fails root MFA hygiene the way a careful auditor would', () => {
    const byCheck = (id: string) => report.findings.filter((f: any) => f.checkId === id);
    assert.equal(byCheck('iam.root-mfa-enabled')[0].status, 'PASS');
  });

  it('every FAIL carries a fix and every finding a stable id', () => {
    for (const f of report.findings) {
      assert.match(f.id, /^[0-9a-f]{16}$/);
      if (f.status === 'FAIL') assert.ok(f.fix.cli || f.fix.console, `${f.checkId} ${f.resource} has a fix`);
    }
  });
});

describe('mamori scan against the fake: a hardened account', () => {
  let fake: FakeAws;
  let report: any;
  before(async () => {
    useExampleCredentials();
    fake = createFake([hardenedAccount()]);
    report = await scanJson();
  });
  after(() => fake.uninstall());

  it('has no takeover path, no FAIL and nothing unassessed from any check; only the MANUAL items remain', () => {
    assert.equal(report.summary.takeoverPaths, 0);
    const notPass = report.findings.filter((f: any) => f.status !== 'PASS' && f.status !== 'MANUAL');
    assert.deepEqual(notPass.map((f: any) => `${f.status} ${f.checkId} ${f.region} ${f.resource}`), []);
    assert.ok(report.findings.filter((f: any) => f.status === 'MANUAL').every((f: any) => f.fix.console || f.fix.cli));
    // every check said something
    const checks = new Set(report.findings.map((f: any) => f.checkId));
    assert.ok(checks.size >= 40, `checks reporting: ${checks.size}`);
    assert.equal(report.findings.find((f: any) => f.checkId === 'iam.root-mfa-enabled').status, 'PASS');
    assert.ok(report.findings.filter((f: any) => f.checkId === 'iam.privileged-principals').every((f: any) => f.status === 'PASS'));
  });
});

describe('mamori scan when reads fail', () => {
  let fake: FakeAws;
  after(() => fake.uninstall());

  it('reports NOT_ASSESSED with the API and reason, never PASS', async () => {
    useExampleCredentials();
    fake = createFake([hardenedAccount()]);
    fake.fail({ api: 'iam:GetAccountSummary', code: 'AccessDenied' });
    fake.fail({ api: 'iam:GetAccountAuthorizationDetails', code: 'Throttling' });
    const report = await scanJson();
    const root = report.findings.find((f: any) => f.checkId === 'iam.root-mfa-enabled');
    assert.equal(root.status, 'NOT_ASSESSED');
    assert.match(root.reason, /AccessDenied on iam:GetAccountSummary \(access denied\)/);
    const priv = report.findings.filter((f: any) => f.checkId === 'iam.privileged-principals');
    assert.equal(priv.length, 1);
    assert.equal(priv[0].status, 'NOT_ASSESSED');
    assert.match(priv[0].reason, /Throttling on iam:GetAccountAuthorizationDetails \(throttled after retries\)/);
  });

  it('a region that stops answering mid-scan (disabled) is NOT_ASSESSED there, never PASS', async () => {
    fake.uninstall();
    fake = createFake([hardenedAccount()]);
    fake.fail({ api: 'guardduty:*', region: 'eu-west-1', code: 'UnrecognizedClientException' });
    fake.fail({ api: 'ec2:GetEbsEncryptionByDefault', region: 'eu-west-1', code: 'OptInRequired' });
    const report = await scanJson(['--regions', 'eu-west-1,us-east-1']);
    const at = (checkId: string, region: string) => report.findings.filter((f: any) => f.checkId === checkId && f.region === region);
    assert.deepEqual(at('guardduty.enabled', 'eu-west-1').map((f: any) => f.status), ['NOT_ASSESSED']);
    assert.match(at('guardduty.enabled', 'eu-west-1')[0].reason, /region disabled or not opted in/);
    assert.deepEqual(at('guardduty.enabled', 'us-east-1').map((f: any) => f.status), ['PASS']);
    assert.deepEqual(at('ec2.ebs-default-encryption', 'eu-west-1').map((f: any) => f.status), ['NOT_ASSESSED']);
  });

  it('narrows to --regions and reports a disabled region as skipped', async () => {
    fake.uninstall();
    fake = createFake([hardenedAccount()]);
    const report = await scanJson(['--regions', 'eu-west-1,af-south-1']);
    assert.deepEqual(report.accounts[0].regions, ['eu-west-1']);
    assert.deepEqual(report.accounts[0].skippedRegions, [{ region: 'af-south-1', reason: 'region not enabled (opt-in required)' }]);
  });
});

describe('mamori scan: store, snapshot round trip and demo', () => {
  let fake: FakeAws;
  after(() => fake?.uninstall());

  it('records the scan in a 0600 store and re-evaluates a saved snapshot identically', async () => {
    useExampleCredentials();
    fake = createFake([vulnerableAccount()]);
    const dir = tempDir();
    const db = join(dir, 'sub', 'mamori.db');
    const snap = join(dir, 'snap.json');
    await runCli(['scan', '--format', 'json', '--out', join(dir, 'a.json'), '--db', db, '--snapshot-out', snap]);
    assert.equal(statSync(db).mode & 0o777, 0o600);
    assert.equal(statSync(snap).mode & 0o777, 0o600);
    const rows = new Database(db).prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number };
    const live = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    assert.equal(rows.n, live.findings.length);
    fake.uninstall();
    await runCli(['scan', '--format', 'json', '--out', join(dir, 'b.json'), '--no-store', '--snapshot-in', snap]);
    const offline = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    assert.deepEqual(offline.findings, live.findings);
  });

  it('refuses a file that is not a snapshot, naming it', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    (await import('node:fs')).writeFileSync(bad, '{"schema":"something-else"}');
    await assert.rejects(runCli(['scan', '--no-store', '--snapshot-in', bad]), (e: Error) => e.message.includes(bad) && /unsupported snapshot schema/.test(e.message));
  });
});
