import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, useExampleCredentials } from './cli-harness.js';
import { captureStdout } from './capture.js';
import { createFake, type FakeAws } from '../fake/index.js';
import { addManaged, addUser, key, vulnerableAccount } from '../fake/seeds.js';
import { ajv, scanReportSchema } from '../report/schemas.js';

const valid = (r: unknown) => {
  const v = ajv().compile(scanReportSchema);
  assert.ok(v(r), JSON.stringify(v.errors?.slice(0, 3)));
};

describe('scan history: new, resolved and unchanged across scans', () => {
  let fake: FakeAws;
  let dir: string;
  let db: string;
  let first: any;
  let second: any;
  const scan = async (name: string) => {
    const out = join(dir, name);
    await runCli(['scan', '--format', 'json', '--out', out, '--db', db, '--regions', 'us-east-1']);
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  before(async () => {
    useExampleCredentials();
    dir = tempDir();
    db = join(dir, 'm.db');
    const account = vulnerableAccount();
    fake = createFake([account]);
    first = await scan('1.json');
    // Between the scans: the PowerUser key is deleted, a new admin user gets a key.
    account.iam.users.get('dev-poweruser')!.keys = [];
    addUser(account, 'contractor', { attached: [addManaged(account, 'AdministratorAccess')], keys: [key('contract', 5, 1)] });
    // ...and the next scan runs after IAM's credential report (cached up to 4 hours) was regenerated.
    account.iam.report = undefined;
    second = await scan('2.json');
  });
  after(() => fake.uninstall());

  it('the first scan has nothing to compare with', () => {
    assert.equal(first.changes, undefined);
  });

  it('the next scan ends with what is new, resolved and unchanged, by stable finding id', () => {
    const c = second.changes;
    valid(second);
    assert.equal(c.previousScanId, first.scanId);
    const byId = new Map(second.findings.map((f: any) => [f.id, f]));
    const newOnes = c.new.map((id: string) => byId.get(id));
    assert.ok(newOnes.some((f: any) => f.checkId === 'takeover.access-key' && /user\/contractor$/.test(f.resource)), 'the contractor key is a new takeover path');
    assert.ok(newOnes.every((f: any) => f.status === 'FAIL'));
    assert.ok(c.resolved.some((f: any) => f.checkId === 'takeover.access-key' && /dev-poweruser/.test(f.resource) && f.now === 'gone'), 'the deleted key path is resolved');
    const stillFailing = first.findings.filter((f: any) => f.status === 'FAIL' && second.findings.some((g: any) => g.id === f.id && g.status === 'FAIL'));
    assert.equal(c.unchanged, stillFailing.length);
    assert.ok(c.unchanged > 0);
    // ids are stable: the root MFA finding keeps its id
    const rootId = (r: any) => r.findings.find((f: any) => f.checkId === 'iam.root-mfa-enabled').id;
    assert.equal(rootId(first), rootId(second));
  });

  it('mamori history lists both scans, newest first', async () => {
    const text = await captureStdout(() => runCli(['history', '--db', db, '--json']));
    const scans = JSON.parse(text);
    assert.deepEqual(scans.map((s: any) => s.id), [second.scanId, first.scanId]);
    assert.ok(scans.every((s: any) => s.status === 'complete' && s.accounts[0] === '123456789012'));
    const table = await captureStdout(() => runCli(['history', '--db', db]));
    assert.match(table, new RegExp(`^\\s+${second.scanId}\\s+\\S+ \\S+\\s+complete\\s+123456789012`, 'm'));
  });

  it('mamori diff defaults to the last two scans and agrees with the scan summary', async () => {
    const d = JSON.parse(await captureStdout(() => runCli(['diff', '--db', db, '--json'])));
    assert.equal(d.from, first.scanId);
    assert.equal(d.to, second.scanId);
    assert.deepEqual(d.new.map((f: any) => f.id).sort(), [...second.changes.new].sort());
    assert.deepEqual(d.resolved.map((f: any) => f.id).sort(), second.changes.resolved.map((f: any) => f.id).sort());
    // reversed, what was new is now resolved
    const back = JSON.parse(await captureStdout(() => runCli(['diff', String(second.scanId), String(first.scanId), '--db', db, '--json'])));
    assert.deepEqual(back.resolved.map((f: any) => f.id).sort(), [...second.changes.new].sort());
    const one = JSON.parse(await captureStdout(() => runCli(['diff', String(first.scanId), '--db', db, '--json'])));
    assert.equal(one.to, second.scanId, 'one id: compared with the newest scan after it');
    const text = await captureStdout(() => runCli(['diff', '--db', db]));
    assert.match(text, /contractor/);
    assert.match(text, new RegExp(`${second.changes.new.length} new · ${second.changes.resolved.length} resolved`));
  });

  it('diff refuses ids that are not scans', async () => {
    await assert.rejects(runCli(['diff', '1', '99', '--db', db]), /no scan 99/);
    await assert.rejects(runCli(['diff', 'x', '--db', db]), /not a scan id/);
  });
});
